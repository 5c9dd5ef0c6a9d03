package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/patchbay/patchbay/alerts"
	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/demo"
	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web"
)

// demoDeployDuration is how long a simulated deploy takes in demo mode, so
// the live progress can be watched.
const demoDeployDuration = 4 * time.Second

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "serve", "serve [--addr HOST:PORT] [--db FILE] [--demo]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbPath := fs.String("db", "", "SQLite database file (default $PATCHBAY_DB or ./patchbay.db; ./patchbay-demo.db with --demo)")
	demoMode := fs.Bool("demo", false, "start a simulator with two connected orgs and an example integration")
	if _, err := parseArgs(fs, args); err != nil {
		return &exitError{code: 2, err: errSilent}
	}
	cfg := loadConfig(env.getenv)
	switch {
	case *dbPath != "":
		cfg.DBPath = *dbPath
	case *demoMode && env.getenv("PATCHBAY_DB") == "":
		cfg.DBPath = "patchbay-demo.db"
	}
	if err := cfg.Validate(); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("configuration:\n%w", err)}
	}
	log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ensureAdmin(ctx, env, st, cfg.AdminPassword); err != nil {
		return err
	}
	if err := applyEnvSettings(ctx, st, cfg); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	baseURL := strings.TrimRight(cfg.BaseURL, "/")
	if baseURL == "" {
		baseURL = "http://" + ln.Addr().String()
	}
	secure := strings.HasPrefix(baseURL, "https://")

	planner := settingsPlanner{st: st, cfg: cfg}
	opts := web.Options{Logger: log, Secure: secure, Demo: *demoMode, BaseURL: baseURL, TrustedProxies: cfg.TrustedProxies, BundleCacheBytes: cfg.BundleCacheBytes, SchemaMaxAge: cfg.SchemaMaxAge}
	if *demoMode {
		d, err := demo.Start(ctx, st, planner, demoDeployDuration)
		if err != nil {
			ln.Close()
			return err
		}
		defer d.Close()
		opts.DemoLoginURL, opts.DemoLogins, opts.AllowLoopback = d.LoginURL, d.Logins(), true
		opts.FormTargets = []string{d.LoginURL}
	}

	deployer := deploy.New(st, settingsConnector{st: st, allowLoopback: opts.AllowLoopback}, deploy.Options{Logger: log, PollInterval: cfg.DeployPollInterval})
	defer deployer.Close()
	if n, err := deployer.Resume(ctx); err != nil {
		log.Error("resuming deployments", "err", err)
	} else if n > 0 {
		log.Info("resumed unfinished deploys", "jobs", n)
	}

	srv, err := web.New(opts, web.Services{
		Store: st, Planner: planner, Generate: generator.Generate, Zip: zipBundle, Deployer: deployer,
	})
	if err != nil {
		ln.Close()
		return err
	}
	// Alerts (Settings → Alerts) poll each org in the background while
	// they are on; the poller reads the settings at every tick.
	pollCtx, stopPoller := context.WithCancel(ctx)
	defer stopPoller()
	go (&alerts.Poller{Store: st, Connect: srv.OrgClient, Log: log}).Run(pollCtx)

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(env.stdout, "patchbay is running at %s\n", baseURL)
	if *demoMode {
		fmt.Fprintln(env.stdout, "Demo mode: two simulated orgs are connected (Demo Production, Demo Sandbox).")
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serving: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// ensureAdmin creates the first account, "admin", when there is none: its
// password is PATCHBAY_ADMIN_PASSWORD, or a random one printed once.
func ensureAdmin(ctx context.Context, env *environment, st *store.Store, password string) error {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	generated := password == ""
	if generated {
		var err error
		if password, err = generatePassword("admin"); err != nil {
			return err
		}
	} else if err := store.CheckPassword("admin", password); err != nil {
		return fmt.Errorf("PATCHBAY_ADMIN_PASSWORD is refused as the first admin's password: %w", err)
	}
	if _, err := st.CreateUser(ctx, "admin", "", password, store.RoleAdmin); err != nil {
		return fmt.Errorf("creating the first admin account: %w", err)
	}
	if _, err := st.Audit(ctx, store.AuditEntry{Actor: "patchbay", Action: "user.create", Target: "user:admin", Detail: "first start"}); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(env.stdout, "Created the first account. Sign in as:\n\n    username: admin\n    password: %s\n\nThis password is shown only once. Change it with 'patchbay user passwd admin'.\n\n", password)
	} else {
		fmt.Fprintln(env.stdout, "Created the first account \"admin\" with the password from PATCHBAY_ADMIN_PASSWORD.")
	}
	return nil
}

