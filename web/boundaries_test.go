package web

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWebKeepsItsBoundaries keeps the dependency rules of docs/maintaining.md:
// the web app does not import the org simulator (the demo is wired in cmd,
// through package demo), and the views take view models, not salesforce
// types. Tests may import anything.
func TestWebKeepsItsBoundaries(t *testing.T) {
	rules := []struct {
		glob      string
		forbidden []string
	}{
		{"*.go", []string{"github.com/patchbay/patchbay/salesforce/sfsim", "github.com/patchbay/patchbay/demo"}},
		{"view/*.go", []string{"github.com/patchbay/patchbay/salesforce", "github.com/patchbay/patchbay/salesforce/sfsim", "github.com/patchbay/patchbay/deploy"}},
	}
	for _, r := range rules {
		files, err := filepath.Glob(r.glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v (%d files)", r.glob, err, len(files))
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range r.forbidden {
					if path == bad {
						t.Errorf("%s imports %s", f, path)
					}
				}
			}
		}
	}
}
