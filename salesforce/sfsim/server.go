package sfsim

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/patchbay/patchbay/salesforce"
)

// DefaultMaxAPIVersion is the highest API version the simulated orgs offer.
const DefaultMaxAPIVersion = "66.0"

// Default OAuth client registered when Options.Clients is empty.
const (
	DefaultClientID     = "sfsim-client-id"
	DefaultClientSecret = "sfsim-client-secret"
	DefaultPassword     = "sfsim-password"
)

// Options configure a Server.
type Options struct {
	// Orgs to host; empty means one production org "sim".
	Orgs []OrgOptions
	// Clients are the registered Connected Apps / External Client Apps;
	// empty means one client DefaultClientID / DefaultClientSecret that
	// accepts any loopback redirect URI.
	Clients []ClientApp
	// DeployDuration is how long a deploy takes from Pending to done. The
	// first third is Pending, the rest InProgress. 0 means done at once.
	DeployDuration time.Duration
	// AutoApprove makes GET /services/oauth2/authorize log in and approve at
	// once as login_hint (or the first user of the first org), for tests.
	AutoApprove bool
	// MaxAPIVersion is the highest version in /services/data; empty means
	// DefaultMaxAPIVersion.
	MaxAPIVersion string
	// OmitInstanceURLOnRefresh leaves instance_url out of refresh_token
	// grant responses, as some Salesforce responses do.
	OmitInstanceURLOnRefresh bool
	// LenientJWTExpiry accepts any future exp in a JWT bearer assertion.
	// By default an exp more than three minutes ahead (a milliseconds value,
	// say) is refused, as documented; Salesforce evidently accepts the sf
	// CLI's own Date.now()+300 (milliseconds), so tests that log the sf CLI
	// in with a JWT set this.
	LenientJWTExpiry bool
	// Faults to start with.
	Faults Faults
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per request (method, path, org, status);
	// nil means no logging. Tokens and secrets are never logged.
	Logger *slog.Logger
	// OnDeployed, when set, is called in its own goroutine once a
	// successful deploy's components are in an org, with the org's alias
	// and the components as Type/FullName (the demo seeds runs with it).
	OnDeployed func(alias string, components []string)
}

// OrgOptions describe one simulated org.
type OrgOptions struct {
	// Alias names the org in instance URLs (/org/<alias>) and in the Go API.
	Alias string
	// ID is the 15- or 18-character org id; empty (or malformed) means a
	// generated 00D… id.
	ID string
	// Name is Organization.Name; empty means "<Alias> (sfsim)".
	Name string
	// Sandbox makes the org a sandbox (IsSandbox=true); otherwise it is a
	// production org, with production deploy rules.
	Sandbox bool
	// Edition is Organization.OrganizationType; empty means
	// "Enterprise Edition" (a sandbox reports its production org's
	// edition).
	Edition string
	// DeployDuration overrides Options.DeployDuration for this org (a slow
	// org in a demo); 0 means the server's.
	DeployDuration time.Duration
	// AllowDeployWithJobs is Setup → Deployment Settings → "Allow
	// deployments of components when corresponding Apex jobs are pending
	// or in progress". Off, as in a new org, a deploy that includes a
	// scheduled Schedulable class fails.
	AllowDeployWithJobs bool
	// Users of the org; empty means one admin user
	// admin@<alias>.sfsim with password DefaultPassword.
	Users []UserOptions
	// SetAuditFields is Salesforce's "Set Audit Fields upon Record
	// Creation": a record create may set CreatedDate, CreatedById,
	// LastModifiedDate and LastModifiedById (to load history).
	SetAuditFields bool
}

// UserOptions describe one user. Usernames must be unique across all orgs,
// as in Salesforce. An empty or malformed ID is replaced by a generated
// 005… id.
type UserOptions struct {
	ID       string
	Username string
	Password string
	Name     string
	Email    string
}

// ClientApp is a registered OAuth client (Connected App or External Client
// App).
type ClientApp struct {
	ID     string
	Secret string
	// RedirectURIs allowed in the web-server flow; empty allows any
	// loopback (127.0.0.1, localhost, ::1) redirect URI.
	RedirectURIs []string
	// PublicKey verifies JWT bearer assertions; nil disables the JWT flow.
	PublicKey *rsa.PublicKey
}

