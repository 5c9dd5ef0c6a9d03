package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// releasedProblem says why text cannot follow the integration's newest
// released version (a version whose spec says package.released): the same
// or a lower version number, another namespace, or global Apex that
// installed orgs use removed or changed (generator.CheckUpgrade, as
// `patchbay validate --released` runs it). It returns nil when text is not
// a valid spec, when no version was released, or when text is that version.
func (s *Server) releasedProblem(ctx context.Context, integrationID int64, text string) error {
	if integrationID <= 0 {
		return nil
	}
	next, err := spec.Load([]byte(text))
	if err != nil {
		return nil
	}
	versions, err := s.store.SpecVersions(ctx, integrationID)
	if err != nil {
		return fmt.Errorf("reading the released versions: %w", err)
	}
	for _, v := range versions { // newest first
		if !v.Valid {
			continue
		}
		prev, err := spec.Load([]byte(v.Text))
		if err != nil || prev.Package == nil || !prev.Package.Released {
			continue
		}
		if v.Text == text {
			return nil
		}
		return generator.CheckUpgrade(prev, next)
	}
	return nil
}

// checkedIntegration is the integration an editor check is for: the
// route's :id, or the editor form's integration field on /spec/validate
// (0 when neither names one the user may read).
func (s *Server) checkedIntegration(c echo.Context) int64 {
	raw := c.Param("id")
	if raw == "" {
		raw = c.FormValue("integration")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	if _, err := s.store.Integration(c.Request().Context(), id); err != nil {
		return 0
	}
	return id
}
