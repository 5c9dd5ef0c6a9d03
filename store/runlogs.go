package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// RunLog is one Integration_Log__c row of an org, as the generated runtime
// wrote it: an outcome of one step of one flow for one record.
type RunLog struct {
	OrgID       int64
	Integration string
	// ID is the row's Salesforce Id.
	ID        string
	CreatedAt time.Time
	Flow      string
	Step      string
	// Status is Status__c as written: Success, Failure or Retry.
	Status string
	// StatusCode is the HTTP status of the call; 0 when there was none.
	StatusCode int
	// Message is Message__c, cut to MaxRunMessage characters.
	Message  string
	RecordID string
	// Attempt counts from 1; 0 when the row has none.
	Attempt int
	// RunStarted is set on the rows that mark a scheduled run's end.
	RunStarted time.Time
}

// RunLogCursor is how far an org's log of an integration has been read:
// the CreatedDate and Id of the newest row stored, and when it was read.
type RunLogCursor struct {
	CreatedAt time.Time // zero when never read
	ID        string
	SyncedAt  time.Time
}

// RunLogFilter selects cached run log rows; zero fields select all.
type RunLogFilter struct {
	OrgID       int64
	Integration string
	Since       time.Time
	Status      string
	// ID selects one row by its Salesforce Id.
	ID string
	// RecordID and Flow select the runs of one record in one flow.
	RecordID, Flow string
	// FailuresFirst lists Failure rows before the others, each newest
	// first.
	FailuresFirst bool
	// Limit bounds the rows returned; 0 means MaxRunLogsPerOrg.
	Limit int
}

// MaxRunMessage bounds the characters of a stored message.
const MaxRunMessage = 4000

// MaxRunLogsPerOrg is how many rows SaveRunLogs keeps per org and
// integration when asked to keep 0 or more.
const MaxRunLogsPerOrg = 10000

