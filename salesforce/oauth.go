package salesforce

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Login hosts for production/Developer Edition and sandbox orgs.
const (
	LoginURLProduction = "https://login.salesforce.com"
	LoginURLSandbox    = "https://test.salesforce.com"
)

// DefaultScopes are the OAuth scopes patchbay asks for: the REST/SOAP APIs
// and a refresh token.
var DefaultScopes = []string{"api", "refresh_token"}

// Token is what an OAuth token endpoint returns for an org connection.
// Salesforce issues no expiry: a token is used until a call answers 401.
// Its String, GoString and LogValue methods hide the secrets.
type Token struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	InstanceURL  string    `json:"instance_url"`
	ID           string    `json:"id"` // identity URL: https://login.salesforce.com/id/<orgId>/<userId>
	IssuedAt     time.Time `json:"issued_at"`
	Scope        string    `json:"scope,omitempty"`
}

// OrgID returns the org id from the identity URL, or "".
func (t Token) OrgID() string { id, _ := splitIdentityURL(t.ID); return id }

// UserID returns the user id from the identity URL, or "".
func (t Token) UserID() string { _, id := splitIdentityURL(t.ID); return id }

func splitIdentityURL(raw string) (org, user string) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) >= 3 && parts[len(parts)-3] == "id" {
		return parts[len(parts)-2], parts[len(parts)-1]
	}
	return "", ""
}

// String describes the token without its secrets.
func (t Token) String() string {
	return fmt.Sprintf("Token{InstanceURL:%s ID:%s AccessToken:[redacted] RefreshToken:%s}", t.InstanceURL, t.ID, redacted(t.RefreshToken))
}

// GoString is String, so %#v does not print secrets either.
func (t Token) GoString() string { return t.String() }

// LogValue keeps secrets out of slog output.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("instance_url", t.InstanceURL), slog.String("id", t.ID))
}

func redacted(s string) string {
	if s == "" {
		return "\"\""
	}
	return "[redacted]"
}

// Refresher obtains a new access token for an org connection. OAuthConfig
// (refresh token) and JWTConfig (a new JWT bearer grant) implement it.
type Refresher interface {
	Refresh(ctx context.Context, old Token) (Token, error)
}

// OAuthConfig is a Connected App or External Client App used for the OAuth
// 2.0 web-server flow: both are a client id and secret.
type OAuthConfig struct {
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// LoginURL is https://login.salesforce.com, https://test.salesforce.com
	// or a My Domain URL. Empty means login.salesforce.com.
	LoginURL string
	// Scopes default to DefaultScopes.
	Scopes []string
	// AllowLoopback accepts http://127.0.0.1, http://[::1] and
	// http://localhost login and instance URLs (sfsim, tests).
	AllowLoopback bool
	// HTTPClient is used for token calls; nil means NewHTTPClient's
	// default. Redirects are never followed.
	HTTPClient *http.Client
}

func (c *OAuthConfig) loginURL() string {
	if c.LoginURL == "" {
		return LoginURLProduction
	}
	return strings.TrimRight(c.LoginURL, "/")
}

func (c *OAuthConfig) oauth2Config(tokenBase string) *oauth2.Config {
	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Scopes:       scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.loginURL() + "/services/oauth2/authorize",
			TokenURL:  tokenBase + "/services/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// Validate checks the client id and that the login URL is a Salesforce host.
func (c *OAuthConfig) Validate() error {
	if c.ClientID == "" {
		return fmt.Errorf("salesforce: oauth: client id is empty: %w", ErrInvalidRequest)
	}
	return CheckHost(c.loginURL(), c.AllowLoopback)
}

// NewState returns a random OAuth state value (32 bytes, base64url).
func NewState() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewVerifier returns a random PKCE code verifier.
func NewVerifier() string { return oauth2.GenerateVerifier() }

// AuthCodeURL returns the authorize URL to send the user to, carrying state
// and the S256 challenge of verifier. Extra options (prompt, login_hint)
// can be added with oauth2.SetAuthURLParam.
func (c *OAuthConfig) AuthCodeURL(state, verifier string, opts ...oauth2.AuthCodeOption) (string, error) {
	if err := c.Validate(); err != nil {
		return "", err
	}
	if state == "" || verifier == "" {
		return "", fmt.Errorf("salesforce: oauth: state and PKCE verifier are required: %w", ErrInvalidRequest)
	}
	opts = append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}, opts...)
	return c.oauth2Config(c.loginURL()).AuthCodeURL(state, opts...), nil
}

// Exchange trades an authorization code and its PKCE verifier for a token
// at the login host.
func (c *OAuthConfig) Exchange(ctx context.Context, code, verifier string) (Token, error) {
	if err := c.Validate(); err != nil {
		return Token{}, err
	}
	ot, err := c.oauth2Config(c.loginURL()).Exchange(c.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Token{}, oauthError("exchange authorization code", err)
	}
	return c.tokenFrom(ot, "")
}

