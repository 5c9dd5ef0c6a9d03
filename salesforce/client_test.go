package salesforce_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

const redirectURL = "http://127.0.0.1:9999/oauth/callback"

// sim starts a simulator behind httptest and returns it with its URL.
func sim(t *testing.T, opts sfsim.Options) (*sfsim.Server, string) {
	t.Helper()
	srv := sfsim.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.SetBaseURL(ts.URL)
	return srv, ts.URL
}

func oauthConfig(base string) *salesforce.OAuthConfig {
	return &salesforce.OAuthConfig{
		ClientID: sfsim.DefaultClientID, ClientSecret: sfsim.DefaultClientSecret,
		RedirectURL: redirectURL, LoginURL: base, AllowLoopback: true,
	}
}

// noRedirect is an HTTP client that stops at the first redirect, as a
// browser hands the callback to the app.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize runs the browser half of the web-server flow and returns the
// code and state from the callback.
func authorize(t *testing.T, authURL string, form url.Values) (code, state string) {
	t.Helper()
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = noRedirect.Get(authURL)
	} else {
		u, _ := url.Parse(authURL)
		for k, v := range u.Query() {
			form[k] = v
		}
		resp, err = noRedirect.PostForm(u.Scheme+"://"+u.Host+u.Path, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize answered %d, want a 302 to the callback", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURL {
		t.Fatalf("redirected to %s, want %s", got, redirectURL)
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

func TestWebServerFlowWithPKCE(t *testing.T) {
	srv, base := sim(t, sfsim.Options{AutoApprove: true, Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}})
	cfg := oauthConfig(base)
	ctx := context.Background()

	tests := []struct {
		name       string
		verifier   func(right string) string
		wantErr    error
		wantErrMsg string
	}{
		{name: "the right verifier gets a token", verifier: func(v string) string { return v }},
		{name: "a wrong verifier is rejected", verifier: func(string) string { return salesforce.NewVerifier() }, wantErr: salesforce.ErrReconnectRequired, wantErrMsg: "invalid code verifier"},
		{name: "a missing verifier is rejected", verifier: func(string) string { return "" }, wantErr: salesforce.ErrReconnectRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			state, verifier := salesforce.NewState(), salesforce.NewVerifier()
			authURL, err := cfg.AuthCodeURL(state, verifier)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(authURL, "code_challenge_method=S256") || strings.Contains(authURL, verifier) {
				t.Fatalf("authorize URL must carry an S256 challenge and not the verifier: %s", authURL)
			}
			code, gotState := authorize(t, authURL, nil)
			if gotState != state || code == "" {
				t.Fatalf("callback state %q code %q; want state %q and a code", gotState, code, state)
			}
			tok, err := cfg.Exchange(ctx, code, tc.verifier(verifier))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.wantErrMsg) {
					t.Fatalf("Exchange error = %v, want %v containing %q", err, tc.wantErr, tc.wantErrMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.InstanceURL != srv.InstanceURL("acme") || tok.RefreshToken == "" || tok.AccessToken == "" || tok.IssuedAt.IsZero() {
				t.Fatalf("token = %v, want instance %s with access and refresh tokens", tok, srv.InstanceURL("acme"))
			}
			org := srv.Orgs()[0]
			if tok.OrgID() != org.ID {
				t.Errorf("OrgID() = %q, want %q", tok.OrgID(), org.ID)
			}
			c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
			if err != nil {
				t.Fatal(err)
			}
			id, err := c.Identity(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if id.OrgID != org.ID || id.Username != org.Usernames[0] || id.OrgType != salesforce.OrgTypeSandbox || id.MaxAPIVersion != "66.0" || id.OrgName == "" {
				t.Errorf("identity = %+v", id)
			}
			if err := c.Revoke(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Identity(ctx); !errors.Is(err, salesforce.ErrAuthExpired) {
				t.Errorf("after revoke, Identity error = %v, want ErrAuthExpired", err)
			}
		})
	}
}

func TestLoginFormChecksThePassword(t *testing.T) {
	_, base := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Users: []sfsim.UserOptions{{Username: "ada@acme.test", Password: "s3cret"}}}}})
	cfg := oauthConfig(base)
	verifier := salesforce.NewVerifier()
	authURL, err := cfg.AuthCodeURL("st", verifier)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("authorize without auto-approve: %d %s, want the HTML login form", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	u, _ := url.Parse(authURL)
	form := u.Query()
	form.Set("username", "ada@acme.test")
	form.Set("password", "wrong")
	resp, err = noRedirect.PostForm(base+"/services/oauth2/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password answered %d, want 401", resp.StatusCode)
	}
	code, state := authorize(t, authURL, url.Values{"username": {"ada@acme.test"}, "password": {"s3cret"}})
	if state != "st" {
		t.Fatalf("state = %q", state)
	}
	if _, err := cfg.Exchange(context.Background(), code, verifier); err != nil {
		t.Fatal(err)
	}
}

