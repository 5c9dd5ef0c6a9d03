package builder

import (
	"github.com/patchbay/patchbay/spec"

	"regexp"
	"strings"
)

// actionVerbs are the imperative verbs that start an action, mapped to the
// kind of action they name.
var actionVerbs = map[string]verbKind{
	"create": kindCreate, "make": kindCreate, "open": kindCreate, "add": kindCreate, "insert": kindCreate, "generate": kindCreate,
	"log": kindCreate, "raise": kindCreate, "file": kindCreate, "submit": kindCreate, "register": kindCreate, "book": kindCreate,
	"issue": kindCreate, "enroll": kindCreate, "provision": kindCreate, "charge": kindCreate, "bill": kindCreate, "invoice": kindCreate,
	"send": kindSend, "post": kindSend, "notify": kindSend, "alert": kindSend, "message": kindSend, "text": kindSend, "sms": kindSend,
	"email": kindSend, "ping": kindSend, "tell": kindSend, "push": kindSend, "forward": kindSend, "share": kindSend, "announce": kindSend,
	"broadcast": kindSend, "inform": kindSend, "dispatch": kindSend, "shoot": kindSend, "drop": kindSend, "upload": kindSend,
	"publish": kindPublish, "fire": kindPublish, "emit": kindPublish,
	"update": kindUpdate, "set": kindUpdate, "mark": kindUpdate, "change": kindUpdate, "modify": kindUpdate, "edit": kindUpdate,
	"patch": kindUpdate, "sync": kindUpdate, "stamp": kindUpdate, "flag": kindUpdate, "populate": kindUpdate, "fill": kindUpdate,
	"tag": kindUpdate, "link": kindUpdate, "assign": kindUpdate, "attach": kindUpdate, "refresh": kindUpdate, "close": kindUpdate,
	"escalate": kindSend, "write": kindSave, "save": kindSave, "store": kindSave, "record": kindSave, "put": kindSave,
	"copy": kindSave, "keep": kindSave, "stash": kindSave, "let": kindSend, "remind": kindSend, "nudge": kindSend, "warn": kindSend, "export": kindSend, "output": kindReply,
	"calculate": kindCall, "recalculate": kindCall, "compute": kindCall, "input": kindInput,
	"spin": kindCreate, "pop": kindSend, "blast": kindSend, "replicate": kindSend, "route": kindSend, "dm": kindSend, "slack": kindSend,
	"hand": kindSend, "mirror": kindSend, "ship": kindSend, "toss": kindSend, "throw": kindSend,
	"stick": kindSave, "jot": kindSave, "plug": kindSave,
	"resolve": kindUpdate, "reopen": kindUpdate, "approve": kindUpdate, "reject": kindUpdate, "suspend": kindUpdate, "pause": kindUpdate,
	"resume": kindUpdate, "reactivate": kindUpdate, "activate": kindUpdate, "renew": kindUpdate, "finalize": kindUpdate, "confirm": kindUpdate,
	"subscribe": kindCreate, "reserve": kindCreate, "translate": kindCall, "geocode": kindGet, "score": kindCall,
	"tick": kindUpdate, "untick": kindUpdate, "uncheck": kindUpdate,
	"bump": kindUpdate, "increase": kindUpdate, "decrease": kindUpdate, "reassign": kindUpdate, "credit": kindCall, "follow": kindCall, "deprovision": kindDelete, "offboard": kindDelete, "onboard": kindCreate,
	"transfer": kindSend, "ingest": kindGet, "bring": kindGet, "snag": kindGet, "run": kindCall, "execute": kindCall,
	"get": kindGet, "fetch": kindGet, "pull": kindGet, "retrieve": kindGet, "read": kindGet, "look": kindGet, "lookup": kindGet,
	"query": kindGet, "download": kindGet, "grab": kindGet, "import": kindGet, "check": kindGet, "search": kindGet, "find": kindGet,
	"collect": kindGet, "poll": kindGet, "load": kindGet, "validate": kindGet, "verify": kindGet, "enrich": kindGet,
	"delete": kindDelete, "remove": kindDelete, "archive": kindDelete, "unsubscribe": kindDelete, "deactivate": kindDelete,
	"cancel": kindCancel, "void": kindCancel, "refund": kindCancel, "page": kindSend,
	"upsert": kindUpsert, "reply": kindReply, "respond": kindReply, "return": kindReply, "acknowledge": kindReply, "answer": kindReply,
	"call": kindCall, "invoke": kindCall, "hit": kindCall, "trigger": kindCall, "kick": kindCall, "start": kindCreate,
	"take": kindInput, "accept": kindInput,
	"ask": kindCall,
}

// manualVerbs are a person's work, which no step can do ("print the
// contract", "fax the customer a copy"): they split a clause so it is
// listed as unplanned rather than folded into the clause before it. They
// are kept out of actionVerbs so the typo reader never corrects a word to
// one of them ("point" is not "print").
var manualVerbs = map[string]verbKind{
	"print": kindManual, "reprint": kindManual, "fax": kindManual, "mail": kindManual, "courier": kindManual,
	"visit": kindManual, "interview": kindManual, "review": kindManual, "discuss": kindManual, "shred": kindManual,
	"photocopy": kindManual, "handwrite": kindManual, "pack": kindManual, "hand-deliver": kindManual,
}

