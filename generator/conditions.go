package generator

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/dryrun"
	"github.com/patchbay/patchbay/spec"
)

// conditionSample is a trigger record (and its prior values) for a flow's
// generated tests: field paths (Account.Industry through the relationship)
// to JSON-like values (string, float64, bool, nil).
type conditionSample struct {
	Record map[string]any
	Prior  map[string]any // nil when the flow compares no prior values
}

// conditionSamples finds a record that meets conds and one that fails
// them, for the flow f of s. Each is checked with the dry run (the Go twin
// of the generated runtime), so a test asserting that the generated Apex
// agrees is checking the org against the dry run, not against a guess.
// ok is false when no sample was found (a value the tests cannot type, a
// contradiction): the flow then gets no condition test rather than a wrong one.
func conditionSamples(s *spec.Spec, f spec.Flow, conds []spec.Condition) (meet, fail conditionSample, ok bool) {
	types := map[string]string{}
	for _, o := range s.Objects {
		if o.Name == f.Trigger.Object {
			for _, fl := range o.Fields {
				types[fl.Name] = fl.Type
			}
		}
	}
	for _, e := range s.Events {
		if e.Name == f.Trigger.Event {
			for _, fl := range e.Fields {
				types[fl.Name] = fl.Type
			}
		}
	}
	for _, c := range conds {
		for _, l := range c.Leaves() {
			if !sampleTypable(l, types) {
				return meet, fail, false
			}
		}
	}
	withPrior := slices.ContainsFunc(conds, spec.Condition.ComparesPrior)
	holds := func(smp conditionSample) bool { return conditionsHold(s, f, conds, smp) }
	// Groups of any: try each branch of the first group until one holds.
	for branch := 0; branch < 8; branch++ {
		smp := conditionSample{Record: map[string]any{}}
		if withPrior {
			smp.Prior = map[string]any{}
		}
		b := branch
		for _, c := range conds {
			meetCondition(c, smp, &b)
		}
		if holds(smp) {
			meet = smp
			ok = true
			break
		}
	}
	if !ok {
		return meet, fail, false
	}
	// A failing record: the meeting one with one comparison turned around.
	for _, c := range conds {
		for _, l := range c.Leaves() {
			smp := cloneSample(meet)
			failLeaf(l, smp)
			if !holds(smp) {
				return meet, smp, true
			}
		}
	}
	return meet, fail, false
}

// isoDate is a date literal; the tests do not guess whether a standard
// field holding one is a Date, Datetime or Text field.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// sampleTypable reports whether the tests can write the values l needs
// into an in-memory record: numbers, booleans and text, but not date
// literals, and not an isNotNull on a field whose type is unknown other
// than text.
func sampleTypable(l spec.Condition, types map[string]string) bool {
	vals := []any{l.Value}
	if list, ok := l.Value.([]any); ok {
		vals = list
	}
	for _, v := range vals {
		if str, ok := v.(string); ok && isoDate.MatchString(str) {
			return false
		}
	}
	switch types[l.Field] {
	case spec.FieldDate, spec.FieldDateTime, spec.FieldLookup:
		return false
	}
	return true
}

// conditionsHold runs the dry run's condition check on a sample.
func conditionsHold(s *spec.Spec, f spec.Flow, conds []spec.Condition, smp conditionSample) bool {
	flow := f
	flow.Trigger.When = conds
	flow.Steps = nil
	one := *s
	one.Flows = []spec.Flow{flow}
	in := dryrun.Input{Flow: flow.Name, Record: nested(smp.Record), Prior: nested(smp.Prior)}
	if f.Trigger.Type == spec.TriggerPlatformEvent {
		in.Event, in.Record = in.Record, nil
	}
	tr, err := dryrun.Run(&one, in, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return err == nil && tr.Runs
}

// nested turns field paths into nested maps, as the dry run reads a record.
func nested(flat map[string]any) map[string]any {
	if flat == nil {
		return nil
	}
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(flat)) {
		segs := strings.Split(k, ".")
		cur := out
		for _, seg := range segs[:len(segs)-1] {
			next, ok := cur[seg].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[seg] = next
			}
			cur = next
		}
		cur[segs[len(segs)-1]] = flat[k]
	}
	return out
}

