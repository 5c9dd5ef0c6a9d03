package spec_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/patchbay/patchbay/spec"
)

// FuzzParse feeds the decoder arbitrary documents: nothing may panic, and a
// spec that parses must survive Validate, Format and a second Parse.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`{"spec": "patchbay/v1", "name": "X", "flows": [{"name": "F", "trigger": {"type": "schedule", "cron": "0 0 2 * * ?"}, "steps": [{"id": "a", "type": "call"}]}]}`))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("a: &x {b: 1}\nc: {<<: [*x, {d: 2}], b: 3}\n"))
	f.Add([]byte("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n"))
	f.Add([]byte("flows: [[[[[[[]]]]]]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := spec.Parse(data)
		if err != nil {
			return
		}
		_ = spec.Validate(s)
		out, err := spec.Format(s)
		if err != nil {
			t.Fatalf("Format: %v", err)
		}
		s2, err := spec.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Format(s)): %v\n%s", err, out)
		}
		if diff := cmp.Diff(s, s2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Parse(Format(s)) differs (-before +after):\n%s\n%s", diff, out)
		}
	})
}

// FuzzParseTemplate feeds the expression parser arbitrary text: nothing may
// panic, a parsed template prints back to text that parses to the same
// template, and type checking never panics.
func FuzzParseTemplate(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "{!record.Name}", "Invoice for {!record.Name}", "{!cents(record.Amount)}",
		"{!formatDate(lastRun, 'yyyy-MM-dd')}", "{!concat('it\\'s', ' ', \"x\")}", "{!round(-1.5, 2)}",
		"{!request.headers.X-Signature}", "{!orders.data.0.id}", "{!", "{!}", "{!a(}", "{!'unclosed}",
		"{!1.}", "{!-.5}", "{!a.-b}", "{!a..b}", "{{!x}}", "{!now()}{!today()}", "{!coalesce(null, true, false)}",
		"{!upper(upper(upper(upper(upper(upper(upper(upper(upper(upper(x))))))))))}",
	} {
		f.Add(seed)
	}
	sc := &spec.Scope{
		Trigger: spec.TriggerRecordChange,
		Roots:   append([]string(nil), spec.ScopeRoots...),
		Inputs:  map[string]string{"amount": "Number", "when": "Date"},
		Steps:   map[string]spec.Step{"orders": {ID: "orders", Type: spec.StepCall}, "acct": {ID: "acct", Type: spec.StepCreate}},
		Item:    true,
	}
	f.Fuzz(func(t *testing.T, text string) {
		tmpl, err := spec.ParseTemplate(text)
		if err != nil {
			return
		}
		again, err := spec.ParseTemplate(tmpl.String())
		if err != nil {
			t.Fatalf("ParseTemplate(%q) = %q, which does not parse: %v", text, tmpl.String(), err)
		}
		if diff := cmp.Diff(tmpl, again); diff != "" {
			t.Fatalf("template of %q does not round-trip (-first +second):\n%s", text, diff)
		}
		for _, p := range tmpl.Parts {
			if p.Expr != nil {
				_, _ = spec.TypeOf(p.Expr, sc)
			}
		}
	})
}

// TestFormatRoundTrips checks Parse(Format(s)) == s for the valid specs and
// that formatted valid specs still load.
func TestFormatRoundTrips(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := spec.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := spec.Format(s)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := spec.Load(out)
			if err != nil {
				t.Fatalf("formatted spec does not load: %v\n%s", err, out)
			}
			if diff := cmp.Diff(s, s2, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip differs (-before +after):\n%s", diff)
			}
		})
	}
}
