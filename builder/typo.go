package builder

import (
	"github.com/patchbay/patchbay/spec"

	"regexp"
	"sort"
	"strings"
	"sync"
)

// Typo tolerance: a word the planner does not know is replaced by the one
// word of its vocabulary that is a single slip away (two for long words):
// a letter dropped, added, changed, or two letters swapped. The vocabulary
// is the planner's own lexicon (objects, fields, picklist values, verbs,
// schedule and trigger words, systems), so "opportunty", "priorty",
// "recieved" and "whenevr" read as meant without a list of misspellings.
// English words that happen to be one slip from a vocabulary word
// (realWords, typo_words.go) are never changed.

// extraVocabulary are words that carry meaning for the planner but are not
// keys of its lexicon tables.
var extraVocabulary = []string{
	"when", "whenever", "every", "each", "night", "nights", "nightly", "morning", "mornings", "evening", "evenings",
	"afternoon", "weekday", "weekdays", "weekend", "weekends", "hourly", "daily", "weekly", "monthly", "minute", "minutes",
	"hour", "hours", "midnight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "month", "week", "first",
	"receive", "received", "receives", "webhook", "webhooks", "endpoint", "platform", "event", "events", "capture",
	"invocable", "action", "signature", "header", "salesforce", "record", "records", "created", "updated", "deleted",
	"changed", "closed", "opened", "converted", "escalated", "activated", "external", "field", "object", "matching",
	"greater", "contains", "starts", "begins", "empty", "blank", "equals", "priority", "opportunity", "opportunities",
	"invoice", "invoices", "payment", "payments", "message", "channel", "notification", "request", "response", "status",
	"customer", "customers", "account", "accounts", "contact", "contacts", "industry", "revenue", "employees",
	"update", "create", "delete", "upsert", "publish", "whether", "either", "between", "subject", "description",
	"shipment", "shipments", "subscription", "quarter", "yesterday", "tomorrow", "business", "anything", "something",
	"arrive", "arrives", "arrived", "system", "systems", "warehouse", "integration", "internal", "service", "services",
	"notifications", "verify", "verifying", "verified", "number", "reply", "replies", "response", "address", "schedule",
	"scheduled", "listener", "trigger", "triggered", "payload", "batch", "report", "summary", "digest", "reminder",
	"following", "matches", "checked", "unchecked", "populated", "blank", "greater", "between", "workflow", "endpoint",
	"through", "mention", "mentions", "without", "million", "thousand", "industries", "validation", "rules", "starting",
	"beginning", "containing", "including", "includes", "higher", "lower", "larger", "smaller", "exceeds", "equal",
	"straight", "directly", "company", "conversion", "activation", "creation", "deletion", "escalation", "cancellation",
	// what refusals look for, so that a slip does not hide it
	"bypass", "disable", "ignore", "sharing", "security", "permission", "permissions", "profile", "profiles",
	"validation", "duplicate", "delete", "remove", "purge", "truncate", "social", "password", "passwords",
	"credentials", "public", "publicly", "encryption", "audit", "trail", "history", "tracking", "administrator",
	// standard Industry values
	"agriculture", "apparel", "banking", "biotechnology", "chemicals", "communications", "construction", "consulting",
	"education", "electronics", "energy", "engineering", "entertainment", "environmental", "finance", "government",
	"healthcare", "hospitality", "insurance", "machinery", "manufacturing", "media", "recreation", "retail",
	"shipping", "technology", "telecommunications", "transportation", "utilities",
}

var (
	vocabOnce  sync.Once
	vocabSet   map[string]bool
	vocabIndex map[string][]string // a word with one or two letters deleted -> vocabulary words
)

// vocabWordRe is a word the corrector may learn or change: letters only.
var vocabWordRe = regexp.MustCompile(`^[a-z]+$`)

