// Package planeval scores a planner's answers against a corpus of requests
// with the facts each must yield. It is the repository's own copy of the
// evaluation the planner is held to, so a plain clone can run it: the
// corpus format and the scoring rules are the planner evaluation's (see
// builder/testdata/README.md): each scalar fact of a case's expect is one
// point, flows and conditions are paired greedily best-first, expected
// steps align as an order-preserving subsequence, and names and values are
// compared with the same normalisation.
package planeval

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Case is one request of a corpus and the facts its plan must contain.
type Case struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Expect Expect `json:"expect"`
}

// Expect holds what a careful reader can get from a request without
// guessing: a clarification, or systems and flows (trigger, conditions,
// steps), and strings that must never appear in the answer.
type Expect struct {
	Clarify        bool             `json:"clarify,omitempty"`
	Refuse         bool             `json:"refuse,omitempty"`
	Systems        []string         `json:"systems,omitempty"`
	Flows          []map[string]any `json:"flows,omitempty"`
	MustNotContain []string         `json:"mustNotContain,omitempty"`
}

// Load reads a corpus: a JSON list of cases.
func Load(path string) ([]Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := json.Unmarshal(b, &cases); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cases, nil
}

// Answer is what a planner said for one case: a spec (as its JSON object),
// or a clarification (a question or a refusal), or an error. Raw is the
// whole answer as text, for mustNotContain.
type Answer struct {
	Spec    map[string]any
	Clarify bool
	Err     error
	Raw     string
}

// Fact is one point of a case: what was expected, what was planned, and
// whether they match.
type Fact struct {
	Label    string
	OK       bool
	Expected any
	Got      any
}

// String describes a missed fact the way the evaluation reports it.
func (f Fact) String() string {
	exp := fmt.Sprint(f.Expected)
	if _, ok := f.Expected.(string); !ok {
		b, _ := json.Marshal(f.Expected)
		exp = string(b)
	}
	if f.Got == nil {
		return fmt.Sprintf("%s=%s (missing)", f.Label, exp)
	}
	got, ok := f.Got.(string)
	if !ok {
		b, _ := json.Marshal(f.Got)
		got = string(b)
	}
	if len(got) > 60 {
		got = got[:57] + "..."
	}
	return fmt.Sprintf("%s=%s (got %s)", f.Label, exp, got)
}

// Result is one case's score.
type Result struct {
	Case     Case
	Answer   Answer
	Facts    []Fact
	Points   int
	Total    int
	Needless bool // a clear request answered with a question
}

// Perfect reports whether every fact of the case was met.
func (r Result) Perfect() bool { return r.Points == r.Total }

// Missed lists the facts the answer did not meet.
func (r Result) Missed() []Fact {
	var out []Fact
	for _, f := range r.Facts {
		if !f.OK {
			out = append(out, f)
		}
	}
	return out
}

// Score scores one answer against its case.
func Score(c Case, a Answer) Result {
	r := Result{Case: c, Answer: a}
	if c.Expect.Clarify {
		r.Facts = []Fact{{Label: "clarify", OK: a.Err == nil && a.Clarify, Expected: "a clarification"}}
	} else {
		var planned map[string]any
		if a.Err == nil && !a.Clarify {
			planned = a.Spec
		}
		r.Needless = a.Err == nil && a.Clarify
		r.Facts = expectedFacts(c.Expect, planned, a)
		if planned == nil {
			// A case that expects a spec and gets a clarification or an
			// error scores nothing, mustNotContain included.
			for i := range r.Facts {
				r.Facts[i].OK, r.Facts[i].Got = false, nil
			}
		}
	}
	r.Total = len(r.Facts)
	for _, f := range r.Facts {
		if f.OK {
			r.Points++
		}
	}
	return r
}

// Summary totals a corpus's results.
type Summary struct {
	Points, Total        int
	Cases, Perfect       int
	Clarified, Clarifies int
	Needless, Errors     int
}

// Summarize totals results.
func Summarize(results []Result) Summary {
	var s Summary
	for _, r := range results {
		s.Cases++
		s.Points += r.Points
		s.Total += r.Total
		if r.Perfect() {
			s.Perfect++
		}
		if r.Case.Expect.Clarify {
			s.Clarifies++
			if r.Perfect() {
				s.Clarified++
			}
		}
		if r.Needless {
			s.Needless++
		}
		if r.Answer.Err != nil {
			s.Errors++
		}
	}
	return s
}

