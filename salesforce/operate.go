package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Limit is one of an org's limits from /limits.
type Limit struct {
	Max       int `json:"Max"`
	Remaining int `json:"Remaining"`
}

// Used is how much of the limit is used.
func (l Limit) Used() int { return l.Max - l.Remaining }

// Names of the limits patchbay watches.
const (
	LimitDailyAPIRequests   = "DailyApiRequests"
	LimitDailyAsyncApex     = "DailyAsyncApexExecutions"
	AuthStatusConfigured    = "Configured"
	AuthStatusNotConfigured = "NotConfigured"
	AuthStatusUnknown       = "Unknown"
)

// Limits reads the org's limits (GET /limits), by name. The call counts
// against DailyApiRequests like any other.
func (c *Client) Limits(ctx context.Context) (map[string]Limit, error) {
	data, _, err := c.do(ctx, request{op: "read limits", method: http.MethodGet, path: c.dataPath("/limits"), idempotent: true})
	if err != nil {
		return nil, err
	}
	out := map[string]Limit{}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, &APIError{Kind: ErrTransient, Op: "read limits", Message: "unreadable response"}
	}
	return out, nil
}

// ExternalCredentialPrincipal is one principal of an External Credential as
// Connect REST describes it.
type ExternalCredentialPrincipal struct {
	PrincipalName string `json:"principalName"`
	PrincipalType string `json:"principalType"`
	// AuthenticationStatus is Configured (its credentials are set),
	// NotConfigured, or Unknown (the Custom protocol, whose completeness
	// Salesforce cannot judge).
	AuthenticationStatus string `json:"authenticationStatus"`
}

// ExternalCredentialInfo is an External Credential as Connect REST
// describes it (GET /named-credentials/external-credentials/NAME).
type ExternalCredentialInfo struct {
	DeveloperName          string                        `json:"developerName"`
	AuthenticationProtocol string                        `json:"authenticationProtocol"`
	Principals             []ExternalCredentialPrincipal `json:"principals"`
}

// ExternalCredential reads an External Credential and its principals'
// status. A credential not in the org is an error matching ErrNotFound.
func (c *Client) ExternalCredential(ctx context.Context, name string) (ExternalCredentialInfo, error) {
	op := "read external credential " + name
	if !apiNamePattern.MatchString(name) {
		return ExternalCredentialInfo{}, fmt.Errorf("salesforce: %q is not an external credential name", name)
	}
	data, _, err := c.do(ctx, request{op: op, method: http.MethodGet, path: c.dataPath("/named-credentials/external-credentials/" + url.PathEscape(name)), idempotent: true})
	if err != nil {
		return ExternalCredentialInfo{}, err
	}
	var out ExternalCredentialInfo
	if err := json.Unmarshal(data, &out); err != nil {
		return out, &APIError{Kind: ErrTransient, Op: op, Message: "unreadable response"}
	}
	return out, nil
}

// CredentialSet reports whether a principal has credentials stored (GET
// /named-credentials/credential, whose values come back masked): how to
// tell for the Custom protocol, whose authenticationStatus is Unknown.
func (c *Client) CredentialSet(ctx context.Context, externalCredential, principal, principalType string) (bool, error) {
	if principalType == "" {
		principalType = PrincipalNamed
	}
	q := url.Values{"externalCredential": {externalCredential}, "principalName": {principal}, "principalType": {principalType}}
	op := "read credential " + externalCredential + "/" + principal
	data, _, err := c.do(ctx, request{op: op, method: http.MethodGet, path: c.dataPath("/named-credentials/credential?" + q.Encode()), idempotent: true})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return false, nil
		}
		return false, err
	}
	var out struct {
		Credentials map[string]json.RawMessage `json:"credentials"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return false, &APIError{Kind: ErrTransient, Op: op, Message: "unreadable response"}
	}
	return len(out.Credentials) > 0, nil
}

// AnonymousResult is the outcome of anonymous Apex (Tooling API
// executeAnonymous).
type AnonymousResult struct {
	Compiled         bool    `json:"compiled"`
	Success          bool    `json:"success"`
	CompileProblem   *string `json:"compileProblem"`
	ExceptionMessage *string `json:"exceptionMessage"`
	Line             int     `json:"line"`
	Column           int     `json:"column"`
}

// Problem says why the Apex did not run, or "" when it did.
func (r AnonymousResult) Problem() string {
	switch {
	case !r.Compiled && r.CompileProblem != nil:
		return fmt.Sprintf("did not compile (line %d, column %d): %s", r.Line, r.Column, *r.CompileProblem)
	case !r.Compiled:
		return "did not compile"
	case !r.Success && r.ExceptionMessage != nil:
		return *r.ExceptionMessage
	case !r.Success:
		return "failed"
	}
	return ""
}

// ExecuteAnonymous runs anonymous Apex as the connected user (Tooling API
// GET /tooling/executeAnonymous), which needs the Author Apex permission.
// It is not retried once sent: Apex that ran must not run twice. A
// non-nil error means the call failed; the Apex's own failure is in the
// result.
func (c *Client) ExecuteAnonymous(ctx context.Context, apex string) (AnonymousResult, error) {
	path := c.dataPath("/tooling/executeAnonymous/?" + url.Values{"anonymousBody": {apex}}.Encode())
	data, _, err := c.do(ctx, request{op: "execute anonymous Apex", method: http.MethodGet, path: path})
	if err != nil {
		return AnonymousResult{}, err
	}
	var out AnonymousResult
	if err := json.Unmarshal(data, &out); err != nil {
		return out, &APIError{Kind: ErrTransient, Op: "execute anonymous Apex", Message: "unreadable response"}
	}
	return out, nil
}

// ToolingQueryRows runs a SOQL query on Tooling API objects (GET
// /tooling/query) and decodes each record into a T, following further
// pages.
func ToolingQueryRows[T any](ctx context.Context, c *Client, soql string, each func(T) error) error {
	return c.queryPages(ctx, "tooling query", c.dataPath("/tooling/query?"+url.Values{"q": {soql}}.Encode()), func(records []json.RawMessage) error {
		for _, r := range records {
			var row T
			if err := json.Unmarshal(r, &row); err != nil {
				return &APIError{Kind: ErrTransient, Op: "tooling query", Message: "unreadable record: " + err.Error()}
			}
			if err := each(row); err != nil {
				return err
			}
		}
		return nil
	})
}
