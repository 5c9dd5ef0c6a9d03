package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/spec"
)

// versionSave stores the editor's text as a new version, valid or not, so
// the text is never lost; generating and deploying need a valid version.
func (s *Server) versionSave(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	text := c.FormValue("spec")
	if len(text) > spec.MaxDocumentSize {
		return &problem{status: http.StatusRequestEntityTooLarge, title: "Too large", msg: "A spec is limited to 1 MiB. Your text was not saved; split the integration into smaller ones."}
	}
	u, _ := currentUser(c)
	_, verr := spec.Load([]byte(text))
	v, err := s.store.AddSpecVersion(c.Request().Context(), in.ID, text, u.Username, verr == nil)
	if err != nil {
		return fmt.Errorf("saving spec version: %w", err)
	}
	s.audit(c, "spec.save", fmt.Sprintf("integration:%d", in.ID), versionSaveDetail(in.Name, v.Version, verr == nil))
	if verr == nil {
		s.flash(c, "saved")
	} else {
		s.flash(c, "saved-invalid")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d?version=%d", in.ID, v.Version))
}