// Server is a set of simulated orgs behind one http.Handler.
type Server struct {
	opts Options
	now  func() time.Time
	log  *slog.Logger

	mu       sync.Mutex
	baseURL  string
	orgs     map[string]*org // by alias
	orgOrder []string
	users    map[string]*user // by lower-case username
	clients  map[string]*ClientApp
	sessions map[string]*session // by access token
	refresh  map[string]*grant   // by refresh token
	codes    map[string]*authCode
	deploys  map[string]*deployJob
	faults   Faults
	polls    int
	seq      int
	requests []Request
	httpSrv  *http.Server
}

type org struct {
	OrgOptions
	users      []*user
	guests     []*user               // Sites' guest users (setupobjects.go): no sign-in
	components map[string]*Component // by type + "/" + fullName
	history    []*deployJob
	creds      map[string]*Credential
	data       *orgData     // records and query cursors (schema.go)
	replays    []ReplayCall // calls of the replay resource (replay.go)
}

type user struct {
	UserOptions
	org *org
}

type session struct {
	user     *user
	clientID string
	refresh  string // the refresh token it came from, if any
	scope    string
}

type grant struct {
	user     *user
	clientID string
	scope    string
}

type authCode struct {
	user        *user
	clientID    string
	redirectURI string
	challenge   string
	method      string
	scope       string
	expires     time.Time
}

// Request is one request the server handled, for assertions in tests. It
// never holds a token.
type Request struct {
	Method string
	Path   string // after collapsing slashes
	Org    string // alias, when known
	Status int
}

// New returns a Server with the orgs, users and clients of opts.
func New(opts Options) *Server {
	if opts.MaxAPIVersion == "" {
		opts.MaxAPIVersion = DefaultMaxAPIVersion
	}
	if len(opts.Orgs) == 0 {
		opts.Orgs = []OrgOptions{{Alias: "sim"}}
	}
	if len(opts.Clients) == 0 {
		opts.Clients = []ClientApp{{ID: DefaultClientID, Secret: DefaultClientSecret}}
	}
	s := &Server{
		opts: opts, now: opts.Now,
		orgs: map[string]*org{}, users: map[string]*user{}, clients: map[string]*ClientApp{},
		sessions: map[string]*session{}, refresh: map[string]*grant{}, codes: map[string]*authCode{},
		deploys: map[string]*deployJob{}, faults: opts.Faults,
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.log = opts.Logger
	for i := range opts.Clients {
		c := opts.Clients[i]
		s.clients[c.ID] = &c
	}
	for i, oo := range opts.Orgs {
		if oo.Alias == "" {
			oo.Alias = fmt.Sprintf("org%d", i+1)
		}
		oo.ID = normalID(oo.ID, fmt.Sprintf("00DSIM%09d", i+1))
		if oo.Name == "" {
			oo.Name = oo.Alias + " (sfsim)"
		}
		if oo.Edition == "" {
			oo.Edition = "Enterprise Edition"
		}
		if len(oo.Users) == 0 {
			oo.Users = []UserOptions{{Username: "admin@" + oo.Alias + ".sfsim"}}
		}
		o := &org{OrgOptions: oo, components: map[string]*Component{}, creds: map[string]*Credential{}}
		for j, uo := range oo.Users {
			uo.ID = normalID(uo.ID, fmt.Sprintf("005SIM%03d%06d", i+1, j+1))
			if uo.Password == "" {
				uo.Password = DefaultPassword
			}
			if uo.Name == "" {
				uo.Name = "Admin " + oo.Alias
			}
			if uo.Email == "" {
				uo.Email = uo.Username
			}
			u := &user{UserOptions: uo, org: o}
			o.users = append(o.users, u)
			s.users[strings.ToLower(uo.Username)] = u
		}
		s.orgs[oo.Alias] = o
		s.orgOrder = append(s.orgOrder, oo.Alias)
	}
	return s
}

// normalID returns id as an 18-character id: a 15-character id gets its
// suffix; an empty or malformed one is replaced by the generated fallback.
func normalID(id, fallback15 string) string {
	switch {
	case len(id) == 18 && isAlnum(id):
		return id
	case len(id) == 15 && isAlnum(id):
		return sfid(id)
	}
	return sfid(fallback15)
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(tokenAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// sfid appends Salesforce's 3-character case-safe suffix to a 15-character
// id.
func sfid(id15 string) string {
	const table = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	suffix := make([]byte, 0, 3)
	for chunk := 0; chunk < 3; chunk++ {
		n := 0
		for i := 0; i < 5; i++ {
			c := id15[chunk*5+i]
			if c >= 'A' && c <= 'Z' {
				n |= 1 << i
			}
		}
		suffix = append(suffix, table[n])
	}
	return id15 + string(suffix)
}

// SetBaseURL tells the server the URL it is reached at (e.g. an
// httptest.Server's URL); the Go API uses it to build instance and login
// URLs. HTTP responses use the request's own host.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.baseURL = strings.TrimRight(u, "/")
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// It returns the base URL; Close stops it.
func (s *Server) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sfsim: listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	s.SetBaseURL(base)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	return base, nil
}

// Close stops a server started with Start.
func (s *Server) Close() error {
	s.mu.Lock()
	srv := s.httpSrv
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}

// BaseURL is the login URL (like https://login.salesforce.com) once known.
func (s *Server) BaseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

// InstanceURL returns an org's instance URL, <base>/org/<alias>.
func (s *Server) InstanceURL(alias string) string { return s.BaseURL() + "/org/" + alias }

// OrgInfo describes a simulated org for callers (the sfsim command, demo
// mode).
type OrgInfo struct {
	Alias     string
	ID        string
	Name      string
	Sandbox   bool
	Usernames []string
}

// Orgs lists the orgs in the order they were configured.
func (s *Server) Orgs() []OrgInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []OrgInfo
	for _, a := range s.orgOrder {
		o := s.orgs[a]
		oi := OrgInfo{Alias: a, ID: o.ID, Name: o.Name, Sandbox: o.Sandbox}
		for _, u := range o.users {
			oi.Usernames = append(oi.Usernames, u.Username)
		}
		out = append(out, oi)
	}
	return out
}

// IssueToken logs a user in without OAuth (as `sf org login access-token`
// needs) and returns a token with a refresh token for DefaultClientID or
// the first registered client. An empty username means the org's first
// user.
func (s *Server) IssueToken(alias, username string) (salesforce.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return salesforce.Token{}, fmt.Errorf("sfsim: no org %q", alias)
	}
	if s.baseURL == "" {
		return salesforce.Token{}, errors.New("sfsim: base URL unknown: call Start or SetBaseURL first")
	}
	u := o.users[0]
	if username != "" {
		u = s.users[strings.ToLower(username)]
		if u == nil || u.org != o {
			return salesforce.Token{}, fmt.Errorf("sfsim: no user %q in org %q", username, alias)
		}
	}
	clientID := s.opts.Clients[0].ID
	rt := s.newRefreshLocked(u, clientID, "api refresh_token")
	at := s.newSessionLocked(u, clientID, rt, "api refresh_token")
	return salesforce.Token{
		AccessToken: at, RefreshToken: rt, InstanceURL: s.baseURL + "/org/" + alias,
		ID: s.baseURL + "/id/" + o.ID + "/" + u.ID, IssuedAt: s.now().UTC(), Scope: "api refresh_token",
	}, nil
}