// verbOf returns the base form and kind of w when w is an action verb in
// the base or third-person form ("creates", "fetches", "copies").
func verbOf(w string) (string, verbKind) {
	w = strings.Trim(w, ".,;:!?'\"()")
	if k, ok := actionVerbs[w]; ok {
		return w, k
	}
	if k, ok := manualVerbs[w]; ok {
		return w, k
	}
	for _, suf := range []string{"ies", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			b := strings.TrimSuffix(w, suf)
			if suf == "ies" {
				b += "y"
			}
			if k, ok := actionVerbs[b]; ok {
				return b, k
			}
		}
	}
	return "", kindNone
}

// verbKindOf is the kind of action verb w is, or kindNone.
func verbKindOf(w string) verbKind {
	_, k := verbOf(w)
	return k
}

// fillers are words before an action verb that say nothing about it.
var fillers = map[string]bool{
	"and": true, "then": true, "also": true, "finally": true, "please": true, "just": true, "first": true, "next": true,
	"lastly": true, "afterwards": true, "so": true, "to": true, "we": true, "i": true, "should": true, "want": true,
	"need": true, "needs": true, "would": true, "like": true, "it": true, "automatically": true, "immediately": true,
	"we'd": true, "i'd": true, "let's": true, "can": true, "you": true, "must": true, "will": true, "could": true,
	"plz": true, "pls": true, "kindly": true, "go": true, "ahead": true, "always": true, "that": true, "which": true,
	"who": true, "afterward": true, "second": true, "third": true, "secondly": true, "additionally": true, "plus": true,
	"but": true, "basically": true, "simply": true, "ideally": true, "gotta": true, "wanna": true, "have": true,
	"be": true, "able": true, "us": true, "me": true, "they": true, "thx": true, "ok": true, "okay": true,
	"hey": true, "hi": true, "quickly": true, "right": true, "away": true, "straight": true, "instantly": true, "pleas": true,
	"sure": true, "salesforce": true, "sfdc": true, "might": true, "may": true, "make": false, "(and": true, "if": false, "ya": true, "u": true, "shd": true, "lets": true,
}

// scheduleWords may stand before the verb of an action ("every weekday at
// 7:15am pull ...").
var scheduleWords = regexp.MustCompile(`^(every|each|on|at|nightly|daily|hourly|weekly|monthly|night|nights|day|days|morning|mornings|evening|evenings|hour|hours|hr|hrs|minutes|mins|week|weeks|month|months|weekday|weekdays|business|working|first|last|other|once|twice|a|an|the|of|around|about|by|midnight|noon|o'clock|am|pm|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|\d{1,2}(:\d{2})?(am|pm|h)?|\d{1,2}(st|nd|rd|th)|then|after|that|in|end|start|beginning|(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day)?s?(?:[/&,-](?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day)?s?)*|top|hour|and|&|@)$`)

// schedLead is a schedule phrase opening a piece of text.
var schedLead = regexp.MustCompile(`^\s*(?:(?:and|then|also|so|ok|like|just|basically|um|uh|yeah|well|anyway|plus|also,|so,|ok,)\s+)*(every|each|nightly|daily|hourly|weekly|monthly|once|twice|weekdays?|on the|on (mon|tues|wednes|thurs|fri|satur|sun)days?|at \d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)?|at midnight|at noon|(mon|tues|wednes|thurs|fri|satur|sun)days?)\b`)

// pastSubjects may stand before an action told in the past tense ("it
// pulled the orders", "then created a case").
var pastSubjects = map[string]bool{"it": true, "they": true, "we": true, "zapier": true, "and": true, "then": true, "that": true, "which": true,
	"system": true, "integration": true, "job": true, "sync": true, "automation": true, "salesforce": true, "zap": true, "script": true}

// pastObjectRe is what follows a past-tense verb that acts: an article or
// a capitalised name ("created Order records", "emailed the customer").
var pastObjectRe = regexp.MustCompile(`^(?:a|an|the|new|them|it|their|its|[A-Z][A-Za-z0-9_]*)\b`)

// determinerRe starts the object of a verb.
var determinerRe = regexp.MustCompile(`^(?:a|an|the|new|it|them|their|its|this|that|these|those|all|each|every)\b`)

