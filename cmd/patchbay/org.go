package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"golang.org/x/oauth2"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

const orgUsage = `org login [--sandbox | --instance URL] [--alias NAME] [--jwt KEYFILE --client-id ID --username U]
       patchbay org list
       patchbay org logout NAME [--force]
       patchbay org refresh NAME...   (read the org's objects and fields again)`

func runOrg(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(env.stderr, "Usage: patchbay %s\n", orgUsage)
		if len(args) == 0 {
			return &exitError{code: 2, err: errSilent}
		}
		return flag.ErrHelp
	}
	cfg := loadConfig(env.getenv)
	switch args[0] {
	case "login":
		return orgLogin(ctx, env, cfg, args[1:])
	case "list":
		return orgList(ctx, env, cfg, args[1:])
	case "logout":
		return orgLogout(ctx, env, cfg, args[1:])
	case "refresh":
		return orgRefresh(ctx, env, cfg, args[1:])
	}
	return &exitError{code: 2, err: fmt.Errorf("unknown subcommand %q: use login, list, logout or refresh", args[0])}
}

// loginOptions are the flags of org login.
type loginOptions struct {
	sandbox  bool
	instance string
	alias    string
	jwtKey   string
	clientID string
	username string
	port     int
	timeout  time.Duration
}

func orgLogin(ctx context.Context, env *environment, cfg config, args []string) error {
	fs := newFlagSet(env, "org login", "org login [--sandbox | --instance URL] [--alias NAME] [--jwt KEYFILE --client-id ID --username U]")
	var o loginOptions
	fs.BoolVar(&o.sandbox, "sandbox", false, "log in to a sandbox (test.salesforce.com)")
	fs.StringVar(&o.instance, "instance", "", "log in at this My Domain URL (https://acme.my.salesforce.com)")
	fs.StringVar(&o.alias, "alias", "", "name for the org in patchbay (default: the username)")
	fs.StringVar(&o.jwtKey, "jwt", "", "use the JWT bearer flow with this RSA private key file (PEM)")
	fs.StringVar(&o.clientID, "client-id", "", "Connected App consumer key (default PATCHBAY_SF_CLIENT_ID)")
	fs.StringVar(&o.username, "username", "", "Salesforce username: required with --jwt; otherwise filled in on the login page")
	fs.IntVar(&o.port, "port", 0, "loopback port for the OAuth callback (default: a free one); must match the Connected App's callback URL")
	fs.DurationVar(&o.timeout, "timeout", 5*time.Minute, "how long to wait for the browser login")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) > 0 {
		return &exitError{code: 2, err: fmt.Errorf("unexpected argument %q", pos[0])}
	}
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if o.sandbox && o.instance != "" {
		return &exitError{code: 2, err: errors.New("use --sandbox or --instance, not both")}
	}
	loginURL, kind := salesforce.LoginURLProduction, store.OrgProduction
	switch {
	case o.sandbox:
		loginURL, kind = salesforce.LoginURLSandbox, store.OrgSandbox
	case o.instance != "":
		loginURL, kind = strings.TrimRight(o.instance, "/"), store.OrgCustom
	}
	loopback := isLoopbackURL(loginURL)
	if err := salesforce.CheckHost(loginURL, loopback); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--instance: %w", err)}
	}
	if o.clientID == "" {
		o.clientID = cfg.SFClientID
	}

	var tok salesforce.Token
	if o.jwtKey != "" {
		tok, err = jwtLogin(ctx, o, loginURL, loopback)
	} else {
		if o.clientID == "" {
			return cfg.requireSalesforceApp()
		}
		tok, err = webLogin(ctx, env, o, loginURL, cfg.SFClientSecret, loopback)
	}
	if err != nil {
		return err
	}

	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	org, orgName, created, err := saveLogin(ctx, st, o.alias, kind, loginURL, tok, loopback)
	if err != nil {
		return err
	}
	verb := "Reconnected"
	if created {
		verb = "Connected"
	}
	fmt.Fprintf(env.stdout, "%s %s: user %s in org %q (%s, %s) at %s, API %s\n", verb, org.Alias, org.Username, orgName, org.OrgID, org.Kind, org.InstanceURL, org.APIVersion)
	return nil
}

// usageError turns a flag parsing error into exit status 2 (or 0 for -h).
func usageError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &exitError{code: 2, err: errSilent}
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// jwtLogin performs the JWT bearer grant with a private key file.
func jwtLogin(ctx context.Context, o loginOptions, loginURL string, loopback bool) (salesforce.Token, error) {
	if o.username == "" || o.clientID == "" {
		return salesforce.Token{}, &exitError{code: 2, err: errors.New("--jwt needs --username and --client-id (or PATCHBAY_SF_CLIENT_ID)")}
	}
	pemData, err := os.ReadFile(o.jwtKey)
	if err != nil {
		return salesforce.Token{}, fmt.Errorf("--jwt: %w", err)
	}
	key, err := salesforce.ParseRSAPrivateKeyPEM(pemData)
	if err != nil {
		return salesforce.Token{}, fmt.Errorf("--jwt %s: %w", o.jwtKey, err)
	}
	j := &salesforce.JWTConfig{ClientID: o.clientID, Username: o.username, LoginURL: loginURL, PrivateKey: key, AllowLoopback: loopback}
	tok, err := j.Token(ctx)
	if err != nil {
		return salesforce.Token{}, fmt.Errorf("JWT login as %s: %w", o.username, err)
	}
	return tok, nil
}