func cloneSample(s conditionSample) conditionSample {
	out := conditionSample{Record: maps.Clone(s.Record)}
	if s.Prior != nil {
		out.Prior = maps.Clone(s.Prior)
	}
	return out
}

// meetCondition sets values that make c hold; *branch picks the branch of
// the next any group (and counts down through the groups).
func meetCondition(c spec.Condition, smp conditionSample, branch *int) {
	if c.IsGroup() {
		for _, sub := range c.All {
			meetCondition(sub, smp, branch)
		}
		if len(c.Any) > 0 {
			k := *branch % len(c.Any)
			*branch /= len(c.Any)
			meetCondition(c.Any[k], smp, branch)
		}
		return
	}
	v := literal(c.Value)
	f := c.Field
	switch c.Op {
	case spec.OpEquals, spec.OpGreaterOrEqual, spec.OpLessOrEqual, spec.OpContains, spec.OpStartsWith:
		smp.Record[f] = v
	case spec.OpNotEquals:
		smp.Record[f] = other(v)
	case spec.OpGreaterThan:
		smp.Record[f] = step(v, 1)
	case spec.OpLessThan:
		smp.Record[f] = step(v, -1)
	case spec.OpIn:
		if list, ok := c.Value.([]any); ok && len(list) > 0 {
			smp.Record[f] = literal(list[0])
		}
	case spec.OpIsNull:
		smp.Record[f] = nil
	case spec.OpIsNotNull:
		if smp.Record[f] == nil {
			smp.Record[f] = "Test"
		}
	case spec.OpChanged:
		if smp.Record[f] == nil {
			smp.Record[f] = "Test"
		}
		smp.Prior[f] = other(smp.Record[f])
	case spec.OpChangedTo:
		smp.Record[f] = v
		smp.Prior[f] = other(v)
	case spec.OpChangedFrom:
		smp.Prior[f] = v
		if _, set := smp.Record[f]; !set {
			smp.Record[f] = other(v)
		}
	}
	if smp.Prior != nil {
		if _, set := smp.Prior[f]; !set {
			smp.Prior[f] = smp.Record[f]
		}
	}
}

// failLeaf turns one comparison around.
func failLeaf(c spec.Condition, smp conditionSample) {
	v := literal(c.Value)
	f := c.Field
	switch c.Op {
	case spec.OpEquals, spec.OpChangedTo:
		smp.Record[f] = other(v)
	case spec.OpNotEquals:
		smp.Record[f] = v
	case spec.OpGreaterThan, spec.OpGreaterOrEqual:
		smp.Record[f] = step(v, -1)
	case spec.OpLessThan, spec.OpLessOrEqual:
		smp.Record[f] = step(v, 1)
	case spec.OpContains, spec.OpStartsWith:
		smp.Record[f] = "-"
	case spec.OpIn:
		x := any("Test")
		if list, ok := c.Value.([]any); ok {
			for slices.ContainsFunc(list, func(e any) bool { return fmt.Sprint(literal(e)) == fmt.Sprint(x) }) {
				x = other(x)
			}
		}
		smp.Record[f] = x
	case spec.OpIsNull:
		smp.Record[f] = "Test"
	case spec.OpIsNotNull:
		smp.Record[f] = nil
	case spec.OpChanged:
		smp.Prior[f] = smp.Record[f]
	case spec.OpChangedFrom:
		smp.Prior[f] = other(v)
	}
}

// literal normalises a spec literal: whole numbers of every Go type become
// float64.
func literal(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return v
}

// other returns a value of the same kind that differs from v.
func other(v any) any {
	switch x := v.(type) {
	case float64:
		return x + 1
	case bool:
		return !x
	case string:
		return x + " (other)"
	}
	return "Test"
}

// step returns a value greater (d = 1) or smaller (d = -1) than v.
func step(v any, d float64) any {
	switch x := v.(type) {
	case float64:
		return x + d
	case string:
		if d > 0 {
			return x + "z"
		}
		if x == "" {
			return nil
		}
		return x[:len(x)-1]
	}
	return v
}

