// Package orgschema checks a spec against a connected org's schema (its
// describe results): every object, field, relationship path and picklist
// value the spec names must exist in that org, writes must go to writable
// fields of the right type, lookups must point at the right object and a
// create must set the org's required fields. Objects and fields the spec
// itself creates count as known. It also keeps each org's schema cached in
// the store (cache.go).
package orgschema

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
)

// field is one field as the check sees it: from the org's describe or
// from the spec's own objects.
type field struct {
	name, label, typ string
	createable       bool
	updateable       bool
	required         bool // must be set on create
	calculated       bool
	autoNumber       bool
	externalID       bool
	restricted       bool
	values           []string // picklist values (active)
	referenceTo      []string
	relationship     string
	fromSpec         bool
}

// object is an object with its fields, indexed by lower-case name.
type object struct {
	name, label string
	fields      map[string]*field
	order       []*field
}

// view is an org's schema with the spec's own objects and fields laid
// over it. Objects are indexed lazily, so a check against a large org
// only builds the objects the spec names.
type view struct {
	sch     *salesforce.OrgSchema
	byLower map[string]int // object index in sch.Objects
	built   map[string]*object
	spec    map[string]*spec.Object // spec objects by lower-case name
	events  map[string]*spec.Event
}

func newView(s *spec.Spec, sch *salesforce.OrgSchema) *view {
	v := &view{sch: sch, byLower: make(map[string]int, len(sch.Objects)), built: map[string]*object{},
		spec: map[string]*spec.Object{}, events: map[string]*spec.Event{}}
	for i := range sch.Objects {
		v.byLower[strings.ToLower(sch.Objects[i].Name)] = i
	}
	for i := range s.Objects {
		v.spec[strings.ToLower(s.Objects[i].Name)] = &s.Objects[i]
	}
	for i := range s.Events {
		v.events[strings.ToLower(s.Events[i].Name)] = &s.Events[i]
	}
	return v
}

// describeTypes maps the spec's field types to describe types.
var describeTypes = map[string]string{
	spec.FieldText: "string", spec.FieldLongTextArea: "textarea", spec.FieldNumber: "double", spec.FieldCurrency: "currency",
	spec.FieldPercent: "percent", spec.FieldCheckbox: "boolean", spec.FieldDate: "date", spec.FieldDateTime: "datetime",
	spec.FieldEmail: "email", spec.FieldPhone: "phone", spec.FieldURL: "url", spec.FieldPicklist: "picklist", spec.FieldLookup: "reference",
}

func specField(f spec.Field) *field {
	out := &field{name: f.Name, label: f.Label, typ: describeTypes[f.Type], createable: true, updateable: true,
		required: f.Required && f.Type != spec.FieldCheckbox, externalID: f.ExternalID, values: f.Values, fromSpec: true}
	if f.Type == spec.FieldLookup {
		out.referenceTo = []string{f.ReferenceTo}
		out.relationship = spec.RelationshipName(f.Name)
	}
	return out
}

func (v *view) addField(o *object, f *field) {
	k := strings.ToLower(f.name)
	if old, ok := o.fields[k]; ok {
		if f.fromSpec {
			// The spec redefines an org field: the package's definition
			// wins once deployed, but the org's values stay known.
			f.values = append(slices.Clone(old.values), f.values...)
		}
		*old = *f
		return
	}
	o.fields[k] = f
	o.order = append(o.order, f)
}