// callbackPath is where the loopback server receives the OAuth redirect.
const callbackPath = "/oauth/callback"

// webLogin runs the OAuth 2.0 web-server flow with PKCE: it prints the
// authorize URL, waits on a loopback listener for the redirect, checks the
// state and exchanges the code.
func webLogin(ctx context.Context, env *environment, o loginOptions, loginURL, clientSecret string, loopback bool) (salesforce.Token, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port)))
	if err != nil {
		return salesforce.Token{}, fmt.Errorf("listening for the OAuth callback: %w", err)
	}
	defer ln.Close()
	cfg := &salesforce.OAuthConfig{
		ClientID: o.clientID, ClientSecret: clientSecret, LoginURL: loginURL, AllowLoopback: loopback,
		RedirectURL: "http://" + ln.Addr().String() + callbackPath,
	}
	state, verifier := salesforce.NewState(), salesforce.NewVerifier()
	var hint []oauth2.AuthCodeOption
	if o.username != "" {
		// Salesforce's login page starts with this username filled in.
		hint = append(hint, oauth2.SetAuthURLParam("login_hint", o.username))
	}
	authURL, err := cfg.AuthCodeURL(state, verifier, hint...)
	if err != nil {
		return salesforce.Token{}, err
	}

	type result struct {
		tok salesforce.Token
		err error
	}
	results := make(chan result, 1)
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc(callbackPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			http.Error(w, "This login link is not the one patchbay is waiting for (state mismatch).", http.StatusBadRequest)
			return
		}
		var res result
		if e := q.Get("error"); e != "" {
			res.err = fmt.Errorf("Salesforce refused the login: %s: %s", e, q.Get("error_description"))
		} else if code := q.Get("code"); code == "" {
			res.err = errors.New("the callback carried no authorization code")
		} else {
			res.tok, res.err = cfg.Exchange(r.Context(), code, verifier)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "<!doctype html><title>patchbay</title><p>Login failed: %s</p>", html.EscapeString(res.err.Error()))
		} else {
			fmt.Fprint(w, "<!doctype html><title>patchbay</title><p>Logged in. You can close this tab and return to the terminal.</p>")
		}
		once.Do(func() { results <- res })
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer func() {
		// Let the browser's page be written before the listener goes.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	fmt.Fprintf(env.stdout, "Open this URL in a browser to log in to Salesforce:\n\n    %s\n\nWaiting for the login (up to %s; Ctrl-C to stop)...\n", authURL, o.timeout)
	timer := time.NewTimer(o.timeout)
	defer timer.Stop()
	select {
	case res := <-results:
		if res.err != nil {
			return salesforce.Token{}, fmt.Errorf("login: %w", res.err)
		}
		return res.tok, nil
	case <-timer.C:
		return salesforce.Token{}, fmt.Errorf("login: no callback within %s", o.timeout)
	case <-ctx.Done():
		return salesforce.Token{}, fmt.Errorf("login: %w", ctx.Err())
	}
}

