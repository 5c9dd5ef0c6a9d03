package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// orgCheck tests an org's connection: it reads the org's identity,
// refreshing the access token if needed. A refused refresh marks the org
// for reconnecting; success records the current user and API version.
func (s *Server) orgCheck(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return err
	}
	tokens, err := s.store.OrgTokens(ctx, o.ID)
	if err != nil {
		return fmt.Errorf("reading org tokens: %w", err)
	}
	loginURL := o.LoginURL
	if loginURL == "" {
		loginURL = o.InstanceURL
	}
	cfg, err := s.oauthConfig(ctx, loginURL)
	if err != nil {
		return err
	}
	cl, err := salesforce.New(salesforce.Token{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken, InstanceURL: o.InstanceURL},
		salesforce.Options{AllowLoopback: s.opts.AllowLoopback, HTTPClient: s.opts.HTTPClient, Refresher: cfg, APIVersion: o.APIVersion,
			OnTokenRefresh: func(t salesforce.Token) {
				if err := s.store.SetOrgTokens(ctx, o.ID, store.Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken}); err != nil {
					s.log.Error("storing refreshed tokens", "org", o.ID, "err", err)
				}
			}})
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", o.Alias, err)
	}
	ident, err := cl.Identity(ctx)
	switch {
	case errors.Is(err, salesforce.ErrReconnectRequired):
		if err := s.store.SetOrgStatus(ctx, o.ID, store.OrgReconnectRequired); err != nil {
			return err
		}
		s.audit(c, "org.check", fmt.Sprintf("org:%d", o.ID), o.Alias+": reconnect needed")
		s.flash(c, "org-needs-reconnect")
		return c.Redirect(http.StatusSeeOther, "/orgs")
	case err != nil:
		s.log.Warn("checking org connection", "org", o.ID, "err", err)
		s.flash(c, "org-unreachable")
		return c.Redirect(http.StatusSeeOther, "/orgs")
	}
	o.Status = store.OrgConnected
	// The org says what it is: a label recorded from a form (before this
	// was checked) is corrected, so an editor's sandbox-only role holds.
	if ident.IsSandbox {
		o.Kind = store.OrgSandbox
	} else if ident.OrgID != "" {
		o.Kind = store.OrgProduction
	}
	if ident.Username != "" {
		o.Username = ident.Username
	}
	if ident.MaxAPIVersion != "" {
		o.APIVersion = ident.MaxAPIVersion
	}
	if err := s.store.UpdateOrg(ctx, o); err != nil {
		return fmt.Errorf("updating org: %w", err)
	}
	s.audit(c, "org.check", fmt.Sprintf("org:%d", o.ID), o.Alias+": connected")
	s.flash(c, "org-healthy")
	return c.Redirect(http.StatusSeeOther, "/orgs")
}