// ExpireSessions revokes every access token of an org (refresh tokens keep
// working), as a session timeout does.
func (s *Server) ExpireSessions(alias string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t, ss := range s.sessions {
		if ss.user.org.Alias == alias {
			delete(s.sessions, t)
		}
	}
}

// RevokeRefreshTokens revokes every refresh token of an org, so refreshing
// fails with invalid_grant.
func (s *Server) RevokeRefreshTokens(alias string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t, g := range s.refresh {
		if g.user.org.Alias == alias {
			delete(s.refresh, t)
		}
	}
}

// Requests returns the requests handled so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomString(n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(tokenAlphabet)))
	for i := range b {
		v, _ := rand.Int(rand.Reader, max)
		b[i] = tokenAlphabet[v.Int64()]
	}
	return string(b)
}

// newSessionLocked mints an access token shaped like Salesforce's
// (<orgId15>!<opaque>), which the sf CLI checks.
func (s *Server) newSessionLocked(u *user, clientID, refresh, scope string) string {
	tok := u.org.ID[:15] + "!AQ" + randomString(60)
	s.sessions[tok] = &session{user: u, clientID: clientID, refresh: refresh, scope: scope}
	return tok
}

func (s *Server) newRefreshLocked(u *user, clientID, scope string) string {
	tok := "5Aep861" + randomString(80)
	s.refresh[tok] = &grant{user: u, clientID: clientID, scope: scope}
	return tok
}

func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return sfid(fmt.Sprintf("%sSIM%09d", prefix, s.seq))
}

var slashes = regexp.MustCompile(`/{2,}`)

