package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// stepKeys are the keys each step type takes besides id, type and forEach.
var stepKeys = map[string][]string{
	StepCall:    {"system", "method", "path", "query", "headers", "body", "expect", "timeoutSeconds"},
	StepCreate:  {"object", "fields"},
	StepUpdate:  {"object", "record", "fields"},
	StepUpsert:  {"object", "externalId", "fields"},
	StepPublish: {"event", "fields"},
	StepReply:   {"status", "body"},
}

// setKeys reports which keys of a step are set.
func (s Step) setKeys() map[string]bool {
	return map[string]bool{
		"system": s.System != "", "method": s.Method != "", "path": s.Path != "",
		"query": s.Query != nil, "headers": s.Headers != nil, "body": s.Body != nil,
		"expect": s.Expect != nil, "timeoutSeconds": s.TimeoutSeconds != nil,
		"object": s.Object != "", "record": s.Record != "", "externalId": s.ExternalID != "",
		"event": s.Event != "", "fields": s.Fields != nil, "status": s.Status != 0,
	}
}

// IsScopeRoot reports whether name is a built-in expression root (record,
// prior, event, request, input, lastRun, item), which a step id may not be.
func IsScopeRoot(name string) bool { return oneOf(name, ScopeRoots) }

func (v *validator) steps(fi int) {
	f := v.s.Flows[fi]
	fp := joinIndex("flows", fi)
	if len(f.Steps) == 0 {
		v.add(fp+".steps", "a flow needs at least one step")
		return
	}
	seen := map[string]string{}
	replies := 0
	// A webhook answers after its first segment of steps: a call after a
	// record change cannot run in the request's transaction, so it and the
	// steps after it run later, in a Queueable (late).
	changed, deferred := false, false
	late := map[string]bool{}
	firstChange := ""
	for i, st := range f.Steps {
		p := joinIndex(fp+".steps", i)
		if f.Trigger.Type == TriggerInvocable {
			// Flow Builder waits for the action's answer in its own
			// transaction: a callout after the action's record change fails
			// there ("You have uncommitted work pending"), and there is no
			// later transaction to hand it to before the flow needs the outputs.
			if st.Type == StepCall && firstChange != "" {
				v.add(p, "an action's calls must come before its record changes: Salesforce refuses a callout after uncommitted work in the same transaction (step %s changes records first); move this call before %s", firstChange, firstChange)
			}
			if firstChange == "" && (st.Type == StepCreate || st.Type == StepUpdate || st.Type == StepUpsert || st.Type == StepPublish) {
				firstChange = st.ID
			}
		}
		if f.Trigger.Type == TriggerWebhook && st.Type != StepReply {
			deferred = deferred || st.Type == StepCall && changed
			changed = changed || st.Type != StepCall
			if deferred {
				late[st.ID] = true
			}
		}
		switch {
		case st.ID == "":
			v.add(p+".id", "is required")
		case IsScopeRoot(st.ID) || Funcs[st.ID].Name != "":
			v.add(p+".id", "%q is a built-in name; choose another id", st.ID)
		default:
			if err := CheckAPIName(st.ID, MaxNameLength); err != nil {
				v.add(p+".id", "%s", err)
			} else if prev, dup := seen[strings.ToLower(st.ID)]; dup {
				v.add(p+".id", "step id %q is used twice in this flow (also %s)", st.ID, prev)
			} else {
				seen[strings.ToLower(st.ID)] = p
			}
		}
		if !v.enum(p+".type", "step type", st.Type, StepTypes) {
			continue
		}
		set := st.setKeys()
		for _, k := range stepKeys[st.Type] {
			set[k] = false
		}
		v.forbid(p, "a "+st.Type+" step", set)
		sc := FlowScope(v.s, fi, i)
		if st.ForEach != "" {
			if st.Type == StepReply {
				v.add(p+".forEach", "a reply step cannot run forEach: a webhook replies once")
			} else {
				v.forEach(p+".forEach", st.ForEach, ForEachScope(v.s, fi, i))
			}
		}
		switch st.Type {
		case StepCall:
			v.call(p, st, sc)
		case StepCreate, StepUpdate, StepUpsert:
			v.dml(p, st, sc, f.Trigger)
		case StepPublish:
			v.publish(p, st, sc)
		case StepReply:
			replies++
			if f.Trigger.Type != TriggerWebhook {
				v.add(p+".type", "a reply step belongs only in a webhook flow (this flow's trigger is %s)", f.Trigger.Type)
			} else if replies > 1 {
				v.add(p+".type", "a webhook flow replies once; this is its second reply step")
			}
			if st.Status != 0 && (st.Status < 100 || st.Status > 599) {
				v.add(p+".status", "%d is not an HTTP status (100-599)", st.Status)
			}
			if st.Body != nil {
				v.value(p+".body", st.Body, sc, true)
				for _, root := range valueRoots(st.Body) {
					if late[root] {
						v.add(p+".body", "uses %s, which runs after the webhook has answered: a call after a record change runs later, in a transaction of its own; reply with what the steps before it made", root)
					}
				}
			}
		}
	}
}

