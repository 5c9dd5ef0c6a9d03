
/**
 * Retail Contact Change: hands Contact change events to RetailDealsRetailContad9005cJob, which keeps the
 * flow's kinds of change and makes the callouts asynchronously.
 */
trigger RetailDealsRetailContad9005cTrigger on ContactChangeEvent (after insert) {
    List<EventBus.ChangeEventHeader> headers = new List<EventBus.ChangeEventHeader>();
    for (ContactChangeEvent e : Trigger.new) {
        headers.add(e.ChangeEventHeader);
    }
    RetailDealsRetailContad9005cJob.fromChangeEvents(Trigger.new, headers);
}
