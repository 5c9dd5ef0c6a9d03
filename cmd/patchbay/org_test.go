package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

var authorizeURL = regexp.MustCompile(`http://\S+/services/oauth2/authorize\S+`)

// browserLogin runs `org login` and plays the browser: it opens the URL
// the command prints, which sfsim (auto-approving) redirects to the
// command's loopback callback.
func browserLogin(t *testing.T, w *cliWorld, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- w.runWith(ctx, &out, &errb, append([]string{"org", "login"}, args...)...) }()
	var link string
	for link == "" {
		select {
		case code := <-done:
			return code, out.String(), errb.String()
		case <-time.After(5 * time.Millisecond):
		}
		link = authorizeURL.FindString(out.String())
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || len(q.Get("state")) < 32 {
		t.Errorf("authorize URL lacks PKCE S256 or a state: %s", link)
	}
	if cb, _ := url.Parse(q.Get("redirect_uri")); cb == nil || cb.Hostname() != "127.0.0.1" {
		t.Errorf("redirect_uri = %q, want a 127.0.0.1 loopback callback", q.Get("redirect_uri"))
	} else {
		// A callback with the wrong state is refused and the command waits on.
		bad := q.Get("redirect_uri") + "?code=x&state=forged"
		resp, err := http.Get(bad)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a forged state got HTTP %d", resp.StatusCode)
		}
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the browser ended on HTTP %d", resp.StatusCode)
	}
	return <-done, out.String(), errb.String()
}

