package dryrun

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Sample builds a starting input for a flow that a person then edits: a
// record (or event, request, inputs) holding every field the flow reads,
// with values that make its conditions hold, a prior record for update
// triggers, and a canned 200 answer for each call holding every path later
// steps read from it. Values the spec does not determine are examples
// ("sample text", 1), never taken from an org.
func Sample(s *spec.Spec, flowName string) (Input, error) {
	var f spec.Flow
	found := false
	for _, fl := range s.Flows {
		if flowName == "" || fl.Name == flowName {
			f, found = fl, true
			break
		}
	}
	if !found {
		return Input{}, fmt.Errorf("%w %q in spec %s", ErrUnknownFlow, flowName, s.Name)
	}
	in := Input{Flow: f.Name, Responses: map[string]Response{}}
	roots := map[string]map[string]any{}
	tree := func(root string) map[string]any {
		if roots[root] == nil {
			roots[root] = map[string]any{}
		}
		return roots[root]
	}
	for _, st := range f.Steps {
		element := map[string]any{} // what the step reads of each item
		for _, v := range stepValues(st) {
			visit(v, func(p *spec.Path) {
				if len(p.Segments) < 2 {
					return
				}
				switch p.Root() {
				case "item":
					addPath(element, p.Segments[1:], nil)
				case "lastRun", "prior":
				default:
					addPath(tree(p.Root()), p.Segments[1:], nil)
				}
			})
		}
		if st.ForEach != "" {
			visit(st.ForEach, func(p *spec.Path) {
				if len(p.Segments) >= 2 && p.Root() != "item" {
					if len(element) == 0 {
						element["id"] = "1"
					}
					addPath(tree(p.Root()), p.Segments[1:], []any{element, element})
				}
			})
		}
	}
	record := tree("record")
	prior := map[string]any{}
	for _, c := range f.Trigger.When {
		satisfy(c, record, prior)
	}
	switch f.Trigger.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		if _, ok := record["Id"]; !ok {
			record["Id"] = "001000000000001AAA"
		}
		in.Record = record
		if slices.Contains(f.Trigger.On, spec.OnUpdate) {
			for k, v := range record {
				if _, set := prior[k]; !set && k != "Id" {
					prior[k] = v
				}
			}
			in.Prior = prior
		}
	case spec.TriggerPlatformEvent:
		for k, v := range record {
			tree("event")[k] = v
		}
		in.Event = tree("event")
	case spec.TriggerWebhook:
		body, _ := json.Marshal(tree("request")["body"])
		in.Request = &Request{Body: body, Headers: map[string]string{}, Query: map[string]string{}}
	case spec.TriggerInvocable:
		in.Input = map[string]any{}
		for _, p := range f.Trigger.Inputs {
			in.Input[p.Name] = sampleFor(p.Type)
		}
	case spec.TriggerSchedule:
		in.LastRun = "2024-01-01T00:00:00Z"
	}
	for _, st := range f.Steps {
		if st.Type != spec.StepCall {
			continue
		}
		body, _ := json.Marshal(roots[st.ID])
		if roots[st.ID] == nil {
			body = []byte(`{}`)
		}
		status := 200
		if len(st.Expect) > 0 {
			status = st.Expect[0]
		}
		in.Responses[st.ID] = Response{Status: status, Body: body}
	}
	return in, nil
}

// sampleFor is an example value of an invocable input type.
func sampleFor(typ string) any {
	switch typ {
	case "Number", "Currency", "Percent":
		return 1
	case "Checkbox":
		return true
	case "Date":
		return "2024-01-31"
	case "DateTime":
		return "2024-01-31T09:00:00Z"
	case "Id":
		return "001000000000001AAA"
	case "Email":
		return "someone@example.com"
	}
	return "sample text"
}

// addPath puts an example value at a path, or list when it is not nil (a
// path a forEach iterates). Index segments are skipped: the sample stays
// flat, and a list made for a forEach holds what an index would reach.
func addPath(node map[string]any, segs []string, list []any) {
	for i, seg := range segs {
		if _, err := strconv.Atoi(seg); err == nil {
			continue
		}
		if i == len(segs)-1 {
			if list != nil {
				node[seg] = list
			} else if _, ok := node[seg]; !ok {
				node[seg] = exampleValue(seg)
			}
			return
		}
		next, ok := node[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[seg] = next
		}
		node = next
	}
}

