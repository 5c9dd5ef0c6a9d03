package sfcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/spec/spectest"
)

// randomSpecs is how many seeded random specs are generated and checked.
const randomSpecs = 200

// generatedProject is one generated bundle placed in the combined project.
type generatedProject struct {
	name    string // example file or "seed N"
	dir     string // folder in the combined project
	bundle  *generator.Bundle
	pkgDirs []string // its packageDirectories, relative to the combined root
}

// TestGeneratedOutputPassesSalesforceTools generates every examples/*.yaml
// and randomSpecs seeded random specs, writes all of them into ONE combined
// SFDX project (one packageDirectory per bundle, since class names collide
// across specs) so the JVM starts once, and requires: no parse, XML, convert
// or structure errors and no Code Analyzer finding of severity 1-2.
// Meanwhile the examples alone are converted with the real sf CLI (the
// combined run converts in-process: 200 CLI starts would be too slow) and
// each example's MetadataZip is checked with --mdapi.
func TestGeneratedOutputPassesSalesforceTools(t *testing.T) {
	RequireTools(t)
	toolsDir, err := ToolsDir()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(toolsDir))
	examples, err := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) == 0 {
		t.Errorf("no examples in %s/examples/*.yaml", root)
	}

	combined := t.TempDir()
	exampleRoot := t.TempDir()
	var projects, exampleProjects []*generatedProject
	add := func(name, dir string, s *spec.Spec) *generatedProject {
		b, err := generator.Generate(s)
		if err != nil {
			t.Errorf("%s: Generate: %v", name, err)
			return nil
		}
		p := &generatedProject{name: name, dir: dir, bundle: b}
		pkgDirs, err := writeBundle(filepath.Join(combined, dir), b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return nil
		}
		for _, d := range pkgDirs {
			p.pkgDirs = append(p.pkgDirs, path.Join(dir, d))
		}
		projects = append(projects, p)
		return p
	}
	for _, ex := range examples {
		data, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			t.Errorf("%s: spec.Load: %v", filepath.Base(ex), err)
			continue
		}
		if p := add(filepath.Base(ex), "ex-"+strings.TrimSuffix(filepath.Base(ex), ".yaml"), s); p != nil {
			if _, err := writeBundle(filepath.Join(exampleRoot, p.dir), p.bundle); err != nil {
				t.Fatal(err)
			}
			exampleProjects = append(exampleProjects, p)
		}
	}
	for seed := uint64(0); seed < randomSpecs; seed++ {
		s := spectest.Random(rand.New(rand.NewPCG(seed, 0x5fc4ec4)))
		add(fmt.Sprintf("random seed %d", seed), fmt.Sprintf("seed-%03d", seed), s)
	}
	if len(projects) == 0 {
		t.Fatal("nothing was generated")
	}
	if err := writeCombinedProject(combined, projects); err != nil {
		t.Fatal(err)
	}
	if err := writeCombinedProject(exampleRoot, exampleProjects); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	wg.Go(func() {
		r, err := Run(ctx, Input{ProjectDir: combined})
		if err != nil {
			t.Error(err)
			return
		}
		t.Logf("combined project: %d bundles, %v package directories, %v Apex files, %v XML files, checked in %s",
			len(projects), r.Tools["packageDirectories"], r.Tools["apexFiles"], r.Tools["xmlFiles"], r.Elapsed.Round(time.Millisecond))
		t.Logf("timings (ms): %v", r.TimingsMs)
		t.Logf("counts by rule, all severities, all %d bundles:\n%s", len(projects), FormatCounts(countsBySeverity(r.Findings)))
		var exFindings []Finding
		for _, f := range r.Findings {
			if strings.HasPrefix(f.File, "ex-") {
				exFindings = append(exFindings, f)
			}
		}
		t.Logf("counts by rule, all severities, the %d examples only:\n%s", len(exampleProjects), FormatCounts(countsBySeverity(exFindings)))
		reportFailures(t, r, projects)
	})
	wg.Go(func() {
		if len(exampleProjects) == 0 {
			return
		}
		// PMD already covers this Apex in the combined run.
		r, err := Run(ctx, Input{ProjectDir: exampleRoot, Convert: "sf", SkipCodeAnalyzer: true})
		if err != nil {
			t.Error(err)
			return
		}
		t.Logf("examples with the sf CLI: %v package directories in %s", r.Tools["packageDirectories"], r.Elapsed.Round(time.Millisecond))
		reportFailures(t, r, exampleProjects)
		for _, p := range exampleProjects {
			zipData, err := p.bundle.MetadataZip()
			if err != nil {
				t.Errorf("%s: MetadataZip: %v", p.name, err)
				continue
			}
			zipPath := filepath.Join(t.TempDir(), p.dir+".zip")
			if err := os.WriteFile(zipPath, zipData, 0o644); err != nil {
				t.Error(err)
				return
			}
			zr, err := Run(ctx, Input{Mdapi: zipPath, SkipCodeAnalyzer: true})
			if err != nil {
				t.Error(err)
				return
			}
			t.Logf("%s MetadataZip: %d findings in %s: %v", p.name, len(zr.Findings), zr.Elapsed.Round(time.Millisecond), zr.CountsByRule())
			for _, f := range zr.Failures(DefaultFailSeverity) {
				t.Errorf("%s MetadataZip: %s", p.name, f)
			}
		}
	})
	wg.Wait()
	t.Logf("all checks in %s", time.Since(start).Round(time.Millisecond))
}

