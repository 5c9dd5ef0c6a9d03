package web

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/demo"
	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

// testPassword is every test account's password.
const testPassword = "correct horse battery"

// testApp is the real server on a temporary SQLite file, with the demo's
// simulated orgs, the offline planner, the generator and the deploy
// service: everything serve wires, in-process.
type testApp struct {
	t        *testing.T
	srv      *Server
	st       *store.Store
	deployer *deploy.Service
	demo     *demo.Demo
	opts     Options
}

type appConfig struct {
	planner Planner
	secure  bool
	zip     Zipper
	// deployTime is how long a simulated deploy takes.
	deployTime time.Duration
	// logs receives the server's and the deploy service's logs (discarded
	// when nil).
	logs io.Writer
}

// offlinePlanner plans with the builder's offline planner.
type offlinePlanner struct{}

func (offlinePlanner) Plan(ctx context.Context, text string) (builder.Result, error) {
	return builder.Plan(ctx, text)
}

func newTestApp(t *testing.T, cfgs ...func(*appConfig)) *testApp {
	t.Helper()
	cfg := appConfig{planner: offlinePlanner{}, zip: testZip, deployTime: 300 * time.Millisecond}
	for _, f := range cfgs {
		f(&cfg)
	}
	ctx := context.Background()
	key := make([]byte, store.KeySize)
	_, _ = rand.Read(key)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "patchbay.db"), key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, u := range []struct {
		name string
		role store.Role
	}{{"ada", store.RoleAdmin}, {"eddie", store.RoleEditor}, {"vera", store.RoleViewer}} {
		if _, err := st.CreateUser(ctx, u.name, u.name+"@example.com", testPassword, u.role); err != nil {
			t.Fatal(err)
		}
	}
	sim, err := demo.Start(ctx, st, offlinePlanner{}, cfg.deployTime)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	logOut := cfg.logs
	if logOut == nil {
		logOut = io.Discard
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug}))
	dep := deploy.New(st, &deploy.SalesforceConnector{ClientID: sfsim.DefaultClientID, ClientSecret: sfsim.DefaultClientSecret, AllowLoopback: true},
		deploy.Options{Logger: log, PollInterval: 50 * time.Millisecond, MaxPollInterval: 100 * time.Millisecond})
	t.Cleanup(func() { dep.Close() })
	frozen := time.Now()
	opts := Options{Logger: log, Secure: cfg.secure, Demo: true, BaseURL: "http://127.0.0.1:8080",
		DemoLoginURL: sim.LoginURL, DemoLogins: sim.Logins(), AllowLoopback: true, FormTargets: []string{sim.LoginURL},
		Now: func() time.Time { return frozen }}
	srv, err := New(opts, Services{Store: st, Planner: cfg.planner, Generate: generator.Generate, Zip: cfg.zip, Deployer: dep})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{t: t, srv: srv, st: st, deployer: dep, demo: sim, opts: opts}
}

func testZip(b *generator.Bundle, kind string) ([]byte, error) {
	if kind == "project" {
		return b.ProjectZip()
	}
	return b.MetadataZip()
}

// client is a browser stand-in: it keeps cookies and the page's CSRF token.
type client struct {
	app     *testApp
	cookies map[string]*http.Cookie
	csrf    string
}

func (a *testApp) anonymous() *client {
	return &client{app: a, cookies: map[string]*http.Cookie{}}
}

// as signs in with one of the test accounts.
func (a *testApp) as(username string) *client {
	a.t.Helper()
	c := a.anonymous()
	c.get("/login")
	res := c.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther {
		a.t.Fatalf("signing in as %s: status %d", username, res.Code)
	}
	c.get("/") // picks up the session's CSRF token
	return c
}

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.app.srv.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		if doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String())); err == nil {
			if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
				c.csrf = tok
			}
		}
	}
	return rec
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token, unless the form sets _csrf itself
// (an empty value sends none).
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf)
	} else if form.Get("_csrf") == "" {
		form.Del("_csrf")
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// htmx sends a form the way htmx does: CSRF in the header.
func (c *client) htmx(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", c.csrf)
	return c.do(req)
}

func doc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testid(d *goquery.Document, id string) *goquery.Selection {
	return d.Find(`[data-testid="` + id + `"]`)
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		body := rec.Body.String()
		if len(body) > 2000 {
			body = body[:2000]
		}
		t.Fatalf("status %d, want %d; body:\n%s", rec.Code, want, body)
	}
}

// exampleID is the id of the integration the demo planned.
func (a *testApp) exampleID() int64 {
	a.t.Helper()
	list, err := a.st.Integrations(context.Background())
	if err != nil || len(list) == 0 {
		a.t.Fatalf("no example integration: %v", err)
	}
	return list[0].ID
}

// orgID finds a demo org by its name.
func (a *testApp) orgID(alias string) int64 {
	a.t.Helper()
	o, err := a.st.OrgByAlias(context.Background(), alias)
	if err != nil {
		a.t.Fatalf("org %s: %v", alias, err)
	}
	return o.ID
}
