package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
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
	// pages of the demo's simulated orgs), besides this site and the
	// Salesforce login hosts.
	FormTargets []string
	// DemoLoginURL, when set, is the login host every org connection goes
	// to (the demo's simulated orgs), whatever kind of org is chosen.
	DemoLoginURL string
	// DemoLogins are the simulated orgs' own login addresses by kind
	// (production, sandbox): choosing that kind when connecting an org
	// picks that org, as login.salesforce.com and test.salesforce.com do.
	DemoLogins map[store.OrgKind]string
	// AllowLoopback accepts http://127.0.0.1 Salesforce hosts (demo, tests).
	AllowLoopback bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// gives the client's address (PATCHBAY_TRUSTED_PROXIES); from anyone
	// else the header is ignored and the connection's address is used.
	TrustedProxies []*net.IPNet
	// HTTPClient makes the calls to Salesforce; nil means the default.
	HTTPClient *http.Client
	// BundleCacheBytes bounds the memory of generated packages kept for
	// the files, diff and download pages; 0 means DefaultBundleCacheBytes.
	BundleCacheBytes int64
	// SchemaMaxAge is how old an org's cached schema may be before it is
	// labelled stale and read again; 0 means orgschema.DefaultMaxAge.
	SchemaMaxAge time.Duration
	// Now is the clock sign-in limits count time by; nil means time.Now.
	// Tests give a fixed one, so a slow machine cannot refill a bucket.
	Now func() time.Time
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
	bundles  *lru[generated]
	csp      string
	store    Store
	planner  Planner
	generate Generator
	zip      Zipper
	deployer Deployer
	pending  pendingAuths
	// signins slows password guessing: a few sign-in attempts per
	// username and address, then one every few seconds.
	signins *signinLimiter
}

// New builds the server and its route table.
func New(opts Options, svc Services) (*Server, error) {
	if svc.Store == nil {
		return nil, fmt.Errorf("web: a store is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{opts: opts, log: opts.Logger, hl: newHighlighter(), bundles: newBundleCache(opts.BundleCacheBytes), store: svc.Store, planner: svc.Planner,
		generate: svc.Generate, zip: svc.Zip, deployer: svc.Deployer}
	a, err := loadAssets(map[string][]byte{"chroma.css": s.hl.css()})
	if err != nil {
		return nil, err
	}
	s.assets = a
	formTargets := append(append([]string{"'self'"}, loginFormTargets...), opts.FormTargets...)
	s.csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"form-action " + strings.Join(formTargets, " ") + "; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = clientIPExtractor(opts.TrustedProxies)
	s.signins = newSigninLimiter()
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