// object returns the named object (case-insensitively), or nil.
func (v *view) object(name string) *object {
	k := strings.ToLower(name)
	if o, ok := v.built[k]; ok {
		return o
	}
	var o *object
	if i, ok := v.byLower[k]; ok {
		d := &v.sch.Objects[i]
		o = &object{name: d.Name, label: d.Label, fields: make(map[string]*field, len(d.Fields))}
		for _, df := range d.Fields {
			f := &field{name: df.Name, label: df.Label, typ: df.Type, createable: df.Createable, updateable: df.Updateable,
				required:   !df.Nillable && df.Createable && !df.DefaultedOnCreate && df.Type != "boolean",
				calculated: df.Calculated, autoNumber: df.AutoNumber, externalID: df.ExternalID, restricted: df.RestrictedPicklist,
				referenceTo: df.ReferenceTo, relationship: df.RelationshipName}
			for _, pv := range df.PicklistValues {
				if pv.Active {
					f.values = append(f.values, pv.Value)
				}
			}
			v.addField(o, f)
		}
	}
	if so := v.spec[k]; so != nil {
		if o == nil {
			o = &object{name: so.Name, label: so.Label, fields: map[string]*field{}}
			for _, sys := range []*field{
				{name: "Id", label: "Record ID", typ: "id"},
				{name: "Name", label: "Name", typ: "string", createable: true, updateable: true},
				{name: "OwnerId", label: "Owner ID", typ: "reference", createable: true, updateable: true, referenceTo: []string{"Group", "User"}, relationship: "Owner"},
				{name: "CreatedDate", label: "Created Date", typ: "datetime"},
				{name: "CreatedById", label: "Created By ID", typ: "reference", referenceTo: []string{"User"}, relationship: "CreatedBy"},
				{name: "LastModifiedDate", label: "Last Modified Date", typ: "datetime"},
				{name: "LastModifiedById", label: "Last Modified By ID", typ: "reference", referenceTo: []string{"User"}, relationship: "LastModifiedBy"},
				{name: "SystemModstamp", label: "System Modstamp", typ: "datetime"},
			} {
				sys.fromSpec = true
				v.addField(o, sys)
			}
		}
		for _, f := range so.Fields {
			v.addField(o, specField(f))
		}
	}
	if ev := v.events[k]; ev != nil && o == nil {
		o = &object{name: ev.Name, label: ev.Label, fields: map[string]*field{}}
		for _, f := range ev.Fields {
			v.addField(o, specField(f))
		}
	}
	v.built[k] = o
	return o
}

// objectNames lists every object name and label, for did-you-mean.
func (v *view) objectCandidates() []candidate {
	out := make([]candidate, 0, len(v.sch.Objects)+len(v.spec))
	for _, d := range v.sch.Objects {
		out = append(out, candidate{d.Name, d.Label})
	}
	for _, so := range v.spec {
		out = append(out, candidate{so.Name, so.Label})
	}
	for _, ev := range v.events {
		out = append(out, candidate{ev.Name, ev.Label})
	}
	return out
}

type candidate struct{ name, label string }

// didYouMean returns the API name closest to word by API name or label, or
// "" when none is close.
func didYouMean(word string, cands []candidate) string {
	lw := strings.ToLower(word)
	squash := func(s string) string {
		return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSuffix(s, "__c")))
	}
	sw := squash(word)
	best, bestDist := "", 0
	for _, c := range cands {
		if strings.EqualFold(c.name, word) {
			continue
		}
		dist := spec.EditDistance(lw, strings.ToLower(c.name))
		if c.label != "" {
			// A label written as a name ("Stage Name", "Close_Date") counts
			// as near as its squashed spelling is.
			if d := spec.EditDistance(sw, squash(c.label)); d < dist {
				dist = d
			}
		}
		if d := spec.EditDistance(sw, squash(c.name)); d < dist {
			dist = d
		}
		limit := 1 + len(c.name)/3
		if dist <= limit && (best == "" || dist < bestDist) {
			best, bestDist = c.name, dist
		}
	}
	return best
}

func (o *object) candidates() []candidate {
	out := make([]candidate, 0, len(o.order))
	for _, f := range o.order {
		out = append(out, candidate{f.name, f.label})
	}
	return out
}

func (o *object) relCandidates() []candidate {
	var out []candidate
	for _, f := range o.order {
		if f.relationship != "" {
			out = append(out, candidate{f.relationship, ""})
		}
	}
	return out
}

// checker collects the problems of one spec against one org.
type checker struct {
	s    *spec.Spec
	v    *view
	org  string
	errs spec.Errors
}

