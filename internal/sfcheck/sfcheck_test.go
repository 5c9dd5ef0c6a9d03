package sfcheck

import (
	"archive/zip"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, in Input) *Report {
	t.Helper()
	RequireTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s in %s\n%s", describe(in), r.Elapsed.Round(time.Millisecond), r.Summary)
	return r
}

func describe(in Input) string {
	if in.ProjectDir != "" {
		return "project " + in.ProjectDir
	}
	return "mdapi " + in.Mdapi
}

// TestGoodFixture: a valid project (with-sharing class using WITH USER_MODE,
// its test with Assert, a trigger, a NamedCredential, an object with a field,
// a permission set) passes every check, and every check actually ran on it.
func TestGoodFixture(t *testing.T) {
	r := run(t, Input{ProjectDir: "testdata/good"})
	if f := r.Failures(DefaultFailSeverity); len(f) > 0 {
		t.Errorf("good fixture has %d findings with severity <= 2:\n%v", len(f), f)
	}
	if r.Failed {
		t.Error("Report.Failed is true for the good fixture")
	}
	// Guard against a step that silently checked nothing.
	wantTools := map[string]string{
		"apexParser":         "jorje",
		"xmlValidator":       "xmllint",
		"convert":            "sf project convert source",
		"codeAnalyzer":       "code-analyzer-core 0.52.0",
		"apexFiles":          "4",
		"xmlFiles":           "9",
		"packageDirectories": "1",
	}
	for k, want := range wantTools {
		got := toString(r.Tools[k])
		if !strings.HasPrefix(got, want) {
			t.Errorf("Tools[%q] = %q, want prefix %q", k, got, want)
		}
	}
	for _, step := range []string{"apex-parse", "xml", "convert", "structure", "code-analyzer"} {
		if _, ok := r.TimingsMs[step]; !ok {
			t.Errorf("step %s did not run (timings %v)", step, r.TimingsMs)
		}
	}
}

func toString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// TestBadFixtures: testdata/bad is one SFDX project with one package
// directory per defect, so one run (one JVM) proves every check can fail.
// Each row is a finding that must be reported with severity <= 2.
func TestBadFixtures(t *testing.T) {
	r := run(t, Input{ProjectDir: "testdata/bad", Convert: "sf"})
	tests := []struct {
		name string
		tool string
		rule string
		file string
		line int
	}{
		{"apex syntax error", "apex-parse", "ApexSyntax", "apex-syntax/classes/BrokenSyntax.cls", 6},
		{"class name is not the file name", "apex-parse", "NameMismatch", "apex-syntax/classes/Misnamed.cls", 2},
		{"class in a .trigger file", "apex-parse", "TriggerFileKind", "apex-syntax/triggers/NotATrigger.trigger", 2},
		{"malformed XML", "xml", "XmlMalformed", "xml-malformed/namedCredentials/Broken_API.namedCredential-meta.xml", 4},
		{"wrong root element", "xml", "XmlRootElement", "xml-wrong-root/permissionsets/Wrong_Root.permissionset-meta.xml", 1},
		{"no metadata namespace", "xml", "XmlNamespace", "xml-wrong-root/namedCredentials/No_Namespace.namedCredential-meta.xml", 1},
		{"unknown metadata folder (sf CLI)", "sf-convert", "TypeInferenceError", "unknown-folder/stripeWidgets/Checkout.stripeWidget-meta.xml", 0},
		{"unknown metadata folder (SDR)", "sf-structure", "TypeInferenceError", "unknown-folder/stripeWidgets/Checkout.stripeWidget-meta.xml", 0},
		{".cls without -meta.xml", "sf-structure", "FileInNoComponent", "missing-meta/classes/Orphan.cls", 0},
		{"SOQL injection", "code-analyzer", "ApexSOQLInjection", "soql-injection/classes/InvoiceSearch.cls", 5},
		{"hard-coded https endpoint", "code-analyzer", "HardcodedEndpoint", "hardcoded-endpoint/classes/DirectClient.cls", 6},
		{"missing sharing", "code-analyzer", "ApexSharingViolations", "missing-sharing/classes/LogPurger.cls", 2},
		{"Authorization header", "code-analyzer", "ApexSuggestUsingNamedCred", "auth-header/classes/TokenClient.cls", 7},
		{"hard-coded Id", "code-analyzer", "AvoidHardcodingId", "hardcoded-id/classes/OwnerAssigner.cls", 5},
	}
	fails := r.Failures(DefaultFailSeverity)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range fails {
				if f.Tool == tt.tool && f.Rule == tt.rule && f.File == tt.file && f.Line == tt.line {
					return
				}
			}
			t.Errorf("no %s/%s finding at %s:%d with severity <= 2; failures:\n%s", tt.tool, tt.rule, tt.file, tt.line, lines(fails))
		})
	}
	if !r.Failed {
		t.Error("Report.Failed is false for the bad fixture")
	}
	// Every package directory is a defect: each must fail on its own.
	dirs, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		found := false
		for _, f := range fails {
			found = found || strings.HasPrefix(f.File, d.Name()+"/")
		}
		if !found {
			t.Errorf("package directory %s produced no finding with severity <= 2", d.Name())
		}
	}
}

