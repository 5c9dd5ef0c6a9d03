package builder

import (
	"regexp"
	"strings"
)

// Shorthand that admins type is rewritten into the sentences the rules
// read: arrows ("Case escalated -> Jira issue") and nominalised events
// ("on lead conversion").
var (
	arrowRe       = regexp.MustCompile(`\s*(?:->|=>|→|⇒|-->)\s*`)
	nominalRe     = regexp.MustCompile(`(?i)\b(on|upon|after|at|with)\s+(?:each\s+|every\s+|any\s+|an?\s+|the\s+)?(opportunity|opp|deal|case|ticket|lead|contact|account|order|quote|contract|campaign|task|user|asset)\s+(conversion|activation|creation|closure|close|deletion|update|escalation|approval|signing|signature|cancellation|win|loss|shipment|completion)\b`)
	nominalEvents = map[string]string{"conversion": "converted", "activation": "activated", "creation": "created", "closure": "closed",
		"close": "closed", "deletion": "deleted", "update": "updated", "escalation": "escalated", "approval": "approved",
		"signing": "signed", "signature": "signed", "cancellation": "cancelled", "win": "closed won", "loss": "closed lost",
		"shipment": "shipped", "completion": "completed"}
)

// methodPathRe is an HTTP method and a path of ours: "POST /stripe/webhook".
var methodPathRe = regexp.MustCompile(`(?i)^(post|put|patch)\s+(/[A-Za-z0-9_\-./{}]+)`)

// parenRe is a parenthetical remark.
var parenRe = regexp.MustCompile(`\s*\([^()]*\)`)

// lookupNounRe is a system named with a lookup noun: "Apollo enrichment".
var lookupNounRe = regexp.MustCompile(`(?i)^([a-z0-9 .&-]{2,30}?)\s+(?:enrichment|lookup|look-up|check|verification|validation|search)\b`)

// nominalEventsAt are the nominalised events in text ("on lead
// conversion"), as nominalRe's submatch indexes; "on a contact update it
// in klaviyo" is an event and then an action, for no noun takes "it"
// after it.
func nominalEventsAt(text string) [][]int {
	var out [][]int
	for _, m := range nominalRe.FindAllStringSubmatchIndex(text, -1) {
		if !pronounObjectRe.MatchString(strings.TrimLeft(lowerASCII(text[m[1]:]), " ")) {
			out = append(out, m)
		}
	}
	return out
}

// rewriteShorthand expands arrows and nominalised events.
func rewriteShorthand(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range nominalEventsAt(text) {
		b.WriteString(text[last:m[0]])
		b.WriteString("when a " + text[m[4]:m[5]] + " is " + nominalEvents[strings.ToLower(text[m[6]:m[7]])])
		last = m[1]
	}
	text = b.String() + text[last:]
	var out []string
	for _, s := range sentences(text) {
		parts := arrowRe.Split(s, 2)
		if len(parts) == 2 && strings.Count(parts[0], "(") > strings.Count(parts[0], ")") {
			// "i know this is backwards (zendesk -> sf -> intercom)": an
			// aside draws the arrow, it asks for no step
			out = append(out, s)
			continue
		}
		if len(parts) != 2 || strings.TrimSpace(parts[0]) == "" || strings.TrimSpace(parts[1]) == "" {
			out = append(out, s)
			continue
		}
		left, right := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		if m := methodPathRe.FindStringSubmatchIndex(right); m != nil && len(strings.Fields(left)) <= 3 {
			if v, _, _ := startsWithVerb(lowerASCII(left)); v == "" {
				// "stripe -> POST /stripe/webhook -> verify it -> ...": the
				// system calls us at the path, then the steps in turn
				caller := strings.TrimSpace(listMarker.ReplaceAllString(left, ""))
				rest := strings.TrimLeft(right[m[1]:], " ")
				rest = strings.TrimSpace(arrowRe.ReplaceAllString(rest, ", then "))
				rest = strings.TrimPrefix(strings.TrimPrefix(rest, ","), " then")
				out = append(out, caller+" will "+strings.ToUpper(right[m[2]:m[3]])+" to "+right[m[4]:m[5]]+", then "+strings.TrimSpace(rest))
				continue
			}
		}
		if v, ok := fieldReachesValue(strings.TrimSpace(listMarker.ReplaceAllString(left, "")), right); ok {
			// "lead status -> Closed - Converted -> update the row": a
			// field, the value it reaches, then the action
			out = append(out, v)
			continue
		}
		// "a -> b -> c": the later arrows are steps in turn
		right = arrowRe.ReplaceAllString(right, ", then ")
		// "Clearbit enrichment pls: new contacts -> ...": the lead-in stands apart
		lead := ""
		if i := strings.LastIndex(left, ": "); i >= 0 {
			lead, left = left[:i+1]+" ", strings.TrimSpace(left[i+1:])
		}
		left = strings.TrimSpace(listMarker.ReplaceAllString(left, ""))
		lowR := lowerASCII(right)
		if v, _, _ := startsWithVerb(lowR); v == "" {
			switch {
			case lookupNounRe.MatchString(lowR):
				// "Apollo enrichment (look them up by email)": a lookup there
				m := lookupNounRe.FindStringSubmatchIndex(right)
				name := strings.TrimSpace(right[m[2]:m[3]])
				if ks, pos, ok := (&plan{}).findKnownSystem(right, lowR); ok && pos == 0 {
					name = ks.label
				}
				if name != "" && name[0] >= 'A' && name[0] <= 'Z' || name != "" && strings.ToLower(name) != name {
					right = "look them up in " + name + " " + strings.TrimSpace(parenRe.ReplaceAllString(right[m[1]:], ""))
				} else {
					right = "create " + right
				}
			case strings.Contains(lowR, "upsert"), customTokenRe.MatchString(right):
				right = "upsert them into " + right
			default:
				right = "create " + right
			}
		}
		lowL := lowerASCII(left)
		if _, _, ok := parseSchedule(lowL); ok && !clauseCueRe.MatchString(lowL) {
			if v, _, _ := startsWithVerb(lowL); v == "" {
				// "Nightly at 1am: NetSuite invoices -> Invoice__c"
				if i := strings.LastIndex(left, ":"); i >= 0 {
					left = left[:i] + ", get" + left[i+1:]
				} else {
					left = "get " + left
				}
			}
			out = append(out, left+" and "+right)
			continue
		}
		if _, spos, ok := (&plan{}).findKnownSystem(left, lowL); ok && !clauseCueRe.MatchString(lowL) {
			if _, opos, _ := objectAt(lowL, 0); opos < 0 || spos < opos {
				// "NetSuite invoices -> Invoice__c": fetch from the system
				if v, _, _ := startsWithVerb(lowL); v == "" {
					left = "get " + left
				}
				out = append(out, left+" and "+right)
				continue
			}
		}
		if !clauseCueRe.MatchString(lowL) {
			left = "When " + left
		}
		out = append(out, lead+left+", "+right)
	}
	return strings.Join(out, ". ")
}

