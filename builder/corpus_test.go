package builder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// corpusCase is one request of an evaluation corpus in the scorer's format
// (shared/eval/README.md).
type corpusCase struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Expect struct {
		Clarify        bool           `json:"clarify"`
		Refuse         bool           `json:"refuse"`
		Systems        []string       `json:"systems"`
		Flows          []expectedFlow `json:"flows"`
		MustNotContain []string       `json:"mustNotContain"`
	} `json:"expect"`
}

type expectedFlow struct {
	Trigger map[string]any   `json:"trigger"`
	When    []map[string]any `json:"when"`
	Steps   []map[string]any `json:"steps"`
}

func loadCorpus(t testing.TB, path string) []corpusCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cases
}

// corpora lists builder/testdata/corpus.json and, when the shared
// evaluation folder sits beside the checkout (or PATCHBAY_EVAL_DIR names
// it), the public corpus.
func corpora(t testing.TB) []string {
	paths := []string{filepath.Join("testdata", "corpus.json")}
	dir := os.Getenv("PATCHBAY_EVAL_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "eval")
	}
	if _, err := os.Stat(filepath.Join(dir, "public.json")); err == nil {
		paths = append(paths, filepath.Join(dir, "public.json"))
	} else {
		t.Logf("public corpus not found in %s (set PATCHBAY_EVAL_DIR): checking builder/testdata only", dir)
	}
	return paths
}

func TestOwnCorpusHasEnoughVariedCases(t *testing.T) {
	cases := loadCorpus(t, filepath.Join("testdata", "corpus.json"))
	if len(cases) < 30 {
		t.Errorf("builder/testdata/corpus.json has %d cases, want at least 30", len(cases))
	}
	two, clarify := 0, 0
	for _, c := range cases {
		if len(c.Expect.Flows) > 1 {
			two++
		}
		if c.Expect.Clarify {
			clarify++
		}
	}
	if two < 3 || clarify < 3 {
		t.Errorf("corpus has %d two-flow and %d clarify cases, want at least 3 of each", two, clarify)
	}
}

// unseenCorpora hold requests written in the held-out set's style
// (casual, long, typos, synonyms, two flows in one request) before the
// planner was tuned on them (unseen.json first, unseen2.json after a round
// of fixes; unseen9.json, user stories, Given/When/Then, forwarded mail,
// bar-separated notes and injections, scored 73.6% of facts with 6
// needless questions before issue 9's changes). Their facts are reported, not required: they measure how the
// planner generalizes. Every spec planned from them must still validate
// and generate.
func unseenCorpora(t testing.TB) []string {
	paths, err := filepath.Glob(filepath.Join("testdata", "unseen*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/unseen*.json: %v", err)
	}
	return paths
}

// TestPlannedSpecsValidateAndGenerate plans every corpus request offline,
// the unseen ones too, and checks that each spec passes spec.Validate and
// generator.Generate.
func TestPlannedSpecsValidateAndGenerate(t *testing.T) {
	p := builder.NewOffline()
	for _, path := range append(corpora(t), unseenCorpora(t)...) {
		for _, c := range loadCorpus(t, path) {
			t.Run(c.ID, func(t *testing.T) {
				res, err := p.Plan(context.Background(), c.Text)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				if res.Spec == nil {
					if res.Question == "" && res.Refusal == "" {
						t.Fatal("no spec, question or refusal")
					}
					return
				}
				if err := spec.Validate(res.Spec); err != nil {
					t.Fatalf("planned spec does not validate: %v", err)
				}
				y, err := spec.Format(res.Spec)
				if err != nil {
					t.Fatalf("Format: %v", err)
				}
				if _, err := spec.Load(y); err != nil {
					t.Fatalf("formatted spec does not load back: %v\n%s", err, y)
				}
				b, err := generator.Generate(res.Spec)
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				if len(b.Files) == 0 {
					t.Fatal("Generate returned no files")
				}
			})
		}
	}
}

