package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// Settings keys the web app reads and writes.
const (
	SettingSalesforceClientID     = store.SettingSalesforceClientID
	SettingSalesforceClientSecret = store.SettingSalesforceClientSecret
	SettingLLMBaseURL             = "llm.base_url"
	SettingLLMModel               = "llm.model"
	SettingLLMAPIKey              = "llm.api_key"
)

const (
	oauthCookie  = "patchbay_oauth"
	oauthTimeout = 10 * time.Minute
)

// pendingAuth is one OAuth flow between "Connect" and the callback: its
// state and PKCE verifier never leave the server.
type pendingAuth struct {
	state    string
	verifier string
	loginURL string
	kind     store.OrgKind
	alias    string
	orgID    int64 // the org being reconnected, 0 for a new one
	userID   int64
	started  time.Time
}

// pendingAuths holds flows in progress, keyed by a random id kept in an
// HttpOnly cookie. A flow is removed when its callback arrives, whatever
// the outcome, or when it is older than oauthTimeout.
type pendingAuths struct {
	mu    sync.Mutex
	flows map[string]pendingAuth
}

func (p *pendingAuths) put(id string, a pendingAuth) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.flows == nil {
		p.flows = map[string]pendingAuth{}
	}
	for k, f := range p.flows {
		if time.Since(f.started) > oauthTimeout {
			delete(p.flows, k)
		}
	}
	p.flows[id] = a
}

// take removes and returns the flow with the given id.
func (p *pendingAuths) take(id string) (pendingAuth, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.flows[id]
	delete(p.flows, id)
	if ok && time.Since(a.started) > oauthTimeout {
		return pendingAuth{}, false
	}
	return a, ok
}

// oauthConfig builds the Connected App configuration from the settings.
func (s *Server) oauthConfig(ctx context.Context, loginURL string) (*salesforce.OAuthConfig, error) {
	id, err := s.settingOrEmpty(ctx, SettingSalesforceClientID)
	if err != nil {
		return nil, err
	}
	secret, err := s.settingOrEmpty(ctx, SettingSalesforceClientSecret)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, badRequest("Set the Salesforce client id (External Client App or Connected App consumer key) in Settings first.")
	}
	return &salesforce.OAuthConfig{
		ClientID: id, ClientSecret: secret, LoginURL: loginURL,
		RedirectURL:   strings.TrimRight(s.opts.BaseURL, "/") + "/oauth/callback",
		AllowLoopback: s.opts.AllowLoopback, HTTPClient: s.opts.HTTPClient,
	}, nil
}

// loginFormTargets are the origins the org connection form may end up at:
// the form posts to patchbay, which redirects the browser to a Salesforce
// login host, and Chrome applies the page's CSP form-action to every
// redirect that follows a form post. They are the production and sandbox
// login hosts and My Domain login hosts (which include sandbox, developer
// and scratch My Domains), the only login URLs loginURLFor gives.
var loginFormTargets = []string{salesforce.LoginURLProduction, salesforce.LoginURLSandbox, "https://*.my.salesforce.com"}

// isMyDomainLogin reports whether raw is an https My Domain login URL
// (https://name.my.salesforce.com, .sandbox.my..., .develop.my...), or with
// allowLoopback a loopback URL (the demo's and tests' simulated orgs).
func isMyDomainLogin(raw string, allowLoopback bool) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if ip := net.ParseIP(host); allowLoopback && (host == "localhost" || ip != nil && ip.IsLoopback()) {
		return true
	}
	return u.Scheme == "https" && strings.HasSuffix(host, ".my.salesforce.com")
}

// loginURLFor picks the login host for a kind of org, or checks a My Domain
// URL.
func (s *Server) loginURLFor(kind store.OrgKind, custom string) (string, error) {
	if s.opts.DemoLoginURL != "" {
		// Each simulated org has its own login address (like a My
		// Domain): the choice of production or sandbox picks the org of
		// that kind, as login.salesforce.com and test.salesforce.com do.
		if u, ok := s.opts.DemoLogins[kind]; ok {
			return u, nil
		}
		return s.opts.DemoLoginURL, nil
	}
	switch kind {
	case store.OrgProduction:
		return salesforce.LoginURLProduction, nil
	case store.OrgSandbox:
		return salesforce.LoginURLSandbox, nil
	case store.OrgCustom:
		custom = strings.TrimRight(strings.TrimSpace(custom), "/")
		if !strings.HasPrefix(custom, "https://") && !strings.HasPrefix(custom, "http://") {
			custom = "https://" + custom
		}
		if err := salesforce.CheckHost(custom, s.opts.AllowLoopback); err != nil || !isMyDomainLogin(custom, s.opts.AllowLoopback) {
			return "", badRequest("That is not a Salesforce My Domain address. It looks like https://yourcompany.my.salesforce.com.")
		}
		return custom, nil
	}
	return "", badRequest("Choose production, sandbox or My Domain.")
}