func TestOAuthConfigRefusesNonSalesforceHosts(t *testing.T) {
	tests := []struct {
		url      string
		loopback bool
		ok       bool
	}{
		{"https://login.salesforce.com", false, true},
		{"https://test.salesforce.com", false, true},
		{"https://acme.my.salesforce.com", false, true},
		{"https://acme--dev.sandbox.my.salesforce.com", false, true},
		{"https://acme.lightning.force.com", false, true},
		{"http://login.salesforce.com", false, false},
		{"https://login.salesforce.com.evil.example", false, false},
		{"https://evilsalesforce.com", false, false},
		{"https://user:pw@login.salesforce.com", false, false},
		{"http://127.0.0.1:8080", false, false},
		{"http://127.0.0.1:8080", true, true},
		{"http://localhost:8080", true, true},
		{"http://10.0.0.1:8080", true, false},
		{"not a url", true, false},
	}
	for _, tc := range tests {
		err := salesforce.CheckHost(tc.url, tc.loopback)
		if (err == nil) != tc.ok {
			t.Errorf("CheckHost(%q, loopback=%v) = %v, want ok=%v", tc.url, tc.loopback, err, tc.ok)
		}
		if err != nil && !errors.Is(err, salesforce.ErrInvalidHost) {
			t.Errorf("CheckHost(%q) error %v does not match ErrInvalidHost", tc.url, err)
		}
	}
	cfg := &salesforce.OAuthConfig{ClientID: "x", LoginURL: "https://login.example.com"}
	if _, err := cfg.AuthCodeURL("s", "v"); !errors.Is(err, salesforce.ErrInvalidHost) {
		t.Errorf("AuthCodeURL on a foreign host: %v, want ErrInvalidHost", err)
	}
}

func TestJWTBearer(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	srv, base := sim(t, sfsim.Options{
		Orgs:    []sfsim.OrgOptions{{Alias: "acme", Users: []sfsim.UserOptions{{Username: "int@acme.test"}}}},
		Clients: []sfsim.ClientApp{{ID: "jwt-app", PublicKey: &key.PublicKey}},
	})
	ctx := context.Background()
	tests := []struct {
		name    string
		cfg     salesforce.JWTConfig
		wantErr error
	}{
		{"a signed assertion gets a token", salesforce.JWTConfig{ClientID: "jwt-app", Username: "int@acme.test", PrivateKey: key}, nil},
		{"a bad signature is rejected", salesforce.JWTConfig{ClientID: "jwt-app", Username: "int@acme.test", PrivateKey: otherKey}, salesforce.ErrReconnectRequired},
		{"an unknown user is rejected", salesforce.JWTConfig{ClientID: "jwt-app", Username: "nobody@acme.test", PrivateKey: key}, salesforce.ErrReconnectRequired},
		{"a wrong audience is rejected", salesforce.JWTConfig{ClientID: "jwt-app", Username: "int@acme.test", PrivateKey: key, Audience: "https://elsewhere.example"}, salesforce.ErrReconnectRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.LoginURL, cfg.AllowLoopback = base, true
			tok, err := cfg.Token(ctx)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("Token error = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.InstanceURL != srv.InstanceURL("acme") || tok.RefreshToken != "" {
				t.Errorf("token = %v", tok)
			}
		})
	}

	t.Run("exp is in seconds, at most three minutes ahead", func(t *testing.T) {
		cfg := salesforce.JWTConfig{ClientID: "jwt-app", Username: "int@acme.test", PrivateKey: key, LoginURL: base}
		a, err := cfg.Assertion()
		if err != nil {
			t.Fatal(err)
		}
		payload, err := base64.RawURLEncoding.DecodeString(strings.Split(a, ".")[1])
		if err != nil {
			t.Fatal(err)
		}
		var claims struct {
			Iss, Sub, Aud string
			Exp           int64
		}
		if err := json.Unmarshal(payload, &claims); err != nil {
			t.Fatal(err)
		}
		ahead := claims.Exp - time.Now().Unix()
		if ahead <= 0 || ahead > 180 {
			t.Errorf("exp is %d s ahead, want (0, 180]", ahead)
		}
		if claims.Iss != "jwt-app" || claims.Sub != "int@acme.test" || claims.Aud != base {
			t.Errorf("claims = %+v", claims)
		}
	})

	t.Run("an exp in milliseconds is rejected", func(t *testing.T) {
		// A clock 1000 times later puts exp where a milliseconds value would be.
		cfg := salesforce.JWTConfig{ClientID: "jwt-app", Username: "int@acme.test", PrivateKey: key, LoginURL: base, AllowLoopback: true,
			Now: func() time.Time { return time.UnixMilli(time.Now().Unix() * 1000 * 1000) }}
		if _, err := cfg.Token(ctx); !errors.Is(err, salesforce.ErrReconnectRequired) {
			t.Fatalf("Token error = %v, want ErrReconnectRequired", err)
		}
	})
}

