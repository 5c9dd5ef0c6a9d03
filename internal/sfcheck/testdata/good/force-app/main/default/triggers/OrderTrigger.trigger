trigger OrderTrigger on Integration_Log__c (after insert) {
    OrderSyncHandler.handle(Trigger.new);
}