// orgConnect starts the OAuth web-server flow: it keeps state and the PKCE
// verifier on the server and sends the browser to Salesforce's login page.
func (s *Server) orgConnect(c echo.Context) error {
	kind := store.OrgKind(c.FormValue("kind"))
	loginURL, err := s.loginURLFor(kind, c.FormValue("url"))
	if err != nil {
		return err
	}
	cfg, err := s.oauthConfig(c.Request().Context(), loginURL)
	if err != nil {
		return err
	}
	a := pendingAuth{state: salesforce.NewState(), verifier: salesforce.NewVerifier(), loginURL: loginURL, kind: kind,
		alias: strings.TrimSpace(c.FormValue("alias")), started: time.Now()}
	if rid := c.FormValue("reconnect"); rid != "" {
		o, err := s.orgFromForm(c, rid)
		if err != nil {
			return err
		}
		a.orgID, a.alias, a.kind = o.ID, o.Alias, o.Kind
	}
	if u, ok := currentUser(c); ok {
		a.userID = u.ID
	}
	authURL, err := cfg.AuthCodeURL(a.state, a.verifier)
	if err != nil {
		return fmt.Errorf("building the Salesforce login address: %w", err)
	}
	id := randomToken()
	s.pending.put(id, a)
	c.SetCookie(&http.Cookie{Name: oauthCookie, Value: id, Path: "/oauth", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(oauthTimeout.Seconds())})
	s.audit(c, "org.connect.start", "login:"+loginURL, string(kind))
	return c.Redirect(http.StatusSeeOther, authURL)
}

// oauthCallback finishes the flow: it checks state in constant time,
// exchanges the code with the PKCE verifier, reads the org's identity and
// stores the connection (replacing the tokens of an org being reconnected).
func (s *Server) oauthCallback(c echo.Context) error {
	ck, err := c.Cookie(oauthCookie)
	s.clearCookiePath(c, oauthCookie, "/oauth")
	if err != nil {
		return badRequest("This Salesforce sign-in was not started here, or took longer than ten minutes. Start again from the Orgs page.")
	}
	a, ok := s.pending.take(ck.Value)
	u, _ := currentUser(c)
	state := c.QueryParam("state")
	if !ok || a.userID != u.ID || subtle.ConstantTimeCompare([]byte(state), []byte(a.state)) != 1 {
		return badRequest("This Salesforce sign-in was not started here, or took longer than ten minutes. Start again from the Orgs page.")
	}
	if e := c.QueryParam("error"); e != "" {
		return s.connectFailed(c, a, http.StatusBadRequest,
			"Salesforce did not connect the org ("+clip(e, 60)+": "+clip(c.QueryParam("error_description"), 160)+").",
			"If you cancelled, that is fine. Otherwise check that the app's callback URL is "+strings.TrimRight(s.opts.BaseURL, "/")+"/oauth/callback and that your user may use the app, then connect again.")
	}
	ctx := c.Request().Context()
	cfg, err := s.oauthConfig(ctx, a.loginURL)
	if err != nil {
		return err
	}
	tok, err := cfg.Exchange(ctx, c.QueryParam("code"), a.verifier)
	if err != nil {
		s.log.Warn("oauth code exchange failed", "login", a.loginURL, "err", err)
		s.audit(c, "org.connect.failed", "login:"+a.loginURL, clip(err.Error(), 200))
		status, what, how := exchangeFailure(err)
		return s.connectFailed(c, a, status, what, how)
	}
	org, err := s.saveConnection(ctx, a, tok)
	if err != nil {
		return err
	}
	s.audit(c, "org.connect", fmt.Sprintf("org:%d", org.ID), org.Alias+" ("+string(org.Kind)+", "+org.Username+")")
	s.flash(c, "org-connected")
	return c.Redirect(http.StatusSeeOther, "/orgs")
}

// sameOrgID compares Salesforce ids on their first 15 characters.
func sameOrgID(a, b string) bool {
	return len(a) >= 15 && len(b) >= 15 && a[:15] == b[:15]
}

// exchangeFailure says in plain words why Salesforce refused to exchange
// the sign-in code, and what to do.
func exchangeFailure(err error) (status int, what, how string) {
	var ae *salesforce.APIError
	detail := ""
	if errors.As(err, &ae) {
		detail = ae.Code
		if ae.Message != "" {
			detail += ": " + salesforce.ScrubText(ae.Message)
		}
	}
	switch {
	case errors.Is(err, salesforce.ErrReconnectRequired):
		return http.StatusBadRequest, "Salesforce refused the sign-in code (" + clip(detail, 200) + "). The code is good for one use and a few minutes, " +
				"and must come with the same PKCE verifier this sign-in started with: it was used already, it expired, or the sign-in was started in another tab.",
			"Connect again to start a fresh sign-in; finish it in this tab."
	case errors.Is(err, salesforce.ErrInvalidRequest):
		return http.StatusBadRequest, "Salesforce refused patchbay's app (" + clip(detail, 200) + ").",
			"Check the client id and secret in Settings against the External Client App (or Connected App), and that PKCE and the callback URL match, then connect again."
	}
	return http.StatusBadGateway, "Salesforce could not be reached to finish the sign-in (" + clip(salesforce.ScrubText(err.Error()), 200) + ").",
		"Nothing was connected. Wait a moment and connect again."
}

