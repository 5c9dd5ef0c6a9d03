package spec

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Names an expression can start from, besides the ids of earlier steps.
const (
	RootRecord  = "record"
	RootPrior   = "prior"
	RootEvent   = "event"
	RootRequest = "request"
	RootInput   = "input"
	RootLastRun = "lastRun"
	RootItem    = "item"
)

// ScopeRoots lists the built-in expression roots; step ids may not use them.
var ScopeRoots = []string{RootRecord, RootPrior, RootEvent, RootRequest, RootInput, RootLastRun, RootItem}

// Scope is what the expressions of one step (or of its forEach value) may
// refer to. FlowScope builds it; TypeOf and CheckTemplate use it. The
// generator uses it to learn the type of each value it emits.
type Scope struct {
	// Trigger is the flow's trigger type.
	Trigger string
	// Object is the trigger's object (recordChange, changeEvent) and Event
	// its platform event (platformEvent).
	Object, Event string
	// Roots are the built-in roots in scope (record, prior, event, ...), in
	// the order messages list them.
	Roots []string
	// Inputs maps each declared invocable input to its param type.
	Inputs map[string]string
	// Steps maps the ids of earlier steps of the flow to their step, and
	// StepOrder lists those ids in the order the steps run. Steps with a
	// forEach are listed, but TypeOf rejects references to their results.
	Steps     map[string]Step
	StepOrder []string
	// Item is true inside a forEach step, where `item` is the current element.
	Item bool
	// Fields are the custom fields of the trigger's object or event when this
	// spec defines it (a custom object or a platform event); nil when the
	// fields are not known, as for standard objects.
	Fields []Field

	// later holds the ids of this and later steps, for a clearer message.
	later map[string]bool
}

// FlowScope returns the scope of the values of step `step` of flow `flow`:
// the trigger's roots, earlier steps' results, and `item` when the step has a
// forEach. Pass step = len(steps) for what is in scope after the last step.
// For the step's own forEach value use ForEachScope. flow must index
// s.Flows; the spec need not be valid.
func FlowScope(s *Spec, flow, step int) *Scope {
	f := s.Flows[flow]
	sc := &Scope{Trigger: f.Trigger.Type, Steps: map[string]Step{}}
	switch f.Trigger.Type {
	case TriggerRecordChange:
		sc.Object = f.Trigger.Object
		sc.Fields = definedFields(s, f.Trigger)
		sc.Roots = append(sc.Roots, RootRecord)
		if len(f.Trigger.On) > 0 && onlyUpdate(f.Trigger.On) {
			sc.Roots = append(sc.Roots, RootPrior)
		}
	case TriggerChangeEvent:
		sc.Object = f.Trigger.Object
		sc.Fields = definedFields(s, f.Trigger)
		sc.Roots = append(sc.Roots, RootRecord)
	case TriggerPlatformEvent:
		sc.Event = f.Trigger.Event
		sc.Fields = definedFields(s, f.Trigger)
		sc.Roots = append(sc.Roots, RootEvent)
	case TriggerWebhook:
		sc.Roots = append(sc.Roots, RootRequest)
	case TriggerInvocable:
		sc.Roots = append(sc.Roots, RootInput)
		sc.Inputs = map[string]string{}
		for _, in := range f.Trigger.Inputs {
			sc.Inputs[in.Name] = in.Type
		}
	case TriggerSchedule:
		sc.Roots = append(sc.Roots, RootLastRun)
	}
	for i := 0; i < step && i < len(f.Steps); i++ {
		st := f.Steps[i]
		if st.ID == "" {
			continue
		}
		if _, dup := sc.Steps[st.ID]; dup {
			continue
		}
		sc.Steps[st.ID] = st
		sc.StepOrder = append(sc.StepOrder, st.ID)
	}
	sc.later = map[string]bool{}
	for i := step; i < len(f.Steps); i++ {
		sc.later[f.Steps[i].ID] = true
	}
	if step < len(f.Steps) && f.Steps[step].ForEach != "" {
		sc.Item = true
	}
	return sc
}

// ForEachScope returns the scope of step `step`'s own forEach value: like
// FlowScope, but without `item`.
func ForEachScope(s *Spec, flow, step int) *Scope {
	sc := FlowScope(s, flow, step)
	sc.Item = false
	return sc
}

// definedFields returns the fields of a trigger's custom object or platform
// event when the spec defines it, or nil.
func definedFields(s *Spec, t Trigger) []Field {
	if t.Event != "" {
		for _, e := range s.Events {
			if e.Name == t.Event {
				return append([]Field{}, e.Fields...)
			}
		}
		return nil
	}
	if !IsCustomName(t.Object) {
		return nil
	}
	for _, o := range s.Objects {
		if o.Name == t.Object {
			return append([]Field{}, o.Fields...)
		}
	}
	return nil
}

