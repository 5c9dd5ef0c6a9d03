package builder

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestScheduleWordsBecomeSalesforceCron(t *testing.T) {
	tests := []struct {
		text  string
		cron  string
		timed bool
	}{
		{"every night at 2am", "0 0 2 * * ?", true},
		{"nightly", "0 0 2 * * ?", false},
		{"hourly", "0 0 * * * ?", true},
		{"every 4 hours", "0 0 0/4 * * ?", true},
		{"weekdays at 9", "0 0 9 ? * MON-FRI", true},
		{"every monday at 8:30", "0 30 8 ? * MON", true},
		{"every monday and thursday at 5pm", "0 0 17 ? * MON,THU", true},
		{"on the 1st of each month", "0 0 1 1 * ?", false},
		{"on the first day of every month at 1am", "0 0 1 1 * ?", true},
		{"on the 15th of every month at 9am", "0 0 9 15 * ?", true},
		{"on the last day of every month at 6pm", "0 0 18 L * ?", true},
		{"every day at 6:30am", "0 30 6 * * ?", true},
		{"every day at 6:45 a.m.", "0 45 6 * * ?", true},
		{"every sunday night at 10pm", "0 0 22 ? * SUN", true},
		{"daily at midnight", "0 0 0 * * ?", true},
		{"every day at noon", "0 0 12 * * ?", true},
		{"nightly at 11pm", "0 0 23 * * ?", true},
		{"every 15 minutes", "0 0 * * * ?", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cron, timed, ok := parseSchedule(tt.text)
			if !ok {
				t.Fatal("no schedule found")
			}
			if cron != tt.cron || timed != tt.timed {
				t.Errorf("parseSchedule = %q (timed %v), want %q (timed %v)", cron, timed, tt.cron, tt.timed)
			}
			if err := spec.CheckCron(cron); err != nil {
				t.Errorf("cron is not valid: %v", err)
			}
		})
	}
	for _, text := range []string{"every time a case is created", "when a deal closes", "each record"} {
		if cron, _, ok := parseSchedule(text); ok {
			t.Errorf("parseSchedule(%q) = %q, want no schedule", text, cron)
		}
	}
}

