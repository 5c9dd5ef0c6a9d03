package builder

import (
	"context"
	"testing"
)

// TestTwoFlowsSplitAndKeepTheirTriggers checks issue 9's two-flow
// requests: split at list markers and at a second trigger phrase, each
// flow with its own trigger and nothing leaking from one to the other.
func TestTwoFlowsSplitAndKeepTheirTriggers(t *testing.T) {
	tests := []struct {
		text     string
		triggers []string // type:object-or-cron per flow
		steps    []int    // steps per flow
	}{
		{"When a case is closed, post it to #support in Slack, and every morning at 7 pull the refunds from Stripe and create Refund__c records.",
			[]string{"recordChange:Case", "schedule:0 0 7 * * ?"}, []int{1, 2}},
		{"Two things: (a) when an Account's Rating changes to Hot, create a deal in Pipedrive; (b) every Monday at 6am, get the deals won last week from Pipedrive and update the matching Opportunity records.",
			[]string{"recordChange:Account", "schedule:0 0 6 ? * MON"}, []int{1, 2}},
		{"1. When a case is escalated, page the on-call engineer in PagerDuty.\n2. Every night at 1am, get the resolved incidents from PagerDuty and update the matching cases.",
			[]string{"recordChange:Case", "schedule:0 0 1 * * ?"}, []int{1, 2}},
		{"- when a lead is created, add it to Mailchimp\n- when a contact unsubscribes (HasOptedOutOfEmail becomes true), remove them from Mailchimp",
			[]string{"recordChange:Lead", "recordChange:Contact"}, []int{1, 1}},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Errorf("%q: %v %s", tt.text, err, res.Question)
			continue
		}
		if len(res.Spec.Flows) != len(tt.triggers) {
			t.Errorf("%q: %d flows, want %d", tt.text, len(res.Spec.Flows), len(tt.triggers))
			continue
		}
		for i, fl := range res.Spec.Flows {
			got := fl.Trigger.Type
			want := tt.triggers[i]
			switch {
			case fl.Trigger.Type == "schedule" && len(want) > len("schedule"):
				got += ":" + fl.Trigger.Cron
			case fl.Trigger.Object != "" && len(want) > len(fl.Trigger.Type):
				got += ":" + fl.Trigger.Object
			}
			if got != want || len(fl.Steps) != tt.steps[i] {
				t.Errorf("%q: flow %d is %s with %d steps, want %s with %d", tt.text, i, got, len(fl.Steps), want, tt.steps[i])
			}
		}
	}
}