// Refresh obtains a new access token with old.RefreshToken from the org's
// own instance. The instance URL is kept when the response lacks one, and
// the refresh token is kept when none is reissued. invalid_grant gives an
// error matching ErrReconnectRequired.
func (c *OAuthConfig) Refresh(ctx context.Context, old Token) (Token, error) {
	if old.RefreshToken == "" {
		return Token{}, &APIError{Kind: ErrReconnectRequired, Op: "refresh token", Message: "no refresh token"}
	}
	base := strings.TrimRight(old.InstanceURL, "/")
	if base == "" {
		base = c.loginURL()
	}
	if err := CheckHost(base, c.AllowLoopback); err != nil {
		return Token{}, err
	}
	ts := c.oauth2Config(base).TokenSource(c.ctx(ctx), &oauth2.Token{RefreshToken: old.RefreshToken})
	ot, err := ts.Token()
	if err != nil {
		return Token{}, oauthError("refresh token", err)
	}
	t, err := c.tokenFrom(ot, old.InstanceURL)
	if err != nil {
		return Token{}, err
	}
	if t.RefreshToken == "" {
		t.RefreshToken = old.RefreshToken
	}
	if t.ID == "" {
		t.ID = old.ID
	}
	return t, nil
}

// Revoke revokes an access or refresh token at the login host. Revoking a
// refresh token also ends the access tokens issued from it.
func (c *OAuthConfig) Revoke(ctx context.Context, token string) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return revoke(ctx, c.httpClient(), c.loginURL(), token)
}

func revoke(ctx context.Context, hc *http.Client, base, token string) error {
	form := url.Values{"token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/services/oauth2/revoke", strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("salesforce: revoke: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return &APIError{Kind: ErrTransient, Op: "revoke", Err: err}
	}
	defer resp.Body.Close()
	body := readLimited(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errorFromResponse("revoke", resp, body)
	}
	return nil
}

func (c *OAuthConfig) httpClient() *http.Client {
	return withoutRedirects(c.HTTPClient)
}

func (c *OAuthConfig) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
}

// tokenFrom converts an oauth2 token and checks the instance URL and, when
// a client secret is known, the response signature.
func (c *OAuthConfig) tokenFrom(ot *oauth2.Token, fallbackInstance string) (Token, error) {
	t := convertToken(ot, fallbackInstance)
	if err := CheckHost(t.InstanceURL, c.AllowLoopback); err != nil {
		return Token{}, fmt.Errorf("salesforce: token response instance_url: %w", err)
	}
	if sig, _ := ot.Extra("signature").(string); sig != "" && c.ClientSecret != "" && t.ID != "" {
		issued, _ := ot.Extra("issued_at").(string)
		mac := hmac.New(sha256.New, []byte(c.ClientSecret))
		mac.Write([]byte(t.ID + issued))
		want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(sig), []byte(want)) {
			return Token{}, &APIError{Kind: ErrInvalidRequest, Op: "token", Message: "token response signature does not match"}
		}
	}
	return t, nil
}

func convertToken(ot *oauth2.Token, fallbackInstance string) Token {
	str := func(k string) string { s, _ := ot.Extra(k).(string); return s }
	t := Token{
		AccessToken:  ot.AccessToken,
		RefreshToken: ot.RefreshToken,
		InstanceURL:  strings.TrimRight(str("instance_url"), "/"),
		ID:           str("id"),
		Scope:        str("scope"),
		IssuedAt:     time.Now().UTC().Truncate(time.Millisecond),
	}
	if ms, err := strconv.ParseInt(str("issued_at"), 10, 64); err == nil {
		t.IssuedAt = time.UnixMilli(ms).UTC()
	}
	if t.InstanceURL == "" {
		t.InstanceURL = strings.TrimRight(fallbackInstance, "/")
	}
	return t
}

// oauthError maps a token endpoint failure to an error kind.
func oauthError(op string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		kind := ErrInvalidRequest
		switch {
		case re.ErrorCode == "invalid_grant":
			kind = ErrReconnectRequired
		case status >= 500 || status == 0:
			kind = ErrTransient
		case status == 429:
			kind = ErrLimitExceeded
		}
		msg := re.ErrorDescription
		if re.ErrorCode == "" && msg == "" {
			msg = ScrubText(string(re.Body))
		}
		return &APIError{Kind: kind, Op: op, StatusCode: status, Code: re.ErrorCode, Message: msg}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("salesforce: %s: %w", op, err)
	}
	return &APIError{Kind: ErrTransient, Op: op, Err: err}
}

// salesforceDomains are the domain suffixes sfdx-core's isSalesforceDomain
// accepts.
var salesforceDomains = []string{
	"salesforce.com", "force.com", "cloudforce.com", "visualforce.com",
	"salesforce-setup.com", "sfcrmapps.cn", "sfcrmproducts.cn",
	"salesforce.mil", "force.mil", "crmforce.mil", "salesforce-sites.com",
	"site.com", "lightning.force.com",
}

// CheckHost reports whether raw is an https URL on a Salesforce domain
// (login.salesforce.com, test.salesforce.com, a My Domain, an instance). With
// allowLoopback, http and https URLs on 127.0.0.1, ::1 and localhost are
// accepted too. The error matches ErrInvalidHost.
func CheckHost(raw string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("salesforce: %q is not a URL: %w", raw, ErrInvalidHost)
	}
	host := strings.ToLower(u.Hostname())
	if allowLoopback && (host == "localhost" || isLoopbackIP(host)) && (u.Scheme == "http" || u.Scheme == "https") {
		return nil
	}
	if u.Scheme != "https" {
		return fmt.Errorf("salesforce: %q must use https: %w", raw, ErrInvalidHost)
	}
	if u.User != nil {
		return fmt.Errorf("salesforce: %q must not carry credentials: %w", u.Host, ErrInvalidHost)
	}
	for _, d := range salesforceDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return nil
		}
	}
	return fmt.Errorf("salesforce: %q is not a Salesforce domain: %w", host, ErrInvalidHost)
}

func isLoopbackIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
