package web

import (
	"errors"
	"fmt"
	"github.com/patchbay/patchbay/generator"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/patchbay/patchbay/store"
)

// MaxBodyBytes bounds every request body: a spec is at most 1 MiB, and a
// form carries it with some overhead.
const MaxBodyBytes = 2 << 20

// Options configure the server.
type Options struct {
	// Logger receives request failures; internal errors are logged here and
	// never shown.
	Logger *slog.Logger
	// Secure marks cookies Secure and sends HSTS; set it when serving over
	// TLS (directly or behind a proxy).
	Secure bool
	// Demo shows the demo banner.
	Demo bool
	// BaseURL is the address people reach patchbay at, e.g.
	// http://127.0.0.1:8080; the OAuth callback is built from it.
	BaseURL string
	// FormTargets are extra origins forms may be sent to (the OAuth login
	// pages of the demo's simulated orgs).
	FormTargets []string
	// DemoLoginURL, when set, is the login host every org connection goes
	// to (the demo's simulated orgs), whatever kind of org is chosen.
	DemoLoginURL string
	// AllowLoopback accepts http://127.0.0.1 Salesforce hosts (demo, tests).
	AllowLoopback bool
	// HTTPClient makes the calls to Salesforce; nil means the default.
	HTTPClient *http.Client
	// SchemaMaxAge is how old an org's cached schema may be before it is
	// labelled stale and read again; 0 means orgschema.DefaultMaxAge.
	SchemaMaxAge time.Duration
}

// Services are what the handlers call. Store is required; a nil service
// leaves its pages out.
type Services struct {
	Store    Store
	Planner  Planner
	Generate Generator
	Zip      Zipper
	Deployer Deployer
}

// Server is the web application: the echo instance and its services.
type Server struct {
	opts     Options
	log      *slog.Logger
	echo     *echo.Echo
	assets   *assets
	hl       *highlighter
	bundles  *lru[*generator.Bundle]
	csp      string
	store    Store
	planner  Planner
	generate Generator
	zip      Zipper
	deployer Deployer
	pending  pendingAuths
	// loginLimiter slows password guessing: a few sign-in attempts per
	// address, then one every few seconds.
	loginLimiter echo.MiddlewareFunc
}

// Sign-in attempts allowed per client address: a burst, then a steady rate
// per second.
const (
	loginBurst = 10
	loginRate  = 0.2
)

// New builds the server and its route table.
func New(opts Options, svc Services) (*Server, error) {
	if svc.Store == nil {
		return nil, fmt.Errorf("web: a store is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{opts: opts, log: opts.Logger, hl: newHighlighter(), bundles: newLRU[*generator.Bundle](64), store: svc.Store, planner: svc.Planner,
		generate: svc.Generate, zip: svc.Zip, deployer: svc.Deployer}
	a, err := loadAssets(map[string][]byte{"chroma.css": s.hl.css()})
	if err != nil {
		return nil, err
	}
	s.assets = a
	formTargets := append([]string{"'self'", "https:"}, opts.FormTargets...)
	s.csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"form-action " + strings.Join(formTargets, " ") + "; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	// The client address is the connection's; forwarded headers could be
	// forged to dodge the sign-in limit.
	e.IPExtractor = echo.ExtractIPDirect()
	s.loginLimiter = middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: loginRate, Burst: loginBurst, ExpiresIn: 10 * time.Minute}),
	})
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimit(fmt.Sprintf("%dB", MaxBodyBytes)))
	s.echo = e
	s.routes()
	return s, nil
}

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// isNotFound reports whether err means a row that does not exist.
func (s *Server) isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
