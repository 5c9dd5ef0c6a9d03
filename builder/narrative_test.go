package builder

import (
	"context"
	"testing"
)

// TestNarrativeExamples checks that each way of telling matches its own
// example, and that no row takes an action an admin asked for.
func TestNarrativeExamples(t *testing.T) {
	for _, r := range narrativeRows {
		if !r.re.MatchString(lowerASCII(r.example)) {
			t.Errorf("row %q does not match its example %q", r.name, r.example)
		}
	}
	actions := []string{
		"create an invoice in Stripe",
		"we create a task for the owner",
		"i need a Case created for it",
		"i want the contact pushed to HubSpot",
		"i'd like to post it to Slack",
		"like to post a message in #sales",
		"we want to get the orders from Shopify",
		"we get the orders from Shopify and create Order__c records",
		"im hoping you can send it to Slack",
		"we use Stripe to create invoices",
		"then get the customer from Chargebee",
		"update the case that already has a Jira key",
		"get the new orders synced into Salesforce",
		"we will send it to Slack",
		"we send an SMS via Twilio",
		"send it here",
		"we send the customer a text through Twilio",
		"they create a Case in Salesforce",
	}
	for _, a := range actions {
		if isNarrative(a) {
			t.Errorf("%q is read as telling, but it asks for an action", a)
		}
	}
}

// TestToldClausesPlanNothing checks that what a request tells about the
// writer or the business plans no step, while its actions still do.
func TestToldClausesPlanNothing(t *testing.T) {
	tests := []struct {
		text  string
		steps int // the steps of the first flow
	}{
		{"so i run ops at a snack box company. When an account's Status__c changes to Cancelled, post a winback event to Klaviyo.", 1},
		{"When a new opportunity comes in for $1,000 or more, post a message in #major-gifts in Slack (we get maybe 3 a week so its not high volume, dont worry about limits).", 1},
		{"When a deal closes, create an invoice in QuickBooks. i'll find out more about the tax setup later.", 1},
		{"When a case is escalated, create a note in Intercom. i know this is kinda backwards (zendesk -> sf -> intercom) but its what we have.", 1},
		{"We run hubspot for marketing and SF for sales. When a lead is created, create a contact in HubSpot.", 1},
		{"When a notification comes in at /docusign/envelopes, create a Case and reply 200. The envelope id is already stored on the policy as DocuSign_Envelope_Id__c fwiw.", 2},
		{"Our escalation process today is: support sets the ticket status to Escalated and then pings someone in slack and hopes. When a case's Status changes to Escalated, create a bug in Jira.", 1},
		{"Right now an underwriter literally watches her inbox and flips the record by hand. When an opportunity is closed won, post it to Slack.", 1},
		{"A Flow action named 'Request Approval' that posts a message in Microsoft Teams. I'll put it on a button on the opp page.", 1},
		{"When a contact gets deleted and its Okta_User_Id__c is filled in (plenty of old contacts never had portal access, skip those), delete the matching user in Okta.", 1},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Errorf("%q: %v %s", tt.text, err, res.Question)
			continue
		}
		if got := len(res.Spec.Flows[0].Steps); got != tt.steps {
			t.Errorf("%q: %d steps, want %d: %+v", tt.text, got, tt.steps, res.Spec.Flows[0].Steps)
		}
		if len(res.Unplanned) > 0 {
			t.Errorf("%q: told clauses listed as unplanned: %q", tt.text, res.Unplanned)
		}
	}
}
