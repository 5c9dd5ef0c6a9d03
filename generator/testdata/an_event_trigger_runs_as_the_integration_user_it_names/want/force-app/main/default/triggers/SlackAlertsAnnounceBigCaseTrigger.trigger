
/**
 * Announce big case: hands Case records to SlackAlertsAnnounceBigCaseJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger SlackAlertsAnnounceBigCaseTrigger on Case (after insert) {
    SlackAlertsAnnounceBigCaseJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