// slipVerbOf returns the action verb that w, not a verb itself, is one
// slip away from, when there is exactly one such verb.
func slipVerbOf(w string) (string, verbKind) {
	if len(w) < 4 || len(w) > maxWordLen || !vocabWordRe.MatchString(w) || fillers[w] || subjectWord[w] || valueStop[w] || stopNames[w] || nounSkip[w] || isObjectWord(w) {
		return "", kindNone
	}
	if _, ok := fieldWords[w]; ok {
		return "", kindNone
	}
	if v, _ := verbOf(w); v != "" {
		return "", kindNone
	}
	if v, _ := pastVerbOf(w); v != "" {
		return "", kindNone
	}
	found, kind := "", kindNone
	for v, k := range actionVerbs {
		if len(v) < 4 || abs(len(v)-len(w)) > 1 || spec.EditDistance(v, w) != 1 {
			continue
		}
		if found != "" && (k != kind || v != found) {
			return "", kindNone
		}
		found, kind = v, k
	}
	return found, kind
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// pastVerbOf returns the base form and kind of a past-tense action verb
// ("pulled", "created", "emailed").
func pastVerbOf(w string) (string, verbKind) {
	if b, ok := participles[w]; ok {
		return verbOf(b)
	}
	for _, cut := range []struct{ suf, add string }{{"ied", "y"}, {"ed", ""}, {"d", ""}, {"ed", "e"}} {
		if strings.HasSuffix(w, cut.suf) && len(w) > len(cut.suf)+2 {
			b := strings.TrimSuffix(w, cut.suf) + cut.add
			if v, k := verbOf(b); v == b {
				return v, k
			}
		}
	}
	return "", kindNone
}

// startsWithVerb reports the verb at the start of s after fillers, its
// kind, and the offset just past it.
func startsWithVerb(s string) (verb string, kind verbKind, end int) {
	if len(s) > 300 {
		s = s[:300]
	}
	ws := wordSpans(s)
	// sched: inside a schedule that opens the clause; aside: inside a
	// bracketed aside after it ("every weekday at 7am (before the
	// dispatchers log on) fetch ...")
	sched, aside := false, false
	for i, w := range ws {
		t := strings.Trim(lowerASCII(s[w[0]:w[1]]), ".,;:!?()")
		if aside || sched && s[w[0]] == '(' {
			aside = !strings.Contains(s[w[0]:w[1]], ")")
			continue
		}
		if t == "make" && i+1 < len(ws) && strings.Trim(lowerASCII(s[ws[i+1][0]:ws[i+1][1]]), ".,") == "sure" {
			continue
		}
		if fillers[t] {
			continue
		}
		if t == "the" && i+1 < len(ws) && pastSubjects[strings.Trim(lowerASCII(s[ws[i+1][0]:ws[i+1][1]]), ".,")] {
			// "the system fetched ...": the subject, then the action
			if i+2 < len(ws) {
				nx := strings.Trim(lowerASCII(s[ws[i+2][0]:ws[i+2][1]]), ".,")
				if v, _ := pastVerbOf(nx); v != "" || clauseModals[nx] || fillers[strings.Trim(lowerASCII(s[ws[0][0]:ws[0][1]]), ".,")] && verbKindOf(nx) != kindNone {
					// "the system shall send ...", "can the system send ...":
					// the subject, its modal, then the action
					continue
				}
			}
		}
		if i > 0 && pastSubjects[t] && strings.Trim(lowerASCII(s[ws[i-1][0]:ws[i-1][1]]), ".,") == "the" {
			continue
		}
		if v, k := slipVerbOf(t); v != "" && i == 0 && i+1 < len(ws) && determinerRe.MatchString(lowerASCII(s[ws[i+1][0]:])) {
			// "crate a task", "grap the orders": a verb one slip off, before its object
			return v, k, w[1]
		}
		if v, k := pastVerbOf(t); v != "" && (i > 0 && pastSubjects[strings.Trim(lowerASCII(s[ws[i-1][0]:ws[i-1][1]]), ".,")] ||
			i == 0 && i+1 < len(ws) && (pastObjectRe.MatchString(s[ws[i+1][0]:]) || isObjectWord(strings.Trim(lowerASCII(s[ws[i+1][0]:ws[i+1][1]]), ".,")) || strings.HasSuffix(s[ws[i+1][0]:ws[i+1][1]], "__c"))) {
			// "it pulled overnight orders", "... and created Order records":
			// an action told in the past
			return v, k, w[1]
		}
		if v, k := verbOf(t); v == "" && scheduleWords.MatchString(t) && i < 12 && (sched || schedLead.MatchString(lowerASCII(s[w[0]:]))) {
			// "every weekday at 7am fetch ...", "we'd like every night at 2
			// to pull ...": the schedule before the verb
			sched = true
			continue
		} else if v != "" {
			if v == "look" && !lookUpParticleRe.MatchString(lowerASCII(s[w[1]:])) {
				return "", kindNone, 0
			}
			if nounSubjectRe.MatchString(lowerASCII(s[w[1]:])) || dateNounRe.MatchString(lowerASCII(s[w[1]:])) {
				// "refunds are a black hole", "invoices were late": a noun
				// the sentence is about, not a verb
				return "", kindNone, 0
			}
			return v, k, w[1]
		}
		return "", kindNone, 0
	}
	return "", kindNone, 0
}

// dateNounRe follows a verb that is the first half of a field's name:
// "the new amount + close date", "start date and end date".
var dateNounRe = regexp.MustCompile(`^\s+(?:date|dates|datetime|timestamp)\b`)

var wordSpanRe = regexp.MustCompile(`[^\s,;:]+`)

func wordSpans(s string) [][]int { return wordSpanRe.FindAllStringIndex(s, -1) }

var sentenceEnd = regexp.MustCompile(`[.!?;]+(\s+|$)|\n+|\s+-\s+|:\s+`)

// dashedValues are the words on either side of " - " in picklist values
// ("working - contacted"), which a dash inside does not split.
var dashedValues = func() map[string]bool {
	m := map[string]bool{}
	for v := range picklistValues {
		if a, b, ok := strings.Cut(v, " - "); ok {
			ws, bs := strings.Fields(a), strings.Fields(b)
			m[ws[len(ws)-1]+" - "+bs[0]] = true
		}
	}
	return m
}()

// dashInValue reports whether the " - " at text[a:b] joins the two halves
// of a picklist value.
func dashInValue(text string, a, b int) bool {
	if strings.TrimSpace(text[a:b]) != "-" {
		return false
	}
	before, after := strings.Fields(text[:a]), strings.Fields(text[b:])
	if len(before) == 0 || len(after) == 0 {
		return false
	}
	// "Customer - Direct": capitalised words on both sides name one value
	if x, y := before[len(before)-1], after[0]; x[0] >= 'A' && x[0] <= 'Z' && y[0] >= 'A' && y[0] <= 'Z' && len(before) > 1 {
		ly := strings.Trim(lowerASCII(y), ".,;:!?")
		if v, _ := verbOf(ly); v == "" && !leadCueRe.MatchString(ly) && !fillers[ly] {
			return true
		}
	}
	before, after = strings.Fields(lowerASCII(text[:a])), strings.Fields(lowerASCII(text[b:]))
	return dashedValues[strings.Trim(before[len(before)-1], "'\"(")+" - "+strings.Trim(after[0], ".,;:!?'\")")]
}

// insideAside reports whether the dash, colon or semicolon at text[a:b]
// stands inside a bracketed aside that closes later on its line: "(the
// mexican plants - the US plants have their own process)" is one aside,
// not the end of a sentence.
func insideAside(text string, a, b int) bool {
	if t := strings.TrimSpace(text[a:b]); t != "-" && t != ":" && t != ";" {
		return false
	}
	start := strings.LastIndexByte(text[:a], '\n') + 1
	if strings.Count(text[start:a], "(") <= strings.Count(text[start:a], ")") {
		return false
	}
	end := strings.IndexByte(text[b:], '\n')
	if end < 0 {
		end = len(text) - b
	}
	return strings.Contains(text[b:b+end], ")")
}

// sentences splits text at sentence ends.
func sentences(text string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		if dashInValue(text, m[0], m[1]) || insideAside(text, m[0], m[1]) {
			continue
		}
		if s := strings.TrimSpace(text[last:m[0]]); s != "" {
			out = append(out, s)
		}
		last = m[1]
	}
	if s := strings.TrimSpace(text[last:]); s != "" {
		out = append(out, s)
	}
	return out
}