// apexSample writes a sample value as an Apex literal.
func apexSample(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e9 {
			return strconv.FormatInt(int64(x), 10)
		}
		return "Decimal.valueOf(" + ApexString(strconv.FormatFloat(x, 'f', -1, 64)) + ")"
	case string:
		return ApexString(x)
	}
	return ApexString(fmt.Sprint(v))
}

// sampleLines writes the Apex statements that set a sample's fields on the
// in-memory record variable rec (parents through setPath).
func sampleLines(variable string, values map[string]any) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(values)) {
		var segs []string
		for _, seg := range strings.Split(k, ".") {
			segs = append(segs, ApexString(seg))
		}
		out = append(out, fmt.Sprintf("setPath(%s, new List<String>{ %s }, %s);", variable, strings.Join(segs, ", "), apexSample(values[k])))
	}
	return out
}

// changedFieldNames lists the fields whose sample value differs from the
// prior one: what a change event's changedFields would name.
func changedFieldNames(smp conditionSample) string {
	var names []string
	for _, k := range slices.Sorted(maps.Keys(smp.Record)) {
		if smp.Prior != nil && fmt.Sprint(smp.Prior[k]) != fmt.Sprint(smp.Record[k]) && !strings.Contains(k, ".") {
			names = append(names, ApexString(k))
		}
	}
	return "new List<Object>{ " + strings.Join(names, ", ") + " }"
}

// testMethod is a generated Apex test method: its name and body lines.
type testMethod struct {
	Name  string
	Lines []string
}

// conditionTests writes the job test's condition tests for a record,
// change-event or platform-event flow: a record that meets the conditions
// the trigger checks (and one that fails them) is or is not matched, a
// record flow hands the meeting record to the job once per transaction and
// the failing one not at all, and the conditions on parent fields the job
// checks after loading the record hold or fail likewise.
func (g *gen) conditionTests(f spec.Flow, m *flowModel, early, loaded []spec.Condition) []testMethod {
	var out []testMethod
	root := "record"
	if m.IsEvent {
		root = "event"
	}
	build := func(name string, smp conditionSample) []string {
		lines := []string{fmt.Sprintf("%s %s = new %s();", m.Object, name, m.Object)}
		lines = append(lines, sampleLines(name, smp.Record)...)
		return lines
	}
	ctxLines := func(variable, rec string, smp conditionSample) []string {
		lines := []string{fmt.Sprintf("Map<String, Object> %s = new Map<String, Object>{ %s => %s };", variable, ApexString(root), rec)}
		if smp.Prior != nil && m.IsRecord {
			lines = append(lines, fmt.Sprintf("%s prior%s = new %s();", m.Object, rec, m.Object))
			lines = append(lines, sampleLines("prior"+rec, smp.Prior)...)
			lines = append(lines, fmt.Sprintf("%s.put('prior', prior%s);", variable, rec))
		}
		if smp.Prior != nil && m.IsCDC {
			lines = append(lines, fmt.Sprintf("%s.put('changedFields', %s);", variable, changedFieldNames(smp)))
		}
		return lines
	}
	if len(early) > 0 {
		if meet, fail, ok := conditionSamples(g.spec, f, early); ok {
			var lines []string
			lines = append(lines, build("meets", meet)...)
			lines = append(lines, ctxLines("meetsCtx", "meets", meet)...)
			lines = append(lines, build("fails", fail)...)
			lines = append(lines, ctxLines("failsCtx", "fails", fail)...)
			lines = append(lines,
				fmt.Sprintf("Assert.isTrue(%s.matches(meetsCtx), 'a %s that meets the flow conditions is matched, as the dry run finds');", m.Class, root),
				fmt.Sprintf("Assert.isFalse(%s.matches(failsCtx), 'a %s that fails them is not, as the dry run finds');", m.Class, root))
			out = append(out, testMethod{Name: "matchesWhatMeetsTheConditions", Lines: lines})
			if m.IsRecord {
				out = append(out, testMethod{Name: "enqueuesOnlyRecordsThatMeetTheConditions", Lines: g.worksForLines(m, meet, fail)})
			}
		}
	}
	if len(loaded) > 0 {
		if meet, fail, ok := conditionSamples(g.spec, f, loaded); ok {
			var lines []string
			lines = append(lines, "// Conditions on parent fields are checked in the job, on the record it queried with them.")
			lines = append(lines, build("meets", meet)...)
			lines = append(lines, fmt.Sprintf("Map<String, Object> meetsCtx = new Map<String, Object>{ 'record' => meets };"))
			lines = append(lines, build("fails", fail)...)
			lines = append(lines, fmt.Sprintf("Map<String, Object> failsCtx = new Map<String, Object>{ 'record' => fails };"))
			lines = append(lines,
				fmt.Sprintf("Assert.isTrue(%s.matchesLoaded(meetsCtx), 'a record whose parent fields meet the conditions is run, as the dry run finds');", m.Class),
				fmt.Sprintf("Assert.isFalse(%s.matchesLoaded(failsCtx), 'one whose parent fields fail them is not, as the dry run finds');", m.Class))
			out = append(out, testMethod{Name: "checksParentFieldsInTheJob", Lines: lines})
		}
	}
	return out
}