// TestMdapiZipPackageXML: a Metadata API zip whose package.xml names a class
// and a field that are not in the zip, and leaves out a class that is.
func TestMdapiZipPackageXML(t *testing.T) {
	RequireTools(t)
	zipPath := filepath.Join(t.TempDir(), "deploy.zip")
	if err := zipDir("testdata/mdapi-missing-member", zipPath); err != nil {
		t.Fatal(err)
	}
	r := run(t, Input{Mdapi: zipPath})
	want := []Finding{
		{Tool: "package-xml", Rule: "PackageMemberMissing", File: "package.xml", Line: 5},
		{Tool: "package-xml", Rule: "PackageMemberMissing", File: "package.xml", Line: 10},
		{Tool: "package-xml", Rule: "PackageMemberUnlisted", File: "package.xml"},
	}
	fails := r.Failures(DefaultFailSeverity)
	for _, w := range want {
		found := false
		for _, f := range fails {
			found = found || (f.Tool == w.Tool && f.Rule == w.Rule && f.File == w.File && f.Line == w.Line)
		}
		if !found {
			t.Errorf("no %s/%s at %s:%d; failures:\n%s", w.Tool, w.Rule, w.File, w.Line, lines(fails))
		}
	}
	if len(fails) != len(want) {
		t.Errorf("got %d failures, want exactly %d:\n%s", len(fails), len(want), lines(fails))
	}

	// The same package as a folder (no JVM this time) gives the same findings.
	dr := run(t, Input{Mdapi: "testdata/mdapi-missing-member", SkipCodeAnalyzer: true})
	got := map[string]int{}
	for _, f := range dr.Failures(DefaultFailSeverity) {
		got[fmt.Sprintf("%s/%s %s:%d", f.Tool, f.Rule, f.File, f.Line)]++
	}
	for _, w := range want {
		if k := fmt.Sprintf("%s/%s %s:%d", w.Tool, w.Rule, w.File, w.Line); got[k] != 1 {
			t.Errorf("mdapi folder: %s reported %d times, want once; got %v", k, got[k], got)
		}
	}
}

func lines(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// zipDir writes the files under dir into a zip at dst, paths relative to dir.
func zipDir(dir, dst string) error {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func TestReportHelpers(t *testing.T) {
	r := &Report{Findings: []Finding{
		{Tool: "code-analyzer", Rule: "ApexDoc", Severity: 4},
		{Tool: "code-analyzer", Rule: "ApexDoc", Severity: 4},
		{Tool: "xml", Rule: "XmlMalformed", Severity: 1},
		{Tool: "code-analyzer", Rule: "ApexSOQLInjection", Severity: 2},
	}}
	if got := len(r.Failures(2)); got != 2 {
		t.Errorf("Failures(2) = %d findings, want 2", got)
	}
	if got := len(r.Failures(1)); got != 1 {
		t.Errorf("Failures(1) = %d findings, want 1", got)
	}
	c := r.CountsByRule()
	if c["code-analyzer/ApexDoc"] != 2 || c["xml/XmlMalformed"] != 1 || len(c) != 3 {
		t.Errorf("CountsByRule = %v", c)
	}
}

func TestInputArgs(t *testing.T) {
	if _, err := (Input{}).Args(); err == nil {
		t.Error("empty Input: want an error")
	}
	if _, err := (Input{ProjectDir: "a", Mdapi: "b"}).Args(); err == nil {
		t.Error("both ProjectDir and Mdapi: want an error")
	}
	if _, err := (Input{ProjectDir: "a", Convert: "x"}).Args(); err == nil {
		t.Error("bad Convert: want an error")
	}
	args, err := Input{Mdapi: "x.zip", Convert: "library", SkipCodeAnalyzer: true, FailSeverity: 3}.Args()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(args[2:], " ")
	if args[0] != "--mdapi" || !filepath.IsAbs(args[1]) || got != "--fail-severity 3 --convert library --no-pmd" {
		t.Errorf("Args = %q", args)
	}
}

func TestToolsDir(t *testing.T) {
	d, err := ToolsDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d, "check.mjs")); err != nil {
		t.Errorf("ToolsDir() = %s, which has no check.mjs: %v", d, err)
	}
	t.Setenv(ToolsDirEnv, "/nonexistent/tools")
	if err := Available(); err == nil || !strings.Contains(err.Error(), "check.mjs") {
		t.Errorf("Available() with a wrong %s = %v, want an error naming check.mjs", ToolsDirEnv, err)
	}
}

