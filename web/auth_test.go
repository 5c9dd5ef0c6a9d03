package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/store"
)

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	a := newTestApp(t)
	for _, path := range []string{"/login", "/", "/does-not-exist"} {
		rec := a.anonymous().get(path)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy: %v", path, h)
		}
	}
}

func TestPagesHaveNoInlineScriptsOrStyles(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	for _, path := range []string{"/", "/integrations/new", "/orgs", "/settings", "/users", "/audit", "/integrations"} {
		d := doc(t, c.get(path))
		d.Find("script").Each(func(_ int, s *goquery.Selection) {
			if _, ok := s.Attr("src"); !ok || strings.TrimSpace(s.Text()) != "" {
				t.Errorf("%s: inline script %q", path, s.Text())
			}
		})
		if n := d.Find("style, [style]").Length(); n > 0 {
			t.Errorf("%s: %d inline styles", path, n)
		}
		d.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, at := range s.Nodes[0].Attr {
				if strings.HasPrefix(at.Key, "on") || strings.HasPrefix(at.Key, "hx-on") {
					t.Errorf("%s: inline event handler %s", path, at.Key)
				}
			}
		})
	}
}

func TestSignedOutVisitorsAreSentToSignIn(t *testing.T) {
	a := newTestApp(t)
	id := a.exampleID()
	for _, path := range []string{"/", "/integrations", "/integrations/new", "/orgs", "/settings", "/users", "/audit", "/deployments",
		"/integrations/" + itoa64(id), "/integrations/" + itoa64(id) + "/versions", "/integrations/" + itoa64(id) + "/versions/1/files",
		"/integrations/" + itoa64(id) + "/versions/1/download/metadata", "/integrations/" + itoa64(id) + "/versions/1/deploy",
		"/integrations/" + itoa64(id) + "/diff", "/deployments/1", "/oauth/callback"} {
		rec := a.anonymous().get(path)
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login?next=") {
			t.Errorf("GET %s signed out: status %d, location %q", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	c := a.anonymous()
	c.get("/login")
	for _, path := range []string{"/integrations/plan", "/integrations", "/spec/validate", "/orgs/connect", "/settings", "/users",
		"/integrations/" + itoa64(id) + "/versions", "/integrations/" + itoa64(id) + "/versions/1/deploy"} {
		rec := c.post(path, url.Values{"text": {"x"}})
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("POST %s signed out: status %d, want 401", path, rec.Code)
		}
	}
}

func TestSignInWithAWrongPasswordSaysSoAndKeepsTheUsername(t *testing.T) {
	a := newTestApp(t)
	c := a.anonymous()
	c.get("/login")
	rec := c.post("/login", url.Values{"username": {"ada"}, "password": {"wrong password"}})
	wantStatus(t, rec, http.StatusUnauthorized)
	d := doc(t, rec)
	if testid(d, "login-error").Length() != 1 {
		t.Error("no sign-in error shown")
	}
	if v, _ := d.Find("#username").Attr("value"); v != "ada" {
		t.Errorf("username field holds %q", v)
	}
	if _, ok := c.cookies[sessionCookie]; ok {
		t.Error("a failed sign-in set a session cookie")
	}
}

func TestSessionCookieIsHttpOnlyLaxAndSecureUnderTLS(t *testing.T) {
	for _, secure := range []bool{false, true} {
		a := newTestApp(t, func(c *appConfig) { c.secure = secure })
		c := a.anonymous()
		c.get("/login")
		rec := c.post("/login", url.Values{"username": {"ada"}, "password": {testPassword}, "next": {"/orgs"}})
		wantStatus(t, rec, http.StatusSeeOther)
		if loc := rec.Header().Get("Location"); loc != "/orgs" {
			t.Errorf("redirected to %q, want /orgs", loc)
		}
		var found bool
		for _, ck := range rec.Result().Cookies() {
			if ck.Name != sessionCookie {
				continue
			}
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != secure {
				t.Errorf("secure=%v: session cookie HttpOnly=%v SameSite=%v Secure=%v", secure, ck.HttpOnly, ck.SameSite, ck.Secure)
			}
		}
		if !found {
			t.Error("no session cookie")
		}
	}
}

// hostileNext are post-sign-in destinations that would leave the site in
// some browser, each written the way an attacker would put it in a link.
var hostileNext = []string{
	"//evil.example/x",
	"/%09/evil.example/x", // browsers drop the tab and read //evil.example
	"/\t/evil.example/x",
	"/%0a/evil.example", "/%0d%0a/evil.example", "/\r\n/evil.example",
	"/%00/evil.example",
	"/\\evil.example", "\\\\evil.example", "/%5Cevil.example", "/%5c%5cevil.example",
	"/%2F/evil.example", "/%2f%2fevil.example", "/.//evil.example",
	"https://evil.example/", "http:evil.example", "javascript:alert(1)", "data:text/html,x",
	"evil.example", "./x", "",
	"/\u3002evil.example", "/%E3%80%82evil.example/x" + string(rune(0x7f)),
	"/x%zz",
	"/" + strings.Repeat("a", 3000),
}

func TestSafeNextKeepsPathsOnThisSiteOnly(t *testing.T) {
	for _, next := range hostileNext {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	for _, next := range []string{"/", "/orgs", "/integrations/3/diff?from=1&to=2", "/deployments?org=Demo%20Sandbox", "/integrations/3#spec"} {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
}

func TestSignInRefusesRedirectsToOtherSites(t *testing.T) {
	a := newTestApp(t)
	for _, next := range []string{"//evil.example/x", "/%09/evil.example/x", "/\\evil.example"} {
		c := a.anonymous()
		if v, _ := doc(t, c.get("/login?next="+url.QueryEscape(next))).Find(`input[name="next"]`).Attr("value"); v != "/" {
			t.Errorf("sign-in form for next=%q carries next=%q, want /", next, v)
		}
		rec := c.post("/login", url.Values{"username": {"ada"}, "password": {testPassword}, "next": {next}})
		if loc := rec.Header().Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
}

// TestFormsMayOnlyGoToThisSiteAndSalesforceLogin checks the CSP's
// form-action: this site, the Salesforce login hosts the org connection
// redirects to (Chrome applies form-action to redirects after a post) and
// the demo's simulated login host; not every https: address.
func TestFormsMayOnlyGoToThisSiteAndSalesforceLogin(t *testing.T) {
	a := newTestApp(t)
	csp := a.anonymous().get("/login").Header().Get("Content-Security-Policy")
	var formAction string
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 && f[0] == "form-action" {
			formAction = strings.Join(f[1:], " ")
		}
	}
	want := "'self' https://login.salesforce.com https://test.salesforce.com https://*.my.salesforce.com " + a.demo.LoginURL
	if formAction != want {
		t.Errorf("form-action %q, want %q", formAction, want)
	}
}

func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	old := *c.cookies[sessionCookie]
	wantStatus(t, c.post("/logout", nil), http.StatusSeeOther)
	again := a.anonymous()
	again.cookies[sessionCookie] = &old
	if rec := again.get("/"); rec.Code != http.StatusSeeOther {
		t.Errorf("old session cookie still works: status %d", rec.Code)
	}
}

func TestStateChangesWithoutCSRFTokenAreRefused(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := itoa64(a.exampleID())
	for _, path := range []string{"/integrations/plan", "/integrations/" + id + "/versions", "/settings", "/users", "/logout",
		"/orgs/connect", "/integrations/" + id + "/versions/1/deploy"} {
		for _, tok := range []string{"", "forged-token-forged-token-forged-token"} {
			rec := c.post(path, url.Values{"_csrf": {tok}, "text": {"x"}, "spec": {"x"}})
			if rec.Code != http.StatusForbidden {
				t.Errorf("POST %s with csrf %q: status %d, want 403", path, tok, rec.Code)
				continue
			}
			d := doc(t, rec)
			if testid(d, "error").Length() != 1 || !strings.Contains(d.Text(), "expired") {
				t.Errorf("POST %s: no humane error page", path)
			}
		}
	}
	// The same forms pass with the token, in the form or in the htmx header.
	wantStatus(t, c.htmx("/spec/validate", url.Values{"spec": {"spec: patchbay/v1"}}), http.StatusOK)
}

func TestViewersReadButCannotChangeOrDeploy(t *testing.T) {
	a := newTestApp(t)
	c := a.as("vera")
	id := itoa64(a.exampleID())
	for _, path := range []string{"/", "/integrations", "/integrations/" + id, "/integrations/" + id + "/versions/1/files", "/orgs", "/deployments"} {
		wantStatus(t, c.get(path), http.StatusOK)
	}
	for _, path := range []string{"/integrations/new", "/integrations/" + id + "/versions/1/deploy", "/settings", "/users", "/audit"} {
		if rec := c.get(path); rec.Code != http.StatusForbidden {
			t.Errorf("viewer GET %s: status %d, want 403", path, rec.Code)
		}
	}
	rec := c.post("/integrations/"+id+"/versions/1/deploy", url.Values{"org": {itoa64(a.orgID("Demo Sandbox"))}, "mode": {"deploy"}, "tests": {"package"}})
	wantStatus(t, rec, http.StatusForbidden)
	rec = c.post("/integrations/"+id+"/versions", url.Values{"spec": {"spec: patchbay/v1"}})
	wantStatus(t, rec, http.StatusForbidden)
	if d := doc(t, c.get("/integrations/"+id)); testid(d, "save").Length() != 0 {
		t.Error("viewer sees a save button")
	}
	if deps, _ := a.st.Deployments(t.Context(), store.DeploymentFilter{}); len(deps) != 0 {
		t.Errorf("a viewer's request created %d deployments", len(deps))
	}
}

func TestEditorsDeployToSandboxesOnly(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := itoa64(a.exampleID())
	d := doc(t, c.get("/integrations/"+id+"/versions/1/deploy"))
	if _, disabled := testid(d, "org-Demo Production").Attr("disabled"); !disabled {
		t.Error("production org is selectable for an editor")
	}
	if _, disabled := testid(d, "org-Demo Sandbox").Attr("disabled"); disabled {
		t.Error("sandbox org is not selectable for an editor")
	}
	rec := c.post("/integrations/"+id+"/versions/1/deploy", url.Values{
		"org": {itoa64(a.orgID("Demo Production")), itoa64(a.orgID("Demo Sandbox"))}, "mode": {"deploy"}, "tests": {"package"}})
	wantStatus(t, rec, http.StatusForbidden)
	if !strings.Contains(rec.Body.String(), "production") {
		t.Error("refusal does not say why")
	}
	if deps, _ := a.st.Deployments(t.Context(), store.DeploymentFilter{}); len(deps) != 0 {
		t.Fatalf("the refused request created %d deployments", len(deps))
	}
	rec = c.post("/integrations/"+id+"/versions/1/deploy", url.Values{"org": {itoa64(a.orgID("Demo Sandbox"))}, "mode": {"check"}, "tests": {"NoTestRun"}})
	wantStatus(t, rec, http.StatusSeeOther)
}

func TestAdminPagesAreForAdminsOnly(t *testing.T) {
	a := newTestApp(t)
	e := a.as("eddie")
	for _, path := range []string{"/settings", "/users", "/audit"} {
		if rec := e.get(path); rec.Code != http.StatusForbidden {
			t.Errorf("editor GET %s: %d", path, rec.Code)
		}
	}
	if rec := e.post("/orgs/connect", url.Values{"kind": {"production"}}); rec.Code != http.StatusForbidden {
		t.Errorf("editor connecting an org: %d", rec.Code)
	}
	if rec := e.post("/users", url.Values{"username": {"mallory"}, "password": {"long enough pw"}, "role": {"admin"}}); rec.Code != http.StatusForbidden {
		t.Errorf("editor adding an admin: %d", rec.Code)
	}
	ad := a.as("ada")
	for _, path := range []string{"/settings", "/users", "/audit"} {
		wantStatus(t, ad.get(path), http.StatusOK)
	}
}

func TestRepeatedFailedSignInsAreSlowedDown(t *testing.T) {
	a := newTestApp(t)
	c := a.anonymous()
	c.get("/login")
	var limited bool
	for i := 0; i < loginBurst+3; i++ {
		rec := c.post("/login", url.Values{"username": {"ada"}, "password": {"guess " + itoa(i)}})
		if rec.Code == http.StatusTooManyRequests {
			limited = true
			if !strings.Contains(rec.Body.String(), "Too many attempts") {
				t.Error("the limit is not explained")
			}
			break
		}
	}
	if !limited {
		t.Errorf("%d failed sign-ins in a row were all accepted", loginBurst+3)
	}
}

// unreadableSessions is a store whose sessions cannot be decrypted, as
// when their secrets were sealed with another key.
type unreadableSessions struct{ Store }

func (unreadableSessions) Session(ctx context.Context, token string) (store.Session, error) {
	return store.Session{}, fmt.Errorf("store: session: %w", store.ErrDecrypt)
}

// TestAnUnreadableSessionIsNoSession: a session cookie whose session the
// store cannot decrypt used to answer 500 on every page; it is no session,
// so the person is sent to sign in and the cookie is cleared.
func TestAnUnreadableSessionIsNoSession(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	srv, err := New(a.opts, Services{Store: unreadableSessions{a.st}, Generate: generator.Generate})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/integrations", nil)
	req.AddCookie(c.cookies[sessionCookie])
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Errorf("status %d, location %q; want 303 to the sign-in page", rec.Code, rec.Header().Get("Location"))
	}
	cleared := false
	for _, ck := range rec.Result().Cookies() {
		cleared = cleared || ck.Name == sessionCookie && ck.MaxAge < 0
	}
	if !cleared {
		t.Error("the unreadable session cookie was not cleared")
	}
	{
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/login", nil)
		req.AddCookie(c.cookies[sessionCookie])
		srv.ServeHTTP(rec, req)
		wantStatus(t, rec, http.StatusOK)
	}
}
