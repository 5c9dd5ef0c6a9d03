
/**
 * Ship Activated Order: hands Order records to OrderFeedShipActivatedOrderJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger OrderFeedShipActivatedOrderTrigger on Order (after update) {
    OrderFeedShipActivatedOrderJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
