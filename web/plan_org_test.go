package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDescribePagePlansInTheChosenOrg plans the same request in the demo's
// two orgs, whose schemas differ: production has the Invoice__c object,
// the sandbox does not.
func TestDescribePagePlansInTheChosenOrg(t *testing.T) {
	a := newTestApp(t)
	prod, sandbox := itoa64(a.orgID("Demo Production")), itoa64(a.orgID("Demo Sandbox"))
	const text = "When an invoice is created, send the invoice number and amount to NetSuite."

	// The picker offers the orgs; an admin's default is the first org,
	// an editor's the first org they may deploy to (the sandbox).
	for _, tt := range []struct{ user, want string }{{"ada", prod}, {"eddie", sandbox}} {
		d := doc(t, a.as(tt.user).get("/integrations/new"))
		sel := testid(d, "plan-org")
		if sel.Find("option").Length() != 3 {
			t.Fatalf("%s: picker options = %q", tt.user, sel.Text())
		}
		if got := sel.Find("option[selected]").AttrOr("value", ""); got != tt.want {
			t.Errorf("%s: default org = %q, want %q", tt.user, got, tt.want)
		}
	}

	c := a.as("ada")
	rec := c.post("/integrations/plan", url.Values{"text": {text}, "org_chosen": {"1"}, "org": {prod}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	body := d.Text()
	for _, want := range []string{"{!record.Invoice_Number__c}", "{!record.Amount__c}", "object: Invoice__c"} {
		if !strings.Contains(body, want) {
			t.Errorf("draft in production lacks %q", want)
		}
	}
	if note := testid(d, "plan-org-note").Text(); !strings.Contains(note, "Demo Production's objects and fields") {
		t.Errorf("org note = %q", note)
	}

	// The sandbox has no Invoice object: the planner asks, as without an
	// org, and the picker keeps the sandbox chosen for the answer.
	d = doc(t, c.post("/integrations/plan", url.Values{"text": {text}, "org_chosen": {"1"}, "org": {sandbox}}))
	if testid(d, "question").Length() != 1 || strings.Contains(d.Text(), "Invoice_Number__c") {
		t.Errorf("sandbox: want a question, got %s", d.Text())
	}
	if got := testid(d, "plan-org").Find("option[selected]").AttrOr("value", ""); got != sandbox {
		t.Errorf("sandbox choice not kept: %q", got)
	}

	// No org, or an org not offered, plans without a schema.
	for _, org := range []string{"", "99999"} {
		d = doc(t, c.post("/integrations/plan", url.Values{"text": {text}, "org_chosen": {"1"}, "org": {org}}))
		if strings.Contains(d.Text(), "Invoice_Number__c") || testid(d, "plan-org-note").Length() != 0 {
			t.Errorf("org %q: grounded without a chosen org", org)
		}
	}
}
