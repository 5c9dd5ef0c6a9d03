
/**
 * Post deal alert: hands Deal_Alert__e platform events to SlackAlertsPostDealAlertJob, which checks
 * the flow's conditions and makes the callouts asynchronously.
 */
trigger SlackAlertsPostDealAlertTrigger on Deal_Alert__e (after insert) {
    SlackAlertsPostDealAlertJob.fromEvents(Trigger.new);
}
