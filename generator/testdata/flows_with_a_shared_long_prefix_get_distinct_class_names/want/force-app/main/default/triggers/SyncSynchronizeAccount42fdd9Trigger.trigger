
/**
 * Synchronize Accounts With The Billing System B: hands Account records to SyncSynchronizeAccount42fdd9Job, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger SyncSynchronizeAccount42fdd9Trigger on Account (after update) {
    SyncSynchronizeAccount42fdd9Job.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
