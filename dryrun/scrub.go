package dryrun

import "regexp"

// MaxLogMessage is the longest Integration_Log__c.Message__c the generated
// runtime writes: failure bodies are scrubbed, then cut to this length.
const MaxLogMessage = 2000

// scrubRule is one replacement of the runtime's scrub, in order. Each
// pattern is written so that Go's RE2 and Apex's Java regular expressions
// read it the same way (no look-around, explicit whitespace classes).
type scrubRule struct {
	re   *regexp.Regexp
	with string
}

var scrubRules = []scrubRule{
	{regexp.MustCompile(`(?i)\b(bearer|basic)[ \t]+[A-Za-z0-9._~+/=-]+`), "${1} [redacted]"},
	{regexp.MustCompile(`(?i)("?(?:password|passwd|secret|client_secret|api[_-]?key|access_token|refresh_token|token|authorization)"?[ \t]*[:=][ \t]*)"?[^" \t\r\n,&}]*"?`), `${1}"[redacted]"`},
	{regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`), "[email]"},
	{regexp.MustCompile(`\b(?:\d[ -]?){12,18}\d\b`), "[number]"},
	{regexp.MustCompile(`\b[A-Za-z0-9_-]{32,}\b`), "[token]"},
}

// Scrub is the Go twin of the generated runtime's scrub: what a failure
// message becomes in Integration_Log__c. E-mail addresses, card-like numbers,
// bearer and basic credentials, values of secret-looking keys and long opaque
// tokens are replaced by a marker, and the result is cut to MaxLogMessage
// characters (scrubbing first looks at four times that many). Lengths count
// UTF-16 code units in Apex and runes here: they agree on the BMP.
func Scrub(message string) string {
	s := leftRunes(message, 4*MaxLogMessage)
	for _, r := range scrubRules {
		s = r.re.ReplaceAllString(s, r.with)
	}
	return leftRunes(s, MaxLogMessage)
}

func leftRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
