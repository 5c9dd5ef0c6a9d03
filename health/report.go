package health

import (
	"context"
	"fmt"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// Status is an integration's health in one org.
type Status string

// Health statuses, from best to worst.
const (
	Healthy        Status = "healthy"
	NeedsAttention Status = "needs attention"
	Failing        Status = "failing"
)

func worse(a, b Status) Status {
	rank := map[Status]int{Healthy: 0, NeedsAttention: 1, Failing: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Thresholds decide when figures become a problem.
type Thresholds struct {
	// Window is the period failure rate and log volume are computed over.
	Window time.Duration
	// AttentionRate and FailingRate are failure rates (failures over
	// finished runs in Window) that need attention or count as failing.
	AttentionRate, FailingRate float64
	// APIAttention is the share of a daily limit used that needs attention.
	APIAttention float64
	// MaxLogRows in Window needs attention: the log fills the org's storage.
	MaxLogRows int
	// Quiet is how long with no successful run needs attention once the
	// integration has run before.
	Quiet time.Duration
}

// DefaultThresholds are the thresholds patchbay uses.
var DefaultThresholds = Thresholds{Window: 24 * time.Hour, AttentionRate: 0.10, FailingRate: 0.50, APIAttention: 0.80, MaxLogRows: 5000, Quiet: 7 * 24 * time.Hour}

// Runs sums an integration's run log in one org.
type Runs struct {
	LastSuccess time.Time `json:"last_success,omitempty"`
	LastFailure time.Time `json:"last_failure,omitempty"`
	// In the window: rows logged, and finished runs by outcome (Retry
	// rows are not finished).
	Logged    int `json:"logged"`
	Successes int `json:"successes"`
	Failures  int `json:"failures"`
	// FailureRate is Failures / (Successes + Failures); 0 with no runs.
	FailureRate float64 `json:"failure_rate"`
}

// SumRuns sums rows (newest first or in any order) over the window ending
// at now.
func SumRuns(rows []store.RunLog, now time.Time, window time.Duration) Runs {
	var r Runs
	from := now.Add(-window)
	for _, row := range rows {
		switch row.Status {
		case "Success":
			if row.CreatedAt.After(r.LastSuccess) {
				r.LastSuccess = row.CreatedAt
			}
		case "Failure":
			if row.CreatedAt.After(r.LastFailure) {
				r.LastFailure = row.CreatedAt
			}
		}
		if row.CreatedAt.Before(from) {
			continue
		}
		r.Logged++
		switch row.Status {
		case "Success":
			r.Successes++
		case "Failure":
			r.Failures++
		}
	}
	if n := r.Successes + r.Failures; n > 0 {
		r.FailureRate = float64(r.Failures) / float64(n)
	}
	return r
}

// Reason is one finding of a report.
type Reason struct {
	Status Status `json:"status"`
	Text   string `json:"text"`
}

// Report is an integration's health in one org.
type Report struct {
	Status    Status                      `json:"status"`
	Reasons   []Reason                    `json:"reasons"`
	Checklist Checklist                   `json:"checklist"`
	Runs      Runs                        `json:"runs"`
	Limits    map[string]salesforce.Limit `json:"limits,omitempty"`
	CheckedAt time.Time                   `json:"checked_at"`
}

// Assess checks the org (the checklist and /limits) and sums the runs
// read from its log (rows, as package runs stored them) into a report.
// An org that cannot be asked is an error: its health is unknown, never
// assumed.
func Assess(ctx context.Context, cl *salesforce.Client, t Target, rows []store.RunLog, now time.Time, th Thresholds) (Report, error) {
	cl2, err := Check(ctx, cl, t)
	if err != nil {
		return Report{}, err
	}
	limits, err := cl.Limits(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("reading the org's limits: %w", err)
	}
	return Judge(cl2, limits, SumRuns(rows, now, th.Window), now, th), nil
}

// Judge turns what was read into a report: the pure part of Assess.
func Judge(c Checklist, limits map[string]salesforce.Limit, r Runs, now time.Time, th Thresholds) Report {
	rep := Report{Status: Healthy, Checklist: c, Runs: r, Limits: limits, CheckedAt: now}
	add := func(s Status, format string, args ...any) {
		rep.Status = worse(rep.Status, s)
		rep.Reasons = append(rep.Reasons, Reason{s, fmt.Sprintf(format, args...)})
	}
	for _, st := range c.Steps {
		switch st.State {
		case Fail:
			add(Failing, "%s: %s", st.Title, st.Detail)
		case Unchecked:
			add(NeedsAttention, "%s: not checked", st.Title)
		}
	}
	window := durationWords(th.Window)
	switch {
	case r.Successes+r.Failures == 0 && r.LastSuccess.IsZero() && r.LastFailure.IsZero():
		add(NeedsAttention, "No run logged yet")
	case r.Failures > 0 && r.FailureRate >= th.FailingRate:
		add(Failing, "%d of %d runs failed in the last %s", r.Failures, r.Successes+r.Failures, window)
	case r.Failures > 0 && r.FailureRate >= th.AttentionRate:
		add(NeedsAttention, "%d of %d runs failed in the last %s", r.Failures, r.Successes+r.Failures, window)
	}
	if !r.LastSuccess.IsZero() && now.Sub(r.LastSuccess) > th.Quiet {
		add(NeedsAttention, "No successful run since %s", r.LastSuccess.UTC().Format("2006-01-02 15:04 MST"))
	} else if r.LastSuccess.IsZero() && !r.LastFailure.IsZero() {
		add(Failing, "No run has succeeded yet")
	}
	if th.MaxLogRows > 0 && r.Logged > th.MaxLogRows {
		add(NeedsAttention, "%d log rows in the last %s: Integration_Log__c is filling the org's data storage", r.Logged, window)
	}
	for _, name := range []string{salesforce.LimitDailyAPIRequests, salesforce.LimitDailyAsyncApex} {
		l, ok := limits[name]
		if !ok || l.Max <= 0 {
			continue
		}
		used := float64(l.Used()) / float64(l.Max)
		switch {
		case l.Remaining <= 0:
			add(Failing, "%s used up (%d of %d)", name, l.Used(), l.Max)
		case used >= th.APIAttention:
			add(NeedsAttention, "%s %.0f%% used (%d of %d)", name, used*100, l.Used(), l.Max)
		}
	}
	return rep
}

func durationWords(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		if n := int(d / (24 * time.Hour)); n == 1 {
			return "24 hours"
		} else {
			return fmt.Sprintf("%d days", n)
		}
	}
	return d.String()
}
