// Package sfcheck checks generated Salesforce output (an SFDX project or a
// Metadata API folder or zip) with Salesforce's own tools, offline, through
// the Node harness in tools/salesforce (check.mjs): the jorje Apex parser,
// xmllint against the CLI's metadata registry, `sf project convert` plus a
// source-deploy-retrieve structure check, and Salesforce Code Analyzer (PMD).
package sfcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultFailSeverity is the severity at or below which a finding fails a
// check: 1 = Critical, 2 = High (Code Analyzer's scale). Parse, XML, convert
// and structure findings are always severity 1.
const DefaultFailSeverity = 2

// ToolsDirEnv names the environment variable that overrides where
// tools/salesforce is; by default it is found next to the module's go.mod.
const ToolsDirEnv = "SFCHECK_TOOLS_DIR"

// Finding is one problem reported by one of the tools.
type Finding struct {
	// Tool is the check that reported it: apex-parse, xml, sf-convert,
	// sf-structure, package-xml or code-analyzer.
	Tool string `json:"tool"`
	// File is relative to the checked project or Metadata API root.
	File string `json:"file"`
	// Line and Column are 1-based; 0 when the tool gives no position.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Rule is the PMD rule name or the harness's check name (ApexSyntax,
	// XmlMalformed, FileInNoComponent, PackageMemberMissing...).
	Rule string `json:"rule"`
	// Severity is 1 (Critical) to 5 (Info).
	Severity int    `json:"severity"`
	Message  string `json:"message"`
}

// String formats f as "tool/rule [severity] file:line:column message".
func (f Finding) String() string {
	return fmt.Sprintf("%s/%s [%d] %s:%d:%d %s", f.Tool, f.Rule, f.Severity, f.File, f.Line, f.Column, f.Message)
}

// Input says what to check. Exactly one of ProjectDir and Mdapi must be set.
type Input struct {
	// ProjectDir is an SFDX project root (holding sfdx-project.json); every
	// packageDirectory is converted and structure-checked on its own.
	ProjectDir string
	// Mdapi is a Metadata API format folder or .zip holding package.xml.
	Mdapi string
	// FailSeverity is passed to check.mjs as --fail-severity; 0 means
	// DefaultFailSeverity. It only affects Report.Failed.
	FailSeverity int
	// Convert picks how a project is converted: "sf" (the sf CLI, once per
	// packageDirectory), "library" (the same source-deploy-retrieve calls
	// in-process, for projects with many package directories) or "" / "auto"
	// (sf for up to 4 package directories).
	Convert string
	// SkipCodeAnalyzer leaves out the PMD run (no JVM).
	SkipCodeAnalyzer bool
}

// Report is the result of one check run.
type Report struct {
	// Findings are all findings of every severity, sorted by file and line.
	Findings []Finding `json:"findings"`
	// Failed reports whether a finding has severity <= FailSeverity.
	Failed       bool `json:"failed"`
	FailSeverity int  `json:"failSeverity"`
	// Tools describes what ran (apexParser, xmlValidator, convert,
	// codeAnalyzer, apexFiles, xmlFiles, packageDirectories).
	Tools map[string]any `json:"tools"`
	// TimingsMs holds each step's wall time in milliseconds, and "total".
	TimingsMs map[string]int64 `json:"timingsMs"`
	// Notes are remarks from the harness (skipped steps, kept work folder).
	Notes []string `json:"notes"`
	// Summary is the harness's human summary (its stderr).
	Summary string `json:"-"`
	// Elapsed is the wall time of the whole run, Node start included.
	Elapsed time.Duration `json:"-"`
}

// Failures returns the findings with severity <= maxSeverity.
func (r *Report) Failures(maxSeverity int) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity <= maxSeverity {
			out = append(out, f)
		}
	}
	return out
}

// CountsByRule counts the findings by "tool/rule", all severities.
func (r *Report) CountsByRule() map[string]int {
	m := map[string]int{}
	for _, f := range r.Findings {
		m[f.Tool+"/"+f.Rule]++
	}
	return m
}

// FormatCounts renders counts as sorted "key: n" lines, for logs.
func FormatCounts(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %d\n", k, counts[k])
	}
	return b.String()
}

