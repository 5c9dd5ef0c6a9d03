package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// problem is an error whose message is safe to show to the person who made
// the request. Handlers return it for things the user can act on; anything
// else is treated as internal and never shown.
type problem struct {
	status int
	title  string
	msg    string
	err    error
}

func (p *problem) Error() string {
	if p.err != nil {
		return p.msg + ": " + p.err.Error()
	}
	return p.msg
}

func (p *problem) Unwrap() error { return p.err }

func badRequest(msg string) error {
	return &problem{status: http.StatusBadRequest, title: "That did not work", msg: msg}
}

// sentence turns an error message written for users by another package
// (lower case, no full stop, as Go error strings are) into a sentence for a
// page: capitalised, ending with a full stop.
func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

func forbidden(msg string) error {
	return &problem{status: http.StatusForbidden, title: "Not allowed", msg: msg}
}

func notFound(what string) error {
	return &problem{status: http.StatusNotFound, title: "Not found",
		msg: "We could not find " + what + ". It may have been removed, or the link may be mistyped."}
}

func conflict(msg string) error {
	return &problem{status: http.StatusConflict, title: "That did not work", msg: msg}
}

// errCSRF is returned when a state-changing request lacks a valid CSRF token.
var errCSRF = &problem{status: http.StatusForbidden, title: "This form has expired",
	msg: "For your security the page you submitted from is no longer valid. Go back, reload the page and try again."}

// errorHandler is the one place errors become a status and a message. Known
// problems show their message; HTTP errors from echo get a plain wording;
// everything else is logged with a reference and shown as a generic failure.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, title, msg := http.StatusInternalServerError, "Something went wrong", ""
	var p *problem
	var he *echo.HTTPError
	switch {
	case errors.As(err, &p):
		status, title, msg = p.status, p.title, p.msg
	case s.isNotFound(err):
		status, title, msg = http.StatusNotFound, "Not found", "We could not find what you asked for. It may have been removed, or the link may be mistyped."
	case errors.As(err, &he):
		status = he.Code
		title, msg = httpWording(status)
	}
	if status >= 500 {
		ref := reference()
		s.log.Error("request failed", "ref", ref, "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		msg = "patchbay hit an unexpected problem and could not finish this request. Nothing you entered was lost by this page; try again in a moment. If it keeps happening, give your administrator this reference: " + ref + "."
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if isHTMX(c) {
		// htmx shows this text in the page's notice area (app.js).
		_ = c.String(status, msg)
		return
	}
	if rerr := s.render(c, status, view.ErrorPage(s.chrome(c, title), status, title, msg)); rerr != nil {
		s.log.Error("rendering error page", "err", rerr)
	}
}

func httpWording(status int) (string, string) {
	switch status {
	case http.StatusNotFound:
		return "Not found", "We could not find that page. It may have been removed, or the link may be mistyped."
	case http.StatusMethodNotAllowed:
		return "Not available", "That page cannot be used this way. Go back and use the buttons on the page."
	case http.StatusRequestEntityTooLarge:
		return "Too large", "What you sent is larger than patchbay accepts. Specs are limited to 1 MiB."
	case http.StatusUnauthorized:
		return "Please sign in", "You need to sign in to see this page."
	case http.StatusForbidden:
		return "Not allowed", "Your account is not allowed to do this."
	case http.StatusTooManyRequests:
		return "Slow down", "Too many attempts. Wait a minute and try again."
	case http.StatusServiceUnavailable:
		return "Unavailable", "This part of patchbay is not available right now. Try again in a moment."
	}
	if status >= 400 && status < 500 {
		return "That did not work", "The request could not be understood. Go back and try again."
	}
	return "Something went wrong", ""
}

func reference() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func isHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }
