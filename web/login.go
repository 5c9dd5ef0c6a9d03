package web

import (
	"errors"
	"net/http"
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

// safeNext keeps post-login redirects on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
