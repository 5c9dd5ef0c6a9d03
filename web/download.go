package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// download sends a version's Metadata API zip (kind "metadata") or SFDX
// project zip (kind "project").
func (s *Server) download(c echo.Context) error {
	in, sv, err := s.versionParam(c)
	if err != nil {
		return err
	}
	kind := c.Param("kind")
	if kind != "metadata" && kind != "project" {
		return notFound("that download")
	}
	if s.zip == nil {
		return &problem{status: http.StatusServiceUnavailable, title: "Unavailable", msg: "Downloads are not available on this server."}
	}
	b, err := s.generateText(sv.Text)
	if err != nil {
		return err
	}
	data, err := s.zip(b, kind)
	if err != nil {
		return fmt.Errorf("zipping %s: %w", kind, err)
	}
	name := fmt.Sprintf("%s-v%d-%s.zip", in.Name, sv.Version, kind)
	s.audit(c, "download", fmt.Sprintf("integration:%d", in.ID), name)
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Blob(http.StatusOK, "application/zip", data)
}
