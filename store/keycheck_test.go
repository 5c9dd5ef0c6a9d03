package store

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestOpenRefusesAKeyThatCannotOpenTheSecrets is the lost key: the server
// used to start with a new key and fail on every secret afterwards. Now
// Open refuses, naming the key the database needs and the one given, while
// org tokens or secret settings exist; with only sessions to lose, it ends
// them and takes the new key.
func TestOpenRefusesAKeyThatCannotOpenTheSecrets(t *testing.T) {
	ctx := context.Background()
	otherKey := bytes.Repeat([]byte{9}, KeySize)
	cases := []struct {
		name    string
		fill    func(t *testing.T, s *Store)
		refused bool
	}{
		{"org tokens", func(t *testing.T, s *Store) {
			if _, err := s.CreateOrg(ctx, newOrg("prod", OrgProduction), Tokens{AccessToken: "a", RefreshToken: "r"}); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a secret setting", func(t *testing.T, s *Store) {
			if err := s.SetSetting(ctx, "llm.key", "sk-1", true); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"sessions only", func(t *testing.T, s *Store) {
			u, err := s.CreateUser(ctx, "ann", "", "a long passphrase", RoleAdmin)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.CreateSession(ctx, u.ID, time.Hour); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"nothing secret", func(t *testing.T, s *Store) {
			if err := s.SetSetting(ctx, "site.name", "x", false); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, path := openTest(t)
			c.fill(t, s)
			s.Close()
			other, err := Open(ctx, path, otherKey)
			if !c.refused {
				if err != nil {
					t.Fatalf("Open with a new key: %v, want it taken (nothing would be lost)", err)
				}
				defer other.Close()
				var n int
				if err := other.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 0 {
					t.Errorf("%d sessions of the old key kept (%v)", n, err)
				}
				// The new key is now the database's key: the old one is refused
				// only if secrets were written since; here none were.
				return
			}
			var km *KeyMismatchError
			if !errors.As(err, &km) {
				if other != nil {
					other.Close()
				}
				t.Fatalf("Open with another key: %v, want a KeyMismatchError", err)
			}
			if km.Want != KeyID(testKey) || km.Got != KeyID(otherKey) || km.Secrets == 0 {
				t.Errorf("mismatch %+v, want key %s needed, %s given", km, KeyID(testKey), KeyID(otherKey))
			}
			if msg := err.Error(); !strings.Contains(msg, KeyID(testKey)) || !strings.Contains(msg, "restore") || strings.Contains(msg, string(testKey)) {
				t.Errorf("message %q does not say which key to restore", msg)
			}
			// The right key still opens it: nothing was changed by the refusal.
			again, err := Open(ctx, path, testKey)
			if err != nil {
				t.Fatalf("reopening with the right key: %v", err)
			}
			again.Close()
		})
	}
}

// TestOpenChecksADatabaseFromBeforeKeyChecks opens a database whose key
// check row is missing (written by an older patchbay): the key is tried on
// its secrets, and a wrong one is refused without an id to name.
func TestOpenChecksADatabaseFromBeforeKeyChecks(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if err := s.SetSetting(ctx, "llm.key", "sk-1", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM key_check`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(ctx, path, bytes.Repeat([]byte{9}, KeySize))
	var km *KeyMismatchError
	if !errors.As(err, &km) || km.Want != "" || km.Secrets != 1 {
		t.Fatalf("Open with another key: %v, want a KeyMismatchError over 1 secret", err)
	}
	s, err = Open(ctx, path, testKey)
	if err != nil {
		t.Fatalf("Open with the right key: %v", err)
	}
	defer s.Close()
	var id string
	if err := s.db.QueryRowContext(ctx, `SELECT key_id FROM key_check`).Scan(&id); err != nil || id != KeyID(testKey) {
		t.Errorf("key check written for %q (%v), want %s", id, err, KeyID(testKey))
	}
}