// checkKnownField checks the first segment of a field path against the
// defined fields of a custom object or event: a custom field must be one of
// them, and a custom relationship X__r must come from a Lookup field X__c.
// owner names the object or event in messages.
func checkKnownField(path, owner string, fields []Field) error {
	if fields == nil {
		return nil
	}
	seg, _, _ := strings.Cut(path, ".")
	name := seg
	lookup := false
	if strings.HasSuffix(seg, SuffixRelationship) {
		name, lookup = strings.TrimSuffix(seg, SuffixRelationship)+SuffixCustom, true
	}
	if !IsCustomName(name) {
		return nil
	}
	var known []string
	for _, f := range fields {
		known = append(known, f.Name)
		if f.Name == name {
			if lookup && f.Type != FieldLookup {
				return fmt.Errorf("%s is not a Lookup field of %s, so %s does not exist", name, owner, seg)
			}
			return nil
		}
	}
	return fmt.Errorf("%s", noField(owner, name, known))
}

// noField says that owner has no field name, suggesting a close one.
func noField(owner, name string, known []string) string {
	if s := suggest(name, known); s != "" {
		return fmt.Sprintf("%s has no field %q (did you mean %q? fields: %s)", owner, name, s, listOrNone(known))
	}
	return fmt.Sprintf("%s has no field %q (fields: %s)", owner, name, listOrNone(known))
}

func onlyUpdate(on []string) bool {
	for _, o := range on {
		if o != OnUpdate {
			return false
		}
	}
	return true
}

// names lists what is in scope, for messages.
func (sc *Scope) names() []string {
	names := append([]string(nil), sc.Roots...)
	if sc.Item {
		names = append(names, RootItem)
	}
	return append(names, sc.StepOrder...)
}

// ParamType returns the expression type of an invocable param or field
// type word (Text, Number, Checkbox, Date, DateTime, Id...).
func ParamType(t string) Type {
	switch t {
	case FieldNumber, FieldCurrency, FieldPercent:
		return TypeNumber
	case FieldCheckbox:
		return TypeBoolean
	case FieldDate:
		return TypeDate
	case FieldDateTime:
		return TypeDateTime
	case "":
		return TypeAny
	}
	return TypeText
}