// Percent is the share of facts met.
func (s Summary) Percent() float64 {
	if s.Total == 0 {
		return 0
	}
	return 100 * float64(s.Points) / float64(s.Total)
}

// String is the evaluation's summary line.
func (s Summary) String() string {
	return fmt.Sprintf("score: %.1f%% facts (%d/%d), %d/%d cases perfect, clarify %d/%d, needless clarify %d, errors %d",
		s.Percent(), s.Points, s.Total, s.Perfect, s.Cases, s.Clarified, s.Clarifies, s.Needless, s.Errors)
}

// ---------------------------------------------------------------- normalising

func text(x any) string {
	if x == nil {
		return ""
	}
	switch v := x.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(x)
	return string(b)
}

// normText compares text ignoring case, extra white space and surrounding
// quotes.
func normText(x any) string {
	if b, ok := x.(bool); ok {
		return strconv.FormatBool(b)
	}
	s := strings.Trim(strings.TrimSpace(text(x)), `"'`)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

var (
	nameSeparators = regexp.MustCompile(`[\s_.\-]`)
	customSuffix   = regexp.MustCompile(`__(c|e)$`)
)

// normName compares object, event and field names ignoring case, spaces,
// `_`, `-`, `.`, a `__c`/`__e` suffix and a merge-field root.
func normName(x any) string {
	s := strings.ToLower(strings.TrimSpace(text(x)))
	for _, p := range []string{"record.", "event.", "prior.", "item.", "input."} {
		if strings.HasPrefix(s, p) {
			s = s[len(p):]
			break
		}
	}
	s = customSuffix.ReplaceAllString(s, "")
	return nameSeparators.ReplaceAllString(s, "")
}

func normObject(x any) string {
	s := normName(x)
	if strings.HasSuffix(s, "changeevent") && len(s) > len("changeevent") {
		s = strings.TrimSuffix(s, "changeevent")
	}
	return s
}

var (
	urlHost  = regexp.MustCompile(`^https?://[^/]+`)
	apexRest = regexp.MustCompile(`^/?services/apexrest`)
)

func normPath(x any) string {
	s := strings.ToLower(strings.TrimSpace(text(x)))
	s = urlHost.ReplaceAllString(s, "")
	s = apexRest.ReplaceAllString(s, "")
	return strings.Trim(s, "/")
}

func sysKey(x any) string { return nameSeparators.ReplaceAllString(strings.ToLower(text(x)), "") }

// sysMatch: system names match when one contains the other.
func sysMatch(expected, got any) bool {
	a, b := sysKey(expected), sysKey(got)
	if a == "" || b == "" {
		return false
	}
	return strings.Contains(b, a) || (len(b) >= 3 && strings.Contains(a, b))
}

var plainNumber = regexp.MustCompile(`^[+-]?\d+(\.\d+)?$`)

func toNum(x any) (float64, bool) {
	switch v := x.(type) {
	case float64:
		return v, true
	case string:
		s := strings.TrimLeft(strings.ReplaceAll(strings.TrimSpace(v), ",", ""), "$")
		if plainNumber.MatchString(s) {
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		}
	}
	return 0, false
}

func itemKey(x any) string {
	if n, ok := toNum(x); ok {
		return "n" + strconv.FormatFloat(n, 'g', -1, 64)
	}
	return "s" + normText(x)
}

func valueMatch(expected, got any) bool {
	switch e := expected.(type) {
	case []any:
		var g []any
		switch v := got.(type) {
		case string:
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					g = append(g, p)
				}
			}
		case []any:
			g = v
		case nil:
		default:
			g = []any{v}
		}
		ek, gk := make([]string, 0, len(e)), make([]string, 0, len(g))
		for _, x := range e {
			ek = append(ek, itemKey(x))
		}
		for _, x := range g {
			gk = append(gk, itemKey(x))
		}
		slices.Sort(ek)
		slices.Sort(gk)
		return slices.Equal(ek, gk)
	case bool:
		return normText(got) == strconv.FormatBool(e)
	case float64:
		n, ok := toNum(got)
		return ok && math.Abs(n-e) <= 1e-9*math.Max(1, math.Abs(e))
	}
	switch got.(type) {
	case []any, map[string]any:
		return false
	}
	return normText(got) == normText(expected)
}

