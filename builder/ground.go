package builder

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Options are what a planning run knows beyond the request's words. They
// travel in the context (WithOptions) so that every planner, the fallback
// from the LLM to the offline planner included, sees the same ones.
type Options struct {
	// Schema is the chosen org's schema. The offline planner maps the
	// request's words to its objects and fields by label and API name and
	// asks when two fields fit equally; the LLM planner's prompt gets the
	// part of it the request names. Nil plans without an org, as before.
	Schema *Schema
}

type optionsKey struct{}

// WithOptions returns ctx carrying opts for the planners.
func WithOptions(ctx context.Context, opts Options) context.Context {
	return context.WithValue(ctx, optionsKey{}, opts)
}

// OptionsFrom returns the options ctx carries (the zero Options when none).
func OptionsFrom(ctx context.Context) Options {
	o, _ := ctx.Value(optionsKey{}).(Options)
	return o
}

// Schema is an org's objects and fields as the planners read them: the
// part of a describe that names things. orgschema.PlannerSchema builds it
// from a connected org's cached describe.
type Schema struct {
	// Org names the org, for assumptions and questions ("in org1").
	Org string
	// Objects are the org's objects with their fields.
	Objects []SchemaObject
}

// SchemaObject is one object of an org.
type SchemaObject struct {
	Name, Label, LabelPlural string
	Custom                   bool
	Fields                   []SchemaField
}

// SchemaField is one field of an org's object.
type SchemaField struct {
	Name, Label, Type string
	// Values are the picklist's active values.
	Values []string
	// ReferenceTo and Relationship describe a lookup: the objects it
	// points at and the name a path goes through ("Account").
	ReferenceTo  []string
	Relationship string
	Createable   bool
	Updateable   bool
	ExternalID   bool
}

// object returns the named object (case-insensitively), or nil.
func (s *Schema) object(name string) *SchemaObject {
	for i := range s.Objects {
		if strings.EqualFold(s.Objects[i].Name, name) {
			return &s.Objects[i]
		}
	}
	return nil
}

// field returns the named field of o (case-insensitively), or nil.
func (o *SchemaObject) field(name string) *SchemaField {
	for i := range o.Fields {
		if strings.EqualFold(o.Fields[i].Name, name) {
			return &o.Fields[i]
		}
	}
	return nil
}

// orgName is how assumptions name the schema's org.
func (s *Schema) orgName() string {
	if s.Org == "" {
		return "the org"
	}
	return s.Org
}

// triggerLeadRe finds the words after "when a" and its kin: the place
// where a request names the object that starts a flow.
var triggerLeadRe = regexp.MustCompile(`(?i)\b(?:when|whenever|every time|each time|once|after|if)\s+(?:an?|the|any|each|new)\s+(?:new\s+)?`)

// groundObjects rewrites the org's custom objects named by label where a
// request names the record that starts a flow ("when an invoice is
// created" in an org with Invoice__c labelled Invoice) to their API names,
// which the planner reads. Objects the planner already knows by a word
// are left to it.
func groundObjects(text string, sch *Schema) (string, []string) {
	var notes []string
	low := lowerASCII(text)
	for _, o := range sch.Objects {
		if !o.Custom || !strings.HasSuffix(o.Name, "__c") {
			continue
		}
		for _, label := range []string{o.LabelPlural, o.Label} {
			l := lowerASCII(strings.TrimSpace(label))
			if l == "" || objectWords[l] != "" || !strings.Contains(low, l) {
				continue
			}
			re := regexp.MustCompile(`(?i)(` + triggerLeadRe.String() + `)(` + regexp.QuoteMeta(l) + `)(\s+(?:records?\s+)?(?:is|are|gets|get|was|were|has|have)\b)`)
			if !re.MatchString(text) {
				continue
			}
			text = re.ReplaceAllString(text, "${1}"+o.Name+"${3}")
			low = lowerASCII(text)
			notes = append(notes, fmt.Sprintf("read %q as %s's object %s (%s)", l, sch.orgName(), o.Name, o.Label))
		}
	}
	return text, notes
}

