package salesforce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultAPIVersion is the API version patchbay pins (see docs/salesforce.md §0).
const DefaultAPIVersion = "66.0"

// Protocol selects how a Client talks to the Metadata API.
type Protocol string

// Metadata API protocols.
const (
	// ProtocolSOAP deploys with /services/Soap/m (what the sf CLI uses).
	ProtocolSOAP Protocol = "soap"
	// ProtocolREST deploys with /services/data/vXX.X/metadata/deployRequest.
	ProtocolREST Protocol = "rest"
)

// Options configure a Client. The zero value is usable: SOAP, API 66.0,
// NewHTTPClient's client (timeouts, no redirects), three retries, no token
// refresh.
type Options struct {
	// HTTPClient sends the requests; nil means NewHTTPClient's default.
	// Redirects are never followed, whatever its CheckRedirect says.
	HTTPClient *http.Client
	// APIVersion like "66.0"; empty means DefaultAPIVersion.
	APIVersion string
	// Protocol for deploys; empty means ProtocolSOAP.
	Protocol Protocol
	// Refresher, when set, obtains a new access token after a 401
	// INVALID_SESSION_ID; the request is then retried once. When the
	// refresh fails the error matches ErrAuthExpired and the refresh's own
	// kind (ErrReconnectRequired for invalid_grant, ErrTransient, …).
	Refresher Refresher
	// OnTokenRefresh is called with the new token after each refresh so the
	// caller can persist it. It must not log the token.
	OnTokenRefresh func(Token)
	// MaxRetries bounds retries of transient failures (5xx, HTML outage
	// pages, dropped connections). 0 means 3; negative means none.
	MaxRetries int
	// RetryDelay is the first backoff delay, doubled on each retry (with
	// jitter, capped at 10s). 0 means 500ms.
	RetryDelay time.Duration
	// AllowLoopback accepts loopback instance URLs (sfsim, tests).
	AllowLoopback bool
}

// Client calls one org's APIs with one connection's token. It is safe for
// concurrent use; token refreshes are serialised.
type Client struct {
	opts      Options
	hc        *http.Client
	mu        sync.Mutex // guards tok
	tok       Token
	refreshMu sync.Mutex // serialises refreshes
}

// New returns a Client for the org tok belongs to. The token's instance URL
// must be a Salesforce host (or loopback with opts.AllowLoopback).
func New(tok Token, opts Options) (*Client, error) {
	tok.InstanceURL = strings.TrimRight(tok.InstanceURL, "/")
	if err := CheckHost(tok.InstanceURL, opts.AllowLoopback); err != nil {
		return nil, err
	}
	if tok.AccessToken == "" && opts.Refresher == nil {
		return nil, fmt.Errorf("salesforce: new client: no access token and no refresher: %w", ErrInvalidRequest)
	}
	if opts.APIVersion == "" {
		opts.APIVersion = DefaultAPIVersion
	}
	opts.APIVersion = strings.TrimPrefix(opts.APIVersion, "v")
	if _, err := strconv.ParseFloat(opts.APIVersion, 64); err != nil {
		return nil, fmt.Errorf("salesforce: new client: API version %q: %w", opts.APIVersion, ErrInvalidRequest)
	}
	switch opts.Protocol {
	case "":
		opts.Protocol = ProtocolSOAP
	case ProtocolSOAP, ProtocolREST:
	default:
		return nil, fmt.Errorf("salesforce: new client: protocol %q: %w", opts.Protocol, ErrInvalidRequest)
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 3
	}
	if opts.RetryDelay == 0 {
		opts.RetryDelay = 500 * time.Millisecond
	}
	return &Client{opts: opts, hc: withoutRedirects(opts.HTTPClient), tok: tok}, nil
}

// Token returns the current token (it changes after a refresh).
func (c *Client) Token() Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok
}

// APIVersion returns the API version the client calls, like "66.0".
func (c *Client) APIVersion() string { return c.opts.APIVersion }

// Protocol returns the deploy protocol.
func (c *Client) Protocol() Protocol { return c.opts.Protocol }

// Revoke revokes the connection's refresh token (or, without one, its access
// token) at the org's instance.
func (c *Client) Revoke(ctx context.Context) error {
	t := c.Token()
	tok := t.RefreshToken
	if tok == "" {
		tok = t.AccessToken
	}
	return revoke(ctx, c.hc, t.InstanceURL, tok)
}

// request is one API call.
type request struct {
	op     string
	method string
	path   string // below the instance URL, starting with "/"
	body   []byte
	// soapBody, when set, builds the body with the session id in it (SOAP
	// carries the token in the envelope, not in a header).
	soapBody    func(token string) []byte
	contentType string
	// header holds extra request headers (If-Modified-Since).
	header map[string]string
	// idempotent requests are retried after connection failures even if the
	// request was sent; others only if it was not.
	idempotent bool
	ok         func(status int) bool
}