// ---------------------------------------------------------------- cron

var cronRanges = [7][2]int{{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2099}}

var (
	monthNums = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
	dayNums   = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
)

// cronField is one cron field as the set of values it names ("*" for all),
// or the field as written when it uses L, W, # or something odd.
func cronField(f string, idx int) string {
	lo, hi := cronRanges[idx][0], cronRanges[idx][1]
	if f == "*" || f == "?" {
		return "*"
	}
	names := map[string]int{}
	switch idx {
	case 4:
		names = monthNums
	case 5:
		names = dayNums
	}
	num := func(t string) (int, bool) {
		if n, ok := names[t]; ok {
			return n, true
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	values := map[int]bool{}
	for _, part := range strings.Split(f, ",") {
		base, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return f
			}
			step = n
		}
		var a, b int
		switch {
		case base == "*" || base == "?":
			a, b = lo, hi
		case strings.Contains(base, "-"):
			x, y, _ := strings.Cut(base, "-")
			var ok1, ok2 bool
			a, ok1 = num(x)
			b, ok2 = num(y)
			if !ok1 || !ok2 {
				return f
			}
		default:
			var ok bool
			if a, ok = num(base); !ok {
				return f
			}
			b = a
			if hasStep {
				b = hi
			}
		}
		if a < lo || a > hi || b < lo || b > hi || a > b {
			return f
		}
		for v := a; v <= b; v += step {
			values[v] = true
		}
	}
	if len(values) == hi-lo+1 {
		return "*"
	}
	keys := make([]int, 0, len(values))
	for v := range values {
		keys = append(keys, v)
	}
	slices.Sort(keys)
	return fmt.Sprint(keys)
}

func normCron(x any) string {
	parts := strings.Fields(strings.ToUpper(text(x)))
	if len(parts) == 7 && (parts[6] == "*" || parts[6] == "?") {
		parts = parts[:6]
	}
	if len(parts) != 6 && len(parts) != 7 {
		return "raw " + strings.Join(parts, " ")
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = cronField(p, i)
	}
	return strings.Join(out, "|")
}

func triggerValueMatch(key string, expected, got any) bool {
	if got == nil {
		return false
	}
	switch key {
	case "type", "label", "header", "on":
		return normText(expected) == normText(got)
	case "object":
		return normObject(expected) == normObject(got)
	case "event":
		return normName(expected) == normName(got)
	case "cron":
		return normCron(expected) == normCron(got)
	case "path":
		return normPath(expected) == normPath(got)
	case "methods":
		return strings.ToUpper(strings.TrimSpace(text(expected))) == strings.ToUpper(strings.TrimSpace(text(got)))
	}
	return valueMatch(expected, got)
}

// ---------------------------------------------------------------- facts

func points(facts []Fact) int {
	n := 0
	for _, f := range facts {
		if f.OK {
			n++
		}
	}
	return n
}

// greedyAssign pairs each expected item with a distinct planned one, the
// best-scoring pairs first, and returns each expected item's facts.
func greedyAssign[E, P any](expected []E, planned []P, score func(E, *P) []Fact) [][]Fact {
	type pair struct {
		pts, i, j int
		facts     []Fact
	}
	var pairs []pair
	for i, e := range expected {
		for j := range planned {
			f := score(e, &planned[j])
			pairs = append(pairs, pair{points(f), i, j, f})
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		if pairs[a].pts != pairs[b].pts {
			return pairs[a].pts > pairs[b].pts
		}
		if pairs[a].i != pairs[b].i {
			return pairs[a].i < pairs[b].i
		}
		return pairs[a].j < pairs[b].j
	})
	done := make([][]Fact, len(expected))
	paired := make([]bool, len(expected))
	used := map[int]bool{}
	for _, p := range pairs {
		if paired[p.i] || used[p.j] {
			continue
		}
		done[p.i], paired[p.i] = p.facts, true
		used[p.j] = true
	}
	for i, e := range expected {
		if !paired[i] {
			done[i] = score(e, nil)
		}
	}
	return done
}

