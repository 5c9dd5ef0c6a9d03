package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry is one recorded action: who did what to what.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // username, or "cli"
	Action string // e.g. "org.connect", "deploy.start"
	Target string // e.g. "org:prod", "deployment:12"
	Detail string // never a secret
}

// Audit records an action. A zero At means now.
func (s *Store) Audit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	e.At = fromMicros(toMicros(e.At))
	res, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		toMicros(e.At), e.Actor, e.Action, e.Target, e.Detail)
	if err != nil {
		return AuditEntry{}, fmt.Errorf("store: audit: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return AuditEntry{}, fmt.Errorf("store: audit: %w", err)
	}
	return e, nil
}

// AuditLog returns up to limit entries (default 100), newest first; with
// before > 0 only entries whose id is below it, for paging.
func (s *Store) AuditLog(ctx context.Context, limit int, before int64) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	var rows *sql.Rows
	var err error
	if before > 0 {
		rows, err = s.db.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	} else {
		rows, err = s.db.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: audit log: %w", err)
		}
		e.At = fromMicros(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}
