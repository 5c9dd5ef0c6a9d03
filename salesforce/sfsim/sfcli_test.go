package sfsim_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/internal/testenv"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// sfCLI runs the real sf CLI from tools/salesforce with an isolated HOME.
type sfCLI struct {
	t   *testing.T
	bin string
	env []string
	dir string
}

func newSFCLI(t *testing.T) *sfCLI {
	t.Helper()
	bin, err := filepath.Abs(filepath.Join("..", "..", "tools", "salesforce", "node_modules", ".bin"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = os.Stat(filepath.Join(bin, "sf"))
	testenv.Need(t, "the sf CLI (npm ci in tools/salesforce)", err)
	home := t.TempDir()
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home, "TMPDIR=" + home,
		"SF_DISABLE_TELEMETRY=true", "SFDX_DISABLE_TELEMETRY=true",
		"SF_AUTOUPDATE_DISABLE=true", "SF_DISABLE_AUTOUPDATE=true", "SF_SKIP_NEW_VERSION_CHECK=true",
		"SF_HIDE_RELEASE_NOTES=true", "SF_HIDE_RELEASE_NOTES_FOOTER=true", "SF_USE_PROGRESS_BAR=false",
		"NO_COLOR=1", "FORCE_COLOR=0",
	}
	return &sfCLI{t: t, bin: bin, env: env, dir: home}
}

// run runs sf in dir with extra environment variables and returns its
// stdout and exit code.
func (c *sfCLI) run(dir string, extraEnv []string, args ...string) ([]byte, int) {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, "sf"), args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, c.env...), extraEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("sf %s: %v", strings.Join(args, " "), err)
	}
	if code != 0 {
		c.t.Logf("sf %s exited %d; stderr:\n%s", args[0], code, tail(stderr.String(), 2000))
	}
	return stdout.Bytes(), code
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// sfDeployJSON is the part of `sf project deploy start --json` the tests read.
type sfDeployJSON struct {
	Status int    `json:"status"`
	Name   string `json:"name"`
	Result struct {
		Success bool   `json:"success"`
		Status  string `json:"status"`
		ID      string `json:"id"`
		Files   []struct {
			FullName     string `json:"fullName"`
			Type         string `json:"type"`
			State        string `json:"state"`
			FilePath     string `json:"filePath"`
			Error        string `json:"error"`
			LineNumber   int    `json:"lineNumber"`
			ColumnNumber int    `json:"columnNumber"`
		} `json:"files"`
		NumberTestsTotal json.Number `json:"numberTestsTotal"`
	} `json:"result"`
	Data struct {
		Files []struct {
			FullName   string `json:"fullName"`
			State      string `json:"state"`
			FilePath   string `json:"filePath"`
			Error      string `json:"error"`
			LineNumber int    `json:"lineNumber"`
		} `json:"files"`
	} `json:"data"`
}

func decodeDeploy(t *testing.T, out []byte) sfDeployJSON {
	t.Helper()
	var d sfDeployJSON
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("sf output is not JSON: %v\n%s", err, tail(string(out), 3000))
	}
	return d
}