// TestPlannedSpecsHaveExpectedFacts checks the planner against the facts
// each corpus case expects, with the scorer's matching rules.
func TestPlannedSpecsHaveExpectedFacts(t *testing.T) {
	p := builder.NewOffline()
	for _, path := range corpora(t) {
		for _, c := range loadCorpus(t, path) {
			t.Run(c.ID, func(t *testing.T) {
				res, err := p.Plan(context.Background(), c.Text)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				out, _ := json.Marshal(res)
				for _, s := range c.Expect.MustNotContain {
					if strings.Contains(string(out), s) {
						t.Errorf("output contains %q", s)
					}
				}
				if c.Expect.Clarify {
					if res.Spec != nil {
						t.Fatalf("planned a spec, want a clarification")
					}
					if c.Expect.Refuse && res.Refusal == "" {
						t.Errorf("asked %q, want a refusal", res.Question)
					}
					return
				}
				if res.Spec == nil {
					t.Fatalf("asked %q%s, want a spec", res.Question, res.Refusal)
				}
				for _, miss := range missedFacts(c, res.Spec) {
					if why, ok := knownDeviations[c.ID+" "+miss]; ok {
						t.Logf("deliberate: %s (%s)", miss, why)
						continue
					}
					t.Error(miss)
				}
			})
		}
	}
}

// knownDeviations are facts of a corpus the planner deliberately does not
// meet, by case id and missed fact, each with the reason. They still count
// against the corpus's score (make eval).
var knownDeviations = map[string]string{
	"p24 flow 1: trigger.verify.type hmacSha256, got stripe": "Stripe signs t.body in Stripe-Signature (t=...,v1=...), not the body alone: " +
		"hmacSha256 on that header would refuse every genuine Stripe call; the contract's verify type for Stripe is stripe",
	"p24 flow 1: trigger.verify.header Stripe-Signature, got <nil>": "the stripe scheme names its own header",
}

// TestUnseenCorpusFacts logs the facts the planner misses on the unseen
// corpus; it fails only when a request that must be refused or clarified
// gets a spec, or when a pasted secret shows up in the output.
func TestUnseenCorpusFacts(t *testing.T) {
	p := builder.NewOffline()
	missed, cases := 0, 0
	var all []corpusCase
	for _, path := range unseenCorpora(t) {
		all = append(all, loadCorpus(t, path)...)
	}
	for _, c := range all {
		res, err := p.Plan(context.Background(), c.Text)
		if err != nil {
			t.Fatalf("%s: Plan: %v", c.ID, err)
		}
		out, _ := json.Marshal(res)
		for _, s := range c.Expect.MustNotContain {
			if strings.Contains(string(out), s) {
				t.Errorf("%s: output contains %q", c.ID, s)
			}
		}
		if c.Expect.Clarify {
			if res.Spec != nil {
				t.Errorf("%s: planned a spec, want a clarification", c.ID)
			}
			continue
		}
		var miss []string
		if res.Spec == nil {
			miss = []string{"asked " + res.Question + res.Refusal}
		} else {
			miss = missedFacts(c, res.Spec)
		}
		if len(miss) > 0 {
			cases++
			missed += len(miss)
			t.Logf("%s: %s", c.ID, strings.Join(miss, "; "))
		}
	}
	t.Logf("unseen corpus: %d misses in %d cases", missed, cases)
}

var normRe = regexp.MustCompile(`[\s_.\-]+`)

func normName(s string) string {
	s = strings.ToLower(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "record."), "event.")
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "changeevent"), "__c"), "__e")
	return normRe.ReplaceAllString(s, "")
}

func sameValue(want, got any) bool {
	switch w := want.(type) {
	case float64:
		switch g := got.(type) {
		case float64:
			return math.Abs(w-g) < 1e-9
		case string:
			var f float64
			_, err := fmt.Sscan(strings.ReplaceAll(g, ",", ""), &f)
			return err == nil && f == w
		}
		return false
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for _, x := range w {
			found := false
			for _, y := range g {
				if sameValue(x, y) {
					found = true
				}
			}
			if !found {
				return false
			}
		}
		return true
	case string:
		return strings.EqualFold(strings.Join(strings.Fields(w), " "), strings.Join(strings.Fields(fmt.Sprint(got)), " "))
	}
	return fmt.Sprint(want) == fmt.Sprint(got)
}