func flattenConditions(when any) []map[string]any {
	var list []any
	switch w := when.(type) {
	case map[string]any:
		list = []any{w}
	case []any:
		list = w
	}
	var out []map[string]any
	for _, c := range list {
		m, ok := c.(map[string]any)
		if !ok {
			continue
		}
		if g, ok := m["any"]; ok {
			out = append(out, flattenConditions(g)...)
		} else if g, ok := m["all"]; ok {
			out = append(out, flattenConditions(g)...)
		} else {
			out = append(out, m)
		}
	}
	return out
}

func conditionFacts(prefix string, ec map[string]any, pc *map[string]any) []Fact {
	var facts []Fact
	tag := text(ec["field"])
	if tag == "" {
		tag = text(ec["op"])
	}
	if tag == "" {
		tag = "?"
	}
	for _, key := range []string{"field", "op", "value"} {
		want, ok := ec[key]
		if !ok {
			continue
		}
		var got any
		if pc != nil {
			got = (*pc)[key]
		}
		var match bool
		switch key {
		case "field":
			match = got != nil && normName(want) == normName(got)
		case "op":
			match = got != nil && normText(want) == normText(got)
		default:
			match = pc != nil && valueMatch(want, got)
		}
		facts = append(facts, Fact{fmt.Sprintf("%swhen[%s].%s", prefix, tag, key), match, want, got})
	}
	return facts
}

func triggerFacts(prefix string, et, pt map[string]any) []Fact {
	var facts []Fact
	var walk func(path, key string, ev, pv any)
	walk = func(path, key string, ev, pv any) {
		switch e := ev.(type) {
		case map[string]any:
			pm, _ := pv.(map[string]any)
			for _, k := range slices.Sorted(maps.Keys(e)) {
				walk(path+"."+k, k, e[k], pm[k])
			}
		case []any:
			var items []any
			switch p := pv.(type) {
			case []any:
				items = p
			case nil:
			default:
				items = []any{p}
			}
			for _, item := range e {
				ok := slices.ContainsFunc(items, func(x any) bool { return triggerValueMatch(key, item, x) })
				var got any
				if !ok && pv != nil {
					got = pv
				}
				facts = append(facts, Fact{fmt.Sprintf("%s[%s]", path, text(item)), ok, item, got})
			}
		default:
			facts = append(facts, Fact{path, triggerValueMatch(key, ev, pv), ev, pv})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(et)) {
		if k == "when" {
			continue
		}
		walk(prefix+"trigger."+k, k, et[k], pt[k])
	}
	return facts
}

// stepKeys are the step facts a corpus may expect, in report order.
var stepKeys = []string{"type", "system", "method", "object", "externalId", "event", "status", "forEach"}

func stepFacts(prefix string, n int, es map[string]any, ps map[string]any, systems []map[string]any) []Fact {
	var facts []Fact
	for _, key := range stepKeys {
		ev, ok := es[key]
		if !ok {
			continue
		}
		label := fmt.Sprintf("%sstep%d.%s", prefix, n, key)
		if ps == nil {
			facts = append(facts, Fact{label, false, ev, nil})
			continue
		}
		got := ps[key]
		var match bool
		switch key {
		case "system":
			names := []any{got}
			for _, s := range systems {
				if got != nil && sysKey(s["name"]) == sysKey(got) {
					names = append(names, s["label"])
				}
			}
			match = got != nil && slices.ContainsFunc(names, func(nm any) bool { return nm != nil && text(nm) != "" && sysMatch(ev, nm) })
		case "method":
			match = got != nil && strings.ToUpper(text(ev)) == strings.ToUpper(strings.TrimSpace(text(got)))
		case "object":
			match = got != nil && normObject(ev) == normObject(got)
		case "externalId", "event":
			match = got != nil && normName(ev) == normName(got)
		case "type":
			match = got != nil && normText(ev) == normText(got)
		case "forEach":
			match = truthy(got) == truthy(ev)
			if !truthy(got) {
				got = nil
			}
		default:
			match = got != nil && valueMatch(ev, got)
		}
		facts = append(facts, Fact{label, match, ev, got})
	}
	return facts
}

func truthy(x any) bool {
	switch v := x.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// alignSteps aligns the expected steps, in order, as a subsequence of the
// planned ones, with the most points in all.
func alignSteps(prefix string, esteps []map[string]any, psteps []map[string]any, systems []map[string]any) []Fact {
	n, m := len(esteps), len(psteps)
	table := make([][][]Fact, n)
	pts := make([][]int, n)
	for i := range n {
		table[i] = make([][]Fact, m)
		pts[i] = make([]int, m)
		for j := range m {
			table[i][j] = stepFacts(prefix, i+1, esteps[i], psteps[j], systems)
			pts[i][j] = points(table[i][j])
		}
	}
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			dp[i][j] = max(dp[i-1][j], dp[i][j-1], dp[i-1][j-1]+pts[i-1][j-1])
		}
	}
	match := map[int]int{}
	for i, j := n, m; i > 0 && j > 0; {
		switch {
		case pts[i-1][j-1] > 0 && dp[i][j] == dp[i-1][j-1]+pts[i-1][j-1]:
			match[i-1] = j - 1
			i, j = i-1, j-1
		case dp[i][j] == dp[i-1][j]:
			i--
		default:
			j--
		}
	}
	var facts []Fact
	for k := range n {
		if j, ok := match[k]; ok {
			facts = append(facts, table[k][j]...)
		} else {
			facts = append(facts, stepFacts(prefix, k+1, esteps[k], nil, systems)...)
		}
	}
	return facts
}

