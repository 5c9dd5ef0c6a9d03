package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/store"
)

// TestALostOrDifferentKeyStopsStartWithWhatToRestore is the lost key: the
// database holds an encrypted secret; patchbay started with a missing key
// file, another key file or another PATCHBAY_SECRET_KEY must refuse, say
// which key to restore and where, and leave no new key file behind.
func TestALostOrDifferentKeyStopsStartWithWhatToRestore(t *testing.T) {
	ctx := context.Background()
	otherKey := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, store.KeySize))
	cases := []struct {
		name  string
		setup func(t *testing.T, c *config)
		want  []string
	}{
		{"key file deleted", func(t *testing.T, c *config) {
			if err := os.Remove(c.keyFile()); err != nil {
				t.Fatal(err)
			}
		}, []string{"key file", "is missing", "Restore it from your backup"}},
		{"another key file", func(t *testing.T, c *config) {
			if err := os.WriteFile(c.keyFile(), []byte(otherKey+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"PATCHBAY_SECRET_KEY_FILE", "Restore the key file", store.KeyID(bytes.Repeat([]byte{9}, store.KeySize))}},
		{"another PATCHBAY_SECRET_KEY", func(t *testing.T, c *config) {
			c.SecretKey = otherKey
		}, []string{"PATCHBAY_SECRET_KEY holds key id", "Set PATCHBAY_SECRET_KEY to"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := loadConfig(envOf(map[string]string{"PATCHBAY_DB": filepath.Join(t.TempDir(), "pb.db")}))
			st, err := c.openDB(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.SetSetting(ctx, "llm.key", "sk-secret", true); err != nil {
				t.Fatal(err)
			}
			st.Close()
			orig, err := os.ReadFile(c.keyFile())
			if err != nil {
				t.Fatal(err)
			}
			k, _ := store.ParseKey(string(orig))
			tc.setup(t, &c)
			_, err = c.openDB(ctx)
			if err == nil {
				t.Fatal("patchbay started with a key that cannot open its secrets")
			}
			msg := err.Error()
			for _, w := range append(tc.want, store.KeyID(k), c.keyFile(), "1 encrypted secrets", "the secrets are untouched") {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if tc.name == "key file deleted" {
				if _, err := os.Stat(c.keyFile()); !os.IsNotExist(err) {
					t.Error("a new key file was left where the old one must be restored")
				}
				if err := os.WriteFile(c.keyFile(), orig, 0o600); err != nil {
					t.Fatal(err)
				}
				st, err := c.openDB(ctx)
				if err != nil {
					t.Fatalf("after restoring the key file: %v", err)
				}
				defer st.Close()
				if v, err := st.SettingValue(ctx, "llm.key"); err != nil || v != "sk-secret" {
					t.Errorf("secret after restoring: %q, %v", v, err)
				}
			}
		})
	}
}
