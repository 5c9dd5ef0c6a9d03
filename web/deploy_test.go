package web

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
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

// lockedBuffer collects logs written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitDeployment waits for a deployment to end and fails unless it succeeded.
func waitDeployment(t *testing.T, a *testApp, path string) {
	t.Helper()
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
}

func TestCredentialsEnteredOnTheDeployFormAreSetInEachOrgAndNeverShown(t *testing.T) {
	const secret = "sk_test_web_5f3a9c1e77"
	for _, remember := range []bool{false, true} {
		t.Run(fmt.Sprintf("remember=%v", remember), func(t *testing.T) {
			var logs lockedBuffer
			a := newTestApp(t, func(c *appConfig) { c.logs = &logs })
			c := a.as("ada")
			deployPath := "/integrations/" + itoa64(a.exampleID()) + "/versions/1/deploy"
			var bodies []string
			keep := func(rec *httptest.ResponseRecorder) *httptest.ResponseRecorder {
				bodies = append(bodies, rec.Body.String())
				return rec
			}

			page := doc(t, keep(c.get(deployPath)))
			input := testid(page, "credential-Stripe-Token")
			if input.Length() != 1 {
				t.Fatalf("the form asks for no Stripe token:\n%s", testid(page, "deploy-form").Text())
			}
			if typ, _ := input.Attr("type"); typ != "password" {
				t.Errorf("the token input is type %q", typ)
			}
			field, _ := input.Attr("name")
			if !strings.Contains(testid(page, "deploy-credentials").Text(), "Setup → Named Credentials") {
				t.Error("the form does not say the keys can be left for Setup")
			}

			// A problem brings the form back without the value.
			form := url.Values{"mode": {"deploy"}, "tests": {"package"}, field: {secret}}
			if remember {
				form.Set("remember_credentials", "1")
			}
			rec := keep(c.post(deployPath, form))
			wantStatus(t, rec, http.StatusUnprocessableEntity)
			again := doc(t, rec)
			if testid(again, "credentials-reenter").Length() != 1 {
				t.Error("the form that came back does not ask to re-enter the credentials")
			}
			if v, ok := testid(again, "credential-Stripe-Token").Attr("value"); ok && v != "" {
				t.Errorf("the token input came back with a value")
			}
			if _, checked := testid(again, "remember-credentials").Attr("checked"); checked != remember {
				t.Errorf("remember checkbox checked=%v, want %v", checked, remember)
			}

			form.Add("org", itoa64(a.orgID("Demo Production")))
			form.Add("org", itoa64(a.orgID("Demo Sandbox")))
			rec = keep(c.post(deployPath, form))
			wantStatus(t, rec, http.StatusSeeOther)
			path := rec.Header().Get("Location")
			waitDeployment(t, a, path)

			for _, org := range []string{"production", "sandbox"} {
				got := a.demo.Sim.Credentials(org)
				if len(got) != 1 || got[0].ExternalCredential != "Stripe_Auth" || got[0].PrincipalName != "Stripe_Principal" ||
					got[0].Values["Token"] != secret {
					t.Errorf("%s credentials: %+v", org, got)
				}
			}
			done := doc(t, keep(c.get(path)))
			if got := testid(done, "deploy-done").Text(); strings.Contains(got, "ready") {
				t.Errorf("outcome: %q", got)
			}
			if n := testid(done, "org-setup").Length(); n != 2 {
				t.Errorf("%d orgs with steps, want 2", n)
			}
			testid(done, "org-setup").Each(func(_ int, o *goquery.Selection) {
				if got := o.Find(`[data-testid="setup-done"]`).Text(); !strings.Contains(got, "patchbay entered the credentials of Stripe") {
					t.Errorf("done in %s: %q", o.AttrOr("data-org", "?"), got)
				}
				if got := o.Find(`[data-testid="setup-left"]`).Text(); strings.Contains(got, "credentials of Stripe") || !strings.Contains(got, "StripeIntegration_Integration") {
					t.Errorf("left in %s: %q", o.AttrOr("data-org", "?"), got)
				}
			})
			keep(c.get(path + "/events"))

			settings, err := a.st.Settings(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			kept := 0
			for _, s := range settings {
				if strings.Contains(s.Value, secret) {
					t.Errorf("setting %s holds the secret in clear", s.Key)
				}
				if strings.HasSuffix(s.Key, ".credentials") {
					kept++
					if !s.Secret {
						t.Errorf("setting %s is not encrypted", s.Key)
					}
				}
			}
			// Remembered credentials are kept only while the deploy runs
			// (the deploy package's tests see them then): once every org's
			// deploy has ended they are deleted.
			if kept != 0 {
				t.Errorf("%d kept credential settings after the deployment ended, want 0", kept)
			}
			for i, b := range bodies {
				if strings.Contains(b, secret) {
					t.Errorf("response %d shows the secret", i)
				}
			}
			if logs.String() == "" {
				t.Error("no logs were captured: the check below proves nothing")
			}
			if strings.Contains(logs.String(), secret) {
				t.Error("the secret was logged")
			}
		})
	}
}

func TestDeployWithoutCredentialsSaysWhichSystemsToSetUp(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	path := startDeploy(t, a, c, "Demo Sandbox")
	waitDeployment(t, a, path)
	if got := a.demo.Sim.Credentials("sandbox"); len(got) != 0 {
		t.Errorf("credentials set with none entered: %+v", got)
	}
	done := testid(doc(t, c.get(path)), "deploy-done")
	if got := done.Text(); strings.Contains(got, "ready") || strings.Contains(got, "live") {
		t.Errorf("outcome claims more than was checked: %q", got)
	}
	org := done.Find(`[data-testid="org-setup"][data-org="Demo Sandbox"]`)
	if org.Find(`[data-testid="setup-done"]`).Length() != 0 {
		t.Errorf("something is claimed done: %q", org.Find(`[data-testid="setup-done"]`).Text())
	}
	left := org.Find(`[data-testid="setup-left"]`).Text()
	for _, want := range []string{"Enter the credentials of Stripe", "Stripe_Auth", "Assign the permission set StripeIntegration_Integration"} {
		if !strings.Contains(left, want) {
			t.Errorf("left to do lacks %q: %q", want, left)
		}
	}
}

// TestTheOutcomeListsSchedulesAndWebhooksPerOrg deploys a spec with a
// schedule and a signed webhook: each org's steps name the Apex that
// starts the schedule and the webhook's address on that org's instance.
func TestTheOutcomeListsSchedulesAndWebhooksPerOrg(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	ctx := context.Background()
	const text = `spec: patchbay/v1
name: Nightly
systems:
  - {name: Acme, url: https://acme.example.com, auth: {type: none}}
flows:
  - name: Sweep
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - {id: ping, type: call, system: Acme, method: GET, path: /ping}
  - name: Inbound
    trigger: {type: webhook, path: /acme/orders, methods: [POST], verify: {type: hmacSha256, header: X-Acme-Signature}}
    steps:
      - {id: note, type: create, object: Task, fields: {Subject: "Order"}}
`
	if _, err := spec.Load([]byte(text)); err != nil {
		t.Fatal(err)
	}
	in, err := a.st.CreateIntegration(ctx, "Nightly", "Nightly", "ada")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.AddSpecVersion(ctx, in.ID, text, "ada", true); err != nil {
		t.Fatal(err)
	}
	rec := c.post("/integrations/"+itoa64(in.ID)+"/versions/1/deploy", url.Values{"mode": {"deploy"}, "tests": {"package"}, "org": {itoa64(a.orgID("Demo Sandbox"))}})
	wantStatus(t, rec, http.StatusSeeOther)
	path := rec.Header().Get("Location")
	waitDeployment(t, a, path)
	org, err := a.st.OrgByAlias(ctx, "Demo Sandbox")
	if err != nil {
		t.Fatal(err)
	}
	left := testid(doc(t, c.get(path)), "org-setup").Find(`[data-testid="setup-left"]`)
	var steps []string
	left.Each(func(_ int, s *goquery.Selection) { steps = append(steps, strings.Join(strings.Fields(s.Text()), " ")) })
	all := strings.Join(steps, "\n")
	for _, want := range []string{
		"Start the schedule Sweep (every day at 02:00)", "Start the schedule Nightly sweep (every hour",
		"System.schedule('Sweep', ",
		"Expose the webhook Inbound (POST)",
		strings.TrimRight(org.InstanceURL, "/") + "/services/apexrest/acme/orders",
		".setSecret('Nightly.Inbound', '<secret>');",
		"Assign the permission set Nightly_Integration",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("steps lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "credentials") {
		t.Errorf("a system without sign-in is given credentials to enter:\n%s", all)
	}
}

func TestAHalfEnteredCredentialIsRefused(t *testing.T) {
	// basic auth takes a user name and a password: one alone is refused.
	sp, err := spec.Load([]byte("spec: patchbay/v1\nname: X\nsystems:\n  - {name: Acme, url: https://acme.example.com, auth: {type: basic}}\n" +
		"flows:\n  - name: Ping\n    trigger: {type: invocable, label: Ping Acme}\n    steps:\n      - {id: ping, type: call, system: Acme, method: GET, path: /ping}\n"))
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"cred.Acme.password": {"hunter2-secret"}}
	if _, _, err := formCredentials(sp, form); err == nil || !strings.Contains(err.Error(), "user name") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v", err)
	}
	form.Set("cred.Acme.username", "ops")
	creds, pending, err := formCredentials(sp, form)
	if err != nil || len(creds) != 1 || creds[0].AuthenticationProtocol != "Basic" || creds[0].Credentials["username"].Value != "ops" || len(pending) != 0 {
		t.Errorf("creds %+v, pending %v, err %v", creds, pending, err)
	}
	if _, pending, err := formCredentials(sp, url.Values{}); err != nil || len(pending) != 1 || pending[0] != "Acme" {
		t.Errorf("nothing entered: pending %v, err %v", pending, err)
	}
}