func flowFacts(prefix string, ef map[string]any, pf map[string]any, systems []map[string]any) []Fact {
	et, _ := ef["trigger"].(map[string]any)
	pt, _ := pf["trigger"].(map[string]any)
	facts := triggerFacts(prefix, et, pt)
	ewhen := ef["when"]
	if ewhen == nil {
		ewhen = et["when"]
	}
	var pwhen any
	if w, ok := pt["when"]; ok {
		pwhen = w
	} else {
		pwhen = pf["when"]
	}
	for _, f := range greedyAssign(flattenConditions(ewhen), flattenConditions(pwhen), func(e map[string]any, p *map[string]any) []Fact {
		return conditionFacts(prefix, e, p)
	}) {
		facts = append(facts, f...)
	}
	facts = append(facts, alignSteps(prefix, objectsOf(ef["steps"]), objectsOf(pf["steps"]), systems)...)
	return facts
}

// objectsOf keeps the objects of a JSON list.
func objectsOf(x any) []map[string]any {
	list, _ := x.([]any)
	var out []map[string]any
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func plannedFlows(s map[string]any) []map[string]any {
	switch f := s["flows"].(type) {
	case []any:
		return objectsOf(f)
	case map[string]any:
		var list []any
		for _, k := range slices.Sorted(maps.Keys(f)) {
			list = append(list, f[k])
		}
		return objectsOf(list)
	}
	if _, ok := s["trigger"]; ok {
		return []map[string]any{s}
	}
	return nil
}

func plannedSystems(s map[string]any) []map[string]any {
	list, _ := s["systems"].([]any)
	var out []map[string]any
	for _, v := range list {
		switch x := v.(type) {
		case map[string]any:
			out = append(out, x)
		case string:
			out = append(out, map[string]any{"name": x})
		}
	}
	return out
}

func expectedFacts(expect Expect, planned map[string]any, a Answer) []Fact {
	systems := plannedSystems(planned)
	var facts []Fact
	for _, name := range expect.Systems {
		ok := slices.ContainsFunc(systems, func(s map[string]any) bool { return sysMatch(name, s["name"]) || sysMatch(name, s["label"]) })
		facts = append(facts, Fact{fmt.Sprintf("system[%s]", name), ok, name, nil})
	}
	multi := len(expect.Flows) > 1
	for i, f := range greedyAssign(expect.Flows, plannedFlows(planned), func(e map[string]any, p *map[string]any) []Fact {
		var pf map[string]any
		if p != nil {
			pf = *p
		}
		return flowFacts("", e, pf, systems)
	}) {
		for _, fact := range f {
			if multi {
				fact.Label = fmt.Sprintf("flow%d.%s", i+1, fact.Label)
			}
			facts = append(facts, fact)
		}
	}
	for _, secret := range expect.MustNotContain {
		present := strings.Contains(strings.ToLower(a.Raw), strings.ToLower(secret))
		ok := a.Err == nil && a.Raw != "" && !present
		var got any
		if present {
			got = "present"
		}
		facts = append(facts, Fact{fmt.Sprintf("mustNotContain[%s]", secret), ok, "absent", got})
	}
	return facts
}
