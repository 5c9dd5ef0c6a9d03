package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// deployExampleWithRuns deploys the example to Demo Production and waits
// for the demo to write its run history there.
func deployExampleWithRuns(t *testing.T, a *testApp, c *client) {
	t.Helper()
	waitDeployment(t, a, startDeploy(t, a, c, "Demo Production"))
	deadline := time.Now().Add(20 * time.Second)
	for a.demo.SeededRuns("production") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the demo wrote no runs after the deploy")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunsTabCountsPerOrgListsFailuresFirstAndFilters(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.deployTime = 50 * time.Millisecond })
	c := a.as("vera")
	base := "/integrations/" + itoa64(a.exampleID()) + "/runs"

	// Before a deploy: each org says it has no log, nothing is listed.
	before := doc(t, c.get(base))
	if n := testid(before, "run-org-error").Length(); n != 2 {
		t.Errorf("want both orgs to say they have no log, got %d", n)
	}
	if testid(before, "runs-empty").Length() != 1 {
		t.Error("runs listed before any deploy")
	}

	deployExampleWithRuns(t, a, a.as("ada"))
	page := doc(t, c.get(base))
	orgs := testid(page, "run-org")
	if orgs.Length() != 2 {
		t.Fatalf("%d org rows", orgs.Length())
	}
	prod := orgs.First().Text()
	if !strings.Contains(prod, "Demo Production") || !strings.Contains(prod, "1 failed") || !strings.Contains(prod, "2 failed") {
		t.Errorf("Demo Production counts: %q", prod)
	}
	rows := testid(page, "run-row")
	if rows.Length() == 0 {
		t.Fatal("no runs listed after the deploy")
	}
	if st, _ := rows.First().Attr("data-status"); st != "Failure" {
		t.Errorf("first run listed is %s, want a failure first", st)
	}
	if testid(page, "run-select").Length() != 0 {
		t.Error("a viewer is offered replay")
	}
	// The last 24 hours hold one failure; 7 days two.
	for _, tc := range []struct {
		since string
		want  int
	}{{"24h", 1}, {"7d", 2}, {"all", 2}} {
		q := url.Values{"status": {"failure"}, "since": {tc.since}, "org": {itoa64(a.orgID("Demo Production"))}}
		got := testid(doc(t, c.get(base+"?"+q.Encode())), "run-row").Length()
		if got != tc.want {
			t.Errorf("failures in %s: %d, want %d", tc.since, got, tc.want)
		}
	}
	for _, bad := range []string{"?status=ok", "?since=1y", "?org=x"} {
		wantStatus(t, c.get(base+bad), http.StatusBadRequest)
	}

	// A run's page: its fields, whole message and its record's history.
	link, _ := rows.First().Find(`[data-testid="run-link"]`).Attr("href")
	detail := doc(t, c.get(link))
	if testid(detail, "run-outcome").Text() != "failed" || !strings.Contains(testid(detail, "run-message").Text(), "no default payment method") {
		t.Errorf("run page: outcome %q, message %q", testid(detail, "run-outcome").Text(), testid(detail, "run-message").Text())
	}
	if testid(detail, "run-history").Find(`[data-testid="run-row"]`).Length() < 2 {
		t.Error("the run page does not list the record's other runs")
	}
	wantStatus(t, c.get(strings.TrimSuffix(link, link[strings.LastIndex(link, "/"):])+"/a00nothere"), http.StatusNotFound)
}

func TestReplayingAFailureFromTheRunsTabShowsTheNewRunAndIsAudited(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.deployTime = 50 * time.Millisecond })
	ada := a.as("ada")
	deployExampleWithRuns(t, a, ada)
	base := "/integrations/" + itoa64(a.exampleID()) + "/runs"
	page := doc(t, ada.get(base+"?status=failure&since=7d"))
	boxes := testid(page, "run-select")
	if boxes.Length() != 2 {
		t.Fatalf("%d failures offered for replay, want 2", boxes.Length())
	}
	choice, _ := boxes.First().Attr("value")

	// Viewers cannot replay.
	wantStatus(t, a.as("vera").post(base+"/replay", url.Values{"run": {choice}}), http.StatusForbidden)
	// A value the list did not offer is refused.
	wantStatus(t, ada.post(base+"/replay", url.Values{"run": {"nonsense"}}), http.StatusBadRequest)

	rec := ada.post(base+"/replay", url.Values{"run": {choice}})
	wantStatus(t, rec, http.StatusOK)
	res := doc(t, rec)
	if !strings.Contains(testid(res, "replay-accepted").Text(), "enqueued again for 1 record") {
		t.Errorf("replay result: %q", testid(res, "replay-result").Text())
	}
	newRuns := testid(res, "replay-new-runs").Find(`[data-testid="run-row"]`)
	if newRuns.Length() != 1 {
		t.Fatalf("%d new runs shown, want 1", newRuns.Length())
	}
	if st, _ := newRuns.First().Attr("data-status"); st != "Success" {
		t.Errorf("new run %s", st)
	}
	calls := a.demo.Sim.Replays("production")
	if len(calls) != 1 || len(calls[0].RecordIDs) != 1 {
		t.Fatalf("the org recorded %+v", calls)
	}
	audit, err := a.st.AuditLog(context.Background(), 10, 0)
	if err != nil || len(audit) == 0 || audit[0].Action != "runs.replay" || audit[0].Actor != "ada" || !strings.Contains(audit[0].Detail, calls[0].RecordIDs[0]) {
		t.Errorf("audit %+v, %v", audit, err)
	}
	// Replaying a success is refused as nothing to replay, without a call.
	succeeded := ""
	testid(doc(t, ada.get(base+"?status=success&since=7d")), "run-link").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		succeeded, _ = s.Attr("href")
		return false
	})
	parts := strings.Split(succeeded, "/")
	rec = ada.post(base+"/replay", url.Values{"run": {parts[len(parts)-2] + ":" + parts[len(parts)-1]}})
	if !strings.Contains(testid(doc(t, rec), "replay-skipped").Text(), "only failed runs are replayed") {
		t.Errorf("replaying a success: %s", rec.Body.String()[:min(2000, rec.Body.Len())])
	}
	if n := len(a.demo.Sim.Replays("production")); n != 1 {
		t.Errorf("%d replay calls, want still 1", n)
	}
}
