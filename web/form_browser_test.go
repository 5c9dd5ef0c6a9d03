package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/patchbay/patchbay/spec"
)

// TestBuildingTheStripeExampleWithTheFormOnly starts from a blank
// integration and builds examples/stripe-invoice-on-closed-won.yaml with
// the form view alone (typing, choosing and pressing buttons), at a phone's
// and a desktop's width; the saved spec must equal the example's. Then a
// value edited in the YAML view shows in the form. Screenshots are saved
// (the path is logged) to be looked at.
func TestBuildingTheStripeExampleWithTheFormOnly(t *testing.T) {
	base, problems := newBrowser(t)
	a := newTestApp(t)
	hs := httptest.NewServer(a.srv)
	defer hs.Close()
	want, err := os.ReadFile("../examples/stripe-invoice-on-closed-won.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wantSpec, err := spec.Load(want)
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("PATCHBAY_SCREENSHOTS")
	if shots == "" {
		if shots, err = os.MkdirTemp("", "patchbay-form-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", shots)
	ctx, cancel := context.WithTimeout(base, 240*time.Second)
	defer cancel()
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		rctx, rcancel := context.WithTimeout(ctx, 45*time.Second)
		defer rcancel()
		if err := chromedp.Do(rctx, actions...); err != nil {
			dctx, dcancel := context.WithTimeout(base, 5*time.Second)
			defer dcancel()
			page, _ := chromedp.Run(dctx, chromedp.Evaluate[string](`(document.querySelector("main")||document.body).innerText.slice(0, 1500)`))
			t.Fatalf("%s: %v (browser problems: %v)\npage:\n%s", what, err, problems(), page)
		}
	}
	name := func(n string) string { return `[name="` + n + `"]` }
	tid := func(id string) string { return `[data-testid="` + id + `"]` }
	set := func(control, v string) chromedp.Action[chromedp.Void] { return chromedp.SetValue(name(control), v) }
	// press clicks a button that posts the form and waits for the next page.
	press := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := chromedp.Evaluate[bool](`window.pbOld = true`)(ctx, tg); err != nil {
				return err
			}
			if _, err := chromedp.Click(sel)(ctx, tg); err != nil {
				return fmt.Errorf("clicking %s: %w", sel, err)
			}
			// The page is replaced: evaluating may fail while it is.
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				done, err := chromedp.Evaluate[bool](`!window.pbOld && document.readyState === "complete" && !!window.htmx`)(ctx, tg)
				if err == nil && done {
					return nil
				}
			}
			return fmt.Errorf("no new page after clicking %s", sel)
		})
	}
	apply := press(tid("form-apply"))
	run("sign in",
		chromedp.Navigate(hs.URL+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "eddie"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(tid("login-submit")),
		chromedp.WaitVisible(tid("whoami")),
	)
	for _, width := range []int64{390, 1280} {
		// Spec names are unique per instance: the second build takes
		// another, and is compared with the example under that name.
		specName := "StripeBilling"
		if width != 390 {
			specName = "StripeBillingWide"
		}
		wantNamed := *wantSpec
		wantNamed.Name = specName
		id := formIntegration(t, a, fmt.Sprintf("Blank%d", width), "")
		editor := fmt.Sprintf("%s/integrations/%d", hs.URL, id)
		w := strconv.FormatInt(width, 10)
		run(w+": open the blank integration",
			chromedp.EmulateViewport(width, 900),
			chromedp.Navigate(editor),
			scriptsLoaded(),
			chromedp.Click(tid("tab-form")),
			chromedp.WaitVisible(tid("spec-form")),
			fullShot(shots, w+"-0-blank"),
			set("f.name", specName),
			set("f.label", "Stripe Billing"),
			set("f.description", "Create a Stripe invoice when an opportunity is won and keep its id."),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				// Package settings fold away while empty: open them.
				_, err := chromedp.Evaluate[bool](`(() => { const d = document.querySelector("details.sub"); if (!d.open) d.querySelector("summary").click(); return d.open })()`)(ctx, tg)
				return err
			}),
			set("f.package.name", "Stripe Billing"),
			set("f.package.namespace", "acmebill"),
			set("f.package.version", "1.2.0"),
			press(tid("add-system")),
		)
		run(w+": the system",
			set("f.systems[0].name", "Stripe"),
			set("f.systems[0].label", "Stripe"),
			set("f.systems[0].url", "https://api.stripe.com"),
			set("f.systems[0].auth.type", "bearer"),
			press(tid("add-object")),
		)
		for i, o := range []struct{ obj, field, label string }{
			{"Account", "Stripe_Customer_Id__c", "Stripe Customer Id"},
			{"Opportunity", "Stripe_Invoice_Id__c", "Stripe Invoice Id"},
		} {
			p := fmt.Sprintf("f.objects[%d]", i)
			next := press(tid("add-object"))
			if i == 1 {
				next = press(tid("add-flow"))
			}
			run(w+": object "+o.obj,
				set(p+".name", o.obj),
				press(tid(fmt.Sprintf("add-field-%d", i))),
				set(p+".fields[0].name", o.field),
				set(p+".fields[0].label", o.label),
				set(p+".fields[0].length", "64"),
				set(p+".fields[0].externalId", "true"),
				next,
			)
		}
		when := "flows[0].trigger.when"
		run(w+": the trigger and its conditions",
			set("f.flows[0].name", "InvoiceOnClosedWon"),
			set("f.flows[0].label", "Invoice on closed won"),
			set("f.flows[0].trigger.object", "Opportunity"),
			chromedp.Click(name("f.flows[0].trigger.on")+`[value="update"]`),
			press(tid("add-condition-"+when)),
			set("f."+when+"[0].field", "StageName"),
			set("f."+when+"[0].op", "changedTo"),
			set("f."+when+"[0].value", "Closed Won"),
			press(tid("add-condition-"+when)),
			set("f."+when+"[1].field", "Amount"),
			set("f."+when+"[1].op", "greaterThan"),
			set("f."+when+"[1].value", "0"),
			press(tid("add-any-"+when)),
			set("f."+when+"[2].any[0].field", "Type"),
			set("f."+when+"[2].any[0].value", "New Customer"),
			press(tid("add-condition-"+when+"[2].any")),
			set("f."+when+"[2].any[1].field", "Type"),
			set("f."+when+"[2].any[1].op", "isNull"),
			press(tid("add-step-0-call")),
		)
		st := "f.flows[0].steps[0]"
		run(w+": the call step",
			set(st+".id", "invoice"),
			set(st+".system", "Stripe"),
			set(st+".method", "POST"),
			set(st+".path", "/v1/invoices"),
			set(st+".body.format", "form"),
			apply,
		)
		for _, row := range [][2]string{
			{"customer", "{!record.Account.Stripe_Customer_Id__c}"},
			{"amount", "{!cents(record.Amount)}"},
			{"currency", "usd"},
			{"description", "Invoice for {!record.Name}"},
		} {
			run(w+": body row "+row[0],
				set(st+".body.fields#new.k", row[0]),
				set(st+".body.fields#new.v", row[1]),
				apply,
			)
		}
		st = "f.flows[0].steps[1]"
		run(w+": the update step and error handling",
			press(tid("add-step-0-update")),
			set(st+".id", "saveId"),
			set(st+".object", "Opportunity"),
			set(st+".fields#new.k", "Stripe_Invoice_Id__c"),
			set(st+".fields#new.v", "{!invoice.id}"),
			set("f.flows[0].onError.retry.attempts", "3"),
			set("f.flows[0].onError.retry.backoff", "exponential"),
			apply,
			fullShot(shots, w+"-1-built"),
			press(tid("form-save")),
			chromedp.WaitVisible(tid("flash")),
		)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("spec-text").value`))
		if err != nil {
			t.Fatal(err)
		}
		gotSpec, err := spec.Load([]byte(got))
		if err != nil {
			t.Fatalf("%d px: the built spec does not load: %v\n%s", width, err, got)
		}
		if !reflect.DeepEqual(gotSpec, &wantNamed) {
			t.Errorf("%d px: the built spec differs from the example:\n%s", width, got)
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); n > int(width) {
			t.Errorf("%d px: the editor is %d px wide", width, n)
		}
		run(w+": edit in YAML, see it in the form",
			chromedp.Click(tid("tab-yaml")),
			chromedp.WaitVisible(tid("spec-text")),
			chromedp.SetValue(tid("spec-text"), strings.Replace(got, "path: /v1/invoices", "path: /v1/quotes", 1)),
			caretToEnd(tid("spec-text")),
			chromedp.SendKeys(tid("spec-text"), "\n"),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Poll[bool](`(document.querySelector('[name="f.flows[0].steps[0].path"]')||{}).value === "/v1/quotes"`)(ctx, tg)
				return err
			}),
			chromedp.Click(tid("tab-form")),
			chromedp.WaitVisible(name("f.flows[0].steps[0].path")),
			fullShot(shots, w+"-2-after-yaml"),
			// Without scripts the YAML view's "Show in the form" does the
			// same, by a plain form post; it also leaves nothing unsaved in
			// the text box to warn about when leaving.
			chromedp.Click(tid("tab-yaml")),
			press(tid("yaml-to-form")),
			chromedp.WaitVisible(tid("unsaved")),
		)
		if v, _ := chromedp.Run(ctx, chromedp.Value(name("f.flows[0].steps[0].path"))); v != "/v1/quotes" {
			t.Errorf("%d px: after Show in the form, the path is %q", width, v)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the browser reported problems (CSP violations, script errors): %v", p)
	}
}
