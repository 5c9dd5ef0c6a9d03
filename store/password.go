package store

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength is the fewest characters a password may have.
const MinPasswordLength = 12

// MaxPasswordBytes is the most bytes a password may have: bcrypt reads no
// further, and refuses to hash a longer one.
const MaxPasswordBytes = 72

// ErrWeakPassword matches every *PasswordError.
var ErrWeakPassword = errors.New("password refused")

// PasswordError is a password the rules refuse. Its message is written
// for the person choosing the password and may be shown to them as is.
type PasswordError struct{ Reason string }

func (e *PasswordError) Error() string { return e.Reason }

// Unwrap makes a PasswordError match ErrWeakPassword.
func (e *PasswordError) Unwrap() error { return ErrWeakPassword }

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the embedded list, read on first use.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m
})

// keyRuns are rows of keys and digits; a password that is a stretch of
// one of them, forwards or backwards, is as guessable as a common one.
var keyRuns = []string{
	"012345678901234567890123456789", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp", "1q2w3e4r5t6y7u8i9o0p",
}

// passwordRules are the rules a new password must pass, first failing rule
// reported. Each example is a password it refuses (username "ada").
var passwordRules = []struct {
	example string
	refuses func(username, lower string, password string) bool
	reason  string
}{
	{strings.Repeat("é", 37), func(_, _, pw string) bool { return len(pw) > MaxPasswordBytes },
		fmt.Sprintf("The password is longer than %d bytes, the most patchbay can check (letters with accents and symbols from other alphabets count as two to four bytes). Choose a shorter one.", MaxPasswordBytes)},
	{"short pass", func(_, _, pw string) bool { return utf8.RuneCountInString(pw) < MinPasswordLength },
		fmt.Sprintf("Use at least %d characters. A few unrelated words make a password that is long and easy to remember.", MinPasswordLength)},
	{"ada-was-here-2026", func(user, lower, _ string) bool {
		u := strings.ToLower(strings.TrimSpace(user))
		return utf8.RuneCountInString(u) >= 3 && strings.Contains(lower, u)
	}, "The password must not contain the username."},
	{"Password1234!", func(_, lower, _ string) bool { return isCommonPassword(lower) },
		"That password is one of the most common ones, which anyone guessing tries first. Choose another: a few unrelated words work well."},
	{"abababababab", func(_, lower, _ string) bool { return isKeyboardPattern(lower) },
		"That password is a run of neighbouring keys or a repeated pattern, which anyone guessing tries early. Choose another: a few unrelated words work well."},
}

// CheckPassword reports whether password may be set for username: at most
// MaxPasswordBytes bytes, at least MinPasswordLength characters, not one of
// the most common passwords (or one with digits and symbols added), not a
// keyboard run, and not containing the username. A refusal is a
// *PasswordError whose message says what to change.
func CheckPassword(username, password string) error {
	lower := strings.ToLower(password)
	for _, r := range passwordRules {
		if r.refuses(username, lower, password) {
			return &PasswordError{Reason: r.reason}
		}
	}
	return nil
}

// isCommonPassword reports whether lower is on the list, is a listed word
// with digits or symbols around it ("password1234!", "!!qwerty2024"), or
// is a listed word written twice or more.
func isCommonPassword(lower string) bool {
	common := commonPasswords()
	if common[lower] {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if core != "" && common[core] {
		return true // a common word dressed up
	}
	for n := 2; n <= 4; n++ {
		if len(core)%n == 0 && strings.Repeat(core[:len(core)/n], n) == core && common[core[:len(core)/n]] {
			return true
		}
	}
	return false
}

// isKeyboardPattern reports whether lower uses at most two different
// characters, repeats a unit of up to four characters ("123123123123"), or
// is a stretch of a row of keys or digits either way.
func isKeyboardPattern(lower string) bool {
	distinct := map[rune]bool{}
	for _, r := range lower {
		distinct[r] = true
	}
	if len(distinct) <= 2 {
		return true
	}
	for n := 1; n <= 4 && n < len(lower); n++ {
		if len(lower)%n == 0 && strings.Repeat(lower[:n], len(lower)/n) == lower {
			return true
		}
	}
	rev := []rune(lower)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	for _, run := range keyRuns {
		if strings.Contains(run, lower) || strings.Contains(run, string(rev)) {
			return true
		}
	}
	return false
}
