package web

import (
	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/web/view"
)

// specValidate answers the editor's htmx request with the checks panel for
// the text as it is now. It never touches the text itself, so nothing the
// user typed can be lost.
func (s *Server) specValidate(c echo.Context) error {
	return s.ok(c, view.ChecksPanel(s.checkSpecInOrgs(c, c.FormValue("spec"), s.chosenCheckOrgs(c))))
}
