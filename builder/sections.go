package builder

import (
	"regexp"
	"strings"
)

// This file reads a request pasted as a ticket with sections, the way
// Jira and backlog tools lay one out: a title line with the ticket's key,
// then "Context", "Ask", "AC", "Out of scope" and "Notes", each a heading
// alone on its line or a label with a colon. What a section is decides
// what its text asks for: the context and notes tell, the ask asks, the
// acceptance criteria test what was asked, and what is out of scope asks
// for nothing.

// sectionRole is what a ticket section's text does for the plan.
type sectionRole int

const (
	// sectionTells keeps the text and drops only the heading: context,
	// notes and the ask itself are read as the request.
	sectionTells sectionRole = iota
	// sectionAsks keeps the text; acceptance criteria after it restate it.
	sectionAsks
	// sectionTests is acceptance criteria: read when nothing was asked
	// before them, dropped after an ask, which they only test.
	sectionTests
	// sectionExcludes is what the ticket leaves out: nothing to plan.
	sectionExcludes
)

// ticketSection is one heading a ticket's body is parted by.
type ticketSection struct {
	name string
	// words is the heading's alternation, matched case-insensitively.
	words string
	role  sectionRole
	// example is a ticket the row reads (TestTicketSections).
	example string
}

// ticketSections are the headings of a ticket's body, by what their text
// does.
var ticketSections = []ticketSection{
	{"context", `context|background|problem|why`, sectionTells,
		"Context\nSupport misses escalations at night.\nAsk\nWhen a case is escalated, create an incident in PagerDuty."},
	{"notes", `notes?|nb|fyi`, sectionTells,
		"when a case is closed, post it to #support in Slack. Notes: any channel name is fine."},
	{"ask", `ask|the ask|request|what we need|task`, sectionAsks,
		"Ask: when an opportunity is won, create the customer in Chargebee.\nAC: given a won deal, then Chargebee has a customer."},
	{"acceptance criteria", `ac|acs|acceptance criteria|acceptance|given/when/then`, sectionTests,
		"Ask\nWhen a case is escalated, create an incident in PagerDuty.\nAC\nGiven a high priority ticket\nWhen an agent escalates it\nThen an incident is created"},
	{"out of scope", `out[ -]of[ -]scope|not in scope|non-?goals?|not included|won't do|will not do`, sectionExcludes,
		"when a case is closed, create a survey in Delighted.\nOut of scope\n- resolving the incident when the case closes\n- any sms stuff"},
}

// sectionHeadingAlt is every ticket heading, for the two heading forms.
func sectionHeadingAlt() string {
	alts := make([]string, len(ticketSections))
	for i, s := range ticketSections {
		alts[i] = s.words
	}
	return strings.Join(alts, "|")
}

var (
	// lineHeadingRe is a heading alone on its line ("Out of scope"), or a
	// label with a colon at a line's start ("AC (loosely):"); the words in
	// brackets only qualify it.
	lineHeadingRe = regexp.MustCompile(`(?im)^[ \t]*(` + sectionHeadingAlt() + `)(?:[ \t]*\([^()\n]{0,30}\))?[ \t]*(?:(:)[ \t]*|$)`)
	// inlineHeadingRe is a label with a colon after a sentence on the same
	// line: "... comments. Notes: reasons are the standard values".
	inlineHeadingRe = regexp.MustCompile(`(?i)[.!?][ \t]+(` + sectionHeadingAlt() + `)[ \t]*:[ \t]*`)
	// ticketTitleRe is a ticket's title line: its key ("SUP-482 - Page
	// on-call when tickets escalate") or a label ("Ticket: auto-file eng
	// issues"). It names the ticket; the body says what to build.
	ticketTitleRe = regexp.MustCompile(`^[ \t]*(?:[A-Z][A-Z0-9]{1,11}-\d{1,6}\b|(?i:ticket|title|summary)[ \t]*:)[^\n]*\n`)
)

