package builder

import (
	"regexp"
	"strings"
)

// A trigger or condition clause runs from its cue ("when", "if", "whose")
// to the first word that starts the action. clauseEnders are the signs of
// that word, in the order they are tried at each word of the clause.

// clauseCut is where a clause ends, relative to the word that ends it.
type clauseCut uint8

const (
	cutBeforeWord clauseCut = iota // the word starts the action
	cutAtComma                     // the comma before the word ends the clause
	cutAfterPrev                   // the punctuation after the word before ends it
)

// clauseEnder is one sign that a clause has ended: a name, an example
// request whose first clause it ends, and whether the word w ends it.
type clauseEnder struct {
	name    string
	example string
	match   func(w *clauseWord) bool
	cut     clauseCut
}

// clauseWord is a word of a clause, with what the enders look at.
type clauseWord struct {
	low        string   // the whole segment, lower case
	start      int      // where the clause's words start in low
	ws         [][2]int // the clause's words, relative to start
	i          int      // this word's index in ws
	a, b       int      // its offsets in low
	gap        string   // the text between the word before and this one
	word, prev string   // this word and the one before, punctuation trimmed
}

// hasNext reports whether a word follows this one in the clause.
func (w *clauseWord) hasNext() bool { return w.i+1 < len(w.ws) }

// next is the text of the word after this one, punctuation trimmed, or "".
func (w *clauseWord) next() string {
	if w.i+1 >= len(w.ws) {
		return ""
	}
	return strings.Trim(w.low[w.start+w.ws[w.i+1][0]:w.start+w.ws[w.i+1][1]], ".,")
}

// prev2 is the word two before this one, punctuation trimmed, or "".
func (w *clauseWord) prev2() string {
	if w.i < 2 {
		return ""
	}
	return strings.Trim(w.low[w.start+w.ws[w.i-2][0]:w.start+w.ws[w.i-2][1]], ".,!?()")
}

// fromNext is low from the word after this one, or "".
func (w *clauseWord) fromNext() string {
	if w.i+1 >= len(w.ws) {
		return ""
	}
	return w.low[w.start+w.ws[w.i+1][0]:]
}

// isImperative reports whether word is an action verb in its base form
// that is not a Flow action's input ("take").
func isImperative(word string) (string, bool) {
	v, k := verbOf(word)
	return v, v == word && k != kindInput
}

