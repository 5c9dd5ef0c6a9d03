package builder

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestDictatedRequests holds the constructions of unseen23 (requests
// dictated to a phone, and written by warehouse supervisors and nonprofit
// volunteers), each in wordings other than the batch's: the old planner
// missed every one.
func TestDictatedRequests(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // lines planSummary must hold
		not        []string // strings neither the plan summary nor the spec may hold
	}{
		// a second flow opened in speech, without a full stop
		{"'and then second thing every ...' opens a flow",
			"two things first one when a new contact comes in add them to the list in mailchimp and then second thing every night at 2am pull the refunds from stripe and create a Refund__c for each one",
			[]string{"recordChange Contact create", "schedule 0 0 2 * * ?", "call Stripe GET"}, []string{"ask: "}},
		{"'and second when ...' opens a flow",
			"first when a case is closed post it in slack and then the second one when an account is created create the customer in xero",
			[]string{"recordChange Case", "recordChange Account create", "call Xero POST"}, []string{"ask: "}},
		{"'and then a separate thing when ...' opens a flow",
			"when an order is activated create the shipment in ShipBob and then a separate thing when a lead is created post it in slack",
			[]string{"recordChange Order", "call ShipBob POST", "recordChange Lead create", "call Slack POST"}, []string{"ask: "}},
		{"a flow that cannot be planned beside one that can is listed, not dropped",
			"when an order is activated create the shipment in shipbob and then a separate thing when a lead is created post it in slack",
			[]string{"recordChange Lead create", "unplanned: create the shipment in shipbob"}, []string{"ask: "}},
		{"'First: ... Second: ...' opens flows (guard: the old planner read it too)",
			"Two things. First: use Change Data Capture on Product2 so that when a product is created, create the item in Logiwa. Second: a flow action labeled 'Check Stock' that takes a product code and looks up the quantity in Logiwa.",
			[]string{"changeEvent Product2 create", "call Logiwa POST", "invocable Check Stock", "call Logiwa GET"}, []string{"ask: "}},
		// numbers and punctuation said aloud
		{"'seven a m' is 7am",
			"every weekday at seven a m pull the orders from shopify and create an Order__c for each one",
			[]string{"schedule 0 0 7 ? * MON-FRI"}, nil},
		{"'six thirty p m' is 6:30pm",
			"every day at six thirty p m pull the payouts from stripe and create a Payout__c for each",
			[]string{"schedule 0 30 18 * * ?"}, nil},
		{"'twenty five thousand' is 25000",
			"when an opportunity is created and the amount is at least twenty five thousand create a deal in pipedrive",
			[]string{"when Amount greaterOrEqual 25000"}, []string{"twenty"}},
		{"'two hundred and fifty thousand' is 250000",
			"when an opportunity is won and the amount is over two hundred and fifty thousand post it in slack",
			[]string{"when Amount greaterThan 250000"}, nil},
		{"'open dash not contacted' keeps its dash",
			"when a lead status changes from open dash not contacted to anything else, post it in slack",
			[]string{"when Status changedFrom Open - Not Contacted"}, []string{"Dash"}},
		{"a double-dash aside",
			"When a case gets resolved -- Status moves to Closed -- post it to #support in Slack.",
			[]string{"when Status changedTo Closed", "call Slack POST"}, []string{"--"}},
		// a system said in two words
		{"'pipe drive' is Pipedrive",
			"when a lead is converted create a deal in pipe drive",
			[]string{"call Pipedrive POST"}, []string{"create Opportunity", "ask: "}},
		{"'send grid' is SendGrid, 'quick books' is QuickBooks (guard: aliases before)",
			"when an invoice__c is created email the customer through send grid and create the invoice in quick books",
			[]string{"call SendGrid POST", "call QuickBooks POST"}, []string{"ask: "}},
		{"'sage intact' is Sage Intacct",
			"when an account is created push it to sage intact",
			[]string{"call Sage"}, []string{"ask: "}},
		// clause ends without commas
		{"a value runs into an action that is also a noun, with its place",
			"when a case priority changes to urgent post in the slack support channel",
			[]string{"call Slack POST"}, []string{"ask: "}},
		{"a value runs into 'text' with its place",
			"when a lead status changes to qualified text through twilio",
			[]string{"call Twilio POST"}, []string{"ask: "}},
		{"a noun after an object name is no action (guard for the noun-like action ender)",
			"Every time a rep closes a deal they create a Commission__c record in Salesforce. When an opportunity is won, post it in Slack.",
			[]string{"call Slack POST"}, []string{"unplanned: record"}},
		{"'update it' after a record is the action",
			"whenever somebody changes the phone on a contact update it in hubspot",
			[]string{"recordChange Contact update", "call HubSpot"}, []string{"ask: "}},
		{"'sync it' after a record is the action",
			"whenever someone edits the billing address on an account sync it to netsuite",
			[]string{"recordChange Account update", "call NetSuite"}, []string{"ask: "}},
		{"an arrival with its particle ends the event",
			"Shopify will POST to /shopify/refunds and when it comes in update the order and reply 200",
			[]string{"update Order", "reply"}, []string{"unplanned: update the order"}},
		{"a passive action with its place ends the clause",
			"when a contact is created and its Region__c is EMEA the member gets added to Mailchimp",
			[]string{"when Region__c equals EMEA", "call Mailchimp"}, []string{"ask: "}},
		// reasons name no target
		{"a past-tense verb inside a reason opens no clause",
			"when a case is closed post in slack so the team sees we finally emailed them",
			[]string{"call Slack POST"}, []string{"unplanned", "call Slack POST\n  call Slack"}},
		{"a 'because' reason names no path",
			"when an account is created push it to Chargebee because the finance team keeps their books in there",
			[]string{"call Chargebee"}, []string{"because"}},
		// events, systems and actions named the way non-admins say them
		{"a lower-case platform event as it arrives",
			"when the shipment delayed platform event comes in create a case",
			[]string{"platformEvent Shipment_Delayed__e", "create Case"}, []string{"recordChange"}},
		{"devices that fire the event are its publisher",
			"Our drivers have handhelds that fire a Delivery_Failed__e event when a drop fails. When one comes in, create a Task.",
			[]string{"platformEvent Delivery_Failed__e", "create Task"}, []string{"  publish"}},
		{"a product defined without brackets",
			"every night pull the shipments from shiplogic that's our 3pl warehouse and create a Shipment__c for each",
			[]string{"call Shiplogic GET", "create Shipment__c"}, []string{"ask: "}},
		{"'one of those flow actions' and 'call it' without quotes",
			"make one of those flow actions call it check credit and it takes the account id and gets the score from Experian",
			[]string{"invocable check credit", "call Experian GET"}, []string{"ask: "}},
		{"a value looked up in a product named in two lower-case words",
			"make a flow action that takes the account id and looks up the billing address in smarty streets and then updates the account",
			[]string{"call SmartyStreets GET", "update Account"}, []string{"ask: "}},
		{"a value checked with a product named in lower case",
			"when a contact is created validate the email with neverbounce and update the contact",
			[]string{"call Neverbounce GET", "update Contact"}, []string{"ask: "}},
		{"'in real time' names no product",
			"when a case is created look up the phone number in real time and update the case",
			nil, []string{"call Real", "RealTime"}},
		{"'when we delete a contact' is a delete",
			"when we delete a contact in salesforce remove them from Mailchimp too",
			[]string{"recordChange Contact delete"}, []string{"create,update"}},
		{"'when admins remove an account' is a delete",
			"when admins remove an account, post it to #ops in Slack",
			[]string{"recordChange Account delete"}, nil},
		{"'is anything but Will Call' keeps the capitalised value",
			"When an Order is activated and the Ship_Method__c is anything but Will Call, create the shipment in ShipStation.",
			[]string{"when Ship_Method__c notEquals Will Call"}, []string{"Anything"}},
		{"'Do Not Contact' is one value",
			"when a contact is updated and the Status__c is Do Not Contact, remove them from Mailchimp",
			[]string{"when Status__c equals Do Not Contact"}, nil},
		{"a custom field named in words and called a field",
			"when an account is created and the netsuite id field is empty, create the customer in NetSuite",
			[]string{"when Netsuite_Id__c isNull"}, nil},
		{"a slash command's name is not the path",
			"We made a Slack slash command /refund. Slack will POST to /slack/refund. Verify it with the Slack signing secret and create a Case.",
			[]string{"webhook /slack/refund"}, nil},
		{"'created, or updated if it's already there' is an upsert",
			"Shippo will POST to /shippo/labels. For each label we need the Label__c record created, or updated if it already exists - match on Shippo_Id__c.",
			[]string{"upsert Label__c Shippo_Id__c forEach"}, []string{"ask: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NewOffline().Plan(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			got := planSummary(res)
			js, _ := json.Marshal(res.Spec)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q planned\n%s\nwithout %q", tt.text, got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) || strings.Contains(string(js), n) {
					t.Errorf("%q: the plan holds %q:\n%s", tt.text, n, got)
				}
			}
		})
	}
}