func TestTheDeployFormLeavesProductionUntickedAndSaysWhatItWillDo(t *testing.T) {
	a := newTestApp(t)
	for _, user := range []string{"ada", "eddie"} {
		d := doc(t, a.as(user).get("/integrations/"+itoa64(a.exampleID())+"/versions/1/deploy"))
		if _, checked := testid(d, "org-Demo Production").Attr("checked"); checked {
			t.Errorf("%s: the production org is ticked for them", user)
		}
		if _, checked := testid(d, "org-Demo Sandbox").Attr("checked"); !checked {
			t.Errorf("%s: the sandbox is not ticked", user)
		}
		button := testid(d, "deploy-submit")
		if got := strings.TrimSpace(button.Text()); !strings.HasPrefix(got, "Deploy to") {
			t.Errorf("%s: the button says %q", user, got)
		}
		if _, ok := button.Attr("data-deploy-button"); !ok {
			t.Errorf("%s: the page script cannot find the button to count the orgs", user)
		}
	}
}

func TestAFailedDeployOffersARetryOfTheOrgsThatFailed(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.zip = brokenZip })
	c := a.as("ada")
	form := url.Values{"mode": {"check"}, "tests": {"RunLocalTests"}, "org": {itoa64(a.orgID("Demo Sandbox"))}}
	rec := c.post("/integrations/"+itoa64(a.exampleID())+"/versions/1/deploy", form)
	wantStatus(t, rec, http.StatusSeeOther)
	path := rec.Header().Get("Location")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if d, _, err := a.deployer.Wait(ctx, deploymentID(t, path)); err != nil || d.Status != store.DeploymentFailed {
		t.Fatalf("deployment %s, %v; want failed", d.Status, err)
	}
	retry := testid(doc(t, c.get(path)), "retry")
	href, _ := retry.Attr("href")
	if retry.Length() != 1 || href == "" {
		t.Fatal("a failed deployment offers no retry")
	}
	again := doc(t, c.get(href))
	if _, checked := testid(again, "org-Demo Sandbox").Attr("checked"); !checked {
		t.Error("the retry does not tick the org that failed")
	}
	if _, checked := testid(again, "org-Demo Production").Attr("checked"); checked {
		t.Error("the retry ticks an org that was not in the deployment")
	}
	if _, checked := testid(again, "mode-check").Attr("checked"); !checked {
		t.Error("the retry forgot it was a validation")
	}
	if v, _ := again.Find(`input[name="tests"][checked]`).Attr("value"); v != "RunLocalTests" {
		t.Errorf("the retry runs tests %q, want RunLocalTests", v)
	}
	if testid(doc(t, a.as("vera").get(path)), "retry").Length() != 0 {
		t.Error("a viewer, who cannot deploy, is offered a retry")
	}
}

