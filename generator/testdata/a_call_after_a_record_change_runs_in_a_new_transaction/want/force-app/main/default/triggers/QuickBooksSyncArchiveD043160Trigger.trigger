
/**
 * Archive deleted account: hands Account records to QuickBooksSyncArchiveD043160Job, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger QuickBooksSyncArchiveD043160Trigger on Account (after delete) {
    QuickBooksSyncArchiveD043160Job.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
