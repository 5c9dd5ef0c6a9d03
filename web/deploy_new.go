package web

import (
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// testChoices are the deploy form's test options, safest useful first.
var testChoices = []view.TestChoice{
	{Value: deploy.TestsPackage, Title: "Run this package's tests", Help: "Runs only the test classes generated with this integration. Quick, and enough for production."},
	{Value: salesforce.TestLevelRunLocalTests, Title: "Run all local tests", Help: "Runs every test in the org that is not from a managed package. Slower; what Salesforce does by default in production."},
	{Value: salesforce.TestLevelRunAllTestsInOrg, Title: "Run all tests in the org", Help: "Includes managed-package tests. Slowest."},
	{Value: salesforce.TestLevelNoTestRun, Title: "Run no tests", Help: "Sandboxes only: Salesforce refuses this for production."},
}

// deployNew shows the deploy form for a valid version.
func (s *Server) deployNew(c echo.Context) error {
	in, sv, err := s.versionParam(c)
	if err != nil {
		return err
	}
	if err := refuseArchived(in); err != nil {
		return err
	}
	b, err := s.generateText(sv.Text)
	if err != nil {
		return err
	}
	// A retry links here with the orgs and options of the failed
	// deployment: ?org=3&org=4&mode=check&tests=package.
	var selected map[int64]bool
	for _, raw := range c.QueryParams()["org"] {
		if id, perr := strconv.ParseInt(raw, 10, 64); perr == nil && id > 0 {
			if selected == nil {
				selected = map[int64]bool{}
			}
			selected[id] = true
		}
	}
	f, err := s.deployForm(c, in, sv, b, selected)
	if err != nil {
		return err
	}
	f.CheckOnly = c.QueryParam("mode") == "check"
	if t := c.QueryParam("tests"); t != "" && slices.ContainsFunc(testChoices, func(tc view.TestChoice) bool { return tc.Value == t }) {
		f.TestLevel = t
	}
	return s.ok(c, view.Deploy(s.chrome(c, "Deploy"), f))
}

// deployForm lists the orgs with whether the signed-in user may deploy to
// each; selected (nil for "every allowed sandbox") marks the chosen ones. It lists the
// credentials the version's systems take, with no value.
func (s *Server) deployForm(c echo.Context, in store.Integration, sv store.SpecVersion, b *generator.Bundle, selected map[int64]bool) (view.DeployForm, error) {
	orgs, err := s.store.Orgs(c.Request().Context())
	if err != nil {
		return view.DeployForm{}, err
	}
	u, _ := currentUser(c)
	f := view.DeployForm{Integration: in, Version: sv, TestChoices: testChoices, TestLevel: deploy.TestsPackage, Tests: testClasses(b)}
	if sp, err := spec.Load([]byte(sv.Text)); err == nil {
		f.Credentials = deployCredentials(sp)
	}
	if len(f.Tests) == 0 {
		f.TestLevel = "RunLocalTests"
	}
	for _, o := range orgs {
		// Production is never picked for the user: they tick it themselves.
		d := view.DeployOrg{Org: o, Allowed: deploy.MayDeploy(u, o), Selected: selected[o.ID] || selected == nil && deploy.IsSandbox(o)}
		switch {
		case !d.Allowed:
			d.Why = "only administrators can deploy to production orgs"
		case o.Status == store.OrgReconnectRequired:
			d.Why = "needs reconnecting first"
			d.Allowed = false
		}
		f.Orgs = append(f.Orgs, d)
	}
	return f, nil
}

// testClasses names the Apex test classes in a bundle.
func testClasses(b *generator.Bundle) []string {
	var out []string
	for _, f := range b.Files {
		name := path.Base(f.Path)
		if strings.HasSuffix(name, ".cls") && strings.Contains(string(f.Data), "@IsTest") {
			out = append(out, strings.TrimSuffix(name, ".cls"))
		}
	}
	return out
}

func (s *Server) deployFormError(c echo.Context, f view.DeployForm, msg string) error {
	f.Error = msg
	return s.render(c, http.StatusUnprocessableEntity, view.Deploy(s.chrome(c, "Deploy"), f))
}