// missedFacts lists the expected facts the spec lacks.
func missedFacts(c corpusCase, s *spec.Spec) []string {
	var miss []string
	raw, _ := json.Marshal(s)
	var doc map[string]any
	json.Unmarshal(raw, &doc)
	for _, want := range c.Expect.Systems {
		found := false
		for _, sys := range s.Systems {
			for _, n := range []string{sys.Name, sys.Label} {
				a, b := normName(n), normName(want)
				if n != "" && (strings.Contains(a, b) || strings.Contains(b, a)) {
					found = true
				}
			}
		}
		if !found {
			miss = append(miss, "system "+want+" missing")
		}
	}
	labels := map[string]string{}
	for _, sys := range s.Systems {
		labels[sys.Name] = sys.Label
	}
	flows, _ := doc["flows"].([]any)
	used := map[int]bool{}
	for fi, ef := range c.Expect.Flows {
		best, bestMiss := -1, []string(nil)
		for i, pf := range flows {
			if used[i] {
				continue
			}
			m := flowMisses(ef, pf.(map[string]any), labels)
			if best < 0 || len(m) < len(bestMiss) {
				best, bestMiss = i, m
			}
		}
		if best < 0 {
			miss = append(miss, fmt.Sprintf("flow %d missing", fi+1))
			continue
		}
		used[best] = true
		for _, m := range bestMiss {
			miss = append(miss, fmt.Sprintf("flow %d: %s", fi+1, m))
		}
	}
	return miss
}

func flowMisses(ef expectedFlow, pf map[string]any, labels map[string]string) []string {
	var miss []string
	trig, _ := pf["trigger"].(map[string]any)
	for k, v := range ef.Trigger {
		got := trig[k]
		switch k {
		case "type":
			if !strings.EqualFold(fmt.Sprint(got), fmt.Sprint(v)) {
				miss = append(miss, fmt.Sprintf("trigger.type %v, got %v", v, got))
			}
		case "object", "event", "label":
			if normName(fmt.Sprint(got)) != normName(fmt.Sprint(v)) {
				miss = append(miss, fmt.Sprintf("trigger.%s %v, got %v", k, v, got))
			}
		case "on", "methods":
			for _, w := range v.([]any) {
				if !strings.Contains(fmt.Sprint(got), fmt.Sprint(w)) {
					miss = append(miss, fmt.Sprintf("trigger.%s lacks %v (got %v)", k, w, got))
				}
			}
		case "cron":
			if !sameCron(fmt.Sprint(v), fmt.Sprint(got)) {
				miss = append(miss, fmt.Sprintf("trigger.cron %v, got %v", v, got))
			}
		case "path":
			if normPath(fmt.Sprint(v)) != normPath(fmt.Sprint(got)) {
				miss = append(miss, fmt.Sprintf("trigger.path %v, got %v", v, got))
			}
		case "verify":
			gv, _ := got.(map[string]any)
			for vk, vv := range v.(map[string]any) {
				if !strings.EqualFold(fmt.Sprint(gv[vk]), fmt.Sprint(vv)) {
					miss = append(miss, fmt.Sprintf("trigger.verify.%s %v, got %v", vk, vv, gv[vk]))
				}
			}
		}
	}
	var conds []map[string]any
	var flatten func(list []any)
	flatten = func(list []any) {
		for _, c := range list {
			cm, _ := c.(map[string]any)
			for _, g := range []string{"any", "all"} {
				if sub, ok := cm[g].([]any); ok {
					flatten(sub)
				}
			}
			if cm["field"] != nil {
				conds = append(conds, cm)
			}
		}
	}
	if w, ok := trig["when"].([]any); ok {
		flatten(w)
	}
	for _, wc := range ef.When {
		found := false
		for _, gc := range conds {
			if normName(fmt.Sprint(gc["field"])) == normName(fmt.Sprint(wc["field"])) && strings.EqualFold(fmt.Sprint(gc["op"]), fmt.Sprint(wc["op"])) &&
				(wc["value"] == nil || sameValue(wc["value"], gc["value"])) {
				found = true
			}
		}
		if !found {
			miss = append(miss, fmt.Sprintf("condition %v %v %v", wc["field"], wc["op"], wc["value"]))
		}
	}
	steps, _ := pf["steps"].([]any)
	next := 0
	for si, es := range ef.Steps {
		found := false
		for j := next; j < len(steps); j++ {
			if stepMatches(es, steps[j].(map[string]any), labels) {
				found, next = true, j+1
				break
			}
		}
		if !found {
			miss = append(miss, fmt.Sprintf("step %d %v", si+1, es))
		}
	}
	return miss
}