// thatHappensRe is a trigger told by pointing back at the sentence before:
// "Sometimes an office person deletes an appointment. When that happens, ...".
var thatHappensRe = regexp.MustCompile(`(?i)\b(when|whenever|if|once|each time|every time)\s+(?:that|this|it)\s+happens\b`)

// toldLeadRe is how often a told event happens, before it: "Sometimes", "Every so often".
var toldLeadRe = regexp.MustCompile(`(?i)^\s*(?:(?:sometimes|occasionally|often|every so often|now and then|once in a while|usually|typically|normally|also|so|basically|apparently|unfortunately),?\s+)*`)

// joinThatHappens puts the event a "When that happens" points back at in
// its place, so the trigger reader sees the event: "When an office person
// deletes an appointment ...".
func joinThatHappens(text string) string {
	m := thatHappensRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text
	}
	spans := sentenceRe.FindAllStringIndex(text, -1)
	for k := 1; k < len(spans); k++ {
		if spans[k][0] > m[0] || spans[k][1] <= m[0] {
			continue
		}
		if strings.TrimSpace(text[spans[k][0]:m[0]]) != "" {
			return text
		}
		prev := strings.TrimRight(strings.TrimSpace(text[spans[k-1][0]:spans[k-1][1]]), ".!?")
		prev = toldLeadRe.ReplaceAllString(prev, "")
		if prev == "" || hasTriggerCue(lowerASCII(prev)) {
			// the sentence before starts a flow of its own
			return text
		}
		word := text[m[2]:m[3]]
		return text[:spans[k-1][0]] + strings.ToUpper(word[:1]) + word[1:] + " " + prev + text[m[1]:]
	}
	return text
}

// fieldReachesValue reads "lead status -> Closed - Converted -> update the
// row": a record's field, the value it reaches and the action, when the
// left names an object and a field, the middle is no action and the right
// is one.
func fieldReachesValue(left, right string) (string, bool) {
	mid := arrowRe.Split(right, 2)
	if len(mid) != 2 {
		return "", false
	}
	value, action := strings.TrimSpace(mid[0]), strings.TrimSpace(mid[1])
	lowL, lowV, lowA := lowerASCII(left), lowerASCII(value), lowerASCII(action)
	obj, pos, end := objectAt(lowL, 0)
	if obj == "" || pos != 0 || strings.TrimSpace(lowL[end:]) == "" || clauseCueRe.MatchString(lowL) {
		return "", false
	}
	if v, _, _ := startsWithVerb(lowV); v != "" || value == "" || len(value) > 40 {
		return "", false
	}
	if v, _, _ := startsWithVerb(lowA); v == "" {
		return "", false
	}
	return "When the " + lowL[:end] + "'s " + strings.TrimSpace(left[end:]) + " changes to '" + value + "', " + arrowRe.ReplaceAllString(action, ", then "), true
}
