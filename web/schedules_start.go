package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/health"
)

// schedulesStart starts the integration's schedules that one org does not
// have yet (System.schedule as anonymous Apex), records it in the audit
// log, and goes back to the health page, which checks the org again.
func (s *Server) schedulesStart(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	orgID, err := paramID(c, "org")
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
	back := fmt.Sprintf("/integrations/%d/health", in.ID)
	for _, d := range deployed {
		if d.org.ID != orgID {
			continue
		}
		cl, err := s.orgClient(ctx, d.org)
		if err != nil {
			return err
		}
		t, err := health.NewTarget(d.spec, d.org.InstanceURL, d.org.Username)
		if err != nil {
			return err
		}
		res, err := health.StartSchedules(ctx, cl, t)
		var words []string
		failed := err != nil
		for _, r := range res {
			switch {
			case r.Already:
			case r.Error != "":
				failed = true
				words = append(words, r.Flow+" failed: "+r.Error)
			default:
				words = append(words, r.Flow+" started")
			}
		}
		if err != nil {
			words = append(words, health.FailureMessage(err))
		}
		if len(words) > 0 {
			s.audit(c, "schedules.start", fmt.Sprintf("org:%d", d.org.ID), in.Name+" in "+d.org.Alias+": "+strings.Join(words, "; "))
		}
		if failed {
			s.log.Warn("starting schedules", "integration", in.Name, "org", d.org.Alias, "result", strings.Join(words, "; "))
			s.flash(c, "schedules-failed")
		} else {
			s.flash(c, "schedules-started")
		}
		return c.Redirect(http.StatusSeeOther, back)
	}
	return notFound("that org for this integration")
}
