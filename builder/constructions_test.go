package builder

import (
	"context"
	"strings"
	"testing"
)

// TestConstructions checks constructions found on blind batches, each
// with wordings other than the batch's, by the plan's summary lines that
// must appear (planSummary).
func TestConstructions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // lines of planSummary the plan must hold
	}{
		{"formal inversion: should a record be deleted",
			"Should a customer account be deleted in Salesforce, the corresponding client in FreshBooks ought to be deleted as well.",
			[]string{"recordChange Account delete", "call FreshBooks DELETE"}},
		{"formal inversion: should an opportunity be closed won",
			"Should an opportunity be closed won, an invoice ought to be created in Xero.",
			[]string{"recordChange Opportunity update", "call Xero POST"}},
		{"a trigger told by pointing back",
			"Sometimes an office person deletes a service appointment instead of canceling it. When that happens, cancel the job in ServiceTitan.",
			[]string{"recordChange ServiceAppointment delete", "call ServiceTitan"}},
		{"a trigger told by pointing back, with if",
			"Every so often a rep closes a case without a resolution. If this happens, post a message to #support in Slack.",
			[]string{"recordChange Case", "call Slack POST"}},
		{"we need it cancelled in a system",
			"When an order is deleted, we need the subscription cancelled in Chargebee.",
			[]string{"call Chargebee"}},
		{"we want them notified through a system",
			"When a case is closed, we want the customer texted through Twilio.",
			[]string{"call Twilio POST"}},
		{"records written as another object",
			"every morning at 6am pull the marketing qualified contacts from hubspot and upsert them into sales force as leads matching on the HubSpot_Contact_Id__c field",
			[]string{"upsert Lead HubSpot_Contact_Id__c"}},
		{"records created as another object",
			"Every night, get the new signups from Memberstack and create them in Salesforce as contacts.",
			[]string{"create Contact"}},
		{"a lower-case vendor that is also a word, after from",
			"Every night, pull the calls from gong and log a task on the opportunity for each call.",
			[]string{"call Gong GET", "create Task"}},
		{"a product named, then said to be our kind of tool",
			"When a work order is created, send the tech an SMS through RingCentral since thats our phone system.",
			[]string{"call RingCentral POST"}},
		{"a product named, then said to be our kind of tool, in brackets",
			"When an order is shipped, text the customer via Telnyx (that's our SMS provider).",
			[]string{"call Telnyx POST"}},
		{"a plus between two actions",
			"When a lead is created, create a row in Airtable + post it in #growth on Slack.",
			[]string{"call Airtable POST", "call Slack POST"}},
		{"fire off an event",
			"When a case is created, fire off the Case_Alert__e event.",
			[]string{"publish Case_Alert__e"}},
		{"a field, the value it reaches, the action, in arrows",
			"2) lead status -> Closed - Converted -> update that same airtable row",
			[]string{"recordChange Lead update", "when Status changedTo Closed - Converted", "call Airtable"}},
		{"a field, the value it reaches, the action, in arrows (2)",
			"case priority -> High -> create an issue in Jira",
			[]string{"when Priority changedTo High", "call Jira POST"}},
		{"a webhook line in arrows, with its check and an event type",
			"webhooks pls:\n- stripe -> POST /stripe/webhook -> verify w/ stripe's signing secret -> on invoice.paid update the account's MRR__c -> reply 200",
			[]string{"webhook /stripe/webhook POST", "update Account", "reply"}},
		{"a webhook line in arrows: the check is no call",
			"- github -> POST /github/releases -> verify it's really github (their webhook secret signature) -> publish Release_Shipped__e -> reply 202",
			[]string{"webhook /github/releases POST", "publish Release_Shipped__e"}},
		{"the reason an action is done names no target",
			"every night pull the calls from gong and log a task on the opportunity for each call so i can see what was said without logging into gong every time",
			[]string{"call Gong GET", "create Task"}},
		{"the reason an action is done names no target (2): no call",
			"When a case is closed, create a Task for the owner so that our team in Zendesk knows it is done.",
			[]string{"create Task"}},
		{"ordinals open flows",
			"first one when somebody books a demo, Calendly will post to /calendly/booked and i want that to create a new lead. second one every night pull the calls from gong and log a task on the opportunity for each call.",
			[]string{"webhook /calendly/booked POST", "schedule 0 0 2 * * ?", "call Gong GET"}},
		{"ordinals open flows (2nd thing:)",
			"1st thing: when a lead is created, add it to Mailchimp. 2nd thing: every monday at 8am pull the invoices from Xero and upsert them into Invoice__c by Xero_Id__c.",
			[]string{"recordChange Lead create", "schedule 0 0 8 ? * MON", "upsert Invoice__c Xero_Id__c"}},
		{"a list announced with a colon",
			"When a new lead comes in and the lead source is one of these: trade show, webinar, partner referral, create a contact in Aircall.",
			[]string{"when LeadSource in [Trade Show Webinar Partner Referral]"}},
		{"a record put in a product named in lower case",
			"When a new lead comes in, create them as a contact in aircall so my SDRs can dial them.",
			[]string{"call Aircall POST"}},
		{"a record put in a product named in lower case (2)",
			"When a case is escalated, create an issue in linear.",
			[]string{"call Linear POST"}},
		{"a message in realtime is no product, no call to Realtime",
			"When a deal closes, post a message in realtime to Slack.",
			[]string{"call Slack POST"}},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := planSummary(res)
		if strings.Contains(tt.name, "no call to ") && strings.Contains(got, "call "+tt.name[strings.Index(tt.name, "no call to ")+len("no call to "):]) ||
			strings.HasSuffix(tt.name, "no call") && strings.Contains(got, "call ") {
			t.Errorf("%s: %q planned a call:\n%s", tt.name, tt.text, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nplanned:\n%s\nwant a line holding %q", tt.name, tt.text, got, w)
			}
		}
	}
}