func (c *checker) add(path, format string, args ...any) {
	c.errs = append(c.errs, &spec.Error{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return " (did you mean " + s + "?)"
}

// Check validates s against an org's schema and returns every problem,
// each message naming the org; lines (from spec.LoadLines) fills each
// problem's line and may be nil.
func Check(s *spec.Spec, lines spec.Lines, sch *salesforce.OrgSchema, org string) spec.Errors {
	c := &checker{s: s, v: newView(s, sch), org: org}
	for i, o := range s.Objects {
		c.checkSpecObject(fmt.Sprintf("objects[%d]", i), o)
	}
	for i, f := range s.Flows {
		c.checkFlow(fmt.Sprintf("flows[%d]", i), i, f)
	}
	for _, e := range c.errs {
		e.Line = lines.Line(e.Path)
	}
	slices.SortStableFunc(c.errs, func(a, b *spec.Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Path, b.Path)
	})
	return c.errs
}

// lookupObject finds an object or records that the org lacks it.
func (c *checker) lookupObject(path, name string) *object {
	if name == "" {
		return nil
	}
	o := c.v.object(name)
	if o == nil {
		c.add(path, "%s is not an object in %s%s", name, c.org, suffix(didYouMean(name, c.v.objectCandidates())))
	}
	return o
}

// lookupField finds a field of o or records that the org lacks it.
func (c *checker) lookupField(path string, o *object, name string) *field {
	f := o.fields[strings.ToLower(name)]
	if f == nil {
		c.add(path, "%s is not a field of %s in %s%s", name, o.name, c.org, suffix(didYouMean(name, o.candidates())))
	}
	return f
}

// resolve walks a field path (StageName, Account.Owner.Email) from o and
// returns its last field, recording the first segment the org lacks.
func (c *checker) resolve(path string, o *object, segs []string) *field {
	for i, seg := range segs {
		if i == len(segs)-1 {
			return c.lookupField(path, o, seg)
		}
		var rel *field
		for _, f := range o.order {
			if f.relationship != "" && strings.EqualFold(f.relationship, seg) {
				rel = f
				break
			}
		}
		if rel == nil {
			c.add(path, "%s is not a relationship of %s in %s%s", seg, o.name, c.org, suffix(didYouMean(seg, o.relCandidates())))
			return nil
		}
		if len(rel.referenceTo) != 1 {
			// Polymorphic (What, Who, Owner): only fields common to every
			// target are known; the check stops here rather than guess.
			return nil
		}
		next := c.v.object(rel.referenceTo[0])
		if next == nil {
			return nil
		}
		o = next
	}
	return nil
}

func (c *checker) checkSpecObject(path string, so spec.Object) {
	if _, inOrg := c.v.byLower[strings.ToLower(so.Name)]; !inOrg && !spec.IsCustomName(so.Name) {
		c.add(path+".name", "%s is not an object in %s, so the package cannot add fields to it%s", so.Name, c.org, suffix(didYouMean(so.Name, c.v.objectCandidates())))
		return
	}
	for i, f := range so.Fields {
		if f.Type == spec.FieldLookup && f.ReferenceTo != "" && c.v.object(f.ReferenceTo) == nil {
			c.add(fmt.Sprintf("%s.fields[%d].referenceTo", path, i), "%s is not an object in %s%s", f.ReferenceTo, c.org, suffix(didYouMean(f.ReferenceTo, c.v.objectCandidates())))
		}
	}
}

func (c *checker) checkFlow(path string, fi int, f spec.Flow) {
	t := f.Trigger
	var trig *object
	switch t.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		trig = c.lookupObject(path+".trigger.object", t.Object)
	case spec.TriggerPlatformEvent:
		trig = c.lookupObject(path+".trigger.event", t.Event)
	}
	if trig != nil {
		c.checkConditions(path+".trigger.when", trig, t.When)
	}
	created := map[string]string{} // step id -> object it creates
	for si, st := range f.Steps {
		sp := fmt.Sprintf("%s.steps[%d]", path, si)
		c.checkExprs(sp, trig, st)
		switch st.Type {
		case spec.StepCreate, spec.StepUpdate, spec.StepUpsert:
			o := c.lookupObject(sp+".object", st.Object)
			if o == nil {
				continue
			}
			if st.Type == spec.StepCreate {
				created[st.ID] = o.name
			}
			c.checkWrites(sp, st, o, trig, created)
		case spec.StepPublish:
			if o := c.lookupObject(sp+".event", st.Event); o != nil {
				c.checkWrites(sp, st, o, trig, created)
			}
		}
	}
}

