package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// dashboard shows integrations, connected orgs and recent deployments.
func (s *Server) dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	u, _ := currentUser(c)
	d := view.DashboardData{CanEdit: can(u, permEdit), CanAdmin: can(u, permAdmin)}
	m, err := s.store.FindIntegrations(ctx, store.IntegrationFilter{})
	if err != nil {
		return err
	}
	d.Integrations, d.ArchivedHidden = m.Integrations, m.Archived
	if d.Orgs, err = s.store.Orgs(ctx); err != nil {
		return err
	}
	recent, err := s.store.Deployments(ctx, store.DeploymentFilter{Limit: 10})
	if err != nil {
		return err
	}
	d.Deployments = deploymentRows(recent)
	if hs, err := s.healthStore(); err == nil {
		if d.Health, err = hs.HealthReports(ctx, ""); err != nil {
			return err
		}
		d.HealthIDs = map[string]int64{}
		for _, in := range d.Integrations {
			d.HealthIDs[in.Name] = in.ID
		}
	}
	return s.ok(c, view.Dashboard(s.chrome(c, "Dashboard"), d))
}

// deploymentList shows every deployment, newest first.
func (s *Server) deploymentList(c echo.Context) error {
	list, err := s.store.Deployments(c.Request().Context(), store.DeploymentFilter{Limit: 200})
	if err != nil {
		return err
	}
	return s.ok(c, view.DeploymentList(s.chrome(c, "Deployments"), deploymentRows(list)))
}

// deploymentRows are deployments as the deployment tables show them.
func deploymentRows(list []store.Deployment) []view.DeploymentRow {
	rows := make([]view.DeploymentRow, 0, len(list))
	for _, d := range list {
		rows = append(rows, view.DeploymentRow{Deployment: d, Tests: salesforce.TestLevelWords(d.Options.TestLevel)})
	}
	return rows
}