// copyProject copies a testdata project to a temporary folder, since sf
// writes into the project (.sf, .sfdx).
func copyProject(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	src := filepath.Join("testdata", name)
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestSFCLIAgainstSimulator(t *testing.T) {
	sf := newSFCLI(t)
	srv := sfsim.New(sfsim.Options{
		Orgs:           []sfsim.OrgOptions{{Alias: "prod"}, {Alias: "sbx", Sandbox: true}, {Alias: "slow", Sandbox: true, DeployDuration: time.Hour}},
		DeployDuration: 300 * time.Millisecond,
	})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)

	login := func(alias string) {
		tok, err := srv.IssueToken(alias, "")
		if err != nil {
			t.Fatal(err)
		}
		out, code := sf.run(sf.dir, []string{"SF_ACCESS_TOKEN=" + tok.AccessToken},
			"org", "login", "access-token", "--instance-url", tok.InstanceURL, "--no-prompt", "--alias", alias, "--json")
		if code != 0 {
			t.Fatalf("sf org login access-token exited %d:\n%s", code, tail(string(out), 3000))
		}
	}
	login("prod")
	login("sbx")
	login("slow")

	t.Run("source deploy of a good project succeeds with its tests", func(t *testing.T) {
		dir := copyProject(t, "good")
		out, code := sf.run(dir, nil, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "prod", "--wait", "5", "--json")
		d := decodeDeploy(t, out)
		if code != 0 || !d.Result.Success || d.Result.Status != "Succeeded" {
			t.Fatalf("deploy: exit %d, success %v, status %q\n%s", code, d.Result.Success, d.Result.Status, tail(string(out), 3000))
		}
		got := map[string]bool{}
		for _, c := range srv.Deployed("prod") {
			got[c.Type+"/"+c.FullName] = true
		}
		for _, want := range []string{"ApexClass/Greeter", "ApexClass/GreeterTest", "CustomObject/Greeting__c"} {
			if !got[want] {
				t.Errorf("org lacks %s after deploy; has %v", want, got)
			}
		}
		deploys := srv.Deploys("prod")
		if len(deploys) != 1 || deploys[0].TestLevel != "RunLocalTests" && deploys[0].NumberTestsTotal != 2 {
			t.Errorf("deploys = %+v, want one deploy running the 2 local tests", deploys)
		}
		if deploys[0].NumberTestsTotal != 2 {
			t.Errorf("tests run = %d, want 2 (production runs local tests)", deploys[0].NumberTestsTotal)
		}
	})

	brokenCases := []struct {
		project  string
		wantLine int
		wantText string
	}{
		{"bad-brace", 9, "Unexpected token '}'"},
		{"bad-name", 1, "does not match the file name"},
	}
	for _, tc := range brokenCases {
		t.Run("source deploy of "+tc.project+" fails naming file and line", func(t *testing.T) {
			dir := copyProject(t, tc.project)
			before := len(srv.Deployed("sbx"))
			out, code := sf.run(dir, nil, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "sbx", "--wait", "5", "--json")
			if code == 0 {
				t.Fatalf("sf exited 0 for a broken project:\n%s", tail(string(out), 3000))
			}
			d := decodeDeploy(t, out)
			files := d.Data.Files
			if len(files) == 0 {
				for _, f := range d.Result.Files {
					files = append(files, struct {
						FullName   string `json:"fullName"`
						State      string `json:"state"`
						FilePath   string `json:"filePath"`
						Error      string `json:"error"`
						LineNumber int    `json:"lineNumber"`
					}{f.FullName, f.State, f.FilePath, f.Error, f.LineNumber})
				}
			}
			found := false
			for _, f := range files {
				if f.State == "Failed" && f.FullName == "Greeter" {
					found = true
					if !strings.HasSuffix(f.FilePath, filepath.Join("classes", "Greeter.cls")) || f.LineNumber != tc.wantLine || !strings.Contains(f.Error, tc.wantText) {
						t.Errorf("failure = %+v, want classes/Greeter.cls line %d with %q", f, tc.wantLine, tc.wantText)
					}
				}
			}
			if !found {
				t.Errorf("no failed Greeter component in sf output:\n%s", tail(string(out), 3000))
			}
			if after := len(srv.Deployed("sbx")); after != before {
				t.Errorf("a failed deploy changed the org: %d components before, %d after", before, after)
			}
		})
	}

	t.Run("validate then quick deploy", func(t *testing.T) {
		dir := copyProject(t, "good")
		before := len(srv.Deploys("prod"))
		out, code := sf.run(dir, nil, "project", "deploy", "validate", "--source-dir", "force-app", "--target-org", "prod", "--test-level", "RunLocalTests", "--wait", "5", "--json")
		v := decodeDeploy(t, out)
		if code != 0 || !v.Result.Success || v.Result.ID == "" {
			t.Fatalf("validate: exit %d\n%s", code, tail(string(out), 3000))
		}
		out, code = sf.run(dir, nil, "project", "deploy", "quick", "--job-id", v.Result.ID, "--target-org", "prod", "--wait", "5", "--json")
		q := decodeDeploy(t, out)
		if code != 0 || !q.Result.Success {
			t.Fatalf("quick deploy: exit %d\n%s", code, tail(string(out), 3000))
		}
		deploys := srv.Deploys("prod")[before:]
		if len(deploys) != 2 || !deploys[0].CheckOnly || deploys[1].QuickDeployOf != v.Result.ID || !deploys[1].Success {
			t.Errorf("deploys = %+v, want a validation and its quick deploy", deploys)
		}
	})

	t.Run("an async deploy is canceled", func(t *testing.T) {
		dir := copyProject(t, "good")
		out, code := sf.run(dir, nil, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "slow", "--async", "--json")
		d := decodeDeploy(t, out)
		if code != 0 || d.Result.ID == "" {
			t.Fatalf("async deploy: exit %d\n%s", code, tail(string(out), 3000))
		}
		out, code = sf.run(dir, nil, "project", "deploy", "cancel", "--job-id", d.Result.ID, "--target-org", "slow", "--wait", "2", "--json")
		c := decodeDeploy(t, out)
		if r, ok := srv.DeployResult(d.Result.ID); !ok || r.Status != "Canceled" || c.Result.Status != "Canceled" {
			t.Errorf("after sf cancel (exit %d, sf says %q) the deploy is %+v", code, c.Result.Status, r)
		}
		if n := len(srv.Deployed("slow")); n != 0 {
			t.Errorf("a canceled deploy left %d components", n)
		}
	})

	t.Run("metadata-dir zip deploy succeeds", func(t *testing.T) {
		dir := t.TempDir()
		zipPath := filepath.Join(dir, "deploy.zip")
		if err := os.WriteFile(zipPath, mdapiZip(t, "unpackaged/", goodMDAPI), 0o644); err != nil {
			t.Fatal(err)
		}
		out, code := sf.run(dir, nil, "project", "deploy", "start", "--metadata-dir", zipPath, "--single-package", "--target-org", "sbx", "--wait", "5", "--json")
		d := decodeDeploy(t, out)
		if code != 0 || !d.Result.Success {
			t.Fatalf("zip deploy: exit %d\n%s", code, tail(string(out), 3000))
		}
		if !hasComponent(srv.Deployed("sbx"), "ApexClass", "Hello") {
			t.Errorf("Hello not deployed: %+v", srv.Deployed("sbx"))
		}
	})

	t.Run("REST deploy (SF_ORG_METADATA_REST_DEPLOY) succeeds", func(t *testing.T) {
		dir := copyProject(t, "good")
		before := len(srv.Deploys("sbx"))
		out, code := sf.run(dir, []string{"SF_ORG_METADATA_REST_DEPLOY=true"}, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "sbx", "--wait", "5", "--json")
		d := decodeDeploy(t, out)
		if code != 0 || !d.Result.Success {
			t.Fatalf("REST deploy: exit %d\n%s", code, tail(string(out), 3000))
		}
		deploys := srv.Deploys("sbx")
		if len(deploys) != before+1 || deploys[len(deploys)-1].Protocol != "rest" {
			t.Errorf("deploys = %+v, want one more, over REST", deploys)
		}
	})
}