// clauseEnders are tried in order at each word of a clause.
var clauseEnders = []clauseEnder{
	{
		name:    "sentence ends",
		example: "When a case is closed; send the survey in Qualtrics.",
		match:   func(w *clauseWord) bool { return strings.ContainsAny(w.gap, ".;!?") },
		cut:     cutAfterPrev,
	},
	{
		name:    "a full stop",
		example: "When a case is closed. The survey goes out through Qualtrics.",
		match: func(w *clauseWord) bool {
			if w.i == 0 {
				return false
			}
			prev := w.low[w.start+w.ws[w.i-1][0] : w.start+w.ws[w.i-1][1]]
			return strings.ContainsAny(prev[len(prev)-1:], ".!?") && !abbrevRe.MatchString(prev)
		},
		cut: cutAfterPrev,
	},
	{
		name:    "comma, then a verb",
		example: "When a case is closed, send a survey in Qualtrics.",
		match: func(w *clauseWord) bool {
			if !strings.Contains(w.gap, ",") {
				return false
			}
			v, k, _ := startsWithVerb(w.low[w.a:])
			return k.acts() && !listedValueVerb(v, w.low[w.b:])
		},
		cut: cutAtComma,
	},
	{
		name:    "comma, then a subject and its action",
		example: "When a case is closed, a survey is sent in Qualtrics.",
		match: func(w *clauseWord) bool {
			if !strings.Contains(w.gap, ",") {
				return false
			}
			rest := w.low[w.a:]
			return subjVerbRe.MatchString(rest) || passive2Re.MatchString(rest) || receiverRe.MatchString(rest) && !strings.HasPrefix(w.word, "it")
		},
		cut: cutAtComma,
	},
	{
		name:    "and, then a subject and its action",
		example: "When a case is closed and we send a survey in Qualtrics, log it.",
		match: func(w *clauseWord) bool {
			return w.i > 0 && w.word == "and" && subjVerbRe.MatchString(w.low[w.b:])
		},
	},
	{
		name:    "then",
		example: "When a case is closed then send a survey in Qualtrics.",
		match:   func(w *clauseWord) bool { return w.word == "then" && w.i > 0 },
	},
	{
		name:    "an actor, then an action",
		example: "When a case is closed we ping the customer in Slack.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !actorWords[w.word] || !w.hasNext() {
				return false
			}
			_, ok := isImperative(w.next())
			return ok && !subjectWord[w.prev] && (w.word != "it" && w.word != "they" || eventVerbRe.MatchString(w.prev))
		},
	},
	{
		name:    "an event, then what it does told in the present",
		example: "When a case is closed it automatically posts in #support on Slack.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || w.word != "it" && w.word != "they" || !w.hasNext() || linkWords[w.prev] {
				return false
			}
			m := presentActionRe.FindStringSubmatch(w.fromNext())
			if m == nil {
				return false
			}
			v, k := verbOf(m[1])
			if !k.acts() || k == kindInput || inboundToRe.MatchString(w.fromNext()[len(m[0]):]) {
				// "(they'll POST to it)": the other system calls us
				return false
			}
			// after a value ("over $75k it posts"), only the record's own
			// action, with a verb that cannot be the condition's ("it gets
			// assigned", "it has"), ends it
			return eventVerbRe.MatchString(w.prev) || w.word == "it" && v != "get" && v != "set"
		},
	},
	{
		name:    "an event, then a question that asks for the action",
		example: "When a deal moves to Closed Lost can it create a task for the rep?",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !questionModals[w.word] || !eventVerbRe.MatchString(w.prev) || !w.hasNext() || !actorWords[w.next()] {
				return false
			}
			m := presentActionRe.FindStringSubmatch(strings.TrimLeft(w.fromNext()[len(w.next()):], " "))
			if m == nil {
				return false
			}
			v, ok := isImperative(m[1])
			return ok && v != ""
		},
	},
	{
		name:    "an event, then an action told in the past",
		example: "When the order status changed to Shipped it emailed the customer through SendGrid.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !actorWords[w.word] || !w.hasNext() {
				return false
			}
			v, k := pastVerbOf(w.next())
			return v != "" && k != kindInput && eventVerbRe.MatchString(w.prev)
		},
	},
	{
		name:    "please, or we need",
		example: "When a case is closed please send a survey in Qualtrics.",
		match: func(w *clauseWord) bool {
			return w.i > 0 && (w.word == "please" || w.word == "pls" ||
				(w.word == "we" || w.word == "i" || w.word == "you") && w.hasNext() && modalAfterSubjectRe.MatchString(w.fromNext()))
		},
	},
	{
		name:    "and, then an action",
		example: "When a case is closed and send a survey in Qualtrics.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || w.word != "and" && w.word != "&" || !w.hasNext() {
				return false
			}
			v, ok := isImperative(w.next())
			// "and Email is not blank": the word is a field the condition
			// tests, not an action
			rest := w.fromNext()
			return ok && !(v == "set" || v == "change" || v == "update") && !nounSubjectRe.MatchString(rest[min(len(rest), len(w.next())):])
		},
	},
	{
		name:    "an event, then an action and its object",
		example: "When its phone changes update the customer in Stripe.",
		match: func(w *clauseWord) bool {
			// "when it comes in update the opportunity": an arrival said
			// with its particle ends the event too
			if w.i == 0 || !eventVerbRe.MatchString(w.prev) && !arrived(w) || !w.hasNext() || !determinerNextRe.MatchString(w.fromNext()) {
				return false
			}
			_, ok := isImperative(w.word)
			return ok
		},
	},
	{
		name:    "an event, then an action and where it goes",
		example: "When a case is closed post to #support in Slack.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !eventVerbRe.MatchString(w.prev) || !w.hasNext() || !placeNextRe.MatchString(w.fromNext()) {
				return false
			}
			v, ok := isImperative(w.word)
			return ok && !(v == "set" || v == "change" || v == "update")
		},
	},
	{
		name:    "a modal, then an action in the passive",
		example: "Contacts whose Email Opt Out gets ticked must be unsubscribed in Klaviyo.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !clauseModals[w.word] || !w.hasNext() {
				return false
			}
			m := modalPassiveRe.FindStringSubmatch(w.low[w.a:])
			if m == nil {
				return false
			}
			v, k := pastVerbOf(m[1])
			return v != "" && k.acts()
		},
	},
	{
		name: "a record, then an action told in the passive and where it goes",
		// no comma after the condition: "starts with WH- the item gets
		// created in Logiwa"; after "and", "or" or a preposition the
		// words go on with the clause ("the status of the case is ...")
		example: "When a product is created and its ProductCode starts with WH- the item gets created in Logiwa.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || !determiners[w.word] || strings.Contains(w.gap, ",") || passiveJoinWords[w.prev] {
				return false
			}
			return passiveActionRe.MatchString(w.low[w.a:])
		},
	},
	{
		name: "an action that is also a noun, then where it goes",
		// dictation runs a condition's value into the action: "changes to
		// Working post in the Slack sales channel"; after an article the
		// word is a noun ("a post in Slack", "the text in the Description")
		example: "When a lead status changes to working post in the slack sales channel.",
		match: func(w *clauseWord) bool {
			// ("a Placement__c record in Salesforce": after an object's
			// name the word is a noun too)
			if w.i == 0 || subjectWord[w.prev] || valueAfterWords[w.prev] || determiners[w.prev] || pressVerbs[w.prev] || isObjectWord(w.prev) ||
				strings.HasSuffix(w.prev, "__c") || !w.hasNext() || !placeNextRe.MatchString(w.fromNext()) {
				return false
			}
			v, ok := isImperative(w.word)
			return ok && nounLikeVerbs[v] && !(v == "set" || v == "change" || v == "update" || v == "log" || v == "check" || v == "start")
		},
	},
	{
		name:    "an action verb",
		example: "When a lead converts create an account in HubSpot.",
		match: func(w *clauseWord) bool {
			if w.i == 0 || subjectWord[w.prev] || valueAfterWords[w.prev] {
				return false
			}
			v, ok := isImperative(w.word)
			if !ok || v == "set" && w.hasNext() && strings.HasPrefix(w.fromNext(), "to") {
				return false
			}
			// "hits publish on the listing page": a button's name after a
			// press, and the head of a noun after a determiner and a noun,
			// are no action
			// ("a opp post it in #forecast": a noun takes no "it" after
			// it, so the verb acts)
			if pressVerbs[w.prev] || w.gap == " " && determiners[w.prev2()] && !pronounObjectRe.MatchString(w.fromNext()) {
				return false
			}
			// verbs that are also nouns or events ("a case update", "a
			// call log") end the clause only before an object
			// "changes the email on a contact update it in klaviyo": no
			// noun takes "it" after it, so even "update" acts there,
			// unless a verb of being makes it a participle ("is set it")
			if w.hasNext() && pronounObjectRe.MatchString(w.fromNext()) && !beVerbs[w.prev] {
				return true
			}
			return w.hasNext() && determinerNextRe.MatchString(w.fromNext()) && v != "set" && v != "change" && v != "update" || !nounLikeVerbs[v]
		},
	},
}