// generatePassword returns a random password (96 bits, base64url) that
// passes the password rules for username.
func generatePassword(username string) (string, error) {
	for {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("generating the admin password: %w", err)
		}
		pw := base64.RawURLEncoding.EncodeToString(b)
		if store.CheckPassword(username, pw) == nil {
			return pw, nil
		}
	}
}

// zipBundle packs a bundle in the form asked for.
func zipBundle(b *generator.Bundle, kind string) ([]byte, error) {
	switch kind {
	case "metadata":
		return b.MetadataZip()
	case "project":
		return b.ProjectZip()
	}
	return nil, fmt.Errorf("unknown zip kind %q", kind)
}

// applyEnvSettings copies the Salesforce app from the environment into the
// settings, so PATCHBAY_SF_CLIENT_ID and its secret win over what was set
// on the Settings page before.
func applyEnvSettings(ctx context.Context, st *store.Store, cfg config) error {
	if cfg.SFClientID == "" {
		return nil
	}
	if err := st.SetSetting(ctx, web.SettingSalesforceClientID, cfg.SFClientID, false); err != nil {
		return err
	}
	if cfg.SFClientSecret != "" {
		return st.SetSetting(ctx, web.SettingSalesforceClientSecret, cfg.SFClientSecret, true)
	}
	return nil
}

// settingsPlanner plans with the LLM set on the Settings page (or in
// PATCHBAY_LLM_BASE_URL), and with the offline planner otherwise. It reads
// the settings on each request so a change applies at once.
type settingsPlanner struct {
	st  *store.Store
	cfg config
}

// Plan implements web.Planner.
func (p settingsPlanner) Plan(ctx context.Context, text string) (builder.Result, error) {
	cfg := builder.Config{Planner: builder.PlannerOffline}
	base := p.setting(ctx, web.SettingLLMBaseURL, p.cfg.LLMBaseURL)
	if base != "" {
		cfg = builder.Config{Planner: builder.PlannerLLM, BaseURL: base,
			Model:  p.setting(ctx, web.SettingLLMModel, p.cfg.LLMModel),
			APIKey: p.setting(ctx, web.SettingLLMAPIKey, p.cfg.OpenAIAPIKey)}
	}
	pl, err := builder.New(cfg)
	if err != nil {
		return builder.Result{}, fmt.Errorf("choosing a planner: %w", err)
	}
	return pl.Plan(ctx, text)
}

// setting returns a setting from the Settings page, or def from the
// environment.
func (p settingsPlanner) setting(ctx context.Context, key, def string) string {
	if v, err := p.st.SettingValue(ctx, key); err == nil && v != "" {
		return v
	}
	return def
}

// settingsConnector connects deploys to orgs with the Salesforce app from
// the settings, read at each connection.
type settingsConnector struct {
	st            *store.Store
	allowLoopback bool
}

// Connect implements deploy.Connector.
func (c settingsConnector) Connect(ctx context.Context, org store.Org, tokens store.Tokens, onRefresh func(store.Tokens)) (deploy.OrgClient, error) {
	id, _ := c.st.SettingValue(ctx, web.SettingSalesforceClientID)
	secret, _ := c.st.SettingValue(ctx, web.SettingSalesforceClientSecret)
	sc := &deploy.SalesforceConnector{ClientID: id, ClientSecret: secret, AllowLoopback: c.allowLoopback}
	return sc.Connect(ctx, org, tokens, onRefresh)
}