// mdapi zips files under "unpackaged/".
func mdapi(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create("unpackaged/" + name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const apexMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>
`

func pkg(members ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">`)
	byType := map[string][]string{}
	var order []string
	for _, m := range members {
		typ, name, _ := strings.Cut(m, ":")
		if byType[typ] == nil {
			order = append(order, typ)
		}
		byType[typ] = append(byType[typ], name)
	}
	for _, typ := range order {
		b.WriteString("<types>")
		for _, n := range byType[typ] {
			b.WriteString("<members>" + n + "</members>")
		}
		b.WriteString("<name>" + typ + "</name></types>")
	}
	b.WriteString("<version>66.0</version></Package>")
	return b.String()
}

const extCred = `<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Acme_Service</parameterGroup><parameterName>Acme_Service</parameterName>
        <parameterType>NamedPrincipal</parameterType><sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Acme API Auth</label>
</ExternalCredential>
`

func goodZip(t *testing.T) []byte {
	return mdapi(t, map[string]string{
		"package.xml":                                          pkg("ApexClass:Hello", "ApexClass:HelloTest", "ExternalCredential:Acme_API_Auth"),
		"classes/Hello.cls":                                    "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
		"classes/Hello.cls-meta.xml":                           apexMeta,
		"classes/HelloTest.cls":                                "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n    @IsTest static void saysHiTwice() { Hello.hi(); Assert.areEqual('hi', Hello.hi()); }\n}\n",
		"classes/HelloTest.cls-meta.xml":                       apexMeta,
		"externalCredentials/Acme_API_Auth.externalCredential": extCred,
	})
}

func brokenZip(t *testing.T) []byte {
	return mdapi(t, map[string]string{
		"package.xml":                    pkg("ApexClass:Hello", "ApexClass:HelloTest"),
		"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() {\n        return 'hi';\n    \n}\n",
		"classes/Hello.cls-meta.xml":     apexMeta,
		"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n}\n",
		"classes/HelloTest.cls-meta.xml": apexMeta,
	})
}

func failingTestZip(t *testing.T) []byte {
	return mdapi(t, map[string]string{
		"package.xml":                    pkg("ApexClass:Hello", "ApexClass:HelloTest"),
		"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
		"classes/Hello.cls-meta.xml":     apexMeta,
		"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void passes() { Assert.areEqual('hi', Hello.hi()); }\n    @IsTest static void breaks() { Assert.fail('boom'); }\n}\n",
		"classes/HelloTest.cls-meta.xml": apexMeta,
	})
}

