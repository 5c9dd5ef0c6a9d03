package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxDocumentSize is the largest spec Parse accepts, in bytes.
const MaxDocumentSize = 1 << 20

// MaxDepth is the deepest nesting of maps and lists Parse accepts.
const MaxDepth = 64

// Parse decodes a spec from YAML or JSON (JSON is YAML) without checking its
// rules; Load also validates. Anchors, aliases and merge keys (<<) are
// expanded first, up to MaxExpansion times the written size; the expanded
// document is what is checked. It is strict: unknown keys, duplicate keys,
// values of the wrong kind, alias bombs, more than one document, an empty
// document, documents over MaxDocumentSize bytes and nesting deeper than
// MaxDepth are errors. The error is an Errors holding every problem found,
// each with its path and line.
func Parse(data []byte) (*Spec, error) {
	s, _, errs := parse(data)
	if len(errs) > 0 {
		return nil, errs.err()
	}
	return s, nil
}

// Load parses a spec and validates it, returning every problem of both
// kinds as Errors. Validation problems carry the line of the value they
// concern.
func Load(data []byte) (*Spec, error) {
	s, lines, errs := parse(data)
	if len(errs) > 0 {
		return nil, errs.err()
	}
	if err := Validate(s); err != nil {
		var verrs Errors
		if !errors.As(err, &verrs) {
			return nil, err
		}
		for _, e := range verrs {
			e.Line = lineOf(lines, e.Path)
		}
		return nil, verrs.err()
	}
	return s, nil
}

// lineOf finds the line of the longest known prefix of path.
func lineOf(lines map[string]int, path string) int {
	for p := path; p != ""; {
		if l, ok := lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// parse decodes data and returns the spec, the line of every path it saw and
// the problems found.
func parse(data []byte) (*Spec, map[string]int, Errors) {
	var errs Errors
	if len(data) > MaxDocumentSize {
		errs.add("", "the spec is %d bytes; at most %d (1 MiB) are allowed", len(data), MaxDocumentSize)
		return nil, nil, errs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			errs.add("", "the spec is empty")
		} else {
			line, msg := syntaxError(err)
			errs.addLine("", line, "not valid YAML or JSON: %s", msg)
		}
		return nil, nil, errs
	}
	for {
		// A trailing --- with nothing after it is harmless; a second
		// document with content is not.
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, msg := syntaxError(err)
			errs.addLine("", line, "not valid YAML or JSON after the first document: %s", msg)
			return nil, nil, errs
		}
		if isEmptyDocument(&extra) {
			continue
		}
		errs.addLine("", extra.Line, "a spec is one document; found a second one (remove the --- line)")
		return nil, nil, errs
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			errs.add("", "the spec is empty")
			return nil, nil, errs
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		errs.add("", "the spec is empty")
		return nil, nil, errs
	}
	root, errs = expandAliases(root)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	d := &decoder{lines: map[string]int{}}
	if !d.checkTree(root, "", 1) {
		return nil, nil, d.errs
	}
	var s Spec
	d.decode(root, reflect.ValueOf(&s).Elem(), "")
	if len(d.errs) > 0 {
		return nil, nil, d.errs
	}
	return &s, d.lines, nil
}

// yamlLineRE finds the line in a YAML syntax error: "yaml: line 3: ...".
var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// syntaxError splits a YAML syntax error into its line and message.
// go.yaml.in/yaml/v3 counts lines from 0 in its parser's errors ("did not
// find expected ...", "found duplicate %TAG directive"...) and from 1 in
// its scanner's; parser errors are moved to the line people count.
func syntaxError(err error) (int, string) {
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	rest := msg[len(m[0]):]
	if strings.HasPrefix(rest, "did not find expected") || strings.HasPrefix(rest, "found duplicate %") ||
		strings.HasPrefix(rest, "found incompatible YAML document") || strings.HasPrefix(rest, "found undefined tag handle") {
		line++
	}
	return line, rest
}

// isEmptyDocument reports whether a document holds nothing but null.
func isEmptyDocument(n *yaml.Node) bool {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return true
		}
		n = n.Content[0]
	}
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == ""
}

type decoder struct {
	errs  Errors
	lines map[string]int
}

// checkTree rejects deep nesting of the expanded document before any
// decoding, so that nothing later can recurse without bound.
func (d *decoder) checkTree(n *yaml.Node, path string, depth int) bool {
	if depth > MaxDepth {
		d.errs.addLine(path, n.Line, "the spec nests more than %d levels deep", MaxDepth)
		return false
	}
	ok := true
	for i, c := range n.Content {
		p := path
		if n.Kind == yaml.MappingNode && i%2 == 1 && n.Content[i-1].Kind == yaml.ScalarNode {
			p = joinKey(path, n.Content[i-1].Value)
		} else if n.Kind == yaml.SequenceNode {
			p = joinIndex(path, i)
		}
		if !d.checkTree(c, p, depth+1) {
			ok = false
		}
	}
	return ok
}

var typeAny = reflect.TypeOf((*any)(nil)).Elem()

// kindName says what a node is, for "expected X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "true/false"
		case "!!null":
			return "nothing"
		}
		return "text"
	}
	return "something else"
}

// expectedName says what a Go type wants, for "expected X" messages.
func expectedName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "a map"
	case reflect.Slice:
		return "a list"
	case reflect.String:
		return "text"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return expectedName(t.Elem())
	}
	return "a value"
}

