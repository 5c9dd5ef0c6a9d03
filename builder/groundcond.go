package builder

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// groundState is what grounding in an org carries through one planning
// run of the offline planner: the org's schema, and the question a
// condition raised when two of the org's fields fit its words equally.
type groundState struct {
	schema   *Schema
	question string
	// words caches each object's field labels and names split into words,
	// so a long request does not split them again for every phrase.
	words map[*SchemaObject][]schemaFieldWords
}

// schemaFieldWords are a field's label and API name as words.
type schemaFieldWords struct{ label, name []string }

// fieldWordsOf returns o's fields' words, split once per planning run.
func (g *groundState) fieldWordsOf(o *SchemaObject) []schemaFieldWords {
	if ws, ok := g.words[o]; ok {
		return ws
	}
	ws := make([]schemaFieldWords, len(o.Fields))
	for i, f := range o.Fields {
		ws[i] = schemaFieldWords{labelWords(f.Label), nameWords(f.Name)}
	}
	if g.words == nil {
		g.words = map[*SchemaObject][]schemaFieldWords{}
	}
	g.words[o] = ws
	return ws
}

// condWordRe finds the words of a trigger clause, a possessive kept on its
// word ("account's").
var condWordRe = regexp.MustCompile(`[a-z0-9_]+(?:'s)?`)

// condEventValues are words after "is" that say what happened to the
// record, not a field's value: "when the invoice is created".
var condEventValues = map[string]bool{"created": true, "updated": true, "deleted": true, "changed": true, "edited": true,
	"modified": true, "saved": true, "inserted": true, "added": true, "removed": true, "undeleted": true, "restored": true}

// datePastRe is a date said to be before or after today, after its field:
// "is in the past", "has passed", "is overdue".
var datePastRe = regexp.MustCompile(`^\s*(?:(?:is|was|are|has been|falls|lies)\s+)?(?:in the past|in the future|overdue|past due|passed|before today|after today|earlier than today|later than today|today)\b|^\s*has\s+passed\b`)

// condCandidate is one of the org's fields a condition's words may name.
type condCandidate struct {
	f     *SchemaField
	score int
}

// orgFields reads the conditions whose field the org names by label or
// API name ("when the region changes to EMEA" in an org whose Account has
// Region__c labelled Region). It runs before the planner's own field
// words, leaves a phrase to them when the field they name exists in the
// org, asks (through the plan) when two of the org's fields fit a phrase
// equally, and notes a date compared with today, which a condition cannot
// say. Without an org it does nothing.
func (c *condParser) orgFields() {
	g := c.p.ground
	if g == nil || g.schema == nil || c.object == "" || g.schema.object(c.object) == nil {
		return
	}
	sch := g.schema
	names := objectNames(sch)
	toks := condWordRe.FindAllStringIndex(c.low, -1)
	word := func(k int) string { return c.low[toks[k][0]:toks[k][1]] }
	for i := 0; i < len(toks); i++ {
		if strings.HasSuffix(word(i), "'s") {
			continue
		}
		// the words a mention may take: up to a stop word, a possessive or
		// an API name, with nothing but spaces between them
		n := 0
		for j := i; j < len(toks) && j-i < maxMentionWords; j++ {
			w := word(j)
			if groundStops[w] || groundAnchors[w] || strings.HasSuffix(w, "'s") || strings.Contains(w, "__") {
				break
			}
			if j > i && strings.TrimSpace(c.low[toks[j-1][1]:toks[j][0]]) != "" {
				break
			}
			n++
		}
		// "the account's region": a parent's field, through its lookup
		owner, prefix := c.object, ""
		if i > 0 && strings.TrimSpace(c.low[toks[i-1][1]:toks[i][0]]) == "" {
			if base, ok := strings.CutSuffix(word(i-1), "'s"); ok {
				if o := objectNamed(base, names); o != "" && !strings.EqualFold(o, c.object) {
					path := recordPath(c.object, o, "x", sch)
					if path == "" || sch.object(o) == nil {
						continue
					}
					owner, prefix = o, strings.TrimSuffix(path, "x")
				}
			}
		}
		obj := sch.object(owner)
		for ; n > 0; n-- {
			ws := make([]string, n)
			for k := range ws {
				ws[k] = word(i + k)
			}
			phrase := strings.Join(ws, " ")
			if std := standardField(owner, phrase); std != "" && obj.field(std) != nil {
				// the planner reads it, and the org has that field
				i += n - 1
				break
			}
			if objectNamed(phrase, names) != "" {
				continue
			}
			a, b := toks[i][0], toks[i+n-1][1]
			if c.isUsed(a, b) {
				break
			}
			cands := condCandidates(ws, obj, g.fieldWordsOf(obj))
			if len(cands) == 0 {
				continue
			}
			if end, ok := c.groundCondition(g, obj, prefix, phrase, cands, a, b); ok {
				for i+1 < len(toks) && toks[i+1][0] < end {
					i++
				}
				break
			}
		}
	}
}

