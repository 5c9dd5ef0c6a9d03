package builder

import (
	"strings"
)

// unplannedHeader and unplannedMarker are the comment lines MarkUnplanned
// writes above a spec's text.
const (
	unplannedHeader = "# patchbay: this draft is incomplete. The request also asked for the parts below, which were not planned; add them, then delete these lines."
	unplannedMarker = "# not planned: "
)

// MarkUnplanned returns spec text with each unplanned clause written above
// it as a YAML comment, so the clauses stay with the draft (into the
// editor and its saved versions) until the user deals with them.
func MarkUnplanned(specText string, clauses []string) string {
	if len(clauses) == 0 {
		return specText
	}
	var b strings.Builder
	b.WriteString(unplannedHeader + "\n")
	for _, c := range clauses {
		c = strings.Join(strings.Fields(c), " ")
		b.WriteString(unplannedMarker + c + "\n")
	}
	b.WriteString(specText)
	return b.String()
}

// UnplannedIn returns the clauses that MarkUnplanned wrote into spec text
// and the user has not deleted yet.
func UnplannedIn(specText string) []string {
	var out []string
	for line := range strings.Lines(specText) {
		if c, ok := strings.CutPrefix(strings.TrimSpace(line), unplannedMarker); ok && strings.TrimSpace(c) != "" {
			out = append(out, strings.TrimSpace(c))
		}
	}
	return out
}