// checkRecordSegments checks the field path after record, prior or event:
// Salesforce field and relationship names, no list indexes or hyphens.
func checkRecordSegments(p *Path) error {
	if len(p.Segments) < 2 {
		return fmt.Errorf("%s needs a field, like %s.Name", p.Root(), p.Root())
	}
	if err := checkFieldPath(strings.Join(p.Segments[1:], ".")); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

// TypeOf returns the static type of e in scope sc, or an error saying why e
// is not allowed there: a name not in scope, an undeclared input, a field of
// a step that has no such result, an unknown function, a wrong number or
// type of arguments. Values whose type is only known at run time (record
// fields, JSON responses, request bodies, item) are TypeAny.
func TypeOf(e Expr, sc *Scope) (Type, error) {
	switch e := e.(type) {
	case *StringLit:
		return TypeText, nil
	case *NumberLit:
		return TypeNumber, nil
	case *BoolLit:
		return TypeBoolean, nil
	case *NullLit:
		return TypeNull, nil
	case *Path:
		return pathType(e, sc)
	case *Call:
		return callType(e, sc)
	}
	return TypeAny, fmt.Errorf("unknown expression %T", e)
}

func (sc *Scope) hasRoot(name string) bool {
	for _, r := range sc.Roots {
		if r == name {
			return true
		}
	}
	return name == RootItem && sc.Item
}

func pathType(p *Path, sc *Scope) (Type, error) {
	root := p.Root()
	builtin := false
	for _, r := range ScopeRoots {
		if r == root {
			builtin = true
		}
	}
	if builtin {
		if !sc.hasRoot(root) {
			return TypeAny, notInScope(root, sc)
		}
		switch root {
		case RootRecord, RootPrior, RootEvent:
			if err := checkRecordSegments(p); err != nil {
				return TypeAny, err
			}
			owner := sc.Object
			if root == RootEvent {
				owner = sc.Event
			}
			return TypeAny, checkKnownField(strings.Join(p.Segments[1:], "."), owner, sc.Fields)
		case RootLastRun:
			if len(p.Segments) > 1 {
				return TypeAny, fmt.Errorf("lastRun is a DateTime and has no fields (%s)", p)
			}
			return TypeDateTime, nil
		case RootInput:
			if len(p.Segments) < 2 {
				return TypeAny, fmt.Errorf("input needs the name of an input, like input.%s", firstKey(sc.Inputs, "amount"))
			}
			t, ok := sc.Inputs[p.Segments[1]]
			if !ok {
				return TypeAny, fmt.Errorf("%q is not a declared input (inputs: %s)", p.Segments[1], listOrNone(slices.Sorted(maps.Keys(sc.Inputs))))
			}
			if len(p.Segments) > 2 {
				return TypeAny, fmt.Errorf("input %q is a %s and has no fields (%s)", p.Segments[1], t, p)
			}
			return ParamType(t), nil
		case RootRequest:
			if len(p.Segments) < 2 {
				return TypeAny, fmt.Errorf("request needs a part: request.body, request.headers.X or request.query.q")
			}
			switch p.Segments[1] {
			case "body":
				return TypeAny, nil
			case "headers", "query":
				if len(p.Segments) != 3 {
					return TypeAny, fmt.Errorf("%s needs exactly one name after it, like request.%s.%s", p, p.Segments[1], map[string]string{"headers": "X-Signature", "query": "id"}[p.Segments[1]])
				}
				return TypeText, nil
			}
			return TypeAny, fmt.Errorf("request has body, headers and query, not %q", p.Segments[1])
		case RootItem:
			return TypeAny, nil
		}
	}
	st, ok := sc.Steps[root]
	if !ok {
		if IsReservedWord(root) || Funcs[root].Name != "" {
			return TypeAny, fmt.Errorf("%q is not in scope here (in scope: %s)", root, listOrNone(sc.names()))
		}
		return TypeAny, notInScope(root, sc)
	}
	if st.ForEach != "" {
		return TypeAny, fmt.Errorf("step %q runs forEach, so later steps cannot use its result", root)
	}
	switch st.Type {
	case StepCall:
		return TypeAny, nil
	case StepCreate, StepUpsert:
		if len(p.Segments) != 2 || p.Segments[1] != "Id" {
			return TypeAny, fmt.Errorf("a %s step's result has only Id: use %s.Id", st.Type, root)
		}
		return TypeText, nil
	}
	return TypeAny, fmt.Errorf("step %q is a %s step and has no result", root, st.Type)
}

func notInScope(root string, sc *Scope) error {
	names := sc.names()
	msg := fmt.Sprintf("%q is not in scope here (in scope: %s)", root, listOrNone(names))
	if sc.later[root] {
		msg += "; a step can use only the results of earlier steps"
	} else if s := suggest(root, names); s != "" && s != root {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return fmt.Errorf("%s", msg)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}

func firstKey(m map[string]string, def string) string {
	if keys := slices.Sorted(maps.Keys(m)); len(keys) > 0 {
		return keys[0]
	}
	return def
}

// FuncNames returns the names of the expression functions, sorted.
func FuncNames() []string {
	names := make([]string, 0, len(Funcs))
	for n := range Funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func callType(c *Call, sc *Scope) (Type, error) {
	f, ok := Funcs[c.Func]
	if !ok {
		if s := suggest(c.Func, FuncNames()); s != "" {
			return TypeAny, fmt.Errorf("unknown function %q (functions: %s); did you mean %q?", c.Func, strings.Join(FuncNames(), ", "), s)
		}
		return TypeAny, fmt.Errorf("unknown function %q (functions: %s)", c.Func, strings.Join(FuncNames(), ", "))
	}
	n := len(c.Args)
	if n < f.MinArgs || (f.MaxArgs >= 0 && n > f.MaxArgs) {
		return TypeAny, fmt.Errorf("%s takes %s, got %d (%s)", f.Name, arity(f), n, f.Doc)
	}
	var first Type
	for i, a := range c.Args {
		t, err := TypeOf(a, sc)
		if err != nil {
			return TypeAny, err
		}
		if i == 0 {
			first = t
		}
		var want []Type
		if len(f.Args) > 0 {
			want = f.Args[min(i, len(f.Args)-1)]
		}
		if !accepts(want, t) {
			return TypeAny, fmt.Errorf("argument %d of %s must be %s, got %s %s (%s)", i+1, f.Name, typeList(want), t, a, f.Doc)
		}
	}
	if f.SameAsArg0 && n > 0 {
		return first, nil
	}
	return f.Result, nil
}

func accepts(want []Type, t Type) bool {
	if len(want) == 0 || t == TypeAny {
		return true
	}
	for _, w := range want {
		if w == t || w == TypeAny {
			return true
		}
	}
	return false
}

func typeList(ts []Type) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.String()
	}
	return strings.Join(names, " or ")
}

func arity(f Func) string {
	switch {
	case f.MaxArgs < 0:
		return fmt.Sprintf("at least %d argument%s", f.MinArgs, plural(f.MinArgs))
	case f.MinArgs == f.MaxArgs:
		return fmt.Sprintf("%d argument%s", f.MinArgs, plural(f.MinArgs))
	}
	return fmt.Sprintf("%d to %d arguments", f.MinArgs, f.MaxArgs)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// CheckTemplate parses text as a template and type-checks every merge field
// in sc. It returns the parsed template and the type of the value: the
// expression's type when the text is exactly one merge field, otherwise text.
func CheckTemplate(text string, sc *Scope) (Template, Type, error) {
	t, err := ParseTemplate(text)
	if err != nil {
		return Template{}, TypeAny, fmt.Errorf("bad merge field %w", err)
	}
	typ := TypeText
	for _, p := range t.Parts {
		if p.Expr == nil {
			continue
		}
		et, err := TypeOf(p.Expr, sc)
		if err != nil {
			return t, TypeAny, err
		}
		if e, ok := t.Single(); ok && e == p.Expr {
			typ = et
		}
	}
	return t, typ, nil
}
