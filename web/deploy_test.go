package web

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/store"
)

// startDeploy deploys the example's version 1 to the named demo orgs as
// ada and returns the deployment page's path.
func startDeploy(t *testing.T, a *testApp, c *client, orgs ...string) string {
	t.Helper()
	form := url.Values{"mode": {"deploy"}, "tests": {"package"}}
	for _, o := range orgs {
		form.Add("org", itoa64(a.orgID(o)))
	}
	rec := c.post("/integrations/"+itoa64(a.exampleID())+"/versions/1/deploy", form)
	wantStatus(t, rec, http.StatusSeeOther)
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "/deployments/") {
		t.Fatalf("deploy redirected to %q", loc)
	}
	return loc
}

func deploymentID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	for _, ch := range strings.TrimPrefix(path, "/deployments/") {
		id = id*10 + int64(ch-'0')
	}
	return id
}

func TestDeployingToBothDemoOrgsSucceedsWithTestResults(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	form := doc(t, c.get("/integrations/"+itoa64(a.exampleID())+"/versions/1/deploy"))
	if testid(form, "org-Demo Production").Length() != 1 || testid(form, "org-Demo Sandbox").Length() != 1 {
		t.Fatal("the demo orgs are not offered")
	}
	path := startDeploy(t, a, c, "Demo Production", "Demo Sandbox")
	live := doc(t, c.get(path))
	if testid(live, "job").Length() != 2 {
		t.Errorf("want 2 org panels, got %d", testid(live, "job").Length())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d, jobs, err := a.deployer.Wait(ctx, deploymentID(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != store.DeploymentSucceeded {
		for _, j := range jobs {
			t.Errorf("%s: %s: %s", j.OrgAlias, j.Status, j.Error)
		}
		t.Fatalf("deployment %s", d.Status)
	}
	done := doc(t, c.get(path))
	if got := testid(done, "deployment-status").Text(); got != "Succeeded" {
		t.Errorf("status shown: %q", got)
	}
	testid(done, "job").Each(func(_ int, s *goquery.Selection) {
		if st, _ := s.Attr("data-status"); st != string(store.JobSucceeded) {
			t.Errorf("job %q: %s", s.Find("strong").Text(), st)
		}
		if s.Find(`[data-testid="test-results"] .badge.ok`).Length() == 0 {
			t.Errorf("job %q shows no passed tests", s.Find("strong").Text())
		}
	})
	if !strings.Contains(testid(done, "deploy-done").Text(), "Deployed to 2 orgs") {
		t.Errorf("outcome: %q", testid(done, "deploy-done").Text())
	}
	if testid(done, "live").Length() != 0 {
		t.Error("a finished deployment still asks for live events")
	}
	ed := doc(t, c.get("/integrations/"+itoa64(a.exampleID())))
	if testid(ed, "integration-deployments").Find(`[data-testid="deployment-row"]`).Length() != 1 {
		t.Error("the integration page does not list its deployment")
	}
	dash := doc(t, c.get("/"))
	if testid(dash, "deployment-row").Length() != 1 {
		t.Error("the dashboard does not list the deployment")
	}
}

func TestDeployProgressStreamsAsServerSentEvents(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.deployTime = 2 * time.Second })
	c := a.as("ada")
	path := startDeploy(t, a, c, "Demo Sandbox", "Demo Production")
	hs := httptest.NewServer(a.srv)
	defer hs.Close()
	req, _ := http.NewRequest(http.MethodGet, hs.URL+path+"/events", nil)
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	res, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	events := map[string]int{}
	var sawSucceededPanel bool
	for sc.Scan() {
		line := sc.Text()
		if ev, ok := strings.CutPrefix(line, "event: "); ok {
			events[ev]++
		}
		if strings.Contains(line, `data-status="succeeded"`) {
			sawSucceededPanel = true
		}
		if events["done"] > 0 && line == "" {
			break
		}
	}
	if events["swap"] < 4 || events["done"] != 1 || !sawSucceededPanel {
		t.Errorf("events %v, succeeded panel %v", events, sawSucceededPanel)
	}
	// A finished deployment's stream ends at once with "done".
	rec := c.get(path + "/events")
	if !strings.Contains(rec.Body.String(), "event: done") || !strings.Contains(rec.Body.String(), `id="deployment-status"`) {
		t.Errorf("finished stream: %q", rec.Body.String())
	}
}

func TestDeployFormProblemsComeBackInTheForm(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := itoa64(a.exampleID())
	cases := []url.Values{
		{"mode": {"deploy"}, "tests": {"package"}},
		{"mode": {"deploy"}, "tests": {"NoTestRun"}, "org": {itoa64(a.orgID("Demo Production"))}},
		{"mode": {"deploy"}, "tests": {"sometimes"}, "org": {itoa64(a.orgID("Demo Sandbox"))}},
	}
	for _, form := range cases {
		rec := c.post("/integrations/"+id+"/versions/1/deploy", form)
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		if testid(doc(t, rec), "deploy-error").Length() != 1 {
			t.Errorf("%v: no error in the form", form)
		}
	}
	if rec := c.post("/integrations/"+id+"/versions/1/deploy", url.Values{"org": {"abc"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("garbage org id: %d", rec.Code)
	}
	if rec := c.post("/integrations/"+id+"/versions/1/deploy", url.Values{"org": {"987654"}, "tests": {"package"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown org id: %d", rec.Code)
	}
}

// brokenZip packs the metadata zip with an unclosed brace in the first
// non-test Apex class, as a hand-edited package might have.
func brokenZip(b *generator.Bundle, kind string) ([]byte, error) {
	broken := &generator.Bundle{}
	done := false
	for _, f := range b.Files {
		if !done && strings.HasSuffix(f.Path, ".cls") && !strings.Contains(string(f.Data), "@IsTest") {
			f.Data = append(bytes.Clone(f.Data), []byte("\n{\n")...)
			done = true
		}
		broken.Files = append(broken.Files, f)
	}
	return testZip(broken, kind)
}

func TestAFailedDeployShowsEachComponentErrorWithFileAndLine(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.zip = brokenZip })
	c := a.as("ada")
	path := startDeploy(t, a, c, "Demo Sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d, _, err := a.deployer.Wait(ctx, deploymentID(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != store.DeploymentFailed {
		t.Fatalf("deployment %s, want failed", d.Status)
	}
	page := doc(t, c.get(path))
	rows := testid(page, "component-errors").Find("tbody tr")
	if rows.Length() == 0 {
		t.Fatalf("no component errors shown:\n%s", testid(page, "job").Text())
	}
	cells := rows.First().Find("td")
	if !strings.HasSuffix(strings.TrimSpace(cells.Eq(0).Find("code").Text()), ".cls") || strings.TrimSpace(cells.Eq(1).Text()) == "" ||
		strings.TrimSpace(cells.Eq(2).Text()) == "" {
		t.Errorf("component error lacks file, line or problem: %q", rows.First().Text())
	}
	if got := testid(page, "deploy-done").Text(); !strings.Contains(got, "failed in 1 org of 1") {
		t.Errorf("outcome: %q", got)
	}
}
