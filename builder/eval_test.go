package builder_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/internal/planeval"
)

// evalMinimum is the share of facts the offline planner must get on the
// corpora it is held to (the repository's own corpus and, when it sits
// beside the checkout, the public one).
const evalMinimum = 95.0

// planAnswer plans text offline and returns the answer in the evaluation's
// terms, with the JSON `patchbay plan --json` prints as its raw text.
func planAnswer(t testing.TB, p builder.Planner, text string) planeval.Answer {
	t.Helper()
	res, err := p.Plan(context.Background(), text)
	if err != nil {
		return planeval.Answer{Err: err}
	}
	var out any
	switch {
	case res.Refusal != "":
		out = map[string]any{"refuse": res.Refusal}
	case res.Question != "":
		out = map[string]any{"clarify": res.Question}
	case res.Spec != nil:
		out = res.Spec
	default:
		return planeval.Answer{Err: fmt.Errorf("neither a spec nor a question")}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	a := planeval.Answer{Raw: string(raw), Clarify: res.Spec == nil}
	if res.Spec != nil {
		if err := json.Unmarshal(raw, &a.Spec); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// evalCorpora are the corpora the evaluation scores: the repository's own
// (required) and its blind batches (reported), and the public corpus when
// it is there (required).
func evalCorpora(t testing.TB) (required, reported []string) {
	required = []string{filepath.Join("testdata", "corpus.json")}
	for _, p := range corpora(t) {
		if filepath.Base(p) == "public.json" {
			required = append(required, p)
		}
	}
	return required, unseenCorpora(t)
}

// TestPlannerEvaluation scores the offline planner on every corpus in the
// repository with internal/planeval, prints each summary line (make eval
// shows them), and fails when a required corpus scores under evalMinimum.
func TestPlannerEvaluation(t *testing.T) {
	p := builder.NewOffline()
	required, reported := evalCorpora(t)
	for _, path := range append(required, reported...) {
		cases, err := planeval.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		var results []planeval.Result
		for _, c := range cases {
			r := planeval.Score(c, planAnswer(t, p, c.Text))
			results = append(results, r)
			if !r.Perfect() && testing.Verbose() {
				var missed []string
				for _, f := range r.Missed() {
					missed = append(missed, f.String())
				}
				t.Logf("%s %5.1f%% (%d/%d) missed: %s", c.ID, 100*float64(r.Points)/float64(max(r.Total, 1)), r.Points, r.Total, strings.Join(missed, "; "))
			}
		}
		sum := planeval.Summarize(results)
		fmt.Printf("eval %s: %s\n", path, sum)
		if slices.Contains(required, path) && sum.Percent() < evalMinimum {
			t.Errorf("%s: %.1f%% of facts, want at least %.0f%%", path, sum.Percent(), evalMinimum)
		}
	}
}

var summaryFacts = regexp.MustCompile(`score: ([0-9.]+)% facts \((\d+)/(\d+)\), (\d+)/(\d+) cases perfect, clarify (\d+)/(\d+), needless clarify (\d+)`)

// TestPlanevalAgreesWithTheSharedScorer saves the planner's answers for
// every corpus in the scorer's --dir format and checks that the shared
// Python scorer, when it is beside the checkout, gives the same summary as
// internal/planeval: the repository's scorer is a faithful copy.
func TestPlanevalAgreesWithTheSharedScorer(t *testing.T) {
	script := filepath.Join("..", "..", "shared", "eval", "score.py")
	if dir := os.Getenv("PATCHBAY_EVAL_DIR"); dir != "" {
		script = filepath.Join(dir, "score.py")
	}
	if _, err := os.Stat(script); err != nil {
		t.Skipf("the shared scorer is not beside the checkout (%v): nothing to compare with", err)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	p := builder.NewOffline()
	required, reported := evalCorpora(t)
	for _, path := range append(required, reported...) {
		cases, err := planeval.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		answers := make([]planeval.Answer, len(cases))
		for i, c := range cases {
			answers[i] = planAnswer(t, p, c.Text)
		}
		// The planner's own answers, and each case given the next case's
		// answer: mostly wrong, so the two scorers' matching is compared
		// on misses too, not only on perfect answers.
		for _, shift := range []int{0, 1} {
			dir := t.TempDir()
			var results []planeval.Result
			for i, c := range cases {
				a := answers[(i+shift)%len(answers)]
				results = append(results, planeval.Score(c, a))
				if err := os.WriteFile(filepath.Join(dir, c.ID+".json"), []byte(a.Raw), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var out bytes.Buffer
			detail := filepath.Join(t.TempDir(), "detail.json")
			cmd := exec.Command(python, script, path, "--dir", dir, "--json", detail)
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s", path, err, out.String())
			}
			m := summaryFacts.FindStringSubmatch(out.String())
			if m == nil {
				t.Fatalf("%s: no summary line in the scorer's output:\n%s", path, out.String())
			}
			ours := summaryFacts.FindStringSubmatch(planeval.Summarize(results).String())
			if strings.Join(m[2:], " ") != strings.Join(ours[2:], " ") {
				t.Errorf("%s (answers shifted by %d): shared scorer says %q, planeval says %q", path, shift, m[0], ours[0])
				reportCaseDifferences(t, detail, results)
			}
		}
	}
}

// reportCaseDifferences names the cases the two scorers count differently.
func reportCaseDifferences(t *testing.T, detailFile string, results []planeval.Result) {
	t.Helper()
	b, err := os.ReadFile(detailFile)
	if err != nil {
		t.Fatal(err)
	}
	var detail struct {
		Cases []struct {
			ID     string   `json:"id"`
			Points int      `json:"points"`
			Total  int      `json:"total"`
			Missed []string `json:"missed"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &detail); err != nil {
		t.Fatal(err)
	}
	for i, c := range detail.Cases {
		if r := results[i]; r.Points != c.Points || r.Total != c.Total {
			var missed []string
			for _, f := range r.Missed() {
				missed = append(missed, f.String())
			}
			t.Errorf("%s: shared scorer %d/%d (missed %v), planeval %d/%d (missed %v)", c.ID, c.Points, c.Total, c.Missed, r.Points, r.Total, missed)
		}
	}
}