// listItemAfterRe is the next item of a list of values: "Phone, Email or
// Web", "Email, Web".
var listItemAfterRe = regexp.MustCompile(`^\s*(?:,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)([a-z][a-z-]*)\b`)

// listedValueVerb reports whether verb v, with after the text that follows
// it, is a value in a list rather than an action: "the Origin is one of
// Phone, Email or Web". It is, when v is more often a noun ("email",
// "text") and the next list item is no verb ("email or call the customer"
// is two actions).
func listedValueVerb(v, after string) bool {
	if !nounLikeVerbs[v] {
		return false
	}
	m := listItemAfterRe.FindStringSubmatch(after)
	if m == nil {
		return false
	}
	nv, _ := verbOf(m[1])
	return nv == "" && !determiners[m[1]]
}

// passiveJoinWords keep a clause going into the words after them.
var passiveJoinWords = map[string]bool{"and": true, "or": true, "of": true, "on": true, "for": true, "in": true, "at": true, "from": true,
	"with": true, "by": true, "to": true, "into": true, "than": true, "whose": true, "where": true, "but": true, "nor": true, "is": true, "are": true}

// passiveActionRe is a record, then an action on it told in the passive,
// then where it goes: "the item gets created in Logiwa", "a message is
// posted to #ops". Events a trigger names ("is updated", "is deleted")
// are left out.
var passiveActionRe = regexp.MustCompile(`^(?:the|a|an|its|their|our)\s+(?:[a-z0-9_#'-]+\s+){0,3}?(?:gets|is|should\s+be|must\s+be|will\s+be|needs\s+to\s+be)\s+(?:automatically\s+|also\s+)?(?:created|sent|posted|added|pushed|synced|logged|opened|published|upserted|inserted|generated|raised|filed|copied)\s+(?:over\s+)?(?:in|into|to|on|onto|via|through)\s+\S`)