func TestAValidationIsOfferedForDeployWithoutRunningItsTestsAgain(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	form := url.Values{"mode": {"check"}, "tests": {"package"}, "org": {itoa64(a.orgID("Demo Sandbox"))}}
	rec := c.post("/integrations/"+itoa64(a.exampleID())+"/versions/1/deploy", form)
	wantStatus(t, rec, http.StatusSeeOther)
	validation := rec.Header().Get("Location")
	waitDeployment(t, a, validation)

	page := doc(t, c.get(validation))
	if got := testid(page, "deploy-done").Text(); strings.Contains(got, "ready") {
		t.Errorf("outcome: %q", got)
	}
	if testid(doc(t, a.as("vera").get(validation)), "quick-deploy").Length() != 0 {
		t.Error("a viewer is offered to deploy")
	}
	action, _ := testid(page, "quick-deploy-form").Attr("action")
	if testid(page, "quick-deploy").Length() != 1 || action == "" {
		t.Fatal("a successful validation does not offer to deploy it")
	}
	rec = c.post(action, nil)
	wantStatus(t, rec, http.StatusSeeOther)
	quick := rec.Header().Get("Location")
	waitDeployment(t, a, quick)
	deploys := a.demo.Sim.Deploys("sandbox")
	if len(deploys) != 2 || deploys[1].QuickDeployOf != deploys[0].ID || deploys[1].CheckOnly || !deploys[1].Success {
		t.Fatalf("the org saw %+v; want its validation quick deployed", deploys)
	}
	if testid(doc(t, c.get(quick)), "org-setup").Length() != 1 {
		t.Error("the quick deploy's outcome does not say what is left in the org")
	}
	again := doc(t, c.get(validation))
	if testid(again, "quick-deploy").Length() != 0 || testid(again, "quick-deployed-as").Length() != 1 {
		t.Error("a validation already deployed is offered again")
	}
	wantStatus(t, c.post(action, nil), http.StatusConflict)
}

