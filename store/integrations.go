package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Integration is a named integration whose content lives in its spec
// versions.
type Integration struct {
	ID        int64
	Name      string
	Label     string
	CreatedBy string
	CreatedAt time.Time
	UpdatedBy string
	UpdatedAt time.Time
	// LatestVersion is the newest spec version number, 0 when none exists.
	LatestVersion int
	// SpecName is the name the newest readable version's spec gives, unique
	// among integrations regardless of case; "" when none is known.
	SpecName string
	// Description is the newest readable version's spec description, ""
	// when none is known; search matches it.
	Description string
	// ArchivedAt is when the integration was archived, zero when it is not;
	// ArchivedBy is who archived it. An archived integration keeps its
	// versions, deployments and spec name.
	ArchivedAt time.Time
	ArchivedBy string
}

// Archived says the integration is archived.
func (in Integration) Archived() bool { return !in.ArchivedAt.IsZero() }

// SpecVersion is one saved version of an integration's spec, kept exactly
// as the user wrote it.
type SpecVersion struct {
	IntegrationID int64
	Version       int
	Text          string
	Author        string
	CreatedAt     time.Time
	// Valid records whether the text passed spec validation when saved.
	Valid bool
}

// CreateIntegration adds an integration whose spec is named name. A spec
// name another integration has (regardless of case) gives a
// *NameTakenError, which is an ErrConflict. The integration is named name
// too, or name with a number when an integration whose spec has since been
// renamed still carries it.
func (s *Store) CreateIntegration(ctx context.Context, name, label, by string) (Integration, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Integration{}, errors.New("store: integration name is empty")
	}
	now := fromMicros(toMicros(s.now()))
	in := Integration{Name: name, SpecName: name, Label: label, CreatedBy: by, CreatedAt: now, UpdatedBy: by, UpdatedAt: now}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := specNameHolder(ctx, tx, name, 0); err != nil {
			return err
		}
		for i := 2; ; i++ {
			res, err := tx.ExecContext(ctx, `INSERT INTO integrations (name, spec_name, label, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				in.Name, in.SpecName, in.Label, in.CreatedBy, toMicros(now), in.UpdatedBy, toMicros(now))
			if err == nil {
				in.ID, err = res.LastInsertId()
				return err
			}
			if err := conflict(err, "create integration "+name); !errors.Is(err, ErrConflict) || i > 100 {
				return err
			}
			in.Name = name + strconv.Itoa(i)
		}
	})
	if err != nil {
		return Integration{}, err
	}
	return in, nil
}

const integrationSelect = `SELECT i.id, i.name, i.label, i.created_by, i.created_at, i.updated_by, i.updated_at,
	COALESCE((SELECT MAX(version) FROM spec_versions v WHERE v.integration_id = i.id), 0), COALESCE(i.spec_name, ''),
	COALESCE(i.description, ''), i.archived_at, i.archived_by
	FROM integrations i`

func scanIntegration(row rowScanner) (Integration, error) {
	var in Integration
	var created, updated, archived int64
	if err := row.Scan(&in.ID, &in.Name, &in.Label, &in.CreatedBy, &created, &in.UpdatedBy, &updated, &in.LatestVersion, &in.SpecName,
		&in.Description, &archived, &in.ArchivedBy); err != nil {
		return Integration{}, err
	}
	in.CreatedAt, in.UpdatedAt = fromMicros(created), fromMicros(updated)
	if archived != 0 {
		in.ArchivedAt = fromMicros(archived)
	}
	return in, nil
}

// Integration returns the integration with the given id.
func (s *Store) Integration(ctx context.Context, id int64) (Integration, error) {
	in, err := scanIntegration(s.db.QueryRowContext(ctx, integrationSelect+` WHERE i.id = ?`, id))
	if err != nil {
		return Integration{}, notFound(err, "integration", id)
	}
	return in, nil
}

// IntegrationByName returns the integration with the given name.
func (s *Store) IntegrationByName(ctx context.Context, name string) (Integration, error) {
	in, err := scanIntegration(s.db.QueryRowContext(ctx, integrationSelect+` WHERE i.name = ?`, name))
	if err != nil {
		return Integration{}, notFound(err, "integration", name)
	}
	return in, nil
}

// Integrations lists every integration, most recently updated first.
func (s *Store) Integrations(ctx context.Context) ([]Integration, error) {
	return queryList(ctx, s, "integrations", integrationSelect+` ORDER BY i.updated_at DESC, i.id DESC`, scanIntegration)
}

// RenameIntegration changes an integration's label.
func (s *Store) RenameIntegration(ctx context.Context, id int64, label, by string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE integrations SET label = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
		label, by, toMicros(s.now()), id)
	if err != nil {
		return fmt.Errorf("store: rename integration: %w", err)
	}
	return checkAffected(res, "integration", id)
}

// DeleteIntegration removes an integration and its spec versions. Its
// deployments are kept, no longer linked to it.
func (s *Store) DeleteIntegration(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM integrations WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete integration: %w", err)
	}
	return checkAffected(res, "integration", id)
}

// ErrStale reports a save on top of a version that is no longer the
// newest: someone saved a newer one since the editor was opened.
var ErrStale = errors.New("a newer version was saved")

// AddSpecVersion saves text as the integration's next spec version and marks
// the integration updated by author, whatever the newest version is. A spec
// name another integration has gives a *NameTakenError and saves nothing. Saves
// from an editor use SaveSpecVersion.
func (s *Store) AddSpecVersion(ctx context.Context, integrationID int64, text, author string, valid bool) (SpecVersion, error) {
	return s.addSpecVersion(ctx, integrationID, -1, text, author, valid)
}

// SaveSpecVersion saves text as the next version only when base is still
// the newest version (0: the integration has none): the check and the
// insert are one transaction, so of two saves on the same base exactly one
// wins and the other gets ErrStale, and nothing is written for it.
func (s *Store) SaveSpecVersion(ctx context.Context, integrationID int64, base int, text, author string, valid bool) (SpecVersion, error) {
	if base < 0 {
		return SpecVersion{}, fmt.Errorf("store: save spec version: base %d: %w", base, ErrStale)
	}
	return s.addSpecVersion(ctx, integrationID, base, text, author, valid)
}

// addSpecVersion adds a version; base -1 skips the newest-version check.
func (s *Store) addSpecVersion(ctx context.Context, integrationID int64, base int, text, author string, valid bool) (SpecVersion, error) {
	v := SpecVersion{IntegrationID: integrationID, Text: text, Author: author, Valid: valid, CreatedAt: fromMicros(toMicros(s.now()))}
	specName := specNameOf(text)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Transactions begin IMMEDIATE (Open sets _txlock), holding
		// SQLite's write lock, so the newest version read below cannot
		// change before the INSERT commits; the (integration, version)
		// primary key backs that up.
		res, err := tx.ExecContext(ctx, `UPDATE integrations SET updated_by = ?, updated_at = ? WHERE id = ?`, author, toMicros(v.CreatedAt), integrationID)
		if err != nil {
			return fmt.Errorf("store: add spec version: %w", err)
		}
		if err := checkAffected(res, "integration", integrationID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM spec_versions WHERE integration_id = ?`, integrationID).Scan(&v.Version); err != nil {
			return fmt.Errorf("store: add spec version: %w", err)
		}
		if base >= 0 && v.Version-1 != base {
			return fmt.Errorf("store: save on version %d of integration %d, newest is %d: %w", base, integrationID, v.Version-1, ErrStale)
		}
		if err := setSpecName(ctx, tx, integrationID, specName); err != nil {
			return err
		}
		if err := setDescription(ctx, tx, integrationID, text); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO spec_versions (integration_id, version, spec_text, author, created_at, valid) VALUES (?, ?, ?, ?, ?, ?)`,
			integrationID, v.Version, text, author, toMicros(v.CreatedAt), valid); err != nil {
			if errors.Is(conflict(err, ""), ErrConflict) && base >= 0 {
				return fmt.Errorf("store: save on version %d of integration %d: %w", base, integrationID, ErrStale)
			}
			return fmt.Errorf("store: add spec version: %w", err)
		}
		return nil
	})
	if err != nil {
		return SpecVersion{}, err
	}
	return v, nil
}

const specVersionColumns = `integration_id, version, spec_text, author, created_at, valid`

func scanSpecVersion(row rowScanner) (SpecVersion, error) {
	var v SpecVersion
	var created int64
	if err := row.Scan(&v.IntegrationID, &v.Version, &v.Text, &v.Author, &created, &v.Valid); err != nil {
		return SpecVersion{}, err
	}
	v.CreatedAt = fromMicros(created)
	return v, nil
}

// SpecVersion returns one version of an integration's spec.
func (s *Store) SpecVersion(ctx context.Context, integrationID int64, version int) (SpecVersion, error) {
	v, err := scanSpecVersion(s.db.QueryRowContext(ctx, `SELECT `+specVersionColumns+` FROM spec_versions WHERE integration_id = ? AND version = ?`,
		integrationID, version))
	if err != nil {
		return SpecVersion{}, notFound(err, "spec version", fmt.Sprintf("%d/%d", integrationID, version))
	}
	return v, nil
}

// LatestSpecVersion returns the newest version of an integration's spec;
// ErrNotFound when it has none.
func (s *Store) LatestSpecVersion(ctx context.Context, integrationID int64) (SpecVersion, error) {
	v, err := scanSpecVersion(s.db.QueryRowContext(ctx, `SELECT `+specVersionColumns+` FROM spec_versions WHERE integration_id = ? ORDER BY version DESC LIMIT 1`,
		integrationID))
	if err != nil {
		return SpecVersion{}, notFound(err, "latest spec version of integration", integrationID)
	}
	return v, nil
}

// SpecVersions lists an integration's spec versions, newest first.
func (s *Store) SpecVersions(ctx context.Context, integrationID int64) ([]SpecVersion, error) {
	return queryList(ctx, s, "spec versions", `SELECT `+specVersionColumns+` FROM spec_versions WHERE integration_id = ? ORDER BY version DESC`, scanSpecVersion, integrationID)
}
