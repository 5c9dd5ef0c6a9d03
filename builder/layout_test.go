package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLayoutExamples reads each layout reader's example (layout.go) and
// compares what the planner then reads with testdata/layout.golden
// (rewritten with -update), and checks that each row reads its example.
func TestLayoutExamples(t *testing.T) {
	var b strings.Builder
	show := func(name, example string) {
		fmt.Fprintf(&b, "## %s\n%q\n-> %q\n", name, example, rewritePhrases(normalize(example)))
	}
	for i, h := range flowHeadings {
		if !h.re.MatchString(h.example) {
			t.Errorf("flow heading %d (%s) does not match its example %q", i, h.re, h.example)
		}
		if got := splitHeadings(h.example); len(got) < 2 {
			t.Errorf("flow heading %d does not part its example %q: %q", i, h.example, got)
		}
		show(fmt.Sprintf("flow heading %d", i), h.example)
	}
	for i, lf := range labelledFields {
		found := false
		for _, m := range fieldLabelRe.FindAllStringSubmatch(lf.example, -1) {
			found = found || lf.re.MatchString(m[2])
		}
		if !found {
			t.Errorf("labelled field %d (%s) has no label in its example %q", i, lf.re, lf.example)
		}
		if readFields(lf.example) == lf.example {
			t.Errorf("labelled field %d: its example %q is not read as fields", i, lf.example)
		}
		show(fmt.Sprintf("labelled field %s", lf.re), lf.example)
	}
	for _, ex := range layoutExamples {
		if readLayout(ex.example) == ex.example && readScheduledPassive(ex.example) == ex.example {
			t.Errorf("%s: its example %q reads unchanged", ex.reader, ex.example)
		}
		show(ex.reader, ex.example)
	}
	golden := filepath.Join("testdata", "layout.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the layout readers' examples read differently from %s (run with -update and review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}

// TestLayoutLeavesProseAlone checks that requests written as prose, with
// no layout, read the same before and after the layout readers.
func TestLayoutLeavesProseAlone(t *testing.T) {
	for _, s := range []string{
		"When a case is closed, post it to #support in Slack.",
		"Every time a case is created, post it to #support in Slack.",
		"Note: when an Account is created, create the customer in Stripe.",
		"A ticket is created in Zendesk. Create a Case for it.",
		"See section 2 of the runbook; when a lead converts, add it to Marketo.",
	} {
		if got := readLayout(s); got != s {
			t.Errorf("readLayout(%q) = %q, want it unchanged", s, got)
		}
	}
}
