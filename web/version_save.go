package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// versionSave stores the editor's text as a new version, valid or not, so
// the text is never lost; generating and deploying need a valid version.
// The form's base is the version the editor started from: when a newer
// version was saved since, nothing is saved and the answer is 409 with both
// texts, so the user can merge and save on top of the newest. A spec name
// another integration has is refused the same way (409, the text kept).
func (s *Server) versionSave(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	text := c.FormValue("spec")
	if len(text) > spec.MaxDocumentSize {
		return &problem{status: http.StatusRequestEntityTooLarge, title: "Too large", msg: "A spec is limited to 1 MiB. Your text was not saved; split the integration into smaller ones."}
	}
	base, err := strconv.Atoi(c.FormValue("base"))
	if err != nil || base < 0 {
		return badRequest("The form did not say which version you edited, so your text was not saved. Reload the editor and apply your changes again.")
	}
	u, _ := currentUser(c)
	ctx := c.Request().Context()
	_, verr := spec.Load([]byte(text))
	if verr == nil {
		if limit := s.packageLimit(text); limit != nil {
			verr = limit
		} else if rerr := s.releasedProblem(ctx, in.ID, text); rerr != nil {
			verr = rerr
		}
	}
	v, err := s.store.SaveSpecVersion(ctx, in.ID, base, text, u.Username, verr == nil)
	if errors.Is(err, store.ErrStale) {
		newest, lerr := s.store.LatestSpecVersion(ctx, in.ID)
		if lerr != nil {
			return fmt.Errorf("reading the newest version after a refused save: %w", lerr)
		}
		return s.render(c, http.StatusConflict, view.SaveConflict(s.chrome(c, "Not saved: a newer version exists"), view.SaveConflictData{
			Integration: in, Base: base, Newest: newest, Text: text, Lines: lineCount(text), CanEdit: can(u, permEdit),
			Diff: fileDiff("spec.yaml", newest.Text, text, true, true),
		}))
	}
	var taken *store.NameTakenError
	if errors.As(err, &taken) {
		return s.render(c, http.StatusConflict, view.NameTaken(s.chrome(c, "Not saved: the spec name is taken"), view.NameTakenData{
			Integration: in, Base: base, Message: nameTakenMessage(taken), Text: text, Lines: lineCount(text), CanEdit: can(u, permEdit),
		}))
	}
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
