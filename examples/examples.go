// Package examples holds the example specs: realistic integrations that
// together use every feature of the spec, tested as golden cases by the
// generator, and offered as templates in "New integration".
package examples

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

//go:embed *.yaml
var files embed.FS

// Template is one example offered as a starting point.
type Template struct {
	// Name is the file's name without .yaml: the template's id in URLs.
	Name string
	// Label and Description come from the spec, for the list of templates.
	Label, Description string
	// Text is the spec as written, comments included.
	Text string
}

// Templates returns every example, sorted by label. Each is a valid spec
// (the generator's tests hold them to it).
func Templates() ([]Template, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		s, err := spec.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("examples: %s: %w", e.Name(), err)
		}
		label := s.Label
		if label == "" {
			label = s.Name
		}
		out = append(out, Template{Name: strings.TrimSuffix(e.Name(), path.Ext(e.Name())), Label: label, Description: s.Description, Text: string(b)})
	}
	slices.SortFunc(out, func(a, b Template) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}

// Lookup returns the template of that name.
func Lookup(name string) (Template, bool) {
	all, err := Templates()
	if err != nil {
		return Template{}, false
	}
	for _, t := range all {
		if t.Name == name {
			return t, true
		}
	}
	return Template{}, false
}
