package generator

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/patchbay/patchbay/dryrun"
	"github.com/patchbay/patchbay/spec"
)

// requiredOnCreate are the fields Salesforce requires to insert common
// standard objects in every org; a create step without them fails.
var requiredOnCreate = map[string][]string{
	"Account": {"Name"}, "Contact": {"LastName"}, "Lead": {"LastName", "Company"},
	"Opportunity": {"Name", "StageName", "CloseDate"}, "Order": {"AccountId", "EffectiveDate", "Status"},
	"Contract": {"AccountId"}, "Asset": {"Name"}, "Campaign": {"Name"}, "Product2": {"Name"},
	"Event": {"DurationInMinutes", "ActivityDateTime"},
}

// webhookOutcome works out what a webhook test's request does against the
// mock, from the steps the webhook runs before it answers: the status it
// must answer, and why when that is a failure (500). A call whose expected
// statuses exclude the mock's, a lookup or id field given a sample (not a
// record id), or a create of a common standard object without a field
// Salesforce requires all fail in every org; anything else is expected to
// succeed, so the test asserts the reply status exactly.
func (g *gen) webhookOutcome(f spec.Flow, m *flowModel) (status int, why string) {
	for _, st := range f.Steps {
		if st.Type == spec.StepReply {
			continue
		}
		if stepSegmentOf(f, st.ID) > 0 {
			break // the rest runs after the answer, in a Queueable
		}
		switch st.Type {
		case spec.StepCall:
			ok := m.MockStatus >= 200 && m.MockStatus <= 299
			if len(st.Expect) > 0 {
				ok = slices.Contains(st.Expect, m.MockStatus)
			}
			if !ok {
				return 500, fmt.Sprintf("step %s does not accept the mock's status %d", st.ID, m.MockStatus)
			}
		case spec.StepCreate, spec.StepUpdate, spec.StepUpsert:
			for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
				str, isText := st.Fields[k].(string)
				if !isText || !strings.Contains(str, "{!") {
					continue
				}
				typ, _ := g.fieldInfo(st.Object, k)
				if typ == spec.FieldLookup || (!strings.HasSuffix(k, "__c") && strings.HasSuffix(k, "Id")) {
					return 500, fmt.Sprintf("step %s puts a sample, not a record id, in %s", st.ID, k)
				}
			}
			if st.Type == spec.StepCreate {
				for _, fl := range g.specFields(st.Object) {
					if _, ok := st.Fields[fl.Name]; fl.Required && !ok {
						return 500, fmt.Sprintf("step %s creates %s without %s, which the spec makes required", st.ID, st.Object, fl.Name)
					}
				}
				for _, req := range requiredOnCreate[st.Object] {
					if _, ok := st.Fields[req]; !ok {
						return 500, fmt.Sprintf("step %s creates %s without %s, which Salesforce requires", st.ID, st.Object, req)
					}
				}
			}
		}
	}
	return m.ReplyStatus, ""
}

func stepIndex(f spec.Flow, id string) int {
	for i, st := range f.Steps {
		if st.ID == id {
			return i
		}
	}
	return -1
}

// replyCheck is an assertion on one value of a webhook's reply body.
type replyCheck struct {
	Path   string // Apex list literal of the path below the body
	Assert string // Apex statement over the value v
}

