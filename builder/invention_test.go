package builder

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// TestNoInventionAcrossCorpora plans every corpus request and checks the
// no-invention rules: a webhook flow never calls back to its own inbound
// path or forwards the whole request body to a system, and every
// placeholder id in a call's path is listed as an assumption to confirm,
// and so is every path that neither the request writes nor the called
// system's vendor documents.
func TestNoInventionAcrossCorpora(t *testing.T) {
	p := NewOffline()
	for _, rq := range corpusRequests(t) {
		res, err := p.Plan(context.Background(), rq[1])
		if err != nil || res.Spec == nil {
			continue
		}
		notes := strings.Join(res.Assumptions, "\n")
		written := map[string]bool{}
		for _, m := range pathRe.FindAllStringSubmatch(rewritePhrases(normalize(rq[1])), -1) {
			written[strings.ToLower(cleanCallPath(m[1]))] = true
		}
		for _, fl := range res.Spec.Flows {
			for _, st := range fl.Steps {
				if st.Type != "call" {
					continue
				}
				if fl.Trigger.Type == "webhook" {
					if strings.Trim(st.Path, "/") == strings.Trim(fl.Trigger.Path, "/") {
						t.Errorf("%s: %s calls its own inbound path %s", rq[0], fl.Name, st.Path)
					}
					if strings.Contains(fmt.Sprint(st.Body), "{!request.body}") {
						t.Errorf("%s: %s forwards the whole request body to %s", rq[0], fl.Name, st.System)
					}
				}
				if !written[strings.ToLower(st.Path)] && !documentedPath(st.System, st.Path) && !strings.Contains(notes, st.Method+" "+st.Path+" on ") {
					t.Errorf("%s: %s %s on %s is neither in the request nor documented, and not listed as an assumption", rq[0], st.Method, st.Path, st.System)
				}
				for _, ph := range placeholderRe.FindAllString(st.Path, -1) {
					if !strings.Contains(notes, ph) {
						t.Errorf("%s: path %s holds %s, not listed as an assumption", rq[0], st.Path, ph)
					}
				}
			}
		}
	}
}

// TestDefaultsThatMatterAreAssumptions checks that a currency, a sync's
// direction and a placeholder id the planner chose are said.
func TestDefaultsThatMatterAreAssumptions(t *testing.T) {
	tests := []struct{ text, want string }{
		{"When an opportunity is closed won, create an invoice in Stripe", "US dollars"},
		{"Whenever a Case is closed, mirror it to Freshdesk.", "one direction"},
		{"When a new case has priority High, send an SMS to the manager through Twilio.", "ACCOUNT_SID"},
		{"Whenever an account has Rating Hot, send it to our billing system", "created or updated"},
		{"every time a contract is activated pull the risk rating from riskly and save it on the account", `assumed "riskly" names a system, Riskly`},
		{"when the Tier__c on an account changes, notify churnzero about it", `assumed "churnzero" names a system, Churnzero`},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		if !strings.Contains(strings.Join(res.Assumptions, "\n"), tt.want) {
			t.Errorf("%q: assumptions %q lack %q", tt.text, res.Assumptions, tt.want)
		}
	}
}

// TestSubHourlySchedulesAreSaid checks that a schedule repeating within the
// hour is never silently run hourly: the plan says so and lists the
// interval as not planned.
func TestSubHourlySchedulesAreSaid(t *testing.T) {
	for _, text := range []string{
		"Every 15 minutes, fetch new tickets from Zendesk and create a Case for each ticket.",
		"every 5 mins pull new orders from Shopify and create Order__c records",
		"Every minute, get the queue length from our Ops API and post it to #ops in Slack",
	} {
		res, err := NewOffline().Plan(context.Background(), text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", text, err, res.Question)
		}
		if !strings.Contains(strings.Join(res.Unplanned, "\n"), "minute") || !strings.Contains(strings.Join(res.Assumptions, "\n"), "at most hourly") {
			t.Errorf("%q: hourly without saying so (unplanned %q)", text, res.Unplanned)
		}
	}
}

