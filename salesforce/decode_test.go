package salesforce_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
)

// fakeOrg answers every request with the next canned response.
func fakeOrg(t *testing.T, responses ...func(w http.ResponseWriter)) (*salesforce.Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i >= len(responses) {
			i = len(responses) - 1
		}
		responses[i](w)
	}))
	t.Cleanup(ts.Close)
	return newFakeClient(t, ts.URL, salesforce.ProtocolREST), &n
}

func newFakeClient(t *testing.T, url string, p salesforce.Protocol) *salesforce.Client {
	t.Helper()
	c, err := salesforce.New(salesforce.Token{AccessToken: "00D000000000001!x", InstanceURL: url},
		salesforce.Options{Protocol: p, AllowLoopback: true, RetryDelay: time.Millisecond, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(status int, contentType, body string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestLenientDecoding(t *testing.T) {
	tests := []struct {
		name     string
		protocol salesforce.Protocol
		body     string
	}{
		{"REST with quoted scalars and one-item lists as objects", salesforce.ProtocolREST, `{"id":"0Af1","deployResult":{"id":"0Af1","status":"Failed","done":"true","success":"false","checkOnly":false,
			"numberComponentErrors":"1","numberComponentsTotal":"2","numberTestsTotal":"2","numberTestErrors":"1","numberTestsCompleted":1,
			"details":{"componentFailures":{"componentType":"ApexClass","fullName":"A","fileName":"classes/A.cls","lineNumber":"3","columnNumber":"7","problem":"Missing ';'","problemType":"Error","success":"false"},
			"componentSuccesses":[{"componentType":"","fullName":"package.xml","fileName":"package.xml","success":"true","lineNumber":null}],
			"runTestResult":{"numTestsRun":"2","failures":{"name":"T","methodName":"m","message":"boom","time":"1.5"},"successes":[{"name":"T","methodName":"ok","time":"2"}],
			"codeCoverageWarnings":{"name":"A","message":"low"}}}}}`},
		{"SOAP with nil elements", salesforce.ProtocolSOAP, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><checkDeployStatusResponse><result>
			<checkOnly>false</checkOnly><details>
			<componentFailures><changed>false</changed><columnNumber>7</columnNumber><componentType>ApexClass</componentType><fileName>classes/A.cls</fileName><fullName>A</fullName><lineNumber>3</lineNumber><problem>Missing ';'</problem><problemType>Error</problemType><success>false</success></componentFailures>
			<componentSuccesses><componentType xsi:nil="true"/><fileName>package.xml</fileName><fullName>package.xml</fullName><lineNumber xsi:nil="true"/><success>true</success></componentSuccesses>
			<runTestResult><codeCoverageWarnings><name>A</name><message>low</message></codeCoverageWarnings><failures><message>boom</message><methodName>m</methodName><name>T</name><time>1.5</time></failures><numFailures>1</numFailures><numTestsRun>2</numTestsRun><successes><methodName>ok</methodName><name>T</name><time>2.0</time></successes></runTestResult>
			</details><done>true</done><id>0Af1</id><numberComponentErrors>1</numberComponentErrors><numberComponentsTotal>2</numberComponentsTotal><numberTestErrors>1</numberTestErrors><numberTestsCompleted>1</numberTestsCompleted><numberTestsTotal>2</numberTestsTotal><status>Failed</status><success>false</success>
			</result></checkDeployStatusResponse></soapenv:Body></soapenv:Envelope>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := "application/json"
			if tc.protocol == salesforce.ProtocolSOAP {
				ct = "text/xml"
			}
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(200, ct, tc.body)(w) }))
			defer ts.Close()
			r, err := newFakeClient(t, ts.URL, tc.protocol).DeployStatus(context.Background(), "0Af1")
			if err != nil {
				t.Fatal(err)
			}
			if !r.Done || r.Success || r.Status != "Failed" || r.NumberComponentErrors != 1 || r.NumberTestsTotal != 2 || r.NumberTestErrors != 1 {
				t.Errorf("result = %+v", r)
			}
			if len(r.ComponentFailures) != 1 || r.ComponentFailures[0].LineNumber != 3 || r.ComponentFailures[0].ColumnNumber != 7 || r.ComponentFailures[0].FileName != "classes/A.cls" {
				t.Errorf("failures = %+v", r.ComponentFailures)
			}
			if len(r.ComponentSuccesses) != 1 || !r.ComponentSuccesses[0].Success {
				t.Errorf("successes = %+v", r.ComponentSuccesses)
			}
			if len(r.TestFailures) != 1 || r.TestFailures[0].Time != 1.5 || len(r.TestSuccesses) != 1 || r.TestSuccesses[0].Time != 2 {
				t.Errorf("tests = %+v / %+v", r.TestFailures, r.TestSuccesses)
			}
			if len(r.CodeCoverageWarnings) != 1 || r.CodeCoverageWarnings[0].Name != "A" {
				t.Errorf("coverage warnings = %+v", r.CodeCoverageWarnings)
			}
		})
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name      string
		responses []func(http.ResponseWriter)
		want      error
		wantCalls int32
	}{
		{"an HTML outage page with 200 is transient and retried", []func(http.ResponseWriter){reply(200, "text/html", "<html><body>Down for maintenance</body></html>")}, salesforce.ErrTransient, 3},
		{"a 500 then success recovers", []func(http.ResponseWriter){reply(500, "text/plain", "oops"), reply(200, "application/json", `{"deployResult":{"id":"0Af1","status":"InProgress","done":false}}`)}, nil, 2},
		{"INVALID_SESSION_ID without a refresher is ErrAuthExpired", []func(http.ResponseWriter){reply(401, "application/json", `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`)}, salesforce.ErrAuthExpired, 1},
		{"REQUEST_LIMIT_EXCEEDED is ErrLimitExceeded", []func(http.ResponseWriter){reply(403, "application/json", `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`)}, salesforce.ErrLimitExceeded, 1},
		{"an unknown id is ErrNotFound", []func(http.ResponseWriter){reply(404, "application/json", `[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]`)}, salesforce.ErrNotFound, 1},
		{"a bad request is ErrInvalidRequest", []func(http.ResponseWriter){reply(400, "application/json", `[{"message":"bad","errorCode":"API_DISABLED_FOR_ORG"}]`)}, salesforce.ErrInvalidRequest, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, calls := fakeOrg(t, tc.responses...)
			_, err := c.DeployStatus(context.Background(), "0Af1")
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			if calls.Load() != tc.wantCalls {
				t.Errorf("server saw %d calls, want %d", calls.Load(), tc.wantCalls)
			}
			var apiErr *salesforce.APIError
			if err != nil && !errors.As(err, &apiErr) {
				t.Errorf("error %v is not an *APIError", err)
			}
		})
	}
}