// ServeHTTP routes a request after collapsing repeated slashes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := slashes.ReplaceAllString(r.URL.Path, "/")
	rw := &statusWriter{ResponseWriter: w, status: 200}
	rc := &reqCtx{srv: s, w: rw, r: r, path: path}
	if rest, ok := strings.CutPrefix(path, "/org/"); ok {
		alias, sub, known := s.splitAlias(rest)
		if !known {
			http.NotFound(rw, r)
			s.record(r, path, "", 404)
			return
		}
		rc.alias = alias
		rc.path = "/" + sub
	}
	s.route(rc)
	if !rc.hijacked {
		s.record(r, path, rc.orgAlias(), rw.status)
	}
}

// splitAlias splits "<alias>/<path>" into the org alias and the rest. The
// sf CLI appends "services/…" to an instance URL without a slash when the
// URL has none at its end, so "<alias>services/…" is accepted too.
func (s *Server) splitAlias(rest string) (alias, sub string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, sub, _ := strings.Cut(rest, "/")
	if _, ok := s.orgs[a]; ok {
		return a, sub, true
	}
	for _, a := range s.orgOrder {
		if r, ok := strings.CutPrefix(rest, a); ok && (strings.HasPrefix(r, "services/") || strings.HasPrefix(r, "id/")) {
			return a, r, true
		}
	}
	return "", "", false
}

func (s *Server) record(r *http.Request, path, alias string, status int) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: path, Org: alias, Status: status})
	s.mu.Unlock()
	if s.log != nil {
		s.log.Info("sfsim", "method", r.Method, "path", path, "org", alias, "status", status)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status for the request log.
func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection to hijack it.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// reqCtx is one request being handled.
type reqCtx struct {
	srv      *Server
	w        *statusWriter
	r        *http.Request
	path     string // without /org/<alias>
	alias    string // from the path prefix
	sess     *session
	hijacked bool
	// dropResponse: carry the request out, then close the connection
	// without answering (Faults.DropResponses).
	dropResponse bool
}

func (rc *reqCtx) orgAlias() string {
	if rc.sess != nil {
		return rc.sess.user.org.Alias
	}
	return rc.alias
}

// base is the URL the client reached the server at.
func (rc *reqCtx) base() string {
	scheme := "http"
	if rc.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + rc.r.Host
}

func (rc *reqCtx) instanceURL(o *org) string { return rc.base() + "/org/" + o.Alias }

func (rc *reqCtx) json(status int, v any) {
	rc.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	rc.w.WriteHeader(status)
	_ = json.NewEncoder(rc.w).Encode(v)
}

// restError writes Salesforce's REST error array.
func (rc *reqCtx) restError(status int, code, msg string) {
	rc.json(status, []map[string]string{{"message": msg, "errorCode": code}})
}

func (s *Server) route(rc *reqCtx) {
	p := rc.path
	switch {
	case strings.HasPrefix(p, "/_sfsim/"):
		s.handleAdmin(rc)
		return
	case p == "/services/oauth2/authorize":
		s.handleAuthorize(rc)
		return
	case p == "/services/oauth2/token":
		s.handleToken(rc)
		return
	case p == "/services/oauth2/revoke":
		s.handleRevoke(rc)
		return
	case p == "/services/oauth2/userinfo":
		s.api(rc, s.handleUserinfo)
		return
	case strings.HasPrefix(p, "/id/"):
		s.handleIdentity(rc)
		return
	case p == "/services/data" || strings.HasPrefix(p, "/services/data/"):
		s.api(rc, s.handleData)
		return
	case strings.HasPrefix(p, "/services/Soap/m/"):
		s.api(rc, s.handleSOAP)
		return
	case strings.HasPrefix(p, "/services/apexrest/"):
		s.api(rc, s.handleApexREST)
		return
	case p == "/" || p == "":
		rc.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(rc.w, "sfsim: a local Salesforce org simulator. Orgs:")
		for _, o := range s.Orgs() {
			fmt.Fprintf(rc.w, "  %s %s %s\n", o.Alias, o.ID, rc.base()+"/org/"+o.Alias)
		}
		return
	}
	http.NotFound(rc.w, rc.r)
}

// authREST resolves the bearer token; it writes the 401 itself.
func (s *Server) authREST(rc *reqCtx) bool {
	if ss := s.sessionFor(rc, bearer(rc.r)); ss != nil {
		rc.sess = ss
		return true
	}
	rc.restError(http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
	return false
}

// sessionFor looks a token up and checks it belongs to the org in the path.
func (s *Server) sessionFor(rc *reqCtx, tok string) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[tok]
	if ss == nil || (rc.alias != "" && ss.user.org.Alias != rc.alias) {
		return nil
	}
	return ss
}
