package store

import (
	"context"
	"fmt"
	"time"
)

// The connected app's settings keys, shared by the web app, the CLI and the
// demo, which all read or write them.
const (
	SettingSalesforceClientID     = "salesforce.client_id"
	SettingSalesforceClientSecret = "salesforce.client_secret"
)

// Setting is a stored setting as it may be displayed: a secret setting's
// value is never returned here, only whether it is set.
type Setting struct {
	Key       string
	Value     string // empty for secret settings
	Secret    bool
	IsSet     bool
	UpdatedAt time.Time
}

// Display returns the value to show: the value itself, or "set"/"not set"
// for a secret.
func (st Setting) Display() string {
	if !st.Secret {
		return st.Value
	}
	if st.IsSet {
		return "set"
	}
	return "not set"
}

func purposeSetting(key string) string { return "settings:" + key }

// SetSetting stores a setting, encrypting it when secret is true.
func (s *Store) SetSetting(ctx context.Context, key, value string, secret bool) error {
	if key == "" {
		return fmt.Errorf("store: setting key is empty")
	}
	var stored []byte
	if secret {
		sealed, err := s.sec.seal(purposeSetting(key), value)
		if err != nil {
			return err
		}
		stored = sealed
	} else {
		stored = []byte(value)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value, secret, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at`,
		key, stored, secret, toMicros(s.now())); err != nil {
		return fmt.Errorf("store: set setting %s: %w", key, err)
	}
	return nil
}

// SettingValue returns a setting's value, decrypted if it is secret. Only
// code that uses the secret should call it; pages show Settings instead.
func (s *Store) SettingValue(ctx context.Context, key string) (string, error) {
	var stored []byte
	var secret bool
	if err := s.db.QueryRowContext(ctx, `SELECT value, secret FROM settings WHERE key = ?`, key).Scan(&stored, &secret); err != nil {
		return "", notFound(err, "setting", key)
	}
	if !secret {
		return string(stored), nil
	}
	v, err := s.sec.open(purposeSetting(key), stored)
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, err)
	}
	return v, nil
}

// Settings lists every setting by key, secrets shown only as set or not.
func (s *Store) Settings(ctx context.Context) ([]Setting, error) {
	return queryList(ctx, s, "settings", `SELECT key, value, secret, updated_at FROM settings ORDER BY key`, func(r rowScanner) (Setting, error) {
		var st Setting
		var stored []byte
		var updated int64
		if err := r.Scan(&st.Key, &stored, &st.Secret, &updated); err != nil {
			return st, err
		}
		st.UpdatedAt = fromMicros(updated)
		st.IsSet = len(stored) > 0
		if !st.Secret {
			st.Value = string(stored)
		}
		return st, nil
	})
}

// DeleteSetting removes a setting.
func (s *Store) DeleteSetting(ctx context.Context, key string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
	if err != nil {
		return fmt.Errorf("store: delete setting: %w", err)
	}
	return checkAffected(res, "setting", key)
}
