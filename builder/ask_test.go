package builder

import (
	"context"
	"strings"
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
		{"Perhaps on contract signature, possibly on renewal, Ironclad gets a copy. We're still deciding.", true},
		{"Pull open tickets from Freshdesk every couple of hours, give or take.", true},
		{"Refresh the exchange rates from Fixer hourly-ish.", true},
		// a thread where a correction is disputed and left open
		{"Ravi: new trial signups should go to Intercom\nMia: no, they go to Customer.io now\nRavi: not sure that's right, marketing still uses Intercom. let's discuss", true},
		{"Ravi: new trial leads should go to Intercom\nMia: yes, and tag them 'trial' there", false},
		{"Every 15 minutes pull the open tickets from Freshdesk.", false},
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
		// unseen18: an undecided target, a second direction offered, a shrug,
		// two people wanting opposite directions of a sync
		{"When an order ships, create the invoice in our accounting tool. We use FreshBooks today but may or may not move to Xero, so set it up for whichever one we pick.", true},
		{"when a case closes we want a survey sent. right now that's Delighted but we might switch to Qualtrics, or might not.", true},
		{"push our Salesforce accounts over to Vitally, or maybe vitally has health scores we'd want back too", true},
		{"when a contact is created, send their lifecycle stage somewhere useful, maybe Braze, idk.", true},
		{"ana wants Zendesk tickets to show up as cases in salesforce, raj wants cases to become zendesk tickets. can we just sync zendesk and salesforce?", true},
		// the same words in clear requests still plan
		{"When an order ships, create the invoice in Xero for whichever account is on the order.", false},
		{"idk if it matters, but when a case is closed, post it to #support in Slack.", false},
		{"When a contact is created, text them through Twilio. The contact may or may not have a MobilePhone, so only if MobilePhone is filled in.", false},
		{"Every night at 2, sync Zendesk tickets with Salesforce cases: pull the changed tickets from Zendesk and upsert them into Case by Zendesk_Id__c.", false},
		{"Sync new contacts with Mailchimp: when a contact is created, add it to Mailchimp.", false},
		// unseen24: a system only a local network reaches
		{"We need to send Opportunity data to Tally. Tally is hosted on their local server only and they have a connector which can take the request.", true},
		{"When an order is activated, create it in our ERP. The ERP runs behind our corporate firewall.", true},
		{"When an invoice is paid, update the ledger in Odoo; Odoo is installed on our own office server.", true},
		// the same words in clear requests still plan
		{"When a case is escalated, post it to #it in Slack so the firewall team looks at it.", false},
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

// TestRequestsWrittenAsStoriesOrFieldsArePlanned checks two styles the
// unseen9 batch showed: a user story with acceptance criteria, and a spec
// written as "key: value" fields separated by bars.
func TestRequestsWrittenAsStoriesOrFieldsArePlanned(t *testing.T) {
	tests := []struct {
		text  string
		steps []string
	}{
		{"As a sales ops manager I want every Opportunity that reaches Closed Won to create a customer in Chargebee, so that billing can start without re-keying.\nAcceptance criteria: the Chargebee customer id ends up on the Account.",
			[]string{"call:Chargebee", "update:Account"}},
		{"schedule: daily 03:15 | source: NetSuite sales orders (GET) | target: upsert into Sales_Order__c keyed on NetSuite_Id__c",
			[]string{"call:NetSuite", "upsert:Sales_Order__c"}},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Errorf("%q: %v %s", tt.text, err, res.Question)
			continue
		}
		var got []string
		for _, st := range res.Spec.Flows[0].Steps {
			got = append(got, st.Type+":"+st.Object+st.System)
		}
		if strings.Join(got, " ") != strings.Join(tt.steps, " ") {
			t.Errorf("%q: steps %q, want %q", tt.text, got, tt.steps)
		}
	}
}
