package specform

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// Field is one control of the form.
type Field struct {
	// Name is the control's form name ("f." + its path), ID its HTML id.
	Name, ID string
	Label    string
	Value    string
	// Help says what the key means, from the spec's key descriptions.
	Help string
	// Errors are the validation problems at this key.
	Errors []string
	// Options makes the control a select; "" among them means "not set".
	Options []string
	// List is the id of a datalist of suggested values.
	List string
	// Multiline makes the control a text area.
	Multiline bool
	// Number makes it a number input.
	Number bool
}

// Check is one checkbox of a group.
type Check struct {
	Value, ID string
	Checked   bool
}

// Checks is a group of checkboxes that together make one list.
type Checks struct {
	Name, ID, Label, Help string
	Options               []Check
	Errors                []string
}

// Row is one entry of a mapping table: a name and its value.
type Row struct {
	// Path names the row for the remove and move buttons.
	Path       string
	Key, Value Field
	// Nested is the YAML of a value that is a list or map, shown as is:
	// the YAML view edits it.
	Nested      string
	First, Last bool
}

// Table is a mapping edited as rows, with a blank row at the end to add one.
type Table struct {
	Path, Label, Help string
	Rows              []Row
	New               Row
	Errors            []string
}

// Condition is a comparison, or an any/all group of conditions.
type Condition struct {
	Path        string
	Group       string // "any", "all" or "" for a comparison
	Field, Op   Field
	Value       Field
	ListValue   bool // op in: the value is a list, one per line
	Children    []Condition
	ChildList   string // the path of the group's list, for Add
	Errors      []string
	First, Last bool
	Number      int
}

// System is one external system.
type System struct {
	Path, ID                          string
	Name, Label, URL                  Field
	AuthType, Header, TokenURL, Scope Field
	Errors                            []string
	First, Last                       bool
}

// ObjectField is a custom field of an object the spec defines.
type ObjectField struct {
	Path                          string
	Name, Label, Type, Length     Field
	Precision, Scale, ReferenceTo Field
	ExternalID, Required, Unique  Field
	Errors                        []string
	First, Last                   bool
}

// Object is an object of the spec's objects list.
type Object struct {
	Path, ID                 string
	Name, Label, PluralLabel Field
	Fields                   []ObjectField
	FieldsPath               string
	Errors                   []string
	First, Last              bool
}

// Trigger is a flow's trigger.
type Trigger struct {
	Path                      string
	Type, Object, Event, Cron Field
	WebhookPath, Label        Field
	VerifyType, VerifyHeader  Field
	On, Methods               Checks
	Conditions                []Condition
	WhenPath                  string
	Errors                    []string
	// YAMLOnly names keys the form does not edit (invocable inputs and
	// outputs); they are kept as they are.
	YAMLOnly []string
}

// Step is one step card.
type Step struct {
	Path, ID                     string
	Number                       int
	StepID, Type, ForEach        Field
	System, Method, HTTPPath     Field
	Expect, Timeout              Field
	Object, Record, ExternalID   Field
	Event, Status, BodyFormat    Field
	Query, Headers, Body, Fields Table
	// ReplyBody is a reply's body when it is a map of values; ReplyNested
	// the YAML of any other body.
	ReplyBody   Table
	ReplyNested string
	// Names are what the step's values may refer to, as {!name...}.
	Names       []string
	Errors      []string
	First, Last bool
}

// Flow is one flow with its trigger, steps and error handling.
type Flow struct {
	Path, ID                 string
	Number                   int
	Name, Label, Description Field
	Trigger                  Trigger
	Steps                    []Step
	StepsPath                string
	Attempts, Backoff, Log   Field
	Errors                   []string
	First, Last              bool
}

// Datalist is a list of suggestions for text inputs.
type Datalist struct {
	ID      string
	Options []Name
}

