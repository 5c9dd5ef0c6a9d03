package web

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/patchbay/patchbay/demo"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/internal/testenv"
)

// chromiumPath finds Debian's chromium. The browser test is skipped without
// it, except in CI (CI=true), where its absence is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	found := ""
	for _, p := range []string{os.Getenv("PATCHBAY_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			found = p
			break
		}
	}
	if found == "" {
		found, _ = exec.LookPath("chromium")
	}
	var missing error
	if found == "" {
		missing = errors.New("not at /usr/bin/chromium or on PATH")
	}
	testenv.Need(t, "Chromium (apt-get install chromium)", missing)
	return found
}

// newBrowser starts headless chromium with a throwaway profile and collects
// console errors, exceptions and CSP violations.
func newBrowser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1360, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// TestTheWholeJourneyInABrowser is what a newcomer does in demo mode: sign
// in, describe the integration in a sentence, review the draft, open the
// editor, generate, download the zip, deploy to both demo orgs and see it
// succeed. Screenshots of each step are saved (the path is logged).
func TestTheWholeJourneyInABrowser(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t, func(c *appConfig) { c.deployTime = 1500 * time.Millisecond })
	hs := httptest.NewServer(a.srv)
	defer hs.Close()

	shots := os.Getenv("PATCHBAY_SCREENSHOTS")
	if shots == "" {
		var err error
		if shots, err = os.MkdirTemp("", "patchbay-screens-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", shots)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		})
	}
	downloads := t.TempDir()
	ctx, cancel := context.WithTimeout(base, 90*time.Second)
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			dctx, dcancel := context.WithTimeout(base, 5*time.Second)
			defer dcancel()
			page, _ := chromedp.Run(dctx, chromedp.Evaluate[string](`document.querySelector("main").innerText.slice(0, 300) + " VALUE-TAIL: " + JSON.stringify((document.getElementById("spec-text")||{value:""}).value.slice(-60))`))
			t.Fatalf("%s: %v (browser problems: %v)\npage:\n%s", what, err, problems(), page)
		}
	}
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Value(sel))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return v
	}
	tid := func(id string) string { return `[data-testid="` + id + `"]` }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}

	run("sign in",
		chromedp.Navigate(hs.URL+"/"),
		chromedp.WaitVisible(`#username`),
		shot("01-sign-in"),
		chromedp.SendKeys(`#username`, "ada"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(tid("login-submit")),
		chromedp.WaitVisible(tid("new-integration")),
		shot("02-dashboard"),
	)
	run("describe",
		chromedp.Click(tid("new-integration")),
		chromedp.WaitVisible(tid("sentence")),
		scriptsLoaded(),
		chromedp.Click(tid("example-0")),
		shot("03-describe"),
	)
	if sentence := value(tid("sentence")); sentence != demo.Sentence {
		t.Fatalf("the example button filled %q", sentence)
	}
	run("plan",
		chromedp.Click(tid("plan-submit")),
		chromedp.WaitVisible(tid("plan-result")),
		chromedp.WaitVisible(tid("assumptions")),
		shot("04-draft"),
		// The demo's example has this spec name: the draft says so, with
		// a free name filled in.
		chromedp.WaitVisible(tid("name-taken")),
		chromedp.Click(tid("create-integration")),
		chromedp.WaitVisible(tid("spec-valid")),
		shot("05-editor"),
	)
	original := value(tid("spec-text"))
	run("edit with a mistake",
		scriptsLoaded(),
		chromedp.Click(tid("tab-yaml")),
		caretToEnd(tid("spec-text")),
		chromedp.SendKeys(tid("spec-text"), "\nbogus: 1"),
		chromedp.WaitVisible(tid("problem")),
		chromedp.WaitVisible(`#gutter span.err`),
		shot("06-editor-problem"),
	)
	kept := value(tid("spec-text"))
	if !strings.HasSuffix(kept, "bogus: 1") || !strings.HasPrefix(kept, strings.TrimSpace(original)[:20]) {
		t.Fatalf("the editor lost text during validation: %q", kept)
	}
	run("undo the mistake",
		chromedp.SetValue(tid("spec-text"), original),
		caretToEnd(tid("spec-text")),
		chromedp.SendKeys(tid("spec-text"), "x"+kb.Backspace),
		chromedp.WaitVisible(tid("spec-valid")),
		chromedp.Click(tid("generate")),
		chromedp.WaitVisible(tid("file-preview")),
		shot("07-files"),
	)
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	run("download", chromedp.Click(tid("download-metadata")))
	zipPath := waitForZip(t, downloads)
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	zr.Close()
	if !containsSuffix(names, "package.xml") || !containsSuffix(names, ".cls") || !containsSuffix(names, ".trigger") {
		t.Errorf("downloaded zip holds %v", names)
	}
	run("deploy",
		chromedp.Click(tid("deploy-link")),
		chromedp.WaitVisible(tid("deploy-form")),
		scriptsLoaded(),
	)
	if label := text(tid("deploy-submit")); label != "Deploy to 1 org" {
		t.Errorf("with the sandbox ticked for them the button says %q", label)
	}
	run("tick production",
		chromedp.Click(tid("org-Demo Production")),
		shot("08-deploy-form"),
	)
	if label := text(tid("deploy-submit")); label != "Deploy to 2 orgs" {
		t.Errorf("with both orgs ticked the button says %q", label)
	}
	run("deploy to both",
		chromedp.Click(tid("deploy-submit")),
		chromedp.WaitVisible(tid("live")),
		shot("09-deploying"),
		chromedp.WaitVisible(tid("deploy-done")),
		chromedp.Sleep(200*time.Millisecond),
		shot("10-deployed"),
	)
	succeeded, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="job"][data-status="succeeded"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if succeeded != 2 {
		t.Errorf("%d of 2 orgs show success", succeeded)
	}
	run("results",
		chromedp.WaitVisible(tid("deployment-status")+`.ok`),
		chromedp.Click(`[data-testid="job"] details summary`),
		chromedp.WaitVisible(tid("test-results")),
		shot("11-results"),
	)
	run("a second version and the comparison",
		chromedp.Click(`#deploy-done a`),
		chromedp.WaitVisible(tid("spec-text")),
		scriptsLoaded(),
		chromedp.SetValue(tid("spec-text"), strings.Replace(original, "\nflows:", "\napiVersion: \"65.0\"\nflows:", 1)),
		caretToEnd(tid("spec-text")),
		chromedp.SendKeys(tid("spec-text"), "\n"),
		chromedp.WaitVisible(tid("spec-valid")),
		chromedp.Click(tid("save")),
		chromedp.WaitVisible(tid("flash")),
		chromedp.Click(tid("versions-link")),
		chromedp.WaitVisible(tid("versions")),
		shot("12-versions"),
		chromedp.Click(tid("compare")),
		chromedp.WaitVisible(tid("spec-diff")),
		shot("13-diff"),
	)
	diff, err := chromedp.Run(ctx, chromedp.Text(tid("spec-diff")))
	if err != nil || !strings.Contains(diff, `apiVersion: "65.0"`) {
		t.Errorf("the comparison does not show the change: %q %v", diff, err)
	}
	// The deploy brought the demo's run history: see it, replay a
	// failure, see the new run.
	deadline := time.Now().Add(20 * time.Second)
	for a.demo.SeededRuns("production") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the demo wrote no runs after the deploy")
		}
		time.Sleep(50 * time.Millisecond)
	}
	integrationPath, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname.replace(/\/diff$/, "")`))
	if err != nil {
		t.Fatal(err)
	}
	run("runs",
		chromedp.Navigate(hs.URL+integrationPath),
		chromedp.WaitVisible(tid("runs-link")),
		chromedp.Click(tid("runs-link")),
		chromedp.WaitVisible(tid("run-counts")),
		chromedp.WaitVisible(tid("runs")),
		shot("14-runs"),
	)
	if first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="run-row"]').dataset.status`)); err != nil || first != "Failure" {
		t.Errorf("the first run listed is %q (%v), want a failure first", first, err)
	}
	run("replay a failure",
		chromedp.SetValue(tid("run-filter-status"), "failure"),
		chromedp.Click(tid("run-filter-submit")),
		chromedp.WaitVisible(tid("run-select")),
		chromedp.Click(tid("run-select")),
		shot("15-replay-chosen"),
		chromedp.Click(tid("replay-submit")),
		chromedp.WaitVisible(tid("replay-accepted")),
		chromedp.WaitVisible(tid("replay-new-runs")),
		shot("16-replayed"),
	)
	if st, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="replay-new-runs"] [data-testid="run-row"]').dataset.status`)); err != nil || st != "Success" {
		t.Errorf("the replay's new run is %q (%v), want a success", st, err)
	}
	if calls := len(a.demo.Sim.Replays("production")) + len(a.demo.Sim.Replays("sandbox")); calls != 1 {
		t.Errorf("the orgs recorded %d replay calls, want 1", calls)
	}
	for _, page := range []string{"orgs", "settings", "users", "audit"} {
		run(page, chromedp.Navigate(hs.URL+"/"+page), chromedp.WaitVisible(`main h1`), shot("17-"+page))
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported problems (CSP violations, script errors): %v", p)
	}
}

