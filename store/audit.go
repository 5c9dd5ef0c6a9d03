package store

import (
	"context"
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
	scan := func(r rowScanner) (AuditEntry, error) {
		var e AuditEntry
		var at int64
		err := r.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail)
		e.At = fromMicros(at)
		return e, err
	}
	if before > 0 {
		return queryList(ctx, s, "audit log", `SELECT id, at, actor, action, target, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`, scan, before, limit)
	}
	return queryList(ctx, s, "audit log", `SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`, scan, limit)
}