// saveLogin reads the identity behind tok and stores the org, replacing
// the tokens of an org with the same alias and org id. It refuses an org
// connected already under another alias, and an alias that names another
// org, saying how to fix either. It returns the org and its name.
func saveLogin(ctx context.Context, st *store.Store, alias string, kind store.OrgKind, loginURL string, tok salesforce.Token, loopback bool) (store.Org, string, bool, error) {
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: loopback})
	if err != nil {
		return store.Org{}, "", false, fmt.Errorf("login: %w", err)
	}
	ident, err := cl.Identity(ctx)
	if err != nil {
		return store.Org{}, "", false, fmt.Errorf("reading the logged-in user and org: %w", err)
	}
	// The identity says what the org is, whatever host the user logged in
	// at: a My Domain URL may be production or sandbox, and production
	// drives the RunLocalTests default.
	if ident.IsSandbox {
		kind = store.OrgSandbox
	} else if ident.OrgID != "" {
		kind = store.OrgProduction
	}
	if ident.OrgID != "" {
		other, err := st.OrgBySalesforceID(ctx, ident.OrgID)
		switch {
		case err == nil && alias == "":
			alias = other.Alias // logging in again reconnects it
		case err == nil && other.Alias != alias:
			return store.Org{}, "", false, fmt.Errorf("you logged in as %s to org %q (%s), which is already connected as %s. "+
				"To reconnect it, run `patchbay org login --alias %s` (same login options); to give it another name, run `patchbay org logout %s` first",
				ident.Username, ident.OrgName, ident.OrgID, other.Alias, other.Alias, other.Alias)
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return store.Org{}, "", false, err
		}
	}
	if alias == "" {
		alias = ident.Username
	}
	instance := tok.InstanceURL
	if instance == "" {
		instance = ident.InstanceURL
	}
	org := store.Org{
		Alias: alias, Kind: kind, LoginURL: loginURL, InstanceURL: instance, OrgID: ident.OrgID,
		Username: ident.Username, APIVersion: apiVersionFor(ident.MaxAPIVersion), Status: store.OrgConnected, ConnectedAt: time.Now(),
	}
	tokens := store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
	created := false
	existing, err := st.OrgByAlias(ctx, alias)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if org, err = st.CreateOrg(ctx, org, tokens); err != nil {
			return store.Org{}, "", false, err
		}
		created = true
	case err != nil:
		return store.Org{}, "", false, err
	case existing.OrgID != "" && existing.OrgID != org.OrgID:
		return store.Org{}, "", false, fmt.Errorf("you logged in as %s to org %q (%s), but the alias %s already names org %s (%s): "+
			"choose another --alias, or run `patchbay org logout %s` first",
			ident.Username, ident.OrgName, ident.OrgID, alias, existing.OrgID, existing.Username, alias)
	default:
		org.ID = existing.ID
		if err := st.UpdateOrg(ctx, org); err != nil {
			return store.Org{}, "", false, err
		}
		if err := st.SetOrgTokens(ctx, org.ID, tokens); err != nil {
			return store.Org{}, "", false, err
		}
	}
	if _, err := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "org.connect", Target: "org:" + alias,
		Detail: fmt.Sprintf("%s %s as %s", org.Kind, org.OrgID, org.Username)}); err != nil {
		return store.Org{}, "", false, err
	}
	return org, ident.OrgName, created, nil
}

// apiVersionFor is the API version to use with an org: patchbay's default,
// or the org's highest when that is older.
func apiVersionFor(orgMax string) string {
	def := salesforce.DefaultAPIVersion
	m, err1 := strconv.ParseFloat(orgMax, 64)
	d, err2 := strconv.ParseFloat(def, 64)
	if err1 != nil || err2 != nil || m >= d {
		return def
	}
	return orgMax
}

func orgList(ctx context.Context, env *environment, cfg config, args []string) error {
	fs := newFlagSet(env, "org list", "org list [--db FILE]")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	if _, err := parseArgs(fs, args); err != nil {
		return usageError(err)
	}
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	orgs, err := st.Orgs(ctx)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		fmt.Fprintln(env.stdout, "No orgs connected. Connect one with: patchbay org login [--sandbox] --alias NAME")
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ALIAS\tTYPE\tUSER\tINSTANCE\tAPI\tSTATUS")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.Alias, o.Kind, o.Username, o.InstanceURL, o.APIVersion, o.Status)
	}
	return tw.Flush()
}

func orgLogout(ctx context.Context, env *environment, cfg config, args []string) error {
	fs := newFlagSet(env, "org logout", "org logout NAME [--force]")
	force := fs.Bool("force", false, "delete the org even when its token cannot be revoked")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) != 1 {
		return &exitError{code: 2, err: errors.New("usage: patchbay org logout NAME [--force]")}
	}
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	org, err := st.OrgByAlias(ctx, pos[0])
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no org named %s (see patchbay org list)", pos[0])
	}
	if err != nil {
		return err
	}
	tokens, err := st.OrgTokens(ctx, org.ID)
	if err != nil && !*force {
		return fmt.Errorf("%w (use --force to delete the org anyway)", err)
	}
	if tokens.AccessToken != "" || tokens.RefreshToken != "" {
		cl, err := salesforce.New(salesforce.Token{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken, InstanceURL: org.InstanceURL},
			salesforce.Options{AllowLoopback: isLoopbackURL(org.InstanceURL)})
		if err == nil {
			err = cl.Revoke(ctx)
		}
		switch {
		case err == nil:
			fmt.Fprintf(env.stdout, "Revoked the tokens of %s.\n", org.Alias)
		case errors.Is(err, salesforce.ErrTransient) && !*force:
			return fmt.Errorf("could not revoke the tokens of %s: %w (try again, or use --force to delete it without revoking)", org.Alias, err)
		default:
			// An already revoked or expired token cannot be revoked again.
			fmt.Fprintf(env.stderr, "warning: revoking the tokens of %s: %v\n", org.Alias, err)
		}
	}
	if err := st.DeleteOrg(ctx, org.ID); err != nil {
		return err
	}
	if _, err := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "org.logout", Target: "org:" + org.Alias}); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Logged out of %s.\n", org.Alias)
	return nil
}
