package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func TestRunsReplayReplaysAFailureAuditsAndListsTheNewRun(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 20 * time.Millisecond})
	connectSimOrgs(t, w)
	ctx := context.Background()
	specFile := exampleSpec(t) // integration StripeBilling, flow InvoiceOnClosedWon on Opportunity
	if code, out, errOut := w.run(ctx, "deploy", specFile, "--org", "prod"); code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, out, errOut)
	}
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnClosedWon", "Step__c": "invoice", "Status__c": "Failure", "Status_Code__c": 402, "Message__c": "card declined", "Record_Id__c": "006000000000002AAA", "Attempt__c": 3})
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnClosedWon", "Step__c": "invoice", "Status__c": "Success", "Status_Code__c": 200, "Record_Id__c": "006000000000001AAA", "Attempt__c": 1})
	code, out, errOut := w.run(ctx, "runs", "StripeBilling", "--org", "prod", "--json")
	if code != 0 {
		t.Fatalf("runs: exit %d\n%s", code, errOut)
	}
	var listed struct {
		Runs []struct{ ID, Status string }
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatal(err)
	}
	var failure, success string
	for _, r := range listed.Runs {
		if r.Status == "Failure" {
			failure = r.ID
		} else {
			success = r.ID
		}
	}
	code, out, errOut = w.run(ctx, "runs", "replay", specFile, "--org", "prod", "--run", failure+","+success)
	if code != 0 {
		t.Fatalf("replay: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "prod: InvoiceOnClosedWon: 1 record(s) enqueued again") || !strings.Contains(out, "Runs logged since:") ||
		!strings.Contains(out, "006000000000002AAA") || !strings.Contains(out, "succeeded") {
		t.Errorf("replay output:\n%s", out)
	}
	if !strings.Contains(errOut, success+": not replayed: only failed runs are replayed") {
		t.Errorf("the success is not said to be skipped:\n%s", errOut)
	}
	if calls := w.srv.Replays("prod"); len(calls) != 1 || calls[0].RecordIDs[0] != "006000000000002AAA" {
		t.Errorf("replay calls %+v", calls)
	}
	cfg := loadConfig(envOf(w.vars))
	st, err := cfg.openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := st.AuditLog(ctx, 5, 0)
	st.Close()
	if err != nil || len(audit) == 0 || audit[0].Action != "runs.replay" || audit[0].Actor != "cli" {
		t.Errorf("audit %+v, %v", audit, err)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runs", "replay", specFile, "--org", "prod", "--run", success}, 1, "none of the chosen runs can be replayed"},
		{[]string{"runs", "replay", specFile, "--org", "prod"}, 2, "at least one --run"},
		{[]string{"runs", "replay", specFile, "--org", "nope", "--run", failure}, 2, "no org named nope"},
	} {
		code, _, errOut := w.run(ctx, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %s; want %d, %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