func newClient(t *testing.T, srv *sfsim.Server, alias string, p salesforce.Protocol, mod func(*salesforce.Options)) *salesforce.Client {
	t.Helper()
	tok, err := srv.IssueToken(alias, "")
	if err != nil {
		t.Fatal(err)
	}
	opts := salesforce.Options{Protocol: p, AllowLoopback: true, RetryDelay: time.Millisecond}
	if mod != nil {
		mod(&opts)
	}
	c, err := salesforce.New(tok, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fastPoll = salesforce.PollOptions{Interval: 20 * time.Millisecond, MaxInterval: 50 * time.Millisecond}

var protocols = []salesforce.Protocol{salesforce.ProtocolSOAP, salesforce.ProtocolREST}

func TestDeploy(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		tests := []struct {
			name  string
			zip   func(*testing.T) []byte
			opts  salesforce.DeployOptions
			check func(t *testing.T, r *salesforce.DeployResult, srv *sfsim.Server)
		}{
			{
				name: "a good package succeeds with its tests",
				zip:  goodZip,
				opts: salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true, SinglePackage: true},
				check: func(t *testing.T, r *salesforce.DeployResult, srv *sfsim.Server) {
					if !r.Success || r.Status != salesforce.StatusSucceeded || r.NumberComponentsDeployed != 3 || r.NumberTestsTotal != 2 || len(r.TestSuccesses) != 2 {
						t.Errorf("result = %+v", r)
					}
					if len(r.ComponentSuccesses) != 4 { // three components and package.xml
						t.Errorf("component successes = %+v", r.ComponentSuccesses)
					}
					if n := len(srv.Deployed("acme")); n != 3 {
						t.Errorf("org holds %d components, want 3", n)
					}
				},
			},
			{
				name: "a compile error comes back as a component failure with file and line",
				zip:  brokenZip,
				opts: salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true},
				check: func(t *testing.T, r *salesforce.DeployResult, srv *sfsim.Server) {
					if r.Success || r.Status != salesforce.StatusFailed || r.NumberComponentErrors != 1 || len(r.ComponentFailures) != 1 {
						t.Fatalf("result = %+v", r)
					}
					f := r.ComponentFailures[0]
					if f.ComponentType != "ApexClass" || f.FullName != "Hello" || f.FileName != "unpackaged/classes/Hello.cls" || f.LineNumber != 5 || f.ProblemType != "Error" || !strings.Contains(f.Problem, "Expecting '}'") {
						t.Errorf("failure = %+v", f)
					}
					if n := len(srv.Deployed("acme")); n != 0 {
						t.Errorf("a failed deploy left %d components", n)
					}
					if r.NumberTestsTotal != 0 {
						t.Errorf("%d tests ran although a class failed to compile", r.NumberTestsTotal)
					}
				},
			},
			{
				name: "a failing test fails the deploy and is reported",
				zip:  failingTestZip,
				opts: salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunSpecifiedTests, RunTests: []string{"HelloTest"}, RollbackOnError: true},
				check: func(t *testing.T, r *salesforce.DeployResult, srv *sfsim.Server) {
					if r.Success || r.NumberTestErrors != 1 || len(r.TestFailures) != 1 || len(r.TestSuccesses) != 1 {
						t.Fatalf("result = %+v", r)
					}
					if f := r.TestFailures[0]; f.Name != "HelloTest" || f.MethodName != "breaks" || !strings.Contains(f.Message, "AssertException") {
						t.Errorf("test failure = %+v", f)
					}
				},
			},
		}
		for _, tc := range tests {
			t.Run(string(p)+": "+tc.name, func(t *testing.T) {
				srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme"}}, DeployDuration: 300 * time.Millisecond})
				c := newClient(t, srv, "acme", p, nil)
				id, err := c.Deploy(ctx, tc.zip(t), tc.opts)
				if err != nil {
					t.Fatal(err)
				}
				var seen []string
				po := fastPoll
				po.OnStatus = func(r *salesforce.DeployResult) { seen = append(seen, r.Status) }
				r, err := c.WaitDeploy(ctx, id, po)
				if err != nil {
					t.Fatal(err)
				}
				if r.ID != id || !r.Done {
					t.Errorf("result id %q done %v, want %q done", r.ID, r.Done, id)
				}
				if len(seen) < 2 {
					t.Errorf("statuses seen = %v, want progress before the end", seen)
				}
				tc.check(t, r, srv)
				if d := srv.Deploys("acme"); len(d) != 1 || d[0].Protocol != string(p) {
					t.Errorf("deploys = %+v, want exactly one over %s", d, p)
				}
			})
		}
	}
}

