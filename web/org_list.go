package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// orgList shows the connected orgs and, to admins, the connect form.
func (s *Server) orgList(c echo.Context) error {
	ctx := c.Request().Context()
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	id, err := s.settingOrEmpty(ctx, SettingSalesforceClientID)
	if err != nil {
		return err
	}
	return s.ok(c, view.OrgList(s.chrome(c, "Orgs"), view.OrgsData{
		Orgs: orgs, CanAdmin: can(u, permAdmin), HasClient: id != "", Demo: s.opts.DemoLoginURL != "",
		Callback: s.opts.BaseURL + "/oauth/callback", Schemas: s.orgSchemaStatuses(ctx, orgs),
	}))
}