// flowBreak finds where a sentence turns to a second integration: "...,
// and also when ...", "... Also, every night ...", and in dictation, which
// has no full stops, "... and then second thing every weekday ...", "...
// and then a separate thing when ...".
var flowBreak = regexp.MustCompile(`(,\s*|\s+)(and\s+(?:then\s+)?)?(also|additionally|plus|separately|secondly|(?:the\s+)?(?:second|third|other|next|last)(?:\s+(?:one|thing|part|bit|piece|item|request|ask))?|(?:a|one\s+more|another)\s+(?:(?:separate|second|different|other)\s+)?(?:one|thing|part|bit|piece|item|request|ask)|in addition|and|oh and|as well as)\s*,?\s+(when|whenever|every|once|on the|each|nightly|daily|hourly|weekly|monthly|if|at \d{1,2}(?::\d\d)?\s*(?:am|pm)?|at noon|at midnight)\b`)

// listMarker is a numbered or bulleted list item's marker.
var listMarker = regexp.MustCompile(`^\s*(?:\(?\d{1,2}[.)]|[-*•]|\(?[a-z]\))\s+`)

// splitFlows cuts a request into the parts that describe one flow each.
func splitFlows(text string) []string {
	if strings.Contains(text, flowMark) {
		// the request's layout parts its flows (readLayout)
		var segs []string
		for _, part := range strings.Split(text, flowMark) {
			segs = append(segs, splitFlows(part)...)
		}
		return segs
	}
	var pieces []string
	for _, s := range sentences(text) {
		s = listMarker.ReplaceAllString(s, "")
		for {
			low := lowerASCII(s)
			m := flowBreak.FindStringSubmatchIndex(low)
			if m == nil || m[0] == 0 {
				break
			}
			pieces = append(pieces, strings.TrimSpace(s[:m[0]]))
			s = strings.TrimSpace(s[m[8]:])
		}
		pieces = append(pieces, s)
	}
	var segs []string
	cur, curTrig, curAct, curImplicit := "", false, false, false
	for _, pc := range pieces {
		low := lowerASCII(pc)
		act := hasAction(low)
		trig := hasTriggerCue(publishedEventRe.ReplaceAllString(low, "")) || act && newObjectRe.MatchString(low) || act && pronounFlowRe.MatchString(low) ||
			// "we'll make a slack slash command that POSTs to /slack/it-ticket"
			callsUs(low)
		if cur != "" && arrivalCueRe.MatchString(low) && (callsUs(lowerASCII(cur)) || webhookAtPath(cur)) {
			// "Twilio will POST the inbound messages to /twilio/sms. When a
			// message comes in, create a Task": the call the flow receives
			// (and after "an endpoint at /billing/stripe-events")
			curTrig, curAct = true, curAct || act
			cur += ". " + pc
			continue
		}
		if cur != "" && curTrig && curAct && publishedByOther(pc, "") {
			// "2. our SAP middleware already publishes SAP_Delivery_Update__e
			// events": another system's event starts a flow of its own
			segs = append(segs, cur)
			cur, curTrig, curAct, curImplicit = "", false, false, false
		}
		if cur != "" && curTrig && curAct && trig && (act || leadCueRe.MatchString(low)) && (startsNewFlow(low) || act && pronounFlowRe.MatchString(low) && !backReferenceCueRe.MatchString(low)) ||
			cur != "" && curTrig && curAct && callsUs(low) && !callsUs(lowerASCII(cur)) || cur != "" && !curTrig && curAct && trig && leadCueRe.MatchString(low) && curImplicit {
			segs = append(segs, cur)
			cur, curTrig, curAct, curImplicit = "", false, false, false
		}
		if cur == "" {
			cur = pc
		} else {
			cur += ". " + pc
		}
		curImplicit = curImplicit || act && !curTrig && newObjectRe.MatchString(low)
		curTrig = curTrig || trig
		curAct = curAct || act
	}
	if cur != "" {
		segs = append(segs, cur)
	}
	return segs
}

