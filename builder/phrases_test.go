package builder

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPhraseRewriteExamples checks that each phrase rewrite reads its own
// example, and keeps what the rewrites make of every example in
// testdata/phrases.golden (rewrite with -update).
func TestPhraseRewriteExamples(t *testing.T) {
	var b strings.Builder
	for i, r := range slices.Concat(phraseRewrites, bracketRewrites, layoutRewrites) {
		if r.example == "" {
			t.Errorf("phrase rewrite %d (%s) has no example", i, r.re)
			continue
		}
		if !r.re.MatchString(r.example) {
			t.Errorf("phrase rewrite %d (%s) does not match its example %q", i, r.re, r.example)
		}
		fmt.Fprintf(&b, "%q\n-> %q\n", r.example, rewritePhrases(r.example))
	}
	golden := filepath.Join("testdata", "phrases.golden")
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
		t.Errorf("the phrase rewrites' examples read differently from %s (run with -update and review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}