// groundRequest is the request as the planner reads it with the org's
// schema: its custom objects named by label in trigger position spelt as
// API names, each rewrite noted as an assumption.
func groundRequest(p *plan, text string, sch *Schema) string {
	if sch == nil {
		return text
	}
	p.ground = &groundState{schema: sch}
	text, notes := groundObjects(normalize(text), sch)
	for _, n := range notes {
		p.assume("%s", n)
	}
	return text
}

// groundMention is a phrase of the request that may name a field: "the invoice
// number", "the quote's SAP number", "Quote.SAP_Order_Number__c".
type groundMention struct {
	object  string   // the object the words name, "" when they name none
	objWord string   // the word that named it inside the phrase ("case" in "the case number")
	words   []string // lower-case words after the article and object
	api     string   // an API name written as such
	text    string   // the phrase as written, for assumptions and questions
	sending bool     // the clause sends it somewhere ("send the region to ...")
}

// groundSendWords are the verbs and prepositions before a phrase that make it a
// value the flow sends.
var groundSendWords = map[string]bool{"send": true, "sends": true, "post": true, "posts": true, "push": true, "pushes": true,
	"pass": true, "passes": true, "include": true, "includes": true, "including": true, "forward": true, "forwards": true,
	"share": true, "shares": true, "with": true, "sync": true, "syncs": true, "copy": true, "copies": true}

// groundClauseEnds end the clause a send word reaches over.
var groundClauseEnds = map[string]bool{".": true, ";": true, "!": true, "?": true, "when": true, "whenever": true, "if": true, "then": true}

// sendingAt reports whether a send word precedes toks[i] in its clause.
func sendingAt(toks []string, i int) bool {
	for k := i - 1; k >= 0; k-- {
		lt := lowerASCII(toks[k])
		if groundClauseEnds[lt] {
			return false
		}
		if groundSendWords[lt] && toks[k] != "POST" { // "via POST" is a method
			return true
		}
	}
	return false
}

var (
	groundTokenRe = regexp.MustCompile(`[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:'s)?|[^\sA-Za-z0-9_]`)
	apiTokenRe    = regexp.MustCompile(`^(?:([A-Za-z][A-Za-z0-9_]*)\.)?([A-Za-z][A-Za-z0-9_]*__c)$`)
)

// groundAnchors start a mention; groundStops end one.
var (
	groundAnchors = map[string]bool{"the": true, "its": true, "their": true, "his": true, "her": true, "our": true}
	groundStops   = map[string]bool{
		"and": true, "or": true, "to": true, "on": true, "in": true, "into": true, "from": true, "with": true, "for": true,
		"of": true, "as": true, "at": true, "by": true, "when": true, "if": true, "is": true, "are": true, "was": true,
		"be": true, "has": true, "have": true, "changes": true, "changed": true, "change": true, "then": true, "that": true,
		"which": true, "field": true, "fields": true, "value": true, "values": true, "back": true, "using": true, "via": true,
		"every": true, "each": true, "so": true, "it": true, "them": true, "but": true, "not": true, "after": true, "before": true,
		"record": true, "records": true, "same": true, "new": true, "whole": true, "all": true, "gets": true,
	}
)

// maxMentionWords bounds a mention's words after its object.
const maxMentionWords = 4

