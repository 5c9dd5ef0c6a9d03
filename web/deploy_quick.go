package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/store"
)

// deployQuick deploys a successful validation to the orgs it validated the
// package in, without running the tests again (Salesforce's quick deploy),
// and opens the new deployment. Editors may do so for sandboxes only.
func (s *Server) deployQuick(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if s.deployer == nil {
		return &problem{status: http.StatusServiceUnavailable, title: "Unavailable", msg: "Deploying is not available on this server."}
	}
	ctx := c.Request().Context()
	d, err := s.store.Deployment(ctx, id)
	if err != nil {
		return err
	}
	if err := s.refuseArchivedDeployment(ctx, d); err != nil {
		return err
	}
	jobs, err := s.store.Jobs(ctx, id)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	orgIDs, _ := deploy.QuickDeployable(d, jobs, time.Now())
	orgs := make([]store.Org, 0, len(orgIDs))
	for _, oid := range orgIDs {
		o, err := s.store.Org(ctx, oid)
		if err != nil {
			return err
		}
		orgs = append(orgs, o)
	}
	if err := deploy.Authorize(u, orgs); err != nil {
		return forbidden(sentence(err.Error()))
	}
	nd, _, err := s.deployer.QuickDeploy(ctx, id, u.Username)
	if errors.Is(err, deploy.ErrNotQuickDeployable) {
		return conflict("Salesforce can no longer deploy this validation as it is: it is not a successful validation with tests, it is over 10 days old, or it was deployed already. Deploy the version again instead.")
	}
	if err != nil {
		return fmt.Errorf("quick deploy: %w", err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/deployments/%d", nd.ID))
}

// quickDeployOffer says whether u can quick deploy the validation d, and
// until when; or which deployment already did.
func (s *Server) quickDeployOffer(ctx context.Context, u store.User, d store.Deployment, jobs []store.Job) (deployedAs int64, until time.Time) {
	orgIDs, until := deploy.QuickDeployable(d, jobs, time.Now())
	if len(orgIDs) == 0 {
		return 0, time.Time{}
	}
	if s.refuseArchivedDeployment(ctx, d) != nil {
		return 0, time.Time{}
	}
	if as, ok := s.deployer.QuickDeployedAs(ctx, d.ID); ok {
		return as, time.Time{}
	}
	for _, oid := range orgIDs {
		o, err := s.store.Org(ctx, oid)
		if err != nil || !deploy.MayDeploy(u, o) {
			return 0, time.Time{}
		}
	}
	return 0, until
}
