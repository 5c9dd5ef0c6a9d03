package runs

import (
	"context"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// MaxListed bounds the runs one overview lists.
const MaxListed = 200

// orgReadTimeout bounds reading one org's log in an overview, so that an
// org that does not answer cannot hold the page.
const orgReadTimeout = 20 * time.Second

// Connector connects to a stored org.
type Connector func(ctx context.Context, o store.Org) (*salesforce.Client, error)

// OverviewStore is what an overview needs from the store.
type OverviewStore interface {
	Store
	Orgs(ctx context.Context) ([]store.Org, error)
	RunLogs(ctx context.Context, f store.RunLogFilter) ([]store.RunLog, error)
	CountRunLogs(ctx context.Context, orgID int64, integration string, since time.Time) (store.RunLogCounts, error)
}

// OverviewQuery selects what an overview lists; the counts cover every
// org given, whatever the filters.
type OverviewQuery struct {
	Integration string
	// Orgs are the orgs to read and count; nil means every connected org.
	Orgs []store.Org
	// OrgID, Status and Since filter the list; zero values select all.
	OrgID  int64
	Status string
	Since  time.Time
	// Now is the clock the 24-hour and 7-day counts are taken at.
	Now time.Time
}

// OrgRuns is one org's side of an overview.
type OrgRuns struct {
	Org store.Org
	// Day and Week count the outcomes of the last 24 hours and 7 days.
	Day, Week store.RunLogCounts
	// ReadAt is when the org's log was last read; zero when never.
	ReadAt time.Time
	// New and Gap are what this read found (see Result).
	New int
	Gap bool
	// Error says in words why the log could not be read now.
	Error string
}

// Overview is an integration's runs across orgs.
type Overview struct {
	Orgs []OrgRuns
	// Runs are the runs the query selects, failures first, then newest.
	Runs []store.RunLog
	// More says more runs matched than MaxListed.
	More bool
}

// Overlook reads each org's new log rows (a failing org keeps its stored
// rows and says why), then counts and lists the stored runs.
func Overlook(ctx context.Context, st OverviewStore, connect Connector, q OverviewQuery, opts Options) (Overview, error) {
	var out Overview
	if q.Orgs == nil {
		all, err := st.Orgs(ctx)
		if err != nil {
			return out, err
		}
		q.Orgs = all
	}
	for _, o := range q.Orgs {
		or := OrgRuns{Org: o}
		sctx, cancel := context.WithTimeout(ctx, orgReadTimeout)
		cl, err := connect(sctx, o)
		var res Result
		if err == nil {
			res, err = Sync(sctx, st, cl, o.ID, q.Integration, opts)
		}
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			or.Error = FailureMessage(err)
		} else {
			or.New, or.Gap = res.New, res.Gap
		}
		cur, err := st.RunLogCursor(ctx, o.ID, q.Integration)
		if err != nil {
			return out, err
		}
		or.ReadAt = cur.SyncedAt
		if or.Day, err = st.CountRunLogs(ctx, o.ID, q.Integration, q.Now.Add(-24*time.Hour)); err != nil {
			return out, err
		}
		if or.Week, err = st.CountRunLogs(ctx, o.ID, q.Integration, q.Now.Add(-7*24*time.Hour)); err != nil {
			return out, err
		}
		out.Orgs = append(out.Orgs, or)
	}
	if q.OrgID != 0 && !hasOrg(q.Orgs, q.OrgID) {
		return out, nil
	}
	rows, err := st.RunLogs(ctx, store.RunLogFilter{OrgID: q.OrgID, Integration: q.Integration, Since: q.Since, Status: q.Status,
		FailuresFirst: true, Limit: MaxListed + 1})
	if err != nil {
		return out, err
	}
	if len(rows) > MaxListed {
		rows, out.More = rows[:MaxListed], true
	}
	// Rows of orgs no longer connected are kept in the store until the org
	// is removed; list only the orgs asked about.
	for _, r := range rows {
		if hasOrg(q.Orgs, r.OrgID) {
			out.Runs = append(out.Runs, r)
		}
	}
	return out, nil
}

func hasOrg(orgs []store.Org, id int64) bool {
	for _, o := range orgs {
		if o.ID == id {
			return true
		}
	}
	return false
}

// DetailStore is what a run's detail needs from the store.
type DetailStore interface {
	RunLog(ctx context.Context, orgID int64, sfID string) (store.RunLog, error)
	RunLogs(ctx context.Context, f store.RunLogFilter) ([]store.RunLog, error)
}

// Detail is one run and the other runs of its record in its flow.
type Detail struct {
	Run store.RunLog
	// History are the runs of the same record and flow, newest first, at
	// most MaxListed; empty when the run names no record.
	History []store.RunLog
}

// RunDetail returns a stored run of integration in an org, with its
// record's history; store.ErrNotFound when there is no such run.
func RunDetail(ctx context.Context, st DetailStore, orgID int64, integration, id string) (Detail, error) {
	r, err := st.RunLog(ctx, orgID, id)
	if err != nil {
		return Detail{}, err
	}
	if r.Integration != integration {
		return Detail{}, store.ErrNotFound
	}
	d := Detail{Run: r}
	if r.RecordID != "" {
		d.History, err = st.RunLogs(ctx, store.RunLogFilter{OrgID: orgID, Integration: integration, RecordID: r.RecordID, Flow: r.Flow, Limit: MaxListed})
	}
	return d, err
}
