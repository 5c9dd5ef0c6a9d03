
/**
 * Won Retail Deal: hands Opportunity records to RetailDealsWonRetailDealJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger RetailDealsWonRetailDealTrigger on Opportunity (after update) {
    RetailDealsWonRetailDealJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