func (c *Client) dataPath(rest string) string {
	return "/services/data/v" + c.opts.APIVersion + rest
}

// do sends r, retrying transient failures with backoff and refreshing the
// token once on INVALID_SESSION_ID. It returns the body of a successful
// response.
func (c *Client) do(ctx context.Context, r request) ([]byte, int, error) {
	refreshed := false
	retries := 0
	for {
		tok := c.Token()
		body := r.body
		if r.soapBody != nil {
			body = r.soapBody(tok.AccessToken)
		}
		var wrote atomic.Bool
		tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
		})
		req, err := http.NewRequestWithContext(tctx, r.method, tok.InstanceURL+r.path, bytes.NewReader(body))
		if err != nil {
			return nil, 0, fmt.Errorf("salesforce: %s: %w", r.op, err)
		}
		if r.soapBody != nil {
			req.Header.Set("SOAPAction", `""`)
		} else {
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		}
		if r.contentType != "" {
			req.Header.Set("Content-Type", r.contentType)
		}
		req.Header.Set("Accept", "application/json, text/xml")
		for k, v := range r.header {
			req.Header.Set(k, v)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, fmt.Errorf("salesforce: %s: %w", r.op, ctx.Err())
			}
			apiErr := &APIError{Kind: ErrTransient, Op: r.op, Err: err}
			if (r.idempotent || !wrote.Load()) && retries < c.opts.MaxRetries {
				if err := c.sleep(ctx, retries, 0); err != nil {
					return nil, 0, fmt.Errorf("salesforce: %s: %w (while retrying after: %v)", r.op, err, apiErr)
				}
				retries++
				continue
			}
			return nil, 0, apiErr
		}
		if isRedirect(resp) {
			resp.Body.Close()
			return nil, resp.StatusCode, redirectError(r.op, resp)
		}
		data := readLimited(resp.Body)
		resp.Body.Close()
		ok := r.ok
		if ok == nil {
			ok = func(s int) bool { return s >= 200 && s < 300 }
		}
		if ok(resp.StatusCode) && !(len(bytes.TrimSpace(data)) > 0 && isHTML(resp, bytes.TrimSpace(data))) {
			return data, resp.StatusCode, nil
		}
		apiErr := errorFromResponse(r.op, resp, data)
		switch {
		case errors.Is(apiErr, ErrAuthExpired) && !refreshed && c.opts.Refresher != nil:
			if err := c.refresh(ctx, tok); err != nil {
				// Both kinds match: the session expired, and the refresh
				// failed (ErrReconnectRequired, ErrTransient, …).
				return nil, resp.StatusCode, fmt.Errorf("%w; refreshing the session failed: %w", apiErr, err)
			}
			refreshed = true
			continue
		case errors.Is(apiErr, ErrTransient) && retries < c.opts.MaxRetries && (r.idempotent || notProcessed(resp.StatusCode)):
			if err := c.sleep(ctx, retries, retryAfter(resp)); err != nil {
				return nil, resp.StatusCode, fmt.Errorf("salesforce: %s: %w (while retrying after: %v)", r.op, err, apiErr)
			}
			retries++
			continue
		}
		return nil, resp.StatusCode, apiErr
	}
}

// notProcessed reports statuses after which a non-idempotent request can be
// sent again: the server says it did not handle it.
func notProcessed(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout || status == http.StatusTooManyRequests
}

func retryAfter(resp *http.Response) time.Duration {
	s, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || s <= 0 {
		return 0
	}
	return min(time.Duration(s)*time.Second, 30*time.Second)
}

func (c *Client) sleep(ctx context.Context, attempt int, at time.Duration) error {
	d := at
	if d == 0 {
		d = min(c.opts.RetryDelay<<attempt, 10*time.Second)
		d = d/2 + rand.N(d/2+1)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// refresh replaces the token used by a failed request, unless another
// goroutine already did.
func (c *Client) refresh(ctx context.Context, used Token) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	cur := c.Token()
	if cur.AccessToken != used.AccessToken {
		return nil
	}
	nt, err := c.opts.Refresher.Refresh(ctx, cur)
	if err != nil {
		return err
	}
	if nt.InstanceURL == "" {
		nt.InstanceURL = cur.InstanceURL
	}
	nt.InstanceURL = strings.TrimRight(nt.InstanceURL, "/")
	if err := CheckHost(nt.InstanceURL, c.opts.AllowLoopback); err != nil {
		return err
	}
	if nt.RefreshToken == "" {
		nt.RefreshToken = cur.RefreshToken
	}
	if nt.ID == "" {
		nt.ID = cur.ID
	}
	c.mu.Lock()
	c.tok = nt
	c.mu.Unlock()
	if c.opts.OnTokenRefresh != nil {
		c.opts.OnTokenRefresh(nt)
	}
	return nil
}