// SaveRunLogs stores rows read from an org's log (rows already stored are
// skipped), moves the org's cursor for the integration to the newest row
// stored, and drops the oldest rows past keep (0 or too many: at most
// MaxRunLogsPerOrg). It returns how many rows were new.
func (s *Store) SaveRunLogs(ctx context.Context, orgID int64, integration string, rows []RunLog, keep int, syncedAt time.Time) (int, error) {
	if keep <= 0 || keep > MaxRunLogsPerOrg {
		keep = MaxRunLogsPerOrg
	}
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO run_logs (org_id, integration, sf_id, created_at, flow, step, status, status_code, message, record_id, attempt, run_started)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, sf_id) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("store: save run logs: %w", err)
		}
		defer ins.Close()
		for _, r := range rows {
			var started int64
			if !r.RunStarted.IsZero() {
				started = toMicros(r.RunStarted)
			}
			res, err := ins.ExecContext(ctx, orgID, integration, r.ID, toMicros(r.CreatedAt), r.Flow, r.Step, r.Status, r.StatusCode,
				cutRunes(r.Message, MaxRunMessage), r.RecordID, r.Attempt, started)
			if err != nil {
				return fmt.Errorf("store: save run log %s: %w", r.ID, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		var created int64
		var id string
		err = tx.QueryRowContext(ctx, `SELECT created_at, sf_id FROM run_logs WHERE org_id = ? AND integration = ? ORDER BY created_at DESC, sf_id DESC LIMIT 1`,
			orgID, integration).Scan(&created, &id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: run log cursor: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO run_log_cursors (org_id, integration, created_at, sf_id, synced_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (org_id, integration) DO UPDATE SET created_at = MAX(created_at, excluded.created_at),
				sf_id = CASE WHEN excluded.created_at >= created_at THEN excluded.sf_id ELSE sf_id END, synced_at = excluded.synced_at`,
			orgID, integration, created, id, toMicros(syncedAt)); err != nil {
			return fmt.Errorf("store: save run log cursor: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM run_logs WHERE org_id = ? AND integration = ? AND sf_id NOT IN (
			SELECT sf_id FROM run_logs WHERE org_id = ? AND integration = ? ORDER BY created_at DESC, sf_id DESC LIMIT ?)`,
			orgID, integration, orgID, integration, keep); err != nil {
			return fmt.Errorf("store: drop old run logs: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// RunLogCursor returns how far an org's log of an integration was read; a
// zero cursor when never.
func (s *Store) RunLogCursor(ctx context.Context, orgID int64, integration string) (RunLogCursor, error) {
	var c RunLogCursor
	var created, synced int64
	err := s.db.QueryRowContext(ctx, `SELECT created_at, sf_id, synced_at FROM run_log_cursors WHERE org_id = ? AND integration = ?`, orgID, integration).
		Scan(&created, &c.ID, &synced)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("store: run log cursor: %w", err)
	}
	if created != 0 {
		c.CreatedAt = fromMicros(created)
	}
	c.SyncedAt = fromMicros(synced)
	return c, nil
}

// RunLogs returns the cached rows f selects, newest first.
func (s *Store) RunLogs(ctx context.Context, f RunLogFilter) ([]RunLog, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = MaxRunLogsPerOrg
	}
	q := `SELECT org_id, integration, sf_id, created_at, flow, step, status, status_code, message, record_id, attempt, run_started FROM run_logs WHERE 1 = 1`
	var args []any
	if f.OrgID != 0 {
		q += ` AND org_id = ?`
		args = append(args, f.OrgID)
	}
	if f.Integration != "" {
		q += ` AND integration = ?`
		args = append(args, f.Integration)
	}
	if !f.Since.IsZero() {
		q += ` AND created_at >= ?`
		args = append(args, toMicros(f.Since))
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	if f.ID != "" {
		q += ` AND sf_id = ?`
		args = append(args, f.ID)
	}
	if f.RecordID != "" {
		q += ` AND record_id = ?`
		args = append(args, f.RecordID)
	}
	if f.Flow != "" {
		q += ` AND flow = ?`
		args = append(args, f.Flow)
	}
	q += ` ORDER BY `
	if f.FailuresFirst {
		q += `status = 'Failure' DESC, `
	}
	q += `created_at DESC, sf_id DESC LIMIT ?`
	args = append(args, limit)
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: run logs: %w", err)
	}
	defer rs.Close()
	var out []RunLog
	for rs.Next() {
		var r RunLog
		var created, started int64
		if err := rs.Scan(&r.OrgID, &r.Integration, &r.ID, &created, &r.Flow, &r.Step, &r.Status, &r.StatusCode, &r.Message, &r.RecordID, &r.Attempt, &started); err != nil {
			return nil, fmt.Errorf("store: run logs: %w", err)
		}
		r.CreatedAt = fromMicros(created)
		if started != 0 {
			r.RunStarted = fromMicros(started)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: run logs: %w", err)
	}
	return out, nil
}

// cutRunes keeps the first n characters of s.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// RunLogCounts are how many rows of each outcome an org's log holds in a
// window.
type RunLogCounts struct {
	Success, Failure, Retry int
}

// Total is every row counted.
func (c RunLogCounts) Total() int { return c.Success + c.Failure + c.Retry }

// CountRunLogs counts the cached rows of an org's log of integration
// written at since or later, by Status__c. Rows of a scheduled run's end
// (Step__c "(run)") are bookkeeping, not outcomes, and are not counted.
func (s *Store) CountRunLogs(ctx context.Context, orgID int64, integration string, since time.Time) (RunLogCounts, error) {
	var c RunLogCounts
	rs, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM run_logs WHERE org_id = ? AND integration = ? AND created_at >= ? AND step <> '(run)' GROUP BY status`,
		orgID, integration, toMicros(since))
	if err != nil {
		return c, fmt.Errorf("store: count run logs: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var status string
		var n int
		if err := rs.Scan(&status, &n); err != nil {
			return c, fmt.Errorf("store: count run logs: %w", err)
		}
		switch status {
		case "Success":
			c.Success = n
		case "Failure":
			c.Failure = n
		case "Retry":
			c.Retry = n
		}
	}
	if err := rs.Err(); err != nil {
		return c, fmt.Errorf("store: count run logs: %w", err)
	}
	return c, nil
}

// RunLog returns one cached row of an org's log by its Salesforce Id;
// ErrNotFound when it is not stored.
func (s *Store) RunLog(ctx context.Context, orgID int64, sfID string) (RunLog, error) {
	rows, err := s.RunLogs(ctx, RunLogFilter{OrgID: orgID, ID: sfID, Limit: 1})
	if err != nil {
		return RunLog{}, err
	}
	if len(rows) == 0 {
		return RunLog{}, ErrNotFound
	}
	return rows[0], nil
}
