
/**
 * Lead email changed: hands Lead change events to HubSpotLeadsLeadEmailChangedJob, which keeps the
 * flow's kinds of change and makes the callouts asynchronously.
 */
trigger HubSpotLeadsLeadEmailChangedTrigger on LeadChangeEvent (after insert) {
    List<EventBus.ChangeEventHeader> headers = new List<EventBus.ChangeEventHeader>();
    for (LeadChangeEvent e : Trigger.new) {
        headers.add(e.ChangeEventHeader);
    }
    HubSpotLeadsLeadEmailChangedJob.fromChangeEvents(Trigger.new, headers);
}