// ToolsDir returns tools/salesforce: $SFCHECK_TOOLS_DIR when set, otherwise
// found by walking up from the working directory to the folder holding go.mod.
func ToolsDir() (string, error) {
	if d := os.Getenv(ToolsDirEnv); d != "" {
		return filepath.Abs(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "tools", "salesforce"), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("sfcheck: no go.mod above %s, cannot locate tools/salesforce (set %s)", wd, ToolsDirEnv)
		}
		d = parent
	}
}

// Available reports what is missing to run a check: the tools/salesforce
// folder, its node_modules (run `npm ci` there) and the packages the
// harness loads, xmllint (apt-get install libxml2-utils) and java (>= 11,
// for PMD). It returns nil when everything is present.
func Available() error {
	dir, err := ToolsDir()
	if err != nil {
		return err
	}
	var missing []error
	if _, err := os.Stat(filepath.Join(dir, "check.mjs")); err != nil {
		return fmt.Errorf("sfcheck: %s/check.mjs is missing", dir)
	}
	nm := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(nm); err != nil {
		missing = append(missing, fmt.Errorf("node_modules missing in %s: run `npm ci` there", dir))
	} else {
		for _, p := range []string{
			".bin/node",
			".bin/sf",
			"@salesforce/source-deploy-retrieve/package.json",
			"@salesforce/code-analyzer-core/package.json",
			"@salesforce/code-analyzer-pmd-engine/package.json",
			"@prettier-apex/apex-ast-serializer-linux-x64/apex-ast-serializer-linux-x64",
			"@apexdevtools/apex-parser/package.json",
			"fast-xml-parser/package.json",
			"js-yaml/package.json",
			"jszip/package.json",
		} {
			if _, err := os.Stat(filepath.Join(nm, p)); err != nil {
				missing = append(missing, fmt.Errorf("node_modules/%s missing in %s: run `npm ci` there", p, dir))
			}
		}
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		missing = append(missing, errors.New("xmllint not on PATH: apt-get install libxml2-utils"))
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing = append(missing, errors.New("java not on PATH: Java 11+ is needed for Code Analyzer's PMD engine (apt-get install openjdk-17-jre-headless)"))
	}
	if len(missing) > 0 {
		return fmt.Errorf("sfcheck: tools missing: %w", errors.Join(missing...))
	}
	return nil
}

// Args returns the check.mjs arguments for in.
func (in Input) Args() ([]string, error) {
	if (in.ProjectDir == "") == (in.Mdapi == "") {
		return nil, errors.New("sfcheck: set exactly one of Input.ProjectDir and Input.Mdapi")
	}
	var args []string
	if in.ProjectDir != "" {
		p, err := filepath.Abs(in.ProjectDir)
		if err != nil {
			return nil, err
		}
		args = append(args, "--project", p)
	} else {
		p, err := filepath.Abs(in.Mdapi)
		if err != nil {
			return nil, err
		}
		args = append(args, "--mdapi", p)
	}
	sev := in.FailSeverity
	if sev == 0 {
		sev = DefaultFailSeverity
	}
	args = append(args, "--fail-severity", strconv.Itoa(sev))
	switch in.Convert {
	case "", "auto":
	case "sf", "library":
		args = append(args, "--convert", in.Convert)
	default:
		return nil, fmt.Errorf("sfcheck: Input.Convert %q: want sf, library or auto", in.Convert)
	}
	if in.SkipCodeAnalyzer {
		args = append(args, "--no-pmd")
	}
	return args, nil
}

// Run checks in with tools/salesforce/check.mjs on the Node 22 from
// node_modules. Findings, even failing ones, are not an error: look at
// Report.Failures. An error means the harness could not run or crashed.
// Cancelling ctx kills the harness and its children (sf, the JVM).
func Run(ctx context.Context, in Input) (*Report, error) {
	args, err := in.Args()
	if err != nil {
		return nil, err
	}
	dir, err := ToolsDir()
	if err != nil {
		return nil, err
	}
	node := filepath.Join(dir, "node_modules", ".bin", "node")
	cmd := exec.CommandContext(ctx, node, append([]string{filepath.Join(dir, "check.mjs")}, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	setProcessGroup(cmd)
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("sfcheck: %w", ctx.Err())
	}
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
		return nil, fmt.Errorf("sfcheck: %s %s: %w\n%s", node, strings.Join(args, " "), err, tail(stderr.String(), 4000))
	}
	var r Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("sfcheck: cannot read check.mjs output: %w\nstderr:\n%s", err, tail(stderr.String(), 4000))
	}
	r.Summary = stderr.String()
	r.Elapsed = elapsed
	return &r, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
