package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// schemaMaxAge is how old a cached org schema may be.
func (s *Server) schemaMaxAge() time.Duration {
	if s.opts.SchemaMaxAge > 0 {
		return s.opts.SchemaMaxAge
	}
	return orgschema.DefaultMaxAge
}

// orgClient connects to a stored org, storing refreshed tokens.
func (s *Server) orgClient(ctx context.Context, o store.Org) (*salesforce.Client, error) {
	tokens, err := s.store.OrgTokens(ctx, o.ID)
	if err != nil {
		return nil, fmt.Errorf("reading org tokens: %w", err)
	}
	loginURL := o.LoginURL
	if loginURL == "" {
		loginURL = o.InstanceURL
	}
	cfg, err := s.oauthConfig(ctx, loginURL)
	if err != nil {
		return nil, err
	}
	return salesforce.New(salesforce.Token{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken, InstanceURL: o.InstanceURL},
		salesforce.Options{AllowLoopback: s.opts.AllowLoopback, HTTPClient: s.opts.HTTPClient, Refresher: cfg, APIVersion: o.APIVersion,
			OnTokenRefresh: func(t salesforce.Token) {
				if err := s.store.SetOrgTokens(ctx, o.ID, store.Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken}); err != nil {
					s.log.Error("storing refreshed tokens", "org", o.ID, "err", err)
				}
			}})
}

// orgSchemaRefresh reads an org's objects and fields again (the orgs
// page's Refresh schema button). A failure is stored beside the org and
// shown there.
func (s *Server) orgSchemaRefresh(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return err
	}
	cl, err := s.orgClient(ctx, o)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", o.Alias, err)
	}
	cached, err := orgschema.Refresh(ctx, s.store, o.ID, cl, time.Now)
	if err != nil {
		s.log.Warn("refreshing org schema", "org", o.ID, "err", err)
		s.audit(c, "org.schema", fmt.Sprintf("org:%d", o.ID), o.Alias+": refresh failed: "+cached.Error)
		s.flash(c, "schema-failed")
		return c.Redirect(http.StatusSeeOther, "/orgs")
	}
	s.audit(c, "org.schema", fmt.Sprintf("org:%d", o.ID), fmt.Sprintf("%s: %d objects", o.Alias, len(cached.Schema.Objects)))
	s.flash(c, "schema-refreshed")
	return c.Redirect(http.StatusSeeOther, "/orgs")
}

// orgSchemaStatuses reads each org's cached schema for the orgs page; an
// org whose schema cannot be read shows the reason.
func (s *Server) orgSchemaStatuses(ctx context.Context, orgs []store.Org) map[int64]view.SchemaStatus {
	out := map[int64]view.SchemaStatus{}
	now := time.Now()
	for _, o := range orgs {
		cached, err := orgschema.Load(ctx, s.store, o.ID)
		if err != nil {
			s.log.Error("loading org schema", "org", o.ID, "err", err)
			out[o.ID] = view.SchemaStatus{Error: "the stored schema could not be read"}
			continue
		}
		st := view.SchemaStatus{Error: cached.Error}
		if cached.Schema != nil {
			st.Objects = len(cached.Schema.Objects)
			st.Age = cached.AgeLabel(now)
			st.Stale = cached.Stale(now, s.schemaMaxAge())
		}
		out[o.ID] = st
	}
	return out
}
