
/**
 * Invoice on closed won: hands Opportunity records to StripeBillingInvoiceOn4cbc4bJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger StripeBillingInvoiceOn4cbc4bTrigger on Opportunity (after update) {
    StripeBillingInvoiceOn4cbc4bJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
