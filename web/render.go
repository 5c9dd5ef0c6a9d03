package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// render writes a templ component with a status. Rendering goes to a buffer
// first so a failing component never sends half a page.
func (s *Server) render(c echo.Context, status int, t templ.Component) error {
	var buf bytes.Buffer
	if err := t.Render(c.Request().Context(), &buf); err != nil {
		return fmt.Errorf("rendering %s: %w", c.Path(), err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// ok renders a component with 200 OK.
func (s *Server) ok(c echo.Context, t templ.Component) error {
	return s.render(c, http.StatusOK, t)
}

// chrome is the page frame for the current request.
func (s *Server) chrome(c echo.Context, title string) view.Chrome {
	ch := view.Chrome{Title: title, CSRF: csrfToken(c), Demo: s.opts.Demo, Asset: s.assets.URL, Section: section(c)}
	if u, ok := currentUser(c); ok {
		ch.User = u.Username
		ch.Role = string(u.Role)
		ch.CanAdmin = can(u, permAdmin)
	}
	if f, err := c.Cookie(flashCookie); err == nil {
		ch.Flash = flashText(f.Value)
		c.SetCookie(&http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.Secure})
	}
	return ch
}