func (c *checker) checkConditions(path string, o *object, conds []spec.Condition) {
	for i, cd := range conds {
		p := fmt.Sprintf("%s[%d]", path, i)
		if cd.IsGroup() {
			c.checkConditions(p+".any", o, cd.Any)
			c.checkConditions(p+".all", o, cd.All)
			continue
		}
		if cd.Field == "" {
			continue
		}
		f := c.resolve(p+".field", o, strings.Split(cd.Field, "."))
		if f == nil || !spec.OpTakesValue(cd.Op) {
			continue
		}
		switch cd.Op {
		case spec.OpGreaterThan, spec.OpGreaterOrEqual, spec.OpLessThan, spec.OpLessOrEqual:
			if !numeric(f.typ) && f.typ != "date" && f.typ != "datetime" {
				c.add(p+".op", "%s compares %s.%s, a %s field, in %s: only number, currency, percent, date and date/time fields are ordered", cd.Op, o.name, f.name, typeWord(f.typ), c.org)
				continue
			}
		case spec.OpContains, spec.OpStartsWith:
			if !textual(f.typ) {
				c.add(p+".op", "%s needs a text field, but %s.%s is a %s field in %s", cd.Op, o.name, f.name, typeWord(f.typ), c.org)
				continue
			}
		}
		vals := []any{cd.Value}
		if list, ok := cd.Value.([]any); ok {
			vals = list
		}
		for _, v := range vals {
			c.checkValue(p+".value", o, f, v, nil, nil)
		}
	}
}

// checkWrites checks the fields a create, update, upsert or publish sets.
func (c *checker) checkWrites(sp string, st spec.Step, o *object, trig *object, created map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(st.Fields)) {
		p := sp + ".fields." + name
		f := c.lookupField(p, o, name)
		if f == nil {
			continue
		}
		switch {
		case st.Type == spec.StepCreate && !f.createable, st.Type == spec.StepUpsert && !f.createable:
			c.add(p, "%s.%s is read-only in %s (%s): a %s cannot set it", o.name, f.name, c.org, readOnlyWhy(f), st.Type)
			continue
		case st.Type == spec.StepUpdate && !f.updateable:
			c.add(p, "%s.%s cannot be updated in %s (%s)", o.name, f.name, c.org, readOnlyWhy(f))
			continue
		}
		c.checkValue(p, o, f, st.Fields[name], trig, created)
	}
	if st.Type == spec.StepUpsert && st.ExternalID != "" {
		if f := c.lookupField(sp+".externalId", o, st.ExternalID); f != nil && !f.externalID && !strings.EqualFold(f.name, "Id") {
			c.add(sp+".externalId", "%s.%s is not an external id field in %s, so records cannot be upserted on it", o.name, f.name, c.org)
		}
	}
	if st.Type == spec.StepCreate || st.Type == spec.StepUpsert {
		var missing []string
		for _, f := range o.order {
			if !f.required {
				continue
			}
			if _, set := findKey(st.Fields, f.name); !set {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			c.add(sp+".fields", "%s requires %s on create in %s", o.name, strings.Join(missing, ", "), c.org)
		}
	}
}

