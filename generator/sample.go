package generator

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// sampleResponse builds the JSON body test mocks answer with: every path the
// flow reads from a call's response, with the value "1" at each leaf, lists
// where a path indexes or a forEach iterates, so tests run every step with
// values. All calls of a flow share the one body.
func (g *gen) sampleResponse(f spec.Flow) string {
	calls := map[string]bool{}
	for _, st := range f.Steps {
		if st.Type == spec.StepCall {
			calls[st.ID] = true
		}
	}
	root := g.sampleTree(f, func(p *spec.Path) ([]string, bool) {
		if calls[p.Root()] {
			return p.Segments[1:], true
		}
		return nil, false
	})
	for _, o := range f.Trigger.Outputs {
		if len(calls) > 0 && !calls[o.Name] {
			addSample(root, []string{o.Name}, typedSample(o.Type, nil))
		}
	}
	return sampleJSON(root)
}

// sampleRequest is the body webhook tests send: every request.body path the
// flow reads.
func (g *gen) sampleRequest(f spec.Flow) string {
	return sampleJSON(g.sampleTree(f, func(p *spec.Path) ([]string, bool) {
		if p.Root() == "request" && len(p.Segments) > 1 && p.Segments[1] == "body" {
			return p.Segments[2:], true
		}
		return nil, false
	}))
}

func sampleJSON(root map[string]any) string {
	data, err := json.Marshal(root)
	if err != nil {
		return "{}"
	}
	return string(data)
}

// sampleTree collects the paths source maps into the sample, following
// forEach lists drawn from the source. A path that is the whole value of a
// record field gets a sample of that field's type (an email address for an
// Email field, a number for a Number field), so the records the tests make
// can be saved; other leaves are "1".
func (g *gen) sampleTree(f spec.Flow, source func(*spec.Path) ([]string, bool)) map[string]any {
	root := map[string]any{}
	for _, st := range f.Steps {
		var itemBase []string // where forEach items come from, when from a call
		if st.ForEach != "" {
			if e, err := spec.ParseExpr(st.ForEach); err == nil {
				if p, ok := e.(*spec.Path); ok {
					if segs, ok := source(p); ok && len(segs) > 0 {
						itemBase = append(append([]string(nil), segs...), "0")
						addSample(root, itemBase, nil)
					}
				}
			}
		}
		add := func(p *spec.Path, leaf any) {
			if segs, ok := source(p); ok {
				addSample(root, segs, leaf)
			} else if p.Root() == "item" && itemBase != nil {
				addSample(root, append(append([]string(nil), itemBase...), p.Segments[1:]...), leaf)
			}
		}
		// Typed leaves first: the first value a path gets is kept.
		object := st.Object
		if st.Type == spec.StepPublish {
			object = st.Event
		}
		for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
			str, ok := st.Fields[k].(string)
			if !ok {
				continue
			}
			tpl, err := spec.ParseTemplate(str)
			if err != nil {
				continue
			}
			if e, ok := tpl.Single(); ok {
				typ, values := g.fieldInfo(object, k)
				typedPaths(e, typedSample(typ, values), add)
			}
		}
		visitPaths(stepValues(st), func(p *spec.Path) { add(p, "1") })
	}
	return root
}

// typedPaths gives the paths of e the sample leaf: a path itself, the
// argument of a text function (lower, upper, trim, coalesce) that keeps the
// field's type, and the number and date arguments of the functions that
// need them.
func typedPaths(e spec.Expr, leaf any, add func(*spec.Path, any)) {
	switch x := e.(type) {
	case *spec.Path:
		add(x, leaf)
	case *spec.Call:
		for i, a := range x.Args {
			switch {
			case x.Func == "lower" || x.Func == "upper" || x.Func == "trim" || x.Func == "coalesce":
				typedPaths(a, leaf, add)
			case x.Func == "cents" || x.Func == "round" || x.Func == "toNumber" || (x.Func == "addDays" && i == 1):
				typedPaths(a, 42, add)
			case (x.Func == "formatDate" || x.Func == "addDays") && i == 0:
				typedPaths(a, "2026-01-15", add)
			}
		}
	}
}

