package sfsim

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

var loginPage = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>sfsim login</title>
<style>body{font-family:sans-serif;max-width:26rem;margin:4rem auto}label{display:block;margin:.6rem 0}input{width:100%;padding:.3rem}</style>
</head><body>
<h1>Log in to a simulated org</h1>
<p>This is sfsim, a local Salesforce simulator. Client <code>{{.ClientID}}</code> asks for access ({{.Scope}}).</p>
{{if .Error}}<p role="alert" style="color:#b00">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
<label>Username <input name="username" autocomplete="username" value="{{.Username}}" data-testid="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" data-testid="password"></label>
<button type="submit" data-testid="allow">Log in and allow</button>
</form>
{{if .Users}}<p>Users: {{range .Users}}<code>{{.}}</code> {{end}}(password <code>{{.Password}}</code> unless configured)</p>{{end}}
</body></html>`))

// oauthError writes an OAuth error response.
func oauthError(rc *reqCtx, status int, code, desc string) {
	rc.json(status, map[string]string{"error": code, "error_description": desc})
}

func (s *Server) redirectAllowed(c *ClientApp, redirect string) bool {
	if redirect == "" {
		return false
	}
	if len(c.RedirectURIs) > 0 {
		return slices.Contains(c.RedirectURIs, redirect)
	}
	u, err := url.Parse(redirect)
	if err != nil {
		return false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return h == "localhost" || (ip != nil && ip.IsLoopback())
}

var authParams = []string{"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method", "login_hint", "prompt"}

func (s *Server) handleAuthorize(rc *reqCtx) {
	if err := rc.r.ParseForm(); err != nil {
		http.Error(rc.w, "bad form", http.StatusBadRequest)
		return
	}
	q := rc.r.Form
	s.mu.Lock()
	c := s.clients[q.Get("client_id")]
	s.mu.Unlock()
	if c == nil {
		http.Error(rc.w, "error=invalid_client_id: client identifier invalid", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	if !s.redirectAllowed(c, redirect) {
		http.Error(rc.w, "error=redirect_uri_mismatch: redirect_uri must match configuration", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		u, _ := url.Parse(redirect)
		v := u.Query()
		for k, vs := range params {
			v[k] = vs
		}
		if st := q.Get("state"); st != "" {
			v.Set("state", st)
		}
		u.RawQuery = v.Encode()
		http.Redirect(rc.w, rc.r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}, "error_description": {"response type not supported"}})
		return
	}
	if m := q.Get("code_challenge_method"); m != "" && m != "S256" && m != "plain" {
		back(url.Values{"error": {"invalid_request"}, "error_description": {"unsupported code_challenge_method"}})
		return
	}
	var u *user
	var loginErr string
	switch {
	case rc.r.Method == http.MethodPost:
		s.mu.Lock()
		cand := s.users[strings.ToLower(strings.TrimSpace(q.Get("username")))]
		s.mu.Unlock()
		if cand != nil && subtle.ConstantTimeCompare([]byte(cand.Password), []byte(q.Get("password"))) == 1 {
			u = cand
		} else {
			loginErr = "Please check your username and password."
		}
	case s.opts.AutoApprove:
		// As login_hint, or else the first user of the org whose login
		// page this is (/org/<alias>, like a My Domain), or else of the
		// first org: a sign-in at one org's address never lands in another.
		s.mu.Lock()
		u = s.users[strings.ToLower(q.Get("login_hint"))]
		if o := s.orgs[rc.alias]; o != nil && (u == nil || u.org != o) {
			u = o.users[0]
		}
		if u == nil {
			u = s.orgs[s.orgOrder[0]].users[0]
		}
		s.mu.Unlock()
	}
	if u == nil {
		hidden := map[string]string{}
		for _, k := range authParams {
			if v := q.Get(k); v != "" && k != "login_hint" {
				hidden[k] = v
			}
		}
		var users []string
		for _, o := range s.Orgs() {
			users = append(users, o.Usernames...)
		}
		rc.w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if loginErr != "" {
			rc.w.WriteHeader(http.StatusUnauthorized)
		}
		_ = loginPage.Execute(rc.w, map[string]any{
			"ClientID": c.ID, "Scope": q.Get("scope"), "Error": loginErr, "Action": rc.r.URL.Path,
			"Hidden": hidden, "Username": q.Get("login_hint"), "Users": users, "Password": DefaultPassword,
		})
		return
	}
	method := q.Get("code_challenge_method")
	if method == "" && q.Get("code_challenge") != "" {
		method = "S256" // jsforce sends no method; Salesforce assumes S256.
	}
	scope := q.Get("scope")
	if scope == "" {
		scope = "api refresh_token"
	}
	code := "aPrx" + randomString(60)
	s.mu.Lock()
	s.codes[code] = &authCode{user: u, clientID: c.ID, redirectURI: redirect, challenge: q.Get("code_challenge"), method: method, scope: scope, expires: s.now().Add(15 * time.Minute)}
	s.mu.Unlock()
	back(url.Values{"code": {code}})
}

func (s *Server) handleToken(rc *reqCtx) {
	if rc.r.Method != http.MethodPost {
		oauthError(rc, http.StatusMethodNotAllowed, "invalid_request", "must use HTTP POST")
		return
	}
	if err := rc.r.ParseForm(); err != nil {
		oauthError(rc, http.StatusBadRequest, "invalid_request", "malformed form")
		return
	}
	f := rc.r.PostForm
	clientID, secret := f.Get("client_id"), f.Get("client_secret")
	if id, sec, ok := rc.r.BasicAuth(); ok {
		clientID, secret = id, sec
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		s.grantCode(rc, clientID, secret)
	case "refresh_token":
		s.grantRefresh(rc, clientID, secret)
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		s.grantJWT(rc)
	default:
		oauthError(rc, http.StatusBadRequest, "unsupported_grant_type", "grant type not supported")
	}
}

// checkClient authenticates the client; a secret is required when the
// client has one and was sent for the code flow.
func (s *Server) checkClient(rc *reqCtx, clientID, secret string, secretRequired bool) *ClientApp {
	s.mu.Lock()
	c := s.clients[clientID]
	s.mu.Unlock()
	if c == nil {
		oauthError(rc, http.StatusBadRequest, "invalid_client_id", "client identifier invalid")
		return nil
	}
	if (secret != "" || secretRequired) && c.Secret != "" && subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		oauthError(rc, http.StatusBadRequest, "invalid_client", "invalid client credentials")
		return nil
	}
	return c
}

func (s *Server) grantCode(rc *reqCtx, clientID, secret string) {
	f := rc.r.PostForm
	c := s.checkClient(rc, clientID, secret, f.Get("code_verifier") == "")
	if c == nil {
		return
	}
	s.mu.Lock()
	ac := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code")) // a code is good for one try
	s.mu.Unlock()
	if ac == nil || ac.clientID != c.ID || s.now().After(ac.expires) {
		oauthError(rc, http.StatusBadRequest, "invalid_grant", "invalid authorization code")
		return
	}
	if ac.redirectURI != f.Get("redirect_uri") {
		oauthError(rc, http.StatusBadRequest, "redirect_uri_mismatch", "redirect_uri must match configuration")
		return
	}
	if ac.challenge != "" {
		v := f.Get("code_verifier")
		want := v
		if ac.method == "S256" {
			sum := sha256.Sum256([]byte(v))
			want = base64.RawURLEncoding.EncodeToString(sum[:])
		}
		if v == "" || subtle.ConstantTimeCompare([]byte(want), []byte(ac.challenge)) != 1 {
			oauthError(rc, http.StatusBadRequest, "invalid_grant", "invalid code verifier")
			return
		}
	}
	s.mu.Lock()
	var rt string
	if strings.Contains(" "+ac.scope+" ", " refresh_token ") || strings.Contains(" "+ac.scope+" ", " offline_access ") || strings.Contains(ac.scope, "full") {
		rt = s.newRefreshLocked(ac.user, c.ID, ac.scope)
	}
	at := s.newSessionLocked(ac.user, c.ID, rt, ac.scope)
	s.mu.Unlock()
	s.writeToken(rc, c, ac.user, at, rt, ac.scope, true)
}

func (s *Server) grantRefresh(rc *reqCtx, clientID, secret string) {
	c := s.checkClient(rc, clientID, secret, false)
	if c == nil {
		return
	}
	rt := rc.r.PostForm.Get("refresh_token")
	s.mu.Lock()
	g := s.refresh[rt]
	if g == nil || g.clientID != c.ID {
		s.mu.Unlock()
		oauthError(rc, http.StatusBadRequest, "invalid_grant", "expired access/refresh token")
		return
	}
	if rc.alias != "" && g.user.org.Alias != rc.alias {
		s.mu.Unlock()
		oauthError(rc, http.StatusBadRequest, "invalid_grant", "refresh token belongs to another org")
		return
	}
	at := s.newSessionLocked(g.user, c.ID, rt, g.scope)
	s.mu.Unlock()
	s.writeToken(rc, c, g.user, at, "", g.scope, !s.opts.OmitInstanceURLOnRefresh)
}

func (s *Server) writeToken(rc *reqCtx, c *ClientApp, u *user, at, rt, scope string, withInstance bool) {
	issued := strconv.FormatInt(s.now().UnixMilli(), 10)
	id := rc.base() + "/id/" + u.org.ID + "/" + u.ID
	resp := map[string]string{
		"access_token": at, "id": id, "issued_at": issued, "token_type": "Bearer", "scope": scope,
	}
	if c.Secret != "" {
		mac := hmac.New(sha256.New, []byte(c.Secret))
		mac.Write([]byte(id + issued))
		resp["signature"] = base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
	if rt != "" {
		resp["refresh_token"] = rt
	}
	if withInstance {
		resp["instance_url"] = rc.instanceURL(u.org)
	}
	rc.w.Header().Set("Cache-Control", "no-store")
	rc.json(http.StatusOK, resp)
}

// grantJWT checks an RS256 assertion: signature against the client's key,
// iss = client id, sub = a username, aud = this login host (or
// login/test.salesforce.com), exp in seconds, in the future and at most
// three minutes ahead.
func (s *Server) grantJWT(rc *reqCtx) {
	parts := strings.Split(rc.r.PostForm.Get("assertion"), ".")
	fail := func(desc string) { oauthError(rc, http.StatusBadRequest, "invalid_grant", desc) }
	if len(parts) != 3 {
		fail("invalid assertion")
		return
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims struct {
		Iss string          `json:"iss"`
		Sub string          `json:"sub"`
		Aud json.RawMessage `json:"aud"`
		Exp json.Number     `json:"exp"`
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	cb, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hb, &header) != nil || json.Unmarshal(cb, &claims) != nil {
		fail("invalid assertion")
		return
	}
	if header.Alg != "RS256" {
		fail("invalid assertion: alg must be RS256")
		return
	}
	s.mu.Lock()
	c := s.clients[claims.Iss]
	s.mu.Unlock()
	if c == nil {
		oauthError(rc, http.StatusBadRequest, "invalid_client_id", "client identifier invalid")
		return
	}
	if c.PublicKey == nil {
		fail("invalid assertion: no certificate registered for the client")
		return
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(c.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		fail("invalid assertion: signature does not verify")
		return
	}
	var auds []string
	if json.Unmarshal(claims.Aud, &auds) != nil {
		var one string
		_ = json.Unmarshal(claims.Aud, &one)
		auds = []string{one}
	}
	okAud := false
	for _, a := range auds {
		a = strings.TrimRight(a, "/")
		if a == rc.base() || a == "https://login.salesforce.com" || a == "https://test.salesforce.com" {
			okAud = true
		}
	}
	if !okAud {
		fail("audience is invalid")
		return
	}
	exp, err := claims.Exp.Int64()
	now := s.now().Unix()
	if err != nil || exp <= now {
		fail("expired authorization code")
		return
	}
	if exp > now+3*60+5 && !s.opts.LenientJWTExpiry {
		// Milliseconds, or too far ahead.
		fail("invalid assertion: exp must be in seconds and at most 3 minutes ahead")
		return
	}
	s.mu.Lock()
	u := s.users[strings.ToLower(claims.Sub)]
	if u == nil || (rc.alias != "" && u.org.Alias != rc.alias) {
		s.mu.Unlock()
		fail("user hasn't approved this consumer")
		return
	}
	at := s.newSessionLocked(u, c.ID, "", "api")
	s.mu.Unlock()
	s.writeToken(rc, c, u, at, "", "api", true)
}

func (s *Server) handleRevoke(rc *reqCtx) {
	if err := rc.r.ParseForm(); err != nil {
		oauthError(rc, http.StatusBadRequest, "invalid_request", "malformed form")
		return
	}
	tok := rc.r.Form.Get("token")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessions[tok] != nil {
		delete(s.sessions, tok)
	} else if s.refresh[tok] != nil {
		delete(s.refresh, tok)
		for t, ss := range s.sessions {
			if ss.refresh == tok {
				delete(s.sessions, t)
			}
		}
	} else {
		rc.w.Header().Set("Content-Type", "application/json")
		rc.w.WriteHeader(http.StatusBadRequest)
		_, _ = rc.w.Write([]byte(`{"error":"unsupported_token_type","error_description":"this token type is not supported"}`))
		return
	}
	rc.w.WriteHeader(http.StatusOK)
}

func (s *Server) handleUserinfo(rc *reqCtx) {
	if !s.authREST(rc) {
		return
	}
	u := rc.sess.user
	rc.json(http.StatusOK, map[string]any{
		"sub":                rc.base() + "/id/" + u.org.ID + "/" + u.ID,
		"user_id":            u.ID,
		"organization_id":    u.org.ID,
		"preferred_username": u.Username,
		"nickname":           strings.Split(u.Username, "@")[0],
		"name":               u.Name,
		"email":              u.Email,
		"email_verified":     true,
		"user_type":          "STANDARD",
		"active":             true,
		"is_app_installed":   true,
		"urls":               urlsFor(rc, u),
	})
}

func urlsFor(rc *reqCtx, u *user) map[string]string {
	inst := rc.instanceURL(u.org)
	return map[string]string{
		"enterprise": inst + "/services/Soap/c/{version}/" + u.org.ID[:15],
		"partner":    inst + "/services/Soap/u/{version}/" + u.org.ID[:15],
		"metadata":   inst + "/services/Soap/m/{version}/" + u.org.ID[:15],
		"rest":       inst + "/services/data/v{version}/",
		"sobjects":   inst + "/services/data/v{version}/sobjects/",
		"query":      inst + "/services/data/v{version}/query/",
		"profile":    inst + "/" + u.ID,
	}
}

// handleIdentity serves the identity URL /id/<orgId>/<userId>.
func (s *Server) handleIdentity(rc *reqCtx) {
	if !s.authREST(rc) {
		return
	}
	u := rc.sess.user
	parts := strings.Split(strings.Trim(rc.path, "/"), "/")
	if len(parts) != 3 || parts[1] != u.org.ID || parts[2] != u.ID {
		rc.w.WriteHeader(http.StatusForbidden)
		_, _ = rc.w.Write([]byte("Bad_Id"))
		return
	}
	rc.json(http.StatusOK, map[string]any{
		"id": rc.base() + rc.path, "asserted_user": true, "user_id": u.ID, "organization_id": u.org.ID,
		"username": u.Username, "nick_name": strings.Split(u.Username, "@")[0], "display_name": u.Name,
		"email": u.Email, "active": true, "user_type": "STANDARD", "urls": urlsFor(rc, u),
	})
}
