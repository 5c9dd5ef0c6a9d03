package builder

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// loadGroundSchema reads one of the two org schemas in testdata/ground.
func loadGroundSchema(t testing.TB, org string) *Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ground", org+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var s Schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func planIn(t *testing.T, sch *Schema, text string) (Result, string) {
	t.Helper()
	ctx := context.Background()
	if sch != nil {
		ctx = WithOptions(ctx, Options{Schema: sch})
	}
	res, err := NewOffline().Plan(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	if res.Spec == nil {
		return res, ""
	}
	if err := spec.Validate(res.Spec); err != nil {
		t.Fatalf("grounded spec is invalid: %v", err)
	}
	b, err := spec.Format(res.Spec)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// TestGroundedPlanning plans the same requests against two orgs whose
// schemas differ: the words map to the org's fields where it has them,
// two equally good fields make a question, and what the org lacks is
// planned as without an org.
func TestGroundedPlanning(t *testing.T) {
	org1, org2 := loadGroundSchema(t, "org1"), loadGroundSchema(t, "org2")
	tests := []struct {
		name     string
		org      *Schema
		text     string
		want     []string // in the spec's YAML
		notWant  []string
		question []string // the question names these; no spec
		asToday  bool     // the result equals planning without an org
		note     string   // an assumption containing this
		noNote   string   // no assumption contains this
	}{
		{name: "custom object and fields by label", org: org1,
			text: "When an invoice is created, send the invoice number and amount to NetSuite.",
			want: []string{"object: Invoice__c", `invoiceNumber: "{!record.Invoice_Number__c}"`, `amount: "{!record.Amount__c}"`},
			note: `read "invoice" as org1's object Invoice__c (Invoice)`},
		{name: "no such object in the other org", org: org2,
			text:    "When an invoice is created, send the invoice number and amount to NetSuite.",
			asToday: true},
		{name: "the quote's SAP number", org: org1,
			text: "When a quote is approved, send the quote's SAP number and grand total to SAP.",
			want: []string{`sapOrderNumber: "{!record.SAP_Order_Number__c}"`, `grandTotal: "{!record.GrandTotal}"`},
			note: "sent org1's field Quote.SAP_Order_Number__c (SAP Order Number)"},
		{name: "two fields fit equally: a question", org: org2,
			text:     "When a quote is approved, send the quote's SAP number and grand total to SAP.",
			question: []string{"SAP_Quote_Number__c (SAP Quote Number)", "SAP_Invoice_Number__c (SAP Invoice Number)", "Quote in org2"}},
		{name: "the answer picks one", org: org2,
			text:    "When a quote is approved, send the quote's SAP number and grand total to SAP.\nSAP_Quote_Number__c",
			want:    []string{`sapQuoteNumber: "{!record.SAP_Quote_Number__c}"`},
			notWant: []string{"SAP_Invoice_Number__c"}},
		{name: "through the lookup to the named object", org: org1,
			text: "When a quote line item is created, send the quote's SAP number to SAP.",
			want: []string{`"{!record.Quote.SAP_Order_Number__c}"`}},
		{name: "the org's field instead of an invented one", org: org1,
			text:    "When an opportunity is closed won, create an invoice in QuickBooks and save the invoice number on the opportunity.",
			want:    []string{`Invoice_Number__c: "{!createInvoice.number}"`},
			notWant: []string{"QuickBooks_Invoice_Number__c", "objects:"},
			note:    "used org1's field Opportunity.Invoice_Number__c (Invoice Number)", noNote: "assumed the package adds"},
		{name: "invented field kept where the org lacks one", org: org2,
			text:    "When an opportunity is closed won, create an invoice in QuickBooks and save the invoice number on the opportunity.",
			asToday: true, want: []string{"QuickBooks_Invoice_Number__c"}},
		{name: "the org's existing external id", org: org1,
			text:    "When an order is activated, create a sales order in NetSuite and store the NetSuite id on the order.",
			want:    []string{`NetSuite_Id__c: "{!createSalesOrder.id}"`},
			notWant: []string{"objects:"},
			note:    "used org1's existing field Order.NetSuite_Id__c", noNote: "assumed the package adds"},
		{name: "a generic word does not replace an invented field", org: org1,
			text:    "when an Order_Cancelled__e platform event is received, cancel the shipment in ShipStation and update the order's status",
			asToday: true},
		{name: "a parent's field into a chat message", org: org1,
			text: "When an opportunity is closed won, post the account's region to Slack #sales",
			want: []string{"Region: {!record.Account.Region__c}"}},
		{name: "a field only one org has", org: org2,
			text:    "When an opportunity is closed won, post the account's region to Slack #sales",
			asToday: true},
		// conditions
		{name: "a condition's field by label, the value as the org spells it", org: org1,
			text: "When an account's region changes to emea, post to Slack #emea",
			want: []string{"{field: Region__c, op: changedTo, value: EMEA}", "on: [update]"},
			note: `read "region" as org1's field Account.Region__c (Region)`, noNote: "has no picklist value"},
		{name: "two fields fit a condition equally: a question", org: org2,
			text:     "When an account's region changes to emea, post to Slack #emea",
			question: []string{"Sales_Region__c (Sales Region)", "Support_Region__c (Support Region)", "Account in org2", `"region"`}},
		{name: "the answer picks the condition's field", org: org2,
			text:    "When an account's region changes to emea, post to Slack #emea\nSupport_Region__c",
			want:    []string{"{field: Support_Region__c, op: changedTo, value: EMEA}"},
			notWant: []string{"Sales_Region__c"}},
		{name: "a value the org's picklist lacks is to confirm", org: org1,
			text: "When the region of an account changes to Mars, post to Slack #emea",
			want: []string{"{field: Region__c, op: changedTo, value: Mars}"},
			note: `org1's field Account.Region__c (Region) has no picklist value "Mars" (its values: AMER, EMEA, APAC): confirm the value`},
		{name: "a condition by API name gets the org's spelling", org: org1,
			text: "When an account's Region__c changes to apac, post to Slack #apac",
			want: []string{"{field: Region__c, op: changedTo, value: APAC}"}},
		{name: "the tier in one org", org: org1,
			text: "When an account's tier is gold, post to Slack #vip",
			want: []string{"{field: Tier__c, op: equals, value: Gold}"}},
		{name: "the tier in the other org", org: org2,
			text:    "When an account's tier is gold, post to Slack #vip",
			want:    []string{"{field: Customer_Tier__c, op: equals, value: Gold}"},
			notWant: []string{"{field: Tier__c"},
			note:    `read "tier" as org2's field Account.Customer_Tier__c (Customer Tier)`},
		{name: "a date compared with today is said to be left out", org: org1,
			text:    "When an account's renewal date is in the past, post to Slack #renewals",
			notWant: []string{"when:", "Renewal_Date__c"},
			note:    `left out the condition "renewal date is in the past": org1's field Account.Renewal_Date__c (Renewal Date) is a date`},
		{name: "no renewal date in the other org", org: org2,
			text:    "When an account's renewal date is in the past, post to Slack #renewals",
			asToday: true},
		{name: "a standard field the org has stays", org: org1,
			text:    "When an opportunity's stage changes to closed won, post to Slack #sales",
			asToday: true, want: []string{"{field: StageName, op: changedTo, value: Closed Won}"}},
		{name: "a parent's field in a condition", org: org1,
			text: "When an opportunity is closed won and the account's region is EMEA, post to Slack #sales",
			want: []string{"{field: Account.Region__c, op: equals, value: EMEA}", "{field: StageName, op: changedTo, value: Closed Won}"}},
		{name: "the org's Status__c for a standard word it lacks", org: org1,
			text: "When an invoice is updated and its status changes to paid, post to Slack #ar",
			want: []string{"{field: Status__c, op: changedTo, value: Paid}"},
			note: `read "status" as org1's field Invoice__c.Status__c (Status)`},
		{name: "a participle is not a value", org: org1,
			text:    "User story: As a finance lead, I want an invoice created in Xero whenever an Opportunity moves to Closed Won, so that billing starts the same day. Acceptance: the Xero invoice number is written to Xero_Invoice_Number__c on the opportunity.",
			notWant: []string{"Written"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, got := planIn(t, tt.org, tt.text)
			if len(tt.question) > 0 {
				if res.Spec != nil || res.Question == "" {
					t.Fatalf("want a question, got spec:\n%s", got)
				}
				for _, w := range tt.question {
					if !strings.Contains(res.Question, w) {
						t.Errorf("question %q lacks %q", res.Question, w)
					}
				}
				return
			}
			if tt.asToday {
				today, _ := planIn(t, nil, tt.text)
				if !reflect.DeepEqual(res, today) {
					t.Errorf("planned differently from without an org:\n%+v\nwant\n%+v", res, today)
				}
			} else if res.Spec == nil {
				t.Fatalf("no spec: question %q", res.Question)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("spec lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("spec has %q:\n%s", w, got)
				}
			}
			if tt.noNote != "" && strings.Contains(strings.Join(res.Assumptions, "\n"), tt.noNote) {
				t.Errorf("assumptions have %q:\n%s", tt.noNote, strings.Join(res.Assumptions, "\n"))
			}
			if tt.note != "" && !strings.Contains(strings.Join(res.Assumptions, "\n"), tt.note) {
				t.Errorf("assumptions lack %q:\n%s", tt.note, strings.Join(res.Assumptions, "\n"))
			}
		})
	}
}

// TestGroundingWithoutOrgChangesNothing pins that a nil schema plans as
// before: the corpus requests give the same results with empty options.
func TestGroundingWithoutOrgChangesNothing(t *testing.T) {
	for _, text := range []string{
		"When a quote is approved, send the quote's SAP number and grand total to SAP.",
		"When an opportunity is closed won, create an invoice in QuickBooks and save the invoice number on the opportunity.",
		"When an account's region changes to emea, post to Slack #emea",
		"When an account's renewal date is in the past, post to Slack #renewals",
	} {
		a, err := NewOffline().Plan(WithOptions(context.Background(), Options{}), text)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewOffline().Plan(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%q: empty options changed the plan", text)
		}
	}
}

// TestGroundedCorpusStaysValid plans every corpus request against org1:
// grounding never makes the planner fail or a spec invalid, and a request
// that planned to a spec without an org is not turned into a refusal.
func TestGroundedCorpusStaysValid(t *testing.T) {
	org1 := loadGroundSchema(t, "org1")
	paths, err := filepath.Glob(filepath.Join("testdata", "unseen*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ ID, Text string }
	for _, p := range append(paths, filepath.Join("testdata", "corpus.json")) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var more []struct{ ID, Text string }
		if err := json.Unmarshal(b, &more); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cases = append(cases, more...)
	}
	changed := 0
	for _, c := range cases {
		ctx := WithOptions(context.Background(), Options{Schema: org1})
		res, err := NewOffline().Plan(ctx, c.Text)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		today, _ := NewOffline().Plan(context.Background(), c.Text)
		if today.Spec != nil && res.Refusal != "" {
			t.Errorf("%s: grounding refused %q", c.ID, c.Text)
		}
		if res.Spec != nil {
			if err := spec.Validate(res.Spec); err != nil {
				t.Errorf("%s: invalid grounded spec: %v", c.ID, err)
			}
		}
		if !reflect.DeepEqual(res, today) {
			changed++
			t.Logf("%s grounded: %q\n%s\nQ: %s", c.ID, c.Text, strings.Join(res.Assumptions, "\n"), res.Question)
		}
	}
	t.Logf("%d corpus requests planned differently in org1", changed)
}

// FuzzPlanGrounded checks that no request planned against an org makes
// the offline planner fail.
func FuzzPlanGrounded(f *testing.F) {
	org1 := loadGroundSchema(f, "org1")
	f.Add("When a quote is approved, send the quote's SAP number and grand total to SAP.")
	f.Add("When an invoice is created, send the invoice number, the Quote.SAP_Order_Number__c and amount to NetSuite.")
	f.Add("when the the 's 's , and and Invoice__c.X__c is 'q' post the opportunity's 's")
	f.Add("When an account's region changes to emea and the account's renewal date is in the past, or its tier is gold, post to Slack #x")
	f.Fuzz(func(t *testing.T, text string) {
		res, err := NewOffline().Plan(WithOptions(context.Background(), Options{Schema: org1}), text)
		if err != nil {
			t.Fatalf("Plan(%q): %v", text, err)
		}
		if res.Spec == nil && res.Question == "" && res.Refusal == "" {
			t.Fatalf("Plan(%q) gave no spec, question or refusal", text)
		}
		if res.Spec != nil {
			if err := spec.Validate(res.Spec); err != nil {
				t.Fatalf("Plan(%q) gave an invalid spec: %v", text, err)
			}
		}
	})
}

func TestSplitNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"SAP_Order_Number__c", "sap order number"}, {"SapOrderNumber", "sap order number"}, {"StageName", "stage name"},
		{"Invoice_Number__c", "invoice number"}, {"NetSuite_Id__c", "net suite id"}, {"Account__r", "account"},
		{"OrderNumber2Go", "order number2 go"}, {"_x__c", "x"}, {"", ""},
	} {
		if got := strings.Join(nameWords(tt.in), " "); got != tt.want {
			t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := strings.Join(labelWords("Probability (%) — Net/Gross"), " "); got != "probability net gross" {
		t.Errorf("labelWords = %q", got)
	}
}