// callsUs reports whether low says another system calls us, by the strong
// webhook cues or by one of inboundRows ("can you set up /x to take their
// POSTs").
func callsUs(low string) bool { return webhookStrongRe.MatchString(low) || saysInbound(low) }

// publishedEventRe is a platform event the flow publishes, which names
// no trigger: "then publish an Order_Shipped__e platform event".
var publishedEventRe = regexp.MustCompile(`\b(?:publish|publishes|emit|emits|fire|fires)\s+(?:an?\s+|the\s+|one\s+)?(?:new\s+)?[a-z0-9_]*(?:__e)?(?:\s+platform)?(?:\s+events?)?`)

// pronounFlowRe opens a piece about the record already named, which with
// an action of its own is a flow of its own: "When it gets unchecked,
// unsubscribe them".
var pronounFlowRe = regexp.MustCompile(`^(?:and |but |also,? )?(?:when|whenever|if|once) (?:it|it's|its|they|they're|that|their|his|her) `)

// newObjectRe is an implicit record trigger: "new leads should go to ...".
var newObjectRe = regexp.MustCompile(`\bnew\s+([a-z-]+\s+)?(leads?|contacts?|accounts?|opportunit(y|ies)|deals?|cases?|tickets?|orders?|quotes?|users?|tasks?|customers?|prospects?|products?|campaigns?|contracts?|assets?)\b`)

// leadCueRe is a trigger phrase at the start of a piece.
var leadCueRe = regexp.MustCompile(`^(also,? |and |then |plus |additionally,? |separately,? )?(when|whenever|every|each|if|once|on the|after|nightly|daily|hourly|weekly|monthly|(?:on )?weekdays|as soon as|any ?time)\b`)

// Patterns used by startsNewFlow.
var (
	resultCueRe = regexp.MustCompile(`^(when|if|once|and when|but when|whenever|after) (it|its|it's|they|the event|the event's|that|this|the amount|the record|the response|the result|the call|the api|we get|you get)\b`)
	// arrivalCueRe is a trigger phrase about something arriving: "when a
	// message comes in", "once the notification arrives", "each time a
	// payload is received"; after an inbound endpoint it is that call.
	arrivalCueRe = regexp.MustCompile(`^(?:(?:and|but|so|then|also),? )?(?:when|whenever|once|each time|every time|as soon as|after) (?:(?:a|an|the|one|each|every|that|this|such an?)\s+)?(?:new\s+|inbound\s+|incoming\s+)?(?:[a-z-]+\s+)?(?:comes? (?:in|through)|arrives?|lands?|(?:is|gets) (?:received|posted|delivered))\b`)
	// backReferenceCueRe is a trigger phrase about the arrival of what was
	// just named: "when one of those events comes through", "when one
	// arrives", "each time these come in", "when such an event comes" (but "when one of those cases
	// gets closed" is an event of its own)
	backReferenceCueRe = regexp.MustCompile(`^(?:(?:and|but|so|then|also),? )?(?:when|whenever|if|once|each time|every time|any ?time) (?:one of (?:those|these|them|the|our)(?: [a-z_]+)?|one|those|these|such an? [a-z_]+|(?:that|this|said) (?:platform )?events?|(?:that|this) [a-z0-9_]+__e(?: events?)?) (?:comes?(?: (?:in|through))?|arrives?|lands?|shows? up|fires?|hits?|is (?:received|published|fired)|are (?:received|published|fired))\b`)
	// subscribeBackRe is listening to what was just named: "subscribe to
	// that event and, when ...", "listen for those", "react to it".
	subscribeBackRe = regexp.MustCompile(`^(?:(?:and|so|then|also|just),?\s+)?(?:subscribe|listen|react|respond|hook)\s+(?:in\s+)?(?:to|for|into|on)\s+(?:that|this|those|these|it|them|the\s+same)\b`)
	systemRepliesRe = regexp.MustCompile(`^(?:when|if|once|after|whenever) (?:the )?([a-z0-9&. ]{2,30}?) (?:returns|responds|answers|replies|sends back|gives back|comes back)\b`)
)