// worksForLines tests a record flow's trigger handler: the record meeting
// the conditions becomes one work for that record, once per transaction
// (a workflow field update fires the trigger again with the same
// Trigger.old), and the failing record none.
func (g *gen) worksForLines(m *flowModel, meet, fail conditionSample) []string {
	isUpdate := "false"
	if m.OnUpdate {
		isUpdate = "true"
	}
	var lines []string
	for k, smp := range []conditionSample{meet, fail} {
		name := []string{"meets", "fails"}[k]
		lines = append(lines, fmt.Sprintf("%s %s = new %s();", m.Object, name, m.Object))
		lines = append(lines, sampleLines(name, smp.Record)...)
		lines = append(lines, fmt.Sprintf("%s.Id = fakeId(%d);", name, k+1))
		prior := name + ".clone(true)"
		if smp.Prior != nil {
			lines = append(lines, fmt.Sprintf("%s prior%s = new %s(Id = %s.Id);", m.Object, name, m.Object, name))
			lines = append(lines, sampleLines("prior"+name, smp.Prior)...)
			prior = "prior" + name
		}
		lines = append(lines, fmt.Sprintf("Map<Id, SObject> %sOld = new Map<Id, SObject>{ %s.Id => %s };", name, name, prior))
	}
	lines = append(lines,
		fmt.Sprintf("List<%s.Work> works = %s.worksFor(new List<SObject>{ meets }, meetsOld, %s);", m.Class, m.Class, isUpdate),
		"Assert.areEqual(1, works.size(), 'the record that meets the conditions is handed to the job');",
		"Assert.areEqual(meets.Id, works[0].recordId, 'as a work for that record');",
		"// A workflow field update or after-save flow fires the trigger again with the same Trigger.old.",
		fmt.Sprintf("Assert.areEqual(0, %s.worksFor(new List<SObject>{ meets }, meetsOld, %s).size(), 'the same record is not enqueued twice in a transaction');", m.Class, isUpdate),
		fmt.Sprintf("Assert.areEqual(0, %s.worksFor(new List<SObject>{ fails }, failsOld, %s).size(), 'a record that fails the conditions is not enqueued');", m.Class, isUpdate))
	return lines
}

// baseLiteral matches a factory statement setting a text or whole-number literal.
var baseLiteral = regexp.MustCompile(`^rec\.put\('(\w+)', (?:'([^'\\]*)'|(-?\d+))\);$`)

// factoryValues returns the text and number values the test-data factory
// gives a new record of object, as the dry run reads them.
func (g *gen) factoryValues(object string) map[string]any {
	out := map[string]any{}
	for _, l := range g.testBaseValues(object) {
		if m := baseLiteral.FindStringSubmatch(l); m != nil {
			if m[3] != "" {
				n, _ := strconv.ParseFloat(m[3], 64)
				out[m[1]] = n
			} else {
				out[m[1]] = m[2]
			}
		}
	}
	return out
}