// TestSubHourlySchedulesAreStaggered checks that a schedule repeating
// within the hour becomes one hourly schedule per minute offset when a
// repeated read is harmless (keyed writes only), that the generator
// schedules each, and that otherwise the plan says it runs hourly.
func TestSubHourlySchedulesAreStaggered(t *testing.T) {
	tests := []struct {
		text  string
		crons []string // nil: not staggered, said instead
		why   string   // what the plan says when not staggered
	}{
		{"every 15 minutes pull new orders from Shopify and upsert them into Order__c by Shopify_Id__c",
			[]string{"0 0 * * * ?", "0 15 * * * ?", "0 30 * * * ?", "0 45 * * * ?"}, ""},
		{"Every 30 minutes, check our internal Inventory service for stock changes and update the Product2 records",
			[]string{"0 0 * * * ?", "0 30 * * * ?"}, ""},
		{"Every 15 minutes, fetch new tickets from Zendesk and create a Case for each ticket.", nil, "repeat create"},
		{"every 5 mins pull new orders from Shopify and upsert them into Order__c by Shopify_Id__c", nil, "12 hourly schedules"},
		{"every 7 minutes pull new orders from Shopify and upsert them into Order__c by Shopify_Id__c", nil, "9 hourly schedules"},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		var crons []string
		for _, fl := range res.Spec.Flows {
			if fl.Trigger.Type == spec.TriggerSchedule {
				crons = append(crons, fl.Trigger.Cron)
			}
		}
		unplanned := strings.Join(res.Unplanned, "\n")
		if tt.crons == nil {
			if len(crons) != 1 || crons[0] != "0 0 * * * ?" || !strings.Contains(unplanned, "minutes") || !strings.Contains(unplanned, tt.why) {
				t.Errorf("%q: crons %q, unplanned %q; want one hourly schedule, said to be hourly because of %q", tt.text, crons, unplanned, tt.why)
			}
			continue
		}
		if !slices.Equal(crons, tt.crons) || unplanned != "" {
			t.Errorf("%q: crons %q (unplanned %q), want %q", tt.text, crons, unplanned, tt.crons)
			continue
		}
		if !strings.Contains(strings.Join(res.Assumptions, "\n"), "hourly schedules at :00") {
			t.Errorf("%q: the staggering is not said: %q", tt.text, res.Assumptions)
		}
		if err := spec.Validate(res.Spec); err != nil {
			t.Fatalf("%q: %v", tt.text, err)
		}
		b, err := generator.Generate(res.Spec)
		if err != nil {
			t.Fatalf("%q: generate: %v", tt.text, err)
		}
		var scheduled []string
		for _, s := range b.Setup.Schedules {
			scheduled = append(scheduled, s.Cron)
		}
		if !slices.Equal(scheduled, tt.crons) {
			t.Errorf("%q: the generator schedules %q, want %q", tt.text, scheduled, tt.crons)
		}
	}
}

// TestDefaultPathUsesDocumentedEndpoints checks that a call to a known
// system takes its vendor's documented path when the noun names a
// documented resource, and that a path composed from the request's words
// is said to be one, with the assumption naming it.
func TestDefaultPathUsesDocumentedEndpoints(t *testing.T) {
	tests := []struct {
		system, noun, want string
		documented         bool
	}{
		{"Slack", "alert", "/api/chat.postMessage", true},
		{"NetSuite", "sales order", "/services/rest/record/v1/salesOrder", true},
		{"HubSpot", "deal", "/crm/v3/objects/deals", true},
		{"Stripe", "payment intent", "/v1/payment_intents", true},
		{"Intercom", "update", "/updates", false},
		{"Outreach", "sequence", "/api/v2/sequenceStates", true},
		{"Outreach", "person", "/api/v2/persons", false},
		{"ShipStation", "day shipment", "/day-shipments", false},
		{"Acme", "order", "/orders", false},
	}
	for _, tt := range tests {
		got, documented := defaultPath(tt.system, tt.noun)
		if got != tt.want || documented != tt.documented {
			t.Errorf("defaultPath(%q, %q) = %q, %v; want %q, %v", tt.system, tt.noun, got, documented, tt.want, tt.documented)
		}
	}
	for _, tt := range []struct{ text, want string }{
		{"Every evening pull the day's shipments from ShipStation and create a Shipment__c for each", "on ShipStation: confirm the endpoint"},
		{"When a lead is qualified, enroll them in the onboarding cadence in Outreach", "on Outreach: confirm the endpoint"},
	} {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		if !strings.Contains(strings.Join(res.Assumptions, "\n"), tt.want) {
			t.Errorf("%q: assumptions %q lack %q", tt.text, res.Assumptions, tt.want)
		}
	}
}