// Form is the whole spec as a form.
type Form struct {
	// Text is the YAML the form was built from; it is posted back with the
	// form, which edits it.
	Text                                 string
	Name, Label, Description, APIVersion Field
	PackageName, Namespace, PkgVersion   Field
	Systems                              []System
	Objects                              []Object
	Flows                                []Flow
	Datalists                            []Datalist
	// YAMLOnly names top-level parts the form does not edit (events); they
	// are kept as they are.
	YAMLOnly []string
	// Errors are problems the form has no control for.
	Errors []string
	// Unreadable is why the text cannot be shown as a form (a YAML syntax
	// error); the YAML view shows the text.
	Unreadable string
}

// builder makes a Form from a document. errs holds the problems placed at
// each anchor (a control's or card's path); anchors records every anchor,
// so problems can be placed at the nearest one.
type builder struct {
	d       *Document
	s       *spec.Spec
	cat     Catalog
	errs    map[string][]string
	anchors map[string]bool
	lists   map[string]Datalist
	order   []string
}

// Build makes the form of text. problems are the spec's validation errors
// (from spec.Load), placed at their fields; cat supplies the pickers' names
// (nil for the spec's own).
func Build(text string, problems error, cat Catalog) Form {
	d, err := Parse(text)
	if err != nil {
		return Form{Text: text, Unreadable: err.Error()}
	}
	parsed, _ := spec.Parse([]byte(text))
	if cat == nil {
		cat = SpecCatalog(parsed)
	} else {
		cat = Merge(cat, SpecCatalog(parsed))
	}
	var es spec.Errors
	errors.As(problems, &es)
	if problems != nil && es == nil {
		es = spec.Errors{{Msg: problems.Error()}}
	}
	// First pass: where can problems go?
	b := &builder{d: d, s: parsed, cat: cat, errs: map[string][]string{}, anchors: map[string]bool{}, lists: map[string]Datalist{}}
	b.form(text)
	placed := map[string][]string{}
	var other []string
	for _, e := range es {
		at := b.anchor(e.Path)
		if at == "" && e.Path != "" && !b.anchors[""] {
			other = append(other, e.Path+": "+e.Msg)
			continue
		}
		if at == "" {
			other = append(other, e.Msg)
			continue
		}
		placed[at] = append(placed[at], e.Msg)
	}
	b2 := &builder{d: d, s: parsed, cat: cat, errs: placed, anchors: map[string]bool{}, lists: map[string]Datalist{}}
	f := b2.form(text)
	f.Errors = other
	return f
}

// anchor is the nearest anchor at or above path.
func (b *builder) anchor(p string) string {
	for p != "" {
		if b.anchors[p] {
			return p
		}
		p = parentPath(p)
	}
	return ""
}

// parentPath drops the last key or index of a spec path.
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		depth := 0
		for i := len(p) - 1; i >= 0; i-- {
			switch p[i] {
			case ']':
				depth++
			case '[':
				depth--
				if depth == 0 {
					return p[:i]
				}
			}
		}
		return ""
	}
	if i := strings.LastIndexAny(p, ".]"); i >= 0 {
		if p[i] == ']' {
			return p[:i+1]
		}
		return p[:i]
	}
	return ""
}

// card registers a card's anchor and returns its problems.
func (b *builder) card(p path) []string {
	s := p.String()
	b.anchors[s] = true
	return b.errs[s]
}

func htmlID(p string) string {
	var sb strings.Builder
	sb.WriteString("f-")
	for _, r := range p {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			sb.WriteRune(r)
		case r == '#':
			sb.WriteString("-r")
		default:
			sb.WriteByte('-')
		}
	}
	return sb.String()
}

// field makes the control for key of mapping m at p; doc is the key's
// description ("Step.system").
func (b *builder) field(m *yaml.Node, p path, key, label, doc string) Field {
	fp := p.key(key)
	s := fp.String()
	b.anchors[s] = true
	return Field{Name: ControlPrefix + s, ID: htmlID(s), Label: label, Value: scalar(m, key), Help: spec.FieldDoc(doc), Errors: b.errs[s]}
}

