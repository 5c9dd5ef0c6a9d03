package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCLI runs one command line in-process and returns its exit status and
// output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

const brokenSpec = `spec: patchbay/v1
name: StripeBilling
systems:
  - {name: Stripe, url: http://api.stripe.com, auth: {type: bearer}}
flows:
  - name: InvoiceOnClosedWon
    trigger: {type: recordChange, object: Opportunity, on: [create]}
    steps:
      - {id: invoice, type: call, system: Strpe, method: POST, path: /v1/invoices}
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateReportsEveryProblemWithFileLineAndPath(t *testing.T) {
	bad := writeFile(t, "bad.yaml", brokenSpec)
	code, _, stderr := runCLI(t, "", "validate", bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		bad + ":4: systems[0].url: must use https",
		bad + ":9: flows[0].steps[0].system: unknown system \"Strpe\"",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 2 {
		t.Errorf("want one problem a line, 2 lines; got %d:\n%s", n, stderr)
	}
}

func TestValidateAcceptsEveryExample(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.yaml")
	if len(examples) < 8 {
		t.Fatalf("found %d examples, want at least 8", len(examples))
	}
	code, stdout, stderr := runCLI(t, "", append([]string{"validate"}, examples...)...)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if got := strings.Count(stdout, ": valid ("); got != len(examples) {
		t.Errorf("%d valid lines for %d examples:\n%s", got, len(examples), stdout)
	}
}

func TestValidateReadsStandardInput(t *testing.T) {
	code, _, stderr := runCLI(t, brokenSpec, "validate", "-")
	if code != 1 || !strings.Contains(stderr, "<stdin>:9: flows[0].steps[0].system") {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
}

func TestGenerateWritesTheProjectAndNothingOnFailure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "project")
	code, stdout, stderr := runCLI(t, "", "generate", "../../examples/stripe-invoice-on-closed-won.yaml", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, f := range []string{"sfdx-project.json", "README.md", "manifest/package.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s missing: %v (stdout %q)", f, err, stdout)
		}
	}
	classes, _ := filepath.Glob(filepath.Join(out, "force-app/main/default/classes/*.cls"))
	if len(classes) == 0 {
		t.Error("no Apex classes written")
	}

	// A second run into the same folder must not overwrite the user's files.
	if code, _, stderr := runCLI(t, "", "generate", "../../examples/stripe-invoice-on-closed-won.yaml", "-o", out); code == 0 || !strings.Contains(stderr, "not empty") {
		t.Errorf("generate into a non-empty folder: exit %d, stderr %q", code, stderr)
	}

	bad := writeFile(t, "bad.yaml", brokenSpec)
	empty := filepath.Join(t.TempDir(), "never")
	if code, _, _ := runCLI(t, "", "generate", bad, "-o", empty); code != 1 {
		t.Errorf("invalid spec: exit %d, want 1", code)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("invalid spec still created %s (err %v)", empty, err)
	}
}

func TestPackageIsDeterministicInBothFormats(t *testing.T) {
	tests := []struct {
		format string
		want   string // a file that must be in the zip
	}{
		{"mdapi", "package.xml"},
		{"sfdx", "sfdx-project.json"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")
			var said string
			for _, p := range []string{a, b} {
				code, stdout, stderr := runCLI(t, "", "package", "../../examples/netsuite-nightly-invoices.yaml", "-o", p, "--format", tt.format)
				if code != 0 {
					t.Fatalf("exit %d; stderr:\n%s", code, stderr)
				}
				said = stdout
			}
			za, _ := os.ReadFile(a)
			zb, _ := os.ReadFile(b)
			if !bytes.Equal(za, zb) {
				t.Fatal("the same spec gave two different zips")
			}
			zr, err := zip.NewReader(bytes.NewReader(za), int64(len(za)))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range zr.File {
				if f.Name == tt.want {
					found = true
				}
			}
			if !found {
				t.Errorf("%s not at the zip root", tt.want)
			}
			if want := fmt.Sprintf("(%s, %d files, %d bytes)", tt.format, len(zr.File), len(za)); !strings.Contains(said, want) {
				t.Errorf("package said %q; the zip has %d entries, want %q", said, len(zr.File), want)
			}
		})
	}
	if code, _, stderr := runCLI(t, "", "package", "../../examples/netsuite-nightly-invoices.yaml", "-o", filepath.Join(t.TempDir(), "x.zip"), "--format", "jar"); code != 2 || !strings.Contains(stderr, "use mdapi or sfdx") {
		t.Errorf("unknown format: exit %d, stderr %q", code, stderr)
	}
}

func TestSchemaPrintsJSONSchema(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "schema")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if doc["$schema"] == nil || doc["properties"] == nil {
		t.Errorf("not a JSON Schema: keys %v", doc)
	}
}

func TestUnknownCommandAndHelp(t *testing.T) {
	if code, _, stderr := runCLI(t, "", "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, stderr)
	}
	if code, stdout, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(stdout, "validate") {
		t.Errorf("help: exit %d, stdout %q", code, stdout)
	}
	if code, _, _ := runCLI(t, "", "validate", "-h"); code != 0 {
		t.Errorf("validate -h: exit %d, want 0", code)
	}
}

// TestValidateRefusesAPackageOverSalesforceLimits validates a spec that is
// correct but whose package would hold more than 10,000 files.
func TestValidateRefusesAPackageOverSalesforceLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("spec: patchbay/v1\nname: Big\nsystems:\n  - {name: Api, url: https://api.example.com, auth: {type: bearer}}\nflows:\n")
	for i := range 1300 {
		fmt.Fprintf(&b, "  - {name: F%d, trigger: {type: schedule, cron: '0 0 2 * * ?'}, steps: [{id: a, type: call, system: Api, method: GET, path: /x}]}\n", i)
	}
	code, stdout, stderr := runCLI(t, b.String(), "validate", "-")
	if code != 1 || strings.Contains(stdout, "valid") || !regexp.MustCompile(`^<stdin>: the package would hold \d+ files; Salesforce deploys at most 10000 files at once`).MatchString(stderr) {
		t.Fatalf("exit %d; stdout %q; stderr:\n%s", code, stdout, stderr)
	}
}

// releasedAction is a managed package whose version 1.0.0 was released with
// a Flow action taking an amount.
const releasedAction = `spec: patchbay/v1
name: Billing
package: {name: Billing, namespace: acme, version: VERSION, released: RELEASED}
systems:
  - {name: Stripe, url: https://api.stripe.com, auth: {type: bearer}}
flows:
  - name: Charge
    trigger: {type: invocable, label: Charge, inputs: [{name: INPUT, type: Number}]}
    steps:
      - {id: charge, type: call, system: Stripe, method: POST, path: /v1/charges}
`

func TestValidateReleasedRefusesABreakingVersion(t *testing.T) {
	spec := func(version, input string, released bool) string {
		return strings.NewReplacer("VERSION", version, "INPUT", input, "RELEASED", fmt.Sprint(released)).Replace(releasedAction)
	}
	prev := writeFile(t, "v1.yaml", spec("1.0.0", "amount", true))
	ok := writeFile(t, "v2.yaml", spec("1.1.0", "amount", false))
	if code, stdout, stderr := runCLI(t, "", "validate", ok, "--released", prev); code != 0 || !strings.Contains(stdout, "valid") {
		t.Errorf("a compatible next version = %d\n%s%s", code, stdout, stderr)
	}
	bad := writeFile(t, "v2.yaml", spec("1.1.0", "total", false))
	code, _, stderr := runCLI(t, "", "validate", bad, "--released", prev)
	if code != 1 || !strings.Contains(stderr, "BillingChargeAction.Request: global Decimal amount") {
		t.Errorf("a renamed input of a released action = %d\n%s", code, stderr)
	}
}