// satisfy sets record (and prior) values so that c holds.
func satisfy(c spec.Condition, record, prior map[string]any) {
	switch {
	case c.Any != nil:
		if len(c.Any) > 0 {
			satisfy(c.Any[0], record, prior)
		}
		return
	case c.All != nil:
		for _, sub := range c.All {
			satisfy(sub, record, prior)
		}
		return
	}
	segs := strings.Split(c.Field, ".")
	node := record
	for _, seg := range segs[:len(segs)-1] {
		next, ok := node[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[seg] = next
		}
		node = next
	}
	field := segs[len(segs)-1]
	v := c.Value
	if list, ok := v.([]any); ok && len(list) > 0 {
		v = list[0]
	}
	switch c.Op {
	case spec.OpEquals, spec.OpIn, spec.OpContains, spec.OpStartsWith, spec.OpGreaterOrEqual, spec.OpLessOrEqual:
		node[field] = v
	case spec.OpGreaterThan, spec.OpLessThan:
		d, ok := Num(v)
		if !ok {
			node[field] = v
			break
		}
		step := IntDecimal(1)
		if c.Op == spec.OpLessThan {
			step = IntDecimal(-1)
		}
		sum, _ := ParseDecimal(addDecimal(d, step))
		node[field] = json.Number(sum.String())
	case spec.OpNotEquals:
		node[field] = fmt.Sprintf("not %v", v)
	case spec.OpIsNotNull:
		node[field] = exampleValue(field)
	case spec.OpIsNull:
		delete(node, field)
	case spec.OpChanged:
		node[field] = "new value"
		if len(segs) == 1 {
			prior[field] = "old value"
		}
	case spec.OpChangedTo:
		node[field] = v
		if len(segs) == 1 {
			prior[field] = fmt.Sprintf("not %v", v)
		}
	case spec.OpChangedFrom:
		node[field] = fmt.Sprintf("not %v", v)
		if len(segs) == 1 {
			prior[field] = v
		}
	}
}

func addDecimal(a, b Decimal) string {
	s := max(a.scale, b.scale)
	x, y := a.SetScale(s), b.SetScale(s)
	return Decimal{unscaled: new(big.Int).Add(x.unscaled, y.unscaled), scale: s}.String()
}

// stepValues lists every value of a step that may hold merge fields.
func stepValues(st spec.Step) []any {
	vals := []any{st.Path, st.Record, st.Body}
	for _, m := range []map[string]any{st.Query, st.Headers, st.Fields} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			vals = append(vals, m[k])
		}
	}
	return vals
}

// visit calls fn for every path in the merge fields of v.
func visit(v any, fn func(*spec.Path)) {
	switch x := v.(type) {
	case string:
		tpl, err := spec.ParseTemplate(x)
		if err != nil {
			return
		}
		for _, p := range tpl.Parts {
			if p.Expr != nil {
				visitExpr(p.Expr, fn)
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			visit(x[k], fn)
		}
	case []any:
		for _, e := range x {
			visit(e, fn)
		}
	}
}

func visitExpr(e spec.Expr, fn func(*spec.Path)) {
	switch x := e.(type) {
	case *spec.Path:
		fn(x)
	case *spec.Call:
		for _, a := range x.Args {
			visitExpr(a, fn)
		}
	}
}

// exampleValue is a value of the kind a field's name suggests, so the
// functions a flow applies to it (cents, formatDate) have something to work
// on: an Id-shaped value for ids, a number for amounts and counts, a date
// for dates, an address for emails, and text otherwise. It is an example,
// shown as one, never a value read from an org.
func exampleValue(field string) any {
	f := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(field, "__c"), "__r"))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.HasSuffix(f, w) {
				return true
			}
		}
		return false
	}
	switch {
	case f == "id" || has("_id", "accountid", "contactid", "ownerid", "opportunityid", "leadid", "caseid"):
		return "001000000000001AAA"
	case has("amount", "price", "total", "quantity", "count", "number", "revenue", "employees", "probability", "discount", "balance"):
		return json.Number("1250.50")
	case has("datetime", "timestamp", "_at"):
		return "2024-06-30T09:00:00Z"
	case has("date"):
		return "2024-06-30"
	case has("email"):
		return "someone@example.com"
	case has("phone"):
		return "+1 415 555 0100"
	}
	return "Sample " + strings.ReplaceAll(strings.TrimSuffix(field, "__c"), "_", " ")
}