// TestADeployCannotOverwriteAnotherIntegrationsComponents deploys the
// example to the sandbox, then a second integration that calls the same
// system (so its Named Credential has the same name) under another spec
// name: its deploy to the sandbox is refused in the form, naming the
// credential and the integration that owns it.
func TestADeployCannotOverwriteAnotherIntegrationsComponents(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	example := a.exampleID()
	path := startDeploy(t, a, c, "Demo Sandbox")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if d, _, err := a.deployer.Wait(ctx, deploymentID(t, path)); err != nil || d.Status != store.DeploymentSucceeded {
		t.Fatalf("first deploy: %s, %v", d.Status, err)
	}
	sv, err := a.st.LatestSpecVersion(ctx, example)
	if err != nil {
		t.Fatal(err)
	}
	in, err := a.st.CreateIntegration(ctx, "Copy", "", "ada")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^name: .*$`).ReplaceAllString(sv.Text, "name: Copy")
	if _, err := a.st.AddSpecVersion(ctx, in.ID, text, "ada", true); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"mode": {"deploy"}, "tests": {"package"}, "org": {itoa64(a.orgID("Demo Sandbox"))}}
	rec := c.post("/integrations/"+itoa64(in.ID)+"/versions/1/deploy", form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	msg := testid(doc(t, rec), "deploy-error").Text()
	if !strings.Contains(msg, "NamedCredential Stripe") || !strings.Contains(msg, `deployed by integration "`) || !strings.Contains(msg, "would overwrite them") {
		t.Errorf("refusal = %q", msg)
	}
	form.Set("org", itoa64(a.orgID("Demo Production")))
	wantStatus(t, c.post("/integrations/"+itoa64(in.ID)+"/versions/1/deploy", form), http.StatusSeeOther)
}