// startsNewFlow reports whether a piece that has a trigger cue opens a new
// flow rather than adding a condition ("When its amount is over 500, ...").
func startsNewFlow(low string) bool {
	if resultCueRe.MatchString(low) || backReferenceCueRe.MatchString(low) || subscribeBackRe.MatchString(low) {
		return false
	}
	if m := systemRepliesRe.FindStringSubmatch(low); m != nil {
		return false
	}
	return true
}

var triggerCueRe = regexp.MustCompile(`\b(when|whenever|whenevr|whenver|everytime|wheneva|once an?|as soon as|any ?time|each time|every|each (night|day|morning|evening|hour|week|month|weekday)|nightly|hourly|daily|weekly|monthly|(?:on )?weekdays (?:at|@)|on weekdays|webhook|webhooks|endpoint|flow action|invocable|flow builder|platform event|change data capture|cdc|change events?|on the (first|last|\d+(st|nd|rd|th))|each (first|last|\d+(st|nd|rd|th)))\b|__e\b|\bcron\(|\b\w+ (will|would|can) (post|send|push|call)`)

func hasTriggerCue(low string) bool { return triggerCueRe.MatchString(low) }

// hasAction reports whether a piece holds an action that is not only a
// definition of the trigger ("create a webhook endpoint").
func hasAction(low string) bool {
	var b strings.Builder
	last := 0
	for _, c := range clauseSpans(low) {
		b.WriteString(low[last:c.a])
		b.WriteString(". ")
		last = c.b
	}
	b.WriteString(low[last:])
	for _, c := range chunks(b.String()) {
		if passiveRe.MatchString(c) || goIntoRe.MatchString(c) || passiveActionRe.MatchString(strings.TrimLeft(c, " ,;:.-")) {
			return true
		}
		if toldInbound(c) || isNarrative(c) || methodOnlyRe.MatchString(c) {
			continue
		}
		v, k, end := startsWithVerb(c)
		if v == "" || k == kindInput {
			continue
		}
		if isMeta(c[end:]) || (v == "set" || v == "open" || v == "start") && strings.HasPrefix(c[end:], " up") {
			continue
		}
		return true
	}
	return false
}

// methodOnlyRe is a clause that only says which HTTP methods an endpoint
// takes: "POST only", "GET requests only", "post or put". It defines the
// trigger; it is not a call.
var methodOnlyRe = regexp.MustCompile(`^\s*(?:(?:accepts?|allows?|takes?|only)\s+)?(?:post|get|put|patch)(?:\s*(?:/|,|or|and|&)\s*(?:post|get|put|patch))*(?:\s+(?:only|requests?|calls?|method|methods|verbs?)){0,2}\s*[.!?]*\s*$`)

// nounSubjectRe is a linking verb and what it says of a word right after
// that word: "refunds are a black hole", "invoices were always late". The
// word is the sentence's subject, a noun; "invoice is created in Xero" (a
// passive) stays an action.
var nounSubjectRe = regexp.MustCompile(`^\s+(?:(?:are|were|is|was|have been|has been|aren't|weren't|isn't|wasn't)\s+(?:a|an|the|so|such|always|never|often|totally|really|very|kind of|pretty|too|our|my|a total|basically|still a|just a|getting|late|slow|messy|broken|painful|manual)\b|` +
	// "and Email is not blank", "Post isn't empty": a field a condition tests
	`(?:is|are|isn't|aren't)\s+(?:not\s+)?(?:blank|empty|null|populated|filled|missing|present|checked|unchecked)\b)`)

// toldInboundRe is another system calling us, told of it: "it will POST
// to /shopify/refunds", "Shopify can hit a webhook on our side", "they
// send it to Salesforce".
var toldInboundRe = regexp.MustCompile(`^\s*([a-z0-9]+)\s+(?:(?:will|would|can|could|should|is going to|are going to|going to|gonna|then|also)\s+)?(?:post|posts|put|puts|send|sends|push|pushes|call|calls|hit|hits|notify|notifies|ping|pings|fire|fires)\b[^.;]{0,40}?\b(?:to|at|on)\s+(?:/|us\b|our side|our end|salesforce\b|our (?:org|endpoint|webhook|url))`)

