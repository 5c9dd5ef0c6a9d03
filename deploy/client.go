package deploy

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// OrgClient is what a deploy needs from a connection to one org.
// *salesforce.Client implements it.
type OrgClient interface {
	Deploy(ctx context.Context, zip []byte, opts salesforce.DeployOptions) (string, error)
	DeployStatus(ctx context.Context, id string) (*salesforce.DeployResult, error)
	Cancel(ctx context.Context, id string) error
	SetCredential(ctx context.Context, pc salesforce.PrincipalCredentials) error
	// DeploysSince lists the deploys the connected user started in the org
	// since a time (Tooling API DeployRequest), to find out whether a deploy
	// request whose answer was lost reached Salesforce.
	DeploysSince(ctx context.Context, since time.Time) ([]salesforce.DeployRequestRecord, error)
}

// Connector makes an OrgClient for a stored org and its tokens. The client
// must call onRefresh with the new tokens whenever it refreshes them, so the
// service can persist them (encrypted) before using them further.
type Connector interface {
	Connect(ctx context.Context, org store.Org, tokens store.Tokens, onRefresh func(store.Tokens)) (OrgClient, error)
}

// SalesforceConnector connects to orgs with the salesforce package,
// refreshing access tokens with the Connected App's client id and secret.
type SalesforceConnector struct {
	ClientID     string
	ClientSecret string
	// HTTPClient is used for API and token calls; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Protocol is the Metadata API flavour; empty means the client's default.
	Protocol salesforce.Protocol
	// AllowLoopback accepts loopback instance URLs (sfsim, tests, demo mode).
	AllowLoopback bool
	// RetryDelay is the client's first retry delay; 0 means its default.
	RetryDelay time.Duration
}

// Connect returns a *salesforce.Client for org.
func (c *SalesforceConnector) Connect(_ context.Context, org store.Org, tokens store.Tokens, onRefresh func(store.Tokens)) (OrgClient, error) {
	refresher := &salesforce.OAuthConfig{
		ClientID:      c.ClientID,
		ClientSecret:  c.ClientSecret,
		LoginURL:      org.LoginURL,
		AllowLoopback: c.AllowLoopback,
		HTTPClient:    c.HTTPClient,
	}
	cl, err := salesforce.New(salesforce.Token{
		AccessToken:  tokens.AccessToken,
		RefreshToken: tokens.RefreshToken,
		InstanceURL:  org.InstanceURL,
	}, salesforce.Options{
		HTTPClient:    c.HTTPClient,
		APIVersion:    org.APIVersion,
		Protocol:      c.Protocol,
		Refresher:     refresher,
		AllowLoopback: c.AllowLoopback,
		RetryDelay:    c.RetryDelay,
		OnTokenRefresh: func(t salesforce.Token) {
			if onRefresh != nil {
				onRefresh(store.Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken})
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("deploy: connect to org %s: %w", org.Alias, err)
	}
	return cl, nil
}