func findKey(m map[string]any, name string) (any, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func readOnlyWhy(f *field) string {
	switch {
	case f.calculated:
		return "a formula field"
	case f.autoNumber:
		return "an auto-number field"
	case f.createable && !f.updateable:
		return "set only when the record is created"
	}
	return "a system field"
}

func numeric(t string) bool {
	return t == "double" || t == "currency" || t == "percent" || t == "int" || t == "long"
}

func textual(t string) bool {
	switch t {
	case "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox", "encryptedstring":
		return true
	}
	return false
}

func typeWord(t string) string {
	switch t {
	case "double", "int", "long":
		return "number"
	case "string", "textarea":
		return "text"
	case "datetime":
		return "date/time"
	case "reference":
		return "lookup"
	case "boolean":
		return "checkbox"
	}
	return t
}

// checkValue checks one value written to, or compared with, field f: a
// literal against the field's type and picklist values, a merge field's
// lookup target against the field's referenceTo.
func (c *checker) checkValue(p string, o *object, f *field, v any, trig *object, created map[string]string) {
	switch x := v.(type) {
	case nil:
		return
	case bool:
		if f.typ != "boolean" && !textual(f.typ) {
			c.add(p, "%s.%s is a %s field in %s; %v is a checkbox value", o.name, f.name, typeWord(f.typ), c.org, x)
		}
		return
	case int, int64, float64, uint64:
		if f.typ == "boolean" || f.typ == "date" || f.typ == "datetime" || f.typ == "reference" || f.typ == "picklist" {
			c.add(p, "%s.%s is a %s field in %s; %v is a number", o.name, f.name, typeWord(f.typ), c.org, x)
		}
		return
	case string:
		tmpl, err := spec.ParseTemplate(x)
		if err != nil {
			return // spec validation reports it
		}
		if e, ok := tmpl.Single(); ok {
			c.checkExprTarget(p, o, f, e, trig, created)
			return
		}
		if tmpl.HasExpr() {
			if !textual(f.typ) {
				c.add(p, "%s.%s is a %s field in %s; text with merge fields cannot go into it", o.name, f.name, typeWord(f.typ), c.org)
			}
			return
		}
		c.checkLiteralString(p, o, f, x)
	}
}

func (c *checker) checkLiteralString(p string, o *object, f *field, s string) {
	switch {
	case f.typ == "picklist" || f.typ == "multipicklist":
		vals := []string{s}
		if f.typ == "multipicklist" {
			vals = strings.Split(s, ";")
		}
		for _, val := range vals {
			if !slices.Contains(f.values, val) {
				kind := "unrestricted picklist: the value would be saved, but is not one of its values"
				if f.restricted {
					kind = "restricted picklist: Salesforce refuses other values"
				}
				near := ""
				for _, pv := range f.values {
					if strings.EqualFold(pv, val) || spec.EditDistance(strings.ToLower(pv), strings.ToLower(val)) <= 1+len(pv)/4 {
						near = pv
						break
					}
				}
				c.add(p, "%q is not a value of %s.%s in %s (%s)%s", val, o.name, f.name, c.org, kind, suffix(quoteIf(near)))
			}
		}
	case numeric(f.typ):
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			c.add(p, "%s.%s is a %s field in %s; %q is not a number", o.name, f.name, typeWord(f.typ), c.org, s)
		}
	case f.typ == "date":
		if _, err := time.Parse("2006-01-02", s); err != nil {
			c.add(p, "%s.%s is a date field in %s; %q is not a date (YYYY-MM-DD)", o.name, f.name, c.org, s)
		}
	case f.typ == "datetime":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			c.add(p, "%s.%s is a date/time field in %s; %q is not a date/time (2024-01-31T09:00:00Z)", o.name, f.name, c.org, s)
		}
	case f.typ == "boolean":
		if s != "true" && s != "false" {
			c.add(p, "%s.%s is a checkbox field in %s; %q is not true or false", o.name, f.name, c.org, s)
		}
	case f.typ == "reference":
		if !salesforceID(s) {
			c.add(p, "%s.%s is a lookup to %s in %s; %q is not a record id", o.name, f.name, strings.Join(f.referenceTo, " or "), c.org, s)
		}
	}
}

func quoteIf(s string) string {
	if s == "" {
		return ""
	}
	return strconv.Quote(s)
}

