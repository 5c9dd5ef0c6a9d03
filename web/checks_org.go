package web

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/specform"
	"github.com/patchbay/patchbay/web/view"
)

// defaultCheckOrgs lists the connected orgs for the editor's "check
// against" choice, each checked when the user may deploy to it.
func (s *Server) defaultCheckOrgs(c echo.Context) ([]view.CheckOrg, error) {
	orgs, err := s.store.Orgs(c.Request().Context())
	if err != nil {
		return nil, err
	}
	u, _ := currentUser(c)
	var out []view.CheckOrg
	for _, o := range orgs {
		if deploy.MayDeploy(u, o) {
			out = append(out, view.CheckOrg{ID: o.ID, Alias: o.Alias, Checked: true})
		}
	}
	return out, nil
}

// chosenCheckOrgs reads the orgs a validate request asks for; a request
// from a page without the choice gets the default (every org the user may
// deploy to).
func (s *Server) chosenCheckOrgs(c echo.Context) []int64 {
	var ids []int64
	if c.FormValue("orgs_chosen") == "" {
		def, err := s.defaultCheckOrgs(c)
		if err != nil {
			return nil
		}
		for _, o := range def {
			ids = append(ids, o.ID)
		}
		return ids
	}
	form, _ := c.FormParams()
	for _, raw := range form["check_org"] {
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 && len(ids) < 20 {
			ids = append(ids, id)
		}
	}
	return ids
}

// checkSpecInOrgs is checkSpec plus, for a valid spec, a check against the
// cached schema of each org: the editor never calls Salesforce while one
// types, so a schema never read is said to be unchecked and an old one is
// labelled stale.
func (s *Server) checkSpecInOrgs(c echo.Context, text string, orgIDs []int64) (ch view.Checks) {
	ch = s.checks(text)
	if ch.Valid {
		if err := s.releasedProblem(c.Request().Context(), s.checkedIntegration(c), text); err != nil {
			ch.Valid = false
			ch.Problems = append(ch.Problems, view.Problem{Path: "package", Msg: sentence(err.Error())})
		}
	}
	if !ch.Valid || len(orgIDs) == 0 {
		return ch
	}
	ctx := c.Request().Context()
	sp, lines, err := spec.LoadLines([]byte(text))
	if err != nil {
		return ch
	}
	u, _ := currentUser(c)
	now := time.Now()
	var names []specform.Catalog
	defer func() {
		if len(names) > 0 && ch.Spec != nil {
			// the diagram names objects and fields by the orgs' labels
			ch.Diagram = layoutDiagramTallIn(ch.Spec, specform.Merge(names...))
		}
	}()
	for _, id := range orgIDs {
		o, err := s.store.Org(ctx, id)
		if err != nil || !can(u, permRead) {
			continue
		}
		sch, cached, err := s.cachedSchema(ctx, id)
		if err == nil && sch == nil && cached.Error == "" && cached.ErrorAt.IsZero() {
			// Never read: read it once now (a failure is stored, so this
			// is not retried on every keystroke).
			if cl, cerr := s.orgClient(ctx, o); cerr == nil {
				if _, rerr := orgschema.Refresh(ctx, s.store, o.ID, cl, time.Now); rerr != nil {
					s.log.Warn("reading org schema for the editor", "org", o.ID, "err", rerr)
				}
				sch, cached, err = s.cachedSchema(ctx, id)
			}
		}
		switch {
		case err != nil:
			s.log.Error("loading org schema", "org", id, "err", err)
			ch.Orgs = append(ch.Orgs, view.OrgCheck{Alias: o.Alias, Note: "its stored schema could not be read"})
			continue
		case sch == nil:
			note := "its objects and fields were never read; refresh its schema on the Orgs page"
			if cached.Error != "" {
				note = "reading its objects and fields failed: " + cached.Error
			}
			ch.Orgs = append(ch.Orgs, view.OrgCheck{Alias: o.Alias, Note: note})
			continue
		}
		names = append(names, orgCatalog{sch})
		for _, e := range orgschema.Check(sp, lines, sch, o.Alias) {
			ch.Problems = append(ch.Problems, view.Problem{Path: e.Path, Line: e.Line, Msg: e.Msg})
			ch.Valid = false
		}
		ch.Orgs = append(ch.Orgs, view.OrgCheck{Alias: o.Alias, Checked: true, Note: cached.AgeLabel(now), Stale: cached.Stale(now, s.schemaMaxAge())})
	}
	return ch
}

// schemaCache keeps decoded org schemas between keystrokes, keyed by the
// store, org and fetch time, so a refresh is picked up at once. It holds
// at most schemaCacheSize schemas.
var schemaCache = struct {
	sync.Mutex
	m map[schemaKey]*salesforce.OrgSchema
}{m: map[schemaKey]*salesforce.OrgSchema{}}

type schemaKey struct {
	st Store
	id int64
	at time.Time
}

const schemaCacheSize = 16

func (s *Server) cachedSchema(ctx context.Context, orgID int64) (*salesforce.OrgSchema, orgschema.Cached, error) {
	row, err := s.store.OrgSchema(ctx, orgID)
	if err != nil {
		return nil, orgschema.Cached{}, err
	}
	meta := orgschema.Cached{FetchedAt: row.FetchedAt, Error: row.Error, ErrorAt: row.ErrorAt}
	if row.Data == nil {
		return nil, meta, nil
	}
	key := schemaKey{s.store, orgID, row.FetchedAt}
	schemaCache.Lock()
	sch := schemaCache.m[key]
	schemaCache.Unlock()
	if sch == nil {
		c, err := orgschema.Load(ctx, s.store, orgID)
		if err != nil {
			return nil, meta, err
		}
		sch = c.Schema
		schemaCache.Lock()
		if len(schemaCache.m) >= schemaCacheSize {
			clear(schemaCache.m)
		}
		schemaCache.m[key] = sch
		schemaCache.Unlock()
	}
	meta.Schema = sch
	return sch, meta, nil
}