func hasComponent(cs []sfsim.Component, typ, name string) bool {
	for _, c := range cs {
		if c.Type == typ && c.FullName == name {
			return true
		}
	}
	return false
}

// goodMDAPI is a small Metadata API folder.
var goodMDAPI = map[string]string{
	"package.xml": `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>Hello</members><members>HelloTest</members><name>ApexClass</name></types>
    <types><members>Acme_API_Auth</members><name>ExternalCredential</name></types>
    <version>66.0</version>
</Package>
`,
	"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
	"classes/Hello.cls-meta.xml":     apexMeta,
	"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n}\n",
	"classes/HelloTest.cls-meta.xml": apexMeta,
	"externalCredentials/Acme_API_Auth.externalCredential": `<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Acme_Service</parameterGroup>
        <parameterName>Acme_Service</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Acme API Auth</label>
</ExternalCredential>
`,
}

const apexMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <status>Active</status>
</ApexClass>
`

// mdapiZip zips files under prefix (e.g. "unpackaged/" or "").
func mdapiZip(t testing.TB, prefix string, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jsforceDeployScript deploys the zip at $ZIP with jsforce's SOAP
// metadata.deploy and prints the final DeployResult as JSON.
const jsforceDeployScript = `
const fs = require('fs');
const jsforce = require('jsforce');
const conn = new jsforce.Connection({ instanceUrl: process.env.INSTANCE_URL, accessToken: process.env.ACCESS_TOKEN, version: '62.0' });
conn.metadata.pollInterval = 50;
conn.metadata.deploy(fs.readFileSync(process.env.ZIP), { singlePackage: true, rollbackOnError: true, testLevel: process.env.TEST_LEVEL })
  .complete(true)
  .then((r) => { console.log(JSON.stringify(r)); })
  .catch((e) => { console.error(e && e.message); process.exit(2); });
