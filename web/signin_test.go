package web

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/store"
)

// signIn posts the sign-in form as if from addr (the connection's address),
// with an X-Forwarded-For header when xff is not empty.
func signIn(c *client, addr, xff, username, password string) *httptest.ResponseRecorder {
	if c.csrf == "" {
		c.get("/login")
	}
	form := url.Values{"username": {username}, "password": {password}, "_csrf": {c.csrf}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return c.do(req)
}

// lockOut fails sign-ins for username from addr until the limiter refuses.
func lockOut(t *testing.T, a *testApp, addr, xff, username string) {
	t.Helper()
	c := a.anonymous()
	for i := 0; i <= loginBurst; i++ {
		if rec := signIn(c, addr, xff, username, "wrong guess "+itoa(i)); rec.Code == http.StatusTooManyRequests {
			return
		}
	}
	t.Fatalf("%d failed sign-ins for %s from %s were all answered", loginBurst+1, username, addr)
}

func auditActions(t *testing.T, a *testApp, action string) []store.AuditEntry {
	t.Helper()
	var out []store.AuditEntry
	for _, e := range mustAudit(t, a) {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestOneClientCannotLockEveryoneOut: the limiter used to be keyed by
// address alone, so one client guessing, or everyone behind one proxy,
// shared a bucket. Now a lockout holds for that username from that
// address only.
func TestOneClientCannotLockEveryoneOut(t *testing.T) {
	a := newTestApp(t)
	lockOut(t, a, "198.51.100.7", "", "ada")
	if rec := signIn(a.anonymous(), "198.51.100.7", "", "ada", testPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("ada from the locked-out address: status %d, want 429", rec.Code)
	}
	if rec := signIn(a.anonymous(), "198.51.100.7", "", "eddie", testPassword); rec.Code != http.StatusSeeOther {
		t.Errorf("eddie from the same address: status %d, want 303 (signed in)", rec.Code)
	}
	if rec := signIn(a.anonymous(), "203.0.113.9", "", "ada", testPassword); rec.Code != http.StatusSeeOther {
		t.Errorf("ada from another address: status %d, want 303 (signed in)", rec.Code)
	}
}

// TestFailedSignInsAndLockoutsAreAudited: a wrong password writes a
// user.signin.failed row naming the username and address; a lockout
// writes one user.signin.locked row, not one per refused request.
func TestFailedSignInsAndLockoutsAreAudited(t *testing.T) {
	a := newTestApp(t)
	signIn(a.anonymous(), "198.51.100.7", "", "ada", "not the password")
	failed := auditActions(t, a, "user.signin.failed")
	if len(failed) != 1 || failed[0].Target != "user:ada" || !strings.Contains(failed[0].Detail, "198.51.100.7") || failed[0].Actor != "anonymous" {
		t.Fatalf("failed sign-in rows %+v, want one for user:ada from 198.51.100.7", failed)
	}
	lockOut(t, a, "198.51.100.7", "", "ada")
	for range 3 {
		signIn(a.anonymous(), "198.51.100.7", "", "ada", "again")
	}
	locked := auditActions(t, a, "user.signin.locked")
	if len(locked) != 1 || locked[0].Target != "user:ada" || !strings.Contains(locked[0].Detail, "198.51.100.7") {
		t.Errorf("lockout rows %+v, want exactly one for user:ada from 198.51.100.7", locked)
	}
}

// TestForwardedAddressesAreTrustedOnlyFromConfiguredProxies: without
// trusted proxies a forged X-Forwarded-For neither dodges a lockout nor
// shows in the audit log; with the proxy configured, each client behind it
// has its own bucket.
func TestForwardedAddressesAreTrustedOnlyFromConfiguredProxies(t *testing.T) {
	a := newTestApp(t)
	lockOut(t, a, "198.51.100.7", "203.0.113.1", "ada")
	if rec := signIn(a.anonymous(), "198.51.100.7", "203.0.113.2", "ada", testPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For dodged the lockout: status %d", rec.Code)
	}
	for _, e := range auditActions(t, a, "user.signin.failed") {
		if strings.Contains(e.Detail, "203.0.113.") {
			t.Errorf("an untrusted forwarded address reached the audit log: %q", e.Detail)
		}
	}

	proxies, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	opts := a.opts
	opts.TrustedProxies = proxies
	if a.srv, err = New(opts, Services{Store: a.st, Generate: generator.Generate}); err != nil {
		t.Fatal(err)
	}
	lockOut(t, a, "10.1.2.3", "203.0.113.1", "ada")
	if rec := signIn(a.anonymous(), "10.1.2.3", "203.0.113.2", "ada", testPassword); rec.Code != http.StatusSeeOther {
		t.Errorf("another client behind the trusted proxy: status %d, want 303 (signed in)", rec.Code)
	}
	if rec := signIn(a.anonymous(), "10.1.2.3", "203.0.113.1", "ada", testPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the locked-out client behind the proxy: status %d, want 429", rec.Code)
	}
	var seen bool
	for _, e := range auditActions(t, a, "user.signin.failed") {
		seen = seen || strings.Contains(e.Detail, "203.0.113.1")
	}
	if !seen {
		t.Error("the audit log does not name the client behind the trusted proxy")
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.5, 192.168.0.0/16 ::1")
	if err != nil || len(got) != 3 || !got[0].Contains(net.ParseIP("10.0.0.5")) || got[0].Contains(net.ParseIP("10.0.0.6")) ||
		!got[1].Contains(net.ParseIP("192.168.4.4")) || !got[2].Contains(net.ParseIP("::1")) {
		t.Errorf("ParseTrustedProxies = %v, %v", got, err)
	}
	for _, bad := range []string{"10.0.0", "proxy.example", "10.0.0.0/33"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted it", bad)
		}
	}
}

// TestPasswordRulesApplyToNewUsersAndSignIn: a password over bcrypt's 72
// bytes used to answer 500 when creating a user; now it, a short one, a
// common one and one containing the username are refused in the form with
// the reason. At sign-in a password over 72 bytes is explained, not 500.
func TestPasswordRulesApplyToNewUsersAndSignIn(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	cases := []struct{ password, want string }{
		{strings.Repeat("long passphrase ", 5), "longer than 72 bytes"},
		{"eleven char", "at least 12 characters"},
		{"Password1234!", "most common"},
		{"qwertyuiop123", "most common"},
		{"123456789012", "neighbouring keys"},
		{"nina is the best", "must not contain the username"},
	}
	for _, tc := range cases {
		rec := c.post("/users", url.Values{"username": {"nina"}, "password": {tc.password}, "role": {"viewer"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("password %q: status %d, want 422", tc.password, rec.Code)
			continue
		}
		if msg := testid(doc(t, rec), "user-error").Text(); !strings.Contains(msg, tc.want) {
			t.Errorf("password %q: message %q, want it to say %q", tc.password, msg, tc.want)
		}
	}
	if _, err := a.st.UserByName(t.Context(), "nina"); err == nil {
		t.Fatal("a refused password created the user")
	}
	wantStatus(t, c.post("/users", url.Values{"username": {"nina"}, "password": {"plum kettle orbit"}, "role": {"viewer"}}), http.StatusSeeOther)

	rec := signIn(a.anonymous(), "198.51.100.8", "", "nina", strings.Repeat("x", 100))
	wantStatus(t, rec, http.StatusUnauthorized)
	if msg := doc(t, rec).Text(); !strings.Contains(msg, "longer than 72 bytes") {
		t.Error("a sign-in with a password over 72 bytes is not explained")
	}
}
