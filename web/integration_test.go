package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/demo"
)

func TestDescribingAnIntegrationShowsTheDraftWithAssumptionsThenOpensTheEditor(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	wantStatus(t, c.get("/integrations/new"), http.StatusOK)
	rec := c.post("/integrations/plan", url.Values{"text": {demo.Sentence}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if testid(d, "plan-result").Length() != 1 || testid(d, "diagram").Length() != 1 {
		t.Fatalf("no draft or diagram:\n%s", rec.Body.String())
	}
	if testid(d, "assumptions").Find("li").Length() == 0 {
		t.Error("no assumptions listed")
	}
	specText, _ := d.Find(`input[name="spec"]`).Attr("value")
	// The demo already made an integration from this sentence: the draft
	// says its spec name is taken and fills in a free one.
	if msg := testid(d, "name-taken").Text(); !strings.Contains(msg, "already has a spec named StripeIntegration") || !strings.Contains(msg, "will be named StripeIntegration2") {
		t.Errorf("the draft does not say its name is taken: %q", msg)
	}
	if name, _ := testid(d, "spec-name").Attr("value"); name != "StripeIntegration2" {
		t.Errorf("the draft fills in %q, want StripeIntegration2", name)
	}
	// Sent without the name field (another tab, or the name taken since),
	// the create is refused and the draft comes back with a free name.
	rec = c.post("/integrations", url.Values{"spec": {specText}, "request": {demo.Sentence}})
	wantStatus(t, rec, http.StatusConflict)
	d = doc(t, rec)
	if msg := testid(d, "name-taken").Text(); !strings.Contains(msg, "already has a spec named StripeIntegration") || !strings.Contains(msg, "for example StripeIntegration2") {
		t.Errorf("the refusal does not name the spec and a free name: %q", msg)
	}
	name, _ := testid(d, "spec-name").Attr("value")
	if name != "StripeIntegration2" {
		t.Fatalf("suggested name %q, want StripeIntegration2", name)
	}
	rec = c.post("/integrations", url.Values{"spec": {specText}, "request": {demo.Sentence}, "name": {name}})
	wantStatus(t, rec, http.StatusSeeOther)
	ed := doc(t, c.get(rec.Header().Get("Location")))
	if got, want := testid(ed, "spec-text").Text(), strings.Replace(specText, "name: StripeIntegration\n", "name: StripeIntegration2\n", 1); got != want {
		t.Errorf("editor text differs from the renamed draft:\n%s\nwant\n%s", got, want)
	}
	if testid(ed, "spec-valid").Length() != 1 || testid(ed, "generate").Length() != 1 {
		t.Error("the planned spec is not shown as valid with a Generate button")
	}
	if testid(ed, "flash").Length() != 1 {
		t.Error("no confirmation after creating")
	}
}

// A request with a part the planner cannot plan is never shown as valid
// and ready: the draft and the editor mark it incomplete and quote the part.
func TestADraftWithAnUnplannedClauseIsShownIncompleteNotReady(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	const text = "When a case is escalated, post it to #support in Slack and register it with our Entitlements service"
	rec := c.post("/integrations/plan", url.Values{"text": {text}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if testid(d, "plan-incomplete").Length() != 1 || !strings.Contains(testid(d, "unplanned").Text(), "register it with our Entitlements service") {
		t.Fatalf("the draft is not marked incomplete with its unplanned clause:\n%s", rec.Body.String())
	}
	specText, _ := d.Find(`input[name="spec"]`).Attr("value")
	rec = c.post("/integrations", url.Values{"spec": {specText}, "request": {text}})
	wantStatus(t, rec, http.StatusSeeOther)
	ed := doc(t, c.get(rec.Header().Get("Location")))
	if testid(ed, "spec-valid").Length() != 0 || testid(ed, "plan-incomplete").Length() != 1 {
		t.Errorf("the editor shows an incomplete draft as valid and ready:\n%s", testid(ed, "checks").Text())
	}
}

func TestAnEmptyDescriptionIsRefusedInTheForm(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	rec := c.post("/integrations/plan", url.Values{"text": {"   "}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	if testid(doc(t, rec), "plan-error").Length() != 1 {
		t.Error("no error beside the text box")
	}
}

// questioner asks which system until the request names Stripe, then plans
// the demo sentence with the offline planner.
type questioner struct{}

func (questioner) Plan(ctx context.Context, text string) (builder.Result, error) {
	if !strings.Contains(text, "Stripe") {
		return builder.Result{Question: "Which system should receive the invoice?"}, nil
	}
	return builder.Plan(ctx, demo.Sentence)
}

func TestAClarifyingQuestionIsAnsweredInPlaceKeepingTheDescription(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.planner = questioner{} })
	c := a.as("eddie")
	text := "When an opportunity is closed won, create an invoice and save its id"
	rec := c.post("/integrations/plan", url.Values{"text": {text}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if !strings.Contains(testid(d, "question").Text(), "Which system") {
		t.Fatalf("question not shown:\n%s", rec.Body.String())
	}
	if got := testid(d, "sentence").Text(); got != text {
		t.Errorf("description became %q", got)
	}
	rec = c.post("/integrations/plan", url.Values{"text": {text}, "answer": {"Stripe"}})
	wantStatus(t, rec, http.StatusOK)
	if testid(doc(t, rec), "plan-result").Length() != 1 {
		t.Error("answering did not produce a draft")
	}
}

type refuser struct{}

func (refuser) Plan(context.Context, string) (builder.Result, error) {
	return builder.Result{Refusal: "Deleting every account is destructive."}, nil
}

func TestARefusalIsExplainedAndTheDescriptionKept(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.planner = refuser{} })
	c := a.as("eddie")
	rec := c.post("/integrations/plan", url.Values{"text": {"delete all accounts"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	d := doc(t, rec)
	if !strings.Contains(testid(d, "refusal").Text(), "destructive") || testid(d, "sentence").Text() != "delete all accounts" {
		t.Error("refusal or text missing")
	}
}

type broken struct{}

func (broken) Plan(context.Context, string) (builder.Result, error) {
	return builder.Result{}, errors.New("dial tcp 10.0.0.7:443: secret-internal-detail")
}

func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	a := newTestApp(t, func(c *appConfig) { c.planner = broken{} })
	c := a.as("eddie")
	rec := c.post("/integrations/plan", url.Values{"text": {"anything"}})
	wantStatus(t, rec, http.StatusInternalServerError)
	body := rec.Body.String()
	if strings.Contains(body, "secret-internal-detail") || strings.Contains(body, "10.0.0.7") {
		t.Error("internal error text reached the page")
	}
	if testid(doc(t, rec), "error").Length() != 1 || !strings.Contains(body, "reference") {
		t.Error("no humane error page with a reference")
	}
}

func TestUnknownPagesAndRecordsGetAHumaneNotFound(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	for _, path := range []string{"/nope", "/integrations/99999", "/integrations/abc", "/deployments/4242", "/integrations/1/versions/77/files"} {
		rec := c.get(path)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
			continue
		}
		body := rec.Body.String()
		if testid(doc(t, rec), "error").Length() != 1 || strings.Contains(body, "store:") || strings.Contains(body, "sql") {
			t.Errorf("GET %s: not a clean error page", path)
		}
	}
}

func TestValidationPointsAtPathAndLineAndNeverReturnsTheText(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	text := "spec: patchbay/v1\nname: Bad Name\nflows:\n  - name: F\n    trigger: {type: schedule, cron: \"0 0 2 * * ?\"}\n    steps:\n      - id: s\n        type: call\n        system: Nope\n        method: GET\n        path: /x\n"
	rec := c.htmx("/spec/validate", url.Values{"spec": {text}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	probs := testid(d, "problem")
	if probs.Length() < 2 {
		t.Fatalf("want at least 2 problems, got %d:\n%s", probs.Length(), rec.Body.String())
	}
	var sawName, sawSystem bool
	probs.Each(func(_ int, s *goquery.Selection) {
		line, _ := s.Attr("data-line")
		txt := s.Text()
		if strings.Contains(txt, "name") && line == "2" {
			sawName = true
		}
		if strings.Contains(txt, "flows[0].steps[0].system") && line == "9" {
			sawSystem = true
		}
	})
	if !sawName || !sawSystem {
		t.Errorf("problems do not point at name (line 2) and the step's system (line 9):\n%s", probs.Text())
	}
	if d.Find("textarea").Length() != 0 {
		t.Error("the validation response carries a textarea; it must never replace the user's text")
	}
	if testid(d, "diagram").Length() != 1 {
		t.Error("a readable but invalid spec should still be drawn")
	}
	// Unreadable YAML: a problem with a line, no diagram.
	d = doc(t, c.htmx("/spec/validate", url.Values{"spec": {"spec: [\n"}}))
	if testid(d, "problem").Length() == 0 || testid(d, "diagram").Length() != 0 {
		t.Error("broken YAML not reported")
	}
}

func TestSavingAnInvalidSpecKeepsEveryCharacterAsANewVersion(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := itoa64(a.exampleID())
	text := "spec: patchbay/v1\nname: StripeBilling\n# work in progress: <b>&amp; \"quotes\"\nflows: []\n"
	rec := c.post("/integrations/"+id+"/versions", url.Values{"spec": {text}, "base": {"1"}})
	wantStatus(t, rec, http.StatusSeeOther)
	d := doc(t, c.get(rec.Header().Get("Location")))
	if got := testid(d, "spec-text").Text(); got != text {
		t.Errorf("text came back as\n%q\nwant\n%q", got, text)
	}
	if testid(d, "problem").Length() == 0 || testid(d, "generate").Length() != 0 {
		t.Error("an invalid version shows no problems, or offers Generate")
	}
	if rec := c.get("/integrations/" + id + "/versions/2/files"); rec.Code != http.StatusBadRequest {
		t.Errorf("generating an invalid version: status %d", rec.Code)
	}
}

func TestVersionsListAuthorsAndTheDiffShowsSpecAndFileChanges(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := itoa64(a.exampleID())
	d := doc(t, c.get("/integrations/"+id))
	text := testid(d, "spec-text").Text()
	changed := regexp.MustCompile(`(?m)^label: .*$`).ReplaceAllString(text, "label: Stripe invoices")
	if changed == text {
		t.Fatalf("example spec has no label line to change:\n%s", text)
	}
	wantStatus(t, c.post("/integrations/"+id+"/versions", url.Values{"spec": {changed}, "base": {"1"}}), http.StatusSeeOther)
	vl := doc(t, c.get("/integrations/"+id+"/versions"))
	rows := testid(vl, "version-row")
	if rows.Length() != 2 || !strings.Contains(rows.First().Text(), "eddie") || !strings.Contains(rows.Last().Text(), "demo") {
		t.Fatalf("versions list:\n%s", testid(vl, "versions").Text())
	}
	rec := c.get("/integrations/" + id + "/diff?from=1&to=2")
	wantStatus(t, rec, http.StatusOK)
	dd := doc(t, rec)
	if !strings.Contains(testid(dd, "spec-diff").Find(".row.add").Text(), "label: Stripe invoices") {
		t.Errorf("spec diff does not show the added line:\n%s", testid(dd, "spec-diff").Text())
	}
	if testid(dd, "files-diff").Length() != 1 {
		t.Error("no generated-files diff")
	}
	if rec := c.get("/integrations/" + id + "/diff?from=x"); rec.Code != http.StatusBadRequest {
		t.Errorf("bad version number: status %d", rec.Code)
	}
}

func TestGeneratedFilesAreListedAndHighlighted(t *testing.T) {
	a := newTestApp(t)
	c := a.as("vera")
	id := itoa64(a.exampleID())
	rec := c.get("/integrations/" + id + "/versions/1/files")
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if testid(d, "file-link").Length() < 5 {
		t.Fatalf("only %d files listed", testid(d, "file-link").Length())
	}
	p := testid(d, "file-path").Text()
	if !strings.HasSuffix(p, ".cls") {
		t.Errorf("first file shown is %q, want an Apex class", p)
	}
	pre := testid(d, "file-preview")
	if pre.Find(".chroma").Length() == 0 || pre.Find(".k, .kd, .kt, .kr").Length() == 0 {
		t.Error("the Apex class is not highlighted")
	}
	if pre.Find("[style]").Length() != 0 {
		t.Error("highlighting uses inline styles, which the CSP blocks")
	}
	var xml string
	testid(d, "file-link").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); xml == "" && strings.HasSuffix(s.Text(), ".xml") {
			xml = h
		}
	})
	d = doc(t, c.get(xml))
	if !strings.HasSuffix(testid(d, "file-path").Text(), ".xml") || testid(d, "file-preview").Find(".nt").Length() == 0 {
		t.Error("XML file not shown highlighted")
	}
	if rec := c.get("/integrations/" + id + "/versions/1/files?path=../../etc/passwd"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown file: status %d", rec.Code)
	}
}

func TestDownloadsAreZipsWithTheManifest(t *testing.T) {
	a := newTestApp(t)
	c := a.as("vera")
	id := itoa64(a.exampleID())
	for kind, want := range map[string]string{"metadata": "package.xml", "project": "sfdx-project.json"} {
		rec := c.get("/integrations/" + id + "/versions/1/download/" + kind)
		wantStatus(t, rec, http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); ct != "application/zip" {
			t.Errorf("%s: content type %q", kind, ct)
		}
		zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		if !containsSuffix(names, want) || !containsSuffix(names, ".cls") {
			t.Errorf("%s zip lacks %s or Apex: %v", kind, want, names)
		}
	}
	if rec := c.get("/integrations/" + id + "/versions/1/download/tarball"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown download kind: %d", rec.Code)
	}
}

func containsSuffix(names []string, suffix string) bool {
	for _, n := range names {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return false
}

func TestOversizedRequestsAreRefused(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	big := strings.Repeat("a", MaxBodyBytes+1024)
	rec := c.post("/spec/validate", url.Values{"spec": {big}})
	wantStatus(t, rec, http.StatusRequestEntityTooLarge)
}

func TestTheIntegrationPageOffersDeployToThoseWhoMayDeploy(t *testing.T) {
	a := newTestApp(t)
	page := "/integrations/" + itoa64(a.exampleID())
	for _, tc := range []struct {
		user string
		want bool
	}{{"ada", true}, {"eddie", true}, {"vera", false}} {
		t.Run(tc.user, func(t *testing.T) {
			c := a.as(tc.user)
			link := testid(doc(t, c.get(page)), "integration-deploy")
			if got := link.Length() == 1; got != tc.want {
				t.Fatalf("deploy offered: %v, want %v", got, tc.want)
			}
			if !tc.want {
				return
			}
			href, _ := link.Attr("href")
			if href != page+"/versions/1/deploy" {
				t.Errorf("deploy links to %q", href)
			}
			wantStatus(t, c.get(href), http.StatusOK)
		})
	}
}

// llmAt plans with the LLM planner at url, without retries.
type llmAt struct{ url string }

func (p llmAt) Plan(ctx context.Context, text string) (builder.Result, error) {
	pl, err := builder.New(builder.Config{Planner: builder.PlannerLLM, BaseURL: p.url, Model: "m", APIKey: "sk-test-key-123",
		RequestTimeout: 2 * time.Second, Timeout: 5 * time.Second, MaxRetries: -1, RepairRounds: -1})
	if err != nil {
		return builder.Result{}, err
	}
	return pl.Plan(ctx, text)
}

func TestAFailingLanguageModelKeepsTheTextAndOffersTheOfflinePlanner(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/v1"
	l.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error": {"message": "upstream secret-detail"}}`, http.StatusInternalServerError)
	}))
	defer failing.Close()
	garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"choices": [{"message": {"content": "not json at all secret-detail"}}]}`))
	}))
	defer garbage.Close()
	noLeaks := func(t *testing.T, body string) {
		for _, leak := range []string{"secret-detail", "sk-test-key", "127.0.0.1"} {
			if strings.Contains(body, leak) {
				t.Errorf("the page shows %q", leak)
			}
		}
	}
	// An endpoint that fails: the offline planner drafts the same text, and
	// the draft says why, in plain words, at its top.
	for _, tc := range []struct{ name, url, want string }{
		{"refused", refused, "could not be reached"},
		{"500", failing.URL + "/v1", "HTTP 500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, func(c *appConfig) { c.planner = llmAt{tc.url} })
			rec := a.as("eddie").post("/integrations/plan", url.Values{"text": {demo.Sentence}})
			wantStatus(t, rec, http.StatusOK)
			d := doc(t, rec)
			if got := testid(d, "plan-fallback").Text(); !strings.Contains(got, tc.want) || !strings.Contains(got, "offline planner") {
				t.Errorf("fallback notice: %q", got)
			}
			if testid(d, "plan-result").Length() != 1 {
				t.Error("no draft from the offline planner")
			}
			noLeaks(t, rec.Body.String())
		})
	}
	// A model that answers with no usable spec: the text comes back with
	// the reason and a button that drafts it offline.
	a := newTestApp(t, func(c *appConfig) { c.planner = llmAt{garbage.URL + "/v1"} })
	c := a.as("eddie")
	rec := c.post("/integrations/plan", url.Values{"text": {demo.Sentence}})
	wantStatus(t, rec, http.StatusBadGateway)
	d := doc(t, rec)
	if got := testid(d, "sentence").Text(); got != demo.Sentence {
		t.Errorf("the sentence came back as %q", got)
	}
	if got := testid(d, "plan-error").Text(); !strings.Contains(got, "usable spec") {
		t.Errorf("error shown: %q", got)
	}
	noLeaks(t, rec.Body.String())
	offline := testid(d, "plan-offline")
	if name, _ := offline.Attr("name"); offline.Length() != 1 || name != "planner" || offline.Closest("form").Find(`[name="text"]`).Length() != 1 {
		t.Fatal("no offline planner button in the form with the text")
	}
	value, _ := offline.Attr("value")
	rec = c.post("/integrations/plan", url.Values{"text": {demo.Sentence}, "planner": {value}})
	wantStatus(t, rec, http.StatusOK)
	if testid(doc(t, rec), "plan-result").Length() != 1 {
		t.Error("the offline planner did not draft the same text")
	}
}
