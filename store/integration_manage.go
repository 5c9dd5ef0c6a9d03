package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// MaxSearchLength is the longest search text, in characters, that
// FindIntegrations uses; longer text is cut to it.
const MaxSearchLength = 100

// IntegrationFilter chooses integrations for a list.
type IntegrationFilter struct {
	// Query keeps only integrations whose name, label, spec name or spec
	// description contains it, regardless of case; "" keeps all.
	Query string
	// WithArchived lists archived integrations too; without it they are
	// left out.
	WithArchived bool
}

// IntegrationMatches is one list of integrations found by a filter.
type IntegrationMatches struct {
	// Integrations are the matches, most recently updated first.
	Integrations []Integration
	// Searched is how many integrations were searched: every one the
	// filter's archived choice lets in, matching or not.
	Searched int
	// Archived is how many integrations are archived, listed or not.
	Archived int
}

// FindIntegrations lists the integrations a filter chooses, most recently
// updated first. Matching is done here rather than with SQL's LIKE, which
// folds the case of ASCII letters only: "É" finds "é".
func (s *Store) FindIntegrations(ctx context.Context, f IntegrationFilter) (IntegrationMatches, error) {
	every, err := queryList(ctx, s, "find integrations", integrationSelect+` ORDER BY i.updated_at DESC, i.id DESC`, scanIntegration)
	if err != nil {
		return IntegrationMatches{}, err
	}
	var m IntegrationMatches
	all := every[:0]
	for _, in := range every {
		if in.Archived() {
			m.Archived++
			if !f.WithArchived {
				continue
			}
		}
		all = append(all, in)
	}
	m.Searched = len(all)
	q := normalizeSearch(f.Query)
	if q == "" {
		m.Integrations = all
		return m, nil
	}
	for _, in := range all {
		for _, field := range []string{in.Name, in.Label, in.SpecName, in.Description} {
			if strings.Contains(strings.ToLower(field), q) {
				m.Integrations = append(m.Integrations, in)
				break
			}
		}
	}
	return m, nil
}

// normalizeSearch trims search text, cuts it to MaxSearchLength characters
// and lower-cases it.
func normalizeSearch(q string) string {
	q = strings.TrimSpace(q)
	if r := []rune(q); len(r) > MaxSearchLength {
		q = string(r[:MaxSearchLength])
	}
	return strings.ToLower(q)
}

// SetIntegrationArchived archives (archived true) or unarchives an
// integration, recording who did it. It says whether anything changed: an
// integration already in the asked state is left as it is. Nothing else
// about the integration changes: its versions, deployments and spec name
// are kept, so an archived integration's spec name stays taken.
func (s *Store) SetIntegrationArchived(ctx context.Context, id int64, archived bool, by string) (changed bool, err error) {
	var res sql.Result
	if archived {
		res, err = s.db.ExecContext(ctx, `UPDATE integrations SET archived_at = ?, archived_by = ? WHERE id = ? AND archived_at = 0`,
			toMicros(s.now()), by, id)
	} else {
		res, err = s.db.ExecContext(ctx, `UPDATE integrations SET archived_at = 0, archived_by = '' WHERE id = ? AND archived_at != 0`, id)
	}
	if err != nil {
		return false, fmt.Errorf("store: archive integration %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: archive integration %d: %w", id, err)
	}
	if n == 0 {
		// Nothing changed: the integration is already so, or does not exist.
		if _, err := s.Integration(ctx, id); err != nil {
			return false, err
		}
		return false, nil
	}
	return true, nil
}

// specDescriptionOf returns the description a spec text gives and whether
// the text could be read.
func specDescriptionOf(text string) (string, bool) {
	sp, err := spec.Parse([]byte(text))
	if err != nil || sp == nil {
		return "", false
	}
	return strings.TrimSpace(sp.Description), true
}

// setDescription records the description of an integration's newest
// version. A text that cannot be read changes nothing.
func setDescription(ctx context.Context, tx *sql.Tx, integrationID int64, text string) error {
	desc, ok := specDescriptionOf(text)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE integrations SET description = ? WHERE id = ?`, desc, integrationID); err != nil {
		return fmt.Errorf("store: set description of integration %d: %w", integrationID, err)
	}
	return nil
}

// fillDescriptions records the description of integrations that have none
// yet (those from before migration 0010) from their newest readable
// version; "" for one that has no readable version.
func (s *Store) fillDescriptions(ctx context.Context) error {
	type row struct {
		id   int64
		text string
	}
	rows, err := queryList(ctx, s, "integrations without a description", `SELECT i.id, COALESCE((SELECT v.spec_text FROM spec_versions v WHERE v.integration_id = i.id ORDER BY v.version DESC LIMIT 1), '')
		FROM integrations i WHERE i.description IS NULL ORDER BY i.id`, func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.text)
		return x, err
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		desc, _ := specDescriptionOf(r.text)
		if _, err := s.db.ExecContext(ctx, `UPDATE integrations SET description = ? WHERE id = ? AND description IS NULL`, desc, r.id); err != nil {
			return fmt.Errorf("store: fill description of integration %d: %w", r.id, err)
		}
	}
	return nil
}
