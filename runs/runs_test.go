package runs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// world is an sfsim org with a spec's package deployed and a store.
type world struct {
	srv   *sfsim.Server
	tok   salesforce.Token
	cl    *salesforce.Client
	st    *store.Store
	orgID int64
	mu    sync.Mutex
	now   time.Time
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.now.IsZero() {
		return time.Now() // while deploying
	}
	return w.now
}

func (w *world) setClock(t time.Time) {
	w.mu.Lock()
	w.now = t
	w.mu.Unlock()
}

const exampleSpec = "../spec/testdata/valid/spec_md_example_outbound_on_record_change.yaml"

// newWorld deploys the example spec's package to a simulated org, so that
// its Integration_Log__c object exists there as in a real org.
func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{}
	w.srv = sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}, Now: w.clock, DeployDuration: time.Millisecond})
	ts := httptest.NewServer(w.srv)
	t.Cleanup(ts.Close)
	w.srv.SetBaseURL(ts.URL)
	var err error
	if w.tok, err = w.srv.IssueToken("prod", ""); err != nil {
		t.Fatal(err)
	}
	if w.cl, err = salesforce.New(w.tok, salesforce.Options{AllowLoopback: true}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exampleSpec)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generator.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	zip, err := b.MetadataZip()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := w.cl.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true, SinglePackage: true, TestLevel: salesforce.TestLevelRunLocalTests})
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.cl.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: 5 * time.Millisecond})
	if err != nil || !res.Success {
		t.Fatalf("deploy: %+v, %v", res, err)
	}
	w.st, err = store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.st.Close() })
	o, err := w.st.CreateOrg(ctx, store.Org{Alias: "prod", Kind: store.OrgProduction, LoginURL: ts.URL, InstanceURL: w.tok.InstanceURL, Status: store.OrgConnected},
		store.Tokens{AccessToken: w.tok.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	w.orgID = o.ID
	return w
}

// writeLog creates an Integration_Log__c row through the standard REST API
// at the given time, with the fields the generated runtime sets.
func (w *world) writeLog(t *testing.T, at time.Time, fields map[string]any) {
	t.Helper()
	w.setClock(at)
	body, _ := json.Marshal(fields)
	req, _ := http.NewRequest(http.MethodPost, w.tok.InstanceURL+"/services/data/v66.0/sobjects/Integration_Log__c", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		var e any
		json.NewDecoder(resp.Body).Decode(&e)
		t.Fatalf("create log row: %s %v", resp.Status, e)
	}
}

func TestSyncReadsOnlyNewRowsAndFilters(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	rows := []map[string]any{
		{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Step__c": "create", "Status__c": "Success", "Status_Code__c": 200, "Record_Id__c": "006000000000001AAA", "Attempt__c": 1},
		{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Step__c": "create", "Status__c": "Retry", "Status_Code__c": 503, "Message__c": "Service Unavailable", "Record_Id__c": "006000000000002AAA", "Attempt__c": 1},
		{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Step__c": "create", "Status__c": "Failure", "Status_Code__c": 400, "Message__c": "card declined\nsee Stripe", "Record_Id__c": "006000000000002AAA", "Attempt__c": 3},
		{"Integration__c": "OtherIntegration", "Flow__c": "X", "Status__c": "Failure"},
	}
	for i, r := range rows {
		w.writeLog(t, t0.Add(time.Duration(i)*time.Hour), r)
	}
	now := t0.Add(5 * time.Hour)
	opts := runs.Options{Now: func() time.Time { return now }}
	res, err := runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", opts)
	if err != nil || res.Fetched != 3 || res.New != 3 || res.Gap {
		t.Fatalf("first sync: %+v, %v", res, err)
	}
	got, err := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID, Integration: "StripeBilling"})
	if err != nil || len(got) != 3 {
		t.Fatalf("stored %d rows, %v", len(got), err)
	}
	f := got[0]
	if f.Status != "Failure" || f.StatusCode != 400 || f.Attempt != 3 || f.Flow != "InvoiceOnWin" || f.RecordID != "006000000000002AAA" ||
		f.Message != "card declined\nsee Stripe" || !f.CreatedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("newest row: %+v", f)
	}

	// Nothing new: the second sync stores nothing and reads at most the
	// rows of the newest row's second.
	before := len(w.srv.Requests())
	res, err = runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", opts)
	if err != nil || res.New != 0 || res.Fetched > 1 {
		t.Fatalf("sync with nothing new: %+v, %v", res, err)
	}
	if n := len(w.srv.Requests()) - before; n != 1 {
		t.Errorf("sync with nothing new made %d requests, want 1 query", n)
	}

	// Two more rows, one in the same second as the newest stored.
	w.writeLog(t, t0.Add(2*time.Hour), map[string]any{"Integration__c": "StripeBilling", "Flow__c": "InvoiceOnWin", "Status__c": "Success", "Status_Code__c": 201, "Attempt__c": 1})
	w.writeLog(t, t0.Add(4*time.Hour), map[string]any{"Integration__c": "StripeBilling", "Flow__c": "Nightly", "Step__c": "(run)", "Status__c": "Success", "Run_Started__c": "2026-12-01T11:59:00.000Z"})
	res, err = runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", opts)
	if err != nil || res.New != 2 {
		t.Fatalf("sync after two new rows: %+v, %v", res, err)
	}
	if got, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID, Integration: "StripeBilling"}); len(got) != 5 || !got[0].RunStarted.Equal(time.Date(2026, 12, 1, 11, 59, 0, 0, time.UTC)) {
		t.Fatalf("after the second sync: %d rows, newest %+v", len(got), got[0])
	}
	fails, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID, Integration: "StripeBilling", Status: "Failure"})
	recent, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID, Integration: "StripeBilling", Since: t0.Add(90 * time.Minute)})
	if len(fails) != 1 || len(recent) != 3 {
		t.Errorf("failures %d (want 1), since 09:30 %d (want 3)", len(fails), len(recent))
	}
}