`

func TestJSForceMetadataDeploy(t *testing.T) {
	sf := newSFCLI(t)
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}, DeployDuration: 200 * time.Millisecond})
	tok, _ := srv.IssueToken("prod", "")
	tests := []struct {
		name        string
		files       map[string]string
		wantSuccess bool
		wantProblem string
	}{
		{"a good package", goodMDAPI, true, ""},
		{"a class named unlike its file", map[string]string{
			"package.xml":                    pkgXML("<types><members>Hello</members><members>HelloTest</members><name>ApexClass</name></types>"),
			"classes/Hello.cls":              "public with sharing class Howdy {}\n",
			"classes/Hello.cls-meta.xml":     apexMeta,
			"classes/HelloTest.cls":          "@IsTest private class HelloTest { @IsTest static void t() { new Hello(); } }\n",
			"classes/HelloTest.cls-meta.xml": apexMeta,
		}, false, "does not match the file name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zipPath := filepath.Join(t.TempDir(), "deploy.zip")
			if err := os.WriteFile(zipPath, mdapiZip(t, "", tc.files), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(filepath.Join(sf.bin, "node"), "-e", jsforceDeployScript)
			cmd.Dir = filepath.Join(sf.bin, "..", "..") // tools/salesforce, where require finds jsforce
			cmd.Env = append(append([]string{}, sf.env...), "ZIP="+zipPath, "INSTANCE_URL="+tok.InstanceURL, "ACCESS_TOKEN="+tok.AccessToken, "TEST_LEVEL=RunLocalTests")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("jsforce deploy: %v\n%s", err, tail(stderr.String(), 2000))
			}
			var r struct {
				Success bool   `json:"success"`
				Status  string `json:"status"`
				Details struct {
					ComponentFailures json.RawMessage `json:"componentFailures"`
				} `json:"details"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
				t.Fatalf("jsforce output: %v\n%s", err, stdout.String())
			}
			if r.Success != tc.wantSuccess || !strings.Contains(string(r.Details.ComponentFailures), tc.wantProblem) {
				t.Errorf("jsforce result success=%v status=%s failures=%s", r.Success, r.Status, r.Details.ComponentFailures)
			}
		})
	}
}

