package sfsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func start(t *testing.T, opts sfsim.Options) (*sfsim.Server, string) {
	t.Helper()
	srv := sfsim.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.SetBaseURL(ts.URL)
	return srv, ts.URL
}

func do(t *testing.T, method, url, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestRouting(t *testing.T) {
	srv, base := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "a"}, {Alias: "b", Sandbox: true}}})
	tokA, _ := srv.IssueToken("a", "")
	tests := []struct {
		name   string
		method string
		path   string
		token  string
		status int
		want   string
	}{
		{"version list without a token", "GET", "/services/data", "", 200, `"version":"66.0"`},
		{"double slashes are collapsed", "GET", "//services/data//v66.0", tokA.AccessToken, 200, `"sobjects"`},
		{"the org prefix routes", "GET", "/org/a/services/data/v66.0/limits", tokA.AccessToken, 200, `DailyApiRequests`},
		{"the org prefix glued to services routes (sf CLI)", "GET", "/org/aservices/oauth2/userinfo", tokA.AccessToken, 200, `"preferred_username":"admin@a.sfsim"`},
		{"a token of another org is refused", "GET", "/org/b/services/data/v66.0/limits", tokA.AccessToken, 401, `INVALID_SESSION_ID`},
		{"a bad token is refused", "GET", "/services/data/v66.0/limits", "00D!nope", 401, `"errorCode":"INVALID_SESSION_ID"`},
		{"a version above the maximum is not found", "GET", "/services/data/v67.0", tokA.AccessToken, 404, `NOT_FOUND`},
		{"ScratchOrgInfo is not a type here", "GET", "/services/data/v51.0/query?q=SELECT+Id+FROM+ScratchOrgInfo+limit+1", tokA.AccessToken, 400, `INVALID_TYPE`},
		{"Organization is queried", "GET", "/services/data/v66.0/query?q=SELECT+Name,+InstanceName,+IsSandbox,+TrialExpirationDate,+NamespacePrefix,+OrganizationType+FROM+Organization", tokA.AccessToken, 200, `"IsSandbox":false`},
		{"the user record", "GET", "/services/data/v51.0/sobjects/User/" + tokA.UserID(), tokA.AccessToken, 200, `"Username":"admin@a.sfsim"`},
		{"the identity URL", "GET", "/id/" + tokA.OrgID() + "/" + tokA.UserID(), tokA.AccessToken, 200, `"username":"admin@a.sfsim"`},
		{"an unknown org prefix", "GET", "/org/zz/services/data", "", 404, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(t, tc.method, base+tc.path, tc.token, "", nil)
			if status != tc.status || !strings.Contains(string(body), tc.want) {
				t.Errorf("%s %s = %d %s, want %d containing %s", tc.method, tc.path, status, body, tc.status, tc.want)
			}
		})
	}
}

func TestSOAPInvalidSessionIsA500Fault(t *testing.T) {
	_, base := start(t, sfsim.Options{})
	env := `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader xmlns="http://soap.sforce.com/2006/04/metadata"><sessionId>bogus</sessionId></SessionHeader></soapenv:Header><soapenv:Body><checkDeployStatus xmlns="http://soap.sforce.com/2006/04/metadata"><asyncProcessId>0Af</asyncProcessId></checkDeployStatus></soapenv:Body></soapenv:Envelope>`
	status, body := do(t, "POST", base+"//services/Soap/m/66.0", "", "text/xml", []byte(env))
	if status != 500 || !strings.Contains(string(body), "<faultcode>sf:INVALID_SESSION_ID</faultcode>") {
		t.Fatalf("= %d %s", status, body)
	}
}

func TestRESTDeployAcceptsBothJSONPartNames(t *testing.T) {
	for _, part := range []string{"json", "entity_content"} {
		t.Run(part, func(t *testing.T) {
			srv, base := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "s", Sandbox: true}}})
			tok, _ := srv.IssueToken("s", "")
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			w, _ := mw.CreateFormField(part)
			_, _ = w.Write([]byte(`{"deployOptions":{"checkOnly":false,"rollbackOnError":"true","singlePackage":true}}`))
			fw, _ := mw.CreateFormFile("file", "package.xml")
			_, _ = fw.Write(mdapiZip(t, "", goodMDAPI))
			mw.Close()
			status, body := do(t, "POST", tok.InstanceURL+"/services/data/v66.0/metadata/deployRequest", tok.AccessToken, mw.FormDataContentType(), buf.Bytes())
			if status != 201 {
				t.Fatalf("= %d %s", status, body)
			}
			var resp struct {
				ID           string `json:"id"`
				DeployResult struct {
					Status string `json:"status"`
				} `json:"deployResult"`
			}
			if err := json.Unmarshal(body, &resp); err != nil || resp.ID == "" {
				t.Fatalf("response %s: %v", body, err)
			}
			status, body = do(t, "GET", base+"/services/data/v66.0/metadata/deployRequest/"+resp.ID+"?includeDetails=true", tok.AccessToken, "", nil)
			if status != 200 || !strings.Contains(string(body), `"status":"Succeeded"`) || !strings.Contains(string(body), `"componentSuccesses"`) {
				t.Fatalf("status = %d %s", status, body)
			}
			if got := srv.Deploys("s"); len(got) != 1 || !got[0].Success {
				t.Errorf("deploys = %+v", got)
			}
		})
	}
}

