package web

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// runReplay asks each org to run the chosen failures (form values run =
// ORGID:RUNID) again, audited, and shows what each org answered and the
// runs logged since.
func (s *Server) runReplay(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	if err := refuseArchived(in); err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read.")
	}
	chosen := form["run"]
	if len(chosen) == 0 {
		return badRequest("Choose at least one failed run to replay.")
	}
	if len(chosen) > runs.MaxReplay {
		return badRequest(fmt.Sprintf("Choose at most %d runs at once.", runs.MaxReplay))
	}
	var orgIDs []int64
	byOrg := map[int64][]string{}
	for _, v := range chosen {
		org, id, ok := strings.Cut(v, ":")
		orgID, err := strconv.ParseInt(org, 10, 64)
		if !ok || err != nil || orgID <= 0 || id == "" || len(id) > 18 {
			return badRequest("A chosen run is not one the list offered.")
		}
		if !slices.Contains(orgIDs, orgID) {
			orgIDs = append(orgIDs, orgID)
		}
		byOrg[orgID] = append(byOrg[orgID], id)
	}
	ctx := c.Request().Context()
	u, _ := currentUser(c)
	name := runsName(in)
	d := view.ReplayResultData{Integration: in}
	for _, orgID := range orgIDs {
		o, err := s.store.Org(ctx, orgID)
		if errors.Is(err, store.ErrNotFound) {
			return badRequest("A chosen run is of an org that is no longer connected.")
		}
		if err != nil {
			return err
		}
		cl, err := s.orgClient(ctx, o)
		if err != nil {
			return fmt.Errorf("connecting to %s: %w", o.Alias, err)
		}
		res, err := runs.Replay(ctx, s.store, cl, runs.ReplayRequest{Org: o, Integration: name, RunIDs: byOrg[orgID], Actor: u.Username}, runs.Options{})
		if d.Started == "" {
			d.Started = res.Started.UTC().Format("2 Jan 2006, 15:04:05 UTC")
		}
		for _, sk := range res.Skipped {
			d.Skipped = append(d.Skipped, view.Choice{Value: sk.RunID, Label: sk.Reason})
		}
		if err != nil && !errors.Is(err, runs.ErrNothingToReplay) {
			return err
		}
		for _, f := range res.Flows {
			d.Flows = append(d.Flows, view.ReplayFlow{Org: o.Alias, Flow: f.Flow, RecordIDs: f.RecordIDs, Enqueued: f.Enqueued, JobID: f.JobID, Error: f.Error})
		}
		if res.ReadError != "" {
			d.ReadErrors = append(d.ReadErrors, o.Alias+": "+res.ReadError)
		}
		for _, r := range res.NewRuns {
			d.NewRuns = append(d.NewRuns, runRow(r, o.Alias))
		}
	}
	return s.ok(c, view.ReplayResult(s.chrome(c, "Replay of "+integrationTitleOf(in)), d))
}