// writeBundle writes b under dir and returns its packageDirectories, read
// from the bundle's own sfdx-project.json, which must be valid.
func writeBundle(dir string, b *generator.Bundle) ([]string, error) {
	var project []byte
	for _, f := range b.Files {
		clean := path.Clean(f.Path)
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return nil, fmt.Errorf("bundle path %q escapes the project", f.Path)
		}
		p := filepath.Join(dir, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
		if clean == "sfdx-project.json" {
			project = f.Data
		}
	}
	if project == nil {
		return nil, fmt.Errorf("bundle has no sfdx-project.json")
	}
	var pj struct {
		PackageDirectories []struct {
			Path    string `json:"path"`
			Default bool   `json:"default"`
		} `json:"packageDirectories"`
		SourceAPIVersion string `json:"sourceApiVersion"`
	}
	if err := json.Unmarshal(project, &pj); err != nil {
		return nil, fmt.Errorf("sfdx-project.json: %v", err)
	}
	if len(pj.PackageDirectories) == 0 {
		return nil, fmt.Errorf("sfdx-project.json has no packageDirectories")
	}
	var dirs []string
	defaults := 0
	for _, d := range pj.PackageDirectories {
		if d.Default {
			defaults++
		}
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(d.Path)))
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("sfdx-project.json: packageDirectory %q is not a folder of the bundle", d.Path)
		}
		dirs = append(dirs, path.Clean(d.Path))
	}
	if defaults != 1 {
		return nil, fmt.Errorf("sfdx-project.json: %d default packageDirectories, want 1", defaults)
	}
	return dirs, nil
}

// writeCombinedProject writes the sfdx-project.json listing every bundle's
// package directories.
func writeCombinedProject(root string, projects []*generatedProject) error {
	type pkgDir struct {
		Path    string `json:"path"`
		Default bool   `json:"default,omitempty"`
	}
	var dirs []pkgDir
	for _, p := range projects {
		for _, d := range p.pkgDirs {
			dirs = append(dirs, pkgDir{Path: d, Default: len(dirs) == 0})
		}
	}
	data, err := json.MarshalIndent(map[string]any{
		"packageDirectories": dirs,
		"name":               "sfcheck-generated",
		"sourceApiVersion":   "66.0",
	}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, "sfdx-project.json"), data, 0o644)
}

// countsBySeverity counts findings by "tool/rule severity N".
func countsBySeverity(findings []Finding) map[string]int {
	m := map[string]int{}
	for _, f := range findings {
		m[fmt.Sprintf("%s/%s severity %d", f.Tool, f.Rule, f.Severity)]++
	}
	return m
}

// reportFailures fails t once per failing finding (at most 40 lines per
// rule), naming the spec that produced the file.
func reportFailures(t *testing.T, r *Report, projects []*generatedProject) {
	t.Helper()
	owner := func(file string) string {
		for _, p := range projects {
			if strings.HasPrefix(file, p.dir+"/") {
				return p.name
			}
		}
		return "combined project"
	}
	fails := r.Failures(DefaultFailSeverity)
	sort.SliceStable(fails, func(i, j int) bool { return fails[i].Rule < fails[j].Rule })
	perRule := map[string]int{}
	for _, f := range fails {
		perRule[f.Rule]++
		if perRule[f.Rule] <= 40 {
			t.Errorf("%s: %s", owner(f.File), f)
		}
	}
	for rule, n := range perRule {
		if n > 40 {
			t.Errorf("... %d more %s failures", n-40, rule)
		}
	}
}