// replyChecks runs the flow in the dry run with the test's request and the
// mock's answers and returns, for each value of the reply body, what the
// generated test asserts: the dry run's value (the org must compute the
// same), or for a created record's Id an id. Nil when the dry run cannot
// show the reply.
func (g *gen) replyChecks(f spec.Flow, m *flowModel, request string) ([]replyCheck, []recordCheck) {
	in := dryrun.Input{Flow: f.Name, Request: &dryrun.Request{Body: json.RawMessage(request)}, Responses: map[string]dryrun.Response{}}
	var mock json.RawMessage
	if err := json.Unmarshal([]byte(m.mockJSON), &mock); err != nil {
		return nil, nil
	}
	for _, st := range f.Steps {
		if st.Type == spec.StepCall {
			in.Responses[st.ID] = dryrun.Response{Status: m.MockStatus, Body: mock}
		}
	}
	tr, err := dryrun.Run(g.spec, in, time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC))
	if err != nil || !tr.Runs {
		return nil, nil
	}
	var body any
	for _, sr := range tr.Steps {
		if sr.Reply != nil {
			body = sr.Reply.Body
		}
	}
	var out []replyCheck
	var walk func(segs []string, v any)
	walk = func(segs []string, v any) {
		quoted := make([]string, len(segs))
		for i, s := range segs {
			quoted[i] = ApexString(s)
		}
		path := "new List<String>{ " + strings.Join(quoted, ", ") + " }"
		label := ApexString(strings.Join(segs, "."))
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(append(append([]string(nil), segs...), k), x[k])
			}
		case string:
			if strings.Contains(x, "(the Id Salesforce gives the record)") {
				out = append(out, replyCheck{Path: path, Assert: fmt.Sprintf("Assert.isNotNull(Id.valueOf(String.valueOf(v)), 'the reply\\'s ' + %s + ' is the created record\\'s id');", label)})
				return
			}
			out = append(out, replyCheck{Path: path, Assert: fmt.Sprintf("Assert.areEqual(%s, String.valueOf(v), 'the reply\\'s ' + %s + ', as the dry run computes it');", ApexString(x), label)})
		case bool:
			out = append(out, replyCheck{Path: path, Assert: fmt.Sprintf("Assert.areEqual(%t, v, 'the reply\\'s ' + %s + ', as the dry run computes it');", x, label)})
		case dryrun.Decimal:
			out = append(out, replyCheck{Path: path, Assert: fmt.Sprintf("Assert.isTrue(%s.num(v) == Decimal.valueOf(%s), 'the reply\\'s ' + %s + ', as the dry run computes it: ' + v);", g.runtime, ApexString(x.String()), label)})
		case nil:
			out = append(out, replyCheck{Path: path, Assert: fmt.Sprintf("Assert.isNull(v, 'the reply\\'s ' + %s + ' is empty, as the dry run computes it');", label)})
		}
	}
	if body != nil && len(segsOf(body)) > 0 {
		walk(nil, body)
	}
	return out, g.recordChecks(f, m, tr)
}

// recordCheck asserts the fields of the record a create or upsert step of
// a webhook wrote, one by one, against the dry run's values.
type recordCheck struct {
	Object string
	Select string // the SOQL select list
	Checks []string
}

// recordChecks turns the dry run's records made before the webhook answers
// into assertions on the newest record of each object: text, number and
// checkbox fields whose values the dry run knows.
func (g *gen) recordChecks(f spec.Flow, m *flowModel, tr *dryrun.Trace) []recordCheck {
	var out []recordCheck
	seen := map[string]bool{}
	for _, sr := range tr.Steps {
		if sr.Record == nil || sr.Failed != "" || sr.Skipped != "" || seen[sr.Record.Object] {
			continue
		}
		st := f.Steps[stepIndex(f, sr.ID)]
		if st.Type != spec.StepCreate && st.Type != spec.StepUpsert {
			continue
		}
		if m.Deferred && stepSegmentOf(f, sr.ID) > 0 {
			continue
		}
		seen[sr.Record.Object] = true
		rc := recordCheck{Object: sr.Record.Object}
		var fields []string
		for _, fa := range sr.Record.Fields {
			typ, _ := g.fieldInfo(sr.Record.Object, fa.Field)
			if typ == spec.FieldDate || typ == spec.FieldDateTime || typ == spec.FieldLookup || (!strings.HasSuffix(fa.Field, "__c") && strings.HasSuffix(fa.Field, "Id")) {
				continue
			}
			got := "rec.get(" + ApexString(fa.Field) + ")"
			msg := ApexString(sr.Record.Object + "." + fa.Field + " as the dry run computes it")
			switch v := fa.Value.(type) {
			case string:
				rc.Checks = append(rc.Checks, fmt.Sprintf("Assert.areEqual(%s, String.valueOf(%s), %s);", ApexString(v), got, msg))
			case dryrun.Decimal:
				rc.Checks = append(rc.Checks, fmt.Sprintf("Assert.isTrue(%s.num(%s) == Decimal.valueOf(%s), %s);", g.runtime, got, ApexString(v.String()), msg))
			case bool:
				rc.Checks = append(rc.Checks, fmt.Sprintf("Assert.areEqual(%t, %s, %s);", v, got, msg))
			default:
				continue
			}
			fields = append(fields, fa.Field)
		}
		if len(fields) == 0 {
			continue
		}
		rc.Select = strings.Join(append([]string{"Id"}, fields...), ", ")
		out = append(out, rc)
	}
	return out
}

// stepSegmentOf returns the segment (transaction) of a step: a call after
// a record change starts the next one.
func stepSegmentOf(f spec.Flow, id string) int {
	seg, changed := 0, false
	for _, st := range f.Steps {
		if st.Type == spec.StepReply {
			continue
		}
		if st.Type == spec.StepCall && changed {
			seg++
			changed = false
		}
		if st.ID == id {
			return seg
		}
		if st.Type != spec.StepCall {
			changed = true
		}
	}
	return seg
}

// segsOf reports the keys of a reply body that is a JSON object; checks
// are made only below an object.
func segsOf(body any) []string {
	if m, ok := body.(map[string]any); ok {
		return slices.Sorted(maps.Keys(m))
	}
	return nil
}
