package spectest

import (
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestRandomSpecsAreValid checks 1000 seeds and that, together, they use
// every trigger type, step type, operator, function, auth type and field
// type, forEach and onError.
func TestRandomSpecsAreValid(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(0); seed < 1000; seed++ {
		s := Seeded(seed)
		if err := spec.Validate(s); err != nil {
			out, _ := spec.Format(s)
			t.Fatalf("seed %d: %v\n%s", seed, err, out)
		}
		record(s, seen)
	}
	var want []string
	for _, x := range spec.TriggerTypes {
		want = append(want, "trigger "+x)
	}
	for _, x := range spec.StepTypes {
		want = append(want, "step "+x)
	}
	for _, x := range spec.Operators {
		want = append(want, "op "+x)
	}
	for _, x := range spec.FuncNames() {
		want = append(want, "func "+x)
	}
	for _, x := range spec.AuthTypes {
		want = append(want, "auth "+x)
	}
	for _, x := range spec.FieldTypes {
		want = append(want, "field "+x)
	}
	want = append(want, "forEach", "onError", "retry", "group any", "group all", "item")
	for _, w := range want {
		if !seen[w] {
			t.Errorf("1000 seeds never produced %s", w)
		}
	}
}

// TestSeededIsDeterministic checks that a seed always gives the same spec.
func TestSeededIsDeterministic(t *testing.T) {
	a, _ := spec.Format(Seeded(7))
	b, _ := spec.Format(Seeded(7))
	if string(a) != string(b) {
		t.Error("Seeded(7) gave two different specs")
	}
}

func record(s *spec.Spec, seen map[string]bool) {
	for _, sys := range s.Systems {
		seen["auth "+sys.Auth.Type] = true
	}
	for _, o := range s.Objects {
		for _, f := range o.Fields {
			seen["field "+f.Type] = true
		}
	}
	var conds func([]spec.Condition)
	conds = func(cs []spec.Condition) {
		for _, c := range cs {
			seen["op "+c.Op] = true
			if c.Any != nil {
				seen["group any"] = true
			}
			if c.All != nil {
				seen["group all"] = true
			}
			conds(c.Any)
			conds(c.All)
		}
	}
	var values func(any)
	values = func(v any) {
		switch v := v.(type) {
		case string:
			tmpl, err := spec.ParseTemplate(v)
			if err != nil {
				return
			}
			for _, p := range tmpl.Parts {
				if p.Expr != nil {
					exprs(p.Expr, seen)
				}
			}
		case map[string]any:
			for _, x := range v {
				values(x)
			}
		case []any:
			for _, x := range v {
				values(x)
			}
		}
	}
	for _, f := range s.Flows {
		seen["trigger "+f.Trigger.Type] = true
		conds(f.Trigger.When)
		if f.OnError != nil {
			seen["onError"] = true
			if f.OnError.Retry != nil {
				seen["retry"] = true
			}
		}
		for _, st := range f.Steps {
			seen["step "+st.Type] = true
			if st.ForEach != "" {
				seen["forEach"] = true
			}
			values(st.Path)
			values(st.Record)
			values(st.Body)
			for _, m := range []map[string]any{st.Fields, st.Query, st.Headers} {
				values(m)
			}
		}
	}
}

func exprs(e spec.Expr, seen map[string]bool) {
	switch e := e.(type) {
	case *spec.Call:
		seen["func "+e.Func] = true
		for _, a := range e.Args {
			exprs(a, seen)
		}
	case *spec.Path:
		if e.Root() == "item" {
			seen["item"] = true
		}
	}
}
