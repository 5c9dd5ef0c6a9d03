package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	// Every rule refuses its own example.
	for _, r := range passwordRules {
		err := CheckPassword("ada", r.example)
		var pe *PasswordError
		if !errors.As(err, &pe) || pe.Reason != r.reason {
			t.Errorf("rule %q: CheckPassword(%q) = %v", r.reason, r.example, err)
		}
	}
	refused := []string{
		strings.Repeat("a", 73), strings.Repeat("ü", 37), // 74 bytes, 37 characters
		"", "elevenchars", "password", "password1234", "Password1234!", "PASSWORD2026!!", "!!qwerty123456",
		"iloveyou1234", "passwordpassword", "salesforce2026", "patchbay-2026!", "correct horse battery staple",
		"123456789012", "098765432109", "qwertyuiopas", "1qaz2wsx3edc", "aaaaaaaaaaaa", "abababababab", "123123123123",
		"ada lovelace rocks",
	}
	for _, pw := range refused {
		if err := CheckPassword("Ada", pw); !errors.Is(err, ErrWeakPassword) {
			t.Errorf("CheckPassword(%q) = %v, want it refused", pw, err)
		}
	}
	accepted := []string{
		"plum kettle orbit", "correct horse battery", strings.Repeat("b", 35) + strings.Repeat("c", 35) + "xy", // 72 bytes
		"Tr0ub4dor&3-extended", "839201748392", "fünf Äpfel grün",
	}
	for _, pw := range accepted {
		if err := CheckPassword("ada", pw); err != nil {
			t.Errorf("CheckPassword(%q) = %v, want it accepted", pw, err)
		}
	}
}

// TestPasswordsOverBcryptsLimit: bcrypt reads 72 bytes and refuses to hash
// more, which used to surface as a 500. CreateUser and SetPassword now
// refuse with the reason, and Authenticate refuses without comparing.
func TestPasswordsOverBcryptsLimit(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	long := strings.Repeat("long passphrase ", 5)
	if _, err := s.CreateUser(ctx, "ann", "", long, RoleAdmin); !errors.Is(err, ErrWeakPassword) || !strings.Contains(err.Error(), "72 bytes") {
		t.Errorf("CreateUser with 80 bytes: %v", err)
	}
	u, err := s.CreateUser(ctx, "ann", "", long[:72], RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, u.ID, long); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("SetPassword with 80 bytes: %v", err)
	}
	if err := s.SetPassword(ctx, u.ID, "ann's new passphrase"); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("SetPassword with the username in it: %v", err)
	}
	if _, err := s.Authenticate(ctx, "ann", long); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("Authenticate with the 72-byte password plus more: %v, want ErrBadCredentials", err)
	}
	if _, err := s.Authenticate(ctx, "ann", long[:72]); err != nil {
		t.Errorf("Authenticate with the password: %v", err)
	}
}
