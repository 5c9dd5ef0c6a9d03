package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// Principal types of an External Credential.
const (
	PrincipalNamed   = "NamedPrincipal"
	PrincipalPerUser = "PerUserPrincipal"
)

// CredentialValue is one secret of a principal (ApiKey, clientSecret, …).
// Its String and LogValue hide the value.
type CredentialValue struct {
	Value     string `json:"value"`
	Encrypted bool   `json:"encrypted"`
}

// String hides the value.
func (v CredentialValue) String() string { return "[redacted]" }

// GoString hides the value.
func (v CredentialValue) GoString() string { return "[redacted]" }

// LogValue hides the value.
func (v CredentialValue) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// PrincipalCredentials are the secrets of one External Credential principal,
// set after a deploy because secrets are never part of a package.
type PrincipalCredentials struct {
	ExternalCredential     string                     `json:"externalCredential"`
	AuthenticationProtocol string                     `json:"authenticationProtocol"`
	PrincipalName          string                     `json:"principalName"`
	PrincipalType          string                     `json:"principalType"`
	Credentials            map[string]CredentialValue `json:"credentials"`
}

// SetCredential stores a principal's secrets with Connect REST
// (POST /named-credentials/credential; PUT to replace them when they already
// exist). Values are never logged nor put into errors.
func (c *Client) SetCredential(ctx context.Context, pc PrincipalCredentials) error {
	if pc.ExternalCredential == "" || pc.PrincipalName == "" || len(pc.Credentials) == 0 {
		return fmt.Errorf("salesforce: set credential: external credential, principal and credentials are required: %w", ErrInvalidRequest)
	}
	if pc.PrincipalType == "" {
		pc.PrincipalType = PrincipalNamed
	}
	body, err := json.Marshal(pc)
	if err != nil {
		return fmt.Errorf("salesforce: set credential: %w", err)
	}
	r := request{op: "set credential " + pc.ExternalCredential + "/" + pc.PrincipalName, method: http.MethodPost,
		path: c.dataPath("/named-credentials/credential"), body: body, contentType: "application/json"}
	_, _, postErr := c.do(ctx, r)
	if postErr == nil || !errors.Is(postErr, ErrInvalidRequest) {
		return postErr
	}
	// The principal already has credentials: replace them.
	r.method = http.MethodPut
	r.idempotent = true
	if _, _, err := c.do(ctx, r); err != nil {
		return errors.Join(postErr, err)
	}
	return nil
}
