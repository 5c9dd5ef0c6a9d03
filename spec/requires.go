package spec

import (
	"fmt"
	"slices"
	"strings"
)

// OrgDependencies returns what the spec's flows use that its package does
// not create, and so must exist in the org before the package installs:
// custom objects (X__c) and platform events (X__e) named by triggers and
// steps, and custom fields (Object.X__c) the generated Apex names in its
// code (fields of the trigger record it queries, external id fields of
// upserts) on objects whose fields the spec does not define. Salesforce
// refuses a package version (and a deploy) whose Apex names a missing
// object, event or field. Sorted, each once.
func (s *Spec) OrgDependencies() []string {
	defined := map[string]bool{}
	definedFields := map[string]bool{}
	for _, o := range s.Objects {
		if IsCustomName(o.Name) {
			defined[o.Name] = true
		}
		for _, f := range o.Fields {
			definedFields[o.Name+"."+f.Name] = true
		}
	}
	for _, e := range s.Events {
		defined[e.Name] = true
	}
	deps := map[string]bool{}
	object := func(name string) {
		if (IsCustomName(name) || strings.HasSuffix(name, SuffixEvent)) && !defined[name] {
			deps[name] = true
		}
	}
	field := func(obj, name string) {
		// A custom object the org has brings its fields; a standard or
		// spec-defined object's custom field must be defined or required.
		if !IsCustomName(name) || definedFields[obj+"."+name] || (IsCustomName(obj) && !defined[obj]) {
			return
		}
		deps[obj+"."+name] = true
	}
	for _, f := range s.Flows {
		t := f.Trigger
		switch t.Type {
		case TriggerRecordChange, TriggerChangeEvent:
			object(t.Object)
			// The job queries the trigger record's fields by name.
			for _, st := range f.Steps {
				visitStepPaths(st, func(p *Path) {
					if p.Root() == RootRecord && len(p.Segments) == 2 {
						field(t.Object, p.Segments[1])
					}
				})
			}
			// Conditions read Trigger.new by name at run time: they compile
			// without the field, so only the steps' record fields count.
		case TriggerPlatformEvent:
			object(t.Event)
		}
		for _, st := range f.Steps {
			switch st.Type {
			case StepCreate, StepUpdate, StepUpsert:
				object(st.Object)
				if st.Type == StepUpsert && st.ExternalID != "" {
					field(st.Object, st.ExternalID)
				}
			case StepPublish:
				object(st.Event)
			}
		}
	}
	out := make([]string, 0, len(deps))
	for d := range deps {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// visitStepPaths calls fn for every path in the merge fields of a step.
func visitStepPaths(st Step, fn func(*Path)) {
	var visitExpr func(e Expr)
	visitExpr = func(e Expr) {
		switch x := e.(type) {
		case *Path:
			fn(x)
		case *Call:
			for _, a := range x.Args {
				visitExpr(a)
			}
		}
	}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case string:
			t, err := ParseTemplate(x)
			if err != nil {
				return
			}
			for _, p := range t.Parts {
				if p.Expr != nil {
					visitExpr(p.Expr)
				}
			}
		case map[string]any:
			for _, e := range x {
				visit(e)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	for _, v := range []any{st.Path, st.Record, st.Body, st.ForEach} {
		visit(v)
	}
	for _, m := range []map[string]any{st.Query, st.Headers, st.Fields} {
		for _, v := range m {
			visit(v)
		}
	}
}

// requires checks the spec's requires list against what its flows use:
// each entry an object, event or Object.Field name, listed once, not one
// the package itself creates; and every dependency listed, so that a
// package never compiles against something the spec did not say the org
// must have.
func (v *validator) requires() {
	s := v.s
	defined := map[string]bool{}
	for _, o := range s.Objects {
		if IsCustomName(o.Name) {
			defined[o.Name] = true
		}
		for _, f := range o.Fields {
			defined[o.Name+"."+f.Name] = true
		}
	}
	for _, e := range s.Events {
		defined[e.Name] = true
	}
	listed := map[string]bool{}
	for i, r := range s.Requires {
		p := joinIndex("requires", i)
		obj, fld, isField := strings.Cut(r, ".")
		var err error
		switch {
		case isField:
			if err = CheckObjectName(obj); err == nil {
				err = CheckFieldName(fld)
				if err == nil && !IsCustomName(fld) {
					err = fmt.Errorf("%s is a standard field; list only custom fields (Object.Field__c)", r)
				}
			}
		case strings.HasSuffix(r, SuffixEvent):
			err = CheckEventName(r)
		case IsCustomName(r):
			err = CheckObjectName(r)
		default:
			err = fmt.Errorf("%s is not a custom object (X__c), platform event (X__e) or custom field (Object.Field__c); standard objects need not be listed", r)
		}
		switch {
		case err != nil:
			v.add(p, "%s", err)
		case listed[r]:
			v.add(p, "%s is listed twice", r)
		case defined[r]:
			v.add(p, "%s is created by this spec's package (objects or events); leave it out of requires", r)
		}
		listed[r] = true
	}
	for _, d := range s.OrgDependencies() {
		if listed[d] {
			continue
		}
		obj, _, isField := strings.Cut(d, ".")
		if isField && listed[obj] {
			continue
		}
		what := "custom object"
		switch {
		case isField:
			what = "custom field"
		case strings.HasSuffix(d, SuffixEvent):
			what = "platform event"
		}
		v.add("requires", "the flows use the %s %s, which this spec does not create: add it to objects or events (the package creates it) or to requires (it must already exist in the org; the README lists it)", what, d)
	}
}
