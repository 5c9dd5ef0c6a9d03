package main

import (
	"context"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// TestPlanWithOrgGroundsInThatOrg plans the same requests against two
// sfsim orgs whose schemas differ: org1 has the Invoice__c object and
// Quote.SAP_Order_Number__c, org2 has neither.
func TestPlanWithOrgGroundsInThatOrg(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}, {Alias: "org2", Sandbox: true}}})
	connectSimOrgs(t, w)
	ctx := context.Background()
	tests := []struct {
		org, text string
		code      int
		want      []string
		notWant   []string
	}{
		{"org1", "When an invoice is created, send the invoice number and amount to NetSuite.", 0,
			[]string{`"object": "Invoice__c"`, `"invoiceNumber": "{!record.Invoice_Number__c}"`, `"amount": "{!record.Amount__c}"`}, nil},
		{"org2", "When an invoice is created, send the invoice number and amount to NetSuite.", planExitClarify,
			[]string{`"clarify"`}, []string{"Invoice__c"}},
		{"org1", "When a quote is approved, send the quote's SAP number to SAP.", 0,
			[]string{`"sapOrderNumber": "{!record.SAP_Order_Number__c}"`}, nil},
		{"org2", "When a quote is approved, send the quote's SAP number to SAP.", 0,
			nil, []string{"SAP_Order_Number__c"}},
		{"org1", "When an account's region changes to emea, post to Slack #emea", 0,
			[]string{`"field": "Region__c"`, `"op": "changedTo"`, `"value": "EMEA"`}, nil},
		{"org2", "When an account's region changes to emea, post to Slack #emea", 0,
			nil, []string{"Region__c"}},
	}
	for _, tt := range tests {
		code, out, errOut := w.run(ctx, "plan", "--json", "--planner", "offline", "--org", tt.org, tt.text)
		if code != tt.code {
			t.Errorf("plan --org %s %q = %d, want %d\n%s\n%s", tt.org, tt.text, code, tt.code, out, errOut)
			continue
		}
		for _, s := range tt.want {
			if !strings.Contains(out, s) {
				t.Errorf("plan --org %s %q: output lacks %s\n%s", tt.org, tt.text, s, out)
			}
		}
		for _, s := range tt.notWant {
			if strings.Contains(out, s) {
				t.Errorf("plan --org %s %q: output has %s\n%s", tt.org, tt.text, s, out)
			}
		}
	}
	if code, _, errOut := w.run(ctx, "plan", "--planner", "offline", "--org", "nope", "When a case is escalated, post to Slack #support"); code == 0 || !strings.Contains(errOut, "nope: no such org") {
		t.Errorf("plan --org nope = %d %s", code, errOut)
	}
}
