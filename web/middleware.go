package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
)

const (
	sessionCookie = "patchbay_session"
	preCSRFCookie = "patchbay_csrf"
	flashCookie   = "patchbay_flash"
	sessionTTL    = 12 * time.Hour
	ctxSession    = "patchbay.session"
	ctxCSRF       = "patchbay.csrf"
)

// securityHeaders sets the headers every response carries: a CSP without
// inline scripts or styles, no framing, no MIME sniffing, a strict referrer
// policy.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", s.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.opts.Secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// loadSession finds the signed-in user from the session cookie. An unknown
// or expired cookie is cleared, not an error; so is a session the store
// cannot read (its secret sealed with another key): that is no session,
// and the person signs in again.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		sess, err := s.store.Session(c.Request().Context(), ck.Value)
		switch {
		case err == nil:
			c.Set(ctxSession, sess)
		case errors.Is(err, store.ErrNotFound):
			s.clearCookie(c, sessionCookie)
		case errors.Is(err, store.ErrDecrypt):
			s.log.Warn("ending a session that cannot be read", "err", err)
			if err := s.store.DeleteSession(c.Request().Context(), ck.Value); err != nil {
				s.log.Error("ending an unreadable session", "err", err)
			}
			s.clearCookie(c, sessionCookie)
		default:
			return err
		}
		return next(c)
	}
}

// csrf requires every state-changing request to carry the token of the
// session (or, before sign-in, of the pre-session cookie) in the _csrf form
// field or the X-CSRF-Token header, compared in constant time.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var token string
		if sess, ok := c.Get(ctxSession).(store.Session); ok {
			token = sess.CSRFSecret
		} else if ck, err := c.Cookie(preCSRFCookie); err == nil && len(ck.Value) >= 32 {
			token = ck.Value
		} else {
			token = randomToken()
			c.SetCookie(&http.Cookie{Name: preCSRFCookie, Value: token, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: s.opts.Secure, MaxAge: int((24 * time.Hour).Seconds())})
		}
		c.Set(ctxCSRF, token)
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		sent := c.Request().Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = c.FormValue("_csrf")
		}
		if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			return errCSRF
		}
		return next(c)
	}
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func csrfToken(c echo.Context) string {
	t, _ := c.Get(ctxCSRF).(string)
	return t
}

func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.Secure})
}

// currentUser returns the signed-in user.
func currentUser(c echo.Context) (store.User, bool) {
	sess, ok := c.Get(ctxSession).(store.Session)
	return sess.User, ok
}

// perm is what a route needs from the signed-in user.
type perm int

const (
	permRead  perm = iota // any signed-in user
	permEdit              // editors and admins: integrations, deploys to sandboxes
	permAdmin             // admins: users, orgs, settings, audit log, production deploys
)

// can reports whether u holds p.
func can(u store.User, p perm) bool {
	switch p {
	case permRead:
		return u.Role.Valid()
	case permEdit:
		return u.Role == store.RoleAdmin || u.Role == store.RoleEditor
	case permAdmin:
		return u.Role == store.RoleAdmin
	}
	return false
}

// require lets the request through when someone is signed in with p;
// otherwise it sends people who are not signed in to the sign-in page and
// refuses the others.
func (s *Server) require(p perm) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u, ok := currentUser(c)
			if !ok {
				if c.Request().Method == http.MethodGet && !isHTMX(c) {
					return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
				}
				return &problem{status: http.StatusUnauthorized, title: "Please sign in", msg: "Your session has ended. Sign in again to continue; your work is saved once you save it."}
			}
			if !can(u, p) {
				return forbidden(denial(p))
			}
			return next(c)
		}
	}
}

func denial(p perm) string {
	if p == permAdmin {
		return "Only administrators can do this. Ask an administrator if you need it done."
	}
	return "Your account can look at integrations but not change or deploy them. Ask an administrator for the editor role."
}

// section names the navigation entry the current page belongs to.
func section(c echo.Context) string {
	p := c.Request().URL.Path
	for _, s := range []string{"integrations", "orgs", "deployments", "settings", "users", "audit"} {
		if strings.HasPrefix(p, "/"+s) {
			return s
		}
	}
	if p == "/" {
		return "dashboard"
	}
	return ""
}

// flashes are the one-line confirmations shown after a redirect; the cookie
// carries only the key, so no text from a request is ever echoed.
var flashes = map[string]string{
	"signed-out":            "You are signed out.",
	"saved":                 "Saved as a new version.",
	"saved-invalid":         "Saved as a new version. It still has problems to fix before it can be generated.",
	"org-connected":         "The org is connected.",
	"org-removed":           "The org is disconnected and its tokens were revoked.",
	"org-removed-unrevoked": "The org is disconnected here, but Salesforce could not be reached to revoke its tokens. Revoke the connection in the org's Setup (Connected Apps OAuth Usage).",
	"settings-saved":        "Settings saved.",
	"org-healthy":           "The connection works: patchbay reached the org and read its details.",
	"org-needs-reconnect":   "Salesforce refused the stored sign-in for this org. Use Reconnect to sign in again.",
	"org-unreachable":       "The org could not be reached just now. Its sign-in was kept; try again in a moment.",
	"schema-refreshed":      "The org's objects and fields were read again.",
	"schema-failed":         "The org's objects and fields could not be read; the reason is shown beside the org.",
	"user-added":            "The user was added.",
	"role-changed":          "The role was changed.",
	"created":               "The integration was created from your description. Review the spec below.",
	"renamed":               "The integration's name was changed. Its spec name, which names its parts in Salesforce, is unchanged.",
	"archived":              "The integration is archived: hidden from lists and not deployable. Its versions and deployments are kept.",
	"unarchived":            "The integration is back in the lists and can be deployed again.",
	"schedules-started":     "The schedules were started; the org was checked again below.",
	"alerts-saved":          "Alert settings saved.",
	"alerts-test-sent":      "The test alert was sent. Check that it arrived.",
	"schedules-failed":      "Starting a schedule failed: see the audit log. The connected user needs the Author Apex permission.",
}

func flashText(key string) string { return flashes[key] }

// flash sets the confirmation shown on the next page.
func (s *Server) flash(c echo.Context, key string) {
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.Secure, MaxAge: 60})
}
