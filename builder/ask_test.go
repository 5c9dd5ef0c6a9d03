package builder

import (
	"context"
	"testing"
)

// TestAskWhenItHedgesPlanWhenClear checks issue 9's examples: hedges get a
// question; clear requests in unfamiliar words get a plan.
func TestAskWhenItHedgesPlanWhenClear(t *testing.T) {
	tests := []struct {
		text string
		ask  bool
	}{
		{"maybe when a lead converts, maybe when it gets qualified, we should tell Outreach about it", true},
		{"When an opportunity closes we should notify the billing system, but we haven't decided which one yet.", true},
		{"Sync accounts with HubSpot.", true},
		{"Every so often pull the invoices from Xero.", true},
		{"once it's ready, call the API with the record", true},
		{"When a case is closed, call the API.", true},
		{"Our scanners publish Parcel_Scanned__e events; for each one update the Shipment__c status.", false},
		{"When Invoice_Paid__e comes through, mark the related Opportunity as paid.", false},
		{"Add an action our flows can call named 'Check Credit' that takes an Account Id and gets the credit score from Experian.", false},
		{"Build an action our screen flows can call, named 'Validate Address', that checks the address with Smarty.", false},
		{"Whenever a Case is closed, mirror it to Freshdesk.", false},
		{"When an order is activated, charge it in Paddle.", false},
		{"Every hour, get new replies from Lemlist and log a Task for each reply.", false},
		{"When a Zendesk ticket webhook arrives at /zendesk/tickets, open a Case for it.", false},
		{"Expose POST /typeform/responses, verified with an HMAC in the Typeform-Signature header; create a Lead from the submission and respond 200.", false},
		{"Any change to Tier__c on an Account should be pushed to Gainsight.", false},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if asked := res.Spec == nil; asked != tt.ask {
			t.Errorf("%q: asked %v (%q), want %v", tt.text, asked, res.Question+res.Refusal, tt.ask)
		}
	}
}
