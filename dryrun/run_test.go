package dryrun

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/spec"
)

func loadExample(t *testing.T, name string) *spec.Spec {
	t.Helper()
	b, err := os.ReadFile("../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validate(s); err != nil {
		t.Fatal(err)
	}
	return s
}

func input(t *testing.T, js string) Input {
	t.Helper()
	var in Input
	if err := json.Unmarshal([]byte(js), &in); err != nil {
		t.Fatal(err)
	}
	return in
}

var at = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func TestStripeInvoiceOnClosedWon(t *testing.T) {
	s := loadExample(t, "stripe-invoice-on-closed-won.yaml")
	in := input(t, `{
		"record": {"Id": "006000000000001AAA", "Name": "Acme & Co renewal", "StageName": "Closed Won", "Amount": 1234.5, "Type": "New Customer",
		           "Account": {"Stripe_Customer_Id__c": "cus_123"}},
		"prior":  {"StageName": "Negotiation"},
		"responses": {"invoice": {"status": 200, "body": {"id": "in_42", "amount_due": 123450}}}}`)
	tr, err := Run(s, in, at)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Runs {
		t.Fatalf("conditions: %+v", tr.Conditions)
	}
	if len(tr.Steps) != 2 {
		t.Fatalf("steps: %+v", tr.Steps)
	}
	c := tr.Steps[0].Call
	if c.Method != "POST" || c.URL != "https://api.stripe.com/v1/invoices" {
		t.Errorf("callout %s %s", c.Method, c.URL)
	}
	if want := "amount=123450&currency=usd&customer=cus_123&description=Invoice+for+Acme+%26+Co+renewal"; c.Body != want {
		t.Errorf("body %q, want %q", c.Body, want)
	}
	auth := false
	for _, h := range c.Headers {
		if h.Name == "Authorization" {
			auth = h.Masked && !strings.Contains(h.Value, "sk_")
		}
	}
	if !auth {
		t.Errorf("the credential header is not shown masked: %+v", c.Headers)
	}
	u := tr.Steps[1].Record
	if u.Operation != "update" || u.ID != "006000000000001AAA" || len(u.Fields) != 1 || u.Fields[0].Value != "in_42" {
		t.Errorf("update %+v", u)
	}
	if tr.Outcome != "The run would succeed." {
		t.Errorf("outcome %q", tr.Outcome)
	}
}

func TestConditionsThatDoNotHoldStopTheFlow(t *testing.T) {
	s := loadExample(t, "stripe-invoice-on-closed-won.yaml")
	for name, js := range map[string]string{
		"the stage did not change": `{"record": {"StageName": "Closed Won", "Amount": 10}, "prior": {"StageName": "Closed Won"}}`,
		"a create has no prior":    `{"record": {"StageName": "Closed Won", "Amount": 10}}`,
		"amount zero":              `{"record": {"StageName": "Closed Won", "Amount": 0}, "prior": {"StageName": "Prospecting"}}`,
		"another type":             `{"record": {"StageName": "Closed Won", "Amount": 10, "Type": "Renewal"}, "prior": {"StageName": "Prospecting"}}`,
	} {
		tr, err := Run(s, input(t, js), at)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Runs || len(tr.Steps) != 0 {
			t.Errorf("%s: the flow runs: %+v", name, tr.Conditions)
		}
	}
}

func TestAFailedCallStopsTheLaterSteps(t *testing.T) {
	s := loadExample(t, "stripe-invoice-on-closed-won.yaml")
	tr, err := Run(s, input(t, `{"record": {"Id": "006000000000001AAA", "StageName": "Closed Won", "Amount": 10}, "prior": {"StageName": "Prospecting"},
		"responses": {"invoice": {"status": 402, "body": {"error": {"message": "card declined"}}}}}`), at)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Steps[0].Failed == "" || tr.Steps[1].Skipped == "" {
		t.Errorf("steps %+v", tr.Steps)
	}
	if !strings.Contains(tr.Outcome, "retried up to 3 times") {
		t.Errorf("outcome %q", tr.Outcome)
	}
}

// TestEveryExampleRuns gives every example flow an empty sample: a dry run
// never errors on missing data, it shows nulls, as the org would.
func TestEveryExampleRuns(t *testing.T) {
	entries, err := os.ReadDir("../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		s := loadExample(t, e.Name())
		for _, f := range s.Flows {
			if _, err := Run(s, Input{Flow: f.Name}, at); err != nil {
				t.Errorf("%s %s: %v", e.Name(), f.Name, err)
			}
		}
	}
}

func TestUnknownFlow(t *testing.T) {
	s := loadExample(t, "stripe-invoice-on-closed-won.yaml")
	if _, err := Run(s, Input{Flow: "Nope"}, at); err == nil || !strings.Contains(err.Error(), `no such flow "Nope"`) {
		t.Errorf("err = %v", err)
	}
}

