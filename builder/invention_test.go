package builder

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestNoInventionAcrossCorpora plans every corpus request and checks the
// no-invention rules: a webhook flow never calls back to its own inbound
// path or forwards the whole request body to a system, and every
// placeholder id in a call's path is listed as an assumption to confirm.
func TestNoInventionAcrossCorpora(t *testing.T) {
	p := NewOffline()
	for _, rq := range corpusRequests(t) {
		res, err := p.Plan(context.Background(), rq[1])
		if err != nil || res.Spec == nil {
			continue
		}
		notes := strings.Join(res.Assumptions, "\n")
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
