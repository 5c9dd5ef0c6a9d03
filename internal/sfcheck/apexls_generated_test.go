package sfcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/spec/spectest"
)

// namedSpec is one spec whose generated project is checked.
type namedSpec struct {
	name string // "example x.yaml", "golden case", "random seed N"
	spec *spec.Spec
}

// allGeneratedSpecs returns every examples/*.yaml, every generator golden
// case that generates (generator/testdata/*/spec.yaml; cases with an
// error.txt are refused on purpose) and the randomSpecs seeded random specs
// of TestGeneratedOutputPassesSalesforceTools.
func allGeneratedSpecs(t *testing.T, root string) []namedSpec {
	t.Helper()
	var out []namedSpec
	load := func(label, file string) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			if _, e := os.Stat(filepath.Join(filepath.Dir(file), "error.txt")); e == nil {
				return
			}
			t.Errorf("%s: spec.Load: %v", label, err)
			return
		}
		out = append(out, namedSpec{label, s})
	}
	examples, _ := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	golden, _ := filepath.Glob(filepath.Join(root, "generator", "testdata", "*", "spec.yaml"))
	if len(examples) == 0 || len(golden) == 0 {
		t.Fatalf("found %d examples and %d golden cases under %s", len(examples), len(golden), root)
	}
	for _, f := range examples {
		load("example "+filepath.Base(f), f)
	}
	for _, f := range golden {
		load("golden "+filepath.Base(filepath.Dir(f)), f)
	}
	for seed := uint64(0); seed < randomSpecs; seed++ {
		out = append(out, namedSpec{fmt.Sprintf("random seed %d", seed), spectest.Random(rand.New(rand.NewPCG(seed, 0x5fc4ec4)))})
	}
	return out
}

// apexLSGap is a known limit of apex-ls itself, recognised by the names in
// its message. Nothing else may be filtered: a finding that matches no gap
// is a defect of the generated code.
type apexLSGap struct {
	why     string
	message *regexp.Regexp
	// orgObject: the message's first group is an SObject name, and the
	// finding is filtered only when the spec names that object and the
	// generated package does not define it (so it can only be in the org).
	orgObject bool
	// orgField: the message's groups are a custom field and its SObject,
	// and the finding is filtered only when the spec's requires lists
	// "Object.Field" (a field the spec says the org has).
	orgField bool
}

var apexLSGaps = []apexLSGap{
	{
		// apex-ls's platform types (API 61) declare a change event's
		// ChangeEventHeader field as Object; on the platform it is an
		// EventBus.ChangeEventHeader, so collecting the headers compiles.
		why:     "apex-ls types a change event's ChangeEventHeader as Object",
		message: regexp.MustCompile(`^No matching method found for 'add' on 'System\.List<EventBus\.ChangeEventHeader>' taking arguments 'Object', `),
	},
	{
		// apex-ls synthesises change events for standard objects only
		// (LeadChangeEvent resolves); a custom object's X__ChangeEvent does
		// exist on the platform once change data capture is on for it.
		why:     "apex-ls has no custom __ChangeEvent types",
		message: regexp.MustCompile(`^No type declaration found for '(?:List<)?(?:Schema\.)?(\w+__ChangeEvent)>?'$`),
	},
	{
		// apex-ls sees only the project: a custom object or platform event
		// the spec expects in the org (issue 11 item 11) is unknown to it.
		why:       "an object the spec names is only in the org, not in the package",
		message:   regexp.MustCompile(`^No type declaration found for '(?:List<)?(?:Schema\.)?(\w+__(?:c|e|mdt|x|b))>?'$`),
		orgObject: true,
	},
	{
		why:       "an object the spec names is only in the org, not in the package",
		message:   regexp.MustCompile(`^No variable or type found for '(\w+__(?:c|e|mdt|x|b))' on '[\w.]+'$`),
		orgObject: true,
	},
	{
		// A custom field on a standard object the spec's requires lists
		// (issue 11 item 11): it exists only in the org.
		why:      "a field the spec requires is only in the org, not in the package",
		message:  regexp.MustCompile(`^Unknown field '(\w+__c)' on SObject 'Schema\.(\w+)'$`),
		orgField: true,
	},
}

