package generator

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestDeployLimits checks bundles at and over Salesforce's limits of 10,000
// files and a 39 MB zip.
func TestDeployLimits(t *testing.T) {
	classes := func(n int) *Bundle {
		b := &Bundle{Files: []File{{Path: "manifest/package.xml", Data: []byte("<Package/>")}}}
		for i := range n {
			b.Files = append(b.Files, File{Path: fmt.Sprintf("%sclasses/C%d.cls", srcDir, i), Data: []byte("public class C {}")})
		}
		return b
	}
	noise := make([]byte, MaxDeployZipBytes+1000)
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(noise)
	tests := []struct {
		name   string
		bundle *Bundle
		what   string // "" for none
		actual int
	}{
		{"10,000 files fit", classes(MaxDeployFiles - 1), "", 0},
		{"10,001 files do not", classes(MaxDeployFiles), "files", MaxDeployFiles + 1},
		{"a large file that compresses fits", &Bundle{Files: []File{{Path: srcDir + "staticresources/R.resource", Data: []byte(strings.Repeat("a", 2*MaxDeployZipBytes))}}}, "", 0},
		{"a zip over 39 MB does not", &Bundle{Files: []File{{Path: srcDir + "staticresources/R.resource", Data: noise}}}, "bytes zipped", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.bundle.CheckDeployLimits()
			var le *LimitError
			if tt.what == "" {
				if err != nil {
					t.Fatalf("CheckDeployLimits = %v, want nil", err)
				}
				return
			}
			if !errors.As(err, &le) || le.What != tt.what {
				t.Fatalf("CheckDeployLimits = %v, want a %s LimitError", err, tt.what)
			}
			if tt.actual != 0 && le.Actual != tt.actual {
				t.Errorf("actual = %d, want %d", le.Actual, tt.actual)
			}
			if tt.what == "bytes zipped" && le.Actual <= MaxDeployZipBytes {
				t.Errorf("actual zip bytes %d are within the limit", le.Actual)
			}
		})
	}
}

// TestGenerateRefusesAPackageSalesforceCannotDeploy generates a valid spec
// whose package would hold more than 10,000 files.
func TestGenerateRefusesAPackageSalesforceCannotDeploy(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec: patchbay/v1\nname: Big\nsystems:\n  - {name: Api, url: https://api.example.com, auth: {type: bearer}}\nflows:\n")
	for i := range 1300 {
		fmt.Fprintf(&b, "  - {name: F%d, trigger: {type: schedule, cron: '0 0 2 * * ?'}, steps: [{id: a, type: call, system: Api, method: GET, path: /x}]}\n", i)
	}
	s, err := spec.Load([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Generate(s)
	var le *LimitError
	if !errors.As(err, &le) || le.What != "files" || le.Actual <= MaxDeployFiles {
		t.Fatalf("Generate = %v, want a LimitError on files", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("the package would hold %d files; Salesforce deploys at most 10000 files at once", le.Actual)) {
		t.Errorf("message does not name the limit and the figure: %v", err)
	}
}
