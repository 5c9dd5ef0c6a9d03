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

// addIntegration stores an integration whose spec has a description.
func (a *testApp) addIntegration(name, label, description string) store.Integration {
	a.t.Helper()
	ctx := context.Background()
	in, err := a.st.CreateIntegration(ctx, name, label, "ada")
	if err != nil {
		a.t.Fatal(err)
	}
	text := "spec: patchbay/v1\nname: " + name + "\ndescription: " + description + "\nflows: []\n"
	if _, err := a.st.AddSpecVersion(ctx, in.ID, text, "ada", false); err != nil {
		a.t.Fatal(err)
	}
	in, err = a.st.Integration(ctx, in.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return in
}

// auditHas says whether the audit log has an entry with the action on the
// target whose detail contains detail.
func auditHas(t *testing.T, a *testApp, actor, action, target, detail string) bool {
	t.Helper()
	for _, e := range mustAudit(t, a) {
		if e.Actor == actor && e.Action == action && e.Target == target && strings.Contains(e.Detail, detail) {
			return true
		}
	}
	return false
}

func TestSearchingIntegrations(t *testing.T) {
	a := newTestApp(t)
	a.addIntegration("Zendesk_Cases", "Réclamations Zendesk", "Opens a case for each new ticket")
	a.addIntegration("Slack_Escalations", "Escalations to Slack", "Posts escalated cases to a channel")
	c := a.as("vera") // reading is enough to search
	all := doc(t, c.get("/integrations"))
	total := testid(all, "integration-row").Length()
	if total < 3 {
		t.Fatalf("the list shows %d integrations, want the demo's and two more", total)
	}
	if form := testid(all, "integration-search"); form.AttrOr("method", "") != "get" || form.AttrOr("action", "") != "/integrations" {
		t.Error("the search must be a GET form, so it works without script")
	}
	for _, tc := range []struct {
		q, want string // want: the rows' titles, joined by |
		count   string
	}{
		{"slack", "Escalations to Slack", "1 of " + itoa(total) + " integrations match “slack”."},
		{"RÉCLAMATIONS", "Réclamations Zendesk", "1 of"},               // label, non-ASCII case
		{"zendesk_cases", "Réclamations Zendesk", "1 of"},              // spec name
		{"NEW TICKET", "Réclamations Zendesk", "1 of"},                 // description
		{"cases", "Escalations to Slack|Réclamations Zendesk", "2 of"}, // two matches, newest change first
		{"no such thing", "", "0 of " + itoa(total) + " integrations match “no such thing”."},
	} {
		d := doc(t, c.get("/integrations?q="+url.QueryEscape(tc.q)))
		var got []string
		testid(d, "integration-row").Each(func(_ int, s *goquery.Selection) { got = append(got, s.Find("a").First().Text()) })
		if strings.Join(got, "|") != tc.want {
			t.Errorf("q=%q: rows %q, want %q", tc.q, got, tc.want)
		}
		if count := testid(d, "integration-count").Text(); !strings.HasPrefix(count, tc.count) {
			t.Errorf("q=%q: count %q, want it to start %q", tc.q, count, tc.count)
		}
		if v := testid(d, "integration-q").AttrOr("value", ""); v != tc.q {
			t.Errorf("q=%q: the box shows %q", tc.q, v)
		}
	}
	// Search text is bounded: the box says so and the server cuts it.
	d := doc(t, c.get("/integrations?q="+strings.Repeat("é", 5000)))
	if v := testid(d, "integration-q").AttrOr("value", ""); len([]rune(v)) != store.MaxSearchLength {
		t.Errorf("a long search was kept at %d characters, want %d", len([]rune(v)), store.MaxSearchLength)
	}
	if ml := testid(d, "integration-q").AttrOr("maxlength", ""); ml != itoa(store.MaxSearchLength) {
		t.Errorf("maxlength = %q", ml)
	}
}

func TestRenamingAnIntegrationKeepsItsSpecName(t *testing.T) {
	a := newTestApp(t)
	in := a.addIntegration("Stripe_Sync", "Stripe sync", "Sends invoices")
	id := itoa64(in.ID)
	page := "/integrations/" + id

	// A viewer sees no rename form and cannot rename.
	v := a.as("vera")
	if testid(doc(t, v.get(page)), "rename-form").Length() != 0 {
		t.Error("a viewer is offered the rename form")
	}
	wantStatus(t, v.post(page+"/label", url.Values{"label": {"Mine now"}}), http.StatusForbidden)

	e := a.as("eddie")
	d := doc(t, e.get(page))
	hint := testid(d, "integration-manage").Find("#integration-label-hint").Text()
	if !strings.Contains(hint, "Stripe_Sync") || !strings.Contains(hint, "Salesforce") {
		t.Errorf("the rename field does not say the spec name stays: %q", hint)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", 81), "two\nlines"} {
		wantStatus(t, e.post(page+"/label", url.Values{"label": {bad}}), http.StatusBadRequest)
	}
	wantStatus(t, e.post(page+"/label", url.Values{"label": {"  Invoices to Stripe  "}}), http.StatusSeeOther)
	got, err := a.st.Integration(context.Background(), in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Label != "Invoices to Stripe" || got.SpecName != "Stripe_Sync" || got.Name != "Stripe_Sync" || got.LatestVersion != 1 {
		t.Errorf("after rename: %+v; only the label may change", got)
	}
	if title := testid(doc(t, e.get(page)), "integration-title").Text(); title != "Invoices to Stripe" {
		t.Errorf("title %q", title)
	}
	if !auditHas(t, a, "eddie", "integration.rename", "integration:"+id, `from "Stripe sync" to "Invoices to Stripe"`) {
		t.Errorf("no audit row for the rename: %+v", mustAudit(t, a))
	}
	if auditHas(t, a, "vera", "integration.rename", "integration:"+id, "") {
		t.Error("the refused rename was audited as done")
	}
}

func TestArchivingAsksFirstHidesAndUnarchives(t *testing.T) {
	a := newTestApp(t)
	id := a.exampleID()
	page := "/integrations/" + itoa64(id)
	ctx := context.Background()
	archived := func() bool {
		t.Helper()
		in, err := a.st.Integration(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return in.Archived()
	}

	wantStatus(t, a.as("vera").post(page+"/archive", url.Values{"confirm": {"yes"}}), http.StatusForbidden)
	if archived() {
		t.Fatal("a viewer archived an integration")
	}

	e := a.as("eddie")
	if testid(doc(t, e.get(page)), "integration-deploy").Length() == 0 {
		t.Fatal("the demo integration offers no deploy before archiving; the test below would prove nothing")
	}
	// Archive asks first, saying what stays.
	rec := e.post(page+"/archive", nil)
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if testid(d, "archive-confirmed").Length() != 1 || !strings.Contains(testid(d, "archive-confirm").Text(), "kept") {
		t.Fatal("archiving did not ask for confirmation saying what is kept")
	}
	if archived() {
		t.Fatal("archived before confirmation")
	}
	wantStatus(t, e.post(page+"/archive", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	if !archived() {
		t.Fatal("not archived after confirmation")
	}
	if !auditHas(t, a, "eddie", "integration.archive", "integration:"+itoa64(id), "") {
		t.Error("no audit row for archiving")
	}

	// Hidden from the list and dashboard by default; "Show archived" lists it.
	for _, path := range []string{"/integrations", "/"} {
		d := doc(t, e.get(path))
		if d.Find(`a[href="`+page+`"]`).Length() != 0 {
			t.Errorf("%s lists the archived integration", path)
		}
	}
	d = doc(t, e.get("/integrations"))
	if count := testid(d, "integration-count").Text(); !strings.Contains(count, "1 archived integration not shown") {
		t.Errorf("count %q does not say one is hidden", count)
	}
	d = doc(t, e.get("/integrations?archived=1"))
	row := d.Find(`a[href="` + page + `"]`).Closest("tr")
	if row.Length() != 1 || testid(d, "archived-badge").Length() != 1 {
		t.Error("Show archived does not list it marked Archived")
	}
	// Its page says so and offers no deploy; deploying is refused.
	d = doc(t, e.get(page))
	if !strings.Contains(testid(d, "archived-note").Text(), "Archived") || testid(d, "integration-deploy").Length() != 0 {
		t.Error("the archived integration's page does not say Archived, or still offers Deploy")
	}
	if testid(doc(t, e.get(page+"/versions")), "archived-note").Length() != 1 {
		t.Error("the archived integration's versions page does not say Archived")
	}
	wantStatus(t, e.get(page+"/versions/1/deploy"), http.StatusConflict)
	rec = e.post(page+"/versions/1/deploy", url.Values{"org": {itoa64(a.orgID("Demo Sandbox"))}})
	wantStatus(t, rec, http.StatusConflict)
	if !strings.Contains(rec.Body.String(), "archived integration cannot be deployed") {
		t.Error("the refused deploy does not say why")
	}
	// Its versions are kept.
	if vs, err := a.st.SpecVersions(ctx, id); err != nil || len(vs) == 0 {
		t.Errorf("versions after archiving: %d, %v", len(vs), err)
	}

	// Unarchive asks first too, then brings it back.
	rec = e.post(page+"/unarchive", nil)
	wantStatus(t, rec, http.StatusOK)
	if testid(doc(t, rec), "unarchive-confirmed").Length() != 1 || !archived() {
		t.Fatal("unarchiving did not ask first")
	}
	wantStatus(t, e.post(page+"/unarchive", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	if archived() {
		t.Fatal("still archived")
	}
	if !auditHas(t, a, "eddie", "integration.unarchive", "integration:"+itoa64(id), "") {
		t.Error("no audit row for unarchiving")
	}
	if doc(t, e.get("/integrations")).Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Error("the unarchived integration is not listed")
	}
	wantStatus(t, e.get(page+"/versions/1/deploy"), http.StatusOK)
}

func TestAnArchivedIntegrationsValidationIsNotQuickDeployed(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	page := "/integrations/" + itoa64(a.exampleID())
	form := url.Values{"mode": {"check"}, "tests": {"package"}, "org": {itoa64(a.orgID("Demo Sandbox"))}}
	rec := c.post(page+"/versions/1/deploy", form)
	wantStatus(t, rec, http.StatusSeeOther)
	validation := rec.Header().Get("Location")
	waitDeployment(t, a, validation)
	action, _ := testid(doc(t, c.get(validation)), "quick-deploy-form").Attr("action")
	if action == "" {
		t.Fatal("the validation is not offered for quick deploy before archiving; the test below would prove nothing")
	}
	wantStatus(t, c.post(page+"/archive", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	if testid(doc(t, c.get(validation)), "quick-deploy").Length() != 0 {
		t.Error("an archived integration's validation is offered for deploy")
	}
	wantStatus(t, c.post(action, nil), http.StatusConflict)
	if deploys := a.demo.Sim.Deploys("sandbox"); len(deploys) != 1 {
		t.Errorf("the org saw %d deploys, want only the validation", len(deploys))
	}
}
