// Package specform is the no-code editor's model of a spec: a form built
// from the YAML node tree of the spec's text, and edits of that tree. Form
// edits change only the nodes they touch, so key order, comments and the
// rest of the text survive, and an unchanged form gives back the text byte
// for byte.
package specform

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// Document is a spec's YAML node tree and the text it was read from.
type Document struct {
	text    string
	root    *yaml.Node // a DocumentNode holding the spec's mapping
	changed bool
}

// ErrNotMapping says the text is YAML, but not a mapping at the top, so
// the form cannot show it; the YAML view can.
var ErrNotMapping = errors.New("the spec is not a mapping of keys at the top")

// Parse reads text into a Document. Blank text is an empty spec that
// starts with spec: patchbay/v1 once something is set.
func Parse(text string) (*Document, error) {
	d := &Document{text: text}
	if strings.TrimSpace(text) == "" {
		d.root = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
		m := d.root.Content[0]
		m.Content = append(m.Content, strNode("spec"), strNode(spec.Version))
		return d, nil
	}
	if len(text) > spec.MaxDocumentSize {
		return nil, fmt.Errorf("the spec is larger than %d bytes", spec.MaxDocumentSize)
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return nil, ErrNotMapping
	}
	d.root = &n
	return d, nil
}

// Text is the document as YAML: the original text when nothing changed,
// else the edited tree.
func (d *Document) Text() (string, error) {
	if !d.changed {
		return d.text, nil
	}
	edited, err := encode(d.root)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(d.text) == "" {
		return edited, nil
	}
	// The encoder's text of the unedited tree says which lines are only
	// written differently by it, so they can keep the author's form.
	var orig yaml.Node
	if err := yaml.Unmarshal([]byte(d.text), &orig); err != nil {
		return edited, nil
	}
	plain, err := encode(&orig)
	if err != nil {
		return edited, nil
	}
	return keepFormatting(d.text, plain, edited), nil
}

func encode(n *yaml.Node) (string, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return "", fmt.Errorf("writing the spec: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("writing the spec: %w", err)
	}
	return b.String(), nil
}

// Changed reports whether an edit changed the tree.
func (d *Document) Changed() bool { return d.changed }

func (d *Document) top() *yaml.Node { return d.root.Content[0] }