// forEach checks that a forEach value is exactly one merge field that is a
// path in scope.
func (v *validator) forEach(path, text string, sc *Scope) {
	t, err := ParseTemplate(text)
	if err != nil {
		v.add(path, "bad merge field %s", err)
		return
	}
	e, ok := t.Single()
	if !ok {
		v.add(path, "must be exactly one merge field naming a list, like \"{!orders.items}\"")
		return
	}
	if _, ok := e.(*Path); !ok {
		v.add(path, "must name a list, like \"{!orders.items}\", not %s", e)
		return
	}
	typ, err := TypeOf(e, sc)
	switch {
	case err != nil:
		v.add(path, "%s", err)
	case typ != TypeAny:
		v.add(path, "must name a list, but %s is a single %s value", e, typ)
	}
}

// template checks a string value that reaches generated code, returning its
// type.
func (v *validator) template(path, text string, sc *Scope) Type {
	_, t, err := CheckTemplate(text, sc)
	if err != nil {
		v.add(path, "%s", err)
		return TypeAny
	}
	return t
}

// value checks a value of any shape: strings are templates, maps and lists
// are walked when nested is set, otherwise rejected.
func (v *validator) value(path string, x any, sc *Scope, nested bool) {
	switch x := x.(type) {
	case string:
		v.template(path, x, sc)
	case map[string]any:
		if !nested {
			v.add(path, "must be a single value, not a map")
			return
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			v.value(joinKey(path, k), x[k], sc, true)
		}
	case []any:
		if !nested {
			v.add(path, "must be a single value, not a list")
			return
		}
		for i, e := range x {
			v.value(joinIndex(path, i), e, sc, true)
		}
	}
}

// httpPathChars are the characters besides letters and digits that a call
// path may hold outside merge fields.
const httpPathChars = "/-._~!$&'()*+,;=:@%"

