package builder

import (
	"strings"
	"testing"
)

// TestSpokenNumberExamples says each spoken-number row's example in digits:
// the row must read it.
func TestSpokenNumberExamples(t *testing.T) {
	want := map[string]string{
		"time of day":                      "at 8",
		"interval":                         "every 15 minutes",
		"status code":                      "reply 200",
		"amount":                           "over 75000",
		"hour and its meridiem in letters": "at 7am",
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
	// other wordings of the same constructions (unseen23: dictated
	// requests)
	for text, w := range map[string]string{
		"the amount is at least twenty five thousand":  "at least 25000",
		"deals over two hundred and fifty thousand":    "over 250000",
		"the order total is over seventy-five grand":   "over 75000",
		"over a hundred thousand":                      "over 100000",
		"twenty five grand":                            "25000",
		"anything above one hundred thousand":          "above 100000",
		"every weekday at 7 a.m. pull the orders":      "at 7am pull",
		"every day at six thirty p m send the summary": "at 6:30pm send",
		"each night at eleven p.m. fetch the refunds":  "at 11pm fetch",
	} {
		if got := sayDigits(text); !strings.Contains(got, w) {
			t.Errorf("sayDigits(%q) = %q, want it to hold %q", text, got, w)
		}
	}
	for _, text := range []string{"one of the contacts", "at least ten", "reply to the thread", "five twenty thousand", "we send one a month", "five p mailers"} {
		if got := sayDigits(text); got != text {
			t.Errorf("sayDigits(%q) = %q, want it unchanged", text, got)
		}
	}
}
