package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// formIntegration makes an integration whose latest version is text ("" for
// a blank one, with no version) and returns its id.
func formIntegration(t *testing.T, a *testApp, name, text string) int64 {
	t.Helper()
	ctx := context.Background()
	in, err := a.st.CreateIntegration(ctx, name, "", "eddie")
	if err != nil {
		t.Fatal(err)
	}
	if text != "" {
		if _, err := a.st.AddSpecVersion(ctx, in.ID, text, "eddie", true); err != nil {
			t.Fatal(err)
		}
	}
	return in.ID
}

// formValues is what a browser posts for the form view: every control with
// its current value, checked boxes only, no buttons.
func formValues(t *testing.T, d *goquery.Document) url.Values {
	t.Helper()
	f := testid(d, "spec-form")
	if f.Length() != 1 {
		t.Fatalf("no form view; unreadable: %q", testid(d, "form-unreadable").Text())
	}
	v := url.Values{}
	f.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" || s.Closest("fieldset[disabled]").Length() > 0 {
			return
		}
		switch {
		case goquery.NodeName(s) == "select":
			opt := s.Find("option[selected]")
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		case goquery.NodeName(s) == "textarea":
			v.Add(name, strings.TrimPrefix(s.Text(), "\n"))
		default:
			typ, _ := s.Attr("type")
			if typ == "checkbox" {
				if _, on := s.Attr("checked"); !on {
					return
				}
			}
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

// postForm sends the form view with edits and the button op, and returns
// the page it answers with.
func postForm(t *testing.T, c *client, id int64, d *goquery.Document, edits map[string]string, op string) *goquery.Document {
	t.Helper()
	v := formValues(t, d)
	for k, val := range edits {
		v.Set(k, val)
	}
	v.Set("op", op)
	rec := c.post(fmt.Sprintf("/integrations/%d/form", id), v)
	wantStatus(t, rec, http.StatusOK)
	return doc(t, rec)
}

func editorText(d *goquery.Document) string {
	return strings.TrimPrefix(testid(d, "spec-text").Text(), "\n")
}

func TestTheFormGivesBackEveryExampleByteForByte(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	files, _ := filepath.Glob("../examples/*.yaml")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := formIntegration(t, a, fmt.Sprintf("RoundTrip%d", i), string(b))
		d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
		if n := testid(d, "field-error").Length(); n != 0 {
			t.Errorf("%s: a valid example shows %d field errors", f, n)
		}
		after := postForm(t, c, id, d, nil, "apply")
		if got := editorText(after); got != string(b) {
			t.Errorf("%s: the unchanged form changed the text:\n%s", f, got)
		}
		if testid(after, "unsaved").Length() != 0 {
			t.Errorf("%s: an unchanged form says there are unsaved changes", f)
		}
	}
}

// commented is the Stripe example with comments, which every edit keeps.
const commented = `# Stripe billing, kept by finance.
spec: patchbay/v1
name: StripeBilling
systems:
  - {name: Stripe, url: https://api.stripe.com, auth: {type: bearer}} # the live account
flows:
  - name: InvoiceOnClosedWon
    trigger:
      type: recordChange
      object: Opportunity
      on: [update]
      when:
        - {field: StageName, op: changedTo, value: Closed Won}
    steps:
      # First the invoice.
      - id: invoice
        type: call
        system: Stripe
        method: POST
        path: /v1/invoices
        body:
          format: form
          fields:
            customer: "{!record.Account.Stripe_Customer_Id__c}"
            amount: "{!cents(record.Amount)}" # in cents
            currency: usd
      # Then keep its id.
      - id: saveId
        type: update
        object: Opportunity
        fields:
          Description: "{!invoice.id}"
`

