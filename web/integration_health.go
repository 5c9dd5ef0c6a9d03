package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// integrationHealth checks the integration in every org it is deployed to,
// now, and shows each org's checklist and health.
func (s *Server) integrationHealth(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	hs, err := s.healthStore()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	deployed, err := s.deployedOrgs(ctx, hs, in.ID)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	d := view.HealthPageData{Integration: in, CanStart: can(u, permEdit)}
	for _, dep := range deployed {
		r, err := s.checkHealth(ctx, hs, dep)
		if err != nil {
			return err
		}
		d.Orgs = append(d.Orgs, view.HealthOrg{OrgID: dep.org.ID, Report: r})
	}
	return s.ok(c, view.HealthPage(s.chrome(c, "Health of "+integrationTitleOf(in)), d))
}