func (b *builder) sel(m *yaml.Node, p path, key, label, doc string, opts []string, optional bool) Field {
	f := b.field(m, p, key, label, doc)
	if optional {
		f.Options = append([]string{""}, opts...)
	} else {
		f.Options = opts
	}
	if f.Value != "" && !slices.Contains(f.Options, f.Value) {
		f.Options = append(f.Options, f.Value) // keep what is there, the checks say what is wrong
	}
	return f
}

func (b *builder) checks(m *yaml.Node, p path, key, label, doc string, opts []string) Checks {
	fp := p.key(key)
	s := fp.String()
	b.anchors[s] = true
	on := map[string]bool{}
	if n := get(m, key); n != nil && n.Kind == yaml.SequenceNode {
		for _, e := range n.Content {
			on[e.Value] = true
		}
	}
	c := Checks{Name: ControlPrefix + s, ID: htmlID(s), Label: label, Help: spec.FieldDoc(doc), Errors: b.errs[s]}
	for _, o := range opts {
		c.Options = append(c.Options, Check{Value: o, ID: htmlID(s) + "-" + o, Checked: on[o]})
	}
	return c
}

// datalist registers a list of suggestions and returns its id ("" when
// there is nothing to suggest).
func (b *builder) datalist(id string, names []Name) string {
	if len(names) == 0 {
		return ""
	}
	if _, ok := b.lists[id]; !ok {
		b.lists[id] = Datalist{ID: id, Options: names}
		b.order = append(b.order, id)
	}
	return id
}

func (b *builder) objectList() string { return b.datalist("dl-objects", b.cat.Objects()) }

// valueList is the datalist of a field's picklist values, when the
// catalog knows them.
func (b *builder) valueList(object, field string) string {
	if object == "" || field == "" {
		return ""
	}
	return b.datalist("dl-values-"+htmlID(object+"."+field), values(b.cat, object, field))
}

func (b *builder) fieldList(object string) string {
	if object == "" {
		return ""
	}
	return b.datalist("dl-fields-"+htmlID(object), b.cat.Fields(object))
}

func items(m *yaml.Node, key string) []*yaml.Node {
	if n := get(m, key); n != nil && n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return nil
}

