
/**
 * Open Zoo: hands Zoo__c records to FieldZooOpenZooJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger FieldZooOpenZooTrigger on Zoo__c (after insert) {
    FieldZooOpenZooJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