func TestSOAPFaultKinds(t *testing.T) {
	fault := func(code string) func(http.ResponseWriter) {
		return reply(500, "text/xml", `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>`+code+`</faultcode><faultstring>x</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
	}
	tests := []struct {
		name      string
		resp      func(http.ResponseWriter)
		want      error
		wantCalls int32
	}{
		{"an expired session", fault("sf:INVALID_SESSION_ID"), salesforce.ErrAuthExpired, 1},
		{"a limit", fault("sf:REQUEST_LIMIT_EXCEEDED"), salesforce.ErrLimitExceeded, 1},
		{"a client fault is not retried", fault("soapenv:Client"), salesforce.ErrInvalidRequest, 1},
		{"an unknown exception is retried", fault("sf:UNKNOWN_EXCEPTION"), salesforce.ErrTransient, 3},
		{"an HTML page is retried", reply(200, "text/html", "<!DOCTYPE html><html>maintenance</html>"), salesforce.ErrTransient, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); tc.resp(w) }))
			defer ts.Close()
			_, err := newFakeClient(t, ts.URL, salesforce.ProtocolSOAP).DeployStatus(context.Background(), "0Af1")
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
			if n.Load() != tc.wantCalls {
				t.Errorf("%d calls, want %d", n.Load(), tc.wantCalls)
			}
		})
	}
}

func TestWaitDeployToleratesUnknownStatuses(t *testing.T) {
	c, calls := fakeOrg(t,
		reply(200, "application/json", `{"deployResult":{"id":"0Af1","status":"Pending","done":false}}`),
		reply(200, "application/json", `{"deployResult":{"id":"0Af1","status":"FinalizingDeploy","done":false}}`),
		reply(503, "text/html", "<html>busy</html>"),
		reply(200, "application/json", `{"deployResult":{"id":"0Af1","status":"Succeeded","done":true,"success":true}}`),
	)
	var statuses []string
	r, err := c.WaitDeploy(context.Background(), "0Af1", salesforce.PollOptions{Interval: time.Millisecond, OnStatus: func(r *salesforce.DeployResult) { statuses = append(statuses, r.Status) }})
	if err != nil || !r.Success {
		t.Fatalf("WaitDeploy = %+v, %v", r, err)
	}
	if strings.Join(statuses, ",") != "Pending,FinalizingDeploy,Succeeded" || calls.Load() != 4 {
		t.Errorf("statuses %v after %d calls", statuses, calls.Load())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.WaitDeploy(ctx, "0Af1", salesforce.PollOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitDeploy on a canceled context: %v", err)
	}
}

func TestTokenResponseChecks(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr error
	}{
		{"a forged signature is refused", `{"access_token":"00D!x","instance_url":"%s","id":"%s/id/00D/005","issued_at":"1700000000000","signature":"Zm9yZ2Vk","token_type":"Bearer"}`, salesforce.ErrInvalidRequest},
		{"an instance URL off Salesforce is refused", `{"access_token":"00D!x","instance_url":"https://evil.example","id":"%[2]s/id/00D/005","issued_at":"1700000000000","token_type":"Bearer"}`, salesforce.ErrInvalidHost},
		{"invalid_grant means reconnect", `{"error":"invalid_grant","error_description":"expired access/refresh token"}`, salesforce.ErrReconnectRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ts *httptest.Server
			ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				status := 200
				if strings.Contains(tc.body, "invalid_grant") {
					status = 400
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				body := tc.body
				if strings.Contains(body, "%") {
					body = fmt.Sprintf(body, ts.URL, ts.URL)
				}
				_, _ = w.Write([]byte(body))
			}))
			defer ts.Close()
			cfg := &salesforce.OAuthConfig{ClientID: "id", ClientSecret: "secret", RedirectURL: "http://127.0.0.1/cb", LoginURL: ts.URL, AllowLoopback: true}
			_, err := cfg.Exchange(context.Background(), "code", "verifier")
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Exchange error = %v, want %v", err, tc.wantErr)
			}
			_, err = cfg.Refresh(context.Background(), salesforce.Token{RefreshToken: "r", InstanceURL: ts.URL})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Refresh error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}
