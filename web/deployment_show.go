package web

import (
	"context"
	"encoding/json"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// deploymentShow shows a deployment's per-org state: live while running,
// with component errors and test results once finished.
func (s *Server) deploymentShow(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := s.store.Deployment(ctx, id)
	if err != nil {
		return err
	}
	jobs, err := s.store.Jobs(ctx, id)
	if err != nil {
		return err
	}
	return s.ok(c, view.DeploymentPage(s.chrome(c, "Deployment"), s.deploymentData(ctx, d, jobs)))
}

// deploymentData is what the deployment page and its live outcome show.
func (s *Server) deploymentData(ctx context.Context, d store.Deployment, jobs []store.Job) view.DeploymentData {
	data := view.DeploymentData{Deployment: d, Live: d.Status == store.DeploymentRunning && s.deployer != nil, IntegrationID: d.IntegrationID}
	if d.Status == store.DeploymentSucceeded && !d.Options.CheckOnly {
		data.SetupPending, data.SetupKnown = s.setupPending(ctx, d.ID)
	}
	for _, j := range jobs {
		data.Jobs = append(data.Jobs, jobView(j))
	}
	return data
}

// jobView turns a stored job into what its panel shows; the stored result
// JSON is read for component errors and tests.
func jobView(j store.Job) view.JobView {
	v := view.JobView{ID: j.ID, Org: j.OrgAlias, Status: j.Status, Counts: j.Counts, Error: j.Error}
	if len(j.Result) > 0 {
		var r salesforce.DeployResult
		if json.Unmarshal(j.Result, &r) == nil {
			v.Result = &r
		}
	}
	if v.Result != nil && v.Result.StateDetail != "" && !j.Status.Done() {
		v.Message = v.Result.StateDetail
	}
	return v
}
