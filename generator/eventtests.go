package generator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// eventTriggerTests are the change-event and platform-event trigger tests,
// the counterparts of triggerTests: an event that meets the flow's
// conditions (a published platform event, or the change event of a record
// saved with the sample values) is handed to the job, which runs it once;
// one that fails them is not. They run as the integration user (the
// permission set's holder), and the dry run confirms each outcome for
// exactly the values the event carries; a flow whose samples the dry run
// does not confirm gets no such test.
func (g *gen) eventTriggerTests(f spec.Flow, m *flowModel, early, loaded []spec.Condition) []testMethod {
	if len(loaded) > 0 {
		return nil
	}
	var e eventTest
	switch {
	case m.IsEvent:
		e = eventTest{kind: "event"}
	case m.IsCDC && (m.OnCreate || len(f.Trigger.On) == 0):
		e = eventTest{kind: "create"}
	case m.IsCDC && m.OnUpdate:
		e = eventTest{kind: "update"}
	default:
		return nil
	}
	e.g, e.f, e.m, e.early = g, f, m, early
	e.base = g.factoryValues(m.Object)
	var meet, fail conditionSample
	if len(early) > 0 {
		var ok bool
		meet, fail, ok = conditionSamples(g.spec, f, early)
		if !ok {
			return nil
		}
		e.typed(meet)
		e.typed(fail)
	}
	if len(early) == 0 {
		smp := conditionSample{Record: map[string]any{}}
		if e.kind == "update" {
			// An update changes nothing without a condition to meet: the sample
			// changes no field, and the update event of an unchanged record
			// names no field; the create path covers such flows.
			return nil
		}
		if !e.holds(smp) {
			return nil
		}
		return []testMethod{{Name: "runsTheJobFor" + e.noun(), Lines: e.body(smp, 1, "the "+e.what()+" was handed to the job, which ran it once")}}
	}
	var out []testMethod
	if e.holds(meet) {
		out = append(out, testMethod{Name: "runsTheJobFor" + e.noun() + "ThatMeetsTheConditions", Lines: e.body(meet, 1, "the "+e.what()+" that meets the conditions was handed to the job, which ran it once")})
	} else {
		return nil
	}
	// A failing event keeps, where it can, a field at the factory's value
	// (not set, or not changed) rather than an invented one.
	for _, c := range early {
		for _, l := range c.Leaves() {
			smp := cloneSample(meet)
			delete(smp.Record, l.Field)
			if !e.holds(smp) {
				fail = smp
				break
			}
		}
	}
	if !e.holds(fail) {
		out = append(out, testMethod{Name: "skips" + e.noun() + "ThatFailsTheConditions", Lines: e.body(fail, 0, "the "+e.what()+" that fails the conditions is not handed to the job")})
	}
	return out
}

// eventTest builds one flow's event trigger tests: kind is "event" (a
// platform event), "create" or "update" (the change event of an insert or
// an update).
type eventTest struct {
	g     *gen
	f     spec.Flow
	m     *flowModel
	early []spec.Condition
	kind  string
	base  map[string]any // what the test-data factory sets
}

func (e eventTest) noun() string {
	switch e.kind {
	case "event":
		return "AnEvent"
	case "create":
		return "ACreatedRecord"
	}
	return "AnUpdatedRecord"
}

func (e eventTest) what() string {
	switch e.kind {
	case "event":
		return "published event"
	case "create":
		return "change event of the inserted record"
	}
	return "change event of the updated record"
}

// typed replaces the text placeholder a sample puts in a field that must
// only be set (isNotNull, changed) with a value of the field's type, so an
// Email field gets an address Salesforce saves.
func (e eventTest) typed(smp conditionSample) {
	for k, v := range smp.Record {
		if v != "Test" {
			continue
		}
		typ, values := e.g.fieldInfo(e.m.Object, k)
		switch typ {
		case spec.FieldEmail, spec.FieldPhone, spec.FieldURL, spec.FieldNumber, spec.FieldCurrency,
			spec.FieldPercent, spec.FieldCheckbox, spec.FieldPicklist:
			sv := literal(typedSample(typ, values))
			smp.Record[k] = sv
			if smp.Prior != nil && fmt.Sprint(smp.Prior[k]) == fmt.Sprint(sv) {
				smp.Prior[k] = other(sv)
			}
		}
	}
}

