package builder

import (
	"regexp"
	"testing"
)

// TestRequiredLiteral checks the literal a pattern's matches cannot do
// without, which lets the phrase rows skip text that lacks it.
func TestRequiredLiteral(t *testing.T) {
	for _, tc := range []struct{ re, want string }{
		{`(?i)\bsubscrib(?:e|es|ed)\s+to\b`, "subscribe"}, // the parser factors the e out
		{`(?i)\b(?:make|build)\s+a\s+thing\b`, "thing"},
		{`(?m)^\s*\[\d{1,2}:\d{2}\]`, "["},
		{`(?i)\b(?:um+|uh+)\b`, "u"},
		{`(?i)\b(?:yes|no)\b`, ""},
		{`foo(?:bar)?`, "foo"},
		{`(?:ab)+cd`, "ab"},
	} {
		if got := requiredLiteral(regexp.MustCompile(tc.re)); got != tc.want {
			t.Errorf("requiredLiteral(%s) = %q, want %q", tc.re, got, tc.want)
		}
	}
}

// TestPhraseLiteralsSkipNoMatch checks, on every request of every corpus,
// that a phrase row skipped for lacking its literal would not have matched:
// the shortcut never changes what the rows rewrite.
func TestPhraseLiteralsSkipNoMatch(t *testing.T) {
	for _, rq := range corpusRequests(t) {
		text := sayDigits(readLayout(rq[1]))
		for _, r := range phraseRewrites {
			if !mayMatch(r.re, lowerASCII(text)) && r.re.MatchString(text) {
				t.Errorf("%s: row %q was skipped but matches", rq[0], r.example)
			}
			text = r.re.ReplaceAllString(text, r.with)
		}
	}
	for _, r := range phraseRewrites {
		if !mayMatch(r.re, lowerASCII(r.example)) {
			t.Errorf("row %q: its example lacks the row's literal %q", r.example, requiredLiteral(r.re))
		}
	}
}
