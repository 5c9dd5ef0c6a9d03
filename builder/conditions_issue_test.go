package builder

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestConditionsPeopleWrite checks issue 9's condition phrasings: each
// request plans the one condition shown.
func TestConditionsPeopleWrite(t *testing.T) {
	tests := []struct{ text, want string }{
		{"If a new case mentions 'outage' anywhere in the Description, post it to #incidents in Slack.", `{"field":"Description","op":"contains","value":"outage"}`},
		{"When a new case has 'refund' in the subject, post to #billing in Slack.", `{"field":"Subject","op":"contains","value":"refund"}`},
		{"Once an Account's Health_Score__c drops to 40 or below, create a Task for the owner.", `{"field":"Health_Score__c","op":"lessOrEqual","value":40}`},
		{"When a product's Quantity__c is at or below 5, post to #inventory in Slack.", `{"field":"Quantity__c","op":"lessOrEqual","value":5}`},
		{"Whenever an Opportunity over 250k is created, send it to Clari.", `{"field":"Amount","op":"greaterThan","value":250000}`},
		{"Any change to Tier__c on an Account should be pushed to Gainsight.", `{"field":"Tier__c","op":"changed"}`},
		{"For new Cases whose Subject starts with '[VIP]', notify #vip in Slack.", `{"field":"Subject","op":"startsWith","value":"[VIP]"}`},
		{"When an order's Status changes to Ready to Ship, create a shipment in ShipStation.", `{"field":"Status","op":"changedTo","value":"Ready to Ship"}`},
		{"When a Lead's Status changes to 'Partner - Reseller', create a partner in PartnerStack.", `{"field":"Status","op":"changedTo","value":"Partner - Reseller"}`},
		{"Given a Case with Priority = Critical\nWhen the case is created\nThen create an incident in PagerDuty", `{"field":"Priority","op":"equals","value":"Critical"}`},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Errorf("%q: %v %s", tt.text, err, res.Question)
			continue
		}
		b, _ := json.Marshal(res.Spec.Flows[0].Trigger.When)
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("%q: conditions %s, want %s", tt.text, b, tt.want)
		}
	}
}

// TestWriteBacksGoToTheNamedRecord checks that a write-back lands on the
// record the request names, through the trigger record's lookup.
func TestWriteBacksGoToTheNamedRecord(t *testing.T) {
	tests := []struct{ text, object, record string }{
		{"When an Opportunity is Closed Won, create a subscription in Recurly and store the subscription id on the opportunity's primary Contact.", "Contact", "{!record.ContactId}"},
		{"When an opportunity is closed won, create the order in NetSuite and save the order number on the account", "Account", "{!record.AccountId}"},
		{"When a case is closed, create a survey in Qualtrics and save the survey link on the contact", "Contact", "{!record.ContactId}"},
		{"When a quote is accepted, create the order in Shopify and save the order number on the quote", "Quote", ""},
	}
	for _, tt := range tests {
		res, err := NewOffline().Plan(context.Background(), tt.text)
		if err != nil || res.Spec == nil {
			t.Fatalf("%q: %v %s", tt.text, err, res.Question)
		}
		steps := res.Spec.Flows[0].Steps
		last := steps[len(steps)-1]
		if last.Type != "update" || last.Object != tt.object || last.Record != tt.record {
			t.Errorf("%q: last step %s %s %q, want update %s %q", tt.text, last.Type, last.Object, last.Record, tt.object, tt.record)
		}
	}
}
