package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeyID names a key without revealing it: the first 8 bytes of a SHA-256
// of the key, in hex. Error messages use it to say which key a database
// needs and which was given.
func KeyID(key []byte) string {
	h := sha256.Sum256(append([]byte("patchbay key id\x00"), key...))
	return hex.EncodeToString(h[:8])
}

// KeyMismatchError reports a database whose secrets the given key cannot
// open: the key was lost or replaced since they were written. Open returns
// it rather than start and fail on every secret later.
type KeyMismatchError struct {
	Want    string // id of the key the database was written with; empty when not recorded
	Got     string // id of the key given
	Secrets int    // encrypted values (org tokens, secret settings) it cannot open
}

func (e *KeyMismatchError) Error() string {
	want := "another key"
	if e.Want != "" {
		want = "key " + e.Want
	}
	return fmt.Sprintf("store: the secret key given (key %s) cannot open this database's %d encrypted values: they were written with %s; restore that key", e.Got, e.Secrets, want)
}

// Unwrap makes a KeyMismatchError match ErrDecrypt.
func (e *KeyMismatchError) Unwrap() error { return ErrDecrypt }

const (
	purposeKeyCheck = "key_check"
	keyCheckText    = "patchbay key check v1"
)

// checkKey makes sure the store's key is the one the database's secrets
// were written with. The first open records a sealed constant and the key's
// id; later opens must be able to open it. When they cannot but no secret
// would be lost (only sign-in sessions, which the new key cannot read
// anyway), the sessions are ended and the check is written for the new key.
// A database from before key checks is checked by opening one secret of
// each kind.
func (s *Store) checkKey(ctx context.Context, key []byte) error {
	id := KeyID(key)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var wantID string
		var sealed []byte
		err := tx.QueryRowContext(ctx, `SELECT key_id, sealed FROM key_check WHERE id = 1`).Scan(&wantID, &sealed)
		switch {
		case err == nil:
			if text, err := s.sec.open(purposeKeyCheck, sealed); err == nil && text == keyCheckText {
				return nil
			}
			n, err := countSecrets(ctx, tx)
			if err != nil {
				return err
			}
			if n > 0 {
				return &KeyMismatchError{Want: wantID, Got: id, Secrets: n}
			}
		case errors.Is(err, sql.ErrNoRows):
			n, ok, err := s.secretsOpen(ctx, tx)
			if err != nil {
				return err
			}
			if !ok {
				return &KeyMismatchError{Got: id, Secrets: n}
			}
		default:
			return fmt.Errorf("store: read key check: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions`); err != nil {
			return fmt.Errorf("store: end sessions of the old key: %w", err)
		}
		sealed, err = s.sec.seal(purposeKeyCheck, keyCheckText)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO key_check (id, key_id, sealed, created_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, created_at = excluded.created_at`,
			id, sealed, toMicros(s.now())); err != nil {
			return fmt.Errorf("store: write key check: %w", err)
		}
		return nil
	})
}

// countSecrets counts the encrypted values worth keeping: org tokens and
// secret settings (API keys, remembered deploy credentials).
func countSecrets(ctx context.Context, tx *sql.Tx) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM orgs WHERE access_token IS NOT NULL OR refresh_token IS NOT NULL) +
		(SELECT COUNT(*) FROM settings WHERE secret AND value IS NOT NULL AND length(value) > 0)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count secrets: %w", err)
	}
	return n, nil
}

// secretsOpen tries the key on one org token and one secret setting and
// reports whether it opened them, with how many secrets there are.
func (s *Store) secretsOpen(ctx context.Context, tx *sql.Tx) (int, bool, error) {
	n, err := countSecrets(ctx, tx)
	if err != nil || n == 0 {
		return n, true, err
	}
	samples := []struct {
		query   string
		purpose func(key string) string
	}{
		{`SELECT '', access_token FROM orgs WHERE access_token IS NOT NULL LIMIT 1`, func(string) string { return purposeAccess }},
		{`SELECT '', refresh_token FROM orgs WHERE refresh_token IS NOT NULL LIMIT 1`, func(string) string { return purposeRefresh }},
		{`SELECT key, value FROM settings WHERE secret AND value IS NOT NULL AND length(value) > 0 LIMIT 1`, purposeSetting},
	}
	for _, q := range samples {
		var k string
		var sealed []byte
		err := tx.QueryRowContext(ctx, q.query).Scan(&k, &sealed)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return n, false, fmt.Errorf("store: read a secret to check the key: %w", err)
		}
		if _, err := s.sec.open(q.purpose(k), sealed); err != nil {
			return n, false, nil
		}
	}
	return n, true, nil
}