func TestScheduledSyncUpsertsEachItem(t *testing.T) {
	s := loadExample(t, "netsuite-nightly-invoices.yaml")
	tr, err := Run(s, input(t, `{"lastRun": "2024-02-29T02:00:00Z",
		"responses": {"invoices": {"body": {"items": [{"id": "INV-1", "total": "10.456", "dueDate": "2024-03-10"}, {"id": "INV-2", "total": 7, "status": "Paid"}]}}}}`), at)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Steps[0].Call.URL; got != "https://acme.suitetalk.api.netsuite.com/services/rest/record/v1/invoice?lastModifiedDate=2024-02-29&limit=200" && !strings.HasSuffix(got, "?lastModifiedDate=2024-02-29&limit=200") {
		t.Errorf("url %s", got)
	}
	if len(tr.Steps) != 3 {
		t.Fatalf("want the call and one upsert per item: %+v", tr.Steps)
	}
	fields := func(i int) map[string]string {
		m := map[string]string{}
		for _, f := range tr.Steps[i].Record.Fields {
			m[f.Field], _ = Text(f.Value)
		}
		return m
	}
	if f := fields(1); f["Amount__c"] != "10.46" || f["Status__c"] != "Open" || f["NetSuite_Id__c"] != "INV-1" || f["Synced_At__c"] != "2024-03-01T12:00:00Z" {
		t.Errorf("item 0: %v", f)
	}
	if f := fields(2); f["Amount__c"] != "7.00" || f["Status__c"] != "Paid" || tr.Steps[2].Record.MatchOn != "NetSuite_Id__c" {
		t.Errorf("item 1: %v", f)
	}
}

func TestWebhookCreatesACaseAndReplies(t *testing.T) {
	s := loadExample(t, "zendesk-ticket-webhook.yaml")
	tr, err := Run(s, input(t, `{"request": {"body": {"ticket": {"subject": "  Printer on fire ", "requester": {"email": "Ann@Example.COM"}}}}}`), at)
	if err != nil {
		t.Fatal(err)
	}
	rec := tr.Steps[0].Record
	want := map[string]string{"Subject": "Printer on fire", "Origin": "Web", "SuppliedEmail": "ann@example.com"}
	for _, f := range rec.Fields {
		v, ok := Text(f.Value)
		if w, listed := want[f.Field]; listed && v != w {
			t.Errorf("%s = %q, want %q", f.Field, v, w)
		}
		if f.Field == "Description" && ok {
			t.Errorf("a missing description must stay null, got %q", v)
		}
	}
	if r := tr.Steps[1].Reply; r == nil || r.Status != 201 {
		t.Errorf("reply %+v", tr.Steps[1])
	}
	if !strings.Contains(tr.Outcome, "answer the caller with 201") {
		t.Errorf("outcome %q", tr.Outcome)
	}
}

func TestHugeListsAreBounded(t *testing.T) {
	s := loadExample(t, "netsuite-nightly-invoices.yaml")
	items := strings.Repeat(`{"id": "x"},`, 5000)
	tr, err := Run(s, input(t, `{"responses": {"invoices": {"body": {"items": [`+strings.TrimSuffix(items, ",")+`]}}}}`), at)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Steps) != 1+MaxItems {
		t.Errorf("%d step results, want %d", len(tr.Steps), 1+MaxItems)
	}
	if len(tr.Notes) != 1 || !strings.Contains(tr.Notes[0], "has 5000 elements") {
		t.Errorf("notes %q", tr.Notes)
	}
}

// TestSamplesRunEveryExampleFlow builds the starting sample of every
// example flow and runs it: the conditions hold, every step runs, and no
// step reads an empty value that the sample could have filled.
func TestSamplesRunEveryExampleFlow(t *testing.T) {
	entries, err := os.ReadDir("../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		s := loadExample(t, e.Name())
		for _, f := range s.Flows {
			in, err := Sample(s, f.Name)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := Run(s, in, at)
			if err != nil {
				t.Fatalf("%s %s: %v", e.Name(), f.Name, err)
			}
			if !tr.Runs {
				t.Errorf("%s %s: the sample does not meet the conditions: %+v (sample %+v, prior %+v)", e.Name(), f.Name, tr.Conditions, in.Record, in.Prior)
				continue
			}
			for _, st := range tr.Steps {
				if st.Skipped != "" || st.Failed != "" {
					t.Errorf("%s %s: step %s: %s%s", e.Name(), f.Name, st.ID, st.Skipped, st.Failed)
				}
			}
		}
	}
}

// TestParentConditionsAgreeWithTheJob: a condition on a parent field holds
// or fails on the parent's value, as the generated job checks it after
// loading the record, and the trace says where it is checked.
func TestParentConditionsAgreeWithTheJob(t *testing.T) {
	s, err := spec.Load([]byte(`spec: patchbay/v1
name: Deals
systems:
  - {name: Erp, url: https://erp.example.com, auth: {type: bearer}}
flows:
  - name: Won
    trigger:
      type: recordChange
      object: Opportunity
      on: [update]
      when:
        - {field: StageName, op: changedTo, value: Closed Won}
        - {field: Account.Industry, op: equals, value: Retail}
    steps:
      - {id: post, type: call, system: Erp, method: POST, path: /deals}
`))
	if err != nil {
		t.Fatal(err)
	}
	for industry, runs := range map[string]bool{"Retail": true, "Banking": false} {
		tr, err := Run(s, input(t, `{"record": {"StageName": "Closed Won", "Account": {"Industry": "`+industry+`"}}, "prior": {"StageName": "Prospecting"}}`), at)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Runs != runs {
			t.Errorf("Industry %s: runs = %v, want %v", industry, tr.Runs, runs)
		}
		if len(tr.Notes) == 0 || !strings.Contains(tr.Notes[0], "checked by the job after it loads the record") {
			t.Errorf("Industry %s: notes %v", industry, tr.Notes)
		}
	}
}
