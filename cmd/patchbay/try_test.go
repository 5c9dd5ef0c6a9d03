package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTryShowsWhatTheFlowWouldDo(t *testing.T) {
	record := writeFile(t, "record.json", `{"Id": "006000000000001AAA", "Name": "Acme", "StageName": "Closed Won", "Amount": 99.995, "Account": {"Stripe_Customer_Id__c": "cus_1"}}`)
	prior := writeFile(t, "prior.json", `{"StageName": "Prospecting"}`)
	responses := writeFile(t, "responses.json", `{"invoice": {"status": 200, "body": {"id": "in_9"}}}`)
	code, out, errOut := runCLI(t, "", "try", "../../examples/stripe-invoice-on-closed-won.yaml", "--record", record, "--prior", prior, "--responses", responses)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Flow InvoiceOnClosedWon: when an Opportunity record is updated",
		"condition StageName changedTo Closed Won: holds",
		"invoice: POST https://api.stripe.com/v1/invoices",
		"Authorization: Bearer ••••",
		"body: amount=10000&currency=usd&customer=cus_1&description=Invoice+for+Acme",
		"Stripe_Invoice_Id__c = in_9",
		"The run would succeed.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runCLI(t, "", "try", "../../examples/stripe-invoice-on-closed-won.yaml", "--record", record, "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var tr struct {
		Runs    bool   `json:"runs"`
		Outcome string `json:"outcome"`
	}
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if tr.Runs || !strings.Contains(tr.Outcome, "would not run") {
		t.Errorf("without a prior record the stage did not change: %+v", tr)
	}
}

func TestTryNamesABadSampleFile(t *testing.T) {
	bad := writeFile(t, "record.json", `{"Name": "Acme",}`)
	code, _, errOut := runCLI(t, "", "try", "../../examples/stripe-invoice-on-closed-won.yaml", "--record", bad)
	if code == 0 || !strings.Contains(errOut, "record.json: not JSON at byte") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "", "try", "../../examples/stripe-invoice-on-closed-won.yaml", "--flow", "Nope")
	if code == 0 || !strings.Contains(errOut, `no such flow "Nope"`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
