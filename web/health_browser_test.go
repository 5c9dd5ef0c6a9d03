package web

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// TestHealthTurnsGreenInABrowserOnceTheChecklistIsDone is what an admin
// does after a deploy: open the integration's Health page, see it failing
// and not live, start the schedules with the button, do the rest in the
// org, and see it healthy and live, on the page and on the dashboard.
func TestHealthTurnsGreenInABrowserOnceTheChecklistIsDone(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t)
	id := deployNightly(t, a, a.as("ada"))
	hs := httptest.NewServer(a.srv)
	defer hs.Close()
	shots, err := os.MkdirTemp("", "patchbay-health-screens-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	ctx, cancel := context.WithTimeout(base, 60*time.Second)
	defer cancel()
	tid := func(id string) string { return `[data-testid="` + id + `"]` }
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText.slice(0, 600)`))
			t.Fatalf("%s: %v (browser problems: %v)\npage:\n%s", what, err, problems(), page)
		}
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	attr := func(sel, name string) string {
		return eval(`(document.querySelector('` + sel + `') || {getAttribute: () => "missing"}).getAttribute("` + name + `") || ""`)
	}

	run("sign in and open the integration's health",
		chromedp.Navigate(hs.URL+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "ada"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(tid("login-submit")),
		chromedp.WaitVisible(tid("new-integration")),
		chromedp.Navigate(hs.URL+"/integrations/"+itoa64(id)),
		chromedp.WaitVisible(tid("health-link")),
		chromedp.Click(tid("health-link")),
		chromedp.WaitVisible(tid("org-health")),
		fullShot(shots, "01-health-after-deploy"),
	)
	if got := attr(tid("org-health"), "data-status"); got != "failing" {
		t.Fatalf("right after the deploy the org is %q, want failing", got)
	}
	if eval(`String(!!document.querySelector('`+tid("live")+`'))`) != "false" {
		t.Fatal("live before the checklist was done")
	}

	run("start the schedules",
		chromedp.Click(tid("start-schedules")),
		chromedp.WaitVisible(tid("flash")),
		chromedp.WaitVisible(tid("org-health")),
		fullShot(shots, "02-schedules-started"),
	)
	if got := attr(`[data-testid="check-step"][data-kind="schedules"]`, "data-state"); got != "pass" {
		t.Fatalf("after starting, the schedules step is %q", got)
	}

	// The rest happens in the org: the admin assigns the permission set,
	// and the schedule's first run logs its success.
	s, _ := spec.Load([]byte(nightlySpec))
	b, _ := generator.Generate(s)
	if err := a.demo.Sim.AssignPermissionSet("sandbox", a.demo.Sim.Orgs()[1].Usernames[0], b.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	writeDemoLog(t, a, "sandbox", map[string]any{"Integration__c": "Nightly", "Flow__c": "Sweep", "Status__c": "Success", "Attempt__c": 1})

	run("check again", chromedp.Reload(), chromedp.WaitVisible(tid("live")), fullShot(shots, "03-healthy-and-live"))
	if got := attr(tid("org-health"), "data-status"); got != "healthy" {
		t.Fatalf("after every step the org is %q, want healthy", got)
	}
	if got := eval(`document.querySelector('` + tid("health-status") + `').textContent`); strings.TrimSpace(got) != "Healthy" {
		t.Errorf("the badge says %q", got)
	}
	if got := eval(`getComputedStyle(document.querySelector('` + tid("health-status") + `')).backgroundColor`); got == "rgba(0, 0, 0, 0)" {
		t.Errorf("the healthy badge has no colour")
	}

	run("dashboard", chromedp.Navigate(hs.URL+"/"), chromedp.WaitVisible(tid("health-row")), fullShot(shots, "04-dashboard-health"))
	if got := attr(tid("health-row"), "data-status"); got != "healthy" {
		t.Errorf("the dashboard shows %q", got)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported problems: %v", p)
	}
}
