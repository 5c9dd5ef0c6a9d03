package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// followOAuth follows the redirect to the simulated Salesforce login, which
// approves at once and sends the browser back to the callback.
func followOAuth(t *testing.T, authURL string) url.Values {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || back.Path != "/oauth/callback" {
		t.Fatalf("simulator answered %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	return back.Query()
}

func TestConnectingAnOrgRunsOAuthWithStateAndPKCE(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	if testid(doc(t, c.get("/orgs")), "org-row").Length() != 2 {
		t.Fatal("the demo orgs are not listed")
	}
	rec := c.post("/orgs/connect", url.Values{"kind": {"sandbox"}, "alias": {"UAT"}})
	wantStatus(t, rec, http.StatusSeeOther)
	auth, _ := url.Parse(rec.Header().Get("Location"))
	q := auth.Query()
	if q.Get("state") == "" || q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		t.Fatalf("authorize URL lacks state or PKCE: %s", auth)
	}
	if strings.Contains(auth.String(), "code_verifier") {
		t.Fatal("the verifier left the server")
	}
	back := followOAuth(t, auth.String())

	// A forged state is refused, and uses up the flow.
	forged := url.Values{"code": {back.Get("code")}, "state": {"forged"}}
	if rec := c.get("/oauth/callback?" + forged.Encode()); rec.Code != http.StatusBadRequest {
		t.Errorf("forged state: %d", rec.Code)
	}
	if rec := c.get("/oauth/callback?" + back.Encode()); rec.Code != http.StatusBadRequest {
		t.Errorf("callback after the flow was cleared: %d", rec.Code)
	}

	// A fresh flow completes: the sandbox (disconnected first, as one org
	// is connected once) under a new name.
	wantStatus(t, c.post("/orgs/"+itoa64(a.orgID("Demo Sandbox"))+"/disconnect", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	rec = c.post("/orgs/connect", url.Values{"kind": {"sandbox"}, "alias": {"UAT"}})
	back = followOAuth(t, rec.Header().Get("Location"))
	rec = c.get("/oauth/callback?" + back.Encode())
	wantStatus(t, rec, http.StatusSeeOther)
	d := doc(t, c.get("/orgs"))
	rows := testid(d, "org-row")
	if rows.Length() != 2 || !strings.Contains(rows.Text(), "UAT") {
		t.Fatalf("orgs after connecting:\n%s", rows.Text())
	}
	if strings.Contains(c.get("/orgs").Body.String(), "sfsim-client-secret") {
		t.Error("the client secret is rendered")
	}
	o, err := a.st.OrgByAlias(context.Background(), "UAT")
	if err != nil || o.APIVersion == "" || o.Username != "admin@sandbox.sfsim" || o.Kind != store.OrgSandbox {
		t.Errorf("stored org %+v, %v; want the simulated sandbox", o, err)
	}
	// The replayed callback is refused.
	if rec := c.get("/oauth/callback?" + back.Encode()); rec.Code != http.StatusBadRequest {
		t.Errorf("replayed callback: %d", rec.Code)
	}
}

func TestAMyDomainAddressMustBeSalesforce(t *testing.T) {
	a := newTestApp(t)
	a.srv.opts.DemoLoginURL = "" // as outside demo mode
	c := a.as("ada")
	// Only My Domain login hosts, which the CSP's form-action allows the
	// redirect to reach; other Salesforce hosts are not login pages.
	for _, u := range []string{"https://evil.example.com", "https://acme.lightning.force.com", "https://evil.example.com/.my.salesforce.com", "http://acme.my.salesforce.com"} {
		rec := c.post("/orgs/connect", url.Values{"kind": {"custom"}, "url": {u}})
		if rec.Code != http.StatusBadRequest {
			t.Errorf("My Domain %q: status %d, want 400", u, rec.Code)
		}
	}
	rec := c.post("/orgs/connect", url.Values{"kind": {"custom"}, "url": {"acme--dev.sandbox.my.salesforce.com"}})
	wantStatus(t, rec, http.StatusSeeOther)
	rec = c.post("/orgs/connect", url.Values{"kind": {"custom"}, "url": {"acme.my.salesforce.com"}})
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "https://acme.my.salesforce.com/services/oauth2/authorize?") {
		t.Errorf("went to %q", loc)
	}
}

func TestDisconnectingRevokesAndForgetsTheOrg(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := a.orgID("Demo Sandbox")
	// The button on the orgs page asks first, and changes nothing.
	rec := c.post("/orgs/"+itoa64(id)+"/disconnect", nil)
	wantStatus(t, rec, http.StatusOK)
	confirm := testid(doc(t, rec), "disconnect-confirmed")
	if confirm.Length() != 1 || !strings.Contains(confirm.Text(), "Demo Sandbox") {
		t.Fatal("disconnecting did not ask for confirmation naming the org")
	}
	if _, err := a.st.Org(context.Background(), id); err != nil {
		t.Fatalf("the org was removed before confirming: %v", err)
	}
	rec = c.post("/orgs/"+itoa64(id)+"/disconnect", url.Values{"confirm": {"yes"}})
	wantStatus(t, rec, http.StatusSeeOther)
	if _, err := a.st.Org(context.Background(), id); err == nil {
		t.Error("org still stored")
	}
	var revoked bool
	for _, r := range a.demo.Sim.Requests() {
		if strings.HasSuffix(r.Path, "/services/oauth2/revoke") && r.Status == http.StatusOK {
			revoked = true
		}
	}
	if !revoked {
		t.Error("no successful revoke call reached Salesforce")
	}
	if !strings.Contains(c.get("/orgs").Body.String(), "revoked") {
		t.Error("no confirmation")
	}
}

func TestOrgsNeedingReconnectSaySo(t *testing.T) {
	a := newTestApp(t)
	id := a.orgID("Demo Production")
	if err := a.st.SetOrgStatus(context.Background(), id, store.OrgReconnectRequired); err != nil {
		t.Fatal(err)
	}
	d := doc(t, a.as("ada").get("/orgs"))
	if !strings.Contains(testid(d, "orgs").Text(), "Reconnect needed") {
		t.Error("health not shown")
	}
}

func TestSettingsSecretsAreWriteOnlyAndEncrypted(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	secret := "very-secret-consumer-secret"
	rec := c.post("/settings", url.Values{"client_id": {"3MVG9-client"}, "client_secret": {secret}, "llm_base_url": {"https://llm.example/v1"}, "llm_model": {"m1"}, "llm_api_key": {"sk-abc-123456"}})
	wantStatus(t, rec, http.StatusSeeOther)
	page := c.get("/settings").Body.String()
	if strings.Contains(page, secret) || strings.Contains(page, "sk-abc-123456") {
		t.Error("a secret is rendered")
	}
	if !strings.Contains(page, "3MVG9-client") || !strings.Contains(page, "A value is stored") {
		t.Error("client id or secret state not shown")
	}
	if v, _ := a.st.SettingValue(context.Background(), SettingSalesforceClientSecret); v != secret {
		t.Error("secret not stored")
	}
	// An empty secret field keeps the stored secret.
	wantStatus(t, c.post("/settings", url.Values{"client_id": {"3MVG9-client"}}), http.StatusSeeOther)
	if v, _ := a.st.SettingValue(context.Background(), SettingSalesforceClientSecret); v != secret {
		t.Error("saving without a secret erased it")
	}
	rec = c.post("/settings", url.Values{"llm_base_url": {"javascript:alert(1)"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	if testid(doc(t, rec), "settings-error").Length() != 1 {
		t.Error("bad endpoint not explained")
	}
	for _, e := range mustAudit(t, a) {
		if strings.Contains(e.Detail, secret) {
			t.Error("a secret reached the audit log")
		}
	}
}

func mustAudit(t *testing.T, a *testApp) []store.AuditEntry {
	t.Helper()
	es, err := a.st.AuditLog(context.Background(), 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestAdminsAddUsersAndChangeRoles(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	rec := c.post("/users", url.Values{"username": {"nina"}, "password": {"short"}, "role": {"viewer"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	d := doc(t, rec)
	if testid(d, "user-error").Length() != 1 {
		t.Error("short password not explained")
	}
	if v, _ := d.Find(`input[name="username"]`).Attr("value"); v != "nina" {
		t.Error("form lost the username")
	}
	wantStatus(t, c.post("/users", url.Values{"username": {"nina"}, "password": {"long enough pw"}, "role": {"viewer"}}), http.StatusSeeOther)
	rec = c.post("/users", url.Values{"username": {"nina"}, "password": {"long enough pw"}, "role": {"viewer"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	u, err := a.st.UserByName(context.Background(), "nina")
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post("/users/"+itoa64(u.ID)+"/role", url.Values{"role": {"editor"}}), http.StatusSeeOther)
	if u, _ = a.st.UserByName(context.Background(), "nina"); u.Role != store.RoleEditor {
		t.Errorf("role is %s", u.Role)
	}
	if rec := c.post("/users/"+itoa64(u.ID)+"/role", url.Values{"role": {"owner"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown role: %d", rec.Code)
	}
	me, _ := a.st.UserByName(context.Background(), "ada")
	if rec := c.post("/users/"+itoa64(me.ID)+"/role", url.Values{"role": {"viewer"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("demoting oneself: %d", rec.Code)
	}
}

func TestTheAuditLogRecordsWhoChangedGeneratedAndDeployed(t *testing.T) {
	a := newTestApp(t)
	e := a.as("eddie")
	id := itoa64(a.exampleID())
	text := testid(doc(t, e.get("/integrations/"+id)), "spec-text").Text()
	wantStatus(t, e.post("/integrations/"+id+"/versions", url.Values{"spec": {text + "\n"}, "base": {"1"}}), http.StatusSeeOther)
	wantStatus(t, e.get("/integrations/"+id+"/versions/2/download/project"), http.StatusOK)
	startDeploy(t, a, e, "Demo Sandbox")
	d := doc(t, a.as("ada").get("/audit"))
	log := testid(d, "audit").Text()
	for _, want := range []string{"Saved a version", "Downloaded a package", "Started a deployment", "eddie", "passed the checks", "Run the package's tests"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q:\n%s", want, log)
		}
	}
	if href, _ := testid(d, "audit-target").Find(`a[href="/integrations/` + id + `"]`).Attr("href"); href == "" {
		t.Errorf("the audit log does not link to the integration it names")
	}
}

var auditTargetWord = regexp.MustCompile(`\b(integration|deployment|org):\s*\d`)

// TestScreensSayNoDeveloperWords reads the pages a newcomer meets after a
// save and a deploy for Salesforce's and patchbay's internal vocabulary.
func TestScreensSayNoDeveloperWords(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := itoa64(a.exampleID())
	text := testid(doc(t, c.get("/integrations/"+id)), "spec-text").Text()
	wantStatus(t, c.post("/integrations/"+id+"/versions", url.Values{"spec": {text + "\n"}, "base": {"1"}}), http.StatusSeeOther)
	path := startDeploy(t, a, c, "Demo Sandbox")
	waitDeployment(t, a, path)
	for _, page := range []string{"/audit", "/", "/deployments", path, "/integrations/" + id} {
		d := doc(t, c.get(page))
		d.Find("textarea, script").Remove()
		shown := d.Find("body").Text()
		for _, word := range []string{"RunSpecifiedTests", "RunLocalTests", "InProgress", "deploy.start", "spec.save", "(valid:"} {
			if strings.Contains(shown, word) {
				t.Errorf("%s shows %q", page, word)
			}
		}
		// Audit targets such as integration:3; the spec's own help text may
		// say "the integration: letter first".
		if m := auditTargetWord.FindString(shown); m != "" {
			t.Errorf("%s shows %q", page, m)
		}
	}
}

// TestViewingFilesWritesNoAuditRows keeps the audit log for what changed or
// left the server: looking at a generated file is not recorded, downloading
// the package is, once per download.
func TestViewingFilesWritesNoAuditRows(t *testing.T) {
	a := newTestApp(t)
	v := a.as("vera")
	id := itoa64(a.exampleID())
	before := len(mustAudit(t, a))
	for range 3 {
		wantStatus(t, v.get("/integrations/"+id+"/versions/1/files"), http.StatusOK)
	}
	if after := len(mustAudit(t, a)); after != before {
		t.Errorf("viewing the files page three times wrote %d audit rows, want none", after-before)
	}
	wantStatus(t, v.get("/integrations/"+id+"/versions/1/download/metadata"), http.StatusOK)
	es := mustAudit(t, a)
	if len(es) != before+1 || es[0].Action != "download" || es[0].Actor != "vera" {
		t.Errorf("a download wrote %d rows (newest %+v), want one download row by vera", len(es)-before, es[0])
	}
}

func TestStaticAssetsAreServedUnderChecksummedNames(t *testing.T) {
	a := newTestApp(t)
	c := a.anonymous()
	d := doc(t, c.get("/login"))
	href, _ := d.Find(`link[rel="stylesheet"]`).First().Attr("href")
	if !strings.HasPrefix(href, "/static/app.") || len(href) < len("/static/app.0123456789.css") {
		t.Fatalf("stylesheet at %q", href)
	}
	rec := c.get(href)
	wantStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("headers %v", rec.Header())
	}
	d.Find("script[src]").Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		wantStatus(t, c.get(src), http.StatusOK)
	})
	if rec := c.get("/static/app.css"); rec.Code != http.StatusNotFound {
		t.Errorf("unhashed name served: %d", rec.Code)
	}
}

func TestCheckingAnOrgRefreshesItsTokenOrAsksToReconnect(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	id := a.orgID("Demo Sandbox")
	a.demo.Sim.ExpireSessions("sandbox")
	wantStatus(t, c.post("/orgs/"+itoa64(id)+"/check", nil), http.StatusSeeOther)
	if o, _ := a.st.Org(context.Background(), id); o.Status != store.OrgConnected {
		t.Errorf("after a refresh the org is %s", o.Status)
	}
	if flash := testid(doc(t, c.get("/orgs")), "flash").Text(); !strings.Contains(flash, "The connection works") {
		t.Errorf("confirmation: %q", flash)
	}
	a.demo.Sim.ExpireSessions("sandbox")
	a.demo.Sim.RevokeRefreshTokens("sandbox")
	wantStatus(t, c.post("/orgs/"+itoa64(id)+"/check", nil), http.StatusSeeOther)
	if o, _ := a.st.Org(context.Background(), id); o.Status != store.OrgReconnectRequired {
		t.Errorf("with the refresh token revoked the org is %s", o.Status)
	}
	d := doc(t, c.get("/orgs"))
	if !strings.Contains(testid(d, "orgs").Text(), "Reconnect needed") {
		t.Error("the org does not ask to be reconnected")
	}
	if rec := a.as("eddie").post("/orgs/"+itoa64(id)+"/check", nil); rec.Code != http.StatusForbidden {
		t.Errorf("editor checking an org: %d", rec.Code)
	}
}

func TestAnAdminCanClearTheStoredLLMKey(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	ctx := context.Background()
	wantStatus(t, c.post("/settings", url.Values{"llm_base_url": {"https://llm.example/v1"}, "llm_model": {"m1"}, "llm_api_key": {"sk-abc-123456"}}), http.StatusSeeOther)
	if testid(doc(t, c.get("/settings")), "clear-llm-key").Length() != 1 {
		t.Fatal("no way to clear the stored key")
	}
	// Saving other settings keeps it; asking to clear it forgets it.
	wantStatus(t, c.post("/settings", url.Values{"llm_base_url": {"https://llm.example/v1"}, "llm_model": {"m1"}}), http.StatusSeeOther)
	if v, _ := a.st.SettingValue(ctx, SettingLLMAPIKey); v != "sk-abc-123456" {
		t.Fatal("saving without the key erased it")
	}
	wantStatus(t, c.post("/settings", url.Values{"llm_base_url": {"https://llm.example/v1"}, "llm_model": {"m1"}, "clear_llm_api_key": {"1"}}), http.StatusSeeOther)
	if v, err := a.st.SettingValue(ctx, SettingLLMAPIKey); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the key is still stored: %q %v", v, err)
	}
	if got := mustAudit(t, a)[0].Detail; got != "cleared the language model's API key" {
		t.Errorf("audit detail %q", got)
	}
	page := doc(t, c.get("/settings"))
	if testid(page, "clear-llm-key").Length() != 0 {
		t.Error("the page still offers to clear a key that is gone")
	}
	// Clearing again, with nothing stored, is no error.
	wantStatus(t, c.post("/settings", url.Values{"clear_llm_api_key": {"1"}}), http.StatusSeeOther)
}

func TestAFailedCodeExchangeExplainsAndOffersToConnectAgain(t *testing.T) {
	tests := []struct {
		name string
		back func(url.Values) url.Values
		want string
	}{
		{"a code that is not Salesforce's (invalid_grant)", func(v url.Values) url.Values { v.Set("code", "not-a-code"); return v }, "refused the sign-in code"},
		{"a denied sign-in", func(v url.Values) url.Values {
			return url.Values{"state": {v.Get("state")}, "error": {"access_denied"}, "error_description": {"end-user denied authorization"}}
		}, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestApp(t)
			c := a.as("ada")
			rec := c.post("/orgs/connect", url.Values{"kind": {"sandbox"}, "alias": {"UAT"}})
			wantStatus(t, rec, http.StatusSeeOther)
			back := followOAuth(t, rec.Header().Get("Location"))
			rec = c.get("/oauth/callback?" + tt.back(back).Encode())
			wantStatus(t, rec, http.StatusBadRequest)
			d := doc(t, rec)
			if got := testid(d, "what-happened").Text(); !strings.Contains(got, tt.want) {
				t.Errorf("what happened = %q, want it to mention %q", got, tt.want)
			}
			form := testid(d, "connect-again").Closest("form")
			if action, _ := form.Attr("action"); action != "/orgs/connect" {
				t.Errorf("Connect again posts to %q", action)
			}
			for name, want := range map[string]string{"kind": "sandbox", "alias": "UAT"} {
				if v, _ := form.Find(`input[name="` + name + `"]`).Attr("value"); v != want {
					t.Errorf("Connect again sends %s=%q, want %q", name, v, want)
				}
			}
			if v, _ := form.Find(`input[name="_csrf"]`).Attr("value"); v == "" {
				t.Error("the Connect again form has no CSRF token")
			}
			if _, err := a.st.OrgByAlias(context.Background(), "UAT"); err == nil {
				t.Error("an org was stored")
			}
		})
	}
}

func TestAnOrgsTypeComesFromTheOrgAndAnOrgIsConnectedOnce(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t)
	c := a.as("ada")
	prodToken := func() salesforce.Token {
		tok, err := a.demo.Sim.IssueToken("production", "")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// Sandbox ticked, production signed in to: refused while production is
	// connected, naming the name it has.
	_, err := a.srv.saveConnection(ctx, pendingAuth{kind: store.OrgSandbox, loginURL: a.demo.LoginURL, alias: "UAT"}, prodToken())
	var p *problem
	if !errors.As(err, &p) || p.status != http.StatusConflict || !strings.Contains(p.msg, `"Demo Production"`) {
		t.Fatalf("connecting production again as a sandbox: %v; want 409 naming Demo Production", err)
	}
	// Once it is disconnected, it connects as what it is: production.
	wantStatus(t, c.post("/orgs/"+itoa64(a.orgID("Demo Production"))+"/disconnect", url.Values{"confirm": {"yes"}}), http.StatusSeeOther)
	o, err := a.srv.saveConnection(ctx, pendingAuth{kind: store.OrgSandbox, loginURL: a.demo.LoginURL, alias: "UAT"}, prodToken())
	if err != nil || o.Kind != store.OrgProduction {
		t.Fatalf("saveConnection = %+v, %v; want a production org whatever the form said", o, err)
	}
	// An editor, who may deploy to sandboxes only, may not deploy there.
	if deploy.MayDeploy(store.User{Role: store.RoleEditor}, o) {
		t.Error("an editor may deploy to the production org")
	}
	// Reconnecting the sandbox with production's sign-in is refused too.
	sbx := a.orgID("Demo Sandbox")
	if _, err := a.srv.saveConnection(ctx, pendingAuth{kind: store.OrgSandbox, loginURL: a.demo.LoginURL, orgID: sbx}, prodToken()); !errors.As(err, &p) || p.status != http.StatusConflict {
		t.Errorf("reconnecting the sandbox as production: %v; want 409", err)
	}

	// Through the browser: Sandbox goes to the simulated sandbox, which
	// is connected already.
	rec := c.post("/orgs/connect", url.Values{"kind": {"sandbox"}, "alias": {"Second"}})
	back := followOAuth(t, rec.Header().Get("Location"))
	rec = c.get("/oauth/callback?" + back.Encode())
	wantStatus(t, rec, http.StatusConflict)
	if !strings.Contains(rec.Body.String(), "Demo Sandbox") {
		t.Errorf("the refusal does not name the existing org:\n%s", rec.Body.String())
	}
}

func TestCheckingAnOrgCorrectsItsTypeFromTheOrg(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t)
	c := a.as("ada")
	id := a.orgID("Demo Production")
	o, err := a.st.Org(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	o.Kind = store.OrgSandbox // as the old connect form recorded it
	if err := a.st.UpdateOrg(ctx, o); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post("/orgs/"+itoa64(id)+"/check", nil), http.StatusSeeOther)
	if o, _ = a.st.Org(ctx, id); o.Kind != store.OrgProduction {
		t.Errorf("after a check the production org is %s", o.Kind)
	}
}
