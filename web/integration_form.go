package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/specform"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// specFormData builds the form view of text, the spec of integration id as
// edited from version base, with the checks' problems at their fields.
func (s *Server) specFormData(c echo.Context, id int64, base int, text string, canEdit bool) view.SpecFormData {
	// A blank spec has nothing to point at yet: the checks panel says how
	// to start.
	var problems error
	if _, err := spec.Load([]byte(text)); err != nil && strings.TrimSpace(text) != "" {
		problems = err
	}
	return view.SpecFormData{
		CSRF:    csrfToken(c),
		Action:  fmt.Sprintf("/integrations/%d/form", id),
		Base:    base,
		Form:    specform.Build(text, problems, s.formCatalog(c)),
		CanEdit: canEdit,
	}
}

// integrationForm applies the form view's edits (and the button pressed:
// add, remove, move) to the posted text. "Save as new version" stores the
// result through versionSave, the one save path, with the posted base;
// every other button shows the editor with the edited text, not saved.
func (s *Server) integrationForm(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read. Reload the page and try again.")
	}
	text := form.Get("spec")
	if len(text) > spec.MaxDocumentSize {
		return &problem{status: http.StatusRequestEntityTooLarge, title: "Too large", msg: "A spec is limited to 1 MiB."}
	}
	edited, aerr := specform.Apply(text, form)
	if aerr != nil {
		edited = text
	}
	if form.Get(specform.OpField) == "save" && aerr == nil {
		// versionSave reads the text (and base) from the request's form.
		c.Request().Form.Set("spec", edited)
		c.Request().PostForm.Set("spec", edited)
		return s.versionSave(c)
	}
	base, _ := strconv.Atoi(form.Get("base"))
	ctx := c.Request().Context()
	sv := store.SpecVersion{IntegrationID: in.ID}
	if base > 0 {
		sv, err = s.store.SpecVersion(ctx, in.ID, base)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("that version")
		}
		if err != nil {
			return err
		}
	}
	deps, err := s.store.Deployments(ctx, store.DeploymentFilter{IntegrationID: in.ID, Limit: 5})
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	ch := s.chrome(c, integrationTitleOf(in))
	if aerr != nil {
		ch.Flash = "That change could not be made (" + aerr.Error() + "); the text is as it was."
	}
	checkOrgs, err := s.defaultCheckOrgs(c)
	if err != nil {
		return err
	}
	d := view.EditorData{
		Integration: in, Version: sv, Text: edited, Checks: s.checkSpecInOrgs(c, edited, s.chosenCheckOrgs(c)), CanEdit: can(u, permEdit), CanDeploy: can(u, permEdit),
		Lines: lineCount(edited), Deployments: deploymentRows(deps), Unsaved: edited != sv.Text, CheckOrgs: checkOrgs,
		Form: s.specFormData(c, in.ID, sv.Version, edited, can(u, permEdit)),
	}
	return s.ok(c, view.Editor(ch, d))
}

// integrationFormView answers the YAML view's htmx request with the form
// of the text as typed, so the form follows the YAML.
func (s *Server) integrationFormView(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	text := c.FormValue("spec")
	if len(text) > spec.MaxDocumentSize {
		return &problem{status: http.StatusRequestEntityTooLarge, title: "Too large", msg: "A spec is limited to 1 MiB."}
	}
	base, _ := strconv.Atoi(c.FormValue("base"))
	u, _ := currentUser(c)
	return s.ok(c, view.SpecForm(s.specFormData(c, in.ID, base, text, can(u, permEdit))))
}