func (d *decoder) wrongKind(n *yaml.Node, t reflect.Type, path string) {
	d.errs.addLine(path, n.Line, "expected %s, got %s", expectedName(t), kindName(n))
}

// checkTag rejects explicit tags other than YAML's standard ones.
func (d *decoder) checkTag(n *yaml.Node, path string) bool {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		d.errs.addLine(path, n.Line, "custom tag %s is not allowed", n.Tag)
		return false
	}
	return true
}

// decode fills v from n, recording problems instead of stopping.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if !d.checkTag(n, path) {
		return
	}
	if v.Type() == typeAny {
		if x, ok := d.anyValue(n, path); ok && x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // an empty value leaves the zero value
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.wrongKind(n, v.Type(), path)
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			p := joinIndex(path, i)
			d.lines[p] = c.Line
			d.decode(c, s.Index(i), p)
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.wrongKind(n, v.Type(), path)
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		d.eachKey(n, path, func(key string, kn, vn *yaml.Node, p string) {
			ev := reflect.New(v.Type().Elem()).Elem()
			d.decode(vn, ev, p)
			m.SetMapIndex(reflect.ValueOf(key), ev)
		})
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.wrongKind(n, v.Type(), path)
			return
		}
		switch n.ShortTag() {
		case "!!str", "!!int", "!!float", "!!timestamp":
			v.SetString(n.Value)
		default:
			d.wrongKind(n, v.Type(), path)
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" {
				d.errs.addLine(path, n.Line, "expected a whole number, got %s", n.Value)
				return
			}
			d.wrongKind(n, v.Type(), path)
			return
		}
		var i int64
		if err := n.Decode(&i); err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			d.errs.addLine(path, n.Line, "%s is not a whole number in range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.wrongKind(n, v.Type(), path)
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.wrongKind(n, v.Type(), path)
			return
		}
		v.SetBool(b)
	default:
		d.errs.addLine(path, n.Line, "cannot decode into %s", v.Type())
	}
}

// eachKey walks a mapping's pairs, rejecting keys that are not text and
// duplicate keys, and records each key's line.
func (d *decoder) eachKey(n *yaml.Node, path string, f func(key string, kn, vn *yaml.Node, p string)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind != yaml.ScalarNode || kn.ShortTag() == "!!null" {
			d.errs.addLine(path, kn.Line, "a key must be text, got %s", kindName(kn))
			continue
		}
		key := kn.Value
		p := joinKey(path, key)
		if first, dup := seen[key]; dup {
			d.errs.addLine(p, kn.Line, "duplicate key %q (first on line %d)", key, first)
			continue
		}
		seen[key] = kn.Line
		d.lines[p] = kn.Line
		f(key, kn, vn, p)
	}
}

// structFields maps a struct type's json names to field indexes, in order.
func structFields(t reflect.Type) (names []string, index map[string]int) {
	index = map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
		index[name] = i
	}
	return names, index
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.wrongKind(n, v.Type(), path)
		return
	}
	names, index := structFields(v.Type())
	d.eachKey(n, path, func(key string, kn, vn *yaml.Node, p string) {
		i, ok := index[key]
		if !ok {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := suggest(key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (known: " + strings.Join(names, ", ") + ")"
			}
			d.errs.addLine(p, kn.Line, "%s", msg)
			return
		}
		d.decode(vn, v.Field(i), p)
	})
}

// anyValue turns a node into string, bool, nil, float64, []any or
// map[string]any.
func (d *decoder) anyValue(n *yaml.Node, path string) (any, bool) {
	if !d.checkTag(n, path) {
		return nil, false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, true
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				d.errs.addLine(path, n.Line, "%q is not true or false", n.Value)
				return nil, false
			}
			return b, true
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				d.errs.addLine(path, n.Line, "%s is not a finite number", n.Value)
				return nil, false
			}
			return f, true
		case "!!binary":
			d.errs.addLine(path, n.Line, "binary values are not allowed")
			return nil, false
		}
		return n.Value, true
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		ok := true
		for i, c := range n.Content {
			p := joinIndex(path, i)
			d.lines[p] = c.Line
			x, good := d.anyValue(c, p)
			ok = ok && good
			list = append(list, x)
		}
		return list, ok
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		ok := true
		d.eachKey(n, path, func(key string, kn, vn *yaml.Node, p string) {
			x, good := d.anyValue(vn, p)
			ok = ok && good
			m[key] = x
		})
		return m, ok
	}
	d.errs.addLine(path, n.Line, "unexpected %s", kindName(n))
	return nil, false
}

// suggest returns the known name closest to a misspelt one, or "" when none
// is close.
func suggest(word string, known []string) string {
	best, bestDist := "", 0
	lw := strings.ToLower(word)
	for _, k := range known {
		dist := EditDistance(lw, strings.ToLower(k))
		limit := 1 + len(k)/3
		if dist <= limit && (best == "" || dist < bestDist) {
			best, bestDist = k, dist
		}
	}
	return best
}

// EditDistance is how many letters must be dropped, added, changed or
// swapped with a neighbour to turn a into b (the optimal string alignment
// distance). It ranks did-you-mean suggestions here and typo corrections in
// the planner. Strings over 64 bytes count as far apart unless equal.
func EditDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 1 << 16
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
