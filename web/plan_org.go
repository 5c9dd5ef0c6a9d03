package web

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/specform"
	"github.com/patchbay/patchbay/web/view"
)

// planOrgs lists the connected orgs the person may see, to plan in, and
// the default choice: the first org they may deploy to, else the first.
func (s *Server) planOrgs(c echo.Context) ([]view.PlanOrg, int64, error) {
	u, _ := currentUser(c)
	if !can(u, permRead) {
		return nil, 0, nil
	}
	orgs, err := s.store.Orgs(c.Request().Context())
	if err != nil {
		return nil, 0, err
	}
	var out []view.PlanOrg
	var def int64
	for _, o := range orgs {
		out = append(out, view.PlanOrg{ID: o.ID, Alias: o.Alias})
		if def == 0 && deploy.MayDeploy(u, o) {
			def = o.ID
		}
	}
	if def == 0 && len(out) > 0 {
		def = out[0].ID
	}
	return out, def, nil
}

// chosenPlanOrg is the org a plan request asks for: the form's choice
// when the form offered one (0 for none, or for an org not offered), the
// default otherwise.
func chosenPlanOrg(c echo.Context, offered []view.PlanOrg, def int64) int64 {
	if c.FormValue("org_chosen") == "" {
		return def
	}
	id, err := strconv.ParseInt(c.FormValue("org"), 10, 64)
	if err != nil {
		return 0
	}
	for _, o := range offered {
		if o.ID == id {
			return id
		}
	}
	return 0
}

// planContext is ctx carrying the chosen org's schema for the planner, a
// note for the draft saying which schema the words were matched against
// or why none was, and the org's names for the draft's diagram (nil
// without a schema). The schema is the cached one; a schema never read is
// read once now.
func (s *Server) planContext(ctx context.Context, orgID int64) (context.Context, string, specform.Catalog) {
	if orgID == 0 {
		return ctx, "", nil
	}
	o, err := s.store.Org(ctx, orgID)
	if err != nil {
		s.log.Error("loading the org to plan in", "org", orgID, "err", err)
		return ctx, "The chosen org could not be loaded, so the draft was planned without an org's schema.", nil
	}
	sch, cached, err := s.cachedSchema(ctx, orgID)
	if err == nil && sch == nil && cached.Error == "" && cached.ErrorAt.IsZero() {
		if cl, cerr := s.orgClient(ctx, o); cerr == nil {
			if _, rerr := orgschema.Refresh(ctx, s.store, o.ID, cl, time.Now); rerr != nil {
				s.log.Warn("reading org schema for planning", "org", o.ID, "err", rerr)
			}
			sch, cached, err = s.cachedSchema(ctx, orgID)
		}
	}
	switch {
	case err != nil:
		s.log.Error("loading org schema for planning", "org", orgID, "err", err)
		return ctx, o.Alias + "'s stored schema could not be read, so the draft was planned without it.", nil
	case sch == nil:
		why := "its objects and fields were never read (refresh its schema on the Orgs page)"
		if cached.Error != "" {
			why = "reading its objects and fields failed: " + cached.Error
		}
		return ctx, "Planned without " + o.Alias + "'s schema: " + why + ".", nil
	}
	now := time.Now()
	note := "Words were matched to " + o.Alias + "'s objects and fields, from its schema " + cached.AgeLabel(now) + "."
	if cached.Stale(now, s.schemaMaxAge()) {
		note += " That schema is stale: refresh it on the Orgs page if fields changed since."
	}
	return builder.WithOptions(ctx, builder.Options{Schema: orgschema.PlannerSchema(o.Alias, sch)}), note, orgCatalog{sch}
}