func waitForZip(t *testing.T, dir string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
		if len(matches) > 0 {
			return matches[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the zip was not downloaded")
	return ""
}

// caretToEnd focuses a text field with the caret after its last character,
// where a person would continue typing.
func caretToEnd(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(() => { const el = document.querySelector(`+"`"+sel+"`"+`); el.focus(); el.setSelectionRange(el.value.length, el.value.length); return true })()`)(ctx, t)
		return err
	})
}

// scriptsLoaded waits until the page's deferred scripts have run, so the
// handlers of app.js are in place.
func scriptsLoaded() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`document.readyState === "complete" && !!window.htmx`)(ctx, t)
		return err
	})
}

// TestEveryPageFitsAPhoneAndADesktop opens every main page at 390 and
// 1,280 pixels wide: no page may be wider than the screen (tables and code
// scroll in their own box), and the navigation must be usable: on a phone
// behind a menu button that opens it, on a desktop shown as it is. The
// screenshots are saved (the path is logged) to be looked at.
func TestEveryPageFitsAPhoneAndADesktop(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t)
	hs := httptest.NewServer(a.srv)
	defer hs.Close()
	shots := os.Getenv("PATCHBAY_SCREENSHOTS")
	if shots == "" {
		var err error
		if shots, err = os.MkdirTemp("", "patchbay-widths-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", shots)

	// Something on every page: a second version, a deployment, a generated
	// file with long lines.
	c := a.as("ada")
	id := itoa64(a.exampleID())
	text := testid(doc(t, c.get("/integrations/"+id)), "spec-text").Text()
	wantStatus(t, c.post("/integrations/"+id+"/versions", url.Values{"spec": {text + "\n"}, "base": {"1"}}), http.StatusSeeOther)
	deployment := startDeploy(t, a, c, "Demo Sandbox")
	waitDeployment(t, a, deployment)
	for deadline := time.Now().Add(20 * time.Second); a.demo.SeededRuns("sandbox") == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the demo wrote no runs after the deploy")
		}
	}
	runRow, _ := testid(doc(t, c.get("/integrations/"+id+"/runs")), "run-link").First().Attr("href")
	if runRow == "" {
		t.Fatal("no run listed after the deploy")
	}
	pages := []string{"/", "/integrations", "/integrations/new", "/integrations/" + id, "/integrations/" + id + "/versions",
		"/integrations/" + id + "/diff?from=1&to=2", "/integrations/" + id + "/versions/1/files", "/integrations/" + id + "/versions/1/deploy",
		"/integrations/" + id + "/versions/1/try", "/integrations/templates/stripe-invoice-on-closed-won",
		"/integrations/" + id + "/runs", runRow, "/integrations/" + id + "/health", "/settings/alerts",
		"/deployments", deployment, "/orgs", "/settings", "/users", "/audit"}

	ctx, cancel := context.WithTimeout(base, 150*time.Second)
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (browser problems: %v)", what, err, problems())
		}
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		return v
	}
	run("sign in",
		chromedp.Navigate(hs.URL+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "ada"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`[data-testid="whoami"]`),
	)
	// usable says whether the link to the Orgs page can be seen and clicked:
	// it has a size and nothing covers its middle.
	const usable = `(() => {
		const a = document.querySelector('nav[aria-label="Main"] a[href="/orgs"]');
		if (!a) return "missing";
		const r = a.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) return "hidden";
		if (r.right > window.innerWidth || r.bottom > window.innerHeight) return "off screen";
		const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return a.contains(el) ? "ok" : "covered by " + (el ? el.tagName + "." + el.className : "nothing");
	})()`
	for _, width := range []int64{390, 1280} {
		run("resize", chromedp.EmulateViewport(width, 844))
		for i, page := range pages {
			run(page, chromedp.Navigate(hs.URL+page), chromedp.WaitReady(`main h1`))
			got := eval(`String(document.documentElement.scrollWidth)`)
			if n, _ := strconv.Atoi(got); n > int(width) {
				widest := eval(`(() => { let w = null; for (const el of document.querySelectorAll("body *")) { const r = el.getBoundingClientRect(); if (r.right > ` + strconv.FormatInt(width, 10) + ` && (!w || r.right > w.r)) w = {r: r.right, d: el.tagName + "." + el.className}; } return w ? w.d + " ends at " + w.r : "" })()`)
				t.Errorf("%d px: %s is %s px wide (%s)", width, page, got, widest)
			}
			name := fmt.Sprintf("%d-%02d-%s", width, i, strings.Trim(strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "").Replace(page), "-"))
			if name == fmt.Sprintf("%d-00-", width) {
				name += "dashboard"
			}
			run("screenshot", fullShot(shots, name))
		}
		// A dry run from its sample, then a template, at this width.
		run("dry run", chromedp.Navigate(hs.URL+"/integrations/"+id+"/versions/1/try"), chromedp.WaitVisible(`[data-testid="try-run"]`),
			chromedp.Click(`[data-testid="try-run"]`), chromedp.WaitVisible(`[data-testid="try-result"]`),
			fullShot(shots, fmt.Sprintf("%d-dry-run-result", width)))
		if body := eval(`(document.querySelector('[data-testid="try-call-body"]') || {textContent: ""}).textContent`); strings.TrimSpace(body) == "" {
			t.Errorf("%d px: the dry run shows no callout body", width)
		}
		if n, _ := strconv.Atoi(eval(`String(document.documentElement.scrollWidth)`)); n > int(width) {
			t.Errorf("%d px: the dry-run result is %d px wide", width, n)
		}
		run("start from a template", chromedp.Navigate(hs.URL+"/integrations/new"), chromedp.WaitVisible(`[data-testid="template-zendesk-ticket-webhook"]`),
			chromedp.Click(`[data-testid="template-zendesk-ticket-webhook"]`), chromedp.WaitVisible(`[data-testid="plan-result"]`))
		if got := eval(`document.querySelector('[data-testid="plan-result"] h2').textContent`); !strings.Contains(got, "Zendesk") {
			t.Errorf("%d px: the template's draft is %q", width, got)
		}
		// A draft with a part no step can do is marked incomplete, quoting the
		// part, and still fits the width.
		run("plan a request with an unplanned part", chromedp.Navigate(hs.URL+"/integrations/new"), chromedp.WaitVisible(`[data-testid="sentence"]`),
			chromedp.SetValue(`[data-testid="sentence"]`, "When a case is escalated, post it to #support in Slack and register it with our Entitlements service"),
			chromedp.Click(`[data-testid="plan-submit"]`), chromedp.WaitVisible(`[data-testid="plan-incomplete"]`),
			fullShot(shots, fmt.Sprintf("%d-plan-incomplete", width)))
		if got := eval(`document.querySelector('[data-testid="unplanned"]').textContent`); !strings.Contains(got, "register it with our Entitlements service") {
			t.Errorf("%d px: the incomplete draft lists %q", width, got)
		}
		if n, _ := strconv.Atoi(eval(`String(document.documentElement.scrollWidth)`)); n > int(width) {
			t.Errorf("%d px: the incomplete draft is %d px wide", width, n)
		}
		run("dashboard", chromedp.Navigate(hs.URL+"/"), chromedp.WaitReady(`main h1`))
		if width < 600 {
			if got := eval(usable); got != "hidden" {
				t.Errorf("%d px: before the menu is opened the navigation is %q, want it folded away", width, got)
			}
			run("open the menu", chromedp.Click(`[data-testid="menu-button"]`), fullShot(shots, fmt.Sprintf("%d-menu-open", width)))
		} else if got := eval(`String(document.querySelector('[data-testid="menu-button"]').getBoundingClientRect().width)`); got != "0" {
			t.Errorf("%d px: the menu button shows (%s px wide) although the navigation fits", width, got)
		}
		if got := eval(usable); got != "ok" {
			t.Fatalf("%d px: the link to Orgs is %s", width, got)
		}
		run("follow a link", chromedp.Click(`nav[aria-label="Main"] a[href="/orgs"]`), chromedp.WaitVisible(`main h1`))
		if loc := eval(`location.pathname`); loc != "/orgs" {
			t.Errorf("%d px: clicking Orgs went to %s", width, loc)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported problems (CSP violations, script errors): %v", p)
	}
}

// fullShot saves a screenshot of the whole page as dir/name.png.
func fullShot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	})
}

// TestConnectingAnOrgPassesTheFormActionPolicy connects a demo org in a
// real browser. Chrome applies the CSP form-action to every redirect after
// a form post, so the connect form's chain (patchbay, then the Salesforce
// login host, then back to patchbay's callback) only completes when the
// policy names the login host: this catches a policy narrowed past what
// OAuth needs, which an HTTP test cannot.
func TestConnectingAnOrgPassesTheFormActionPolicy(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t)
	var srv http.Handler
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	defer hs.Close()
	opts := a.opts
	opts.BaseURL = hs.URL // the OAuth callback comes back to this server
	s, err := New(opts, Services{Store: a.st, Generate: generator.Generate})
	if err != nil {
		t.Fatal(err)
	}
	srv = s
	// An org is connected once: disconnect the demo's production org, which
	// the connect form (Production, the default) reaches.
	wantStatus(t, a.as("ada").post("/orgs/"+itoa64(a.orgID("Demo Production"))+"/disconnect", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	ctx, cancel := context.WithTimeout(base, 60*time.Second)
	defer cancel()
	tid := func(id string) string { return `[data-testid="` + id + `"]` }
	err = chromedp.Do(ctx,
		chromedp.Navigate(hs.URL+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "ada"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(tid("login-submit")),
		chromedp.WaitVisible(tid("new-integration")),
		chromedp.Navigate(hs.URL+"/orgs"),
		chromedp.WaitVisible(tid("connect-submit")),
		chromedp.SendKeys(`#alias`, "Browser Org"),
		chromedp.Click(tid("connect-submit")),
	)
	if err != nil {
		t.Fatalf("starting to connect an org in the browser: %v (browser problems: %v)", err, problems())
	}
	// The page navigates several times; read it until it settles on /orgs.
	var landed string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		landed, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.body.innerText`))
		if err == nil && strings.HasPrefix(landed, "/orgs ") && strings.Contains(landed, "The org is connected.") {
			break
		}
	}
	if !strings.Contains(landed, "The org is connected.") {
		t.Fatalf("connecting an org in the browser ended on %.200q (%v; browser problems: %v)", landed, err, problems())
	}
	for _, p := range problems() {
		if strings.Contains(p, "Content Security Policy") {
			t.Errorf("CSP violation: %s", p)
		}
	}
}
