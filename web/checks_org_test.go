package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/store"
)

func TestEditorChecksTheSpecAgainstTheChosenOrgs(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	prod, sandbox := itoa64(a.orgID("Demo Production")), itoa64(a.orgID("Demo Sandbox"))

	// Unreadable (the sandbox's sign-in was revoked): the panel says the
	// org was not checked rather than calling the spec valid for it.
	a.demo.Sim.ExpireSessions("sandbox")
	a.demo.Sim.RevokeRefreshTokens("sandbox")
	d := doc(t, c.htmx("/spec/validate", url.Values{"spec": {regionSpec}, "orgs_chosen": {"1"}, "check_org": {sandbox}}))
	if got := testid(d, "org-checks").Text(); !strings.Contains(got, "Not checked against Demo Sandbox") || !strings.Contains(got, "reconnect") {
		t.Fatalf("unreadable schema: %q", got)
	}
	// Reconnect the sandbox by storing a fresh sign-in, then refresh.
	tok, err := a.demo.Sim.IssueToken("sandbox", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.st.SetOrgTokens(context.Background(), a.orgID("Demo Sandbox"), store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post("/orgs/"+sandbox+"/schema", nil), http.StatusSeeOther)
	// Production was never read: the editor reads it once by itself.
	d = doc(t, c.htmx("/spec/validate", url.Values{"spec": {regionSpec}, "orgs_chosen": {"1"}, "check_org": {prod}}))
	if testid(d, "spec-valid").Length() != 1 || !strings.Contains(testid(d, "org-checks").Text(), "Checked against Demo Production's schema") {
		t.Errorf("against production the spec should be valid: %s", testid(d, "checks").Text())
	}
	d = doc(t, c.htmx("/spec/validate", url.Values{"spec": {regionSpec}, "orgs_chosen": {"1"}, "check_org": {prod, sandbox}}))
	var got []string
	testid(d, "problem").Each(func(_ int, p *goquery.Selection) {
		got = append(got, p.AttrOr("data-line", "")+" "+strings.Join(strings.Fields(p.Text()), " "))
	})
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		"13 line 13 · flows[0].trigger.when[1].field Region__c is not a field of Account in Demo Sandbox",
		`12 line 12 · flows[0].trigger.when[0].value "Negotiation/Review" is not a value of Opportunity.StageName in Demo Sandbox`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "Demo Production") {
		t.Errorf("production was blamed:\n%s", joined)
	}
	// The editor page offers every org an admin may deploy to, checked.
	page := doc(t, c.get("/integrations/"+itoa64(a.exampleID())))
	if testid(page, "check-org-Demo Production").Length() != 1 || testid(page, "check-org-Demo Sandbox").Length() != 1 {
		t.Errorf("org choice missing: %s", testid(page, "check-orgs").Text())
	}
}
