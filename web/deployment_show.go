package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
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
	u, _ := currentUser(c)
	return s.ok(c, view.DeploymentPage(s.chrome(c, "Deployment"), s.deploymentData(ctx, d, jobs, u, csrfToken(c))))
}

// deploymentData is what the deployment page and its live outcome show.
// The next step is offered to u when they may take it: a retry, or the
// quick deploy of a validation; csrf goes in the latter's form.
func (s *Server) deploymentData(ctx context.Context, d store.Deployment, jobs []store.Job, u store.User, csrf string) view.DeploymentData {
	data := view.DeploymentData{Deployment: d, Live: d.Status == store.DeploymentRunning && s.deployer != nil, IntegrationID: d.IntegrationID, CSRF: csrf}
	if can(u, permEdit) {
		data.RetryURL = retryURL(d, jobs)
		if s.deployer != nil {
			data.QuickDeployedAs, data.QuickDeployUntil = s.quickDeployOffer(ctx, u, d, jobs)
		}
	}
	if d.Status != store.DeploymentRunning && !d.Options.CheckOnly {
		data.Setups, data.SetupKnown = s.orgSetups(ctx, d, jobs)
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
			v.Result = jobOutcome(r)
			if r.StateDetail != "" && !j.Status.Done() {
				v.Message = r.StateDetail
			}
		}
	}
	return v
}

// jobOutcome is the part of a deploy result the job panel lists.
func jobOutcome(r salesforce.DeployResult) *view.JobOutcome {
	o := &view.JobOutcome{}
	for _, m := range r.ComponentFailures {
		o.ComponentErrors = append(o.ComponentErrors, view.ComponentError{File: m.FileName, Type: m.ComponentType, Name: m.FullName,
			Line: m.LineNumber, Column: m.ColumnNumber, Problem: m.Problem})
	}
	for _, t := range r.TestFailures {
		o.TestFailures = append(o.TestFailures, view.TestOutcome{Name: t.Name + "." + t.MethodName, Message: t.Message})
	}
	for _, t := range r.TestSuccesses {
		o.TestsPassed = append(o.TestsPassed, t.Name+"."+t.MethodName)
	}
	for _, w := range r.CodeCoverageWarnings {
		o.CoverageWarnings = append(o.CoverageWarnings, strings.TrimSpace(w.Name+" "+w.Message))
	}
	return o
}

// retryURL opens the deploy form again for a failed or canceled deployment
// of a spec version, with the orgs that did not succeed ticked and the same
// options; "" when there is nothing to retry from the web.
func retryURL(d store.Deployment, jobs []store.Job) string {
	if d.Status != store.DeploymentFailed && d.Status != store.DeploymentCanceled || d.IntegrationID == 0 || d.SpecVersion == 0 {
		return ""
	}
	q := url.Values{}
	for _, j := range jobs {
		if j.Status == store.JobFailed || j.Status == store.JobCanceled {
			q.Add("org", strconv.FormatInt(j.OrgID, 10))
		}
	}
	if d.Options.CheckOnly {
		q.Set("mode", "check")
	}
	switch d.Options.TestLevel {
	case salesforce.TestLevelRunSpecifiedTests:
		q.Set("tests", deploy.TestsPackage)
	case "":
	default:
		q.Set("tests", d.Options.TestLevel)
	}
	return fmt.Sprintf("/integrations/%d/versions/%d/deploy?%s", d.IntegrationID, d.SpecVersion, q.Encode())
}