func TestSyncKeepsTheNewestRowsAndSaysWhenItSkippedSome(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for i := range 3 {
		w.writeLog(t, t0.Add(time.Duration(i)*time.Minute), map[string]any{"Integration__c": "StripeBilling", "Status__c": "Success"})
	}
	opts := runs.Options{Keep: 2}
	res, err := runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", opts)
	if err != nil || res.New != 2 || res.Gap {
		t.Fatalf("first sync: %+v, %v", res, err)
	}
	for i := 3; i < 6; i++ {
		w.writeLog(t, t0.Add(time.Duration(i)*time.Minute), map[string]any{"Integration__c": "StripeBilling", "Status__c": "Failure"})
	}
	res, err = runs.Sync(ctx, w.st, w.cl, w.orgID, "StripeBilling", opts)
	if err != nil || res.New != 2 || !res.Gap {
		t.Fatalf("three new rows, two read: %+v, %v", res, err)
	}
	got, _ := w.st.RunLogs(ctx, store.RunLogFilter{OrgID: w.orgID})
	if len(got) != 2 || !got[0].CreatedAt.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("kept %+v", got)
	}
}

func TestSyncSaysWhenTheOrgHasNoLog(t *testing.T) {
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "bare"}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	tok, _ := srv.IssueToken("bare", "")
	cl, _ := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = runs.Sync(context.Background(), st, cl, 1, "StripeBilling", runs.Options{})
	if !errors.Is(err, runs.ErrNoLog) {
		t.Fatalf("err = %v, want ErrNoLog", err)
	}
}

func TestStatusWords(t *testing.T) {
	for _, c := range []struct{ flag, value, words string }{
		{"success", "Success", "succeeded"},
		{"FAILURE", "Failure", "failed"},
		{"retry", "Retry", "failed, will retry"},
	} {
		v, err := runs.ParseStatus(c.flag)
		if err != nil || v != c.value || runs.Words(v) != c.words {
			t.Errorf("%s: %q %v, words %q", c.flag, v, err, runs.Words(v))
		}
	}
	if _, err := runs.ParseStatus("ok"); err == nil {
		t.Error("ParseStatus(ok) accepted")
	}
}