// condCandidates are the fields of o whose label or API name the words
// name best: all of them when several fit equally.
func condCandidates(words []string, o *SchemaObject, fws []schemaFieldWords) []condCandidate {
	var out []condCandidate
	best := 0
	for i := range o.Fields {
		f := &o.Fields[i]
		if f.Type == "id" {
			continue
		}
		s := condScore(words, fws[i])
		switch {
		case s == 0 || s < best:
		case s > best:
			best, out = s, []condCandidate{{f, s}}
		default:
			out = append(out, condCandidate{f, s})
		}
	}
	return out
}

// condScore is matchScore, with one more kind of match a condition allows:
// a single specific word of the field's label or name ("the tier" for
// Customer Tier), scored below the label itself.
func condScore(words []string, fw schemaFieldWords) int {
	label, name := fw.label, fw.name
	if s := matchScore(words, label, name); s > 0 {
		return s
	}
	if len(words) != 1 || groundGenericWords[words[0]] {
		return 0
	}
	best := 0
	for _, have := range [][]string{label, name} {
		if slices.Contains(have, words[0]) {
			best = max(best, 50-(len(have)-1))
		}
	}
	return best
}

// groundCondition reads the comparison after a phrase (a..b) that names
// the candidates, and adds the condition on the one that fits. It reports
// the end of what it read and whether the phrase was taken.
func (c *condParser) groundCondition(g *groundState, obj *SchemaObject, prefix, phrase string, cands []condCandidate, a, b int) (int, bool) {
	sch := g.schema
	// "the renewal date is in the past": a condition compares with a fixed
	// value, so this one cannot be written; say so instead of dropping it
	if m := datePastRe.FindString(c.low[b:]); m != "" {
		var dates []*SchemaField
		for _, cd := range cands {
			if cd.f.Type == "date" || cd.f.Type == "datetime" {
				dates = append(dates, cd.f)
			}
		}
		if len(dates) == 0 {
			return 0, false
		}
		end := b + len(m)
		c.used = append(c.used, span{a, end})
		if f := c.chooseField(g, obj, phrase, dates); f != nil {
			c.p.assume("left out the condition %q: %s's field %s.%s (%s) is a date, and a trigger condition compares a field with a fixed value, not with today; add it by editing the spec with a date, or plan a schedule that queries the records", strings.TrimSpace(c.orig[a:end]), sch.orgName(), obj.Name, f.Name, f.Label)
		}
		return end, true
	}
	before := len(c.conds)
	first := prefix + cands[0].f.Name
	cond, end, ok := c.comparison(first, b)
	undo := func() { c.conds, c.spans = c.conds[:before], c.spans[:before] }
	if !ok {
		undo()
		return 0, false
	}
	// "the invoice number is written to X__c": an action told in the
	// passive, not a value
	passive := passiveAfterRe.MatchString(c.low[end:])
	var fits, known []*SchemaField
	for _, cd := range cands {
		kn := condValuesKnown(cond, cd.f)
		if !condTypeFits(cond, cd.f) || cd.score < 100 && !kn || !kn && (condEventValue(cond) || passive) {
			continue
		}
		fits = append(fits, cd.f)
		if kn {
			known = append(known, cd.f)
		}
	}
	if len(known) > 0 {
		fits = known
	}
	if len(fits) == 0 {
		undo()
		return 0, false
	}
	f := c.chooseField(g, obj, phrase, fits)
	if f == nil {
		undo()
		c.used = append(c.used, span{a, end})
		return end, true
	}
	if name := prefix + f.Name; name != first {
		cs := append([]spec.Condition{cond}, c.conds[before:]...)
		renameConditions(cs, first, name)
		cond = cs[0]
	}
	c.add(cond, a, end)
	c.p.assume("read %q as %s's field %s.%s (%s)", phrase, sch.orgName(), obj.Name, f.Name, f.Label)
	return end, true
}

// chooseField returns the one field of fits, or the one the request
// names by API name (the answer to the question); otherwise it records
// the question naming them all and returns nil.
func (c *condParser) chooseField(g *groundState, obj *SchemaObject, phrase string, fits []*SchemaField) *SchemaField {
	if len(fits) == 1 {
		return fits[0]
	}
	var named []*SchemaField
	for _, f := range fits {
		if findWord(lowerASCII(c.p.request), lowerASCII(f.Name), 0) >= 0 {
			named = append(named, f)
		}
	}
	if len(named) == 1 {
		return named[0]
	}
	if g.question == "" {
		g.question = ambiguity(grounded{m: groundMention{text: phrase}, object: obj.Name, fields: fits}, g.schema)
	}
	return nil
}

// condLeaves calls fn with each comparison of cond (the members of a group).
func condLeaves(cond spec.Condition, fn func(spec.Condition) bool) bool {
	if cond.IsGroup() {
		for _, x := range append(slices.Clone(cond.Any), cond.All...) {
			if !condLeaves(x, fn) {
				return false
			}
		}
		return true
	}
	return fn(cond)
}

