package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// simClock is the simulator's clock: real time, or a set time.
type simClock struct {
	mu  sync.Mutex
	set time.Time
}

func (c *simClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set.IsZero() {
		return time.Now()
	}
	return c.set
}

func (c *simClock) at(t time.Time) {
	c.mu.Lock()
	c.set = t
	c.mu.Unlock()
}

// writeSimLog creates an Integration_Log__c row in an org through the
// standard REST API, as the generated runtime's insert does.
func writeSimLog(t *testing.T, w *cliWorld, alias string, fields map[string]any) {
	t.Helper()
	tok, err := w.srv.IssueToken(alias, "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(fields)
	req, _ := http.NewRequest(http.MethodPost, tok.InstanceURL+"/services/data/v66.0/sobjects/Integration_Log__c", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create log row in %s: %s", alias, resp.Status)
	}
}

func TestRunsListsFiltersAndReadsOnlyNewRows(t *testing.T) {
	clock := &simClock{}
	w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 20 * time.Millisecond, Now: clock.now})
	connectSimOrgs(t, w)
	ctx := context.Background()
	specFile := exampleSpec(t) // integration StripeBilling

	// Before a deploy the org has no log object: said so, exit 1.
	code, out, errOut := w.run(ctx, "runs", specFile, "--org", "prod")
	if code != 1 || !strings.Contains(errOut, "no Integration_Log__c") {
		t.Fatalf("before a deploy: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if code, out, errOut := w.run(ctx, "deploy", specFile, "--org", "prod"); code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = w.run(ctx, "runs", specFile, "--org", "prod")
	if code != 0 || !strings.Contains(out, "No runs of StripeBilling logged in prod in the last 24h.") {
		t.Fatalf("no runs yet: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	now := time.Now()
	clock.at(now.Add(-48 * time.Hour))
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Status__c": "Failure", "Status_Code__c": 500, "Message__c": "old failure", "Record_Id__c": "006000000000009AAA", "Attempt__c": 3})
	clock.at(now.Add(-2 * time.Hour))
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Status__c": "Success", "Status_Code__c": 200, "Record_Id__c": "006000000000001AAA", "Attempt__c": 1})
	clock.at(now.Add(-time.Hour))
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Status__c": "Retry", "Status_Code__c": 503, "Message__c": "Service Unavailable\n<html>retry later</html>", "Record_Id__c": "006000000000002AAA", "Attempt__c": 1})
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "SomethingElse", "Flow__c": "Other", "Status__c": "Failure"})
	clock.at(time.Time{})

	code, out, errOut = w.run(ctx, "runs", "StripeBilling", "--org", "prod")
	if code != 0 {
		t.Fatalf("runs: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "WHEN") {
		t.Fatalf("want a header and the two runs of the last 24h, newest first:\n%s", out)
	}
	for i, want := range [][]string{
		{"InvoiceOnWin", "006000000000002AAA", "failed, will retry", "503", "1", "Service Unavailable…"},
		{"InvoiceOnWin", "006000000000001AAA", "succeeded", "200", "1"},
	} {
		for _, s := range want {
			if !strings.Contains(lines[i+1], s) {
				t.Errorf("line %d lacks %q: %s", i+1, s, lines[i+1])
			}
		}
	}
	if strings.Contains(out, "<html>") || strings.Contains(out, "SomethingElse") || strings.Contains(out, "old failure") {
		t.Errorf("a message's second line, another integration or an old run is shown:\n%s", out)
	}

	// --since 0 and --status failure: the old failure only.
	code, out, _ = w.run(ctx, "runs", specFile, "--org", "prod", "--since", "0", "--status", "failure")
	if code != 0 || !strings.Contains(out, "old failure") || strings.Count(strings.TrimSpace(out), "\n") != 1 {
		t.Fatalf("failures of any age: exit %d\n%s", code, out)
	}

	code, out, _ = w.run(ctx, "runs", specFile, "--org", "prod", "--since", "1d", "--status", "failure")
	if code != 0 || out != "No runs of StripeBilling logged in prod in the last 24h with the outcome \"failed\".\n" {
		t.Fatalf("no failures in a day: exit %d\n%s", code, out)
	}
	if code, _, errOut := w.run(ctx, "runs", specFile, "--org", "prod", "--since", "3x"); code != 2 || !strings.Contains(errOut, "90m, 24h or 7d") {
		t.Errorf("--since 3x: exit %d, %s", code, errOut)
	}

	// A new row: the next read fetches only it.
	before := len(w.srv.Requests())
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Status__c": "Success", "Status_Code__c": 201, "Attempt__c": 2, "Record_Id__c": "006000000000002AAA"})
	code, out, errOut = w.run(ctx, "runs", specFile, "--org", "prod", "--json", "--since", "0")
	if code != 0 {
		t.Fatalf("--json: exit %d\n%s\n%s", code, out, errOut)
	}
	var got struct {
		Integration string
		Orgs        []struct {
			Org string
			New int
		}
		Runs []struct {
			Org, Flow, Status, Outcome, Message string
			RecordID                            string `json:"record_id"`
			HTTPStatus                          int    `json:"http_status"`
			Attempt                             int
			When                                time.Time
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if got.Integration != "StripeBilling" || len(got.Orgs) != 1 || got.Orgs[0].New != 1 || len(got.Runs) != 4 {
		t.Fatalf("--json: %+v", got)
	}
	if r := got.Runs[0]; r.Status != "Success" || r.Outcome != "succeeded" || r.HTTPStatus != 201 || r.Attempt != 2 || r.RecordID != "006000000000002AAA" {
		t.Errorf("newest run: %+v", r)
	}
	if r := got.Runs[1]; r.Message != "Service Unavailable\n<html>retry later</html>" {
		t.Errorf("--json keeps the whole message: %q", r.Message)
	}
	queries := 0
	for _, r := range w.srv.Requests()[before:] {
		if strings.Contains(r.Path, "/query") {
			queries++
		}
	}
	if queries != 1 {
		t.Errorf("reading one new row took %d queries", queries)
	}

	// The org cannot be read: said so, exit 1, and the runs read before
	// are still listed.
	w.srv.ExpireSessions("prod")
	w.srv.RevokeRefreshTokens("prod")
	code, out, errOut = w.run(ctx, "runs", specFile, "--org", "prod")
	if code != 1 || !strings.Contains(errOut, "prod: the org's connection has expired") || !strings.Contains(errOut, "showing the runs read") ||
		!strings.Contains(out, "006000000000001AAA") {
		t.Errorf("an org that cannot be read: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	if code, _, errOut := w.run(ctx, "runs", specFile, "--org", "prod", "--status", "ok"); code != 2 || !strings.Contains(errOut, "success, failure or retry") {
		t.Errorf("--status ok: exit %d, %s", code, errOut)
	}
	if code, _, errOut := w.run(ctx, "runs", specFile, "--org", "nope"); code != 2 || !strings.Contains(errOut, "no org named nope") {
		t.Errorf("unknown org: exit %d, %s", code, errOut)
	}
}

func TestOneLineKeepsTheFirstLineWithoutControlCharacters(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"ok", "ok"},
		{"  two\nlines ", "two…"},
		{"bell\x07 and \x1b[31mred", "bell and [31mred"},
		{strings.Repeat("x", 100), strings.Repeat("x", 79) + "…"},
		{"tab\tseparated", "tab separated"},
	} {
		if got := oneLine(c.in, 80); got != c.want {
			t.Errorf("oneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