// typedSample is a sample value of a field type: one Salesforce saves in
// a field of that type.
func typedSample(typ string, values []string) any {
	switch typ {
	case spec.FieldEmail:
		return "sample@example.com"
	case spec.FieldPhone:
		return "+1 415 555 0100"
	case spec.FieldURL:
		return "www.example.com/sample" // no scheme: generated Apex holds no URL literal
	case spec.FieldNumber, spec.FieldCurrency, spec.FieldPercent:
		return 42
	case spec.FieldCheckbox:
		return true
	case spec.FieldDate:
		return "2026-01-15"
	case spec.FieldDateTime:
		return "2026-01-15T10:00:00Z"
	case spec.FieldPicklist:
		if len(values) > 0 {
			return values[0]
		}
	}
	return "1"
}

// standardFieldTypes are the types of common standard fields by name, for
// samples; names not listed are taken as text.
var standardFieldTypes = map[string]string{
	"Email": spec.FieldEmail, "SuppliedEmail": spec.FieldEmail, "Phone": spec.FieldPhone, "MobilePhone": spec.FieldPhone,
	"Fax": spec.FieldPhone, "HomePhone": spec.FieldPhone, "SuppliedPhone": spec.FieldPhone, "Website": spec.FieldURL,
	"Amount": spec.FieldCurrency, "AnnualRevenue": spec.FieldCurrency, "UnitPrice": spec.FieldCurrency, "ExpectedRevenue": spec.FieldCurrency,
	"Quantity": spec.FieldNumber, "NumberOfEmployees": spec.FieldNumber, "Probability": spec.FieldPercent,
	"CloseDate": spec.FieldDate, "ActivityDate": spec.FieldDate, "EffectiveDate": spec.FieldDate, "StartDate": spec.FieldDate,
	"EndDate": spec.FieldDate, "Birthdate": spec.FieldDate, "DueDate": spec.FieldDate,
	"IsActive": spec.FieldCheckbox, "DoNotCall": spec.FieldCheckbox, "HasOptedOutOfEmail": spec.FieldCheckbox,
}

// fieldInfo returns a field's type (and picklist values) as the spec
// defines it, or from the common standard fields; "" when unknown.
func (g *gen) fieldInfo(object, field string) (string, []string) {
	for _, f := range g.specFields(object) {
		if f.Name == field {
			return f.Type, f.Values
		}
	}
	if !strings.HasSuffix(field, "__c") {
		return standardFieldTypes[field], nil
	}
	return "", nil
}

// addSample adds a path to the sample tree; a non-nil leaf is set where
// nothing is yet.
func addSample(node map[string]any, segs []string, leaf any) {
	if len(segs) == 0 {
		return
	}
	key, rest := segs[0], segs[1:]
	if len(rest) == 0 {
		if _, exists := node[key]; !exists && leaf != nil {
			node[key] = leaf
		}
		return
	}
	if _, err := strconv.Atoi(rest[0]); err == nil {
		list, _ := node[key].([]any)
		if len(list) == 0 {
			list = []any{map[string]any{}}
		}
		if _, isMap := list[0].(map[string]any); !isMap && len(rest) == 1 {
			return // the element already has its value
		}
		elem, ok := list[0].(map[string]any)
		if !ok {
			elem = map[string]any{}
			list[0] = elem
		}
		node[key] = list
		addSample(elem, rest[1:], leaf)
		if len(rest) == 1 && leaf != nil {
			list[0] = leaf
			if len(elem) > 0 {
				list[0] = elem
			}
		}
		return
	}
	child, ok := node[key].(map[string]any)
	if !ok {
		child = map[string]any{}
		node[key] = child
	}
	addSample(child, rest, leaf)
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

// visitPaths calls fn for every path in the merge fields of values.
func visitPaths(values []any, fn func(*spec.Path)) {
	var visitExpr func(e spec.Expr)
	visitExpr = func(e spec.Expr) {
		switch x := e.(type) {
		case *spec.Path:
			fn(x)
		case *spec.Call:
			for _, a := range x.Args {
				visitExpr(a)
			}
		}
	}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case string:
			t, err := spec.ParseTemplate(x)
			if err != nil {
				return
			}
			for _, p := range t.Parts {
				if p.Expr != nil {
					visitExpr(p.Expr)
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				visit(x[k])
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	for _, v := range values {
		visit(v)
	}
}

// usesRoot reports whether any step value of f refers to the named root.
func usesRoot(f spec.Flow, root string) bool {
	found := false
	for _, st := range f.Steps {
		visitPaths(stepValues(st), func(p *spec.Path) {
			if p.Root() == root {
				found = true
			}
		})
	}
	return found
}
