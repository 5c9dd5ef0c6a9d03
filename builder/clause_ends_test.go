package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClauseEnderExamples reads the first clause of each clause ender's
// example: the ender must be the one that ends it, and where it ends is
// kept in testdata/clause_ends.golden (rewrite with -update).
func TestClauseEnderExamples(t *testing.T) {
	var b strings.Builder
	names := map[string]bool{}
	for _, e := range clauseEnders {
		if names[e.name] {
			t.Errorf("two clause enders are named %q", e.name)
		}
		names[e.name] = true
		low := lowerASCII(e.example)
		m := clauseCueRe.FindStringIndex(low)
		if m == nil {
			t.Errorf("the example of %q has no clause cue: %q", e.name, e.example)
			continue
		}
		end, by := clauseEnd(low, m[1])
		if by != e.name {
			t.Errorf("the first clause of %q was ended by %q, not by its own ender %q", e.example, by, e.name)
		}
		fmt.Fprintf(&b, "## %s\n%s\nclause: %q\naction: %q\n", e.name, e.example, e.example[m[0]:end], strings.TrimSpace(e.example[end:]))
	}
	golden := filepath.Join("testdata", "clause_ends.golden")
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
		t.Errorf("the clause enders' examples end differently from %s (run with -update and review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}

// TestClauseRunsPastNounsAndButtons checks words that look like actions
// but do not end a clause: a button's name after a press ("clicks
// publish") and the head of a noun after a determiner and a noun ("the
// listing page"). The clause must run past the word given.
func TestClauseRunsPastNounsAndButtons(t *testing.T) {
	tests := []struct{ text, past string }{
		{"when an agent hits publish on the listing page in salesforce, send it to ListHub", "page"},
		{"when an agent clicks publish on the listing, send it to ListHub", "publish"},
		{"when the rep presses sync on the account, create the company in HubSpot", "sync"},
		{"whenever someone opens the order form in salesforce, log it in Segment", "form"},
		{"when a user taps approve on the quote record, create the order in NetSuite", "approve"},
	}
	for _, tt := range tests {
		low := lowerASCII(tt.text)
		m := clauseCueRe.FindStringIndex(low)
		if m == nil {
			t.Fatalf("no clause cue in %q", tt.text)
		}
		end, by := clauseEnd(low, m[1])
		if at := strings.Index(low, " "+tt.past+" ") + 1; end <= at {
			t.Errorf("%q: the clause ended at %q (by %q), before running past %q", tt.text, low[m[0]:end], by, tt.past)
		}
	}
}
