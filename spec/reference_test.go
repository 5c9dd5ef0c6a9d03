package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The reference tables of docs/spec.md are written from the JSON Schema
// (which is written from the Go types) and from the Go tables of operators
// and functions, so the document cannot drift from the code. Each table
// stands between a pair of markers:
//
//	<!-- generated: NAME (go test ./spec -update) -->
//	...
//	<!-- end generated: NAME -->
//
// TestSpecReferenceIsCurrent fails when a table differs; -update rewrites it.

const referenceDoc = "../docs/spec.md"

// operatorDocs says what each condition operator does, for spec authors.
// TestSpecReferenceIsCurrent fails when an operator has no entry here.
var operatorDocs = map[string]struct{ value, meaning string }{
	OpEquals:         {"one literal", "the field equals the value: numbers by value, text exactly (case included)"},
	OpNotEquals:      {"one literal", "the field does not equal the value"},
	OpGreaterThan:    {"one number or date", "the field is greater than the value"},
	OpGreaterOrEqual: {"one number or date", "the field is greater than or equal to the value"},
	OpLessThan:       {"one number or date", "the field is less than the value"},
	OpLessOrEqual:    {"one number or date", "the field is less than or equal to the value"},
	OpContains:       {"one text", "the field's text contains the value"},
	OpStartsWith:     {"one text", "the field's text starts with the value"},
	OpIn:             {"a list of literals", "the field equals one of the values"},
	OpIsNull:         {"none", "the field is empty"},
	OpIsNotNull:      {"none", "the field has a value"},
	OpChanged:        {"none", "an update changed the field (needs `on: [update]`)"},
	OpChangedTo:      {"one literal", "an update changed the field to the value (needs `on: [update]`)"},
	OpChangedFrom:    {"one literal", "an update changed the field away from the value (needs `on: [update]`)"},
}

// referenceTables returns each generated table of docs/spec.md by name.
func referenceTables(t *testing.T) map[string]string {
	t.Helper()
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       map[string]json.RawMessage `json:"$defs"`
	}
	raw := Schema()
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	tables := map[string]string{"Spec": keyTable(t, raw)}
	for name, def := range schema.Defs {
		tables[name] = keyTable(t, def)
	}

	var ops strings.Builder
	ops.WriteString("| operator | value | holds when |\n|---|---|---|\n")
	for _, op := range Operators {
		d, ok := operatorDocs[op]
		if !ok {
			t.Errorf("operator %q has no entry in operatorDocs (spec/reference_test.go)", op)
		}
		fmt.Fprintf(&ops, "| `%s` | %s | %s |\n", op, d.value, d.meaning)
	}
	for op := range operatorDocs {
		if !slices.Contains(Operators, op) {
			t.Errorf("operatorDocs describes %q, which is not an operator", op)
		}
	}
	tables["operators"] = ops.String()

	var fns strings.Builder
	fns.WriteString("| function | arguments | result | does |\n|---|---|---|---|\n")
	names := make([]string, 0, len(Funcs))
	for name := range Funcs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := Funcs[name]
		fmt.Fprintf(&fns, "| `%s` | %s | %s | %s |\n", name, funcArgs(f), funcResult(f), funcDoes(f))
	}
	tables["functions"] = fns.String()
	return tables
}

func funcArgs(f Func) string {
	if f.MaxArgs == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < max(f.MinArgs, f.MaxArgs, 1) && i < 3; i++ {
		var types []Type
		if i < len(f.Args) {
			types = f.Args[i]
		} else if len(f.Args) > 0 {
			types = f.Args[len(f.Args)-1]
		}
		var words []string
		for _, ty := range types {
			words = append(words, ty.String())
		}
		w := "any"
		if len(words) > 0 {
			w = strings.Join(words, " or ")
		}
		if i >= f.MinArgs {
			w = "optional " + w
		}
		parts = append(parts, w)
	}
	s := strings.Join(parts, ", ")
	if f.MaxArgs < 0 {
		s += ", ..."
	}
	return s
}

func funcResult(f Func) string {
	if f.SameAsArg0 {
		return "the type of the first argument"
	}
	return f.Result.String()
}

// funcDoes is the part of a function's Doc after its signature.
func funcDoes(f Func) string {
	if _, after, ok := strings.Cut(f.Doc, ": "); ok {
		return after
	}
	return f.Doc
}

// keyTable renders one schema object as a table of its keys.
func keyTable(t *testing.T, def json.RawMessage) string {
	t.Helper()
	var obj struct {
		Properties orderedProps `json:"properties"`
		Required   []string     `json:"required"`
	}
	if err := json.Unmarshal(def, &obj); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| key | type | required | meaning |\n|---|---|---|---|\n")
	for _, p := range obj.Properties {
		if p.schema.Description == "" {
			t.Errorf("key %q has no description: add it to fieldDocs in spec/schema.go", p.name)
		}
		req := ""
		if slices.Contains(obj.Required, p.name) {
			req = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", p.name, schemaType(p.schema), req, tableCell(p.schema.Description))
	}
	return b.String()
}

// propSchema is the part of a property's schema the reference shows.
type propSchema struct {
	Type        any             `json:"type"`
	Enum        []any           `json:"enum"`
	Ref         string          `json:"$ref"`
	Items       *propSchema     `json:"items"`
	Pattern     string          `json:"pattern"`
	MaxLength   *int            `json:"maxLength"`
	Minimum     *float64        `json:"minimum"`
	Maximum     *float64        `json:"maximum"`
	OneOf       []propSchema    `json:"oneOf"`
	AnyOf       []propSchema    `json:"anyOf"`
	Additional  json.RawMessage `json:"additionalProperties"`
	Description string          `json:"description"`
}

type namedProp struct {
	name   string
	schema propSchema
}

// orderedProps keeps a schema's properties in the order the schema gives.
type orderedProps []namedProp

func (o *orderedProps) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var s propSchema
		if err := dec.Decode(&s); err != nil {
			return err
		}
		*o = append(*o, namedProp{tok.(string), s})
	}
	return nil
}

