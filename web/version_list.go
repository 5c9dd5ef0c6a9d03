package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// versionList shows every saved version of an integration.
func (s *Server) versionList(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	versions, err := s.store.SpecVersions(c.Request().Context(), in.ID)
	if err != nil {
		return err
	}
	return s.ok(c, view.VersionList(s.chrome(c, "Versions"), in, versions))
}
