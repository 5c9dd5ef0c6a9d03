package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// integrationCreate turns a reviewed draft into an integration with its
// first spec version and opens the editor.
func (s *Server) integrationCreate(c echo.Context) error {
	text := c.FormValue("spec")
	parsed, err := spec.Parse([]byte(text))
	if err != nil || parsed.Name == "" {
		return badRequest("The draft could not be read. Go back to \"New integration\" and describe it again.")
	}
	u, _ := currentUser(c)
	ctx := c.Request().Context()
	_, verr := spec.Load([]byte(text))
	if verr == nil {
		if limit := s.packageLimit(text); limit != nil {
			verr = limit
		}
	}
	var in store.Integration
	for i := 1; ; i++ {
		name := parsed.Name
		if i > 1 {
			name = parsed.Name + strconv.Itoa(i)
		}
		in, err = s.store.CreateIntegration(ctx, name, parsed.Label, u.Username)
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrConflict) || i >= 50 {
			return fmt.Errorf("creating integration: %w", err)
		}
	}
	v, err := s.store.AddSpecVersion(ctx, in.ID, text, u.Username, verr == nil)
	if err != nil {
		return fmt.Errorf("saving first version: %w", err)
	}
	s.audit(c, "integration.create", fmt.Sprintf("integration:%d", in.ID), fmt.Sprintf("%s v%d from: %s", in.Name, v.Version, clip(c.FormValue("request"), 200)))
	s.flash(c, "created")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d", in.ID))
}