func schemaType(s propSchema) string {
	switch {
	case s.Ref != "":
		return "[" + strings.TrimPrefix(s.Ref, "#/$defs/") + "](#" + strings.ToLower(strings.TrimPrefix(s.Ref, "#/$defs/")) + ")"
	case len(s.Enum) > 0:
		var words []string
		for _, e := range s.Enum {
			words = append(words, fmt.Sprintf("`%v`", e))
		}
		return "one of " + strings.Join(words, ", ")
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		var alts []string
		for _, a := range append(s.OneOf, s.AnyOf...) {
			alts = append(alts, schemaType(a))
		}
		return strings.Join(alts, " or ")
	}
	ty := ""
	switch v := s.Type.(type) {
	case string:
		ty = v
	case []any:
		var words []string
		for _, w := range v {
			words = append(words, fmt.Sprint(w))
		}
		ty = strings.Join(words, ", ")
		if len(words) == 4 && strings.Contains(ty, "null") {
			ty = "value"
		}
	}
	switch ty {
	case "array":
		if s.Items != nil {
			return "list of " + schemaType(*s.Items)
		}
		return "list"
	case "object":
		if len(s.Additional) > 0 && string(s.Additional) != "false" && string(s.Additional) != "true" {
			var inner propSchema
			if json.Unmarshal(s.Additional, &inner) == nil {
				return "map of name to " + schemaType(inner)
			}
		}
		return "map"
	case "integer", "number":
		switch {
		case s.Minimum != nil && s.Maximum != nil:
			return fmt.Sprintf("%s %g-%g", ty, *s.Minimum, *s.Maximum)
		case s.Minimum != nil:
			return fmt.Sprintf("%s >= %g", ty, *s.Minimum)
		}
	case "string":
		if s.MaxLength != nil {
			return fmt.Sprintf("text, <= %d chars", *s.MaxLength)
		}
		return "text"
	}
	if ty == "" {
		return "value"
	}
	return ty
}

// tableCell keeps text inside one Markdown table cell.
func tableCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func TestSpecReferenceIsCurrent(t *testing.T) {
	doc, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatalf("%v: docs/spec.md is the spec reference for authors; it must exist", err)
	}
	tables := referenceTables(t)
	out, seen, err := replaceGenerated(string(doc), tables)
	if err != nil {
		t.Fatal(err)
	}
	for name := range tables {
		if !seen[name] {
			t.Errorf("docs/spec.md has no generated table %q: add the markers\n<!-- generated: %s (go test ./spec -update) -->\n<!-- end generated: %s -->", name, name, name)
		}
	}
	if out == string(doc) {
		return
	}
	if *update {
		if err := os.WriteFile(referenceDoc, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/spec.md's reference tables differ from the spec's Go types; run go test ./spec -update (%s)", filepath.Clean(referenceDoc))
}

// replaceGenerated puts each table between its markers and reports which
// markers the document has.
func replaceGenerated(doc string, tables map[string]string) (string, map[string]bool, error) {
	seen := map[string]bool{}
	var b strings.Builder
	rest := doc
	for {
		i := strings.Index(rest, "<!-- generated: ")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		lineEnd := strings.Index(rest[i:], "-->")
		if lineEnd < 0 {
			return "", nil, fmt.Errorf("docs/spec.md: unclosed marker at %q", rest[i:min(len(rest), i+40)])
		}
		open := rest[i : i+lineEnd+3]
		name, _, _ := strings.Cut(strings.TrimPrefix(open, "<!-- generated: "), " ")
		end := "<!-- end generated: " + name + " -->"
		j := strings.Index(rest, end)
		if j < 0 {
			return "", nil, fmt.Errorf("docs/spec.md: generated table %q has no end marker %q", name, end)
		}
		table, ok := tables[name]
		if !ok {
			return "", nil, fmt.Errorf("docs/spec.md: no table is generated under the name %q", name)
		}
		seen[name] = true
		b.WriteString(rest[:i])
		b.WriteString(open + "\n" + table + end)
		rest = rest[j+len(end):]
	}
	return b.String(), seen, nil
}

// TestSpecReferenceExamplesAreValid loads and validates every complete
// example of docs/spec.md (a yaml block that starts with `spec:`), so the
// reference never shows a spec that patchbay would refuse.
func TestSpecReferenceExamplesAreValid(t *testing.T) {
	doc, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, block := range strings.Split(string(doc), "```yaml\n")[1:] {
		body, _, _ := strings.Cut(block, "```")
		if !strings.HasPrefix(body, "spec: patchbay/v1\n") {
			continue
		}
		n++
		s, err := Load([]byte(body))
		if err == nil {
			err = Validate(s)
		}
		if err != nil {
			t.Errorf("example %d of docs/spec.md does not validate: %v\n%s", n, err, body)
		}
	}
	if n < 3 {
		t.Errorf("docs/spec.md has %d complete examples, want at least 3", n)
	}
}
