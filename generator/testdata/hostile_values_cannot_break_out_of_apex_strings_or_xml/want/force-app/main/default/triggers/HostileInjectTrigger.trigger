
/**
 * Inject'); Database.delete([SELECT Id FROM Account]); //: hands Account records to HostileInjectJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger HostileInjectTrigger on Account (after insert) {
    HostileInjectJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