// arrivalVerbs say something arrived, with "in" or "through" after them:
// "when it comes in".
var arrivalVerbs = map[string]bool{"comes": true, "come": true, "came": true, "gets": true, "goes": true, "checks": true}

// beVerbs make the word after them a participle or a state: "is set".
var beVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "gets": true, "get": true,
	"got": true, "becomes": true, "stays": true}

// pronounObjectRe is a pronoun that can only be a verb's object.
var pronounObjectRe = regexp.MustCompile(`^(?:it|them|him|her)\b`)

// arrived reports whether the words before w say that something came in:
// "comes in", "came through", "shows up".
func arrived(w *clauseWord) bool {
	return (w.prev == "in" || w.prev == "through") && arrivalVerbs[w.prev2()] || w.prev == "up" && (w.prev2() == "shows" || w.prev2() == "showed")
}

// pressVerbs are what a user does to a button, whose name follows: "when
// an agent clicks publish on the listing".
var pressVerbs = map[string]bool{"click": true, "clicks": true, "clicked": true, "hit": true, "hits": true, "press": true, "presses": true,
	"pressed": true, "tap": true, "taps": true, "tapped": true, "push": true, "pushes": true}

// determiners open a noun phrase: in "on the listing page" the word after
// "the listing" is the phrase's head, a noun.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "our": true, "their": true, "its": true, "his": true, "her": true,
	"this": true, "that": true, "each": true, "every": true, "your": true, "my": true}

// valueAfterWords take a value after them, which may be a verb: "the
// Subject contains refund", "mentions cancel", "has the word charge".
var valueAfterWords = map[string]bool{"contains": true, "contain": true, "containing": true, "mentions": true, "mention": true,
	"mentioning": true, "includes": true, "include": true, "including": true, "equals": true, "word": true, "phrase": true, "keyword": true}

// inboundToRe is where a call goes when it comes to us: "POST to it",
// "send to us", "call /x".
var inboundToRe = regexp.MustCompile(`^\s*(?:to\s+|at\s+|into\s+)?(?:it|us|our\s+(?:side|end|endpoint|url)|salesforce|/)`)

// linkWords join a condition's parts: "and it posts" may go on with the
// condition.
var linkWords = map[string]bool{"and": true, "or": true, "if": true, "when": true, "whenever": true, "that": true, "which": true, "&": true}

// questionModals open a question that asks for an action: "can it
// create a task", "could you post it".
var questionModals = map[string]bool{"can": true, "could": true, "would": true, "will": true}

// presentActionRe is an action after its subject, maybe after a modal or
// an adverb: "automatically posts", "should create", "will then send".
// Submatch: the verb.
var presentActionRe = regexp.MustCompile(`^(?:(?:should|will|would|can|could|must|shall|automatically|auto|also|then|just|immediately|instantly)\s+)*([a-z]+)\b`)

// clauseModals are the modals that start an action said in the passive.
var clauseModals = map[string]bool{"must": true, "should": true, "shall": true, "need": true, "needs": true, "has": true, "have": true, "will": true}

