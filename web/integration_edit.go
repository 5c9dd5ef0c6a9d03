package web

import (
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// integrationEdit opens the editor on the latest version, or on the version
// named by ?version=.
func (s *Server) integrationEdit(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var sv store.SpecVersion
	if v := c.QueryParam("version"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n <= 0 {
			return notFound("that version")
		}
		sv, err = s.store.SpecVersion(ctx, in.ID, n)
	} else {
		sv, err = s.store.LatestSpecVersion(ctx, in.ID)
		if errors.Is(err, store.ErrNotFound) {
			sv, err = store.SpecVersion{IntegrationID: in.ID}, nil
		}
	}
	if err != nil {
		return err
	}
	deps, err := s.store.Deployments(ctx, store.DeploymentFilter{IntegrationID: in.ID, Limit: 5})
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	checkOrgs, err := s.defaultCheckOrgs(c)
	if err != nil {
		return err
	}
	var chosen []int64
	for _, o := range checkOrgs {
		chosen = append(chosen, o.ID)
	}
	return s.ok(c, view.Editor(s.chrome(c, integrationTitleOf(in)), view.EditorData{
		Integration: in, Version: sv, Text: sv.Text, Checks: s.checkSpecInOrgs(c, sv.Text, chosen), CanEdit: can(u, permEdit), CanDeploy: can(u, permEdit) && !in.Archived(), Lines: lineCount(sv.Text),
		Deployments: deploymentRows(deps), CheckOrgs: checkOrgs, Form: s.specFormData(c, in.ID, sv.Version, sv.Text, can(u, permEdit)),
	}))
}

func integrationTitleOf(in store.Integration) string {
	if in.Label != "" {
		return in.Label
	}
	return in.Name
}
