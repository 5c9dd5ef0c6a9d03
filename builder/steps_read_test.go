package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// stepReaderTables are the reader tables in the order the planner reads
// them.
var stepReaderTables = []struct {
	stage   string
	readers []stepReader
}{
	{"clause", clauseReaders},
	{"verb", verbReaders},
	{"early action", earlyActionReaders},
	{"action", actionReaders},
}

// TestStepReaderExamples plans each step reader's example: the reader
// must match it, and what the planner makes of it is kept in
// testdata/readers.golden (rewrite with -update), so a change to any row
// shows up as a diff of what its example plans.
func TestStepReaderExamples(t *testing.T) {
	var b strings.Builder
	names := map[string]bool{}
	for _, tbl := range stepReaderTables {
		for _, r := range tbl.readers {
			if names[r.name] {
				t.Errorf("two readers are named %q", r.name)
			}
			names[r.name] = true
			if r.example == "" {
				t.Errorf("%s reader %q has no example", tbl.stage, r.name)
				continue
			}
			p := newPlan()
			var fired []string
			p.trace = &fired
			res := p.run(r.example)
			if res.Spec != nil {
				// what the reader left unplanned shows in the golden too
				_, res.Unplanned = resolveCoverage(res.Spec, p.covered, p.unplanned)
			}
			if !slices.Contains(fired, r.name) {
				t.Errorf("%s reader %q did not read its own example %q (readers that matched: %q)", tbl.stage, r.name, r.example, fired)
			}
			fmt.Fprintf(&b, "## %s: %s\n%s\n%s\n", tbl.stage, r.name, r.example, planSummary(res))
		}
	}
	golden := filepath.Join("testdata", "readers.golden")
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
		t.Errorf("the readers' examples plan differently from %s (run with -update and review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}

// planSummary is what a planned request does, one line per flow and step.
func planSummary(res Result) string {
	switch {
	case res.Refusal != "":
		return "refuse: " + res.Refusal + "\n"
	case res.Question != "":
		return "ask: " + res.Question + "\n"
	case res.Spec == nil:
		return "nothing\n"
	}
	var b strings.Builder
	for _, fl := range res.Spec.Flows {
		tr := fl.Trigger
		fmt.Fprintf(&b, "flow %s: %s", fl.Name, tr.Type)
		for _, part := range []string{tr.Object, strings.Join(tr.On, ","), tr.Cron, tr.Path, strings.Join(tr.Methods, ","), tr.Event, tr.Label} {
			if part != "" {
				b.WriteString(" " + part)
			}
		}
		b.WriteString("\n")
		for _, c := range tr.When {
			fmt.Fprintf(&b, "  when %s %s %v\n", c.Field, c.Op, c.Value)
		}
		for _, st := range fl.Steps {
			fmt.Fprintf(&b, "  %s\n", stepSummary(st))
		}
	}
	for _, u := range res.Unplanned {
		fmt.Fprintf(&b, "  unplanned: %s\n", u)
	}
	return b.String()
}

func stepSummary(st spec.Step) string {
	s := string(st.Type)
	for _, part := range []string{st.System, st.Method, st.Object, st.Event, st.ExternalID} {
		if part != "" {
			s += " " + part
		}
	}
	if st.ForEach != "" {
		s += " forEach " + st.ForEach
	}
	return s
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, w, g)
		}
	}
	return ""
}
