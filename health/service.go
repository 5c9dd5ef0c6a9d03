package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// Store is what reading health needs from the store.
type Store interface {
	runs.Store
	RunLogs(ctx context.Context, f store.RunLogFilter) ([]store.RunLog, error)
	DeployedPackages(ctx context.Context, orgID, except int64) ([]store.DeployedPackage, error)
	SpecVersion(ctx context.Context, integrationID int64, version int) (store.SpecVersion, error)
	SaveHealthReport(ctx context.Context, r store.HealthReport) error
}

// Deployed is an integration deployed to an org: the spec of its newest
// successful deployment there.
type Deployed struct {
	IntegrationID int64
	Version       int
	Spec          *spec.Spec
}

// DeployedTo lists the integrations patchbay deployed successfully to an
// org, each with the spec version deployed last, by name.
func DeployedTo(ctx context.Context, st Store, orgID int64) ([]Deployed, error) {
	pkgs, err := st.DeployedPackages(ctx, orgID, 0)
	if err != nil {
		return nil, err
	}
	newest := map[int64]store.DeployedPackage{}
	var order []int64
	for _, p := range pkgs {
		old, seen := newest[p.IntegrationID]
		if !seen {
			order = append(order, p.IntegrationID)
		}
		if !seen || p.DeploymentID > old.DeploymentID {
			newest[p.IntegrationID] = p
		}
	}
	var out []Deployed
	for _, id := range order {
		p := newest[id]
		sv, err := st.SpecVersion(ctx, p.IntegrationID, p.SpecVersion)
		if err != nil {
			return nil, fmt.Errorf("reading %s version %d: %w", p.IntegrationName, p.SpecVersion, err)
		}
		s, err := spec.Load([]byte(sv.Text))
		if err != nil {
			return nil, fmt.Errorf("reading %s version %d: %w", p.IntegrationName, p.SpecVersion, err)
		}
		out = append(out, Deployed{IntegrationID: p.IntegrationID, Version: p.SpecVersion, Spec: s})
	}
	return out, nil
}

// OrgReport is one integration's health in one org, or why it is unknown.
type OrgReport struct {
	Org         string `json:"org"`
	Integration string `json:"integration"`
	Report
	// Error says why the org could not be checked; the report is then
	// empty and its status unknown.
	Error string `json:"error,omitempty"`
	// RunsError says why the log could not be read this time; the report
	// then judges the runs read before.
	RunsError string `json:"runs_error,omitempty"`
}

// Evaluate reads the integration's new log rows from the org into the
// store, then checks the org, judges its health and stores the report as
// the integration's last check in that org.
func Evaluate(ctx context.Context, st Store, cl *salesforce.Client, org store.Org, s *spec.Spec, now time.Time, th Thresholds) (OrgReport, error) {
	r := evaluate(ctx, st, cl, org, s, now, th)
	return r, Save(ctx, st, org.ID, r)
}

// StatusUnknown is the stored status of an org that could not be checked.
const StatusUnknown Status = "unknown"

// Save stores r as the last check of its integration in the org.
func Save(ctx context.Context, st interface {
	SaveHealthReport(ctx context.Context, r store.HealthReport) error
}, orgID int64, r OrgReport) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding the health report: %w", err)
	}
	h := store.HealthReport{OrgID: orgID, Integration: r.Integration, Status: string(r.Status), Live: r.Checklist.Live, Report: b, CheckedAt: r.CheckedAt}
	switch {
	case r.Error != "":
		h.Status, h.Summary, h.Live = string(StatusUnknown), r.Error, false
	case len(r.Reasons) > 0:
		h.Summary = r.Reasons[0].Text
	}
	if h.CheckedAt.IsZero() {
		h.CheckedAt = time.Now()
	}
	return st.SaveHealthReport(ctx, h)
}

// Stored decodes a stored report.
func Stored(h store.HealthReport) (OrgReport, error) {
	var r OrgReport
	if err := json.Unmarshal(h.Report, &r); err != nil {
		return r, fmt.Errorf("reading the stored health of %s in %s: %w", h.Integration, h.OrgAlias, err)
	}
	r.Org = h.OrgAlias
	return r, nil
}

func evaluate(ctx context.Context, st Store, cl *salesforce.Client, org store.Org, s *spec.Spec, now time.Time, th Thresholds) OrgReport {
	out := OrgReport{Org: org.Alias, Integration: s.Name}
	out.CheckedAt = now
	t, err := NewTarget(s, org.InstanceURL, org.Username)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	if _, err := runs.Sync(ctx, st, cl, org.ID, s.Name, runs.Options{Now: func() time.Time { return now }}); err != nil {
		out.RunsError = runs.FailureMessage(err)
	}
	rows, err := st.RunLogs(ctx, store.RunLogFilter{OrgID: org.ID, Integration: s.Name})
	if err != nil {
		out.Error = err.Error()
		return out
	}
	rep, err := Assess(ctx, cl, t, rows, now, th)
	if err != nil {
		out.Error = FailureMessage(err)
		return out
	}
	out.Report = rep
	if out.RunsError != "" {
		out.Reasons = append(out.Reasons, Reason{NeedsAttention, "The log could not be read: " + out.RunsError})
		out.Status = worse(out.Status, NeedsAttention)
	}
	return out
}

// FailureMessage says in words why an org could not be checked.
func FailureMessage(err error) string {
	switch {
	case errors.Is(err, salesforce.ErrLimitExceeded):
		return "the org's daily API request limit is used up; try again later"
	case errors.Is(err, salesforce.ErrReconnectRequired), errors.Is(err, salesforce.ErrAuthExpired):
		return "the org's connection has expired: reconnect it"
	case errors.Is(err, salesforce.ErrTransient):
		return "Salesforce did not answer; try again later"
	}
	return "checking the org failed: " + err.Error()
}