// findMentions reads the phrases of text that may name fields: the words
// after an article or possessive up to a stop word, each item of a list
// that follows one ("the SAP number, invoice number and amount"), and API
// names written as such.
func findMentions(text string, sch *Schema) []groundMention {
	toks := groundTokenRe.FindAllString(text, -1)
	names := objectNames(sch)
	var out []groundMention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if m := apiTokenRe.FindStringSubmatch(t); m != nil {
			out = append(out, groundMention{object: m[1], api: m[2], text: t, sending: sendingAt(toks, i)})
			continue
		}
		lt := lowerASCII(t)
		if !groundAnchors[lt] && !strings.HasSuffix(lt, "'s") {
			continue
		}
		j := i + 1
		if strings.HasSuffix(lt, "'s") {
			j = i // the possessive is the mention's object
		}
		for {
			m, next := readMention(toks, j, names)
			if next == j {
				break
			}
			if len(m.words) > 0 {
				m.sending = sendingAt(toks, j)
				out = append(out, m)
			}
			j = next
			// a list goes on: ", the X", "and Y"
			if j < len(toks) && (toks[j] == "," || lowerASCII(toks[j]) == "and") {
				j++
				if j < len(toks) && lowerASCII(toks[j]) == "and" {
					j++
				}
				if j < len(toks) && groundAnchors[lowerASCII(toks[j])] {
					j++
				}
				continue
			}
			break
		}
		if j > i+1 {
			i = j - 1
		}
	}
	return out
}

// readMention reads one mention starting at toks[j]: an optional object
// ("quote's", "opportunity") and up to maxMentionWords words.
func readMention(toks []string, j int, names map[string]string) (groundMention, int) {
	var m groundMention
	start := j
	if j < len(toks) {
		lt := lowerASCII(toks[j])
		if base, ok := strings.CutSuffix(lt, "'s"); ok {
			if o := objectNamed(base, names); o != "" {
				m.object = o
			}
			j++
		}
	}
	for j < len(toks) && len(m.words) < maxMentionWords {
		lt := lowerASCII(toks[j])
		if groundStops[lt] || groundAnchors[lt] || !isWordByte(lt[0]) || strings.HasSuffix(lt, "'s") || strings.Contains(lt, ".") {
			break
		}
		if len(m.words) == 0 && m.object == "" {
			if o := objectNamed(lt, names); o != "" {
				// "the opportunity amount": the object, then the field
				m.object, m.objWord = o, lt
				j++
				continue
			}
		}
		m.words = append(m.words, lt)
		j++
	}
	m.text = strings.Join(toks[start:j], " ")
	return m, j
}

// objectNames maps the lower-case API names and one-word labels of the
// org's objects to their API names.
func objectNames(sch *Schema) map[string]string {
	out := make(map[string]string, 3*len(sch.Objects))
	for _, o := range sch.Objects {
		for _, w := range []string{o.LabelPlural, o.Label, o.Name} {
			if w != "" {
				out[lowerASCII(w)] = o.Name
			}
		}
	}
	return out
}

// objectNamed is the object a word names: the planner's lexicon, or an
// object of the org by label or API name.
func objectNamed(w string, names map[string]string) string {
	if o := objectWords[w]; o != "" {
		return o
	}
	return names[w]
}

// groundGenericWords say what kind of value a field holds, not which field it
// is; a mention needs one word besides them to match part of a label.
var groundGenericWords = map[string]bool{"number": true, "id": true, "name": true, "date": true, "code": true, "type": true,
	"status": true, "amount": true, "value": true, "key": true, "text": true, "total": true, "c": true}

