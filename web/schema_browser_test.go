package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/patchbay/patchbay/store"
)

// TestTheOrgsSchemaInABrowser checks issue 10 where an admin meets it, in a
// real browser: the editor's field pickers offer the connected orgs' fields
// with their labels and types, and deploying a spec that reads a field one
// org lacks is stopped before anything is sent, naming the org, the line and
// the field, with the deploy form still filled in.
func TestTheOrgsSchemaInABrowser(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t)
	hs := httptest.NewServer(a.srv)
	defer hs.Close()
	sv, err := a.st.AddSpecVersion(context.Background(), a.exampleID(), regionSpec, "ada", true)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(base, 120*time.Second)
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			dctx, dcancel := context.WithTimeout(base, 5*time.Second)
			defer dcancel()
			page, _ := chromedp.Run(dctx, chromedp.Evaluate[string](`(document.querySelector("main")||document.body).innerText.slice(0, 1500)`))
			t.Fatalf("%s: %v (browser problems: %v)\npage:\n%s", what, err, problems(), page)
		}
	}
	tid := func(id string) string { return `[data-testid="` + id + `"]` }
	run("sign in",
		chromedp.Navigate(hs.URL+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "ada"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(tid("login-submit")),
		chromedp.WaitVisible(tid("whoami")),
	)

	// The pickers: the browser's own list of suggestions for an
	// Opportunity field, as the admin sees them while typing.
	run("open the editor", chromedp.Navigate(fmt.Sprintf("%s/integrations/%d", hs.URL, a.exampleID())), chromedp.WaitVisible(tid("tab-form")))
	offered, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries(
		[...document.querySelectorAll('datalist#dl-fields-f-Opportunity option')].map(o => [o.value, o.textContent.trim()]))`))
	if err != nil {
		t.Fatal(err)
	}
	for api, want := range map[string]string{"StageName": "Stage · Picklist", "Amount": "Amount · Currency", "AccountId": "Account ID · Lookup(Account)"} {
		if offered[api] != want {
			t.Errorf("the Opportunity field picker offers %s as %q, want %q (%d offered)", api, offered[api], want, len(offered))
		}
	}

	// The preflight: both demo orgs ticked, validate only.
	deploy := fmt.Sprintf("%s/integrations/%d/versions/%d/deploy", hs.URL, a.exampleID(), sv.Version)
	run("deploy a spec Demo Sandbox cannot take",
		chromedp.Navigate(deploy),
		chromedp.WaitVisible(tid("deploy-form")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(() => { for (const b of document.querySelectorAll('input[name="org"]')) { b.checked = true }; return true })()`)(ctx, tg)
			return err
		}),
		chromedp.Click(tid("mode-check")),
		chromedp.Click(tid("deploy-submit")),
		chromedp.WaitVisible(tid("preflight")),
	)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="preflight"]').innerText + "\n" +
		document.querySelector('[data-testid="deploy-error"]').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Demo Sandbox", "line 13", "Region__c is not a field of Account in Demo Sandbox"} {
		if !strings.Contains(got, want) {
			t.Errorf("the deploy page does not say %q:\n%s", want, got)
		}
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name="org"]:checked').length`))
	if err != nil || checked != 2 {
		t.Errorf("orgs still ticked after the refusal = %d, %v; want both kept", checked, err)
	}
	if deps, _ := a.st.Deployments(context.Background(), store.DeploymentFilter{}); len(deps) != 0 {
		t.Errorf("a deploy was started: %+v", deps)
	}
	for _, p := range problems() {
		// The refused deploy form comes back as 422, which the browser
		// logs; anything else is a problem.
		if !strings.Contains(p, "status of 422") {
			t.Errorf("browser problem: %s", p)
		}
	}
}