// filtered reports whether f is one of apex-ls's known gaps, and which.
// specText is the spec as JSON; b is the package generated from it.
func filtered(f Finding, specText string, b *generator.Bundle) (string, bool) {
	for _, g := range apexLSGaps {
		m := g.message.FindStringSubmatch(f.Message)
		if m == nil {
			continue
		}
		if g.orgObject && (!strings.Contains(specText, m[1]) || definesObject(b, m[1])) {
			continue
		}
		if g.orgField && !strings.Contains(specText, `"`+m[2]+"."+m[1]+`"`) {
			continue
		}
		return g.why, true
	}
	return "", false
}

// definesObject reports whether b holds the custom object (or event) name.
func definesObject(b *generator.Bundle, name string) bool {
	suffix := "/objects/" + name + "/" + name + ".object-meta.xml"
	for _, f := range b.Files {
		if strings.HasSuffix("/"+f.Path, suffix) {
			return true
		}
	}
	return false
}

// TestGeneratedApexResolves generates every example, every golden case and
// the random specs, each into its own SFDX project, and checks each with
// apex-ls in one JVM: every type, method and SObject field the generated
// Apex names must resolve, apart from apex-ls's own known gaps
// (apexLSGaps).
func TestGeneratedApexResolves(t *testing.T) {
	RequireApexLS(t)
	toolsDir, err := ToolsDir()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(toolsDir))
	specs := allGeneratedSpecs(t, root)

	type project struct {
		name, dir, specText string
		bundle              *generator.Bundle
	}
	var projects []project
	tmp := t.TempDir()
	for i, s := range specs {
		b, err := generator.Generate(s.spec)
		if err != nil {
			t.Errorf("%s: Generate: %v", s.name, err)
			continue
		}
		dir := filepath.Join(tmp, fmt.Sprintf("p%03d", i))
		if _, err := writeBundle(dir, b); err != nil {
			t.Errorf("%s: %v", s.name, err)
			continue
		}
		specJSON, err := json.Marshal(s.spec)
		if err != nil {
			t.Fatal(err)
		}
		projects = append(projects, project{s.name, dir, string(specJSON), b})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	start := time.Now()
	ls, err := StartApexLS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ls.Close()
	gaps := map[string]int{}
	defects := map[string][]string{} // message shape -> "project: finding"
	apexFiles := 0
	for _, p := range projects {
		for _, f := range p.bundle.Files {
			if strings.HasSuffix(f.Path, ".cls") || strings.HasSuffix(f.Path, ".trigger") {
				apexFiles++
			}
		}
		findings, err := ls.Check(ctx, p.dir)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		for _, f := range findings {
			if f.Severity > DefaultFailSeverity {
				continue
			}
			if why, ok := filtered(f, p.specText, p.bundle); ok {
				gaps[why]++
				continue
			}
			shape := quoted.ReplaceAllString(f.Message, "'…'")
			defects[shape] = append(defects[shape], p.name+": "+f.String())
		}
	}
	elapsed := time.Since(start)
	ls.Close()
	// CPU time is the figure that does not depend on how loaded the machine is.
	cpu := ls.CPUTime()
	t.Logf("apex-ls checked %d projects (%d Apex files) in %s, JVM CPU time %s", len(projects), apexFiles, elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond))
	for why, n := range gaps {
		t.Logf("filtered %d findings: %s", n, why)
	}
	shapes := make([]string, 0, len(defects))
	for s := range defects {
		shapes = append(shapes, s)
	}
	sort.Strings(shapes)
	for _, s := range shapes {
		list := defects[s]
		t.Errorf("%d findings like %q, in:", len(list), s)
		for i, d := range list {
			if i == 10 {
				t.Errorf("  ... %d more", len(list)-10)
				break
			}
			t.Errorf("  %s", d)
		}
	}
}

// quoted matches the quoted names in an apex-ls message.
var quoted = regexp.MustCompile(`'[^']*'`)