// nounLikeVerbs are action verbs that, inside a trigger clause, are more
// often nouns or events: "a status change", "a call log", "a post".
var nounLikeVerbs = map[string]bool{"change": true, "update": true, "close": true, "open": true, "hit": true, "record": true, "file": true,
	"log": true, "request": true, "message": true, "text": true, "email": true, "post": true, "book": true, "issue": true,
	"list": true, "invoice": true, "charge": true, "start": true}

// clauseEnd returns where the clause whose words start at start ends, and
// the name of the ender that ended it ("" when it runs to the end).
func clauseEnd(low string, start int) (int, string) {
	w := clauseWord{low: low, start: start}
	for _, s := range wordSpans(low[start:]) {
		w.ws = append(w.ws, [2]int{s[0], s[1]})
	}
	for i, s := range w.ws {
		w.i, w.a, w.b = i, start+s[0], start+s[1]
		w.gap = low[start:w.a]
		if i > 0 {
			w.gap = low[start+w.ws[i-1][1] : w.a]
		}
		w.word = strings.Trim(low[w.a:w.b], ".,!?()")
		for _, e := range clauseEnders {
			if !e.match(&w) {
				continue
			}
			switch e.cut {
			case cutAtComma:
				return strings.LastIndex(low[:w.a], ","), e.name
			case cutAfterPrev:
				if i == 0 {
					return start, e.name
				}
				return start + w.ws[i-1][1], e.name
			default:
				return w.a, e.name
			}
		}
		w.prev = w.word
	}
	return len(low), ""
}

// Patterns of the clause enders.
var (
	// abbrevRe is a word whose full stop does not end a sentence: "e.g.",
	// "approx.", "no.".
	abbrevRe = regexp.MustCompile(`^\(?(?:[a-z]\.){2,}\)?$|^(?:etc|approx|no|vs|inc|ltd|co|corp|dept|mr|mrs|ms|dr|st|ave|min|max|avg|est|fig|ref|cf)\.$`)
	// modalAfterSubjectRe is what follows "we" when it starts the action:
	// "we need to", "we should", "we'd like".
	modalAfterSubjectRe = regexp.MustCompile(`^(need|want|would|'d|should|must|have|gotta|wanna|like|can|could)\b`)
	// determinerNextRe is an object or particle right after a verb: "it",
	// "the", "each", "up".
	determinerNextRe = regexp.MustCompile(`^(it|them|a|an|the|this|that|its|their|him|her|us|me|our|all|each|every|any|some|out|up)\b`)
)

// eventVerbRe is a word that ends a trigger event: "changes", "is created".
// placeNextRe is where an action sends something, right after its verb:
// "post to #support", "push into HubSpot".
var placeNextRe = regexp.MustCompile(`^(?:to|into|onto|in|on|via|through)\s+\S`)

var eventVerbRe = regexp.MustCompile(`^(?:changes|changed|updated|created|deleted|closed|converted|escalated|activated|signed|approved|expires|expired|arrives|arrived|modified|edited|won|lost|submitted|completed|cancelled|canceled|paid|shipped)$`)

// actorWords are the subjects of an action that follows a trigger clause
// without a comma ("... is closed we ping the customer").
var actorWords = map[string]bool{"we": true, "i": true, "you": true, "u": true, "salesforce": true, "it": true, "they": true}

// askBeforeRe is a verb that asks a question right before "if".
var askBeforeRe = regexp.MustCompile(`\b(?:check|checks|checking|see|sees|verify|verifies|confirm|confirms|ask|asks|determine|determines|validate|validates|find out|finds out|look up|looks up)\s+$`)

// subjVerbRe matches an action with its subject: "we set ...", "Jira will
// call ...", "you should send ...".
var subjVerbRe = regexp.MustCompile(`^\s*(?:we|i|you|it|salesforce|[a-z0-9]+)\s+(?:will\s+|should\s+|must\s+|can\s+|then\s+|also\s+|need to\s+|want to\s+)?(?:set|create|send|post|update|call|notify|upsert|publish|reply|respond|return|mark|save|store|add|delete|remove|push|sync|fetch|get|pull)\b`)
