package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// maxIntegrationLabel is the longest display name, in characters, as for a
// spec's label.
const maxIntegrationLabel = 80

// integrationList shows the integrations, found by ?q= (name, label, spec
// name or description) and without archived ones unless ?archived=1.
func (s *Server) integrationList(c echo.Context) error {
	f := store.IntegrationFilter{Query: searchText(c.QueryParam("q")), WithArchived: c.QueryParam("archived") == "1"}
	m, err := s.store.FindIntegrations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	return s.ok(c, view.IntegrationList(s.chrome(c, "Integrations"), view.IntegrationListData{
		Query: f.Query, WithArchived: f.WithArchived, Matches: m, CanEdit: can(u, permEdit), MaxQuery: store.MaxSearchLength,
	}))
}

// searchText trims search text and cuts it to store.MaxSearchLength
// characters, so the page shows the text that was searched for.
func searchText(q string) string {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > store.MaxSearchLength {
		q = string([]rune(q)[:store.MaxSearchLength])
	}
	return q
}

// integrationRename changes an integration's display name (its label). The
// spec name, which names the components in Salesforce, is not changed
// here: it changes only with the spec.
func (s *Server) integrationRename(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	label, err := integrationLabel(c.FormValue("label"))
	if err != nil {
		return err
	}
	if label == in.Label {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d", in.ID))
	}
	u, _ := currentUser(c)
	if err := s.store.RenameIntegration(c.Request().Context(), in.ID, label, u.Username); err != nil {
		return fmt.Errorf("renaming integration: %w", err)
	}
	s.audit(c, "integration.rename", fmt.Sprintf("integration:%d", in.ID), fmt.Sprintf("from %q to %q", integrationTitleOf(in), label))
	s.flash(c, "renamed")
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d", in.ID))
}

// integrationLabel checks a display name: one line, not empty, at most
// maxIntegrationLabel characters.
func integrationLabel(raw string) (string, error) {
	label := strings.TrimSpace(raw)
	switch {
	case label == "":
		return "", badRequest("Give the integration a name to show.")
	case !utf8.ValidString(label) || strings.IndexFunc(label, unicode.IsControl) >= 0:
		return "", badRequest("The name must be one line of text.")
	case utf8.RuneCountInString(label) > maxIntegrationLabel:
		return "", badRequest(fmt.Sprintf("The name is longer than %d characters.", maxIntegrationLabel))
	}
	return label, nil
}

// integrationArchive archives an integration once confirmed.
func (s *Server) integrationArchive(c echo.Context) error { return s.setArchived(c, true) }

// integrationUnarchive brings an archived integration back once confirmed.
func (s *Server) integrationUnarchive(c echo.Context) error { return s.setArchived(c, false) }

// setArchived first asks for confirmation (a page, as the CSP allows no
// script dialog), then archives or unarchives the integration and records
// it in the audit log. Archiving keeps versions, deployments and the spec
// name; it hides the integration from lists and stops deploys.
func (s *Server) setArchived(c echo.Context, archive bool) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		verb := "Archive "
		if !archive {
			verb = "Unarchive "
		}
		return s.ok(c, view.ArchiveIntegration(s.chrome(c, verb+integrationTitleOf(in)), in, archive))
	}
	u, _ := currentUser(c)
	changed, err := s.store.SetIntegrationArchived(c.Request().Context(), in.ID, archive, u.Username)
	if err != nil {
		return fmt.Errorf("archiving integration: %w", err)
	}
	action, flash := "integration.archive", "archived"
	if !archive {
		action, flash = "integration.unarchive", "unarchived"
	}
	if changed {
		s.audit(c, action, fmt.Sprintf("integration:%d", in.ID), integrationTitleOf(in))
		s.flash(c, flash)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/integrations/%d", in.ID))
}

// errArchived refuses to deploy an archived integration.
var errArchived = &problem{status: http.StatusConflict, title: "This integration is archived",
	msg: "An archived integration cannot be deployed. Unarchive it from its page first."}

// refuseArchived returns errArchived for an archived integration.
func refuseArchived(in store.Integration) error {
	if in.Archived() {
		return errArchived
	}
	return nil
}

// refuseArchivedDeployment returns errArchived when a deployment's
// integration is archived; a deployment of an uploaded package, or of a
// deleted integration, has none.
func (s *Server) refuseArchivedDeployment(ctx context.Context, d store.Deployment) error {
	if d.IntegrationID == 0 {
		return nil
	}
	in, err := s.store.Integration(ctx, d.IntegrationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return refuseArchived(in)
}