// condStrings are a condition's string values.
func condStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// condValuesKnown reports whether every string value cond compares f with
// is one of f's picklist values (case-insensitively). A field without
// picklist values knows none.
func condValuesKnown(cond spec.Condition, f *SchemaField) bool {
	if len(f.Values) == 0 {
		return false
	}
	any := false
	ok := condLeaves(cond, func(x spec.Condition) bool {
		for _, s := range condStrings(x.Value) {
			any = true
			if orgValue(f, s) == "" {
				return false
			}
		}
		return true
	})
	return ok && any
}

// passiveAfterRe is what follows a participle told in the passive: "is
// written to", "is sent by".
var passiveAfterRe = regexp.MustCompile(`^\s+(?:to|into|onto|by|back|from|over)\b`)

// condEventValue reports whether cond compares with a word that says what
// happened to the record ("is created", "is written").
func condEventValue(cond spec.Condition) bool {
	return !condLeaves(cond, func(x spec.Condition) bool {
		for _, s := range condStrings(x.Value) {
			if v, _ := pastVerbOf(lowerASCII(s)); condEventValues[lowerASCII(s)] || v != "" {
				return false
			}
		}
		return true
	})
}

// condTypeFits reports whether cond's values suit f's type: numbers for
// number fields, true or false for a checkbox, a date for a date; text
// fields take text and numbers.
func condTypeFits(cond spec.Condition, f *SchemaField) bool {
	return condLeaves(cond, func(x spec.Condition) bool {
		if !spec.OpTakesValue(x.Op) {
			return true
		}
		vals := []any{x.Value}
		if l, ok := x.Value.([]any); ok {
			vals = l
		}
		for _, v := range vals {
			switch f.Type {
			case "double", "currency", "percent", "int", "long":
				if _, ok := v.(string); ok || v == nil {
					return false
				}
				if _, ok := v.(bool); ok {
					return false
				}
			case "boolean":
				if _, ok := v.(bool); !ok {
					return false
				}
			case "date", "datetime":
				s, ok := v.(string)
				if !ok || !isoDateRe.MatchString(s) {
					return false
				}
			default:
				if _, ok := v.(bool); ok {
					return false
				}
			}
		}
		return true
	})
}

// isoDateRe is a date literal a condition can compare a date field with.
var isoDateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// orgValue is the org's spelling of picklist value v of f, "" when f has
// no such value.
func orgValue(f *SchemaField, v string) string {
	for _, x := range f.Values {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(v)) {
			return x
		}
	}
	return ""
}

// schemaFieldAt resolves a condition's field path from object through the
// org's lookups ("Account.Region__c"), or returns nil.
func schemaFieldAt(sch *Schema, object, path string) (*SchemaObject, *SchemaField) {
	o := sch.object(object)
	segs := strings.Split(path, ".")
	for _, seg := range segs[:len(segs)-1] {
		if o == nil {
			return nil, nil
		}
		var next *SchemaObject
		for _, f := range o.Fields {
			if strings.EqualFold(f.Relationship, seg) && len(f.ReferenceTo) == 1 {
				next = sch.object(f.ReferenceTo[0])
			}
		}
		o = next
	}
	if o == nil {
		return nil, nil
	}
	return o, o.field(segs[len(segs)-1])
}

// maxListedValues bounds the picklist values an assumption lists.
const maxListedValues = 10

// groundConditionValues spells the picklist values of the flows' trigger
// conditions as the org does ("emea" becomes EMEA) and lists each value
// the org's field does not have as an assumption to confirm.
func groundConditionValues(res Result, sch *Schema) Result {
	seen := map[string]bool{}
	var fix func(object string, cs []spec.Condition)
	fix = func(object string, cs []spec.Condition) {
		for i := range cs {
			cd := &cs[i]
			fix(object, cd.Any)
			fix(object, cd.All)
			if cd.IsGroup() || cd.Field == "" {
				continue
			}
			o, f := schemaFieldAt(sch, object, cd.Field)
			if f == nil || len(f.Values) == 0 || (f.Type != "picklist" && f.Type != "multipicklist") {
				continue
			}
			respell := func(v string) string {
				if w := orgValue(f, v); w != "" {
					return w
				}
				if key := cd.Field + "|" + lowerASCII(v); !seen[key] {
					seen[key] = true
					vals := f.Values
					more := ""
					if len(vals) > maxListedValues {
						vals, more = vals[:maxListedValues], ", ..."
					}
					res.Assumptions = append(res.Assumptions, fmt.Sprintf("%s's field %s.%s (%s) has no picklist value %q (its values: %s%s): confirm the value", sch.orgName(), o.Name, f.Name, f.Label, v, strings.Join(vals, ", "), more))
				}
				return v
			}
			switch v := cd.Value.(type) {
			case string:
				cd.Value = respell(v)
			case []any:
				for k, e := range v {
					if s, ok := e.(string); ok {
						v[k] = respell(s)
					}
				}
			}
		}
	}
	for fi := range res.Spec.Flows {
		t := &res.Spec.Flows[fi].Trigger
		if t.Type == spec.TriggerRecordChange || t.Type == spec.TriggerChangeEvent {
			fix(t.Object, t.When)
		}
	}
	return res
}
