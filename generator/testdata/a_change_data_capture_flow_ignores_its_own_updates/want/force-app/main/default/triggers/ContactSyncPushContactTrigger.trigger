
/**
 * Push Contact: hands Contact change events to ContactSyncPushContactJob, which keeps the
 * flow's kinds of change and makes the callouts asynchronously.
 */
trigger ContactSyncPushContactTrigger on ContactChangeEvent (after insert) {
    List<EventBus.ChangeEventHeader> headers = new List<EventBus.ChangeEventHeader>();
    for (ContactChangeEvent e : Trigger.new) {
        headers.add(e.ChangeEventHeader);
    }
    ContactSyncPushContactJob.fromChangeEvents(Trigger.new, headers);
}