// toldInbound reports whether the chunk tells of another system calling
// us rather than asking for an action: its subject is neither the admin
// nor a verb.
func toldInbound(c string) bool {
	m := toldInboundRe.FindStringSubmatch(c)
	if m == nil {
		return false
	}
	switch m[1] {
	case "we", "i", "you", "u", "please", "pls", "and", "then", "also", "just", "to":
		return false
	}
	v, _ := verbOf(m[1])
	return v == ""
}

// listenedEventRe is the event a flow listens to, after "subscribe" or
// "listen": "subscribe to that event", "listen for the platform events",
// which defines the trigger.
var listenedEventRe = regexp.MustCompile(`^\s*(?:to|for|on)\s+(?:(?:that|this|those|these|the|its|our|their|an?)\s+)?(?:[a-z0-9_]+__e\s+)?(?:platform\s+|change\s+)?events?\b`)

// metaRe matches the objects of verbs that define the integration itself
// rather than act ("create a webhook", "add a Flow action", "make one of
// those flow actions").
var metaRe = regexp.MustCompile(`^\s*(an?\s+|the\s+|new\s+|public\s+|rest\s+|apex\s+|inbound\s+|http\s+|https\s+|simple\s+|custom\s+|small\s+|little\s+|one\s+of\s+(?:those|these|them|the|your)\s+|(?:one|some)\s+more\s+)*(webhooks|endpoints|flow actions|invocables|webhook|endpoint|flow action|flow builder action|invocable|action|integration|flow|trigger|listener|schedule|scheduled job|apex|rest resource|api endpoint|change data capture|cdc|button|slash-commands?|slack slash-commands?|the hmac|hmac|signature|the signature|that the request|the request|it is|it's|that it)\b`)

func isMeta(rest string) bool {
	rest = lowerASCII(rest)
	// "send it to DocuSign for signature": a document to sign, not a webhook check
	rest = forSignatureRe.ReplaceAllString(rest, " ")
	if metaRe.MatchString(rest) || listenedEventRe.MatchString(rest) {
		return true
	}
	return metaWordRe.MatchString(rest)
}

// forSignatureRe is a document sent to be signed.
var forSignatureRe = regexp.MustCompile(`\bfor (?:an? )?(?:e-?)?signatures?\b|\bfor (?:e-?)?signing\b`)

var metaWordRe = regexp.MustCompile(`\b(signature|sig|hmac|signing)\b|-sig(nature)?\b|\bheader\b`)

var chunkBreak = regexp.MustCompile(`(,\s*(and\s+)?(then\s+)?|\s+and\s+(then\s+)?(also\s+)?|\s+then\s+|\s+(that|which|who)\s+(also\s+)?(then\s+)?|\s+after that,?\s+|\s+finally,?\s+|,?\s+as well as\s+|\s+plus\s+|\s+\(and\s+)`)

var forEachLead = regexp.MustCompile(`^(?:and\s+|then\s+)?(?:for|with)\s+(?:each|every)\s+([a-z_]+)\b`)

// forEachPrefix reads "for each item in the request body, " before an
// action: the noun, and where the action's verb starts.
func forEachPrefix(low string) (noun string, end int, ok bool) {
	m := forEachLead.FindStringSubmatchIndex(low)
	if m == nil {
		return "", 0, false
	}
	noun = low[m[2]:m[3]]
	if pm := passiveRe.FindStringIndex(low[m[1]:]); pm != nil && pm[0] <= 12 {
		// "for each pallet we need the Pallet__c record upserted": the
		// wish is the action ("record" there is no verb)
		return noun, m[1], true
	}
	ws := wordSpans(low[m[1]:])
	for i, w := range ws {
		if i > 8 {
			break
		}
		at := m[1] + w[0]
		if i > 0 && determinerWords[low[m[1]+ws[i-1][0]:m[1]+ws[i-1][1]]] {
			// "for each currency in the answer create ...": a word after
			// a determiner is a noun, not the verb
			continue
		}
		if v, k, _ := startsWithVerb(low[at:]); v != "" && k != kindInput && !fillers[strings.Trim(low[at:m[1]+w[1]], ",.")] {
			return noun, at, true
		}
	}
	return noun, m[1], false
}

// modalAction reports whether s is a subject, a modal and an action:
// "the AE should get ...", "NetSuite needs to create ...".
func modalAction(s string) bool {
	m := subjModalRe.FindStringIndex(s)
	if m == nil {
		return false
	}
	v, k, _ := startsWithVerb(s[m[1]:])
	return v != "" && k != kindInput
}

// chunks splits action text into single actions: at sentence ends, and
// before each verb that follows a comma, "and", "then" or "that".
// verbParticles follow a verb as part of it: "look up", "send over".
var verbParticles = map[string]bool{"up": true, "out": true, "down": true, "over": true, "back": true, "off": true, "in": true}

