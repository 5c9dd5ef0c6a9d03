
/**
 * Synchronize Accounts With The Billing System A: hands Account records to SyncSynchronizeAccount663dc3Job, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger SyncSynchronizeAccount663dc3Trigger on Account (after insert) {
    SyncSynchronizeAccount663dc3Job.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
