package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// NameTakenError refuses a spec name that another integration's spec
// already has (regardless of case): both would generate the same Apex
// classes and permission set and overwrite each other in an org. It is an
// ErrConflict.
type NameTakenError struct {
	Name string
	// Holder and HolderID are the integration whose spec has the name.
	Holder   string
	HolderID int64
	// Suggestion is a free name close to Name.
	Suggestion string
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("spec name %q is already used by integration %q (%d); %q is free", e.Name, e.Holder, e.HolderID, e.Suggestion)
}

func (e *NameTakenError) Unwrap() error { return ErrConflict }

// specNameOf returns the name a spec text gives, or "" when the text
// cannot be read (its name is then unknown and the integration keeps the
// one it has).
func specNameOf(text string) string {
	s, err := spec.Parse([]byte(text))
	if err != nil || s == nil {
		return ""
	}
	return strings.TrimSpace(s.Name)
}

// execQueryer is a *sql.DB or *sql.Tx.
type execQueryer interface {
	queryer
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// specNameHolder returns a NameTakenError when an integration other than
// except has the spec name, nil when the name is free.
func specNameHolder(ctx context.Context, q execQueryer, name string, except int64) error {
	var e NameTakenError
	err := q.QueryRowContext(ctx, `SELECT id, name FROM integrations WHERE spec_name = ? COLLATE NOCASE AND id != ?`, name, except).Scan(&e.HolderID, &e.Holder)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: look up spec name %s: %w", name, err)
	}
	e.Name = name
	if e.Suggestion, err = freeSpecName(ctx, q, name); err != nil {
		return err
	}
	return &e
}

// freeSpecName returns name followed by the smallest number from 2 that no
// integration's spec has, within spec.MaxSpecNameLength.
func freeSpecName(ctx context.Context, q queryer, name string) (string, error) {
	for i := 2; ; i++ {
		suffix := strconv.Itoa(i)
		base := strings.TrimRight(name, "_0123456789")
		if base == "" {
			base = name
		}
		if len(base)+len(suffix) > spec.MaxSpecNameLength {
			base = strings.TrimRight(base[:spec.MaxSpecNameLength-len(suffix)], "_")
		}
		candidate := base + suffix
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM integrations WHERE spec_name = ? COLLATE NOCASE`, candidate).Scan(&n); err != nil {
			return "", fmt.Errorf("store: find a free spec name: %w", err)
		}
		if n == 0 {
			return candidate, nil
		}
	}
}

// setSpecName records the spec name of an integration's newest version,
// refusing one another integration has. An empty name changes nothing.
func setSpecName(ctx context.Context, tx *sql.Tx, integrationID int64, name string) error {
	if name == "" {
		return nil
	}
	if err := specNameHolder(ctx, tx, name, integrationID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE integrations SET spec_name = ? WHERE id = ?`, name, integrationID); err != nil {
		return conflict(err, "set spec name "+name)
	}
	return nil
}

// SuggestSpecName returns a spec name no integration has: name itself when
// it is free, else name with a number.
func (s *Store) SuggestSpecName(ctx context.Context, name string) (string, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM integrations WHERE spec_name = ? COLLATE NOCASE`, name).Scan(&n); err != nil {
		return "", fmt.Errorf("store: suggest spec name: %w", err)
	}
	if n == 0 {
		return name, nil
	}
	return freeSpecName(ctx, s.db, name)
}

// fillSpecNames records the spec name of integrations that have none yet
// (those from before migration 0004), oldest first, from their newest
// readable version. One whose name an older integration holds stays
// without, until it is saved under a free name.
func (s *Store) fillSpecNames(ctx context.Context) error {
	type row struct {
		id   int64
		text string
	}
	rows, err := queryList(ctx, s, "integrations without a spec name", `SELECT i.id, COALESCE((SELECT v.spec_text FROM spec_versions v WHERE v.integration_id = i.id ORDER BY v.version DESC LIMIT 1), '')
		FROM integrations i WHERE i.spec_name IS NULL ORDER BY i.id`, func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.text)
		return x, err
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		name := specNameOf(r.text)
		if name == "" {
			continue
		}
		err := s.tx(ctx, func(tx *sql.Tx) error { return setSpecName(ctx, tx, r.id, name) })
		if err != nil && !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return nil
}
