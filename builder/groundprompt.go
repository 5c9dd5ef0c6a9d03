package builder

import (
	"fmt"
	"sort"
	"strings"
)

// MaxSchemaPrompt bounds, in bytes, the part of an org's schema the LLM
// planner's prompt carries.
const MaxSchemaPrompt = 8 << 10

// maxPromptObjects and maxPromptValues bound how many objects and how many
// picklist values per field the prompt lists.
const (
	maxPromptObjects = 8
	maxPromptValues  = 12
)

// userPrompt is the data of the user prompt template.
type userPrompt struct {
	Request string
	// Org and Schema are the chosen org's name and the part of its schema
	// the request names; Schema is "" without an org.
	Org, Schema string
}

func promptRequest(text string, opts Options) userPrompt {
	p := userPrompt{Request: text}
	if opts.Schema != nil {
		p.Org = opts.Schema.orgName()
		p.Schema = schemaSlice(text, opts.Schema, MaxSchemaPrompt)
	}
	return p
}

// schemaSlice is the part of sch the request text names, for the LLM
// planner's prompt: each object the request names (by the planner's words,
// its label or its API name), in the order named, with its fields (API
// name, label, type, picklist values, lookup target). Fields the request's
// words name come first, then custom fields, then the rest; the whole is
// at most max bytes, shared fairly between the objects, and says how many
// fields it left out. It is "" when the request names none of the org's
// objects.
func schemaSlice(text string, sch *Schema, max int) string {
	if sch == nil {
		return ""
	}
	low := lowerASCII(text)
	objs := promptObjects(low, sch)
	if len(objs) == 0 {
		return ""
	}
	var b strings.Builder
	for i, o := range objs {
		budget := (max - b.Len()) / (len(objs) - i)
		b.WriteString(promptObjectSlice(low, o, budget))
	}
	return strings.TrimRight(b.String(), "\n")
}

// promptObjects are the org's objects the request names, in the order it
// first names them.
func promptObjects(low string, sch *Schema) []*SchemaObject {
	at := map[*SchemaObject]int{}
	note := func(o *SchemaObject, i int) {
		if o == nil || i < 0 {
			return
		}
		if j, ok := at[o]; !ok || i < j {
			at[o] = i
		}
	}
	byName := make(map[string]*SchemaObject, len(sch.Objects))
	for k := range sch.Objects {
		byName[sch.Objects[k].Name] = &sch.Objects[k]
	}
	for w, name := range objectWords {
		if o := byName[name]; o != nil {
			note(o, findWord(low, w, 0))
		}
	}
	for k := range sch.Objects {
		o := &sch.Objects[k]
		for _, w := range []string{o.Name, o.Label, o.LabelPlural} {
			if w != "" {
				note(o, findWord(low, lowerASCII(w), 0))
			}
		}
	}
	out := make([]*SchemaObject, 0, len(at))
	for o := range at {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if at[out[i]] != at[out[j]] {
			return at[out[i]] < at[out[j]]
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > maxPromptObjects {
		out = out[:maxPromptObjects]
	}
	return out
}

// promptObjectSlice lists o's fields within budget bytes.
func promptObjectSlice(low string, o *SchemaObject, budget int) string {
	head := fmt.Sprintf("%s (%q):\n", o.Name, o.Label)
	if len(head) > budget {
		return ""
	}
	rank := func(f *SchemaField) int {
		switch {
		case promptFieldNamed(low, f):
			return 0
		case strings.HasSuffix(f.Name, "__c"):
			return 1
		}
		return 2
	}
	fields := make([]*SchemaField, len(o.Fields))
	for i := range o.Fields {
		fields[i] = &o.Fields[i]
	}
	sort.SliceStable(fields, func(i, j int) bool { return rank(fields[i]) < rank(fields[j]) })
	var b strings.Builder
	b.WriteString(head)
	for i, f := range fields {
		line := promptFieldLine(f)
		rest := len(fields) - i
		more := fmt.Sprintf("- (%d more fields not listed)\n", rest)
		if b.Len()+len(line)+len(more) > budget && rest > 1 || b.Len()+len(line) > budget {
			if b.Len()+len(more) <= budget {
				b.WriteString(more)
			}
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

// promptFieldNamed reports whether the request names f by API name or by every
// word of its label.
func promptFieldNamed(low string, f *SchemaField) bool {
	if findWord(low, lowerASCII(f.Name), 0) >= 0 {
		return true
	}
	words := labelWords(f.Label)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !hasWord(low, w) {
			return false
		}
	}
	return true
}

// promptFieldLine is one field of the prompt's schema.
func promptFieldLine(f *SchemaField) string {
	var b strings.Builder
	fmt.Fprintf(&b, "- %s %q %s", f.Name, f.Label, f.Type)
	if len(f.ReferenceTo) > 0 {
		fmt.Fprintf(&b, " to %s", strings.Join(f.ReferenceTo, "/"))
		if f.Relationship != "" {
			fmt.Fprintf(&b, " (path %s.<field>)", f.Relationship)
		}
	}
	if !f.Createable && !f.Updateable {
		b.WriteString(" read-only")
	}
	if len(f.Values) > 0 {
		vals := f.Values
		extra := ""
		if len(vals) > maxPromptValues {
			extra = fmt.Sprintf(" | ... %d more", len(vals)-maxPromptValues)
			vals = vals[:maxPromptValues]
		}
		b.WriteString(": " + promptLine(strings.Join(vals, " | ")) + extra)
	}
	b.WriteString("\n")
	return b.String()
}

// promptLine keeps org data on its line: control characters become spaces.
func promptLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}
