
/**
 * Issue on escalation: hands Case records to JiraEscalationsIssueOn0144abJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger JiraEscalationsIssueOn0144abTrigger on Case (after update) {
    JiraEscalationsIssueOn0144abJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
