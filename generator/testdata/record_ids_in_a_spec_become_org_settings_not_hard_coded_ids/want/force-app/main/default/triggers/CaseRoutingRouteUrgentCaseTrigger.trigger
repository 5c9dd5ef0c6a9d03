
/**
 * Route Urgent Case: hands Case records to CaseRoutingRouteUrgentCaseJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger CaseRoutingRouteUrgentCaseTrigger on Case (after insert) {
    CaseRoutingRouteUrgentCaseJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
