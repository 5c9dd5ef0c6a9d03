package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

// deployPreflight checks the spec against each target org's schema
// (refreshed when older than the maximum age). Differences block the
// deploy, answered with the form listing them per org, unless an
// administrator ticked the override, which is audited. blocked reports
// that the response was written.
func (s *Server) deployPreflight(c echo.Context, text string, ids []int64, f *view.DeployForm) (blocked bool, err error) {
	ctx := c.Request().Context()
	sp, lines, err := spec.LoadLines([]byte(text))
	if err != nil {
		return false, fmt.Errorf("reading the spec: %w", err)
	}
	var found []view.PreflightOrg
	for _, id := range ids {
		o, err := s.store.Org(ctx, id)
		if err != nil {
			return false, err
		}
		var problems []string
		cl, err := s.orgClient(ctx, o)
		if err != nil {
			return false, fmt.Errorf("connecting to %s: %w", o.Alias, err)
		}
		cached, err := orgschema.Get(ctx, s.store, o.ID, cl, s.schemaMaxAge(), time.Now)
		switch {
		case err != nil || cached.Schema == nil:
			msg := cached.Error
			if msg == "" && err != nil {
				msg = orgschema.FailureMessage(err)
			}
			problems = append(problems, "patchbay could not read this org's objects and fields, so the spec was not checked against it: "+msg)
		default:
			for _, e := range orgschema.Check(sp, lines, cached.Schema, o.Alias) {
				problems = append(problems, e.Error())
			}
			if cached.Error != "" && len(problems) > 0 {
				problems = append(problems, "checked against a stale schema ("+cached.AgeLabel(time.Now())+"; its refresh failed: "+cached.Error+")")
			}
		}
		if len(problems) > 0 {
			found = append(found, view.PreflightOrg{Org: o.Alias, Problems: problems})
		}
	}
	if len(found) == 0 {
		return false, nil
	}
	u, _ := currentUser(c)
	var names []string
	for _, p := range found {
		names = append(names, p.Org)
	}
	if c.FormValue("override_schema") != "" && can(u, permAdmin) {
		total := 0
		for _, p := range found {
			total += len(p.Problems)
		}
		s.audit(c, "deploy.preflight_override", "integration:"+itoa64(f.Integration.ID),
			fmt.Sprintf("version %d deployed despite %d difference(s) in %s", f.Version.Version, total, strings.Join(names, ", ")))
		return false, nil
	}
	f.Preflight = found
	f.CanOverride = can(u, permAdmin)
	return true, s.deployFormError(c, *f, "The spec does not match "+strings.Join(names, ", ")+": the deploy was not started. The differences are listed below.")
}