func TestFormEditsChangeOnlyWhatTheyTouchAndKeepComments(t *testing.T) {
	for i, tc := range []struct {
		name  string
		edits map[string]string
		op    string
		want  string
	}{
		{
			name:  "edit a mapping row's value",
			edits: map[string]string{"f.flows[0].steps[0].body.fields#2.v": "eur"},
			op:    "apply",
			want:  strings.Replace(commented, "currency: usd", "currency: eur", 1),
		},
		{
			name:  "rename a mapping row",
			edits: map[string]string{"f.flows[0].steps[1].fields#0.k": "NextStep"},
			op:    "apply",
			want:  strings.Replace(commented, "Description: \"{!invoice.id}\"", "NextStep: \"{!invoice.id}\"", 1),
		},
		{
			name:  "add a mapping row",
			edits: map[string]string{"f.flows[0].steps[1].fields#new.k": "NextStep", "f.flows[0].steps[1].fields#new.v": "Invoiced"},
			op:    "apply",
			want:  commented + "          NextStep: Invoiced\n",
		},
		{
			name: "delete a mapping row",
			op:   "remove:flows[0].steps[0].body.fields#2",
			want: strings.Replace(commented, "            currency: usd\n", "", 1),
		},
		{
			name: "move a mapping row up",
			op:   "up:flows[0].steps[0].body.fields#1",
			want: strings.Replace(commented, "            customer: \"{!record.Account.Stripe_Customer_Id__c}\"\n            amount: \"{!cents(record.Amount)}\" # in cents\n",
				"            amount: \"{!cents(record.Amount)}\" # in cents\n            customer: \"{!record.Account.Stripe_Customer_Id__c}\"\n", 1),
		},
		{
			name: "add a step",
			op:   "add:flows[0].steps:step:create",
			want: commented + "      - id: create1\n        type: create\n",
		},
		{
			name: "reorder steps",
			op:   "down:flows[0].steps[0]",
			want: commented[:strings.Index(commented, "      # First")] +
				commented[strings.Index(commented, "      # Then"):] +
				commented[strings.Index(commented, "      # First"):strings.Index(commented, "      # Then")],
		},
		{
			name: "delete a step",
			op:   "remove:flows[0].steps[1]",
			want: commented[:strings.Index(commented, "      # Then")],
		},
		{
			name:  "set a trigger value and a new key in its place",
			edits: map[string]string{"f.flows[0].trigger.object": "Order", "f.flows[0].label": "Invoice"},
			op:    "apply",
			want: strings.Replace(strings.Replace(commented, "object: Opportunity\n      on:", "object: Order\n      on:", 1),
				"  - name: InvoiceOnClosedWon\n", "  - name: InvoiceOnClosedWon\n    label: Invoice\n", 1),
		},
		{
			name:  "condition value keeps its type",
			edits: map[string]string{"f.flows[0].trigger.when[0].op": "greaterThan", "f.flows[0].trigger.when[0].field": "Amount", "f.flows[0].trigger.when[0].value": "0"},
			op:    "apply",
			want:  strings.Replace(commented, "{field: StageName, op: changedTo, value: Closed Won}", "{field: Amount, op: greaterThan, value: 0}", 1),
		},
		{
			name: "add a condition like its neighbours",
			op:   "add:flows[0].trigger.when:condition",
			want: strings.Replace(commented, "value: Closed Won}\n", "value: Closed Won}\n        - {field: \"\", op: equals}\n", 1),
		},
		{
			name:  "clear retry removes it",
			edits: map[string]string{"f.flows[0].onError.retry.attempts": "3"},
			op:    "apply",
			want:  commented + "    onError:\n      retry:\n        attempts: 3\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A fresh app each time: spec names are unique per instance.
			a := newTestApp(t)
			c := a.as("eddie")
			id := formIntegration(t, a, fmt.Sprintf("Edit%d", i), commented)
			d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
			after := postForm(t, c, id, d, tc.edits, tc.op)
			if got := editorText(after); got != tc.want {
				t.Errorf("YAML after the edit:\n%s\nwant:\n%s", got, tc.want)
			}
			if got, _ := testid(after, "form-spec").Attr("value"); got != tc.want {
				t.Errorf("the form view does not show the same text as the YAML view")
			}
			if testid(after, "unsaved").Length() != 1 {
				t.Error("the page does not say the change is not saved yet")
			}
		})
	}
}

