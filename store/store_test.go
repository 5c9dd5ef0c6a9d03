package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testKey = bytes.Repeat([]byte{7}, KeySize)

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "patchbay.db")
	s, err := Open(context.Background(), path, testKey)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenMigratesAnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 1 {
		t.Errorf("schema version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk, busy int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if fk != 1 || busy <= 0 {
		t.Errorf("foreign_keys = %d, busy_timeout = %d; want 1 and > 0", fk, busy)
	}
	for _, table := range []string{"users", "sessions", "integrations", "spec_versions", "orgs", "deployments", "deployment_jobs", "audit_log", "settings"} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: count %d, err %v", table, n, err)
		}
	}
}

func TestReopeningKeepsDataAndAppliesNothingTwice(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if _, err := s.CreateIntegration(ctx, "Stripe_Sync", "Stripe sync", "ann"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path, testKey)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	if _, err := s2.IntegrationByName(ctx, "Stripe_Sync"); err != nil {
		t.Errorf("after reopen: %v", err)
	}
	var n int
	if err := s2.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if ms, _ := migrations(); n != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
	}
}

func TestOpenRefusesASchemaFromTheFuture(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 0)`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(ctx, path, testKey)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open on a future schema: err = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenRejectsBadKeys(t *testing.T) {
	for _, key := range [][]byte{nil, make([]byte, 16), make([]byte, 33)} {
		if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), key); err == nil {
			t.Errorf("Open with a %d-byte key succeeded", len(key))
		}
	}
}

func TestParseKey(t *testing.T) {
	raw := bytes.Repeat([]byte{0xab}, KeySize)
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"standard base64", base64.StdEncoding.EncodeToString(raw), true},
		{"url base64 without padding", base64.RawURLEncoding.EncodeToString(raw), true},
		{"hex", hex.EncodeToString(raw), true},
		{"hex with newline", hex.EncodeToString(raw) + "\n", true},
		{"empty", "", false},
		{"too short", base64.StdEncoding.EncodeToString(raw[:16]), false},
		{"garbage", "not a key!", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKey(tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("ParseKey(%q) err = %v, want ok %v", tt.in, err, tt.ok)
			}
			if tt.ok && !bytes.Equal(k, raw) {
				t.Errorf("ParseKey = %x, want %x", k, raw)
			}
		})
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "patchbay.key")
	k1, err := LoadOrCreateKey("", path)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(k1) != KeySize {
		t.Fatalf("key is %d bytes", len(k1))
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	k2, err := LoadOrCreateKey("", path)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Errorf("second load = %x, %v; want the same key", k2, err)
	}
	env := base64.StdEncoding.EncodeToString(testKey)
	k3, err := LoadOrCreateKey(env, path)
	if err != nil || !bytes.Equal(k3, testKey) {
		t.Errorf("env key = %x, %v; want the env key", k3, err)
	}
	if _, err := LoadOrCreateKey("short", path); err == nil {
		t.Error("a bad env key was accepted")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey("", path); err == nil {
		t.Error("a world-readable key file was accepted")
	}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ann, err := s.CreateUser(ctx, "ann", "ann@example.com", "correct horse", RoleAdmin)
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	createTests := []struct {
		name, user, password string
		role                 Role
		want                 error
	}{
		{"taken name, other case", "ANN", "password123", RoleViewer, ErrConflict},
		{"unknown role", "bob", "password123", Role("root"), nil},
		{"short password", "bob", "short", RoleViewer, nil},
		{"empty name", " ", "password123", RoleViewer, nil},
	}
	for _, tt := range createTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateUser(ctx, tt.user, "", tt.password, tt.role)
			if err == nil {
				t.Fatal("CreateUser succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	authTests := []struct {
		name, user, password string
		ok                   bool
	}{
		{"right password", "ann", "correct horse", true},
		{"name in another case", "Ann", "correct horse", true},
		{"wrong password", "ann", "wrong horse", false},
		{"unknown user", "zed", "correct horse", false},
	}
	for _, tt := range authTests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := s.Authenticate(ctx, tt.user, tt.password)
			if tt.ok && (err != nil || u.ID != ann.ID) {
				t.Errorf("Authenticate = %+v, %v", u, err)
			}
			if !tt.ok && !errors.Is(err, ErrBadCredentials) {
				t.Errorf("err = %v, want ErrBadCredentials", err)
			}
		})
	}
	if got, err := s.User(ctx, ann.ID); err != nil || got != ann {
		t.Errorf("User = %+v, %v; want %+v", got, err, ann)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 1 {
		t.Errorf("CountUsers = %d, %v", n, err)
	}
	if err := s.SetRole(ctx, ann.ID, RoleEditor); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "ann"); u.Role != RoleEditor {
		t.Errorf("role after SetRole = %q", u.Role)
	}
	token, _, err := s.CreateSession(ctx, ann.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, ann.ID, "battery staple"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "ann", "battery staple"); err != nil {
		t.Errorf("new password refused: %v", err)
	}
	if _, err := s.Session(ctx, token); !errors.Is(err, ErrNotFound) {
		t.Errorf("session survived a password change: %v", err)
	}
	if us, err := s.Users(ctx); err != nil || len(us) != 1 {
		t.Errorf("Users = %v, %v", us, err)
	}
	if err := s.DeleteUser(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	notFoundTests := map[string]error{
		"User":        func() error { _, err := s.User(ctx, ann.ID); return err }(),
		"UserByName":  func() error { _, err := s.UserByName(ctx, "ann"); return err }(),
		"SetRole":     s.SetRole(ctx, ann.ID, RoleViewer),
		"SetPassword": s.SetPassword(ctx, ann.ID, "password123"),
		"DeleteUser":  s.DeleteUser(ctx, ann.ID),
		"CreateSession": func() error {
			_, _, err := s.CreateSession(ctx, ann.ID, time.Hour)
			return err
		}(),
	}
	for name, err := range notFoundTests {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s on a deleted user: err = %v, want ErrNotFound", name, err)
		}
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s.now = func() time.Time { return now }
	u, err := s.CreateUser(ctx, "ann", "", "password123", RoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	token, created, err := s.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if token == "" || created.CSRFSecret == "" || token == created.CSRFSecret {
		t.Fatalf("token %q, csrf %q", token, created.CSRFSecret)
	}
	var stored int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, token).Scan(&stored); err != nil || stored != 0 {
		t.Errorf("the raw token is stored (%d rows, %v)", stored, err)
	}
	got, err := s.Session(ctx, token)
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if got.User.ID != u.ID || got.CSRFSecret != created.CSRFSecret || !got.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("Session = %+v, want %+v", got, created)
	}
	if _, err := s.Session(ctx, "not-a-token"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := s.Session(ctx, token); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v", n, err)
	}
	token2, _, err := s.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, token2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, token2); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
}

func TestIntegrationsAndSpecVersions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	in, err := s.CreateIntegration(ctx, "Stripe_Sync", "Stripe sync", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateIntegration(ctx, "Stripe_Sync", "", "bob"); !errors.Is(err, ErrConflict) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := s.LatestSpecVersion(ctx, in.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestSpecVersion with none: %v", err)
	}
	texts := []string{"spec: patchbay/v1\nname: Stripe_Sync # first\n", "spec: patchbay/v1\r\nname:  Stripe_Sync\r\n\t# tabs kept\n"}
	for i, text := range texts {
		v, err := s.AddSpecVersion(ctx, in.ID, text, "bob", i == 1)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != i+1 {
			t.Errorf("version = %d, want %d", v.Version, i+1)
		}
	}
	latest, err := s.LatestSpecVersion(ctx, in.ID)
	if err != nil || latest.Version != 2 || latest.Text != texts[1] || !latest.Valid || latest.Author != "bob" {
		t.Errorf("LatestSpecVersion = %+v, %v", latest, err)
	}
	first, err := s.SpecVersion(ctx, in.ID, 1)
	if err != nil || first.Text != texts[0] || first.Valid {
		t.Errorf("SpecVersion 1 = %+v, %v", first, err)
	}
	if vs, err := s.SpecVersions(ctx, in.ID); err != nil || len(vs) != 2 || vs[0].Version != 2 {
		t.Errorf("SpecVersions = %+v, %v", vs, err)
	}
	got, err := s.Integration(ctx, in.ID)
	if err != nil || got.LatestVersion != 2 || got.UpdatedBy != "bob" || got.CreatedBy != "ann" {
		t.Errorf("Integration = %+v, %v", got, err)
	}
	if err := s.RenameIntegration(ctx, in.ID, "Stripe ⇄ Salesforce", "cy"); err != nil {
		t.Fatal(err)
	}
	if all, err := s.Integrations(ctx); err != nil || len(all) != 1 || all[0].Label != "Stripe ⇄ Salesforce" {
		t.Errorf("Integrations = %+v, %v", all, err)
	}
	if err := s.DeleteIntegration(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"Integration":       func() error { _, err := s.Integration(ctx, in.ID); return err }(),
		"IntegrationByName": func() error { _, err := s.IntegrationByName(ctx, "Stripe_Sync"); return err }(),
		"SpecVersion":       func() error { _, err := s.SpecVersion(ctx, in.ID, 1); return err }(),
		"AddSpecVersion":    func() error { _, err := s.AddSpecVersion(ctx, in.ID, "x", "a", false); return err }(),
		"RenameIntegration": s.RenameIntegration(ctx, in.ID, "x", "a"),
		"DeleteIntegration": s.DeleteIntegration(ctx, in.ID),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s after delete: err = %v, want ErrNotFound", name, err)
		}
	}
}

func newOrg(alias string, kind OrgKind) Org {
	return Org{Alias: alias, Kind: kind, LoginURL: "https://login.example", InstanceURL: "https://" + alias + ".example",
		OrgID: "00D000000000001AAA", Username: alias + "@example.com", APIVersion: "66.0"}
}

func TestOrgs(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	o, err := s.CreateOrg(ctx, newOrg("prod", OrgProduction), Tokens{AccessToken: "access-1", RefreshToken: "refresh-1"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != OrgConnected || o.ConnectedAt.IsZero() {
		t.Errorf("CreateOrg defaults: %+v", o)
	}
	invalid := []struct {
		name string
		org  Org
		want error
	}{
		{"taken alias", newOrg("prod", OrgSandbox), ErrConflict},
		{"unknown kind", newOrg("x", OrgKind("scratch")), nil},
		{"empty alias", newOrg("", OrgSandbox), nil},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateOrg(ctx, tt.org, Tokens{})
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("CreateOrg err = %v, want %v", err, tt.want)
			}
		})
	}
	got, err := s.OrgByAlias(ctx, "prod")
	if err != nil || got != o {
		t.Errorf("OrgByAlias = %+v, %v; want %+v", got, err, o)
	}
	tok, err := s.OrgTokens(ctx, o.ID)
	if err != nil || tok.AccessToken != "access-1" || tok.RefreshToken != "refresh-1" {
		t.Errorf("OrgTokens = %+v, %v", tok, err)
	}
	if err := s.SetOrgTokens(ctx, o.ID, Tokens{AccessToken: "access-2"}); err != nil {
		t.Fatal(err)
	}
	if tok, _ := s.OrgTokens(ctx, o.ID); tok.AccessToken != "access-2" || tok.RefreshToken != "refresh-1" {
		t.Errorf("after refresh: %+v; want access-2 and the old refresh token", tok)
	}
	if err := s.SetOrgStatus(ctx, o.ID, OrgReconnectRequired); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Org(ctx, o.ID)
	if got.Status != OrgReconnectRequired || got.LastUsedAt.IsZero() {
		t.Errorf("after status and touch: %+v", got)
	}
	got.InstanceURL = "https://moved.example"
	got.Status = OrgConnected
	if err := s.UpdateOrg(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Org(ctx, o.ID); again != got {
		t.Errorf("after UpdateOrg: %+v, want %+v", again, got)
	}
	if _, err := s.CreateOrg(ctx, newOrg("sbx", OrgSandbox), Tokens{}); err != nil {
		t.Fatal(err)
	}
	if all, err := s.Orgs(ctx); err != nil || len(all) != 2 || all[0].Alias != "prod" {
		t.Errorf("Orgs = %+v, %v", all, err)
	}

	// A store opened with another key cannot read the tokens.
	other, err := Open(ctx, path, bytes.Repeat([]byte{9}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.OrgTokens(ctx, o.ID); !errors.Is(err, ErrDecrypt) {
		t.Errorf("OrgTokens with the wrong key: %v, want ErrDecrypt", err)
	}
	other.Close()

	if err := s.DeleteOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"Org":          func() error { _, err := s.Org(ctx, o.ID); return err }(),
		"OrgByAlias":   func() error { _, err := s.OrgByAlias(ctx, "prod"); return err }(),
		"OrgTokens":    func() error { _, err := s.OrgTokens(ctx, o.ID); return err }(),
		"SetOrgTokens": s.SetOrgTokens(ctx, o.ID, Tokens{AccessToken: "a"}),
		"SetOrgStatus": s.SetOrgStatus(ctx, o.ID, OrgConnected),
		"TouchOrg":     s.TouchOrg(ctx, o.ID),
		"UpdateOrg":    s.UpdateOrg(ctx, got),
		"DeleteOrg":    s.DeleteOrg(ctx, o.ID),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s after delete: err = %v, want ErrNotFound", name, err)
		}
	}
}

func TestSecretsAreEncryptedAtRest(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	secrets := []string{"00Dxx!ACCESS-TOKEN-PLAINTEXT", "5Aep-REFRESH-TOKEN-PLAINTEXT", "sk_live_SETTING-PLAINTEXT"}
	visible := "VISIBLE-SETTING-PLAINTEXT"
	if _, err := s.CreateOrg(ctx, newOrg("prod", OrgProduction), Tokens{AccessToken: secrets[0], RefreshToken: secrets[1]}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "stripe.key", secrets[2], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "site.name", visible, false); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, "ann", "", "PASSWORD-PLAINTEXT", RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	_, sess, err := s.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, "PASSWORD-PLAINTEXT", sess.CSRFSecret)

	var raw []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte(visible)) {
		t.Fatal("the raw database does not contain a non-secret value: the test cannot see the data")
	}
	for _, secret := range secrets {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the raw database contains %q in plain text", secret)
		}
	}
	if v, err := s.SettingValue(ctx, "stripe.key"); err != nil || v != secrets[2] {
		t.Errorf("SettingValue = %q, %v", v, err)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.SetSetting(ctx, "llm.key", "sk-123", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "llm.empty", "", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "llm.model", "gpt-4o-mini", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, "llm.model", "gpt-5-mini", false); err != nil {
		t.Fatal(err)
	}
	all, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"llm.key": "set", "llm.empty": "not set", "llm.model": "gpt-5-mini"}
	if len(all) != len(want) {
		t.Fatalf("Settings = %+v", all)
	}
	for _, st := range all {
		if st.Display() != want[st.Key] {
			t.Errorf("%s displays %q, want %q", st.Key, st.Display(), want[st.Key])
		}
		if st.Secret && st.Value != "" {
			t.Errorf("%s: Settings returned a secret value", st.Key)
		}
	}
	if v, err := s.SettingValue(ctx, "llm.key"); err != nil || v != "sk-123" {
		t.Errorf("SettingValue = %q, %v", v, err)
	}
	if err := s.DeleteSetting(ctx, "llm.key"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SettingValue(ctx, "llm.key"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SettingValue after delete: %v", err)
	}
	if err := s.DeleteSetting(ctx, "llm.key"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteSetting twice: %v", err)
	}
}

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for i, action := range []string{"org.connect", "deploy.start", "deploy.finish"} {
		if _, err := s.Audit(ctx, AuditEntry{Actor: "ann", Action: action, Target: "deployment:1", Detail: string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.AuditLog(ctx, 0, 0)
	if err != nil || len(all) != 3 || all[0].Action != "deploy.finish" || all[0].At.IsZero() {
		t.Fatalf("AuditLog = %+v, %v", all, err)
	}
	page, err := s.AuditLog(ctx, 1, all[0].ID)
	if err != nil || len(page) != 1 || page[0].Action != "deploy.start" {
		t.Errorf("AuditLog page = %+v, %v", page, err)
	}
}

func TestEachMigrationRunsInItsOwnTransaction(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	base := SchemaVersion()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	ms = append(ms,
		migration{version: base + 1, name: "good.sql", sql: `CREATE TABLE extra_good (id INTEGER PRIMARY KEY);`},
		migration{version: base + 2, name: "bad.sql", sql: `CREATE TABLE extra_bad (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);`},
	)
	err = s.apply(ctx, ms)
	if err == nil || !strings.Contains(err.Error(), "bad.sql") {
		t.Fatalf("apply with a failing migration: %v; want an error naming bad.sql", err)
	}
	v, err := s.schemaVersion(ctx, s.db)
	if err != nil || v != base+1 {
		t.Errorf("schema version = %d, %v; want %d (the good migration kept)", v, err, base+1)
	}
	for table, want := range map[string]int{"extra_good": 1, "extra_bad": 0} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = ?`, table).Scan(&n); err != nil || n != want {
			t.Errorf("table %s: %d (%v), want %d", table, n, err, want)
		}
	}
}
