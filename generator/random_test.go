package generator

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec/spectest"
)

// TestRandomSpecsGenerateSoundOutput generates seeded random valid specs and
// applies the structural checks to their Apex and XML, and checks both zips.
func TestRandomSpecsGenerateSoundOutput(t *testing.T) {
	for seed := uint64(1); seed <= 300; seed++ {
		s := spectest.Seeded(seed)
		b, err := Generate(s)
		if err != nil {
			t.Errorf("seed %d: Generate: %v", seed, err)
			continue
		}
		for _, f := range b.Files {
			switch {
			case strings.HasSuffix(f.Path, ".cls"), strings.HasSuffix(f.Path, ".trigger"):
				if err := balanced(string(f.Data)); err != nil {
					t.Errorf("seed %d: %s: %v", seed, f.Path, err)
				}
				if m := apexDecl.FindStringSubmatch(string(f.Data)); m == nil {
					t.Errorf("seed %d: %s: no declaration", seed, f.Path)
				} else if name := m[1] + m[2]; !strings.HasSuffix(f.Path, "/"+name+".cls") && !strings.HasSuffix(f.Path, "/"+name+".trigger") || len(name) > 40 {
					t.Errorf("seed %d: %s declares %s", seed, f.Path, name)
				}
			case isXMLPath(f.Path):
				root, err := xmlRoot(f.Data)
				if err != nil || root.Space != metadataNS {
					t.Errorf("seed %d: %s: root %v: %v", seed, f.Path, root, err)
				}
			}
		}
		if _, err := b.MetadataZip(); err != nil {
			t.Errorf("seed %d: MetadataZip: %v", seed, err)
		}
		if t.Failed() {
			t.Fatalf("stopping at seed %d", seed)
		}
	}
}