func TestSFCLIJWTLogin(t *testing.T) {
	sf := newSFCLI(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	srv, base := start(t, sfsim.Options{
		Orgs:             []sfsim.OrgOptions{{Alias: "prod", Users: []sfsim.UserOptions{{Username: "ci@prod.test"}}}},
		Clients:          []sfsim.ClientApp{{ID: "ci-app", PublicKey: &key.PublicKey}},
		LenientJWTExpiry: true,
	})
	keyFile := filepath.Join(t.TempDir(), "server.key")
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(keyFile, pemKey, 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := sf.run(sf.dir, nil, "org", "login", "jwt", "--username", "ci@prod.test", "--jwt-key-file", keyFile,
		"--client-id", "ci-app", "--instance-url", base, "--alias", "jwt", "--json")
	if code != 0 {
		t.Fatalf("sf org login jwt exited %d:\n%s", code, tail(string(out), 3000))
	}
	var login struct {
		Result struct {
			Username string `json:"username"`
			OrgID    string `json:"orgId"`
		} `json:"result"`
	}
	if err := json.Unmarshal(out, &login); err != nil {
		t.Fatal(err)
	}
	if login.Result.Username != "ci@prod.test" || login.Result.OrgID != srv.Orgs()[0].ID {
		t.Errorf("login result = %+v", login.Result)
	}
	dir := copyProject(t, "good")
	out, code = sf.run(dir, nil, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "jwt", "--wait", "5", "--json")
	if d := decodeDeploy(t, out); code != 0 || !d.Result.Success {
		t.Fatalf("deploy after JWT login: exit %d\n%s", code, tail(string(out), 3000))
	}
}

// jsforceOAuthScript runs jsforce's web-server flow with a PKCE verifier
// (jsforce sends no code_challenge_method) against $LOGIN_URL, following the
// authorize redirect like a browser, and prints what the token call returned.
const jsforceOAuthScript = `
const jsforce = require('jsforce');
(async () => {
  const oauth2 = new jsforce.OAuth2({ loginUrl: process.env.LOGIN_URL, clientId: process.env.CLIENT_ID,
    clientSecret: process.env.CLIENT_SECRET, redirectUri: process.env.REDIRECT_URI, useVerifier: true });
  const res = await fetch(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'st8' }), { redirect: 'manual' });
  const loc = new URL(res.headers.get('location'));
  if (process.env.TAMPER === 'true') { oauth2.codeVerifier = 'x'.repeat(64); }
  try {
    const tok = await oauth2.requestToken(loc.searchParams.get('code'));
    console.log(JSON.stringify({ state: loc.searchParams.get('state'), instanceUrl: tok.instance_url, hasRefresh: !!tok.refresh_token }));
  } catch (e) {
    console.log(JSON.stringify({ error: e.name + ': ' + e.message }));
  }
})();
`

func TestJSForceWebServerFlowWithPKCE(t *testing.T) {
	sf := newSFCLI(t)
	srv, base := start(t, sfsim.Options{AutoApprove: true, Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
	for _, tamper := range []bool{false, true} {
		cmd := exec.Command(filepath.Join(sf.bin, "node"), "-e", jsforceOAuthScript)
		cmd.Dir = filepath.Join(sf.bin, "..", "..")
		cmd.Env = append(append([]string{}, sf.env...), "LOGIN_URL="+base, "CLIENT_ID="+sfsim.DefaultClientID,
			"CLIENT_SECRET="+sfsim.DefaultClientSecret, "REDIRECT_URI=http://127.0.0.1:1717/callback", "TAMPER="+strconv.FormatBool(tamper))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("node: %v\n%s", err, tail(stderr.String(), 2000))
		}
		var r struct {
			State       string `json:"state"`
			InstanceURL string `json:"instanceUrl"`
			HasRefresh  bool   `json:"hasRefresh"`
			Error       string `json:"error"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("output %q: %v", stdout.String(), err)
		}
		if tamper {
			if !strings.Contains(r.Error, "invalid_grant") {
				t.Errorf("a wrong verifier gave %+v, want invalid_grant", r)
			}
			continue
		}
		if r.Error != "" || r.State != "st8" || r.InstanceURL != srv.InstanceURL("prod") || !r.HasRefresh {
			t.Errorf("jsforce flow = %+v", r)
		}
	}
}