// TestFallbacks: with the jorje binary and xmllint replaced by their
// fallbacks (@apexdevtools/apex-parser, fast-xml-parser), the same syntax
// and XML defects are still found. No JVM: Code Analyzer is skipped.
func TestFallbacks(t *testing.T) {
	t.Setenv("SFCHECK_APEX_PARSER", "apexdevtools")
	t.Setenv("SFCHECK_XML_VALIDATOR", "fast-xml-parser")
	r := run(t, Input{ProjectDir: "testdata/bad", Convert: "library", SkipCodeAnalyzer: true})
	for k, want := range map[string]string{"apexParser": "apexdevtools", "xmlValidator": "fast-xml-parser"} {
		if got := toString(r.Tools[k]); !strings.HasPrefix(got, want) {
			t.Errorf("Tools[%q] = %q, want prefix %q", k, got, want)
		}
	}
	want := []Finding{
		{Tool: "apex-parse", Rule: "ApexSyntax", File: "apex-syntax/classes/BrokenSyntax.cls", Line: 6},
		{Tool: "apex-parse", Rule: "NameMismatch", File: "apex-syntax/classes/Misnamed.cls", Line: 2},
		{Tool: "xml", Rule: "XmlMalformed", File: "xml-malformed/namedCredentials/Broken_API.namedCredential-meta.xml", Line: 4},
		{Tool: "xml", Rule: "XmlRootElement", File: "xml-wrong-root/permissionsets/Wrong_Root.permissionset-meta.xml", Line: 1},
		{Tool: "sf-convert", Rule: "TypeInferenceError", File: "unknown-folder/stripeWidgets/Checkout.stripeWidget-meta.xml"},
		{Tool: "sf-structure", Rule: "FileInNoComponent", File: "missing-meta/classes/Orphan.cls"},
	}
	fails := r.Failures(DefaultFailSeverity)
	for _, w := range want {
		found := false
		for _, f := range fails {
			found = found || (f.Tool == w.Tool && f.Rule == w.Rule && f.File == w.File && f.Line == w.Line)
		}
		if !found {
			t.Errorf("no %s/%s at %s:%d; failures:\n%s", w.Tool, w.Rule, w.File, w.Line, lines(fails))
		}
	}
	for _, f := range r.Findings {
		if f.Tool == "code-analyzer" {
			t.Errorf("Code Analyzer ran despite SkipCodeAnalyzer: %s", f)
		}
	}
}

// fakeTB records what RequireTools asks of its testing.TB.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }

func TestRequireToolsSkipsOrFailsUnderCI(t *testing.T) {
	if testing.Short() {
		t.Skip("under -short RequireTools always skips (internal/testenv's tests cover it)")
	}
	t.Setenv(ToolsDirEnv, t.TempDir()) // a folder without check.mjs
	t.Setenv("CI", "")
	f := &fakeTB{TB: t}
	RequireTools(f)
	if f.fatal != "" || !strings.Contains(f.skipped, "check.mjs") {
		t.Errorf("without CI: skipped %q, fatal %q; want a skip naming check.mjs", f.skipped, f.fatal)
	}
	t.Setenv("CI", "true")
	f = &fakeTB{TB: t}
	RequireTools(f)
	if f.skipped != "" || !strings.Contains(f.fatal, "check.mjs") {
		t.Errorf("with CI=true: skipped %q, fatal %q; want a failure naming check.mjs", f.skipped, f.fatal)
	}
}
