package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestRefreshingAnOrgSchemaShowsItsSizeAgeAndFailures(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	prod, sandbox := a.orgID("Demo Production"), a.orgID("Demo Sandbox")
	d := doc(t, c.get("/orgs"))
	if got := testid(d, "org-schema").First().Text(); !strings.Contains(got, "not read yet") {
		t.Fatalf("before any refresh: %q", got)
	}
	wantStatus(t, c.post("/orgs/"+itoa64(prod)+"/schema", nil), http.StatusSeeOther)
	d = doc(t, c.get("/orgs"))
	if flash := testid(d, "flash").Text(); !strings.Contains(flash, "were read again") {
		t.Errorf("confirmation: %q", flash)
	}
	cells := testid(d, "org-schema")
	if got := cells.Eq(0).Text(); !strings.Contains(got, "27 objects") || !strings.Contains(got, "fetched less than a minute ago") {
		t.Errorf("Demo Production schema cell: %q", got)
	}
	// A refresh that fails is shown beside the org, not hidden.
	a.demo.Sim.ExpireSessions("sandbox")
	a.demo.Sim.RevokeRefreshTokens("sandbox")
	wantStatus(t, c.post("/orgs/"+itoa64(sandbox)+"/schema", nil), http.StatusSeeOther)
	d = doc(t, c.get("/orgs"))
	if got := testid(d, "schema-error").Text(); !strings.Contains(got, "reconnect") {
		t.Errorf("failure shown as %q", got)
	}
	if rec := a.as("eddie").post("/orgs/"+itoa64(prod)+"/schema", nil); rec.Code != http.StatusForbidden {
		t.Errorf("editor refreshing a schema: %d", rec.Code)
	}
}