func (v *validator) call(p string, st Step, sc *Scope) {
	if st.System == "" {
		v.add(p+".system", "is required")
	} else if _, ok := v.s.System(st.System); !ok {
		names := make([]string, len(v.s.Systems))
		for i, s := range v.s.Systems {
			names[i] = s.Name
		}
		if len(names) == 0 {
			v.add(p+".system", "unknown system %q (the spec defines no systems)", st.System)
		} else {
			v.add(p+".system", "unknown system %q (known: %s)", st.System, strings.Join(names, ", "))
		}
	}
	v.enum(p+".method", "method", st.Method, HTTPMethods)
	switch {
	case st.Path == "":
		v.add(p+".path", "is required, like /v1/invoices")
	case !strings.HasPrefix(st.Path, "/") || strings.HasPrefix(st.Path, "//"):
		v.add(p+".path", "%q must start with / and hold no scheme or host: the system's url supplies them", st.Path)
	case strings.Contains(st.Path, "://"):
		v.add(p+".path", "%q must hold no scheme or host: the system's url supplies them", st.Path)
	default:
		t, err := ParseTemplate(st.Path)
		if err != nil {
			v.add(p+".path", "bad merge field %s", err)
			break
		}
		bad := false
		for _, part := range t.Parts {
			for _, c := range part.Text {
				if !(c < 0x80 && (isIdentPart(byte(c)) || strings.ContainsRune(httpPathChars, c))) {
					v.add(p+".path", "%q: %q is not allowed in a path (put query parameters in query)", st.Path, c)
					bad = true
					break
				}
			}
			if bad {
				break
			}
		}
		if !bad {
			// A merge field stands for a value, never for a dot segment.
			var literal strings.Builder
			for _, part := range t.Parts {
				if part.Expr != nil {
					literal.WriteString("x")
				}
				literal.WriteString(part.Text)
			}
			if seg := dotSegment(literal.String()); seg != "" {
				v.add(p+".path", "%q must not contain a %q segment: it would leave the path the spec names", st.Path, seg)
				bad = true
			}
		}
		if !bad {
			v.template(p+".path", st.Path, sc)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(st.Query)) {
		kp := joinKey(p+".query", k)
		if k == "" {
			v.add(kp, "a query parameter needs a name")
		}
		v.value(kp, st.Query[k], sc, false)
	}
	v.uniqueFold(p+".headers", st.Headers, "header")
	for _, k := range slices.Sorted(maps.Keys(st.Headers)) {
		kp := joinKey(p+".headers", k)
		v.headerName(kp, k)
		if s, ok := st.Headers[k].(string); ok && strings.ContainsAny(s, "\r\n") {
			v.add(kp, "a header value must be one line: a carriage return or line feed would start another header")
			continue
		}
		v.value(kp, st.Headers[k], sc, false)
	}
	seen := map[int]bool{}
	for i, code := range st.Expect {
		ep := joinIndex(p+".expect", i)
		if code < 100 || code > 599 {
			v.add(ep, "%d is not an HTTP status (100-599)", code)
		} else if seen[code] {
			v.add(ep, "%d is listed twice", code)
		}
		seen[code] = true
	}
	if st.Expect != nil && len(st.Expect) == 0 {
		v.add(p+".expect", "list at least one status code, or leave expect out for 200-299")
	}
	if t := st.TimeoutSeconds; t != nil && (*t < 1 || *t > MaxTimeoutSeconds) {
		v.add(p+".timeoutSeconds", "must be from 1 to %d, got %d", MaxTimeoutSeconds, *t)
	}
	if st.Body != nil {
		v.callBody(p+".body", st, sc)
	}
}

func (v *validator) callBody(p string, st Step, sc *Scope) {
	if st.Method == "GET" {
		v.add(p, "a GET request has no body; use query")
		return
	}
	m, ok := st.Body.(map[string]any)
	if !ok {
		v.add(p, "a call body is {format: json | form, fields: {...}}")
		return
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k != "format" && k != "fields" {
			msg := fmt.Sprintf("unknown key %q", k)
			if s := suggest(k, []string{"format", "fields"}); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (a call body has format and fields)"
			}
			v.add(joinKey(p, k), "%s", msg)
		}
	}
	format := BodyJSON
	if f, present := m["format"]; present {
		s, ok := f.(string)
		if !ok {
			v.add(p+".format", "must be json or form")
		} else if v.enum(p+".format", "body format", s, []string{BodyJSON, BodyForm}) {
			format = s
		}
	}
	fields, present := m["fields"]
	if !present {
		v.add(p+".fields", "is required: the values to send")
		return
	}
	fm, ok := fields.(map[string]any)
	if !ok {
		v.add(p+".fields", "must be a map of names to values")
		return
	}
	if len(fm) == 0 {
		v.add(p+".fields", "list at least one value to send")
	}
	for _, k := range slices.Sorted(maps.Keys(fm)) {
		if k == "" {
			v.add(joinKey(p+".fields", k), "a body field needs a name")
		}
		// json bodies nest; form bodies are flat name=value pairs.
		v.value(joinKey(p+".fields", k), fm[k], sc, format == BodyJSON)
	}
}

func (v *validator) dml(p string, st Step, sc *Scope, t Trigger) {
	if st.Object == "" {
		v.add(p+".object", "is required")
	} else if err := CheckObjectName(st.Object); err != nil {
		v.add(p+".object", "%s", err)
	}
	def, defined := v.objectDef(st.Object)
	defined = defined && IsCustomName(st.Object)
	v.recordFields(p+".fields", st.Fields, sc, def.Fields, defined, st.Object)
	switch st.Type {
	case StepUpsert:
		if st.ExternalID == "" {
			v.add(p+".externalId", "is required: the external id field to match on")
		} else if err := CheckFieldName(st.ExternalID); err != nil {
			v.add(p+".externalId", "%s", err)
		} else if d, ok := v.objectDef(st.Object); ok {
			for _, f := range d.Fields {
				if f.Name == st.ExternalID && !f.ExternalID {
					v.add(p+".externalId", "field %s of %s is not marked externalId: true", f.Name, st.Object)
				}
			}
		}
	case StepUpdate:
		if st.Record != "" {
			v.template(p+".record", st.Record, sc)
			break
		}
		switch {
		case t.Type != TriggerRecordChange && t.Type != TriggerChangeEvent:
			v.add(p+".record", "is required: a %s trigger has no record to update by default", t.Type)
		case t.Object != "" && st.Object != "" && t.Object != st.Object:
			v.add(p+".record", "is required: the trigger's record is of %s, not %s", t.Object, st.Object)
		case len(t.On) > 0 && allOf(t.On, OnDelete):
			v.add(p+".record", "is required: a deleted record cannot be updated")
		}
	}
}

