
/**
 * Forty Character Flow Name That Is Long Enough Xy: hands Account records to ThirtyCharacterSpecNam5a964dJob, which checks the
 * flow's conditions and makes the callouts asynchronously (no callouts in triggers).
 */
trigger ThirtyCharacterSpecNam5a964dTrigger on Account (after insert) {
    ThirtyCharacterSpecNam5a964dJob.fromTrigger(Trigger.isDelete ? Trigger.old : Trigger.new, Trigger.oldMap, Trigger.isUpdate);
}