func TestAdminFaults(t *testing.T) {
	srv, base := start(t, sfsim.Options{})
	tok, _ := srv.IssueToken("sim", "")
	status, body := do(t, "POST", base+"/_sfsim/faults", "", "application/json", []byte(`{"unavailable":1,"limitExceeded":1,"latency":"5ms"}`))
	if status != 200 {
		t.Fatalf("POST faults = %d %s", status, body)
	}
	if f := srv.CurrentFaults(); f.Unavailable != 1 || f.LimitExceeded != 1 || f.Latency != 5*time.Millisecond {
		t.Fatalf("faults = %+v", f)
	}
	url := tok.InstanceURL + "/services/data/v66.0/limits"
	start := time.Now()
	if status, body := do(t, "GET", url, tok.AccessToken, "", nil); status != 503 || !strings.Contains(string(body), "<html>") {
		t.Errorf("first call = %d %s, want a 503 HTML page", status, body)
	}
	if time.Since(start) < 5*time.Millisecond {
		t.Error("latency was not added")
	}
	if status, body := do(t, "GET", url, tok.AccessToken, "", nil); status != 403 || !strings.Contains(string(body), "REQUEST_LIMIT_EXCEEDED") {
		t.Errorf("second call = %d %s, want REQUEST_LIMIT_EXCEEDED", status, body)
	}
	if status, _ := do(t, "GET", url, tok.AccessToken, "", nil); status != 200 {
		t.Errorf("third call = %d, want 200", status)
	}
	status, body = do(t, "GET", base+"/_sfsim/orgs", "", "", nil)
	if status != 200 || !strings.Contains(string(body), `"InstanceURL":"`+tok.InstanceURL+`"`) {
		t.Errorf("GET orgs = %d %s", status, body)
	}
}

func TestProductionDeployRules(t *testing.T) {
	noTests := map[string]string{
		"package.xml":                pkgXML("<types><members>Hello</members><name>ApexClass</name></types>"),
		"classes/Hello.cls":          "public with sharing class Hello {}\n",
		"classes/Hello.cls-meta.xml": apexMeta,
	}
	uncovered := map[string]string{
		"package.xml":                    pkgXML("<types><members>Hello</members><members>Other</members><members>HelloTest</members><name>ApexClass</name></types>"),
		"classes/Hello.cls":              "public with sharing class Hello {}\n",
		"classes/Hello.cls-meta.xml":     apexMeta,
		"classes/Other.cls":              "public with sharing class Other {}\n",
		"classes/Other.cls-meta.xml":     apexMeta,
		"classes/HelloTest.cls":          "@IsTest private class HelloTest { @IsTest static void t() { new Hello(); } }\n",
		"classes/HelloTest.cls-meta.xml": apexMeta,
	}
	tests := []struct {
		name        string
		sandbox     bool
		files       map[string]string
		opts        salesforce.DeployOptions
		wantSuccess bool
		wantText    string // in the error message or a coverage warning
	}{
		{"production refuses Apex without any test class", false, noTests, salesforce.DeployOptions{RollbackOnError: true}, false, "Average test coverage across all Apex Classes and Triggers is 0%"},
		{"production refuses NoTestRun with Apex", false, noTests, salesforce.DeployOptions{RollbackOnError: true, TestLevel: salesforce.TestLevelNoTestRun}, false, "NoTestRun cannot be used in production"},
		{"production needs rollbackOnError", false, goodMDAPI, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests}, false, "rollbackOnError must be true"},
		{"a sandbox takes Apex without tests", true, noTests, salesforce.DeployOptions{RollbackOnError: true}, true, ""},
		{"specified tests must cover each class in production", false, uncovered, salesforce.DeployOptions{RollbackOnError: true, TestLevel: salesforce.TestLevelRunSpecifiedTests, RunTests: []string{"HelloTest"}}, false, "Test coverage of selected Apex Class is 0%"},
		{"local tests at 50% coverage fail in production", false, uncovered, salesforce.DeployOptions{RollbackOnError: true, TestLevel: salesforce.TestLevelRunLocalTests}, false, "is 50%"},
		{"covered classes pass in production", false, goodMDAPI, salesforce.DeployOptions{RollbackOnError: true}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "o", Sandbox: tc.sandbox}}})
			tok, _ := srv.IssueToken("o", "")
			c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			id, err := c.Deploy(ctx, mdapiZip(t, "", tc.files), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if r.Success != tc.wantSuccess {
				t.Fatalf("success = %v, want %v: %+v", r.Success, tc.wantSuccess, r)
			}
			text := r.ErrorMessage
			for _, w := range r.CodeCoverageWarnings {
				text += "\n" + w.Message
			}
			if !strings.Contains(text, tc.wantText) {
				t.Errorf("errors %q do not mention %q", text, tc.wantText)
			}
			if want := 0; !tc.wantSuccess && len(srv.Deployed("o")) != want {
				t.Errorf("a failed deploy left components: %+v", srv.Deployed("o"))
			}
		})
	}
}

func pkgXML(types string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">` + types + `<version>66.0</version></Package>`
}
