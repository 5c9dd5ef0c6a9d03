
/**
 * Enrich new account: hands Account records to ClearbitEnrichmentEnrif74a39Job, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger ClearbitEnrichmentEnrif74a39Trigger on Account (after insert, after undelete) {
    ClearbitEnrichmentEnrif74a39Job.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
