package orgschema_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
)

// describeTwoOrgs reads the schemas of sfsim's org1 (customised) and org2
// (a sandbox without Account.Region__c, with its own Stage values).
func describeTwoOrgs(t testing.TB) map[string]*salesforce.OrgSchema {
	t.Helper()
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}, {Alias: "org2", Sandbox: true}}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.SetBaseURL(ts.URL)
	out := map[string]*salesforce.OrgSchema{}
	for _, a := range []string{"org1", "org2"} {
		tok, err := srv.IssueToken(a, "")
		if err != nil {
			t.Fatal(err)
		}
		c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.DescribeOrg(context.Background(), nil, salesforce.DescribeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out[a] = &s
	}
	return out
}

func load(t testing.TB, name string) (*spec.Spec, spec.Lines) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s, lines, err := spec.LoadLines(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s, lines
}

func format(errs spec.Errors) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%d: %s: %s\n", e.Line, e.Path, e.Msg)
	}
	return b.String()
}

func TestCheckAgainstTwoOrgs(t *testing.T) {
	orgs := describeTwoOrgs(t)
	s, lines := load(t, "regions.yaml")
	if errs := orgschema.Check(s, lines, orgs["org1"], "org1"); len(errs) != 0 {
		t.Errorf("regions.yaml in org1 should pass:\n%s", format(errs))
	}
	got := format(orgschema.Check(s, lines, orgs["org2"], "org2"))
	for _, want := range []string{
		`12: flows[0].trigger.when[0].value: "Negotiation/Review" is not a value of Opportunity.StageName in org2 (unrestricted picklist`,
		`13: flows[0].trigger.when[1].field: Region__c is not a field of Account in org2`,
		`23: flows[0].steps[0].body.fields.region: Region__c is not a field of Account in org2`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("org2 problems lack\n  %s\ngot:\n%s", want, got)
		}
	}
}

func TestCheckNamesEachMistake(t *testing.T) {
	orgs := describeTwoOrgs(t)
	s, lines := load(t, "mistakes.yaml")
	got := format(orgschema.Check(s, lines, orgs["org1"], "org1"))
	for _, want := range []string{
		"14: flows[0].trigger.when[0].field: Stage_Name is not a field of Opportunity in org1 (did you mean StageName?)",
		`15: flows[0].trigger.when[1].value: "Brand New" is not a value of Opportunity.Type in org1 (unrestricted picklist`,
		"16: flows[0].trigger.when[2].field: Acount is not a relationship of Opportunity in org1 (did you mean Account?)",
		"17: flows[0].trigger.when[3].op: greaterThan compares Opportunity.Name, a text field, in org1",
		"24: flows[0].steps[0].fields.ExpectedRevenue: Opportunity.ExpectedRevenue cannot be updated in org1 (a formula field)",
		`25: flows[0].steps[0].fields.CloseDate: Opportunity.CloseDate is a date field in org1; "soon" is not a date`,
		`26: flows[0].steps[0].fields.ForecastCategoryName: "Maybe" is not a value of Opportunity.ForecastCategoryName in org1 (restricted picklist`,
		"31: flows[0].steps[1].fields.ContactId: Case.ContactId is a lookup to Contact in org1, but record.AccountId holds an id of Account",
		"32: flows[0].steps[1].fields.CaseNumber: Case.CaseNumber is read-only in org1 (an auto-number field)",
		"36: flows[0].steps[2].fields: Opportunity requires StageName, CloseDate on create in org1",
		"40: flows[0].steps[3].object: Invoic__c is not an object in org1 (did you mean Invoice__c?)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack\n  %s\ngot:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Invoice_Ref__c is not") {
		t.Errorf("a field the spec creates was reported unknown:\n%s", got)
	}
}

// BenchmarkValidateAgainstOrg checks the stripe example against a schema
// of 500 objects (the 20 standard ones and 480 custom ones of 40 fields).
func BenchmarkValidateAgainstOrg(b *testing.B) {
	orgs := describeTwoOrgs(b)
	big := *orgs["org1"]
	big.Objects = append([]salesforce.SObject(nil), big.Objects...)
	for i := len(big.Objects); i < 500; i++ {
		o := salesforce.SObject{SObjectInfo: salesforce.SObjectInfo{Name: fmt.Sprintf("Custom%03d__c", i), Label: fmt.Sprintf("Custom %d", i), Custom: true}}
		for j := 0; j < 40; j++ {
			o.Fields = append(o.Fields, salesforce.Field{Name: fmt.Sprintf("Field%02d__c", j), Label: fmt.Sprintf("Field %d", j), Type: "string", Createable: true, Updateable: true, Nillable: true})
		}
		big.Objects = append(big.Objects, o)
	}
	// sorted by name, as DescribeOrg returns it
	salesforceSort(big.Objects)
	data, err := os.ReadFile("../examples/stripe-invoice-on-closed-won.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, lines, err := spec.LoadLines(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		orgschema.Check(s, lines, &big, "org1")
	}
}