// nameWords splits an API name into lower-case words: SAP_Order_Number__c
// and SapOrderNumber both give sap order number.
func nameWords(name string) []string {
	name = strings.TrimSuffix(strings.TrimSuffix(name, "__c"), "__r")
	var out []string
	start := -1
	for i := 0; i <= len(name); i++ {
		alnum := i < len(name) && groundNameByte(name[i])
		// a lower-case letter or digit followed by a capital starts a word
		boundary := alnum && start >= 0 && name[i] >= 'A' && name[i] <= 'Z' && !(name[i-1] >= 'A' && name[i-1] <= 'Z')
		if (!alnum || boundary) && start >= 0 {
			out = append(out, lowerASCII(name[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return out
}

// labelWords splits a label into lower-case words.
func labelWords(label string) []string {
	return strings.FieldsFunc(lowerASCII(label), func(r rune) bool { return r > 0x7f || !groundNameByte(byte(r)) })
}

func groundNameByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// matchScore says how well words name f: 100 for its label or name
// exactly, less for a label or name that holds the words in order with
// others around them (fewer others score higher), 0 for no match.
func matchScore(words, label, name []string) int {
	if len(words) == 0 {
		return 0
	}
	if slices.Equal(words, label) || slices.Equal(words, name) {
		return 100
	}
	specific := false
	for _, w := range words {
		if !groundGenericWords[w] {
			specific = true
		}
	}
	if !specific || len(words) < 2 {
		return 0
	}
	best := 0
	for _, have := range [][]string{label, name} {
		if groundInOrder(words, have) {
			if s := 50 - (len(have) - len(words)); s > best {
				best = s
			}
		}
	}
	return best
}

func groundInOrder(want, have []string) bool {
	i := 0
	for _, h := range have {
		if i < len(want) && want[i] == h {
			i++
		}
	}
	return i == len(want)
}

// grounded is a mention matched to the org: one field, or several that fit
// equally.
type grounded struct {
	m      groundMention
	object string
	fields []*SchemaField
	score  int
}

// groundResolve matches a mention against the fields of the first object that
// has a match: the flow's objects (objects), or the object the mention
// names. A phrase that starts with an object's word ("the invoice
// number") is first tried whole on the flow's objects, so an org's
// Invoice_Number__c on the trigger object wins over reading it as the
// Invoice object's Number.
func groundResolve(m groundMention, objects []string, sch *Schema) (grounded, bool) {
	type try struct {
		objects []string
		words   []string
	}
	var tries []try
	switch {
	case m.api != "" && m.object != "":
		tries = []try{{objects: []string{m.object}}}
	case m.api != "":
		tries = []try{{objects: objects}}
	case m.objWord != "":
		whole := append([]string{m.objWord}, m.words...)
		tries = []try{{objects, whole}, {[]string{m.object}, whole}, {[]string{m.object}, m.words}}
	case m.object != "":
		tries = []try{{[]string{m.object}, m.words}}
	default:
		tries = []try{{objects, m.words}}
	}
	for _, t := range tries {
		for _, on := range t.objects {
			o := sch.object(on)
			if o == nil {
				continue
			}
			if m.api != "" {
				if f := o.field(m.api); f != nil {
					return grounded{m: m, object: o.Name, fields: []*SchemaField{f}, score: 100}, true
				}
				continue
			}
			labels, names := make([][]string, len(o.Fields)), make([][]string, len(o.Fields))
			for i := range o.Fields {
				labels[i], names[i] = labelWords(o.Fields[i].Label), nameWords(o.Fields[i].Name)
			}
			// the longest leading run of words that matches wins
			for n := len(t.words); n > 0; n-- {
				g := grounded{m: m, object: o.Name}
				for i := range o.Fields {
					s := matchScore(t.words[:n], labels[i], names[i])
					switch {
					case s == 0 || s < g.score:
					case s > g.score:
						g.score, g.fields = s, []*SchemaField{&o.Fields[i]}
					default:
						g.fields = append(g.fields, &o.Fields[i])
					}
				}
				if g.score > 0 {
					g.m.words = t.words[:n]
					return g, true
				}
			}
		}
	}
	return grounded{}, false
}

// groundResult is the offline planner's post-pass with an org's schema:
// each phrase of the request that names a field of the org is mapped to
// it. A field the planner invented for the words becomes the org's field;
// a field the request asks to send that the planner left out is added to
// the flow's call. When two fields fit a phrase equally the result is a
// question naming both, as is a condition's field that did (st, from
// condParser.orgFields). The trigger conditions' picklist values are
// spelt as the org spells them, and values it lacks are noted. Phrases
// that match nothing leave the plan as it was; a grounded spec that fails
// validation is not used.
func groundResult(res Result, text string, sch *Schema, st *groundState) Result {
	if res.Spec == nil || sch == nil {
		return res
	}
	if st != nil && st.question != "" {
		return Result{Question: st.question, Assumptions: res.Assumptions, Planner: res.Planner}
	}
	res = groundConditionValues(res, sch)
	mentions := findMentions(normalize(text), sch)
	if len(mentions) == 0 {
		return res
	}
	s, err := cloneSpec(res.Spec)
	if err != nil {
		return res
	}
	var gs []grounded
	exact := map[*SchemaField]bool{}
	for _, m := range mentions {
		for fi := range s.Flows {
			g, ok := groundResolve(m, flowObjects(&s.Flows[fi]), sch)
			if !ok {
				continue
			}
			gs = append(gs, g)
			if len(g.fields) == 1 {
				exact[g.fields[0]] = true
			}
			break
		}
	}
	var notes []string
	for _, g := range gs {
		f := g.fields[0]
		if len(g.fields) > 1 {
			// an answer ("SAP_Order_Number__c") names one of them
			var chosen []*SchemaField
			for _, c := range g.fields {
				if exact[c] {
					chosen = append(chosen, c)
				}
			}
			if len(chosen) != 1 {
				return Result{Question: ambiguity(g, sch), Assumptions: res.Assumptions, Planner: res.Planner}
			}
			f = chosen[0]
		}
		if note := applyGround(s, &res, g, f, sch); note != "" {
			notes = append(notes, note)
		}
	}
	if len(notes) == 0 {
		return res
	}
	// The org's fields the plan now reads exist in the org: the spec says
	// so under requires, as it does for the rest of what it does not create.
	if deps := s.OrgDependencies(); len(deps) > 0 {
		s.Requires = deps
	}
	if spec.Validate(s) != nil {
		return res
	}
	res.Spec = s
	res.Assumptions = append(res.Assumptions, notes...)
	return res
}

// ambiguity is the question asked when a phrase fits two fields equally.
func ambiguity(g grounded, sch *Schema) string {
	var names []string
	for _, f := range g.fields {
		names = append(names, fmt.Sprintf("%s (%s)", f.Name, f.Label))
	}
	sort.Strings(names)
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return fmt.Sprintf("Which field of %s in %s do you mean by %q: %s? Answer with the field's API name.", g.object, sch.orgName(), g.m.text, list)
}

// flowObjects are the objects a flow's words may refer to: its trigger's,
// then its steps'.
func flowObjects(fl *spec.Flow) []string {
	var out []string
	if fl.Trigger.Object != "" {
		out = append(out, fl.Trigger.Object)
	}
	for _, st := range fl.Steps {
		if st.Object != "" && !slices.Contains(out, st.Object) {
			out = append(out, st.Object)
		}
	}
	return out
}

// applyGround uses field f of g.object in s for g's words: in place of a
// field the planner invented for them, or added to the call of the flow
// whose record has it. It returns the assumption to show, "" when the
// field was already used or had no place.
func applyGround(s *spec.Spec, res *Result, g grounded, f *SchemaField, sch *Schema) string {
	if inv := inventedFor(s, g.object, g.m.words, f, sch); inv != "" {
		renameField(s, g.object, inv, f.Name)
		dropDeclared(s, g.object, inv)
		dropAddedNote(res, g.object, inv)
		return fmt.Sprintf("used %s's field %s.%s (%s) for %q instead of adding %s", sch.orgName(), g.object, f.Name, f.Label, g.m.text, inv)
	}
	if d := declaredField(s, g.object, f.Name); d != nil && sameFieldKind(*d, f) {
		// the planner would add a field the org already has
		name := d.Name // d points into the slice dropDeclared shortens
		dropDeclared(s, g.object, name)
		dropAddedNote(res, g.object, name)
		return fmt.Sprintf("used %s's existing field %s.%s (%s) for %q instead of adding it", sch.orgName(), g.object, f.Name, f.Label, g.m.text)
	}
	for fi := range s.Flows {
		fl := &s.Flows[fi]
		if fl.Trigger.Type != spec.TriggerRecordChange && fl.Trigger.Type != spec.TriggerChangeEvent {
			continue
		}
		path := recordPath(fl.Trigger.Object, g.object, f.Name, sch)
		if path == "" {
			continue
		}
		if flowUsesPath(fl, path) || !g.m.sending {
			return ""
		}
		for si := range fl.Steps {
			st := &fl.Steps[si]
			if st.Type != spec.StepCall {
				continue
			}
			body, ok := st.Body.(map[string]any)
			if !ok {
				continue
			}
			fields, ok := body["fields"].(map[string]any)
			if !ok {
				continue
			}
			merge := "{!record." + path + "}"
			if text, ok := fields["text"].(string); ok && fields["channel"] != nil {
				// a chat message: the value goes into its text
				fields["text"] = text + " " + fieldLabelOr(f) + ": " + merge
				return fmt.Sprintf("added %s's field %s.%s (%s) to the message for %q", sch.orgName(), g.object, f.Name, f.Label, g.m.text)
			}
			key := lowerCamel(fieldLabelOr(f))
			if key == "" || fields[key] != nil {
				return ""
			}
			fields[key] = merge
			return fmt.Sprintf("sent %s's field %s.%s (%s) as %s for %q", sch.orgName(), g.object, f.Name, f.Label, key, g.m.text)
		}
		return ""
	}
	return ""
}

// recordPath is the merge path from a record of object from to field of
// object obj: the field itself when obj is from, through the lookup of
// from that points at obj otherwise ("Quote.SAP_Order_Number__c"), "" when
// there is no single such lookup.
func recordPath(from, obj, field string, sch *Schema) string {
	if strings.EqualFold(from, obj) {
		return field
	}
	o := sch.object(from)
	if o == nil {
		return ""
	}
	rel := ""
	for _, f := range o.Fields {
		if f.Relationship != "" && len(f.ReferenceTo) == 1 && strings.EqualFold(f.ReferenceTo[0], obj) {
			if rel != "" {
				return "" // two lookups to obj: which one is not said
			}
			rel = f.Relationship
		}
	}
	if rel == "" {
		return ""
	}
	return rel + "." + field
}

// fieldLabelOr is a field's label, or its name in words when it has none.
func fieldLabelOr(f *SchemaField) string {
	if f.Label != "" {
		return f.Label
	}
	return strings.Join(nameWords(f.Name), " ")
}

// flowUsesPath reports whether the flow already reads or writes path.
func flowUsesPath(fl *spec.Flow, path string) bool {
	b, err := json.Marshal(fl)
	if err != nil {
		return false
	}
	low := lowerASCII(string(b))
	p := lowerASCII(path)
	return strings.Contains(low, "record."+p+"}") || strings.Contains(low, `"field":"`+p+`"`) || strings.Contains(low, `"`+p+`":`)
}

// inventedFor returns the field the planner declared on object for words
// that the org does not have and that org's field f can stand for: one of
// f's kind whose label holds all the words, at least one of them specific
// ("invoice number", not just "status").
func inventedFor(s *spec.Spec, object string, words []string, f *SchemaField, sch *Schema) string {
	specific := false
	for _, w := range words {
		specific = specific || !groundGenericWords[w]
	}
	if !specific {
		return ""
	}
	o := sch.object(object)
	for _, so := range s.Objects {
		if !strings.EqualFold(so.Name, object) {
			continue
		}
		for _, d := range so.Fields {
			if o != nil && o.field(d.Name) != nil || !sameFieldKind(d, f) {
				continue
			}
			l := d.Label
			if l == "" {
				l = fieldLabel(d.Name)
			}
			if groundInOrder(words, labelWords(l)) {
				return d.Name
			}
		}
	}
	return ""
}

// declaredField returns the field the spec declares on object under name, or nil.
func declaredField(s *spec.Spec, object, name string) *spec.Field {
	for _, so := range s.Objects {
		if strings.EqualFold(so.Name, object) {
			for i := range so.Fields {
				if strings.EqualFold(so.Fields[i].Name, name) {
					return &so.Fields[i]
				}
			}
		}
	}
	return nil
}

// describeKinds maps the spec's field types to the describe's.
var describeKinds = map[string]string{
	spec.FieldText: "string", spec.FieldLongTextArea: "textarea", spec.FieldNumber: "double", spec.FieldCurrency: "currency",
	spec.FieldPercent: "percent", spec.FieldCheckbox: "boolean", spec.FieldDate: "date", spec.FieldDateTime: "datetime",
	spec.FieldEmail: "email", spec.FieldPhone: "phone", spec.FieldURL: "url", spec.FieldPicklist: "picklist", spec.FieldLookup: "reference",
}

// sameFieldKind reports whether the org's field can stand for the one the
// planner declared: the same type, and an external id when the plan needs
// one.
func sameFieldKind(d spec.Field, f *SchemaField) bool {
	return describeKinds[d.Type] == f.Type && (!d.ExternalID || f.ExternalID)
}

// dropAddedNote removes the assumption that the package adds object.name.
func dropAddedNote(res *Result, object, name string) {
	for i, a := range res.Assumptions {
		if strings.HasSuffix(a, " "+object+"."+name) && strings.HasPrefix(a, "assumed the package adds ") {
			res.Assumptions = slices.Delete(res.Assumptions, i, i+1)
			return
		}
	}
}

// renameField renames field from to to on object throughout the flows.
func renameField(s *spec.Spec, object, from, to string) {
	for fi := range s.Flows {
		fl := &s.Flows[fi]
		onTrigger := strings.EqualFold(fl.Trigger.Object, object)
		if onTrigger {
			renameConditions(fl.Trigger.When, from, to)
		}
		for si := range fl.Steps {
			st := &fl.Steps[si]
			if strings.EqualFold(st.Object, object) {
				if v, ok := st.Fields[from]; ok {
					delete(st.Fields, from)
					st.Fields[to] = v
				}
				if st.ExternalID == from {
					st.ExternalID = to
				}
			}
			if onTrigger {
				renameMerges(st, "{!record."+from+"}", "{!record."+to+"}")
			}
		}
	}
}

func renameConditions(cs []spec.Condition, from, to string) {
	for i := range cs {
		if cs[i].Field == from {
			cs[i].Field = to
		}
		renameConditions(cs[i].Any, from, to)
		renameConditions(cs[i].All, from, to)
	}
}

// renameMerges replaces a merge field in every string of a step.
func renameMerges(st *spec.Step, from, to string) {
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return strings.ReplaceAll(x, from, to)
		case map[string]any:
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		}
		return v
	}
	st.Body = walk(st.Body)
	walk(st.Fields)
	walk(st.Query)
	walk(st.Headers)
	st.Path = strings.ReplaceAll(st.Path, from, to)
}

// dropDeclared removes a field the package declared, and the object's
// declaration when nothing is left of it.
func dropDeclared(s *spec.Spec, object, name string) {
	for i := range s.Objects {
		so := &s.Objects[i]
		if !strings.EqualFold(so.Name, object) {
			continue
		}
		so.Fields = slices.DeleteFunc(so.Fields, func(f spec.Field) bool { return f.Name == name })
		if len(so.Fields) == 0 && !strings.HasSuffix(so.Name, "__c") {
			s.Objects = slices.Delete(s.Objects, i, i+1)
			if len(s.Objects) == 0 {
				s.Objects = nil
			}
		}
		return
	}
}

// cloneSpec copies a spec through its JSON form, so a grounding that
// fails validation leaves the planned spec as it was.
func cloneSpec(s *spec.Spec) (*spec.Spec, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var out spec.Spec
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