// triggerTests are the record trigger's tests through real DML as the
// integration user: a record saved with values that meet the flow's
// conditions is handed to the job, which runs it once; one that fails them
// is not. The values are the condition samples on top of what the test-data
// factory sets, and the dry run confirms the outcome for exactly those
// values; a flow whose conditions need parent fields, or whose samples the
// dry run does not confirm, gets no such test.
func (g *gen) triggerTests(f spec.Flow, m *flowModel, early, loaded []spec.Condition) []testMethod {
	if m.IsCDC || m.IsEvent {
		return g.eventTriggerTests(f, m, early, loaded)
	}
	if !m.IsRecord || len(loaded) > 0 || !(m.OnCreate || m.OnUpdate) {
		return nil
	}
	base := g.factoryValues(m.Object)
	update := m.OnUpdate && !m.OnCreate
	var meet, fail conditionSample
	if len(early) > 0 {
		var ok bool
		meet, fail, ok = conditionSamples(g.spec, f, early)
		if !ok {
			return nil
		}
	}
	// The record as inserted (the prior values of an update) and as saved
	// by the DML the trigger sees.
	build := func(smp conditionSample) (prior, after map[string]any) {
		prior = maps.Clone(base)
		if update {
			for _, c := range early {
				for _, l := range c.Leaves() {
					if l.Op == spec.OpChangedFrom {
						prior[l.Field] = literal(l.Value)
					}
				}
			}
		}
		after = maps.Clone(prior)
		maps.Copy(after, smp.Record)
		return prior, after
	}
	holds := func(smp conditionSample) bool {
		prior, after := build(smp)
		s := conditionSample{Record: after}
		if update {
			s.Prior = prior
		}
		return conditionsHold(g.spec, f, early, s)
	}
	body := func(smp conditionSample, want int, what string) []string {
		prior, after := build(smp)
		var lines []string
		lines = append(lines, "Test.setMock(HttpCalloutMock.class, new Mock());", fmt.Sprintf("%s rec = %s;", m.Object, m.TestRecord))
		set := func(values map[string]any) {
			for _, k := range slices.Sorted(maps.Keys(values)) {
				if _, fromFactory := base[k]; fromFactory && values[k] == base[k] {
					continue
				}
				lines = append(lines, fmt.Sprintf("%s.put(rec, %s, %s);", g.runtime, ApexString(k), apexSample(values[k])))
			}
		}
		dml := "insert as user rec;"
		if update {
			set(prior)
			lines = append(lines, "insert as system rec;")
			changed := map[string]any{}
			for k, v := range after {
				if fmt.Sprint(prior[k]) != fmt.Sprint(v) {
					changed[k] = v
				}
			}
			set(changed)
			dml = "update as user rec;"
		} else {
			set(after)
		}
		lines = append(lines,
			"System.runAs(integrationUser()) {",
			"    Test.startTest();",
			"    "+dml,
			"    Test.stopTest();",
			"}",
			fmt.Sprintf("Assert.isTrue(%s.triggerRuns > 0, 'the trigger called the job');", m.Class),
			fmt.Sprintf("Assert.areEqual(%d, %s.processed, %s);", want, m.Class, ApexString(what)))
		return lines
	}
	var out []testMethod
	if len(early) == 0 {
		return []testMethod{{Name: "runsTheJobForASavedRecord", Lines: body(conditionSample{Record: map[string]any{}}, 1, "the saved record was handed to the job, which ran it once")}}
	}
	if holds(meet) {
		out = append(out, testMethod{Name: "runsTheJobForARecordThatMeetsTheConditions", Lines: body(meet, 1, "the record that meets the conditions was handed to the job, which ran it once")})
	}
	// A failing record keeps, where it can, a field at the factory's valid
	// value (not changed, or not set) rather than an invented one.
	for _, c := range early {
		for _, l := range c.Leaves() {
			smp := cloneSample(meet)
			delete(smp.Record, l.Field)
			if !holds(smp) {
				fail = smp
				break
			}
		}
	}
	if !holds(fail) {
		out = append(out, testMethod{Name: "skipsARecordThatFailsTheConditions", Lines: body(fail, 0, "a record that fails the conditions is not handed to the job")})
	}
	return out
}
