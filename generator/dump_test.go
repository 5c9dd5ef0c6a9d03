package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/spec/spectest"
)

// TestDumpExamples writes each example's project under $PATCHBAY_DUMP, for
// checking generated output with Salesforce's tools. It is skipped unless
// that variable is set.
func TestDumpExamples(t *testing.T) {
	dir := os.Getenv("PATCHBAY_DUMP")
	if dir == "" {
		t.Skip("PATCHBAY_DUMP not set")
	}
	for seed := uint64(1); seed <= 40; seed++ {
		b, err := Generate(spectest.Seeded(seed))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, f := range b.Files {
			fp := filepath.Join(dir, "random", fmt.Sprintf("seed%02d", seed), f.Path)
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fp, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	paths, _ := filepath.Glob("../examples/*.yaml")
	golden, _ := filepath.Glob("testdata/*/spec.yaml")
	for _, p := range golden {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			continue // a case that must fail
		}
		b, err := Generate(s)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		z, err := b.MetadataZip()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(filepath.Dir(p))+".zip"), z, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		b, err := Generate(s)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		out := filepath.Join(dir, filepath.Base(p[:len(p)-5]))
		z, err := b.MetadataZip()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out+".zip", z, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range b.Files {
			fp := filepath.Join(out, f.Path)
			if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fp, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
