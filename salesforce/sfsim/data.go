package sfsim

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var versionPath = regexp.MustCompile(`^/services/data/v(\d+\.\d)(/.*)?$`)

// versions lists the API versions from 20.0 up to the maximum.
func (s *Server) versions() []string {
	maxMajor, _ := strconv.Atoi(strings.SplitN(s.opts.MaxAPIVersion, ".", 2)[0])
	var out []string
	for v := 20; v <= maxMajor; v++ {
		out = append(out, fmt.Sprintf("%d.0", v))
	}
	return out
}

func (s *Server) versionOK(v string) bool {
	for _, have := range s.versions() {
		if have == v {
			return true
		}
	}
	return false
}

func (s *Server) handleData(rc *reqCtx) {
	if rc.path == "/services/data" || rc.path == "/services/data/" {
		var out []map[string]string
		for _, v := range s.versions() {
			out = append(out, map[string]string{"label": "sfsim " + v, "url": "/services/data/v" + v, "version": v})
		}
		rc.json(http.StatusOK, out)
		return
	}
	m := versionPath.FindStringSubmatch(rc.path)
	if m == nil || !s.versionOK(m[1]) {
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	if !s.authREST(rc) || !s.countAPIRequest(rc) {
		return
	}
	v, rest := m[1], strings.TrimSuffix(m[2], "/")
	switch {
	case rest == "":
		base := "/services/data/v" + v
		rc.json(http.StatusOK, map[string]string{
			"limits": base + "/limits", "sobjects": base + "/sobjects", "query": base + "/query",
			"tooling": base + "/tooling", "metadata": base + "/metadata", "connect": base + "/connect",
			"named-credentials": base + "/named-credentials",
		})
	case rest == "/limits":
		s.handleLimits(rc)
	case rest == "/tooling/executeAnonymous":
		s.handleExecuteAnonymous(rc)
	case strings.HasPrefix(rest, "/named-credentials/external-credentials/") && strings.Count(rest, "/") == 3:
		s.handleExternalCredential(rc, strings.TrimPrefix(rest, "/named-credentials/external-credentials/"))
	case (rest == "/sobjects" || strings.HasPrefix(rest, "/sobjects/")) && !isUserRecordPath(rest):
		s.handleSObjects(rc, v, strings.TrimPrefix(strings.TrimPrefix(rest, "/sobjects"), "/"))
	case strings.HasPrefix(rest, "/query/"):
		s.nextPage(rc, v, strings.TrimPrefix(rest, "/query/"))
	case strings.HasPrefix(rest, "/sobjects/User/"):
		s.handleUser(rc, strings.TrimPrefix(rest, "/sobjects/User/"))
	case rest == "/query" || rest == "/tooling/query":
		s.handleQuery(rc, rest == "/tooling/query")
	case rest == "/metadata/deployRequest" || strings.HasPrefix(rest, "/metadata/deployRequest/"):
		s.handleRESTDeploy(rc, strings.TrimPrefix(strings.TrimPrefix(rest, "/metadata/deployRequest"), "/"))
	case rest == "/named-credentials/credential":
		s.handleCredential(rc)
	default:
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	}
}

func (s *Server) handleUser(rc *reqCtx, id string) {
	s.mu.Lock()
	var u *user
	for _, cand := range rc.sess.user.org.users {
		if cand.ID == id || (len(id) == 15 && cand.ID[:15] == id) {
			u = cand
		}
	}
	s.mu.Unlock()
	if u == nil {
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	rc.json(http.StatusOK, userRecord(u))
}

func userRecord(u *user) map[string]any {
	first, last, _ := strings.Cut(u.Name, " ")
	if last == "" {
		first, last = "", u.Name
	}
	return map[string]any{
		"attributes": map[string]string{"type": "User", "url": "/services/data/v66.0/sobjects/User/" + u.ID},
		"Id":         u.ID, "Username": u.Username, "Name": u.Name, "FirstName": first, "LastName": last,
		"Email": u.Email, "IsActive": true, "UserType": "Standard", "ProfileId": "00eSIM000000001AAA",
		"LanguageLocaleKey": "en_US", "TimeZoneSidKey": "America/Los_Angeles", "LocaleSidKey": "en_US",
	}
}

var fromRE = regexp.MustCompile(`(?i)\bfrom\s+(\w+)`)

// handleQuery answers the SOQL a login and patchbay make: Organization,
// User, and ScratchOrgInfo (INVALID_TYPE, so the sf CLI treats the org as a
// plain org, not a Dev Hub).
func (s *Server) handleQuery(rc *reqCtx, tooling bool) {
	q := rc.r.URL.Query().Get("q")
	m := fromRE.FindStringSubmatch(q)
	if m == nil {
		rc.restError(http.StatusBadRequest, "MALFORMED_QUERY", "unexpected token: <EOF>")
		return
	}
	o := rc.sess.user.org
	var records []map[string]any
	if tooling && strings.EqualFold(m[1], "DeployRequest") {
		s.handleDeployRequestQuery(rc, q)
		return
	}
	if tooling && (strings.EqualFold(m[1], "ApexTrigger") || strings.EqualFold(m[1], "PlatformEventSubscriberConfig")) {
		s.handleToolingSetupQuery(rc, q)
		return
	}
	switch strings.ToLower(m[1]) {
	case "organization":
		records = append(records, map[string]any{
			"attributes": map[string]string{"type": "Organization", "url": "/services/data/v66.0/sobjects/Organization/" + o.ID},
			"Id":         o.ID, "Name": o.Name, "InstanceName": instanceName(o), "IsSandbox": o.Sandbox,
			"TrialExpirationDate": nil, "NamespacePrefix": nil, "OrganizationType": o.Edition,
		})
	case "user":
		s.mu.Lock()
		for _, u := range o.users {
			records = append(records, userRecord(u))
		}
		s.mu.Unlock()
	default:
		if !strings.Contains(rc.path, "/tooling/") {
			s.runSOQL(rc, strings.TrimPrefix(versionPath.FindStringSubmatch(rc.path)[1], "v"), q)
			return
		}
		rc.restError(http.StatusBadRequest, "INVALID_TYPE", fmt.Sprintf("\n%s\n     ^\nERROR at Row:1:Column:1\nsObject type '%s' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", truncate(q, 200), m[1]))
		return
	}
	rc.json(http.StatusOK, map[string]any{"totalSize": len(records), "done": true, "records": records})
}

func instanceName(o *org) string {
	if o.Sandbox {
		return "SIM1S"
	}
	return "SIM1"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Credential is what was set on an External Credential principal through
// Connect REST. Values are kept only in memory and never logged.
type Credential struct {
	ExternalCredential     string
	PrincipalName          string
	PrincipalType          string
	AuthenticationProtocol string
	// Values by key (ApiKey, clientSecret, …).
	Values map[string]string
	// Sets counts the POST/PUT/PATCH calls that stored it.
	Sets int
}

// Credentials lists the principal credentials set in an org.
func (s *Server) Credentials(alias string) []Credential {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return nil
	}
	var out []Credential
	for _, k := range slices.Sorted(maps.Keys(o.creds)) {
		c := *o.creds[k]
		c.Values = map[string]string{}
		for vk, vv := range o.creds[k].Values {
			c.Values[vk] = vv
		}
		out = append(out, c)
	}
	return out
}

// handleCredential serves Connect REST named-credentials/credential: POST
// creates, PUT replaces, PATCH updates, GET reads (values masked), DELETE
// removes. The External Credential and its principal must have been
// deployed to the org.
func (s *Server) handleCredential(rc *reqCtx) {
	o := rc.sess.user.org
	q := rc.r.URL.Query()
	key := func(ec, p, t string) string {
		if t == "" {
			t = "NamedPrincipal"
		}
		return ec + "|" + p + "|" + t
	}
	switch rc.r.Method {
	case http.MethodGet, http.MethodDelete:
		k := key(q.Get("externalCredential"), q.Get("principalName"), q.Get("principalType"))
		s.mu.Lock()
		c := o.creds[k]
		if c != nil && rc.r.Method == http.MethodDelete {
			delete(o.creds, k)
		}
		s.mu.Unlock()
		if c == nil {
			rc.restError(http.StatusNotFound, "NOT_FOUND", "No credential found for this principal.")
			return
		}
		if rc.r.Method == http.MethodDelete {
			rc.w.WriteHeader(http.StatusNoContent)
			return
		}
		rc.json(http.StatusOK, credentialView(c))
		return
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	default:
		rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed. Allowed are GET,POST,PUT,PATCH,DELETE")
		return
	}
	var in struct {
		ExternalCredential     string `json:"externalCredential"`
		AuthenticationProtocol string `json:"authenticationProtocol"`
		PrincipalName          string `json:"principalName"`
		PrincipalType          string `json:"principalType"`
		Credentials            map[string]struct {
			Value     string `json:"value"`
			Encrypted bool   `json:"encrypted"`
		} `json:"credentials"`
	}
	body, _ := io.ReadAll(io.LimitReader(rc.r.Body, 1<<20))
	if err := json.Unmarshal(body, &in); err != nil {
		rc.restError(http.StatusBadRequest, "JSON_PARSER_ERROR", "Invalid JSON in request body.")
		return
	}
	if in.ExternalCredential == "" || in.PrincipalName == "" || len(in.Credentials) == 0 {
		rc.restError(http.StatusBadRequest, "INVALID_INPUT", "externalCredential, principalName and credentials are required.")
		return
	}
	if in.PrincipalType == "" {
		in.PrincipalType = "NamedPrincipal"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ec := o.components["ExternalCredential/"+in.ExternalCredential]
	if ec == nil {
		rc.restError(http.StatusBadRequest, "INVALID_INPUT", fmt.Sprintf("External credential %s doesn't exist.", in.ExternalCredential))
		return
	}
	if !hasPrincipal(ec.Content, in.PrincipalName, in.PrincipalType) {
		rc.restError(http.StatusBadRequest, "INVALID_INPUT", fmt.Sprintf("Principal %s of type %s doesn't exist on external credential %s.", in.PrincipalName, in.PrincipalType, in.ExternalCredential))
		return
	}
	k := key(in.ExternalCredential, in.PrincipalName, in.PrincipalType)
	existing := o.creds[k]
	switch {
	case rc.r.Method == http.MethodPost && existing != nil:
		rc.restError(http.StatusBadRequest, "INVALID_INPUT", "Credentials already exist for this principal. Use PUT or PATCH to change them.")
		return
	case rc.r.Method == http.MethodPatch && existing == nil:
		rc.restError(http.StatusNotFound, "NOT_FOUND", "No credential found for this principal.")
		return
	}
	c := existing
	if c == nil || rc.r.Method == http.MethodPut {
		sets := 0
		if c != nil {
			sets = c.Sets
		}
		c = &Credential{ExternalCredential: in.ExternalCredential, PrincipalName: in.PrincipalName, PrincipalType: in.PrincipalType, Values: map[string]string{}, Sets: sets}
		o.creds[k] = c
	}
	c.AuthenticationProtocol = in.AuthenticationProtocol
	for ck, cv := range in.Credentials {
		c.Values[ck] = cv.Value
	}
	c.Sets++
	status := http.StatusOK
	if rc.r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	rc.json(status, credentialView(c))
}

func credentialView(c *Credential) map[string]any {
	creds := map[string]any{}
	for k := range c.Values {
		creds[k] = map[string]any{"encrypted": true, "value": "********"}
	}
	return map[string]any{
		"externalCredential": c.ExternalCredential, "principalName": c.PrincipalName,
		"principalType": c.PrincipalType, "authenticationProtocol": c.AuthenticationProtocol, "credentials": creds,
	}
}

var principalRE = regexp.MustCompile(`(?s)<externalCredentialParameters>(.*?)</externalCredentialParameters>`)

// hasPrincipal reports whether an ExternalCredential file declares the
// principal (a parameter of type NamedPrincipal or PerUserPrincipal).
func hasPrincipal(content []byte, name, typ string) bool {
	for _, m := range principalRE.FindAllSubmatch(content, -1) {
		block := string(m[1])
		if strings.Contains(block, "<parameterType>"+typ+"</parameterType>") &&
			(strings.Contains(block, "<parameterName>"+name+"</parameterName>") || strings.Contains(block, "<parameterGroup>"+name+"</parameterGroup>")) {
			return true
		}
	}
	return false
}
