package builder

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// requiredLiteral returns a string, in lower case, that every match of re
// contains, or "" when the pattern has none: the longest literal that a
// match cannot do without. A text whose lower case lacks it cannot match,
// so the phrase rows skip it without running the regular expression
// (BenchmarkPlanOffline).
func requiredLiteral(re *regexp.Regexp) string {
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return ""
	}
	return lowerASCII(mustHave(parsed.Simplify()))
}

// mustHave returns the longest literal every match of the node contains.
func mustHave(n *syntax.Regexp) string {
	switch n.Op {
	case syntax.OpLiteral:
		return string(n.Rune)
	case syntax.OpCapture:
		return mustHave(n.Sub[0])
	case syntax.OpPlus:
		return mustHave(n.Sub[0])
	case syntax.OpRepeat:
		if n.Min >= 1 {
			return mustHave(n.Sub[0])
		}
	case syntax.OpConcat:
		// adjacent literals join; the longest run wins
		best, run := "", ""
		for _, s := range n.Sub {
			if s.Op == syntax.OpLiteral {
				run += string(s.Rune)
				if len(run) > len(best) {
					best = run
				}
				continue
			}
			run = ""
			if l := mustHave(s); len(l) > len(best) {
				best = l
			}
		}
		return best
	}
	return ""
}

// phraseLiterals holds requiredLiteral of each phrase row.
var phraseLiterals = func() map[*regexp.Regexp]string {
	m := make(map[*regexp.Regexp]string, len(phraseRewrites))
	for _, r := range phraseRewrites {
		m[r.re] = requiredLiteral(r.re)
	}
	return m
}()

// mayMatch reports whether a phrase row's re can match the text whose
// lower case is low.
func mayMatch(re *regexp.Regexp, low string) bool {
	return strings.Contains(low, phraseLiterals[re])
}
