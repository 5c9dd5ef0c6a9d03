package web

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	d, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const twoFlowSpec = `spec: patchbay/v1
name: Billing
systems:
  - {name: Stripe, label: Stripe Payments, url: https://api.stripe.com, auth: {type: bearer}}
flows:
  - name: InvoiceOnWin
    trigger:
      type: recordChange
      object: Opportunity
      on: [update]
      when:
        - {field: StageName, op: changedTo, value: Closed Won}
    steps:
      - {id: invoice, type: call, system: Stripe, method: POST, path: /v1/invoices}
      - {id: save, type: update, object: Opportunity, fields: {Description: "{!invoice.id}"}}
  - name: Nightly
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - {id: ping, type: call, system: Stripe, method: GET, path: /v1/balance}
`

func TestTheDiagramDrawsEveryTriggerStepAndSystem(t *testing.T) {
	s, err := spec.Load([]byte(twoFlowSpec))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []view.Diagram{layoutDiagram(s), layoutDiagramTall(s)} {
		doc := render(t, view.DiagramSVG(d))
		for _, id := range []string{"diagram-trigger-0", "diagram-step-0-0", "diagram-step-0-1", "diagram-system-0-0",
			"diagram-trigger-1", "diagram-step-1-0", "diagram-system-1-0"} {
			if testid(doc, id).Length() != 1 {
				t.Errorf("no %s", id)
			}
		}
		if got := testid(doc, "diagram-trigger-0").Text(); !strings.Contains(got, "Opportunity is updated") || !strings.Contains(got, "StageName → Closed Won") {
			t.Errorf("trigger reads %q", got)
		}
		if got := testid(doc, "diagram-trigger-1").Text(); !strings.Contains(got, "every day at 02:00") || strings.Contains(got, "* * ?") {
			t.Errorf("schedule reads %q", got)
		}
		if got := testid(doc, "diagram-system-0-0").Text(); !strings.Contains(got, "Stripe Payments") {
			t.Errorf("system reads %q", got)
		}
		if doc.Find("line.edge").Length() != 5 {
			t.Errorf("%d arrows, want 5 (2 between steps, 1 in the second flow, 2 to systems)", doc.Find("line.edge").Length())
		}
		// No box may leave the picture.
		for _, n := range d.Nodes {
			if n.X < 0 || n.Y < 0 || n.X+n.W > d.Width || n.Y+n.H > d.Height {
				t.Errorf("box %s at %d,%d %dx%d leaves the %dx%d picture", n.TestID, n.X, n.Y, n.W, n.H, d.Width, d.Height)
			}
		}
	}
}

func TestTheDiagramCopesWithAHalfWrittenSpec(t *testing.T) {
	s, err := spec.Parse([]byte("spec: patchbay/v1\nname: X\nflows:\n  - name: F\n    trigger: {type: nonsense}\n    steps:\n      - {id: a, type: call, system: Missing}\n"))
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, view.DiagramSVG(layoutDiagramTall(s)))
	if !strings.Contains(testid(doc, "diagram-trigger-0").Text(), "Unknown trigger") ||
		!strings.Contains(testid(doc, "diagram-system-0-0").Text(), "Missing (unknown)") {
		t.Errorf("diagram of a broken spec:\n%s", doc.Text())
	}
	empty := render(t, view.DiagramSVG(layoutDiagram(&spec.Spec{})))
	if !strings.Contains(empty.Text(), "No flows yet") {
		t.Error("an empty spec draws nothing helpful")
	}
}

func TestTheChecksPanelListsProblemsWithTheirLines(t *testing.T) {
	ch := view.Checks{Problems: []view.Problem{{Path: "flows[0].name", Line: 4, Msg: "must start with a letter"}, {Msg: "no line"}}}
	doc := render(t, view.ChecksPanel(ch))
	probs := testid(doc, "problem")
	if probs.Length() != 2 || testid(doc, "spec-valid").Length() != 0 {
		t.Fatalf("panel:\n%s", doc.Text())
	}
	first := probs.First()
	if l, _ := first.Attr("data-line"); l != "4" || !strings.Contains(first.Text(), "line 4") || !strings.Contains(first.Text(), "flows[0].name") {
		t.Errorf("first problem: %q (line %q)", first.Text(), l)
	}
	if got := testid(doc, "problem-count").Text(); got != "2 problems to fix" {
		t.Errorf("count reads %q", got)
	}
	valid := render(t, view.ChecksPanel(view.Checks{Valid: true, Spec: &spec.Spec{Name: "X"}}))
	if testid(valid, "spec-valid").Length() != 1 || testid(valid, "summary").Length() != 1 {
		t.Error("a valid spec is not shown as valid with its summary")
	}
}

func TestTheLayoutEscapesWhatItShows(t *testing.T) {
	c := view.Chrome{Title: `<script>alert(1)</script>`, User: `"><img src=evil>`, CSRF: `tok"en`, Flash: "<b>hi</b>"}
	var buf bytes.Buffer
	if err := view.ErrorPage(c, 400, "<i>t</i>", "<u>m</u>").Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"<script>alert", `"><img src=evil`, "<b>hi</b>", "<i>t</i>", "<u>m</u>"} {
		if strings.Contains(html, bad) {
			t.Errorf("unescaped %q in the page", bad)
		}
	}
}
