package generator

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/patchbay/patchbay/spec"
)

// sampleResponse builds the JSON body test mocks answer with: every path the
// flow reads from a call's response, with the value "1" at each leaf, lists
// where a path indexes or a forEach iterates, so tests run every step with
// values. All calls of a flow share the one body.
func sampleResponse(f spec.Flow) string {
	calls := map[string]bool{}
	for _, st := range f.Steps {
		if st.Type == spec.StepCall {
			calls[st.ID] = true
		}
	}
	root := sampleTree(f, func(p *spec.Path) ([]string, bool) {
		if calls[p.Root()] {
			return p.Segments[1:], true
		}
		return nil, false
	})
	for _, o := range f.Trigger.Outputs {
		if len(calls) > 0 && !calls[o.Name] {
			addSample(root, []string{o.Name}, true)
		}
	}
	return sampleJSON(root)
}

// sampleRequest is the body webhook tests send: every request.body path the
// flow reads.
func sampleRequest(f spec.Flow) string {
	return sampleJSON(sampleTree(f, func(p *spec.Path) ([]string, bool) {
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
// forEach lists drawn from the source.
func sampleTree(f spec.Flow, source func(*spec.Path) ([]string, bool)) map[string]any {
	root := map[string]any{}
	for _, st := range f.Steps {
		var itemBase []string // where forEach items come from, when from a call
		if st.ForEach != "" {
			if e, err := spec.ParseExpr(st.ForEach); err == nil {
				if p, ok := e.(*spec.Path); ok {
					if segs, ok := source(p); ok && len(segs) > 0 {
						itemBase = append(append([]string(nil), segs...), "0")
						addSample(root, itemBase, false)
					}
				}
			}
		}
		visitPaths(stepValues(st), func(p *spec.Path) {
			if segs, ok := source(p); ok {
				addSample(root, segs, true)
			} else if p.Root() == "item" && itemBase != nil {
				addSample(root, append(append([]string(nil), itemBase...), p.Segments[1:]...), true)
			}
		})
	}
	return root
}

// addSample adds a path to the sample tree; leaf sets "1" where nothing deeper exists.
func addSample(node map[string]any, segs []string, leaf bool) {
	if len(segs) == 0 {
		return
	}
	key, rest := segs[0], segs[1:]
	if len(rest) == 0 {
		if _, exists := node[key]; !exists && leaf {
			node[key] = "1"
		}
		return
	}
	if _, err := strconv.Atoi(rest[0]); err == nil {
		list, _ := node[key].([]any)
		if len(list) == 0 {
			list = []any{map[string]any{}}
		}
		elem, ok := list[0].(map[string]any)
		if !ok {
			elem = map[string]any{}
			list[0] = elem
		}
		node[key] = list
		addSample(elem, rest[1:], leaf)
		if len(rest) == 1 && leaf {
			list[0] = "1"
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