func (b *builder) form(text string) Form {
	top := b.d.top()
	var root path
	b.anchors[""] = false
	f := Form{Text: text}
	f.Name = b.field(top, root, "name", "API name", "Spec.name")
	f.Label = b.field(top, root, "label", "Label", "Spec.label")
	f.Description = b.field(top, root, "description", "Description", "Spec.description")
	f.Description.Multiline = true
	f.APIVersion = b.field(top, root, "apiVersion", "Salesforce API version", "Spec.apiVersion")
	pkg := get(top, "package")
	pp := root.key("package")
	b.card(pp)
	f.PackageName = b.field(pkg, pp, "name", "Package name", "Package.name")
	f.Namespace = b.field(pkg, pp, "namespace", "Namespace", "Package.namespace")
	f.PkgVersion = b.field(pkg, pp, "version", "Package version", "Package.version")

	sys := items(top, "systems")
	for i, n := range sys {
		p := root.key("systems").index(i)
		auth := get(n, "auth")
		ap := p.key("auth")
		b.card(ap)
		s := System{Path: p.String(), ID: htmlID(p.String()), Errors: b.card(p), First: i == 0, Last: i == len(sys)-1,
			Name: b.field(n, p, "name", "API name", "System.name"), Label: b.field(n, p, "label", "Label", "System.label"),
			URL:      b.field(n, p, "url", "Base URL", "System.url"),
			AuthType: b.sel(auth, ap, "type", "Authentication", "Auth.type", spec.AuthTypes, false),
			Header:   b.field(auth, ap, "header", "Key header", "Auth.header"),
			TokenURL: b.field(auth, ap, "tokenUrl", "Token URL", "Auth.tokenUrl"),
			Scope:    b.field(auth, ap, "scope", "Scope", "Auth.scope"),
		}
		s.Errors = append(s.Errors, b.errs[ap.String()]...)
		f.Systems = append(f.Systems, s)
	}
	b.card(root.key("systems"))

	objs := items(top, "objects")
	for i, n := range objs {
		p := root.key("objects").index(i)
		o := Object{Path: p.String(), ID: htmlID(p.String()), Errors: b.card(p), First: i == 0, Last: i == len(objs)-1,
			Name:        b.field(n, p, "name", "Object API name", "Object.name"),
			Label:       b.field(n, p, "label", "Label", "Object.label"),
			PluralLabel: b.field(n, p, "pluralLabel", "Plural label", "Object.pluralLabel"),
			FieldsPath:  p.key("fields").String(),
		}
		o.Name.List = b.objectList()
		b.card(p.key("fields"))
		o.Errors = append(o.Errors, b.errs[p.key("fields").String()]...)
		fs := items(n, "fields")
		for j, fn := range fs {
			fp := p.key("fields").index(j)
			of := ObjectField{Path: fp.String(), Errors: b.card(fp), First: j == 0, Last: j == len(fs)-1,
				Name:        b.field(fn, fp, "name", "Field API name", "Field.name"),
				Label:       b.field(fn, fp, "label", "Label", "Field.label"),
				Type:        b.sel(fn, fp, "type", "Type", "Field.type", spec.FieldTypes, false),
				Length:      b.field(fn, fp, "length", "Length", "Field.length"),
				Precision:   b.field(fn, fp, "precision", "Precision", "Field.precision"),
				Scale:       b.field(fn, fp, "scale", "Scale", "Field.scale"),
				ReferenceTo: b.field(fn, fp, "referenceTo", "Refers to", "Field.referenceTo"),
				ExternalID:  b.sel(fn, fp, "externalId", "External id", "Field.externalId", []string{"true", "false"}, true),
				Required:    b.sel(fn, fp, "required", "Required", "Field.required", []string{"true", "false"}, true),
				Unique:      b.sel(fn, fp, "unique", "Unique", "Field.unique", []string{"true", "false"}, true),
			}
			of.Length.Number, of.Precision.Number, of.Scale.Number = true, true, true
			of.ReferenceTo.List = b.objectList()
			o.Fields = append(o.Fields, of)
		}
		f.Objects = append(f.Objects, o)
	}
	b.card(root.key("objects"))
	if get(top, "events") != nil {
		f.YAMLOnly = append(f.YAMLOnly, "events")
		b.card(root.key("events"))
	}

	flows := items(top, "flows")
	for i, n := range flows {
		f.Flows = append(f.Flows, b.flow(n, root.key("flows").index(i), i, len(flows)))
	}
	b.card(root.key("flows"))
	for _, id := range b.order {
		f.Datalists = append(f.Datalists, b.lists[id])
	}
	return f
}

