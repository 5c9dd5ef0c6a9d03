package builder

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
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

// phraseLiterals caches requiredLiteral for the phrase rows.
var phraseLiterals sync.Map // *regexp.Regexp -> string

// mayMatch reports whether re can match the text whose lower case is low.
func mayMatch(re *regexp.Regexp, low string) bool {
	lit, ok := phraseLiterals.Load(re)
	if !ok {
		lit, _ = phraseLiterals.LoadOrStore(re, requiredLiteral(re))
	}
	return strings.Contains(low, lit.(string))
}