// thatAfterVerb reports whether brk, a chunk break, is a "that" standing
// right after a verb (or its particle), where it is the determiner of the
// verb's object, not a relative pronoun ("update that record").
func thatAfterVerb(before, brk string) bool {
	if strings.TrimSpace(brk) != "that" {
		return false
	}
	ws := strings.Fields(before)
	if len(ws) == 0 {
		return false
	}
	w := ws[len(ws)-1]
	if verbParticles[w] && len(ws) > 1 {
		w = ws[len(ws)-2]
	}
	v, _ := verbOf(w)
	return v != ""
}

// asideOpenRe opens an aside that holds an action of its own: "(and
// post it to Slack)", "(then email it)".
var asideOpenRe = regexp.MustCompile(`^\(\s*(?:and|then|also|plus|and then|and also)\b`)

// inAside reports whether the end of before is inside a bracketed aside
// that tells rather than asks ("(phone ones already get escalated, ...").
func inAside(before string) bool {
	open := strings.LastIndexByte(before, '(')
	if open < 0 || strings.IndexByte(before[open:], ')') >= 0 {
		return false
	}
	return !asideOpenRe.MatchString(before[open:])
}

// asideTail returns chunk without the end of an aside whose opening
// bracket went with a trigger clause ("skip those)" of "its Okta_User_Id__c
// is filled in (plenty never had access, skip those)"); a chunk that a
// bracketed "(and" opened keeps its closing bracket.
func asideTail(chunk string, opened bool) string {
	c := strings.TrimSpace(chunk)
	if opened {
		return c
	}
	// the clause starts after the last bracket that closes one it did not open
	depth, cut := 0, 0
	for i := 0; i < len(c); i++ {
		switch {
		case c[i] == '(':
			depth++
		case c[i] == ')' && depth == 0:
			cut = i + 1
		case c[i] == ')':
			depth--
		}
	}
	if cut == 0 {
		return c
	}
	return strings.TrimSpace(strings.TrimLeft(c[cut:], " ,;:.-"))
}

// toldInPurpose reports whether after, the text after a break in a
// clause, goes on with a reason the clause gives ("so the manager knows
// somebody finally called them", "so the team sees we emailed them"): a
// verb told in the past inside a reason is no action.
func toldInPurpose(before, after string) bool {
	if !purposeRe.MatchString(before) {
		return false
	}
	for _, w := range strings.Fields(after) {
		w = strings.Trim(w, ".,;:!?")
		if fillers[w] {
			continue
		}
		v, _ := pastVerbOf(w)
		return v != "" && v != w
	}
	return false
}

// chunks cuts action text into clauses, one action each: at commas, "and",
// "then" and relative pronouns that open a new verb.
func chunks(s string) []string {
	var out []string
	for _, sent := range sentences(s) {
		low := lowerASCII(sent)
		last := 0
		opensAside := false
		for _, m := range chunkBreak.FindAllStringIndex(low, -1) {
			if m[0] < last {
				continue
			}
			after := low[m[1]:]
			if thatAfterVerb(low[:m[0]], low[m[0]:m[1]]) {
				// "looks up that invoice in Xero": "that" points at the
				// verb's object, it opens no clause
				continue
			}
			if inAside(low[:m[0]]) {
				// "(plenty of old contacts never had portal access, skip
				// those)": an aside's comma opens no clause
				continue
			}
			if _, fe, ok := forEachPrefix(after); ok {
				after = after[fe:]
			}
			if v, _, end := startsWithVerb(after); v != "" && strings.Contains(low[m[0]:m[1]], ",") && listedValueVerb(v, after[end:]) {
				// "with the name, email and phone": a word that is more
				// often a noun, in a list of nouns, opens no clause
				continue
			}
			if rel := strings.Fields(low[m[0]:m[1]]); len(rel) > 0 && (rel[0] == "that" || rel[0] == "which") &&
				publishedByOther(sent[last:], "") && !publishedByOther(sent[m[1]:], "") {
				// "our trucks have tablets that fire a Truck_Breakdown__e":
				// the publisher and its event are one clause, the trigger
				continue
			}
			if toldInPurpose(low[last:m[0]], after) {
				// "post in slack so the manager knows somebody finally
				// called them": what the reason tells happened opens no
				// clause
				continue
			}
			if v, _, _ := startsWithVerb(after); v == "" && !passive3Re.MatchString(after) && !nominalMessageRe.MatchString(after) && !receiverRe.MatchString(after) && !modalAction(after) && !eventTypeLeadRe.MatchString(after) && !startsStepCondition(after) {
				continue
			}
			if c := asideTail(sent[last:m[0]], opensAside); c != "" {
				out = append(out, c)
			}
			last = m[1]
			opensAside = strings.Contains(low[m[0]:m[1]], "(")
		}
		if c := asideTail(sent[last:], opensAside); c != "" {
			out = append(out, c)
		}
	}
	return out
}
