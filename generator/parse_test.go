package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/internal/testenv"
	"github.com/patchbay/patchbay/spec/spectest"
)

// jorjePath is Salesforce's Apex parser as the prettier-plugin-apex native
// binary (see docs/validation.md); the test skips when it is not installed.
const jorjePath = "../tools/salesforce/node_modules/@prettier-apex/apex-ast-serializer-linux-x64/apex-ast-serializer-linux-x64"

// TestApexParsesWithSalesforcesParser runs every generated class and
// trigger of the examples, the golden cases and seeded random specs through
// jorje and fails on any parse error.
func TestApexParsesWithSalesforcesParser(t *testing.T) {
	_, err := os.Stat(jorjePath)
	testenv.Need(t, "Salesforce's Apex parser (npm ci in tools/salesforce)", err)
	bundles := allBundles(t)
	for seed := uint64(1); seed <= 40; seed++ {
		b, err := Generate(spectest.Seeded(seed))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		bundles[fmt.Sprintf("seed %d", seed)] = b
	}
	// Identical sources (runtime classes of the same spec name) are parsed once.
	seen := map[string]bool{}
	for name, b := range bundles {
		for _, f := range b.Files {
			if !strings.HasSuffix(f.Path, ".cls") && !strings.HasSuffix(f.Path, ".trigger") {
				continue
			}
			if seen[string(f.Data)] {
				continue
			}
			seen[string(f.Data)] = true
			if errs := jorje(t, f.Data); len(errs) > 0 {
				t.Errorf("%s %s: %s", name, filepath.Base(f.Path), strings.Join(errs, "; "))
			}
		}
	}
}

// jorje parses one file and returns its parse errors.
func jorje(t *testing.T, src []byte) []string {
	t.Helper()
	cmd := exec.Command(jorjePath)
	cmd.Stdin = bytes.NewReader(src)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run parser: %v", err)
	}
	var ast map[string]json.RawMessage
	if err := json.Unmarshal(out, &ast); err != nil {
		t.Fatalf("parser output: %v", err)
	}
	var po struct {
		ParseErrors []json.RawMessage `json:"parseErrors"`
	}
	if raw, ok := ast["apex.jorje.semantic.compiler.parser.ParserOutput"]; ok {
		if err := json.Unmarshal(raw, &po); err != nil {
			t.Fatalf("parser output: %v", err)
		}
	} else if !bytes.Contains(out, []byte(`"parseErrors":[]`)) {
		return []string{"no parser output: " + string(out[:min(len(out), 200)])}
	}
	var errs []string
	for _, e := range po.ParseErrors {
		errs = append(errs, string(e[:min(len(e), 300)]))
	}
	return errs
}
