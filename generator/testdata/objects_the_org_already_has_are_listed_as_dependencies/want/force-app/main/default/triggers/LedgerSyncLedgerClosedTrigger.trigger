
/**
 * Ledger Closed: hands Ledger_Closed__e platform events to LedgerSyncLedgerClosedJob, which checks
 * the flow's conditions and makes the callouts asynchronously.
 */
trigger LedgerSyncLedgerClosedTrigger on Ledger_Closed__e (after insert) {
    LedgerSyncLedgerClosedJob.fromEvents(Trigger.new);
}
