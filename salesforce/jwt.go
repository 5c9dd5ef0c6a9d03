package salesforce

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// JWTLifetime is how far ahead a JWT bearer assertion's exp lies. Salesforce
// accepts at most three minutes.
const JWTLifetime = 2*time.Minute + 30*time.Second

// JWTConfig is the OAuth 2.0 JWT bearer flow: a Connected App or External
// Client App with a certificate, and a pre-authorized user.
type JWTConfig struct {
	ClientID string
	Username string
	// LoginURL is where the token is requested; it is also the audience
	// unless Audience is set. Empty means login.salesforce.com.
	LoginURL   string
	Audience   string
	PrivateKey *rsa.PrivateKey
	// AllowLoopback accepts loopback login and instance URLs (sfsim, tests).
	AllowLoopback bool
	HTTPClient    *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// ParseRSAPrivateKeyPEM reads a PKCS#1 or PKCS#8 RSA private key in PEM.
func ParseRSAPrivateKeyPEM(data []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("salesforce: private key: no PEM block found")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("salesforce: private key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("salesforce: private key: %T is not an RSA key", k)
	}
	return rk, nil
}

func (j *JWTConfig) loginURL() string {
	if j.LoginURL == "" {
		return LoginURLProduction
	}
	return strings.TrimRight(j.LoginURL, "/")
}

// Assertion returns the signed RS256 JWT: iss=client id, sub=username,
// aud=login host, exp in seconds JWTLifetime ahead.
func (j *JWTConfig) Assertion() (string, error) {
	if j.PrivateKey == nil || j.ClientID == "" || j.Username == "" {
		return "", fmt.Errorf("salesforce: jwt: client id, username and private key are required: %w", ErrInvalidRequest)
	}
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	aud := j.Audience
	if aud == "" {
		aud = j.loginURL()
	}
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT"})
	claims, _ := json.Marshal(map[string]any{
		"iss": j.ClientID,
		"sub": j.Username,
		"aud": aud,
		"exp": now().Add(JWTLifetime).Unix(),
	})
	signing := b64url(header) + "." + b64url(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, j.PrivateKey, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("salesforce: jwt: sign: %w", err)
	}
	return signing + "." + b64url(sig), nil
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// Token performs the JWT bearer grant. A refused grant (invalid_grant, e.g.
// user not pre-authorized or a bad signature) matches ErrReconnectRequired.
func (j *JWTConfig) Token(ctx context.Context) (Token, error) {
	if err := CheckHost(j.loginURL(), j.AllowLoopback); err != nil {
		return Token{}, err
	}
	assertion, err := j.Assertion()
	if err != nil {
		return Token{}, err
	}
	form := url.Values{
		"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		"assertion":  {assertion},
	}
	hc := withoutRedirects(j.HTTPClient)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.loginURL()+"/services/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, fmt.Errorf("salesforce: jwt: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return Token{}, &APIError{Kind: ErrTransient, Op: "jwt bearer token", Err: err}
	}
	defer resp.Body.Close()
	body := readLimited(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return Token{}, errorFromResponse("jwt bearer token", resp, body)
	}
	var tr struct {
		AccessToken string  `json:"access_token"`
		InstanceURL string  `json:"instance_url"`
		ID          string  `json:"id"`
		IssuedAt    flexInt `json:"issued_at"`
		Scope       string  `json:"scope"`
	}
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return Token{}, &APIError{Kind: ErrTransient, Op: "jwt bearer token", StatusCode: resp.StatusCode, Message: "unreadable token response"}
	}
	t := Token{AccessToken: tr.AccessToken, InstanceURL: strings.TrimRight(tr.InstanceURL, "/"), ID: tr.ID, Scope: tr.Scope, IssuedAt: time.Now().UTC()}
	if tr.IssuedAt > 0 {
		t.IssuedAt = time.UnixMilli(int64(tr.IssuedAt)).UTC()
	}
	if err := CheckHost(t.InstanceURL, j.AllowLoopback); err != nil {
		return Token{}, fmt.Errorf("salesforce: token response instance_url: %w", err)
	}
	return t, nil
}