func TestConditionPhrasesBecomeOperators(t *testing.T) {
	tests := []struct {
		clause string
		object string
		want   []spec.Condition
	}{
		{"when an opportunity is closed won", "Opportunity", []spec.Condition{{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"}}},
		{"when an opportunity with an Amount greater than 100,000 is closed won", "Opportunity",
			[]spec.Condition{{Field: "Amount", Op: spec.OpGreaterThan, Value: int64(100000)}, {Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"}}},
		{"when the stage goes to negotiation", "Opportunity", []spec.Condition{{Field: "StageName", Op: spec.OpChangedTo, Value: "Negotiation/Review"}}},
		{"when its Status changes from Activated to any other value", "Order", []spec.Condition{{Field: "Status", Op: spec.OpChangedFrom, Value: "Activated"}}},
		{"when the Origin is not Email", "Case", []spec.Condition{{Field: "Origin", Op: spec.OpNotEquals, Value: "Email"}}},
		{"if the annual revenue is at least 5 million", "Account", []spec.Condition{{Field: "AnnualRevenue", Op: spec.OpGreaterOrEqual, Value: int64(5000000)}}},
		{"when its Probability is 10 or less", "Opportunity", []spec.Condition{{Field: "Probability", Op: spec.OpLessOrEqual, Value: int64(10)}}},
		{"when the subject contains q_0_q", "Case", []spec.Condition{{Field: "Subject", Op: spec.OpContains, Value: "outage"}}},
		{"when their Phone starts with q_1_q", "Contact", []spec.Condition{{Field: "Phone", Op: spec.OpStartsWith, Value: "+44"}}},
		{"when its Marketo_Lead_Id__c field is blank", "Lead", []spec.Condition{{Field: "Marketo_Lead_Id__c", Op: spec.OpIsNull}}},
		{"when its QuickBooks_Customer_Id__c field is filled in", "Opportunity", []spec.Condition{{Field: "QuickBooks_Customer_Id__c", Op: spec.OpIsNotNull}}},
		{"when an account is created in the Banking, Insurance or Finance industry", "Account",
			[]spec.Condition{{Field: "Industry", Op: spec.OpIn, Value: []any{"Banking", "Insurance", "Finance"}}}},
		{"when a case is created with priority high or critical", "Case", []spec.Condition{{Field: "Priority", Op: spec.OpIn, Value: []any{"High", "Critical"}}}},
		{"when a high priority case is escalated", "Case",
			[]spec.Condition{{Field: "Priority", Op: spec.OpEquals, Value: "High"}, {Field: "IsEscalated", Op: spec.OpChangedTo, Value: true}}},
		{"when a lead is converted", "Lead", []spec.Condition{{Field: "IsConverted", Op: spec.OpChangedTo, Value: true}}},
		{"whenever deals over $50k are created", "Opportunity", []spec.Condition{{Field: "Amount", Op: spec.OpGreaterThan, Value: int64(50000)}}},
		{"when the Phone field on an account is changed", "Account", []spec.Condition{{Field: "Phone", Op: spec.OpChanged}}},
	}
	for _, tt := range tests {
		t.Run(tt.clause, func(t *testing.T) {
			p := newPlan()
			p.quotes = []string{"outage", "+44"}
			got := p.parseConditions(tt.clause, tt.object, false)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("conditions = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSecretsAreMasked(t *testing.T) {
	tests := []struct {
		text   string
		secret string
	}{
		{"our Stripe key is sk_live_51Habc123XYZsecretKEY999 - thanks", "sk_live_51Habc123XYZsecretKEY999"},
		{"My PagerDuty token is u+Xy7abcDEF123ghiJKL, use it.", "u+Xy7abcDEF123ghiJKL"},
		{"password: hunter2hunter2", "hunter2hunter2"},
		{"use Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk", "eyJhbGciOiJIUzI1NiJ9"},
		{"the slack bot token xoxb-1234-5678-abcdefgh", "xoxb-1234-5678-abcdefgh"},
		{"api_key=AbC123dEf456GhI789", "AbC123dEf456GhI789"},
		{"Use basic auth with admin@acme.com / S3cretPassw0rd!", "S3cretPassw0rd!"},
		{"the login is svc_user:Tr0ub4dor&3", "Tr0ub4dor&3"},
		{"post to slack using webhook https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXX"},
		{"the url is https://partners.acme.io/api/deals?token=9a8b7c6d5e4f", "9a8b7c6d5e4f"},
	}
	for _, tt := range tests {
		t.Run(tt.secret, func(t *testing.T) {
			masked, found := maskSecrets(tt.text)
			if !found || strings.Contains(masked, tt.secret) {
				t.Errorf("maskSecrets(%q) = %q, %v; want the secret removed", tt.text, masked, found)
			}
		})
	}
	for _, text := range []string{
		"verify the signature in the X-Shopify-Hmac-Sha256 header",
		"upsert using the NetSuite_Id__c external id field",
		"when an account is created/updated, call GET /v1/customers on the user's behalf",
		"the API key is stored in the named credential",
	} {
		if masked, found := maskSecrets(text); found || masked != text {
			t.Errorf("maskSecrets(%q) = %q, %v; want it unchanged", text, masked, found)
		}
	}
}

func TestOfflinePlannerAnswers(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		question bool
		refusal  bool
		flows    int
	}{
		{"bulk deletion is refused", "Every night, delete all Account records in Salesforce.", false, true, 0},
		{"disabling sharing is refused", "Turn off sharing for the integration user so it sees everything.", false, true, 0},
		{"running without sharing is refused", "Run the sync without sharing.", false, true, 0},
		{"exposing data publicly is refused", "Expose our contacts publicly on a site.", false, true, 0},
		{"a vague sync asks", "Sync everything between Salesforce and NetSuite.", true, false, 0},
		{"no trigger or action asks", "Make Salesforce talk to our internal system.", true, false, 0},
		{"a database connection asks", "Connect to our Oracle database over JDBC and copy the customers table every night.", true, false, 0},
		{"an empty request asks", "   ", true, false, 0},
		{"one clear flow", "When a case is escalated, create an issue in Jira.", false, false, 1},
		{"two flows in one request", "When a lead is converted, post to #wins in Slack; also every night at 1am get invoices from Xero and upsert them into Invoice__c by Xero_Id__c.", false, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NewOffline().Plan(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if (res.Question != "") != tt.question || (res.Refusal != "") != tt.refusal {
				t.Fatalf("question %q, refusal %q; want question %v, refusal %v", res.Question, res.Refusal, tt.question, tt.refusal)
			}
			if tt.flows == 0 {
				if res.Spec != nil {
					t.Errorf("got a spec, want none")
				}
				return
			}
			if res.Spec == nil || len(res.Spec.Flows) != tt.flows {
				t.Fatalf("got %v, want %d flows", res.Spec, tt.flows)
			}
			if err := spec.Validate(res.Spec); err != nil {
				t.Errorf("spec does not validate: %v", err)
			}
			if res.Planner != PlannerOffline {
				t.Errorf("Planner = %q", res.Planner)
			}
		})
	}
}

func TestOfflinePlannerStatesItsAssumptions(t *testing.T) {
	res, err := Plan(context.Background(), "When an opportunity is closed won, create an invoice in Stripe and save the invoice id on the opportunity. Our key is sk_live_abcdef1234567890")
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(res.Assumptions, "\n")
	for _, want := range []string{"Stripe uses a bearer token", "Opportunity.Stripe_Invoice_Id__c", "secret"} {
		if !strings.Contains(joined, want) {
			t.Errorf("assumptions lack %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "sk_live") {
		t.Errorf("assumptions repeat the secret")
	}
	var declared bool
	for _, o := range res.Spec.Objects {
		for _, f := range o.Fields {
			if o.Name == "Opportunity" && f.Name == "Stripe_Invoice_Id__c" {
				declared = true
			}
		}
	}
	if !declared {
		t.Errorf("the write-back field is not declared under objects: %+v", res.Spec.Objects)
	}
}

func TestOfflinePlannerHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewOffline().Plan(ctx, "When a case is escalated, create an issue in Jira."); !errors.Is(err, context.Canceled) {
		t.Errorf("Plan on a cancelled context = %v, want context.Canceled", err)
	}
}
