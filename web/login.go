package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// loginPage shows the sign-in form.
func (s *Server) loginPage(c echo.Context) error {
	if _, ok := currentUser(c); ok {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.ok(c, view.LoginPage(s.chrome(c, "Sign in"), view.LoginForm{Next: safeNext(c.QueryParam("next"))}))
}

// login checks the credentials, starts a server-side session and sends the
// user where they were going.
func (s *Server) login(c echo.Context) error {
	form := view.LoginForm{Username: strings.TrimSpace(c.FormValue("username")), Next: safeNext(c.FormValue("next"))}
	u, err := s.store.Authenticate(c.Request().Context(), form.Username, c.FormValue("password"))
	if errors.Is(err, store.ErrBadCredentials) || errors.Is(err, store.ErrNotFound) {
		form.Error = "That username and password do not match. Check them and try again."
		return s.render(c, http.StatusUnauthorized, view.LoginPage(s.chrome(c, "Sign in"), form))
	}
	if err != nil {
		return err
	}
	token, _, err := s.store.CreateSession(c.Request().Context(), u.ID, sessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds())})
	s.clearCookie(c, preCSRFCookie)
	if _, err := s.store.Audit(c.Request().Context(), store.AuditEntry{Actor: u.Username, Action: "user.signin", Target: "user:" + u.Username}); err != nil {
		s.log.Error("recording sign-in", "err", err)
	}
	return c.Redirect(http.StatusSeeOther, form.Next)
}

// logout ends the session.
func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearCookie(c, sessionCookie)
	s.flash(c, "signed-out")
	return c.Redirect(http.StatusSeeOther, "/login")
}

// safeNext returns next when it is a path on this site, and "/" otherwise.
// Browsers are lenient with what follows a Location header: they drop tabs
// and newlines ("/\t/evil.example" becomes "//evil.example", another host),
// read a backslash as a slash, and decode some escapes; so next must start
// with a single slash, parse as a bare path with no scheme or host, and
// hold no backslash, control character, non-ASCII byte or "//", neither as
// written nor once its escapes are decoded.
func safeNext(next string) string {
	const home = "/"
	if len(next) > 2048 || !strings.HasPrefix(next, "/") || !plainPath(next) {
		return home
	}
	decoded, err := url.PathUnescape(next)
	if err != nil || !plainPath(decoded) {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return home
	}
	return next
}

// plainPath reports whether s has no byte a browser might read as a way to
// leave the site: backslash, a control or non-ASCII byte, or "//".
func plainPath(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return !strings.Contains(s, "//")
}
