package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OrgSchema is what patchbay last learned of an org's objects and fields:
// the describe results (JSON, in the salesforce package's OrgSchema form;
// the store does not interpret it), when they were fetched, and the last
// refresh's failure, if any.
type OrgSchema struct {
	OrgID     int64
	Data      []byte    // nil when never fetched
	FetchedAt time.Time // zero when never fetched
	// Error is why the last refresh failed ("" when it succeeded); a failed
	// refresh keeps the schema fetched before.
	Error   string
	ErrorAt time.Time
}

// Age is how old the schema is at now; -1 when there is none.
func (o OrgSchema) Age(now time.Time) time.Duration {
	if o.FetchedAt.IsZero() {
		return -1
	}
	return now.Sub(o.FetchedAt)
}

// maxSchemaBytes bounds one org's stored schema.
const maxSchemaBytes = 64 << 20

// SaveOrgSchema stores a freshly fetched schema for an org and clears its
// failure.
func (s *Store) SaveOrgSchema(ctx context.Context, orgID int64, data []byte, fetchedAt time.Time) error {
	if len(data) > maxSchemaBytes {
		return fmt.Errorf("store: org %d schema is %d bytes, more than %d", orgID, len(data), maxSchemaBytes)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO org_schemas (org_id, schema, fetched_at, error, error_at) VALUES (?, ?, ?, '', 0)
		ON CONFLICT (org_id) DO UPDATE SET schema = excluded.schema, fetched_at = excluded.fetched_at, error = '', error_at = 0`,
		orgID, data, toMicros(fetchedAt))
	if err != nil {
		return fmt.Errorf("store: save org %d schema: %w", orgID, err)
	}
	return nil
}

// SetOrgSchemaError records a failed refresh; the schema fetched before is
// kept.
func (s *Store) SetOrgSchemaError(ctx context.Context, orgID int64, msg string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO org_schemas (org_id, error, error_at) VALUES (?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET error = excluded.error, error_at = excluded.error_at`,
		orgID, msg, toMicros(at))
	if err != nil {
		return fmt.Errorf("store: record org %d schema error: %w", orgID, err)
	}
	return nil
}

// OrgSchema returns an org's stored schema; an org never described gives a
// zero OrgSchema (with OrgID set) and no error.
func (s *Store) OrgSchema(ctx context.Context, orgID int64) (OrgSchema, error) {
	o := OrgSchema{OrgID: orgID}
	var fetched, errAt int64
	err := s.db.QueryRowContext(ctx, `SELECT schema, fetched_at, error, error_at FROM org_schemas WHERE org_id = ?`, orgID).
		Scan(&o.Data, &fetched, &o.Error, &errAt)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return OrgSchema{}, fmt.Errorf("store: org %d schema: %w", orgID, err)
	}
	if fetched != 0 {
		o.FetchedAt = fromMicros(fetched)
	}
	if errAt != 0 {
		o.ErrorAt = fromMicros(errAt)
	}
	if len(o.Data) == 0 {
		o.Data = nil
	}
	return o, nil
}