func TestSavingTheFormStoresANewVersionThroughTheSavePath(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := formIntegration(t, a, "SaveForm", commented)
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
	v := formValues(t, d)
	if v.Get("base") != "1" {
		t.Fatalf("the form posts base %q, want the version it shows (1)", v.Get("base"))
	}
	v.Set("f.flows[0].steps[0].body.fields#2.v", "eur")
	v.Set("op", "save")
	rec := c.post(fmt.Sprintf("/integrations/%d/form", id), v)
	wantStatus(t, rec, http.StatusSeeOther)
	sv, err := a.st.LatestSpecVersion(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if sv.Version != 2 || sv.Text != strings.Replace(commented, "currency: usd", "currency: eur", 1) || !sv.Valid {
		t.Errorf("saved version %d (valid %v):\n%s", sv.Version, sv.Valid, sv.Text)
	}
}

func TestProblemsShowAtTheirFieldInTheForm(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	bad := strings.Replace(strings.Replace(commented, "system: Stripe", "system: Strpe", 1), "currency: usd", "currency: \"{!nope}\"", 1)
	id := formIntegration(t, a, "BadForm", bad)
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
	sys := d.Find(`select[name="f.flows[0].steps[0].system"]`)
	if v, _ := sys.Attr("aria-invalid"); v != "true" {
		t.Error("the system picker is not marked invalid")
	}
	if got := sys.Closest(".field").Find(`[data-testid="field-error"]`).Text(); !strings.Contains(got, "Strpe") {
		t.Errorf("no problem beside the system picker: %q", got)
	}
	row := d.Find(`input[name="f.flows[0].steps[0].body.fields#2.v"]`)
	if got := row.Closest(".field").Find(`[data-testid="field-error"]`).Text(); !strings.Contains(got, "nope") {
		t.Errorf("no problem beside the body row: %q", got)
	}
	if h := d.Find(`#f-name-help`).Text(); !strings.Contains(h, "API name of the integration") {
		t.Errorf("no help beside the name: %q", h)
	}
}

func TestTheFormFollowsTheYAMLAsItIsTyped(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := formIntegration(t, a, "Follow", commented)
	rec := c.htmx(fmt.Sprintf("/integrations/%d/form/view", id), url.Values{"spec": {strings.Replace(commented, "path: /v1/invoices", "path: /v1/quotes", 1)}, "base": {"1"}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if v, _ := d.Find(`input[name="f.flows[0].steps[0].path"]`).Attr("value"); v != "/v1/quotes" {
		t.Errorf("the form shows path %q after the YAML changed", v)
	}
}

func TestEveryFormControlHasALabel(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	b, _ := os.ReadFile("../examples/stripe-invoice-on-closed-won.yaml")
	id := formIntegration(t, a, "Labels", string(b))
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
	testid(d, "spec-form").Find("input, select, textarea, button").Each(func(_ int, s *goquery.Selection) {
		if typ, _ := s.Attr("type"); typ == "hidden" {
			return
		}
		if _, ok := s.Attr("aria-hidden"); ok {
			return
		}
		if goquery.NodeName(s) == "button" {
			if s.Text() == "" {
				h, _ := goquery.OuterHtml(s)
				t.Errorf("a button without text: %s", h)
			}
			return
		}
		id, _ := s.Attr("id")
		if id == "" || d.Find(`label[for="`+id+`"]`).Length() == 0 {
			name, _ := s.Attr("name")
			t.Errorf("control %s has no label", name)
		}
	})
}

func TestAViewerSeesTheFormButCannotChangeIt(t *testing.T) {
	a := newTestApp(t)
	id := formIntegration(t, a, "ViewOnly", commented)
	c := a.as("vera")
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
	if _, disabled := testid(d, "spec-form").Find("fieldset.plain").Attr("disabled"); !disabled {
		t.Error("the viewer's form is not disabled")
	}
	if testid(d, "form-save").Length() != 0 {
		t.Error("a viewer is offered Save")
	}
	rec := c.post(fmt.Sprintf("/integrations/%d/form", id), url.Values{"spec": {commented}, "op": {"save"}, "base": {"1"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("a viewer's form post answered %d", rec.Code)
	}
	if sv, _ := a.st.LatestSpecVersion(context.Background(), id); sv.Version != 1 {
		t.Errorf("a viewer's post saved version %d", sv.Version)
	}
}

// TestTheFormsPickersOfferTheOrgsFields: once an org's schema is read (the
// editor reads it the first time), the field pickers offer the org's own
// fields, not only the ones the spec already names.
func TestTheFormsPickersOfferTheOrgsFields(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", a.exampleID())))
	opts := d.Find(`datalist#dl-fields-f-Opportunity option`)
	found := false
	opts.Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("value"); v == "Probability" {
			found = true
		}
	})
	if !found {
		t.Errorf("the Opportunity field picker does not offer the org's Probability field (%d options)", opts.Length())
	}
}

// TestTheConditionBuilderOffersTheOrgsPicklistValues: a condition on
// StageName offers the org's stage names for its value.
func TestTheConditionBuilderOffersTheOrgsPicklistValues(t *testing.T) {
	a := newTestApp(t)
	d := doc(t, a.as("eddie").get(fmt.Sprintf("/integrations/%d", a.exampleID())))
	var got []string
	d.Find(`datalist#dl-values-f-Opportunity-StageName option`).Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("value")
		got = append(got, v)
	})
	if !slices.Contains(got, "Closed Won") || !slices.Contains(got, "Prospecting") {
		t.Errorf("the StageName value picker offers %q", got)
	}
}
