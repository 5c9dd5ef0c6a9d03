package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// orgFromForm loads the org a form names.
func (s *Server) orgFromForm(c echo.Context, raw string) (store.Org, error) {
	var id int64
	if _, err := fmt.Sscan(raw, &id); err != nil || id <= 0 {
		return store.Org{}, notFound("that org")
	}
	return s.store.Org(c.Request().Context(), id)
}

// orgDisconnect first asks for confirmation (a page, as the CSP allows no
// script dialog); once confirmed it revokes the org's refresh token at
// Salesforce and forgets the org. If Salesforce cannot be reached the org
// is still removed here and the page says to revoke the connection in
// Salesforce Setup.
func (s *Server) orgDisconnect(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return s.ok(c, view.DisconnectOrg(s.chrome(c, "Disconnect "+o.Alias), o))
	}
	flash := "org-removed"
	tokens, err := s.store.OrgTokens(ctx, o.ID)
	switch {
	case err == nil && tokens.RefreshToken != "":
		if rerr := s.revoke(c, o, tokens.RefreshToken); rerr != nil {
			s.log.Warn("revoking org token", "org", o.ID, "err", rerr)
			flash = "org-removed-unrevoked"
		}
	case err != nil && !errors.Is(err, store.ErrNotFound):
		s.log.Warn("reading org tokens for revoke", "org", o.ID, "err", err)
		flash = "org-removed-unrevoked"
	}
	if err := s.store.DeleteOrg(ctx, o.ID); err != nil {
		return fmt.Errorf("removing org: %w", err)
	}
	s.audit(c, "org.disconnect", fmt.Sprintf("org:%d", o.ID), o.Alias)
	s.flash(c, flash)
	return c.Redirect(http.StatusSeeOther, "/orgs")
}

func (s *Server) revoke(c echo.Context, o store.Org, token string) error {
	loginURL := o.LoginURL
	if loginURL == "" {
		loginURL = o.InstanceURL
	}
	cfg, err := s.oauthConfig(c.Request().Context(), loginURL)
	if err != nil {
		return err
	}
	return cfg.Revoke(c.Request().Context(), token)
}
