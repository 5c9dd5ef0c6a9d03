package runs_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

func TestReplayCallsTheOrgForChosenFailuresAuditsAndReadsTheNewRuns(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Second)
	const flow = "InvoiceOnClosedWon"
	w.writeLog(t, t0, map[string]any{"Integration__c": "StripeBilling", "Flow__c": flow, "Step__c": "invoice", "Status__c": "Failure", "Status_Code__c": 402, "Message__c": "card declined", "Record_Id__c": "006000000000002AAA", "Attempt__c": 3})
	w.writeLog(t, t0.Add(time.Minute), map[string]any{"Integration__c": "StripeBilling", "Flow__c": flow, "Step__c": "invoice", "Status__c": "Failure", "Status_Code__c": 500, "Record_Id__c": "006000000000002AAA", "Attempt__c": 3})
	w.writeLog(t, t0.Add(2*time.Minute), map[string]any{"Integration__c": "StripeBilling", "Flow__c": flow, "Step__c": "invoice", "Status__c": "Success", "Status_Code__c": 200, "Record_Id__c": "006000000000003AAA", "Attempt__c": 1})
	w.writeLog(t, t0.Add(3*time.Minute), map[string]any{"Integration__c": "StripeBilling", "Flow__c": flow, "Step__c": "(record)", "Status__c": "Failure"})
	w.setClock(time.Time{})
	if _, err := runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", runs.Options{}); err != nil {
		t.Fatal(err)
	}
	stored, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID})
	idOf := func(pred func(store.RunLog) bool) string {
		for _, r := range stored {
			if pred(r) {
				return r.ID
			}
		}
		t.Fatal("no such row")
		return ""
	}
	fail1 := idOf(func(r store.RunLog) bool { return r.StatusCode == 402 })
	fail2 := idOf(func(r store.RunLog) bool { return r.StatusCode == 500 })
	success := idOf(func(r store.RunLog) bool { return r.Status == "Success" })
	noRecord := idOf(func(r store.RunLog) bool { return r.Step == "(record)" })
	org, _ := w.st.Org(ctx, w.orgID)

	res, err := runs.Replay(ctx, w.st, w.cl, runs.ReplayRequest{Org: org, Integration: "StripeBilling", Actor: "alice",
		RunIDs: []string{fail1, fail2, success, noRecord, "a00nothere"}}, runs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Two failures of one record: one call, the record once.
	if len(res.Flows) != 1 || res.Flows[0].Flow != flow || !slices.Equal(res.Flows[0].RecordIDs, []string{"006000000000002AAA"}) ||
		res.Flows[0].Enqueued != 1 || res.Flows[0].Error != "" || res.Flows[0].JobID == "" {
		t.Fatalf("flows %+v", res.Flows)
	}
	if len(res.Skipped) != 3 {
		t.Errorf("skipped %+v, want the success, the run without a record and the unknown id", res.Skipped)
	}
	calls := w.srv.Replays("prod")
	if len(calls) != 1 || calls[0].Integration != "StripeBilling" || calls[0].Flow != flow || !slices.Equal(calls[0].RecordIDs, []string{"006000000000002AAA"}) {
		t.Fatalf("the org recorded %+v", calls)
	}
	// The rows the (simulated) runtime wrote were read back.
	if res.Read.New != 1 || res.ReadError != "" {
		t.Fatalf("read after the replay: %+v %q", res.Read, res.ReadError)
	}
	after, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID, Since: res.Started.Add(-time.Second)})
	if len(after) != 1 || after[0].Status != "Success" || after[0].RecordID != "006000000000002AAA" || after[0].Step != "invoice" || after[0].Message != sfsim.SimulatedReplayMessage {
		t.Fatalf("new runs %+v", after)
	}
	audit, _ := w.st.AuditLog(ctx, 10, 0)
	if len(audit) == 0 || audit[0].Action != "runs.replay" || audit[0].Actor != "alice" || !strings.Contains(audit[0].Detail, "006000000000002AAA") || !strings.Contains(audit[0].Detail, "1 enqueued") {
		t.Errorf("audit %+v", audit)
	}

	// Nothing replayable: no call.
	if _, err := runs.Replay(ctx, w.st, w.cl, runs.ReplayRequest{Org: org, Integration: "StripeBilling", RunIDs: []string{success}}, runs.Options{}); !errors.Is(err, runs.ErrNothingToReplay) {
		t.Errorf("replaying a success: %v", err)
	}
	if n := len(w.srv.Replays("prod")); n != 1 {
		t.Errorf("%d replay calls, want still 1", n)
	}
}