// blankLineRe is an empty line, which ends a section whose heading stood
// alone on its line.
var blankLineRe = regexp.MustCompile(`\n[ \t]*\n`)

// sectionAt is one heading found in a ticket: where it starts and ends,
// its role, and whether its text ends with its line (a label with text
// after its colon).
type sectionAt struct {
	start, end int
	role       sectionRole
	sameLine   bool
}

// readSections reads a ticket laid out in sections: the headings go, the
// title line goes, what is out of scope goes, and acceptance criteria go
// when an ask stated the request before them. Text with no section
// heading is returned as it is.
func readSections(text string) string {
	var heads []sectionAt
	for _, m := range lineHeadingRe.FindAllStringSubmatchIndex(text, -1) {
		same := m[4] >= 0 && strings.TrimSpace(text[m[1]:lineEnd(text, m[1])]) != ""
		heads = append(heads, sectionAt{m[0], m[1], sectionRoleOf(text[m[2]:m[3]]), same})
	}
	for _, m := range inlineHeadingRe.FindAllStringSubmatchIndex(text, -1) {
		heads = append(heads, sectionAt{m[0] + 1, m[1], sectionRoleOf(text[m[2]:m[3]]), true})
	}
	if !isTicket(heads) {
		return text
	}
	sortSections(heads)
	var b strings.Builder
	title := ticketTitleRe.FindStringIndex(text)
	from := 0
	if title != nil && title[1] <= heads[0].start {
		from = title[1]
	}
	b.WriteString(text[from:heads[0].start])
	asked := false
	for i, h := range heads {
		end := len(text)
		if i+1 < len(heads) {
			end = heads[i+1].start
		}
		body := text[h.end:end]
		// acceptance criteria on the label's own line ("AC: given an
		// invoice 45 days overdue, then slack msg + task") after a request
		// that already said when it runs test it; criteria under a heading
		// of their own may be the only place the request is said
		tested := asked || h.sameLine && hasTriggerCue(lowerASCII(text[:h.start]))
		drop := h.role == sectionExcludes || h.role == sectionTests && tested
		if drop && h.sameLine {
			// "Out of scope: proration, coupons" ends with its line; what
			// follows on the next line, under no heading, is read again
			if e := lineEnd(text, h.end); e < end {
				body = text[e:end]
				drop = false
			}
		} else if drop {
			// a heading alone on its line holds the lines up to a blank one
			if m := blankLineRe.FindStringIndex(body); m != nil {
				body = body[m[1]:]
				drop = false
			}
		}
		if h.role == sectionAsks {
			asked = true
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if !drop {
			b.WriteString(body)
		}
	}
	return b.String()
}

// isTicket reports whether headings lay a request out as a ticket: two
// sections or more, or one that leaves something out. A lone "Note:"
// before a sentence is prose.
func isTicket(heads []sectionAt) bool {
	for _, h := range heads {
		if h.role == sectionExcludes {
			return true
		}
	}
	return len(heads) >= 2
}

// sectionWordRes match each row's heading words whole, in the order of
// ticketSections.
var sectionWordRes = func() []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(ticketSections))
	for i, s := range ticketSections {
		res[i] = regexp.MustCompile(`(?i)^(?:` + s.words + `)$`)
	}
	return res
}()

// sectionRoleOf is the role of a heading's words.
func sectionRoleOf(words string) sectionRole {
	for i, re := range sectionWordRes {
		if re.MatchString(strings.TrimSpace(words)) {
			return ticketSections[i].role
		}
	}
	return sectionTells
}

// lineEnd is the index of the end of the line that holds i.
func lineEnd(text string, i int) int {
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(text)
}

// sortSections orders headings by where they start.
func sortSections(heads []sectionAt) {
	for i := 1; i < len(heads); i++ {
		for j := i; j > 0 && heads[j].start < heads[j-1].start; j-- {
			heads[j], heads[j-1] = heads[j-1], heads[j]
		}
	}
}
