package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// HealthReport is the last health check of an integration in an org.
type HealthReport struct {
	OrgID       int64
	OrgAlias    string
	Integration string
	// Status is healthy, needs attention, failing, or unknown (the org
	// could not be checked).
	Status string
	// Live is set when every checklist step passed in that check.
	Live bool
	// Summary is the first reason, for lists.
	Summary string
	// Report is the whole report as its producer encoded it (JSON).
	Report    []byte
	CheckedAt time.Time
}

// SaveHealthReport stores the newest check of an integration in an org.
func (s *Store) SaveHealthReport(ctx context.Context, r HealthReport) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO health_reports (org_id, integration, status, live, summary, report, checked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, integration) DO UPDATE SET status = excluded.status, live = excluded.live, summary = excluded.summary,
			report = excluded.report, checked_at = excluded.checked_at`,
		r.OrgID, r.Integration, r.Status, r.Live, r.Summary, string(r.Report), toMicros(r.CheckedAt)); err != nil {
		return fmt.Errorf("store: save health report: %w", err)
	}
	return nil
}

const healthColumns = `h.org_id, o.alias, h.integration, h.status, h.live, h.summary, h.report, h.checked_at`

func scanHealth(r rowScanner) (HealthReport, error) {
	var h HealthReport
	var report string
	var checked int64
	if err := r.Scan(&h.OrgID, &h.OrgAlias, &h.Integration, &h.Status, &h.Live, &h.Summary, &report, &checked); err != nil {
		return h, err
	}
	h.Report = []byte(report)
	h.CheckedAt = fromMicros(checked)
	return h, nil
}

// HealthReports lists the last checks, by integration then org alias;
// integration "" lists every integration's.
func (s *Store) HealthReports(ctx context.Context, integration string) ([]HealthReport, error) {
	q := `SELECT ` + healthColumns + ` FROM health_reports h JOIN orgs o ON o.id = h.org_id`
	var args []any
	if integration != "" {
		q += ` WHERE h.integration = ?`
		args = append(args, integration)
	}
	return queryList(ctx, s, "health reports", q+` ORDER BY h.integration, o.alias`, scanHealth, args...)
}

// HealthReport returns the last check of an integration in an org.
func (s *Store) HealthReport(ctx context.Context, orgID int64, integration string) (HealthReport, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+healthColumns+` FROM health_reports h JOIN orgs o ON o.id = h.org_id
		WHERE h.org_id = ? AND h.integration = ?`, orgID, integration)
	h, err := scanHealth(row)
	if errors.Is(err, sql.ErrNoRows) {
		return h, notFound(err, "health report", integration)
	}
	if err != nil {
		return h, fmt.Errorf("store: health report: %w", err)
	}
	return h, nil
}
