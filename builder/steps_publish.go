package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Patterns used by publishStep.
var (
	namedEventRe   = regexp.MustCompile(`(?i)\b(?:an?|the)\s+((?:[A-Z][A-Za-z0-9]*\s+){1,3})(?:platform\s+)?event\b`)
	eventPayloadRe = regexp.MustCompile(`\b(?:with|containing|including|carrying)\s+(?:the\s+|its\s+|a\s+)?([a-z0-9 _-]+?)(?:\s+(?:from|of|in|and|as)\b|$|[.,;])`)
)

// publishStep adds a platform-event publish.
func (f *flowCtx) publishStep(rest, lrest string) bool {
	ev := ""
	if m := eventTokenRe.FindString(rest); m != "" {
		ev = m
	} else if m := namedEventRe.FindStringSubmatch(rest); m != nil {
		ev = customFieldNameEvent(m[1])
	}
	if ev == "" || spec.CheckEventName(ev) != nil {
		return false
	}
	fields := map[string]any{}
	var defs []spec.Field
	if m := eventPayloadRe.FindStringSubmatch(lrest); m != nil {
		words := m[1]
		for _, s := range f.p.systems {
			words = strings.ReplaceAll(words, strings.ToLower(s.Label), "")
			words = strings.ReplaceAll(words, strings.ToLower(s.Name), "")
		}
		words = strings.TrimSpace(words)
		if words != "" {
			name := customFieldName(words)
			src := f.valueFrom(strings.ReplaceAll(lowerCamel(words), "sap", ""))
			fields[name] = src
			defs = append(defs, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
		}
	}
	if len(fields) == 0 {
		name := "Record_Id__c"
		fields[name] = f.defaultRef()
		defs = append(defs, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
	}
	if ev != f.trig.Event {
		f.p.defineEvent(ev, defs)
	}
	st := spec.Step{Type: spec.StepPublish, Event: ev, Fields: fields}
	st.ID = f.uniqueID("publish", strings.TrimSuffix(ev, "__e"))
	f.steps = append(f.steps, st)
	return true
}

// defineEvent declares a platform event the package adds.
func (p *plan) defineEvent(name string, fields []spec.Field) {
	for i, e := range p.events {
		if e.Name == name {
			for _, fd := range fields {
				dup := false
				for _, g := range e.Fields {
					if g.Name == fd.Name {
						dup = true
					}
				}
				if !dup {
					p.events[i].Fields = append(p.events[i].Fields, fd)
				}
			}
			return
		}
	}
	for i := range fields {
		if fields[i].Label == "" {
			fields[i].Label = fieldLabel(fields[i].Name)
		}
	}
	p.events = append(p.events, spec.Event{Name: name, Label: fieldLabel(name), Fields: fields})
	p.assume("assumed the package defines the platform event %s", name)
}
