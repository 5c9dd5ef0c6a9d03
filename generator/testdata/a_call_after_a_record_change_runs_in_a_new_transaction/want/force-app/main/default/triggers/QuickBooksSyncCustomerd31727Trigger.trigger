
/**
 * Customer for account: hands Account records to QuickBooksSyncCustomerd31727Job, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger QuickBooksSyncCustomerd31727Trigger on Account (after update) {
    QuickBooksSyncCustomerd31727Job.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
