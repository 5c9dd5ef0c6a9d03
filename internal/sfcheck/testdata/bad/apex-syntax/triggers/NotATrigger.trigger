/** A class in a .trigger file. */
public with sharing class NotATrigger {
}
