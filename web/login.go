package web

import (
	"context"
	"errors"
	"fmt"
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
// user where they were going. Attempts are limited per username and client
// address; failed sign-ins and lockouts go to the audit log.
func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	form := view.LoginForm{Username: strings.TrimSpace(c.FormValue("username")), Next: safeNext(c.FormValue("next"))}
	password := c.FormValue("password")
	addr := c.RealIP()
	target := "user:" + clip(form.Username, 64)
	if ok, report := s.signins.allow(form.Username, addr, s.now()); !ok {
		if report {
			s.auditSignin(ctx, "user.signin.locked", target, "too many sign-in attempts from "+addr+"; refused for a minute")
		}
		return &problem{status: http.StatusTooManyRequests, title: "Slow down", msg: "Too many attempts. Wait a minute and try again."}
	}
	if len(password) > store.MaxPasswordBytes {
		s.auditSignin(ctx, "user.signin.failed", target, "password over 72 bytes, from "+addr)
		form.Error = fmt.Sprintf("That password is longer than %d bytes, and no patchbay password is. Check that you pasted the right one.", store.MaxPasswordBytes)
		return s.render(c, http.StatusUnauthorized, view.LoginPage(s.chrome(c, "Sign in"), form))
	}
	u, err := s.store.Authenticate(ctx, form.Username, password)
	if errors.Is(err, store.ErrBadCredentials) || errors.Is(err, store.ErrNotFound) {
		s.auditSignin(ctx, "user.signin.failed", target, "wrong username or password, from "+addr)
		form.Error = "That username and password do not match. Check them and try again."
		return s.render(c, http.StatusUnauthorized, view.LoginPage(s.chrome(c, "Sign in"), form))
	}
	if err != nil {
		return err
	}
	token, _, err := s.store.CreateSession(ctx, u.ID, sessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds())})
	s.clearCookie(c, preCSRFCookie)
	if _, err := s.store.Audit(ctx, store.AuditEntry{Actor: u.Username, Action: "user.signin", Target: "user:" + u.Username, Detail: "from " + addr}); err != nil {
		s.log.Error("recording sign-in", "err", err)
	}
	return c.Redirect(http.StatusSeeOther, form.Next)
}

// auditSignin records a refused sign-in. Nobody is signed in, so the actor
// is "anonymous"; the username tried is the target.
func (s *Server) auditSignin(ctx context.Context, action, target, detail string) {
	if _, err := s.store.Audit(ctx, store.AuditEntry{Actor: "anonymous", Action: action, Target: target, Detail: detail}); err != nil {
		s.log.Error("recording a refused sign-in", "action", action, "err", err)
	}
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
