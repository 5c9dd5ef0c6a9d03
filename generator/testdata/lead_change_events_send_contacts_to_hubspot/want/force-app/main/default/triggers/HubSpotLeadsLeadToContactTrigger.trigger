
/**
 * Lead to HubSpot contact: hands Lead change events to HubSpotLeadsLeadToContactJob, which keeps the
 * flow's kinds of change and makes the callouts asynchronously.
 */
trigger HubSpotLeadsLeadToContactTrigger on LeadChangeEvent (after insert) {
    List<EventBus.ChangeEventHeader> headers = new List<EventBus.ChangeEventHeader>();
    for (LeadChangeEvent e : Trigger.new) {
        headers.add(e.ChangeEventHeader);
    }
    HubSpotLeadsLeadToContactJob.fromChangeEvents(Trigger.new, headers);
}