func strNode(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// keyIndex is the position of key's key node in m.Content, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// scalar is the text of key's value in m when it is a scalar.
func scalar(m *yaml.Node, key string) string {
	if n := get(m, key); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// keyOrders gives each kind of mapping its keys in the spec's order, so a
// key the form adds goes where a person would write it.
var keyOrders = map[string][]string{
	"Spec":      jsonKeys(spec.Spec{}),
	"Package":   jsonKeys(spec.Package{}),
	"System":    jsonKeys(spec.System{}),
	"Auth":      jsonKeys(spec.Auth{}),
	"Object":    jsonKeys(spec.Object{}),
	"Field":     jsonKeys(spec.Field{}),
	"Flow":      jsonKeys(spec.Flow{}),
	"Trigger":   jsonKeys(spec.Trigger{}),
	"Condition": jsonKeys(spec.Condition{}),
	"Step":      jsonKeys(spec.Step{}),
	"OnError":   jsonKeys(spec.OnError{}),
	"Retry":     jsonKeys(spec.Retry{}),
	"Verify":    jsonKeys(spec.Verify{}),
	"Body":      {"format", "fields"},
}

func jsonKeys(v any) []string {
	t := reflect.TypeOf(v)
	out := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// kindOf names the kind of mapping found at segs (see keyOrders).
func kindOf(segs []seg) string {
	var keys []string
	for _, s := range segs {
		if s.key != "" {
			keys = append(keys, s.key)
		}
	}
	if len(keys) == 0 {
		return "Spec"
	}
	last := keys[len(keys)-1]
	switch last {
	case "package":
		return "Package"
	case "systems":
		return "System"
	case "auth":
		return "Auth"
	case "objects", "events":
		return "Object"
	case "flows":
		return "Flow"
	case "trigger":
		return "Trigger"
	case "when", "any", "all":
		return "Condition"
	case "steps":
		return "Step"
	case "onError":
		return "OnError"
	case "retry":
		return "Retry"
	case "verify":
		return "Verify"
	case "body":
		return "Body"
	case "fields":
		if len(keys) >= 2 && (keys[len(keys)-2] == "objects" || keys[len(keys)-2] == "events") {
			return "Field"
		}
	}
	return ""
}

// insertKey adds key: val to mapping m (of the given kind) before the first
// key that comes after it in the spec's order, or at the end.
func insertKey(m *yaml.Node, kind, key string, val *yaml.Node) {
	order := keyOrders[kind]
	pos := len(m.Content)
	if want := slices.Index(order, key); want >= 0 {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if at := slices.Index(order, m.Content[i].Value); at > want {
				pos = i
				break
			}
		}
	}
	m.Content = slices.Insert(m.Content, pos, strNode(key), val)
}

// walk returns the node at segs (mapping keys and sequence indexes only).
// With create, missing mapping keys are added, holding a mapping, or a
// sequence when an index follows; nil when the path does not exist.
func (d *Document) walk(segs []seg, create bool) *yaml.Node {
	n := d.top()
	for i, s := range segs {
		switch {
		case s.row:
			return nil
		case s.key != "":
			if n.Kind != yaml.MappingNode {
				return nil
			}
			next := get(n, s.key)
			if next == nil || next.Kind == yaml.ScalarNode && next.Tag == "!!null" {
				if !create {
					return nil
				}
				child := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				if i+1 < len(segs) && segs[i+1].key == "" && !segs[i+1].row {
					child = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
				}
				if next != nil {
					*next = *child
					child = next
				} else {
					insertKey(n, kindOf(segs[:i]), s.key, child)
				}
				d.changed = true
				next = child
			}
			n = next
		default:
			if n.Kind != yaml.SequenceNode || s.idx >= len(n.Content) {
				return nil
			}
			n = n.Content[s.idx]
		}
	}
	return n
}

// Value kinds decide the YAML type a control's text becomes.
const (
	kindText    = "text"    // always a string
	kindInt     = "int"     // a whole number
	kindBool    = "bool"    // true or false
	kindLiteral = "literal" // read as YAML reads a plain value: number, boolean or text
)

// valueKind is the kind of a control's value, by its key.
func valueKind(p path) string {
	if p.part == "v" {
		return kindLiteral
	}
	switch p.lastKey() {
	case "attempts", "status", "timeoutSeconds", "length", "precision", "scale":
		return kindInt
	case "log", "externalId", "required", "unique":
		if kindOf(p.segs[:len(p.segs)-1]) == "Step" {
			return kindText // a step's externalId is a field name
		}
		return kindBool
	case "value":
		return kindLiteral
	}
	return kindText
}

var (
	intRE   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	floatRE = regexp.MustCompile(`^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)
)

// tagFor is the tag a value of the kind gets.
func tagFor(kind, v string) string {
	switch kind {
	case kindInt:
		if intRE.MatchString(v) {
			return "!!int"
		}
	case kindBool:
		if v == "true" || v == "false" {
			return "!!bool"
		}
	case kindLiteral:
		switch {
		case v == "true" || v == "false":
			return "!!bool"
		case intRE.MatchString(v):
			return "!!int"
		case floatRE.MatchString(v):
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				return "!!float"
			}
		}
	}
	return "!!str"
}

// assign makes n the scalar v of the kind, keeping its quoting when it
// still fits. It reports whether n changed.
func assign(n *yaml.Node, v, kind string) bool {
	if n.Kind == yaml.ScalarNode && n.Value == v {
		return false
	}
	tag := tagFor(kind, v)
	style := yaml.Style(0)
	if n.Kind == yaml.ScalarNode && tag == "!!str" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		style = n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)
	}
	if tag == "!!str" && style == 0 && strings.Contains(v, "{!") {
		style = yaml.DoubleQuotedStyle
	}
	if tag == "!!str" && strings.Contains(v, "\n") {
		style = yaml.LiteralStyle
	}
	n.Kind, n.Tag, n.Value, n.Style, n.Content, n.Alias = yaml.ScalarNode, tag, v, style, nil, nil
	return true
}

// Set sets the scalar control named name to v. Blank text removes the key
// (or the table row); a blank row's key and value add a row.
func (d *Document) Set(name, v string) error {
	p, err := parsePath(name)
	if err != nil {
		return err
	}
	v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	last := p.segs[len(p.segs)-1]
	if last.row {
		return d.setRow(p, v)
	}
	if last.key == "" {
		return fmt.Errorf("%s: not a key", name)
	}
	parentSegs := p.segs[:len(p.segs)-1]
	parent := d.walk(parentSegs, v != "")
	if parent == nil {
		return nil // nothing to clear
	}
	if parent.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not inside a mapping", name)
	}
	n := get(parent, last.key)
	switch {
	case v == "" && n == nil:
	case v == "":
		if n.Kind != yaml.ScalarNode {
			return nil // a list or map is removed with its own button
		}
		i := keyIndex(parent, last.key)
		parent.Content = slices.Delete(parent.Content, i, i+2)
		d.changed = true
		d.prune(parentSegs)
	case n == nil:
		n = &yaml.Node{}
		assign(n, v, valueKind(p))
		insertKey(parent, kindOf(parentSegs), last.key, n)
		d.changed = true
	case n.Kind != yaml.ScalarNode:
		return fmt.Errorf("%s: holds a list or map; edit it in the YAML view", name)
	default:
		if assign(n, v, valueKind(p)) {
			d.changed = true
			if last.key == "type" {
				dropForeignKeys(parent, kindOf(parentSegs), v)
			}
		}
	}
	return nil
}

// dropForeignKeys removes, when a step's, trigger's or system's auth type
// changes, the keys the new type does not take, which the form no longer
// shows and validation would refuse. The old version keeps them.
func dropForeignKeys(m *yaml.Node, kind, typ string) {
	keep := map[string]bool{"type": true}
	switch kind {
	case "Step", "Trigger":
		allowed := spec.TypeKeys(kind, typ)
		if allowed == nil {
			return // an unknown type: leave everything for the checks to explain
		}
		for _, k := range allowed {
			keep[k] = true
		}
		keep["id"], keep["forEach"] = true, true
	case "Auth":
		switch typ {
		case spec.AuthAPIKey:
			keep["header"] = true
		case spec.AuthOAuth2ClientCredentials, spec.AuthOAuth2JWTBearer:
			keep["tokenUrl"], keep["scope"] = true, true
		}
	default:
		return
	}
	out := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if keep[m.Content[i].Value] {
			out = append(out, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = out
}

// prune removes mappings left empty by clearing their last key, up to the
// nearest list item, so clearing retry's fields removes `retry:`.
func (d *Document) prune(segs []seg) {
	for len(segs) > 0 {
		last := segs[len(segs)-1]
		if last.key == "" {
			return
		}
		n := d.walk(segs, false)
		if n == nil || n.Kind != yaml.MappingNode || len(n.Content) > 0 {
			return
		}
		parent := d.walk(segs[:len(segs)-1], false)
		if parent == nil || parent.Kind != yaml.MappingNode {
			return
		}
		i := keyIndex(parent, last.key)
		parent.Content = slices.Delete(parent.Content, i, i+2)
		segs = segs[:len(segs)-1]
	}
}

// setRow edits a row of a mapping table: its key (blank removes the row)
// or its value.
func (d *Document) setRow(p path, v string) error {
	last := p.segs[len(p.segs)-1]
	mapSegs := p.segs[:len(p.segs)-1]
	if last.new {
		return nil // new rows are added by AddRow, which needs key and value
	}
	m := d.walk(mapSegs, false)
	if m == nil || m.Kind != yaml.MappingNode || 2*last.idx+1 >= len(m.Content) {
		return nil
	}
	k, val := m.Content[2*last.idx], m.Content[2*last.idx+1]
	switch p.part {
	case "k":
		if v == "" {
			m.Content = slices.Delete(m.Content, 2*last.idx, 2*last.idx+2)
			d.changed = true
			return nil
		}
		if k.Value != v {
			k.Value, k.Tag, k.Style = v, "!!str", 0
			d.changed = true
		}
	case "v":
		if val.Kind != yaml.ScalarNode {
			return nil // a nested value is shown read-only
		}
		if assign(val, v, kindLiteral) {
			d.changed = true
		}
	}
	return nil
}

// AddRow adds key: v at the end of the mapping table named table
// (flows[0].steps[1].fields); an empty key adds nothing.
func (d *Document) AddRow(table, key, v string) error {
	key, v = strings.TrimSpace(key), strings.TrimSpace(v)
	if key == "" {
		return nil
	}
	p, err := parsePath(table)
	if err != nil {
		return err
	}
	m := d.walk(p.segs, true)
	if m == nil || m.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a table", table)
	}
	if get(m, key) != nil {
		return fmt.Errorf("%s already has %s", table, key)
	}
	val := &yaml.Node{}
	assign(val, v, kindLiteral)
	if v == "" {
		val.Tag, val.Style = "!!str", yaml.DoubleQuotedStyle
	}
	m.Content = append(m.Content, strNode(key), val)
	d.changed = true
	return nil
}

// SetList sets the list named name to the values (blank removes the key),
// keeping the list's style. A set (checkboxes) keeps the list's order.
func (d *Document) SetList(name string, values []string, kind string, set bool) error {
	p, err := parsePath(name)
	if err != nil {
		return err
	}
	last := p.segs[len(p.segs)-1]
	parentSegs := p.segs[:len(p.segs)-1]
	var vs []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			vs = append(vs, v)
		}
	}
	parent := d.walk(parentSegs, len(vs) > 0)
	if parent == nil || parent.Kind != yaml.MappingNode || last.key == "" {
		return nil
	}
	n := get(parent, last.key)
	if n != nil && n.Kind == yaml.SequenceNode && set {
		// Checkboxes post in their own order: keep the list's order for the
		// values still chosen, new ones after.
		var kept []string
		for _, e := range n.Content {
			if slices.Contains(vs, e.Value) {
				kept = append(kept, e.Value)
			}
		}
		for _, v := range vs {
			if !slices.Contains(kept, v) {
				kept = append(kept, v)
			}
		}
		vs = kept
	}
	if n != nil && n.Kind == yaml.SequenceNode {
		same := len(n.Content) == len(vs)
		for i := 0; same && i < len(vs); i++ {
			same = n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == vs[i]
		}
		if same {
			return nil
		}
	}
	if len(vs) == 0 {
		if n != nil {
			i := keyIndex(parent, last.key)
			parent.Content = slices.Delete(parent.Content, i, i+2)
			d.changed = true
			d.prune(parentSegs)
		}
		return nil
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, v := range vs {
		e := &yaml.Node{}
		assign(e, v, kind)
		seq.Content = append(seq.Content, e)
	}
	if n == nil {
		insertKey(parent, kindOf(parentSegs), last.key, seq)
	} else {
		seq.HeadComment, seq.LineComment, seq.FootComment = n.HeadComment, n.LineComment, n.FootComment
		*n = *seq
	}
	d.changed = true
	return nil
}