func TestRefreshOn401MidPollKeepsInstanceURL(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			srv, base := sim(t, sfsim.Options{
				Orgs:                     []sfsim.OrgOptions{{Alias: "acme"}},
				DeployDuration:           150 * time.Millisecond,
				OmitInstanceURLOnRefresh: true,
				Faults:                   sfsim.Faults{ExpireSessionAfterPolls: 2},
			})
			var mu sync.Mutex
			var refreshed []salesforce.Token
			c := newClient(t, srv, "acme", p, func(o *salesforce.Options) {
				o.Refresher = oauthConfig(base)
				o.OnTokenRefresh = func(tok salesforce.Token) { mu.Lock(); refreshed = append(refreshed, tok); mu.Unlock() }
			})
			before := c.Token()
			id, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true})
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, fastPoll)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Success {
				t.Fatalf("result = %+v", r)
			}
			after := c.Token()
			if after.AccessToken == before.AccessToken {
				t.Error("access token did not change")
			}
			if after.InstanceURL != before.InstanceURL || after.RefreshToken != before.RefreshToken {
				t.Errorf("after refresh: instance %q refresh kept %v; want %q and the old refresh token", after.InstanceURL, after.RefreshToken == before.RefreshToken, before.InstanceURL)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(refreshed) != 1 || refreshed[0].AccessToken != after.AccessToken {
				t.Errorf("OnTokenRefresh called %d times", len(refreshed))
			}
			var refreshPath string
			for _, rq := range srv.Requests() {
				if strings.HasSuffix(rq.Path, "/services/oauth2/token") {
					refreshPath = rq.Path
				}
			}
			if refreshPath != "/org/acme/services/oauth2/token" {
				t.Errorf("refresh went to %q, want the org's own instance", refreshPath)
			}
		})
	}
}

func TestRevokedRefreshTokenMeansReconnect(t *testing.T) {
	srv, base := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme"}}})
	c := newClient(t, srv, "acme", salesforce.ProtocolREST, func(o *salesforce.Options) { o.Refresher = oauthConfig(base) })
	srv.ExpireSessions("acme")
	srv.RevokeRefreshTokens("acme")
	_, err := c.Identity(context.Background())
	if !errors.Is(err, salesforce.ErrReconnectRequired) {
		t.Fatalf("error = %v, want ErrReconnectRequired", err)
	}
	if strings.Contains(err.Error(), c.Token().AccessToken) || strings.Contains(err.Error(), c.Token().RefreshToken) {
		t.Error("error text contains a token")
	}
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		tests := []struct {
			name      string
			faults    sfsim.Faults
			wantErr   error
			wantCount int // deploys the org received
		}{
			{"a burst of 503s is retried", sfsim.Faults{Unavailable: 2}, nil, 1},
			{"too many 503s give ErrTransient", sfsim.Faults{Unavailable: 10}, salesforce.ErrTransient, 0},
			{"the request limit gives ErrLimitExceeded", sfsim.Faults{LimitExceeded: 1}, salesforce.ErrLimitExceeded, 0},
			{"a dropped deploy request is not sent twice", sfsim.Faults{DropConnections: 1}, salesforce.ErrTransient, 0},
		}
		for _, tc := range tests {
			t.Run(string(p)+": "+tc.name, func(t *testing.T) {
				srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}, Faults: tc.faults})
				c := newClient(t, srv, "acme", p, nil)
				id, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{RollbackOnError: true})
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) {
						t.Fatalf("Deploy error = %v, want %v", err, tc.wantErr)
					}
				} else {
					if err != nil {
						t.Fatal(err)
					}
					if _, err := c.WaitDeploy(ctx, id, fastPoll); err != nil {
						t.Fatal(err)
					}
				}
				if n := len(srv.Deploys("acme")); n != tc.wantCount {
					t.Errorf("org received %d deploys, want %d", n, tc.wantCount)
				}
			})
		}
		t.Run(string(p)+": dropped status polls are retried", func(t *testing.T) {
			srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}})
			c := newClient(t, srv, "acme", p, nil)
			id, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{RollbackOnError: true})
			if err != nil {
				t.Fatal(err)
			}
			srv.SetFaults(sfsim.Faults{DropConnections: 2})
			r, err := c.DeployStatus(ctx, id)
			if err != nil || !r.Success {
				t.Fatalf("DeployStatus = %+v, %v", r, err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}, DeployDuration: time.Hour})
			c := newClient(t, srv, "acme", p, nil)
			id, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{RollbackOnError: true})
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Cancel(ctx, id); err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, fastPoll)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != salesforce.StatusCanceled || r.Success {
				t.Errorf("result = %+v, want Canceled", r)
			}
			if n := len(srv.Deployed("acme")); n != 0 {
				t.Errorf("a canceled deploy left %d components", n)
			}
			if err := c.Cancel(ctx, "0AfNOPE000000000AAA"); err == nil {
				t.Error("cancelling an unknown deploy succeeded")
			}
		})
	}
}

