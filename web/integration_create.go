package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// integrationCreate turns a reviewed draft into an integration with its
// first spec version and opens the editor. A spec name another integration
// has is refused (both would generate the same Salesforce components): the
// draft comes back with a free name to use instead, sent as name.
func (s *Server) integrationCreate(c echo.Context) error {
	text := c.FormValue("spec")
	parsed, err := spec.Parse([]byte(text))
	if err != nil || parsed.Name == "" {
		return badRequest("The draft could not be read. Go back to \"New integration\" and describe it again.")
	}
	if name := strings.TrimSpace(c.FormValue("name")); name != "" && name != parsed.Name {
		if err := spec.CheckAPIName(name, spec.MaxSpecNameLength); err != nil {
			return s.draftNameRefused(c, parsed, text, fmt.Sprintf("That name cannot be used: %v.", err), name)
		}
		parsed.Name = name
		if text, err = formatSpec(parsed); err != nil {
			return err
		}
	}
	u, _ := currentUser(c)
	ctx := c.Request().Context()
	_, verr := spec.Load([]byte(text))
	if verr == nil {
		if limit := s.packageLimit(text); limit != nil {
			verr = limit
		}
	}
	in, err := s.store.CreateIntegration(ctx, parsed.Name, parsed.Label, u.Username)
	var taken *store.NameTakenError
	if errors.As(err, &taken) {
		return s.draftNameRefused(c, parsed, text, nameTakenMessage(taken), taken.Suggestion)
	}
	if err != nil {
		return fmt.Errorf("creating integration: %w", err)
	}
	v, err := s.store.AddSpecVersion(ctx, in.ID, text, u.Username, verr == nil)
	if err != nil {
		return fmt.Errorf("saving first version: %w", err)
	}
	s.audit(c, "integration.create", fmt.Sprintf("integration:%d", in.ID), fmt.Sprintf("%s v%d from: %s", in.Name, v.Version, clip(c.FormValue("request"), 200)))
	s.flash(c, "created")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d", in.ID))
}

// draftNameRefused shows the draft again with why its name cannot be used
// and a name to use instead.
func (s *Server) draftNameRefused(c echo.Context, parsed *spec.Spec, text, msg, name string) error {
	return s.render(c, http.StatusConflict, view.PlanResult(s.chrome(c, "Review the draft"), view.PlanData{
		Text: c.FormValue("request"), SpecText: text, Spec: parsed, Diagram: layoutDiagram(parsed),
		NameError: msg, Name: name,
	}))
}

// nameTakenMessage says, in the user's words, why a spec name is refused.
func nameTakenMessage(e *store.NameTakenError) string {
	return fmt.Sprintf("The integration %q already has a spec named %s. Salesforce names its Apex classes, triggers and permission set after the spec name, "+
		"so the two would overwrite each other in any org both are deployed to. Choose another name, for example %s.", e.Holder, e.Name, e.Suggestion)
}
