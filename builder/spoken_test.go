package builder

import (
	"strings"
	"testing"
)

// TestSpokenNumberExamples says each spoken-number row's example in digits:
// the row must read it.
func TestSpokenNumberExamples(t *testing.T) {
	want := map[string]string{
		"time of day": "at 8",
		"interval":    "every 15 minutes",
		"status code": "reply 200",
		"amount":      "over 75000",
	}
	for _, s := range spokenNumbers {
		if !s.re.MatchString(s.example) {
			t.Errorf("%s: does not read its example %q", s.name, s.example)
		}
		got := sayDigits(s.example)
		if w, ok := want[s.name]; !ok || !strings.Contains(got, w) {
			t.Errorf("%s: %q became %q, want it to hold %q", s.name, s.example, got, w)
		}
	}
	for in, want := range map[string]string{"over a hundred thousand": "over 100000", "two hundred and fifty thousand": "250000",
		"twenty five grand": "25000", "ninety-nine thousand": "99000"} {
		if got := sayDigits(in); got != want {
			t.Errorf("sayDigits(%q) = %q, want %q", in, got, want)
		}
	}
	for _, text := range []string{"one of the contacts", "at least ten", "reply to the thread"} {
		if got := sayDigits(text); got != text {
			t.Errorf("sayDigits(%q) = %q, want it unchanged", text, got)
		}
	}
}
