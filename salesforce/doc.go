// Package salesforce talks to Salesforce orgs: OAuth 2.0 (web-server flow
// with PKCE, JWT bearer, refresh, revoke), identity, Metadata API deploys
// over REST and SOAP with status polling, and pushing External Credential
// secrets through Connect REST after a deploy.
//
// It takes zip files and tokens and knows nothing of specs, the store or the
// web app. Salesforce error kinds come back as errors that match the
// sentinels in this package with errors.Is (ErrAuthExpired,
// ErrLimitExceeded, ErrTransient, ErrInvalidRequest, ErrReconnectRequired,
// ErrNotFound), wrapped with the detail Salesforce sent. No token or secret
// is ever logged or included in an error.
//
// It must not import any other patchbay package.
package salesforce
