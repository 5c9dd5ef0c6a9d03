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

const doneStatus = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><checkDeployStatusResponse><result><id>0AfX</id><done>true</done><status>Succeeded</status><success>true</success></result></checkDeployStatusResponse></soapenv:Body></soapenv:Envelope>`

func TestAHungPollTimesOutAndIsRetried(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			// Never answers (until the test ends).
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, doneStatus)
	}))
	defer srv.Close()
	defer close(release) // before Close, which waits for the hung handler
	hc := salesforce.NewHTTPClient(salesforce.HTTPTimeouts{ResponseHeader: 100 * time.Millisecond})
	c, err := salesforce.New(salesforce.Token{AccessToken: "t", InstanceURL: srv.URL}, salesforce.Options{AllowLoopback: true, HTTPClient: hc, RetryDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := c.DeployStatus(ctx, "0AfX")
	if err != nil || !r.Success {
		t.Fatalf("DeployStatus = %+v, %v; want the retried poll's success", r, err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls, want the hung one and its retry", n)
	}
}

func TestTheDefaultClientHasTimeoutsAndFollowsNoRedirect(t *testing.T) {
	hc := salesforce.NewHTTPClient(salesforce.HTTPTimeouts{})
	tr, ok := hc.Transport.(*http.Transport)
	if !ok || hc.Timeout <= 0 || tr.TLSHandshakeTimeout <= 0 || tr.ResponseHeaderTimeout <= 0 || tr.DialContext == nil {
		t.Errorf("client %+v, transport %+v: every timeout must be set", hc, tr)
	}
	if hc.CheckRedirect == nil {
		t.Error("the client follows redirects")
	}
}

func TestRedirectsAreNotFollowedAndTheirBodyIsNotKept(t *testing.T) {
	var foreign atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreign.Add(1)
		fmt.Fprint(w, "<metadata>foreign secret page</metadata>")
	}))
	defer evil.Close()
	org := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", evil.URL+"/latest/meta-data/")
		w.WriteHeader(http.StatusFound)
		fmt.Fprint(w, "redirect body with session 00D000000000001!AQabcdefghijklmnop")
	}))
	defer org.Close()
	for _, tc := range []struct {
		name string
		hc   *http.Client
	}{
		{"default client", nil},
		{"a caller's client that would follow redirects", &http.Client{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := salesforce.New(salesforce.Token{AccessToken: "t", InstanceURL: org.URL}, salesforce.Options{AllowLoopback: true, HTTPClient: tc.hc, RetryDelay: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.DeployStatus(context.Background(), "0AfX")
			if err == nil {
				t.Fatal("a redirect was taken for an answer")
			}
			msg := err.Error()
			host := strings.TrimPrefix(evil.URL, "http://")
			if !errors.Is(err, salesforce.ErrInvalidRequest) || !strings.Contains(msg, "302") || !strings.Contains(msg, host) {
				t.Errorf("error %q: want an invalid request naming 302 and %s", msg, host)
			}
			if strings.Contains(msg, "foreign") || strings.Contains(msg, "00D000000000001!") || strings.Contains(msg, "redirect body") {
				t.Errorf("error %q keeps a response body", msg)
			}
			if foreign.Load() != 0 {
				t.Errorf("the redirect target was called %d times", foreign.Load())
			}
		})
	}
}

func TestScrubText(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // substrings that must remain
		not      []string // substrings that must be gone
	}{
		{"session id", "INVALID_SESSION_ID: 00D5g000001abcD!AQ4AQFh.xyz_123 expired", []string{"INVALID_SESSION_ID", "[session id]"}, []string{"AQ4AQFh"}},
		{"bearer header echoed", "Authorization: Bearer abc.def-ghi", []string{"Bearer [redacted]"}, []string{"abc.def"}},
		{"SOAP session header", "<sessionId>secret-sid</sessionId>", []string{"<sessionId>[redacted]</"}, []string{"secret-sid"}},
		{"form and JSON secrets", `access_token=tok1&refresh_token=tok2 {"client_secret":"cs","password": "pw"}`, []string{"access_token=[redacted]"}, []string{"tok1", "tok2", `"cs"`, `"pw"`}},
		{"email", "user ann.admin@example.com is inactive", []string{"user [email] is inactive"}, []string{"ann.admin"}},
		{"control characters", "line1\r\nline2\x1b[31m", []string{"line1  line2 [31m"}, []string{"\r", "\x1b"}},
		{"long body is cut", strings.Repeat("x", 5000), []string{"…"}, []string{strings.Repeat("x", 513)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := salesforce.ScrubText(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("ScrubText(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("ScrubText(%q) = %q, still contains %q", tt.in, got, w)
				}
			}
			if len(got) > 512+len("…") {
				t.Errorf("ScrubText gave %d bytes", len(got))
			}
		})
	}
}

func TestErrorBodiesAreShortAndScrubbed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "bad request for admin@acme.example with sid=00D000000000001!AQsecret "+strings.Repeat("padding ", 400))
	}))
	defer srv.Close()
	c, _ := salesforce.New(salesforce.Token{AccessToken: "t", InstanceURL: srv.URL}, salesforce.Options{AllowLoopback: true})
	_, err := c.DeployStatus(context.Background(), "0AfX")
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if len(msg) > 700 || strings.Contains(msg, "admin@acme") || strings.Contains(msg, "AQsecret") {
		t.Errorf("error is %d bytes and %q", len(msg), msg[:min(len(msg), 200)])
	}
}
