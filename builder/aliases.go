package builder

import (
	"regexp"
	"strings"
)

// A business names its records in its own words and says once which
// Salesforce object they are: "members are Contacts in Salesforce", "our
// patients are stored as Contacts", "we track listings as Opportunities".
// readAliases writes the business's word as the object's wherever else
// the request uses it, so "when someone changes a member's status" is a
// Contact's change.

// aliasRows are the ways a request says which object its own word is, each
// with an example. Submatches: the business's word (plural), the object's
// word (plural).
var aliasRows = []struct {
	re      *regexp.Regexp
	example string
}{
	{regexp.MustCompile(`(?i)\b([a-z]{3,}?)s\s+(?:are|=)\s+(?:(?:stored|kept|tracked|set\s+up|saved|just|all)\s+)?(?:as\s+)?(?:our\s+|salesforce\s+|sf\s+)?([a-z]+)\b`),
		"members are Contacts in Salesforce with a Membership_Status__c picklist"},
	{regexp.MustCompile(`(?i)\bwe\s+(?:track|store|keep|log|manage|have|model|set\s+up)\s+(?:our\s+|all\s+(?:our\s+)?|the\s+)?([a-z]{3,}?)s\s+as\s+(?:salesforce\s+|sf\s+)?([a-z]+)\b`),
		"we track listings as Opportunities"},
}

// readAliases rewrites the business's word for a record as the object's.
func readAliases(text string) string {
	low := lowerASCII(text)
	if !strings.Contains(low, " are ") && !strings.Contains(low, " as ") && !strings.Contains(low, " = ") {
		return text
	}
	objectOf := map[string]string{}
	var defs [][]int
	var names []string
	for _, row := range aliasRows {
		for _, m := range row.re.FindAllStringSubmatchIndex(text, -1) {
			alias, word := strings.ToLower(text[m[2]:m[3]]), strings.ToLower(text[m[4]:m[5]])
			obj, ok := objectWords[word]
			if !ok || isObjectWord(alias) || isObjectWord(alias+"s") || genericWds[alias] || notProductWords[alias] {
				continue
			}
			defs = append(defs, m[:2])
			if _, seen := objectOf[alias]; !seen {
				objectOf[alias] = strings.ToLower(obj)
				names = append(names, regexp.QuoteMeta(alias))
			}
		}
	}
	if len(names) == 0 {
		return text
	}
	re := regexp.MustCompile(`(?i)\b(` + strings.Join(names, "|") + `)(s|'s|s')?\b`)
	var b strings.Builder
	last := 0
	for _, r := range re.FindAllStringSubmatchIndex(text, -1) {
		if inSpans(defs, r[0], r[1]) {
			continue // the definition keeps its words
		}
		b.WriteString(text[last:r[0]])
		b.WriteString(objectOf[strings.ToLower(text[r[2]:r[3]])])
		if r[4] >= 0 {
			b.WriteString(text[r[4]:r[5]])
		}
		last = r[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// inSpans reports whether a..b lies inside one of spans.
func inSpans(spans [][]int, a, b int) bool {
	for _, s := range spans {
		if a >= s[0] && b <= s[1] {
			return true
		}
	}
	return false
}