func TestQuickDeploy(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		t.Run(string(p), func(t *testing.T) {
			srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme"}}})
			c := newClient(t, srv, "acme", p, nil)
			vid, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{CheckOnly: true, TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true})
			if err != nil {
				t.Fatal(err)
			}
			v, err := c.WaitDeploy(ctx, vid, fastPoll)
			if err != nil || !v.Success || !v.CheckOnly {
				t.Fatalf("validation = %+v, %v", v, err)
			}
			if n := len(srv.Deployed("acme")); n != 0 {
				t.Fatalf("a validation deployed %d components", n)
			}
			id, err := c.QuickDeploy(ctx, vid)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, fastPoll)
			if err != nil || !r.Success || r.CheckOnly || r.NumberTestsTotal != 0 {
				t.Fatalf("quick deploy = %+v, %v", r, err)
			}
			if n := len(srv.Deployed("acme")); n != 3 {
				t.Errorf("org holds %d components, want 3", n)
			}
			if _, err := c.QuickDeploy(ctx, vid); !errors.Is(err, salesforce.ErrInvalidRequest) {
				t.Errorf("second quick deploy of one validation: %v, want ErrInvalidRequest", err)
			}
		})
	}
}

func TestSetCredential(t *testing.T) {
	ctx := context.Background()
	srv, _ := sim(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}})
	c := newClient(t, srv, "acme", salesforce.ProtocolREST, nil)
	pc := salesforce.PrincipalCredentials{
		ExternalCredential: "Acme_API_Auth", AuthenticationProtocol: "Custom", PrincipalName: "Acme_Service",
		Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: "sk_live_secret", Encrypted: true}},
	}
	if err := c.SetCredential(ctx, pc); err == nil {
		t.Fatal("setting a credential before its External Credential is deployed succeeded")
	} else if strings.Contains(err.Error(), "sk_live_secret") {
		t.Fatal("error text contains the secret")
	}
	id, err := c.Deploy(ctx, goodZip(t), salesforce.DeployOptions{RollbackOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitDeploy(ctx, id, fastPoll); err != nil {
		t.Fatal(err)
	}
	for i, value := range []string{"first-secret", "second-secret"} {
		pc.Credentials["ApiKey"] = salesforce.CredentialValue{Value: value, Encrypted: true}
		if err := c.SetCredential(ctx, pc); err != nil {
			t.Fatal(err)
		}
		creds := srv.Credentials("acme")
		if len(creds) != 1 || creds[0].Values["ApiKey"] != value || creds[0].Sets != i+1 || creds[0].PrincipalType != salesforce.PrincipalNamed {
			t.Fatalf("after set %d: %+v", i+1, creds)
		}
	}
	bad := pc
	bad.PrincipalName = "Nobody"
	if err := c.SetCredential(ctx, bad); !errors.Is(err, salesforce.ErrInvalidRequest) {
		t.Errorf("unknown principal: %v, want ErrInvalidRequest", err)
	}
	if s := (salesforce.CredentialValue{Value: "x-secret"}).String(); strings.Contains(s, "x-secret") {
		t.Errorf("CredentialValue.String() = %q", s)
	}
}

func TestTokenFormattingHidesSecrets(t *testing.T) {
	tok := salesforce.Token{AccessToken: "00Dxx!access-secret", RefreshToken: "refresh-secret", InstanceURL: "https://x.my.salesforce.com"}
	for _, s := range []string{tok.String(), tok.GoString()} {
		if strings.Contains(s, "secret") {
			t.Errorf("formatted token leaks a secret: %s", s)
		}
	}
}

func TestConcurrentDeploysToManyOrgs(t *testing.T) {
	var orgs []sfsim.OrgOptions
	for _, a := range []string{"o1", "o2", "o3", "o4", "o5", "o6"} {
		orgs = append(orgs, sfsim.OrgOptions{Alias: a, Sandbox: a > "o3"})
	}
	srv, _ := sim(t, sfsim.Options{Orgs: orgs, DeployDuration: 50 * time.Millisecond, Faults: sfsim.Faults{Unavailable: 3}})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, len(orgs))
	zipData := goodZip(t)
	for i, o := range orgs {
		c := newClient(t, srv, o.Alias, protocols[i%2], nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := c.Deploy(ctx, zipData, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true})
			if err != nil {
				errs <- err
				return
			}
			if r, err := c.WaitDeploy(ctx, id, fastPoll); err != nil || !r.Success {
				errs <- fmt.Errorf("%s: %+v, %w", o.Alias, r, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, o := range orgs {
		if d := srv.Deploys(o.Alias); len(d) != 1 || len(srv.Deployed(o.Alias)) != 3 {
			t.Errorf("%s: %d deploys, %d components; want 1 and 3", o.Alias, len(d), len(srv.Deployed(o.Alias)))
		}
	}
}
