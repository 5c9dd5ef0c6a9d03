package main

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

const apexMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <status>Active</status>
</ApexClass>
`

var helloPackage = map[string]string{
	"package.xml": `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>Hello</members><members>HelloTest</members><name>ApexClass</name></types>
    <version>66.0</version>
</Package>
`,
	"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
	"classes/Hello.cls-meta.xml":     apexMeta,
	"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n}\n",
	"classes/HelloTest.cls-meta.xml": apexMeta,
}

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hello.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// connectSimOrgs stores the simulator's orgs as if `org login` had
// connected them.
func connectSimOrgs(t *testing.T, w *cliWorld) {
	t.Helper()
	ctx := context.Background()
	st, err := loadConfig(envOf(w.vars)).openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, o := range w.srv.Orgs() {
		tok, err := w.srv.IssueToken(o.Alias, "")
		if err != nil {
			t.Fatal(err)
		}
		kind := store.OrgProduction
		if o.Sandbox {
			kind = store.OrgSandbox
		}
		if _, err := st.CreateOrg(ctx, store.Org{Alias: o.Alias, Kind: kind, LoginURL: w.base, InstanceURL: tok.InstanceURL, OrgID: o.ID,
			Username: o.Usernames[0], APIVersion: "66.0"}, store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}); err != nil {
			t.Fatal(err)
		}
	}
}

func simOrgs() []sfsim.OrgOptions {
	return []sfsim.OrgOptions{{Alias: "prod"}, {Alias: "uat", Sandbox: true}, {Alias: "dev", Sandbox: true}}
}

func TestDeployCommand(t *testing.T) {
	broken := map[string]string{}
	for k, v := range helloPackage {
		broken[k] = v
	}
	broken["classes/Hello.cls"] = "public with sharing class Hello {\n    public static String hi() { return 'hi';\n}\n"
	invalidSpec := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(invalidSpec, []byte("spec: patchbay/v1\nname: x\nflows: []\nsurprise: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     func(good, bad string) []string
		code     int
		stdout   []string // regular expressions, each matching some line
		stderr   string
		deploys  map[string]int
		deployed bool
	}{
		{
			name: "a zip to three orgs",
			args: func(good, _ string) []string { return []string{"deploy", good, "--org", "prod", "--org", "uat,dev"} },
			code: 0,
			stdout: []string{
				`^Deploying hello\.zip to prod, uat, dev \(deployment \d+\)$`,
				`^prod\s+polling\s+Salesforce accepted deploy 0Af`,
				`^ORG\s+STATUS\s+COMPONENTS\s+TESTS\s+FIRST ERROR$`,
				`^prod\s+succeeded\s+2/2\s+1/1\s*$`,
				`^uat\s+succeeded\s+2/2\s+1/1\s*$`,
				`^dev\s+succeeded\s+2/2\s+1/1\s*$`,
			},
			deploys:  map[string]int{"prod": 1, "uat": 1, "dev": 1},
			deployed: true,
		},
		{
			name: "a check-only run with NoTestRun on a sandbox",
			args: func(good, _ string) []string {
				return []string{"deploy", good, "--org", "uat", "--check-only", "--test-level", "NoTestRun"}
			},
			code:    0,
			stdout:  []string{`^Validating hello\.zip to uat`, `^uat\s+succeeded\s+2/2\s+-`},
			deploys: map[string]int{"uat": 1},
		},
		{
			name: "a broken class fails with its file and line and exit status 1",
			args: func(_, bad string) []string { return []string{"deploy", bad, "--org", "uat"} },
			code: 1,
			stdout: []string{
				`^uat\s+failed\s+0/2 \(1 failed\)\s+\S+\s+classes/Hello\.cls:\d+:\d+: Expecting`,
			},
			stderr:  "1 org deploy(s) did not succeed",
			deploys: map[string]int{"uat": 1},
		},
		{
			name: "NoTestRun is refused for production before anything is sent",
			args: func(good, _ string) []string {
				return []string{"deploy", good, "--org", "prod", "--test-level", "NoTestRun"}
			},
			code:   1,
			stderr: "org prod: prod is not a sandbox, and Salesforce requires tests when deploying to production: test level NoTestRun is allowed only for sandboxes",
		},
		{
			name:   "an unknown org",
			args:   func(good, _ string) []string { return []string{"deploy", good, "--org", "nope"} },
			code:   2,
			stderr: "no org named nope",
		},
		{
			name:   "an invalid spec is reported with its file",
			args:   func(_, _ string) []string { return []string{"deploy", invalidSpec, "--org", "uat"} },
			code:   1,
			stderr: invalidSpec,
		},
		{
			name:   "no org",
			args:   func(good, _ string) []string { return []string{"deploy", good} },
			code:   2,
			stderr: "at least one --org",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 100 * time.Millisecond})
			connectSimOrgs(t, w)
			good, bad := writeZip(t, helloPackage), writeZip(t, broken)
			code, out, errOut := w.run(context.Background(), tt.args(good, bad)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, re := range tt.stdout {
				if !regexp.MustCompile(`(?m)` + re).MatchString(out) {
					t.Errorf("stdout has no line matching %s:\n%s", re, out)
				}
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr = %q, want %q", errOut, tt.stderr)
			}
			for _, o := range simOrgs() {
				if got := len(w.srv.Deploys(o.Alias)); got != tt.deploys[o.Alias] {
					t.Errorf("%s saw %d deploys, want %d", o.Alias, got, tt.deploys[o.Alias])
				}
			}
			if tt.deployed {
				for _, o := range simOrgs() {
					found := false
					for _, c := range w.srv.Deployed(o.Alias) {
						found = found || c.Type == "ApexClass" && c.FullName == "Hello"
					}
					if !found {
						t.Errorf("%s does not hold ApexClass Hello", o.Alias)
					}
				}
			}
		})
	}
}

func TestDeployResumeFollowsAnInterruptedDeployWithoutDeployingAgain(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 2 * time.Second})
	connectSimOrgs(t, w)
	good := writeZip(t, helloPackage)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- w.runWith(ctx, &out, &errb, "deploy", good, "--org", "uat", "--org", "dev") }()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "Salesforce accepted deploy") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no deploy ids after 10s:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel() // Ctrl-C
	if code := <-done; code != 130 || !strings.Contains(errb.String(), "patchbay deploy --resume") {
		t.Fatalf("interrupted deploy: exit %d\n%s", code, errb.String())
	}
	code, stdout, stderr := w.run(context.Background(), "deploy", "--resume")
	if code != 0 || !regexp.MustCompile(`(?m)^uat\s+succeeded`).MatchString(stdout) || !regexp.MustCompile(`(?m)^dev\s+succeeded`).MatchString(stdout) {
		t.Errorf("deploy --resume: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, a := range []string{"uat", "dev"} {
		if n := len(w.srv.Deploys(a)); n != 1 {
			t.Errorf("%s saw %d deploys, want 1", a, n)
		}
	}
	if code, stdout, _ := w.run(context.Background(), "deploy", "--resume"); code != 0 || !strings.Contains(stdout, "No unfinished deploys") {
		t.Errorf("second resume: exit %d\n%s", code, stdout)
	}
}

func TestDeployingASpecGeneratesAndDeploysItsPackage(t *testing.T) {
	specFile := filepath.Join("..", "..", "spec", "testdata", "valid", "spec_md_example_outbound_on_record_change.yaml")
	if _, err := os.Stat(specFile); err != nil {
		t.Fatalf("example spec: %v", err)
	}
	w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 50 * time.Millisecond})
	connectSimOrgs(t, w)
	code, out, errOut := w.run(context.Background(), "deploy", specFile, "--org", "prod", "--org", "uat")
	if code != 0 {
		t.Fatalf("deploy of a spec: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, a := range []string{"prod", "uat"} {
		if len(w.srv.Deploys(a)) != 1 || len(w.srv.Deployed(a)) == 0 {
			t.Errorf("%s: %d deploys, %d components", a, len(w.srv.Deploys(a)), len(w.srv.Deployed(a)))
		}
	}
}

// exampleSpec is the spec.md example whose Stripe system takes a bearer
// token.
func exampleSpec(t *testing.T) string {
	t.Helper()
	specFile := filepath.Join("..", "..", "spec", "testdata", "valid", "spec_md_example_outbound_on_record_change.yaml")
	if _, err := os.Stat(specFile); err != nil {
		t.Fatalf("example spec: %v", err)
	}
	return specFile
}

func writeCredentials(t *testing.T, text string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "creds.yaml")
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

func TestDeployWithCredentialsSetsThemInEachOrgAndNeverPrintsThem(t *testing.T) {
	const secret = "sk_test_cli_0123456789"
	for _, remember := range []bool{false, true} {
		t.Run(fmt.Sprintf("remember=%v", remember), func(t *testing.T) {
			w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 50 * time.Millisecond})
			connectSimOrgs(t, w)
			creds := writeCredentials(t, "Stripe: {Token: "+secret+"}\n", 0o600)
			args := []string{"deploy", exampleSpec(t), "--org", "prod,uat", "--credentials", creds}
			if remember {
				args = append(args, "--remember-credentials")
			}
			code, out, errOut := w.run(context.Background(), args...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			if strings.Contains(out+errOut, secret) {
				t.Errorf("the secret was printed:\n%s\n%s", out, errOut)
			}
			if !strings.Contains(out, "Credentials of Stripe_Auth are set") {
				t.Errorf("stdout does not say the credentials are set:\n%s", out)
			}
			for _, a := range []string{"prod", "uat"} {
				got := w.srv.Credentials(a)
				if len(got) != 1 || got[0].ExternalCredential != "Stripe_Auth" || got[0].PrincipalName != "Stripe_Principal" ||
					got[0].AuthenticationProtocol != "Custom" || got[0].Values["Token"] != secret || len(got[0].Values) != 1 {
					t.Errorf("%s credentials: %+v", a, got)
				}
			}
			if got := w.srv.Credentials("dev"); len(got) != 0 {
				t.Errorf("dev was not deployed to but has credentials %+v", got)
			}
			st, err := loadConfig(envOf(w.vars)).openDB(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			settings, err := st.Settings(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			kept := 0
			for _, s := range settings {
				if strings.HasSuffix(s.Key, ".credentials") {
					kept++
					if !s.Secret {
						t.Errorf("setting %s keeps credentials unencrypted", s.Key)
					}
				}
			}
			// Remembered credentials live only until every org's deploy
			// has ended (the deploy package's tests see them meanwhile).
			if kept != 0 {
				t.Errorf("%d kept credential settings after the deploy ended, want 0", kept)
			}
			raw, err := os.ReadFile(w.vars["PATCHBAY_DB"])
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(raw), secret) {
				t.Error("the database file holds the secret in clear")
			}
		})
	}
}

func TestDeployRefusesABadCredentialsFileBeforeDeploying(t *testing.T) {
	const secret = "sk_test_never_shown"
	tests := []struct {
		name   string
		text   string
		mode   os.FileMode
		extra  []string
		stderr []string
	}{
		{name: "readable by others", text: "Stripe: {Token: " + secret + "}\n", mode: 0o644, stderr: []string{"can be read by others", "chmod 600"}},
		{name: "readable by the group", text: "Stripe: {Token: " + secret + "}\n", mode: 0o640, stderr: []string{"chmod 600"}},
		{name: "an unknown system", text: "Strype: {Token: " + secret + "}\n", mode: 0o600, stderr: []string{`no system "Strype"`, "Stripe (Token)"}},
		{name: "an unknown key", text: `{"Stripe": {"ApiKey": "` + secret + `"}}`, mode: 0o600, stderr: []string{`Stripe has no key "ApiKey"`, "it takes Token"}},
		{name: "an empty value", text: "Stripe: {Token: ''}\n", mode: 0o600, stderr: []string{"Stripe.Token is empty"}},
		{name: "not a map", text: "- " + secret + "\n", mode: 0o600, stderr: []string{"is not a YAML or JSON map"}},
		{name: "with check-only", text: "Stripe: {Token: " + secret + "}\n", mode: 0o600, extra: []string{"--check-only"}, stderr: []string{"--check-only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 50 * time.Millisecond})
			connectSimOrgs(t, w)
			creds := writeCredentials(t, tt.text, tt.mode)
			args := append([]string{"deploy", exampleSpec(t), "--org", "uat", "--credentials", creds}, tt.extra...)
			code, out, errOut := w.run(context.Background(), args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr = %q, want %q", errOut, want)
				}
			}
			if strings.Contains(out+errOut, secret) {
				t.Errorf("the secret was printed:\n%s\n%s", out, errOut)
			}
			if n := len(w.srv.Deploys("uat")); n != 0 {
				t.Errorf("uat saw %d deploys, want none", n)
			}
		})
	}
	t.Run("with a zip", func(t *testing.T) {
		w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs()})
		connectSimOrgs(t, w)
		creds := writeCredentials(t, "Stripe: {Token: x}\n", 0o600)
		code, _, errOut := w.run(context.Background(), "deploy", writeZip(t, helloPackage), "--org", "uat", "--credentials", creds)
		if code != 2 || !strings.Contains(errOut, "needs a spec file") {
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}