func TestReplaySaysWhatTheOrgRefused(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	at := time.Now().UTC().Add(-time.Hour)
	// A flow the package does not replay, and a record id of another object.
	w.writeLog(t, at, map[string]any{"Integration__c": "StripeBilling", "Flow__c": "NotAFlow", "Status__c": "Failure", "Record_Id__c": "006000000000002AAA"})
	w.writeLog(t, at.Add(time.Second), map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnClosedWon", "Status__c": "Failure", "Record_Id__c": "001000000000002AAA"})
	w.setClock(time.Time{})
	if _, err := runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", runs.Options{}); err != nil {
		t.Fatal(err)
	}
	stored, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID})
	org, _ := w.st.Org(ctx, w.orgID)
	for _, r := range stored {
		res, err := runs.Replay(ctx, w.st, w.cl, runs.ReplayRequest{Org: org, Integration: "StripeBilling", RunIDs: []string{r.ID}}, runs.Options{})
		if err != nil || len(res.Flows) != 1 || res.Flows[0].Error == "" || res.Enqueued() != 0 {
			t.Errorf("%s: %+v, %v", r.Flow, res, err)
			continue
		}
		want := map[string]string{"NotAFlow": "cannot be replayed", "InvoiceOnClosedWon": "must be an id of the object"}[r.Flow]
		if !strings.Contains(res.Flows[0].Error, want) {
			t.Errorf("%s: error %q, want %q", r.Flow, res.Flows[0].Error, want)
		}
	}
	if n := len(w.srv.Replays("prod")); n != 0 {
		t.Errorf("%d replay calls accepted, want 0", n)
	}
}

func TestOverlookCountsPerOrgAndListsFailuresFirst(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	for i, r := range []struct {
		ago    time.Duration
		status string
	}{
		{2 * time.Hour, "Success"}, {3 * time.Hour, "Failure"}, {30 * time.Hour, "Retry"}, {50 * time.Hour, "Success"}, {9 * 24 * time.Hour, "Failure"},
	} {
		w.writeLog(t, now.Add(-r.ago), map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnClosedWon", "Status__c": r.status, "Record_Id__c": "00600000000000" + string(rune('1'+i)) + "AAA"})
	}
	w.setClock(time.Time{})
	org, _ := w.st.Org(ctx, w.orgID)
	ov, err := runs.Overlook(ctx, w.st, func(context.Context, store.Org) (*salesforce.Client, error) { return w.cl, nil }, runs.OverviewQuery{
		Integration: "StripeBilling", Orgs: []store.Org{org}, Now: now}, runs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Orgs) != 1 || ov.Orgs[0].Error != "" || ov.Orgs[0].New != 5 {
		t.Fatalf("orgs %+v", ov.Orgs)
	}
	if d, wk := ov.Orgs[0].Day, ov.Orgs[0].Week; d != (store.RunLogCounts{Success: 1, Failure: 1}) || wk != (store.RunLogCounts{Success: 2, Failure: 1, Retry: 1}) {
		t.Errorf("24 h %+v, 7 days %+v", d, wk)
	}
	if len(ov.Runs) != 5 || ov.Runs[0].Status != "Failure" || ov.Runs[1].Status != "Failure" || ov.Runs[2].Status != "Success" {
		t.Errorf("listed %+v", ov.Runs)
	}
	filtered, err := runs.Overlook(ctx, w.st, func(context.Context, store.Org) (*salesforce.Client, error) { return w.cl, nil }, runs.OverviewQuery{
		Integration: "StripeBilling", Orgs: []store.Org{org}, Now: now, Status: "Failure", Since: now.Add(-7 * 24 * time.Hour)}, runs.Options{})
	if err != nil || len(filtered.Runs) != 1 {
		t.Errorf("failures of the last 7 days: %+v, %v", filtered.Runs, err)
	}
}