func buildVocabulary() {
	vocabSet = map[string]bool{}
	add := func(phrase string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(phrase), func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '.' }) {
			if vocabWordRe.MatchString(w) {
				vocabSet[w] = true
			}
		}
	}
	for w := range objectWords {
		add(w)
	}
	for w := range fieldWords {
		if _, after, ok := strings.Cut(w, ":"); ok {
			w = after
		}
		add(w)
	}
	for w := range picklistValues {
		add(w)
	}
	for v := range actionVerbs {
		add(v)
		for _, f := range inflections(v) {
			add(f)
		}
	}
	for w := range participles {
		add(w)
	}
	for _, s := range knownSystems {
		for _, w := range s.words {
			add(w)
		}
	}
	for _, w := range extraVocabulary {
		add(w)
	}
	for w := range nominalEvents {
		add(w)
	}
	for w := range fillers {
		add(w)
	}
	for w := range typos {
		delete(vocabSet, w)
	}
	vocabIndex = map[string][]string{}
	for w := range vocabSet {
		if len(w) < 5 {
			continue
		}
		for _, d := range deletions(w, maxSlips(len(w))) {
			vocabIndex[d] = append(vocabIndex[d], w)
		}
	}
}

// inflections are the rough -s, -ed and -ing forms of a verb.
func inflections(v string) []string {
	var out []string
	switch {
	case strings.HasSuffix(v, "e"):
		out = append(out, v+"s", v+"d", v[:len(v)-1]+"ing")
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		out = append(out, v[:len(v)-1]+"ies", v[:len(v)-1]+"ied", v+"ing")
	case strings.HasSuffix(v, "sh"), strings.HasSuffix(v, "ch"), strings.HasSuffix(v, "s"), strings.HasSuffix(v, "x"):
		out = append(out, v+"es", v+"ed", v+"ing")
	default:
		out = append(out, v+"s", v+"ed", v+"ing")
	}
	return out
}

// maxWordLen is the longest word the corrector looks at; longer tokens are
// no misspelt words.
const maxWordLen = 24

// maxSlips is how many slips a word of n letters may hold.
func maxSlips(n int) int {
	if n >= 9 {
		return 2
	}
	return 1
}

// deletions returns w with up to k letters deleted, w included.
func deletions(w string, k int) []string {
	seen := map[string]bool{w: true}
	out := []string{w}
	cur := []string{w}
	for ; k > 0; k-- {
		var next []string
		for _, s := range cur {
			for i := range len(s) {
				d := s[:i] + s[i+1:]
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
					next = append(next, d)
				}
			}
		}
		cur = next
	}
	return out
}

// bareContractions are contractions typed without their apostrophe
// ("thats our billing app", "theyre on QuickBooks"): words as meant, never
// slips of a vocabulary word ("thats" is not "whats").
var bareContractions = map[string]bool{
	"thats": true, "whats": true, "theres": true, "wheres": true, "heres": true, "theyre": true, "theyve": true,
	"theyll": true, "theyd": true, "youre": true, "youve": true, "youll": true, "wasnt": true, "werent": true,
	"doesnt": true, "didnt": true, "hasnt": true, "havent": true, "hadnt": true, "arent": true, "shouldnt": true,
	"wouldnt": true, "couldnt": true, "itll": true, "thatll": true, "whos": true, "weve": true,
}

// correctWord returns the vocabulary word w misspells, or "".
func correctWord(w string) string {
	vocabOnce.Do(buildVocabulary)
	if len(w) < 5 || len(w) > maxWordLen || vocabSet[w] || realWords[w] || bareContractions[w] || !vocabWordRe.MatchString(w) {
		return ""
	}
	k := maxSlips(len(w))
	var best []string
	bestD := k + 1
	seen := map[string]bool{}
	for _, d := range deletions(w, k) {
		for _, cand := range vocabIndex[d] {
			if seen[cand] {
				continue
			}
			seen[cand] = true
			dist := spec.EditDistance(w, cand)
			if dist > min(k, maxSlips(len(cand))) || dist == 0 {
				continue
			}
			switch {
			case dist < bestD:
				best, bestD = []string{cand}, dist
			case dist == bestD:
				best = append(best, cand)
			}
		}
	}
	if len(best) == 0 {
		return ""
	}
	// Several equally near words: a swap of two neighbouring letters is the
	// likeliest slip ("deletde" is "deleted", not "deletes").
	if len(best) > 1 {
		var swapped []string
		for _, c := range best {
			if isSwap(w, c) {
				swapped = append(swapped, c)
			}
		}
		if len(swapped) == 1 {
			return swapped[0]
		}
	}
	// fine too when they all name one object ("oppurtunity", "opportunity")
	sort.Strings(best)
	for _, c := range best[1:] {
		if meaning(c) != meaning(best[0]) {
			return ""
		}
	}
	return best[0]
}