func (b *builder) flow(n *yaml.Node, p path, i, count int) Flow {
	fl := Flow{Path: p.String(), ID: htmlID(p.String()), Number: i + 1, Errors: b.card(p), First: i == 0, Last: i == count-1,
		Name:        b.field(n, p, "name", "Flow API name", "Flow.name"),
		Label:       b.field(n, p, "label", "Label", "Flow.label"),
		Description: b.field(n, p, "description", "Description", "Flow.description"),
		StepsPath:   p.key("steps").String(),
	}
	fl.Trigger = b.trigger(get(n, "trigger"), p.key("trigger"))
	fl.Errors = append(fl.Errors, b.card(p.key("steps"))...)
	steps := items(n, "steps")
	for j, sn := range steps {
		fl.Steps = append(fl.Steps, b.step(sn, p.key("steps").index(j), i, j, len(steps)))
	}
	onErr := get(n, "onError")
	op := p.key("onError")
	rp := op.key("retry")
	fl.Errors = append(fl.Errors, b.card(op)...)
	fl.Errors = append(fl.Errors, b.card(rp)...)
	fl.Attempts = b.field(get(onErr, "retry"), rp, "attempts", "Retry attempts", "Retry.attempts")
	fl.Attempts.Number = true
	fl.Backoff = b.sel(get(onErr, "retry"), rp, "backoff", "Backoff", "Retry.backoff", []string{spec.BackoffFixed, spec.BackoffExponential}, true)
	fl.Log = b.sel(onErr, op, "log", "Write log rows", "OnError.log", []string{"true", "false"}, true)
	return fl
}

func (b *builder) trigger(n *yaml.Node, p path) Trigger {
	t := Trigger{Path: p.String(), Errors: b.card(p), WhenPath: p.key("when").String(),
		Type:        b.sel(n, p, "type", "Starts when", "Trigger.type", spec.TriggerTypes, false),
		Object:      b.field(n, p, "object", "Object", "Trigger.object"),
		Event:       b.field(n, p, "event", "Platform event", "Trigger.event"),
		Cron:        b.field(n, p, "cron", "Schedule (cron)", "Trigger.cron"),
		WebhookPath: b.field(n, p, "path", "Webhook path", "Trigger.path"),
		Label:       b.field(n, p, "label", "Action label", "Trigger.label"),
		On:          b.checks(n, p, "on", "Record events", "Trigger.on", spec.OnEvents),
		Methods:     b.checks(n, p, "methods", "Accepted methods", "Trigger.methods", spec.HTTPMethods),
	}
	if t.Type.Value == "" {
		t.Type.Options = append([]string{""}, t.Type.Options...)
	}
	vp := p.key("verify")
	t.Errors = append(t.Errors, b.card(vp)...)
	t.VerifyType = b.sel(get(n, "verify"), vp, "type", "Signature scheme", "Verify.type", []string{spec.VerifyHMACSHA256}, true)
	t.VerifyHeader = b.field(get(n, "verify"), vp, "header", "Signature header", "Verify.header")
	t.Object.List = b.objectList()
	t.Event.List = b.objectList()
	for _, k := range []string{"inputs", "outputs"} {
		if get(n, k) != nil {
			t.YAMLOnly = append(t.YAMLOnly, k)
			b.card(p.key(k))
		}
	}
	obj := t.Object.Value
	if t.Type.Value == spec.TriggerPlatformEvent {
		obj = t.Event.Value
	}
	b.card(p.key("when"))
	t.Errors = append(t.Errors, b.errs[p.key("when").String()]...)
	t.Conditions = b.conditions(items(n, "when"), p.key("when"), obj)
	return t
}

func (b *builder) conditions(ns []*yaml.Node, p path, obj string) []Condition {
	var out []Condition
	for i, n := range ns {
		cp := p.index(i)
		c := Condition{Path: cp.String(), Errors: b.card(cp), First: i == 0, Last: i == len(ns)-1, Number: i + 1}
		switch {
		case get(n, "any") != nil:
			c.Group = "any"
		case get(n, "all") != nil:
			c.Group = "all"
		}
		if c.Group != "" {
			c.ChildList = cp.key(c.Group).String()
			b.card(cp.key(c.Group))
			c.Errors = append(c.Errors, b.errs[c.ChildList]...)
			c.Children = b.conditions(items(n, c.Group), cp.key(c.Group), obj)
			out = append(out, c)
			continue
		}
		c.Field = b.field(n, cp, "field", "Field", "Condition.field")
		c.Field.List = b.fieldList(obj)
		c.Op = b.sel(n, cp, "op", "Operator", "Condition.op", spec.Operators, false)
		if c.Op.Value == "" {
			c.Op.Options = append([]string{""}, c.Op.Options...)
		}
		c.Value = b.field(n, cp, "value", "Value", "Condition.value")
		c.Value.List = b.valueList(obj, c.Field.Value)
		// The list of conditions says once what field, op and value mean.
		c.Field.Help, c.Op.Help, c.Value.Help = "", "", ""
		if v := get(n, "value"); v != nil && v.Kind == yaml.SequenceNode || c.Op.Value == spec.OpIn {
			c.ListValue = true
			c.Value.Multiline = true
			var vs []string
			for _, e := range items(n, "value") {
				vs = append(vs, e.Value)
			}
			c.Value.Value = strings.Join(vs, "\n")
		}
		out = append(out, c)
	}
	return out
}

