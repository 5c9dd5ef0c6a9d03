package salesforce

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// HTTPTimeouts bound each phase of a call to Salesforce, so that a call
// that never answers fails (and, when safe, is retried) instead of holding
// its caller for ever.
type HTTPTimeouts struct {
	// Connect bounds the TCP connection.
	Connect time.Duration
	// TLSHandshake bounds the TLS handshake.
	TLSHandshake time.Duration
	// ResponseHeader bounds the wait for the response's headers once the
	// request was written (a hung status poll).
	ResponseHeader time.Duration
	// Overall bounds the whole call, body included (a 39 MB deploy upload).
	Overall time.Duration
}

// DefaultHTTPTimeouts are the timeouts of NewHTTPClient's default client.
var DefaultHTTPTimeouts = HTTPTimeouts{
	Connect:        10 * time.Second,
	TLSHandshake:   10 * time.Second,
	ResponseHeader: 2 * time.Minute,
	Overall:        10 * time.Minute,
}

// NewHTTPClient returns the client patchbay calls Salesforce with: every
// phase bounded by t (zero fields take DefaultHTTPTimeouts' values) and no
// redirect followed. It is the one place such a client is built.
func NewHTTPClient(t HTTPTimeouts) *http.Client {
	d := DefaultHTTPTimeouts
	if t.Connect <= 0 {
		t.Connect = d.Connect
	}
	if t.TLSHandshake <= 0 {
		t.TLSHandshake = d.TLSHandshake
	}
	if t.ResponseHeader <= 0 {
		t.ResponseHeader = d.ResponseHeader
	}
	if t.Overall <= 0 {
		t.Overall = d.Overall
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: t.Connect, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = t.TLSHandshake
	tr.ResponseHeaderTimeout = t.ResponseHeader
	return &http.Client{Transport: tr, Timeout: t.Overall, CheckRedirect: refuseRedirect}
}

// defaultHTTPClient is used when a caller supplies no client.
var defaultHTTPClient = NewHTTPClient(HTTPTimeouts{})

// refuseRedirect stops at a redirect: API calls are made to the org's own
// instance and are never sent, with their token, anywhere else.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// withoutRedirects returns hc, or a copy of it that does not follow
// redirects when hc would.
func withoutRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		return defaultHTTPClient
	}
	c := *hc
	c.CheckRedirect = refuseRedirect
	return &c
}

// isRedirect reports a 3xx answer with somewhere to go.
func isRedirect(resp *http.Response) bool {
	return resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != ""
}

// redirectError describes a redirect that was not followed by its status
// and target host; the redirect's body is never kept.
func redirectError(op string, resp *http.Response) *APIError {
	host := "an unnamed host"
	if u, err := resp.Request.URL.Parse(resp.Header.Get("Location")); err == nil && u.Host != "" {
		host = u.Host
	}
	return &APIError{Kind: ErrInvalidRequest, Op: op, StatusCode: resp.StatusCode, Code: "REDIRECT",
		Message: fmt.Sprintf("Salesforce answered with a redirect to %s, which patchbay does not follow on API calls; check the org's instance URL", host)}
}

// maxErrorText bounds the text of a response kept in an error.
const maxErrorText = 512

var secretPatterns = []struct {
	re   *regexp.Regexp
	with string
}{
	// Salesforce session ids and access tokens: <org id>!<opaque>.
	{regexp.MustCompile(`\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._\-]+`), "[session id]"},
	{regexp.MustCompile(`(?i)\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/!=\-]+`), "$1 [redacted]"},
	{regexp.MustCompile(`(?i)<((?:\w+:)?sessionId)>[^<]*</`), "<$1>[redacted]</"},
	{regexp.MustCompile(`(?i)\b(access_token|refresh_token|id_token|session_?id|sid|client_secret|password|assertion|code)("?\s*[:=]\s*"?)[^"&\s<,}]+`), "$1$2[redacted]"},
	{regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`), "[email]"},
}

// ScrubText makes text from a response fit to keep in an error a viewer
// may see: secrets (session ids, tokens, passwords) and email addresses
// are replaced, control characters become spaces, and the result is cut to
// 512 bytes. Every response text that reaches an error passes through it.
func ScrubText(s string) string {
	if len(s) > 4*maxErrorText {
		s = s[:4*maxErrorText] // enough to scrub a secret cut at the limit
	}
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	for _, p := range secretPatterns {
		s = p.re.ReplaceAllString(s, p.with)
	}
	s = strings.TrimSpace(s)
	if len(s) <= maxErrorText {
		return s
	}
	cut := maxErrorText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