// TestUndecidedSystemIsAsked checks that a request whose target system is
// not known yet is asked about, and that the same words on a settled
// choice still plan.
func TestUndecidedSystemIsAsked(t *testing.T) {
	tests := []struct {
		text string
		ask  bool
	}{
		{"When an opportunity is closed won, invoice the customer in our accounting system. We are migrating from FreshBooks to Sage Intacct and I am genuinely not certain which of the two will be live.", true},
		{"When a case is escalated, open a ticket in Jira or ServiceNow; it may be one, the other, or both for a while.", true},
		{"When a deal closes, create the invoice in Xero. It's unclear whether finance keeps Xero next year.", true},
		{"When a deal closes, create the invoice in Xero. I am certain which fields they need: amount and currency.", false},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Question != ""; got != tt.ask {
			t.Errorf("%q: asked %v (%q), want %v", tt.text, got, res.Question, tt.ask)
		}
	}
}

// TestMoneyInOtherCurrencies checks that amounts written in pounds or euros
// read as numbers, and that a Stripe charge takes the request's currency.
func TestMoneyInOtherCurrencies(t *testing.T) {
	tests := []struct {
		text, want, currency string
	}{
		{"When an opportunity is marked Closed Won, and provided the amount is £10,000 or more, create the invoice in Xero.", "when Amount greaterOrEqual 10000", ""},
		{"When an opportunity is closed won and the amount is over €5,000, create an invoice in Stripe.", "when Amount greaterThan 5000", "eur"},
		{"When an opportunity is closed won and the amount is over $5,000, create an invoice in Stripe.", "when Amount greaterThan 5000", "usd"},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		if got := planSummary(res); !strings.Contains(got, tt.want) {
			t.Errorf("%q: planned\n%s\nwant %q", tt.text, got, tt.want)
		}
		if tt.currency == "" {
			continue
		}
		var got any
		for _, st := range res.Spec.Flows[0].Steps {
			if b, ok := st.Body.(map[string]any); ok {
				if f, ok := b["fields"].(map[string]any); ok {
					got = f["currency"]
				}
			}
		}
		if got != tt.currency {
			t.Errorf("%q: currency %v, want %s", tt.text, got, tt.currency)
		}
	}
}

// TestStepConditionIsListed checks that a condition holding for one step
// ("then if it's a 6 or below open a ticket"), which a spec cannot say,
// keeps its step and is listed as unplanned, and that asides with "if"
// are not conditions.
func TestStepConditionIsListed(t *testing.T) {
	tests := []struct {
		text      string
		wantStep  string // a line of planSummary
		unplanned string // "" when nothing may be listed
	}{
		{"Typeform will POST each response to /typeform/nps. Update the respondent's contact with their score, then if it's a 6 or below open a new ticket, and finally send back a 200.", "create Case", "if it's a 6 or below"},
		{"Typeform will POST each response to /typeform/nps that recieves those, updates the respondent's contact with their score, then if it's a 6 or below opens a new ticket, and finally sends back a 200.", "create Case", "if it's a 6 or below"},
		{"When a deal closes, create the invoice in Xero and, unless the customer is tax exempt, post it to #finance in Slack.", "call Slack POST", "unless the customer is tax exempt"},
		{"When a deal closes, create the invoice in Xero. Here is our Xero tenant id if you need it.", "call Xero POST", ""},
		{"When a case's Status goes to Closed, Type is Onboarding, create a link in Calendly.", "when Type equals Onboarding", ""},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		if got := planSummary(res); !strings.Contains(got, tt.wantStep) {
			t.Errorf("%q: planned\n%s\nwant %q", tt.text, got, tt.wantStep)
		}
		un := strings.Join(res.Unplanned, "|")
		if tt.unplanned == "" && un != "" || tt.unplanned != "" && !strings.Contains(un, tt.unplanned) {
			t.Errorf("%q: unplanned %q, want %q", tt.text, res.Unplanned, tt.unplanned)
		}
	}
}