// isSwap reports whether b is a with two neighbouring letters swapped.
func isSwap(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

// meaning is what a vocabulary word stands for: its object, or itself.
func meaning(w string) string {
	if o, ok := objectWords[w]; ok {
		return o
	}
	for _, ks := range knownSystems {
		for _, x := range ks.words {
			if x == w {
				return "system:" + ks.name
			}
		}
	}
	return w
}

// correctToken fixes one whitespace-separated token of a request, keeping
// its punctuation and a leading capital. Tokens with digits, underscores,
// inner capitals or other symbols (names, ids, secrets) are left alone.
func correctToken(tok string) string {
	start, end := 0, len(tok)
	for start < end && strings.IndexByte("([{\"'", tok[start]) >= 0 {
		start++
	}
	for end > start && strings.IndexByte(".,;:!?)]}\"'", tok[end-1]) >= 0 {
		end--
	}
	core := tok[start:end]
	suffix := ""
	if strings.HasSuffix(core, "'s") {
		core, suffix = core[:len(core)-2], "'s"
	}
	if len(core) < 5 || len(core) > maxWordLen {
		return tok
	}
	for i := 0; i < len(core); i++ {
		c := core[i]
		if !(c >= 'a' && c <= 'z' || i == 0 && c >= 'A' && c <= 'Z') {
			return tok
		}
	}
	fix := correctWord(strings.ToLower(core))
	if fix == "" {
		return tok
	}
	if core[0] >= 'A' && core[0] <= 'Z' {
		fix = strings.ToUpper(fix[:1]) + fix[1:]
	}
	return tok[:start] + fix + suffix + tok[end:]
}

// quotedRe is a quoted stretch of a request, which is never corrected.
var quotedRe = regexp.MustCompile(`"[^"\n]*"|(?:^|\s)'[^'\n]*'`)

// correctSlips fixes misspelt words outside quotes.
func correctSlips(s string) string {
	var b strings.Builder
	last := 0
	for _, q := range append(quotedRe.FindAllStringIndex(s, -1), []int{len(s), len(s)}) {
		b.WriteString(correctTokens(s[last:q[0]]))
		b.WriteString(s[q[0]:q[1]])
		last = q[1]
	}
	return b.String()
}

var tokenRe = regexp.MustCompile(`\S+`)

func correctTokens(s string) string {
	var b strings.Builder
	last := 0
	prev := ""
	for _, m := range tokenRe.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		tok := s[m[0]:m[1]]
		capital := tok[0] >= 'A' && tok[0] <= 'Z'
		if capital && nameCueWords[strings.ToLower(prev)] {
			// "an internal API they call Provisioner": a capitalised word
			// given as a name is that name, not a slip
			b.WriteString(tok)
		} else if fix := correctToken(tok); capital && fix != tok && prev != "" && !strings.ContainsAny(prev[len(prev)-1:], ".!?:;") && isVerbWord(strings.ToLower(strings.Trim(fix, ".,;:!?()[]{}\"'"))) {
			// "POST to /v1/tenants on Provisioner": a capitalised word
			// inside a sentence is a name, never a misspelt verb
			b.WriteString(tok)
		} else {
			b.WriteString(correctToken(tok))
		}
		prev, last = tok, m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// isVerbWord reports whether w is an action verb in any form.
func isVerbWord(w string) bool {
	if v, _ := verbOf(w); v != "" {
		return true
	}
	v, _ := pastVerbOf(w)
	return v != ""
}

// nameCueWords introduce a name: "called Provisioner", "named Atlas".
var nameCueWords = map[string]bool{"called": true, "named": true, "call": true, "dubbed": true, "nicknamed": true, "codenamed": true, "titled": true}

// unitRe is a number with a clipped time unit: "15 min", "2hrs".
var unitRe = regexp.MustCompile(`\b(\d+)\s*(mins?|minutes?|hrs?|hours?)\b`)

// expandUnits writes clipped time units out: "every 15 min" -> "every 15
// minutes".
func expandUnits(s string) string {
	return unitRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := unitRe.FindStringSubmatch(m)
		unit := "minutes"
		if strings.HasPrefix(sub[2], "h") {
			unit = "hours"
		}
		if sub[1] == "1" {
			unit = strings.TrimSuffix(unit, "s")
		}
		return sub[1] + " " + unit
	})
}
