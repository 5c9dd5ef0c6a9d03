package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/store"
)

// TestUserCommandAppliesThePasswordRules: `patchbay user add` and `user
// passwd` refuse, with the reason and exit status 2, a password the rules
// refuse (short, common, over 72 bytes, containing the username).
func TestUserCommandAppliesThePasswordRules(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pb.db")
	runUserCmd := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: envOf(map[string]string{"PATCHBAY_DB": db})}
		code := run(context.Background(), env, append([]string{"user"}, args...))
		return code, out.String() + errb.String()
	}
	for _, tc := range []struct{ password, want string }{
		{"short pw", "at least 12 characters"},
		{"password1234", "most common"},
		{strings.Repeat("long passphrase ", 5), "72 bytes"},
		{"nina's passphrase", "must not contain the username"},
	} {
		code, out := runUserCmd(tc.password+"\n", "add", "nina")
		if code != 2 || !strings.Contains(out, tc.want) {
			t.Errorf("user add with %q: exit %d, output %q; want 2 and %q", tc.password, code, out, tc.want)
		}
	}
	if code, out := runUserCmd("plum kettle orbit\n", "add", "nina"); code != 0 {
		t.Fatalf("user add with a good password: exit %d, %s", code, out)
	}
	if code, out := runUserCmd("qwerty123456\n", "passwd", "nina"); code != 2 || !strings.Contains(out, "most common") {
		t.Errorf("user passwd with a common password: exit %d, %q", code, out)
	}
}

// TestFirstAdminPasswordFollowsTheRules: PATCHBAY_ADMIN_PASSWORD must pass
// the rules like any other password, and a generated one always does.
func TestFirstAdminPasswordFollowsTheRules(t *testing.T) {
	ctx := context.Background()
	open := func(t *testing.T) *store.Store {
		c := loadConfig(envOf(map[string]string{"PATCHBAY_DB": filepath.Join(t.TempDir(), "pb.db")}))
		st, err := c.openDB(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	var out bytes.Buffer
	env := &environment{stdout: &out, stderr: &out, getenv: envOf(nil)}
	err := ensureAdmin(ctx, env, open(t), "admin1234567")
	if err == nil || !strings.Contains(err.Error(), "PATCHBAY_ADMIN_PASSWORD") || !strings.Contains(err.Error(), "username") {
		t.Errorf("a first admin password containing the username: %v", err)
	}
	st := open(t)
	if err := ensureAdmin(ctx, env, st, ""); err != nil {
		t.Fatal(err)
	}
	_, pw, ok := strings.Cut(out.String(), "password: ")
	pw, _, _ = strings.Cut(pw, "\n")
	if !ok || store.CheckPassword("admin", pw) != nil {
		t.Fatalf("generated password %q does not pass the rules", pw)
	}
	if _, err := st.Authenticate(ctx, "admin", pw); err != nil {
		t.Errorf("signing in with the printed password: %v", err)
	}
	for range 200 {
		p, err := generatePassword("admin")
		if err != nil || store.CheckPassword("admin", p) != nil {
			t.Fatalf("generatePassword = %q, %v", p, err)
		}
	}
}
