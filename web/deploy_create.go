package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// deployCreate starts deploying a version's Metadata API zip to the chosen
// orgs and opens the live progress page. Editors may deploy to sandboxes
// only; the check is made here for every org, whatever the form showed.
// Credentials entered go to the deploy service, set in each org after a
// successful deploy; they are never rendered back, logged or kept unless the
// form asks to remember them (then encrypted).
func (s *Server) deployCreate(c echo.Context) error {
	in, sv, err := s.versionParam(c)
	if err != nil {
		return err
	}
	if err := refuseArchived(in); err != nil {
		return err
	}
	if s.deployer == nil || s.zip == nil {
		return &problem{status: http.StatusServiceUnavailable, title: "Unavailable", msg: "Deploying is not available on this server."}
	}
	b, err := s.generateText(sv.Text)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read. Reload the page and try again.")
	}
	selected := map[int64]bool{}
	var ids []int64
	for _, raw := range form["org"] {
		id, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || id <= 0 || selected[id] {
			return badRequest("The list of orgs could not be read. Reload the page and try again.")
		}
		selected[id] = true
		ids = append(ids, id)
	}
	f, err := s.deployForm(c, in, sv, b, selected)
	if err != nil {
		return err
	}
	f.CheckOnly = c.FormValue("mode") == "check"
	f.TestLevel = c.FormValue("tests")
	f.RememberCredentials = c.FormValue("remember_credentials") != ""
	f.CredentialsDropped = anyCredentialEntered(form)
	sp, err := spec.Load([]byte(sv.Text))
	if err != nil {
		return fmt.Errorf("reading the spec: %w", err)
	}
	creds, _, err := formCredentials(sp, form)
	if err != nil {
		return s.deployFormError(c, f, err.Error())
	}
	if f.CheckOnly {
		// A validation changes nothing, so no credential is set or kept.
		creds = nil
	}
	if len(ids) == 0 {
		return s.deployFormError(c, f, "Pick at least one org to deploy to.")
	}
	u, _ := currentUser(c)
	ctx := c.Request().Context()
	orgs := make([]store.Org, 0, len(ids))
	for _, id := range ids {
		o, err := s.store.Org(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return s.deployFormError(c, f, "One of the orgs you picked is no longer connected. Pick again.")
		}
		if err != nil {
			return err
		}
		orgs = append(orgs, o)
	}
	if err := deploy.Authorize(u, orgs); err != nil {
		return forbidden(sentence(err.Error()))
	}
	level, runTests, err := deploy.ChooseTests(f.TestLevel, f.Tests)
	if err != nil {
		return s.deployFormError(c, f, sentence(err.Error()))
	}
	for _, o := range orgs {
		var tle *deploy.TestLevelError
		if _, err := deploy.TestLevelFor(o, level, runTests); errors.As(err, &tle) {
			return s.deployFormError(c, f, sentence(err.Error())+" Choose another test option.")
		}
	}
	if blocked, err := s.deployPreflight(c, sv.Text, ids, &f); err != nil || blocked {
		return err
	}
	zip, err := s.zip(b, "metadata")
	if err != nil {
		return fmt.Errorf("zipping the package: %w", err)
	}
	d, _, err := s.deployer.Start(ctx, deploy.Request{
		IntegrationID: in.ID, SpecVersion: sv.Version, ZipName: fmt.Sprintf("%s-v%d.zip", in.Name, sv.Version), Zip: zip,
		OrgIDs: ids, CheckOnly: f.CheckOnly, TestLevel: level, RunTests: runTests, CreatedBy: u.Username,
		Credentials: creds, KeepCredentials: f.RememberCredentials && len(creds) > 0,
	})
	var owned *deploy.OwnershipError
	if errors.As(err, &owned) {
		return s.deployFormError(c, f, "Not deployed: "+owned.Error()+".")
	}
	if err != nil {
		return fmt.Errorf("starting deployment: %w", err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/deployments/%d", d.ID))
}