// connectFailed answers a sign-in that did not connect an org: what
// happened, what to do, and a button that starts it again.
func (s *Server) connectFailed(c echo.Context, a pendingAuth, status int, what, how string) error {
	r := view.ConnectRetry{Kind: string(a.kind), Alias: a.alias}
	if a.kind == store.OrgCustom {
		r.LoginURL = a.loginURL
	}
	if a.orgID != 0 {
		r.Reconnect = fmt.Sprint(a.orgID)
	}
	return s.render(c, status, view.OrgConnectFailed(s.chrome(c, "The org was not connected"), what, how, r))
}

// saveConnection reads the org's identity with a fresh token and stores it.
func (s *Server) saveConnection(ctx context.Context, a pendingAuth, tok salesforce.Token) (store.Org, error) {
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: s.opts.AllowLoopback, HTTPClient: s.opts.HTTPClient})
	if err != nil {
		return store.Org{}, fmt.Errorf("connecting to the org: %w", err)
	}
	id, err := cl.Identity(ctx)
	if err != nil {
		return store.Org{}, fmt.Errorf("reading the org's identity: %w", err)
	}
	alias := a.alias
	if alias == "" {
		alias = id.OrgName
	}
	if alias == "" {
		alias = id.Username
	}
	// What the org is comes from the org (Organization.IsSandbox), never
	// from the form: the form only picked where to sign in, and a sandbox
	// label on a production org would let editors deploy to production.
	kind := store.OrgProduction
	if id.IsSandbox {
		kind = store.OrgSandbox
	}
	if id.OrgID == "" {
		return store.Org{}, badRequest("Salesforce did not say which org this is, so it was not connected. Try again in a moment.")
	}
	existing, err := s.store.OrgBySalesforceID(ctx, id.OrgID)
	switch {
	case err == nil && existing.ID != a.orgID:
		return store.Org{}, conflict(fmt.Sprintf("You signed in to %s (org %s) as %s, which is already connected here as %q. "+
			"One org is connected once: use Reconnect on %q, or sign in to another org (a sandbox signs in at test.salesforce.com or its own My Domain).",
			id.OrgName, id.OrgID, id.Username, existing.Alias, existing.Alias))
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return store.Org{}, fmt.Errorf("looking for the org: %w", err)
	}
	if a.orgID != 0 {
		cur, err := s.store.Org(ctx, a.orgID)
		if err != nil {
			return store.Org{}, fmt.Errorf("reading the org being reconnected: %w", err)
		}
		if cur.OrgID != "" && !sameOrgID(cur.OrgID, id.OrgID) {
			return store.Org{}, conflict(fmt.Sprintf("You signed in to %s (org %s) as %s, but %q is org %s. Reconnect it by signing in to that org.",
				id.OrgName, id.OrgID, id.Username, cur.Alias, cur.OrgID))
		}
	}
	tokens := store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
	o := store.Org{Alias: alias, Kind: kind, LoginURL: a.loginURL, InstanceURL: tok.InstanceURL, OrgID: id.OrgID,
		Username: id.Username, APIVersion: id.MaxAPIVersion, Status: store.OrgConnected}
	if a.orgID != 0 {
		o.ID, o.ConnectedAt = a.orgID, time.Now()
		if err := s.store.UpdateOrg(ctx, o); err != nil {
			return store.Org{}, fmt.Errorf("updating the reconnected org: %w", err)
		}
		if err := s.store.SetOrgTokens(ctx, o.ID, tokens); err != nil {
			return store.Org{}, fmt.Errorf("storing the new tokens: %w", err)
		}
		return o, nil
	}
	o, err = s.store.CreateOrg(ctx, o, tokens)
	if errors.Is(err, store.ErrConflict) {
		return store.Org{}, conflict("An org named \"" + alias + "\" is already connected. Connect again with another name, or use Reconnect on that org.")
	}
	if err != nil {
		return store.Org{}, fmt.Errorf("storing the org: %w", err)
	}
	return o, nil
}

func (s *Server) clearCookiePath(c echo.Context, name, path string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.Secure})
}

// settingOrEmpty reads a setting; an unset one is "".
func (s *Server) settingOrEmpty(ctx context.Context, key string) (string, error) {
	v, err := s.store.SettingValue(ctx, key)
	if err != nil && !s.isNotFound(err) {
		return "", fmt.Errorf("reading setting %s: %w", key, err)
	}
	return v, nil
}
