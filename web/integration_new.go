package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// integrationNew shows the describe-it page.
func (s *Server) integrationNew(c echo.Context) error {
	orgs, def, err := s.planOrgs(c)
	if err != nil {
		return err
	}
	return s.ok(c, view.NewIntegration(s.chrome(c, "New integration"), view.NewIntegrationForm{Templates: templateChoices(), Orgs: orgs, OrgID: def}))
}