// values returns the fields the test sets before the event (prior: the
// inserted record of an update) and the fields the event carries (the
// whole record of a platform event or an insert, the changed fields of an
// update).
func (e eventTest) values(smp conditionSample) (prior, changed map[string]any) {
	after := maps.Clone(e.base)
	maps.Copy(after, smp.Record)
	if e.kind != "update" {
		return nil, after
	}
	prior = maps.Clone(e.base)
	changed = map[string]any{}
	for k, v := range after {
		if fmt.Sprint(prior[k]) != fmt.Sprint(v) {
			changed[k] = v
		}
	}
	return prior, changed
}

// holds runs the dry run on what the event carries: for a change event of
// an update, only the changed fields, with their prior values (what
// changedFields names); a flow's own fields changing alone are its own
// update, which the trigger skips.
func (e eventTest) holds(smp conditionSample) bool {
	prior, carried := e.values(smp)
	s := conditionSample{Record: carried}
	if e.kind == "update" {
		own := len(carried) > 0
		s.Prior = map[string]any{}
		for k := range carried {
			s.Prior[k] = prior[k]
			own = own && strings.Contains(e.m.OwnFields, ApexString(k))
		}
		if own {
			return false
		}
	}
	return conditionsHold(e.g.spec, e.f, e.early, s)
}

// body writes one test: the event made through the test-data factory with
// the sample values, published (or the record saved) and delivered as the
// integration user, and how many works the job then ran.
func (e eventTest) body(smp conditionSample, want int, what string) []string {
	m := e.m
	prior, carried := e.values(smp)
	variable := "rec"
	expr := m.TestRecord
	if e.kind == "event" {
		variable, expr = "ev", m.TestEvent
	}
	lines := []string{"Test.setMock(HttpCalloutMock.class, new Mock());"}
	if e.kind != "event" {
		lines = append(lines, "Test.enableChangeDataCapture();")
	}
	lines = append(lines, fmt.Sprintf("%s %s = %s;", m.Object, variable, expr))
	set := func(values map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(values)) {
			if v, fromFactory := e.base[k]; fromFactory && fmt.Sprint(v) == fmt.Sprint(values[k]) {
				continue
			}
			lines = append(lines, fmt.Sprintf("%s.put(%s, %s, %s);", e.g.runtime, variable, ApexString(k), apexSample(values[k])))
		}
	}
	var act []string
	switch e.kind {
	case "event":
		set(carried)
		lines = append(lines, "Database.SaveResult published;")
		act = []string{"    published = EventBus.publish(ev);", "    Test.getEventBus().deliver();"}
	case "create":
		set(carried)
		act = []string{"    insert as system rec;", "    Test.getEventBus().deliver();"}
	default:
		set(prior)
		act = []string{"    insert as system rec;", "    Test.getEventBus().deliver();"}
		before := len(lines)
		set(carried)
		changes := slices.Clone(lines[before:])
		lines = lines[:before]
		for _, l := range changes {
			act = append(act, "    "+l)
		}
		act = append(act, "    update as system rec;", "    Test.getEventBus().deliver();")
	}
	lines = append(lines, "// As the integration user, who holds the permission set.", "System.runAs(integrationUser()) {", "    Test.startTest();")
	lines = append(lines, act...)
	lines = append(lines, "    Test.stopTest();", "}")
	if e.kind == "event" {
		lines = append(lines, "Assert.isTrue(published.isSuccess(), 'the event was published');")
	}
	lines = append(lines,
		fmt.Sprintf("Assert.isTrue(%s.triggerRuns > 0, 'the trigger received the event');", m.Class),
		fmt.Sprintf("Assert.areEqual(%d, %s.processed, %s);", want, m.Class, ApexString(what)))
	return lines
}