func (b *builder) table(m *yaml.Node, p path, label, doc string, keys string, values string) Table {
	s := p.String()
	b.anchors[s] = true
	t := Table{Path: s, Label: label, Help: spec.FieldDoc(doc), Errors: b.errs[s]}
	if m != nil && m.Kind == yaml.MappingNode {
		count := len(m.Content) / 2
		for i := 0; i < count; i++ {
			k, v := m.Content[2*i], m.Content[2*i+1]
			rp := p.rowAt(i)
			errPath := joinKey(s, k.Value)
			b.anchors[errPath] = true
			r := Row{Path: rp.String(), First: i == 0, Last: i == count-1,
				Key:   Field{Name: ControlPrefix + rp.withPart("k").String(), ID: htmlID(rp.String()) + "-k", Label: "Name", Value: k.Value, List: keys},
				Value: Field{Name: ControlPrefix + rp.withPart("v").String(), ID: htmlID(rp.String()) + "-v", Label: "Value", Value: v.Value, Errors: b.errs[errPath], List: values},
			}
			if v.Kind != yaml.ScalarNode {
				out, err := yaml.Marshal(v)
				if err == nil {
					r.Nested = strings.TrimRight(string(out), "\n")
				}
			}
			t.Rows = append(t.Rows, r)
		}
	}
	np := p.newRow()
	t.New = Row{Path: np.String(),
		Key:   Field{Name: ControlPrefix + np.withPart("k").String(), ID: htmlID(np.String()) + "-k", Label: "New name", List: keys},
		Value: Field{Name: ControlPrefix + np.withPart("v").String(), ID: htmlID(np.String()) + "-v", Label: "New value", List: values},
	}
	return t
}

// joinKey is the spec's error path of key in the map at path.
func joinKey(p, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
		}
	}
	if !plain {
		return p + "[" + strconv.Quote(key) + "]"
	}
	return p + "." + key
}