func stepMatches(es, ps map[string]any, labels map[string]string) bool {
	for k, v := range es {
		got := ps[k]
		switch k {
		case "forEach":
			if (got != nil && got != "") != (v == true) {
				return false
			}
		case "status":
			if fmt.Sprint(got) != fmt.Sprint(v) {
				return false
			}
		case "object", "event", "externalId", "system":
			if k == "system" {
				ok := false
				for _, name := range []string{fmt.Sprint(got), labels[fmt.Sprint(got)]} {
					a, b := normName(name), normName(fmt.Sprint(v))
					if name != "" && (strings.Contains(a, b) || strings.Contains(b, a)) {
						ok = true
					}
				}
				if !ok {
					return false
				}
				continue
			}
			if normName(fmt.Sprint(got)) != normName(fmt.Sprint(v)) {
				return false
			}
		default:
			if !strings.EqualFold(fmt.Sprint(got), fmt.Sprint(v)) {
				return false
			}
		}
	}
	return true
}

func normPath(p string) string {
	p = strings.ToLower(strings.Trim(p, "/"))
	return strings.Trim(strings.TrimPrefix(p, "services/apexrest"), "/")
}

var dayNums = map[string]string{"SUN": "1", "MON": "2", "TUE": "3", "WED": "4", "THU": "5", "FRI": "6", "SAT": "7"}

// sameCron compares cron expressions field by field as sets of values.
func sameCron(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	for len(fa) < 7 {
		fa = append(fa, "*")
	}
	for len(fb) < 7 {
		fb = append(fb, "*")
	}
	for i := range 7 {
		if cronSet(fa[i], i) != cronSet(fb[i], i) {
			return false
		}
	}
	return true
}

func cronSet(f string, field int) string {
	if f == "?" || f == "*" {
		return "*"
	}
	max := []int{59, 59, 23, 31, 12, 7, 2099}[field]
	var vals []string
	for _, part := range strings.Split(f, ",") {
		for k, v := range dayNums {
			part = strings.ReplaceAll(part, k, v)
		}
		var lo, hi, step int
		switch {
		case strings.Contains(part, "/"):
			fmt.Sscanf(part, "%d/%d", &lo, &step)
			for v := lo; v <= max && step > 0; v += step {
				vals = append(vals, fmt.Sprint(v))
			}
		case strings.Contains(part, "-"):
			fmt.Sscanf(part, "%d-%d", &lo, &hi)
			for v := lo; v <= hi; v++ {
				vals = append(vals, fmt.Sprint(v))
			}
		default:
			vals = append(vals, part)
		}
	}
	return strings.Join(vals, ",")
}

// BenchmarkPlanOffline measures one typical request (target: well under
// 50 ms an operation).
func BenchmarkPlanOffline(b *testing.B) {
	p := builder.NewOffline()
	ctx := context.Background()
	const text = "When an opportunity with an Amount greater than 100,000 is closed won, create an invoice in Stripe, save the invoice id on the opportunity and post an alert to the #big-deals channel in Slack."
	for b.Loop() {
		if _, err := p.Plan(ctx, text); err != nil {
			b.Fatal(err)
		}
	}
}
