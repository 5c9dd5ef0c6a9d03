package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// runSinceChoices are the windows the Runs tab filters by, first the
// default.
var runSinceChoices = []struct {
	value, label string
	window       time.Duration // 0: every run kept
}{
	{"24h", "the last 24 hours", 24 * time.Hour},
	{"7d", "the last 7 days", 7 * 24 * time.Hour},
	{"all", "any time (every run kept)", 0},
}

// runStatusChoices are the outcomes the Runs tab filters by.
var runStatusChoices = []view.Choice{
	{Value: "", Label: "Any outcome"},
	{Value: "failure", Label: "Failed"},
	{Value: "retry", Label: "Failed, will retry"},
	{Value: "success", Label: "Succeeded"},
}

// runList is an integration's Runs tab: each org's log is read for new
// rows, then the runs are counted per org and listed, failures first,
// filtered by ?org=ID, ?status= and ?since=.
func (s *Server) runList(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	q := runs.OverviewQuery{Integration: runsName(in), Now: time.Now()}
	org, status, since := c.QueryParam("org"), c.QueryParam("status"), c.QueryParam("since")
	if org != "" {
		if q.OrgID, err = strconv.ParseInt(org, 10, 64); err != nil || q.OrgID <= 0 {
			return badRequest("Choose an org from the list.")
		}
	}
	if status != "" {
		if q.Status, err = runs.ParseStatus(status); err != nil {
			return badRequest("Choose an outcome from the list.")
		}
	}
	if since == "" {
		since = runSinceChoices[0].value
	}
	known := false
	for _, w := range runSinceChoices {
		if w.value == since {
			known = true
			if w.window > 0 {
				q.Since = q.Now.Add(-w.window)
			}
		}
	}
	if !known {
		return badRequest("Choose a time window from the list.")
	}
	ov, err := runs.Overlook(c.Request().Context(), s.store, s.orgClient, q, runs.Options{})
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	d := view.RunListData{Integration: in, Name: q.Integration, More: ov.More, Org: org, Status: status, Since: since,
		StatusChoices: runStatusChoices, CanReplay: can(u, permEdit) && !in.Archived(), MaxReplay: runs.MaxReplay}
	d.OrgChoices = append(d.OrgChoices, view.Choice{Value: "", Label: "Every org"})
	aliases := map[int64]string{}
	for _, o := range ov.Orgs {
		aliases[o.Org.ID] = o.Org.Alias
		d.OrgChoices = append(d.OrgChoices, view.Choice{Value: strconv.FormatInt(o.Org.ID, 10), Label: o.Org.Alias})
		d.Orgs = append(d.Orgs, view.RunOrg{ID: o.Org.ID, Alias: o.Org.Alias, Day: view.RunCounts(o.Day), Week: view.RunCounts(o.Week),
			ReadAt: readAtWords(o.ReadAt), Error: o.Error, Gap: o.Gap})
	}
	for _, w := range runSinceChoices {
		d.SinceChoices = append(d.SinceChoices, view.Choice{Value: w.value, Label: w.label})
	}
	for _, r := range ov.Runs {
		d.Runs = append(d.Runs, runRow(r, aliases[r.OrgID]))
	}
	return s.ok(c, view.RunList(s.chrome(c, "Runs of "+integrationTitleOf(in)), d))
}

// runsName is the name an integration's runtime logs under: its spec's
// name.
func runsName(in store.Integration) string {
	if in.SpecName != "" {
		return in.SpecName
	}
	return in.Name
}

func readAtWords(t time.Time) string {
	if t.IsZero() {
		return "never read"
	}
	return "read " + t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// runRow is a stored run as the pages show it.
func runRow(r store.RunLog, org string) view.RunRow {
	v := view.RunRow{OrgID: r.OrgID, Org: org, ID: r.ID, When: r.CreatedAt.UTC().Format("2 Jan 2006, 15:04:05 UTC"), Flow: r.Flow, Step: r.Step,
		RecordID: r.RecordID, Status: r.Status, Outcome: runs.Words(r.Status), HTTPStatus: r.StatusCode, Attempt: r.Attempt,
		Message: runs.FirstLine(r.Message, 120), FullMessage: r.Message, Replayable: runs.CanReplay(r)}
	if !r.RunStarted.IsZero() {
		v.RunStarted = r.RunStarted.UTC().Format("2 Jan 2006, 15:04:05 UTC")
	}
	return v
}