func TestOrgLoginListAndLogout(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	w := newCLIWorld(t, sfsim.Options{AutoApprove: true,
		Orgs:    []sfsim.OrgOptions{{Alias: "prod"}, {Alias: "uat", Sandbox: true}},
		Clients: []sfsim.ClientApp{{ID: sfsim.DefaultClientID, Secret: sfsim.DefaultClientSecret, PublicKey: &key.PublicKey}}})
	ctx := context.Background()

	code, out, errOut := browserLogin(t, w, "--instance", w.base, "--alias", "prod")
	if code != 0 || !strings.Contains(out, `Connected prod: user admin@prod.sfsim in org "prod (sfsim)" (00DSIM`) || !strings.Contains(out, ", production) at ") {
		t.Fatalf("org login: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	keyFile := filepath.Join(t.TempDir(), "server.key")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = w.run(ctx, "org", "login", "--instance", w.base, "--alias", "uat", "--jwt", keyFile, "--username", "admin@uat.sfsim")
	if code != 0 || !strings.Contains(out, `Connected uat: user admin@uat.sfsim in org "uat (sfsim)"`) || !strings.Contains(out, ", sandbox) at ") {
		t.Fatalf("org login --jwt: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	// Logging in again under the same alias reconnects.
	code, out, _ = browserLogin(t, w, "--instance", w.base, "--alias", "prod")
	if code != 0 || !strings.Contains(out, "Reconnected prod") {
		t.Errorf("second login: exit %d\n%s", code, out)
	}

	code, out, _ = w.run(ctx, "org", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "ALIAS") ||
		!regexp.MustCompile(`^prod\s+production\s+admin@prod\.sfsim\s+http://\S+/org/prod\s+66\.0\s+connected$`).MatchString(lines[1]) ||
		!regexp.MustCompile(`^uat\s+sandbox\s+admin@uat\.sfsim\s+\S+\s+66\.0\s+connected$`).MatchString(lines[2]) {
		t.Errorf("org list: exit %d\n%s", code, out)
	}

	// The tokens are stored, and encrypted: the raw database lacks them.
	cfg := loadConfig(envOf(w.vars))
	st, err := cfg.openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prod, _ := st.OrgByAlias(ctx, "prod")
	tok, err := st.OrgTokens(ctx, prod.ID)
	st.Close()
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("stored tokens: %v (access set %v, refresh set %v)", err, tok.AccessToken != "", tok.RefreshToken != "")
	}
	raw, _ := os.ReadFile(cfg.DBPath)
	wal, _ := os.ReadFile(cfg.DBPath + "-wal")
	if strings.Contains(string(raw)+string(wal), tok.RefreshToken) || strings.Contains(string(raw)+string(wal), tok.AccessToken) {
		t.Error("a token is in the database file in plain text")
	}
	if strings.Contains(out, tok.AccessToken) {
		t.Error("org list printed a token")
	}

	code, out, errOut = w.run(ctx, "org", "logout", "prod")
	if code != 0 || !strings.Contains(out, "Revoked the tokens of prod") || !strings.Contains(out, "Logged out of prod") {
		t.Errorf("org logout: exit %d\n%s\n%s", code, out, errOut)
	}
	revoked := false
	for _, r := range w.srv.Requests() {
		if strings.HasSuffix(r.Path, "/services/oauth2/revoke") && r.Status == http.StatusOK {
			revoked = true
		}
	}
	if !revoked {
		t.Error("sfsim saw no successful revoke")
	}
	code, out, _ = w.run(ctx, "org", "list")
	if code != 0 || strings.Contains(out, "prod") || !strings.Contains(out, "uat") {
		t.Errorf("org list after logout: exit %d\n%s", code, out)
	}
	if code, _, errOut = w.run(ctx, "org", "logout", "prod"); code == 0 || !strings.Contains(errOut, "no org named prod") {
		t.Errorf("logout of an unknown org: exit %d, %s", code, errOut)
	}
}

func TestOrgLoginProblems(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{})
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"no client id for the web flow", map[string]string{"PATCHBAY_SF_CLIENT_ID": "", "PATCHBAY_SF_CLIENT_SECRET": ""}, []string{"--instance", w.base}, 1, "PATCHBAY_SF_CLIENT_ID is not set"},
		{"sandbox and instance together", nil, []string{"--sandbox", "--instance", w.base}, 2, "not both"},
		{"not a Salesforce host", nil, []string{"--instance", "https://evil.example.com"}, 2, "not a Salesforce domain"},
		{"jwt without a username", nil, []string{"--instance", w.base, "--jwt", "key.pem"}, 2, "--jwt needs --username"},
		{"a bad secret key", map[string]string{"PATCHBAY_SECRET_KEY": "nope"}, []string{"--instance", w.base}, 1, "PATCHBAY_SECRET_KEY"},
		{"unknown subcommand", nil, nil, 2, "unknown subcommand"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := map[string]string{}
			for k, v := range w.vars {
				saved[k] = v
			}
			defer func() { w.vars = saved }()
			for k, v := range tt.vars {
				w.vars[k] = v
			}
			args := append([]string{"org", "login"}, tt.args...)
			if tt.args == nil {
				args = []string{"org", "dance"}
			}
			code, _, errOut := w.run(context.Background(), args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

func TestOrgLoginRefusesAnAliasThatNamesAnotherOrg(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{AutoApprove: true, Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
	ctx := context.Background()
	st, err := loadConfig(envOf(w.vars)).openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateOrg(ctx, store.Org{Alias: "prod", Kind: store.OrgProduction, LoginURL: "https://login.salesforce.com",
		InstanceURL: "https://other.my.salesforce.com", OrgID: "00D000000000OTHER"}, store.Tokens{AccessToken: "x"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, _, errOut := browserLogin(t, w, "--instance", w.base, "--alias", "prod")
	if code == 0 || !strings.Contains(errOut, "already names org 00D000000000OTHER") {
		t.Errorf("login over another org's alias: exit %d, %s", code, errOut)
	}
}

func TestOrgLoginConnectsTheOrgItLoggedInToAndOnlyOnce(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{AutoApprove: true, Orgs: []sfsim.OrgOptions{{Alias: "prod"}, {Alias: "uat", Sandbox: true}}})
	ctx := context.Background()
	// At the second org's own address (what `patchbay sfsim` prints as its
	// instance URL), the second org is connected, not the first.
	code, out, errOut := browserLogin(t, w, "--instance", w.srv.InstanceURL("uat"), "--alias", "uat")
	if code != 0 || !strings.Contains(out, `Connected uat: user admin@uat.sfsim in org "uat (sfsim)"`) || !strings.Contains(out, "sandbox") {
		t.Fatalf("login at uat's address: exit %d\n%s\n%s", code, out, errOut)
	}
	// --username picks the user on the shared login page too.
	code, out, errOut = browserLogin(t, w, "--instance", w.base, "--alias", "prod", "--username", "admin@prod.sfsim")
	if code != 0 || !strings.Contains(out, "user admin@prod.sfsim") {
		t.Fatalf("login as admin@prod.sfsim: exit %d\n%s\n%s", code, out, errOut)
	}
	// The same org under another alias is refused, with the fix.
	code, out, errOut = browserLogin(t, w, "--instance", w.srv.InstanceURL("uat"), "--alias", "uat2")
	if code == 0 || !strings.Contains(errOut, "already connected as uat") || !strings.Contains(errOut, "patchbay org login --alias uat") ||
		!strings.Contains(errOut, "patchbay org logout uat") {
		t.Errorf("the same org as uat2: exit %d\n%s\n%s", code, out, errOut)
	}
	// Without --alias, logging in again reconnects it under its name.
	code, out, errOut = browserLogin(t, w, "--instance", w.srv.InstanceURL("uat"))
	if code != 0 || !strings.Contains(out, "Reconnected uat") {
		t.Errorf("login again without --alias: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = w.run(ctx, "org", "list")
	if code != 0 || strings.Count(out, "\n") != 3 || strings.Contains(out, "uat2") {
		t.Errorf("org list:\n%s", out)
	}
}