func (b *builder) step(n *yaml.Node, p path, fi, si, count int) Step {
	st := Step{Path: p.String(), ID: htmlID(p.String()), Number: si + 1, Errors: b.card(p), First: si == 0, Last: si == count-1,
		StepID:     b.field(n, p, "id", "Step id", "Step.id"),
		Type:       b.sel(n, p, "type", "Type", "Step.type", spec.StepTypes, false),
		ForEach:    b.field(n, p, "forEach", "For each", "Step.forEach"),
		System:     b.sel(n, p, "system", "System", "Step.system", b.systemNames(), true),
		Method:     b.sel(n, p, "method", "Method", "Step.method", spec.HTTPMethods, true),
		HTTPPath:   b.field(n, p, "path", "Path", "Step.path"),
		Expect:     b.field(n, p, "expect", "Success codes", "Step.expect"),
		Timeout:    b.field(n, p, "timeoutSeconds", "Timeout (seconds)", "Step.timeoutSeconds"),
		Object:     b.field(n, p, "object", "Object", "Step.object"),
		Record:     b.field(n, p, "record", "Record Id", "Step.record"),
		ExternalID: b.field(n, p, "externalId", "External id field", "Step.externalId"),
		Event:      b.field(n, p, "event", "Platform event", "Step.event"),
		Status:     b.field(n, p, "status", "Status", "Step.status"),
	}
	st.Timeout.Number, st.Status.Number = true, true
	var codes []string
	for _, e := range items(n, "expect") {
		codes = append(codes, e.Value)
	}
	st.Expect.Value = strings.Join(codes, ", ")
	st.Object.List = b.objectList()
	st.Event.List = b.objectList()
	target := st.Object.Value
	if st.Type.Value == spec.StepPublish {
		target = st.Event.Value
	}
	st.ExternalID.List = b.fieldList(target)
	values := b.exprList(fi, si, &st)
	st.Query = b.table(get(n, "query"), p.key("query"), "Query parameters", "Step.query", "", values)
	st.Headers = b.table(get(n, "headers"), p.key("headers"), "Headers", "Step.headers", "", values)
	st.Fields = b.table(get(n, "fields"), p.key("fields"), "Field values", "Step.fields", b.fieldList(target), values)
	body := get(n, "body")
	bp := p.key("body")
	st.Errors = append(st.Errors, b.card(bp)...)
	if st.Type.Value == spec.StepReply {
		if body != nil && body.Kind != yaml.MappingNode {
			out, _ := yaml.Marshal(body)
			st.ReplyNested = strings.TrimRight(string(out), "\n")
		}
		st.ReplyBody = b.table(body, bp, "Reply body", "Step.body", "", values)
	} else {
		st.BodyFormat = b.sel(body, bp, "format", "Body format", "Step.body", []string{spec.BodyJSON, spec.BodyForm}, true)
		st.Body = b.table(get(body, "fields"), bp.key("fields"), "Body fields", "Step.body", "", values)
	}
	return st
}

func (b *builder) systemNames() []string {
	var out []string
	for _, n := range items(b.d.top(), "systems") {
		if s := scalar(n, "name"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// exprList lists, from the spec's scope rules, the names step si of flow fi
// may use, and registers suggestions for its values.
func (b *builder) exprList(fi, si int, st *Step) string {
	if b.s == nil || fi >= len(b.s.Flows) || si > len(b.s.Flows[fi].Steps) {
		return ""
	}
	sc := spec.FlowScope(b.s, fi, si)
	var sugg []Name
	add := func(root string, label string) {
		st.Names = append(st.Names, root)
		sugg = append(sugg, Name{API: "{!" + root + "}", Label: label})
	}
	for _, r := range sc.Roots {
		switch r {
		case spec.RootRecord, spec.RootPrior, spec.RootEvent:
			obj := sc.Object
			if r == spec.RootEvent {
				obj = sc.Event
			}
			st.Names = append(st.Names, r)
			for _, fd := range b.cat.Fields(obj) {
				sugg = append(sugg, Name{API: "{!" + r + "." + fd.API + "}", Label: fd.Label})
			}
		case spec.RootInput:
			st.Names = append(st.Names, r)
			for k := range sc.Inputs {
				sugg = append(sugg, Name{API: "{!input." + k + "}"})
			}
		default:
			add(r, "")
		}
	}
	if sc.Item {
		add(spec.RootItem, "the current element")
	}
	for _, id := range sc.StepOrder {
		prior := sc.Steps[id]
		if prior.ForEach != "" {
			continue
		}
		switch prior.Type {
		case spec.StepCall:
			st.Names = append(st.Names, id)
		case spec.StepCreate, spec.StepUpsert:
			st.Names = append(st.Names, id)
			sugg = append(sugg, Name{API: "{!" + id + ".Id}", Label: "the record's Id"})
		}
	}
	slices.SortStableFunc(sugg, func(a, c Name) int { return strings.Compare(a.API, c.API) })
	return b.datalist(fmt.Sprintf("dl-expr-%d-%d", fi, si), sugg)
}