// uniqueFold reports keys that differ only in case, which Salesforce field
// names and HTTP header names do not tell apart.
func (v *validator) uniqueFold(path string, m map[string]any, what string) {
	seen := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if prev, dup := seen[strings.ToLower(k)]; dup {
			v.add(joinKey(path, k), "%s %q is also set as %q; names differ only in case", what, k, prev)
		}
		seen[strings.ToLower(k)] = k
	}
}

func allOf(list []string, s string) bool {
	for _, x := range list {
		if x != s {
			return false
		}
	}
	return true
}

// recordFields checks the field values of a create, update, upsert or
// publish step. When the target is defined in the spec, custom fields must
// be among its fields.
func (v *validator) recordFields(path string, fields map[string]any, sc *Scope, defs []Field, defined bool, target string) {
	if len(fields) == 0 {
		v.add(path, "list at least one field to set")
		return
	}
	v.uniqueFold(path, fields, "field")
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		kp := joinKey(path, k)
		if err := CheckFieldName(k); err != nil {
			v.add(kp, "%s", err)
			continue
		}
		if defined && IsCustomName(k) {
			known := fieldNames(defs)
			if !oneOf(k, known) {
				v.add(kp, "%s", noField(target, k, known))
				continue
			}
		}
		v.value(kp, fields[k], sc, false)
	}
}

func (v *validator) publish(p string, st Step, sc *Scope) {
	if st.Event == "" {
		v.add(p+".event", "is required")
	} else if err := CheckEventName(st.Event); err != nil {
		v.add(p+".event", "%s", err)
	}
	def, defined := v.eventDef(st.Event)
	v.recordFields(p+".fields", st.Fields, sc, def.Fields, defined, st.Event)
}

// Timeout returns a call step's timeout in seconds: TimeoutSeconds, or
// DefaultTimeoutSeconds when the step names none.
func (s Step) Timeout() int {
	if s.TimeoutSeconds != nil && *s.TimeoutSeconds > 0 {
		return *s.TimeoutSeconds
	}
	return DefaultTimeoutSeconds
}

// DefaultReplyStatus is a reply step's status when it names none.
const DefaultReplyStatus = 200

// ReplyStatus returns a reply step's HTTP status: Status, or
// DefaultReplyStatus when the step names none.
func (s Step) ReplyStatus() int {
	if s.Status > 0 {
		return s.Status
	}
	return DefaultReplyStatus
}

// Succeeded reports whether a call step counts an HTTP status as success:
// one of Expect, or 200-299 when Expect is empty.
func (s Step) Succeeded(status int) bool {
	if len(s.Expect) == 0 {
		return status >= 200 && status <= 299
	}
	for _, c := range s.Expect {
		if c == status {
			return true
		}
	}
	return false
}

// valueRoots returns the roots of the merge-field paths in a spec value
// (text, or maps and lists of it), each once, in order.
func valueRoots(x any) []string {
	var roots []string
	var expr func(e Expr)
	expr = func(e Expr) {
		switch e := e.(type) {
		case *Path:
			if !slices.Contains(roots, e.Root()) {
				roots = append(roots, e.Root())
			}
		case *Call:
			for _, a := range e.Args {
				expr(a)
			}
		}
	}
	var walk func(x any)
	walk = func(x any) {
		switch x := x.(type) {
		case string:
			if t, err := ParseTemplate(x); err == nil {
				for _, part := range t.Parts {
					if part.Expr != nil {
						expr(part.Expr)
					}
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k])
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(x)
	return roots
}
