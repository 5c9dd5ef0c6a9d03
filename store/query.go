package store

import (
	"context"
	"fmt"
)

// rowScanner is what the scan functions read from: a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// queryList runs a query and scans every row with scan. Errors name what
// was listed (what), as every store error does.
func queryList[T any](ctx context.Context, s *Store, what, query string, scan func(rowScanner) (T, error), args ...any) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}
