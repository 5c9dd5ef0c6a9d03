package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// nightlySpec is a scheduled integration whose system needs no sign-in, so
// that its checklist is the permission set and the schedule.
const nightlySpec = `spec: patchbay/v1
name: Nightly
systems:
  - {name: Acme, url: https://acme.example.com, auth: {type: none}}
flows:
  - name: Sweep
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - {id: ping, type: call, system: Acme, method: GET, path: /ping}
`

// deployNightly saves and deploys nightlySpec to the demo sandbox and
// returns the integration id.
func deployNightly(t *testing.T, a *testApp, c *client) int64 {
	t.Helper()
	ctx := context.Background()
	in, err := a.st.CreateIntegration(ctx, "Nightly", "Nightly", "ada")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.AddSpecVersion(ctx, in.ID, nightlySpec, "ada", true); err != nil {
		t.Fatal(err)
	}
	rec := c.post("/integrations/"+itoa64(in.ID)+"/versions/1/deploy", url.Values{"mode": {"deploy"}, "tests": {"package"}, "org": {itoa64(a.orgID("Demo Sandbox"))}})
	wantStatus(t, rec, http.StatusSeeOther)
	waitDeployment(t, a, rec.Header().Get("Location"))
	return in.ID
}

func stepStates(d *goquery.Document) map[string]string {
	out := map[string]string{}
	testid(d, "check-step").Each(func(_ int, s *goquery.Selection) {
		out[s.AttrOr("data-kind", "")] = s.AttrOr("data-state", "")
	})
	return out
}

func TestHealthChecksTheOrgAndTheStartButtonStartsSchedules(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := deployNightly(t, a, c)
	healthPath := "/integrations/" + itoa64(id) + "/health"

	page := doc(t, c.get(healthPath))
	card := testid(page, "org-health")
	if card.Length() != 1 || card.AttrOr("data-org", "") != "Demo Sandbox" || card.AttrOr("data-status", "") != "failing" {
		t.Fatalf("one failing org card expected, got %d: %s", card.Length(), card.Text())
	}
	if testid(page, "live").Length() != 0 || testid(page, "not-live").Length() != 1 {
		t.Fatal("live before any step was done")
	}
	if got := stepStates(page); got["permission-set"] != "fail" || got["schedules"] != "fail" {
		t.Fatalf("steps: %v", got)
	}
	if testid(page, "start-schedules").Length() != 1 {
		t.Fatal("no button to start the schedules")
	}
	if !strings.Contains(card.Text(), "sf org assign permset --name Nightly_Integration") {
		t.Errorf("no permission set command:\n%s", card.Text())
	}

	// Viewers see health but cannot start schedules.
	v := a.as("vera")
	if testid(doc(t, v.get(healthPath)), "start-schedules").Length() != 0 {
		t.Error("a viewer is offered to start schedules")
	}
	orgID := itoa64(a.orgID("Demo Sandbox"))
	wantStatus(t, v.post(healthPath+"/orgs/"+orgID+"/schedules", nil), http.StatusForbidden)
	// Without the CSRF token nothing runs.
	rec := c.post(healthPath+"/orgs/"+orgID+"/schedules", url.Values{"_csrf": {""}})
	if rec.Code == http.StatusSeeOther || len(a.demo.Sim.ScheduledJobs("sandbox")) != 0 {
		t.Fatalf("a request without CSRF token started schedules: %d", rec.Code)
	}

	rec = c.post(healthPath+"/orgs/"+orgID+"/schedules", nil)
	wantStatus(t, rec, http.StatusSeeOther)
	if jobs := a.demo.Sim.ScheduledJobs("sandbox"); !slices.Equal(jobs, []string{"Nightly sweep", "Sweep"}) {
		t.Fatalf("jobs in the org: %v", jobs)
	}
	entries, _ := a.st.AuditLog(context.Background(), 10, 0)
	if len(entries) == 0 || entries[0].Action != "schedules.start" || !strings.Contains(entries[0].Detail, "Sweep started") {
		t.Errorf("not audited: %+v", entries)
	}
	page = doc(t, c.get(healthPath))
	if got := stepStates(page); got["schedules"] != "pass" || got["permission-set"] != "fail" {
		t.Fatalf("after starting: %v", got)
	}

	// The admin assigns the permission set in the org and the runtime logs a run.
	s, _ := spec.Load([]byte(nightlySpec))
	b, _ := generator.Generate(s)
	user := a.demo.Sim.Orgs()[1].Usernames[0]
	if err := a.demo.Sim.AssignPermissionSet("sandbox", user, b.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	writeDemoLog(t, a, "sandbox", map[string]any{"Integration__c": "Nightly", "Flow__c": "Sweep", "Status__c": "Success", "Attempt__c": 1})
	page = doc(t, c.get(healthPath))
	card = testid(page, "org-health")
	if card.AttrOr("data-status", "") != "healthy" || testid(page, "live").Length() != 1 {
		t.Fatalf("after every step: %s\n%s", card.AttrOr("data-status", ""), card.Text())
	}

	// The dashboard shows the last check without asking the org again.
	before := len(a.demo.Sim.Requests())
	row := testid(doc(t, c.get("/")), "health-row")
	if row.Length() != 1 || row.AttrOr("data-status", "") != "healthy" || row.AttrOr("data-org", "") != "Demo Sandbox" {
		t.Fatalf("dashboard health: %d rows, %s", row.Length(), row.Text())
	}
	if after := len(a.demo.Sim.Requests()); after != before {
		t.Errorf("the dashboard made %d requests to the org", after-before)
	}
}

// writeDemoLog creates an Integration_Log__c row in a demo org through the
// standard REST API, as the generated runtime's insert does.
func writeDemoLog(t *testing.T, a *testApp, simAlias string, fields map[string]any) {
	t.Helper()
	tok, err := a.demo.Sim.IssueToken(simAlias, "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(fields)
	req, _ := http.NewRequest(http.MethodPost, tok.InstanceURL+"/services/data/v66.0/sobjects/Integration_Log__c", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("writing a log row: %s", resp.Status)
	}
}