func salesforceID(s string) bool {
	if len(s) != 15 && len(s) != 18 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// checkExprTarget checks a value that is exactly one merge field: the
// object a lookup receives, and the type of a record field copied in.
func (c *checker) checkExprTarget(p string, o *object, f *field, e spec.Expr, trig *object, created map[string]string) {
	path, ok := e.(*spec.Path)
	if !ok || len(path.Segments) < 2 {
		return
	}
	var src *field
	var srcObj string
	switch root := path.Root(); {
	case (root == spec.RootRecord || root == spec.RootPrior) && trig != nil:
		src = c.quietResolve(trig, path.Segments[1:])
		if src == nil {
			return
		}
		if strings.EqualFold(src.name, "Id") && len(path.Segments) == 2 {
			srcObj = trig.name
		}
	case created[root] != "" && len(path.Segments) == 2 && strings.EqualFold(path.Segments[1], "Id"):
		srcObj = created[root]
	default:
		return
	}
	if f.typ == "reference" {
		targets := f.referenceTo
		if srcObj == "" && src != nil && src.typ == "reference" {
			if len(src.referenceTo) == 1 {
				srcObj = src.referenceTo[0]
			}
		}
		if srcObj != "" && !slices.ContainsFunc(targets, func(t string) bool { return strings.EqualFold(t, srcObj) }) {
			c.add(p, "%s.%s is a lookup to %s in %s, but %s holds an id of %s", o.name, f.name, strings.Join(targets, " or "), c.org, e.String(), srcObj)
		}
		return
	}
	if src != nil && !compatible(src.typ, f.typ) {
		c.add(p, "%s.%s is a %s field in %s, but %s is a %s field", o.name, f.name, typeWord(f.typ), c.org, e.String(), typeWord(src.typ))
	}
}

// compatible reports whether a value of describe type from can be stored
// in a field of type to without a conversion function.
func compatible(from, to string) bool {
	switch {
	case from == to, textual(to) && from != "boolean" && !numeric(from) && from != "date" && from != "datetime":
		return true
	case textual(to):
		// Apex converts numbers, dates and checkboxes to text only with
		// toText(); the generated code does it for string templates.
		return to == "string" || to == "textarea"
	case numeric(to):
		return numeric(from)
	case to == "datetime":
		return from == "datetime" || from == "date"
	case to == "reference":
		return from == "reference" || from == "id"
	}
	return false
}

// quietResolve resolves a record path without recording problems (the
// expression walk reports them once).
func (c *checker) quietResolve(o *object, segs []string) *field {
	saved := len(c.errs)
	f := c.resolve("", o, segs)
	c.errs = c.errs[:saved]
	return f
}

// checkExprs checks every record.* and prior.* path in a step's values.
func (c *checker) checkExprs(sp string, trig *object, st spec.Step) {
	if trig == nil {
		return
	}
	var visit func(p string, v any)
	visit = func(p string, v any) {
		switch x := v.(type) {
		case string:
			tmpl, err := spec.ParseTemplate(x)
			if err != nil {
				return
			}
			for _, part := range tmpl.Parts {
				if part.Expr != nil {
					c.exprPaths(p, trig, part.Expr)
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				visit(p+"."+k, x[k])
			}
		case []any:
			for i, e := range x {
				visit(fmt.Sprintf("%s[%d]", p, i), e)
			}
		}
	}
	visit(sp+".forEach", st.ForEach)
	visit(sp+".path", st.Path)
	visit(sp+".record", st.Record)
	for _, k := range slices.Sorted(maps.Keys(st.Query)) {
		visit(sp+".query."+k, st.Query[k])
	}
	for _, k := range slices.Sorted(maps.Keys(st.Headers)) {
		visit(sp+".headers."+k, st.Headers[k])
	}
	visit(sp+".body", st.Body)
	for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
		visit(sp+".fields."+k, st.Fields[k])
	}
}

func (c *checker) exprPaths(p string, trig *object, e spec.Expr) {
	switch x := e.(type) {
	case *spec.Path:
		if (x.Root() == spec.RootRecord || x.Root() == spec.RootPrior || x.Root() == spec.RootEvent) && len(x.Segments) > 1 {
			c.resolve(p, trig, x.Segments[1:])
		}
	case *spec.Call:
		for _, a := range x.Args {
			c.exprPaths(p, trig, a)
		}
	}
}
