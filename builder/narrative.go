package builder

import (
	"regexp"
	"strings"
)

// A long casual request tells as much as it asks: who the writer is, how
// busy the queue is, what they will find out later. Such a clause holds
// words the step readers know ("i run ops", "we get maybe 3 a week", "i'll
// find out more later") and, read as an action, becomes a call nobody asked
// for. narrativeRows are the ways of telling; a clause one of them matches
// plans nothing and is not an unplanned action either.

// narrativeRow is one way of telling rather than asking, with an example
// clause it matches.
type narrativeRow struct {
	name    string
	re      *regexp.Regexp
	example string
	// subject is set when the row reads a clause led by its subject:
	// one that opens with an action verb is not that clause.
	subject bool
	// unless, when set, is what makes a clause the row matches a request
	// after all (RE2 has no lookahead).
	unless *regexp.Regexp
}

// tellLead is what may open a told clause before its subject: "so", "oh
// and", "honestly", an opening bracket.
const tellLead = `^[\s(\[-]*(?:(?:so|and|but|also|honestly|ok|okay|yes|yeah|anyway|oh|btw|fwiw|tbh|plus|because|bc|since|though|although|lol|haha)[,!]?\s+)*`

var narrativeRows = []narrativeRow{
	{
		name:    "the writer's own work",
		re:      regexp.MustCompile(tellLead + `(?:i|i've|ive)\s+(?:(?:just|also|already|still|actually|basically|kind of|kinda|sort of|only|now|currently|mostly|usually)\s+)*(?:run|work|know|knew|have|had|manage|own|handle|think|thought|guess|mean|wrote|write|tried|built|was|am|do|did|don't|dont|didn't|didnt|can't|cant|made|asked|looked|got|inherited|started|joined|took|love|hate|realize|realise|understand|promise|believe|suppose|assume|heard|saw|found|googled|kept|spent|used|came|left|moved|switched|figured|set)\b`),
		example: "so i run ops at a snack subscription box company and our salesforce guy left in october",
	},
	{
		name:    "what the writer will do later",
		re:      regexp.MustCompile(tellLead + `(?:i'll|ill|i\s+will|i\s+can|i\s+could|we'll|we\s+will)\s+(?:(?:just|also|probably|definitely|happily|gladly)\s+)*(?:find|figure|ask|check|confirm|dig|follow|get\s+back|circle|loop|let\s+you|send\s+you|share|forward|test|look|talk|chat|ping\s+you|update\s+you|double-check|double\s+check)\b`),
		example: "i'll find out more later",
	},
	{
		name:    "the writer's state",
		re:      regexp.MustCompile(tellLead + `(?:i'm|im|i\s+am)\s+(?:(?:just|also|still|only|basically|kind of|kinda|not|the)\s+)*(?:writing|running|working|doing|new|sure|sorry|guessing|told|trying|pretty|on|in|the|a|an|not|happy|around|out|off|away|ok|fine|aware)\b`),
		example: "im writing this myself, sorry if its messy",
	},
	{
		name:    "how many come in",
		re:      regexp.MustCompile(tellLead + `(?:we|they|you)\s+(?:only\s+|usually\s+|normally\s+|probably\s+)?(?:get|see|have|receive|recieve|process|handle|do)\s+(?:maybe\s+|about\s+|around\s+|roughly\s+|like\s+|only\s+|approx(?:imately)?\.?\s+|~\s*|under\s+|over\s+|up\s+to\s+)*(?:\d|a\s+few|a\s+couple|several|a\s+lot|lots|tons|hundreds|thousands|dozens|so\s+many|too\s+many|not\s+many|very\s+few|a\s+handful|one\s+or\s+two|two\s+or\s+three)`),
		example: "(we get maybe 3 a week so its not high volume, dont worry about limits)",
	},
	{
		name:    "the tools the business runs on",
		re:      regexp.MustCompile(tellLead + `(?:we|we've|they|our\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:(?:currently|already|still|mostly|also|just|recently)\s+)*(?:(?:run|use|uses|used)\s+(?:[a-z0-9.&-]+\s+){1,3}(?:for|as)\b|run\s+(?:(?:our|all|most|the|their)\s+)?(?:[a-z0-9.&-]+\s+){1,3}(?:through|via|out\s+of)\s+[a-z0-9.&-]+|(?:moved|switched|migrated)\s+(?:off|from|to|away)\b|(?:are|'re|were)\s+(?:on|in)\s+[a-z0-9.&-]+(?:\s+(?:for|now|today|right now|currently))?\s*(?:[,.;]|$))`),
		example: "We run hubspot for marketing and SF for sales",
	},
	{
		name:    "what the business does as a rule",
		re:      regexp.MustCompile(tellLead + `(?:we|they|our\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:(?:currently|already|usually|normally|mostly|also|still|always)\s+)*(?:send|do|handle|bind|manage|take|collect|process|book|sign|bill|invoice|ship|track|sell|quote|pay|onboard|text|email|message|call|remind)s?\s+(?:(?:all|our|most)\s+)?(?:[a-z]+\s+)?[a-z]+\s+(?:with|via|through|using|out\s+of|from|in)\s+[a-z0-9.&-]+\b`),
		example: "We send SMS via twilio and patients reply CONFIRM or CANCEL",
		// "we send an SMS via Twilio": one message, a step asked for
		unless: regexp.MustCompile(`\b(?:send|do|handle|bind|manage|take|collect|process|book|sign|bill|invoice|ship|track|sell|quote|pay|onboard|text|email|message|call|remind)s?\s+(?:a|an|the|it|them|this|that|these|those|their|its|each|every|him|her|me|us|one)\b`),
	},
	{
		name:    "what keeps going wrong today",
		re:      regexp.MustCompile(tellLead + `(?:we|i|they|people|ppl|folks|reps|everyone|everybody|someone|somebody|nobody|(?:our|the|my)\s+[a-z]+)\s+(?:(?:still|always|just|constantly|also)\s+)*(?:keep|keeps|kept)\s+(?:on\s+)?[a-z]+ing\b`),
		example: "we keep emailing people who asked to be removed and legal is NOT happy about it",
		subject: true,
	},
	{
		name:    "work done by hand today",
		re:      regexp.MustCompile(`\b(?:by\s+hand|manually|hand-?key(?:ed|s|ing)?|re-?type[sd]?|re-?typing|copy-?paste[sd]?|copy\s+and\s+paste)\b`),
		example: "I have to go into Chargebee and update that customer's terms by hand",
	},
	{
		name:    "a tool the team just got",
		re:      regexp.MustCompile(tellLead + `(?:[a-z]+\s+){1,2}(?:(?:just|recently|finally|already)\s+)?(?:bought|purchased|licensed|rolled\s+out|adopted|signed\s+up\s+for|gave\s+us\s+access\s+to|got\s+us)\b`),
		example: "Legal just bought Ironclad and wants order forms generated from Salesforce",
		subject: true,
	},
	{
		name:    "what already exists",
		re:      regexp.MustCompile(tellLead + `(?:[a-z0-9_'/-]+\s+){1,6}already\s+(?:has|have|had|exists?|is|are|gets?|got|lives?|sits?|stores?|holds?|[a-z]+ed|been)\b`),
		example: "The envelope id is already stored on the policy as DocuSign_Envelope_Id__c fwiw",
		subject: true,
	},
	{
		name:    "what the writer will build",
		re:      regexp.MustCompile(tellLead + `(?:i'll|ill|i\s+will|we'll|we\s+will|i'm\s+going\s+to|im\s+going\s+to|we're\s+going\s+to|i'm\s+gonna|im\s+gonna|we're\s+gonna)\s+(?:(?:just|also|probably|then)\s+)*(?:put|make|build|set\s+up|configure|wire|hook|place|drop|add\s+it|handle|take\s+care)\b`),
		example: "I'll put it on a button on the opp page",
	},
	{
		name:    "where the writer will use what is built",
		re:      regexp.MustCompile(tellLead + `(?:that|which|so|so\s+that)?\s*(?:i|we|reps|admins|you|our\s+admins|my\s+team|the\s+team)\s+(?:can|could|will|would|'ll|ll)\s+(?:(?:just|easily|then|also|simply)\s+)*(?:drop|use|put|place|plug|stick|reuse|drag)\s+(?:it|that|this|them)?\s*(?:in|into|on|onto|inside|from)\b`),
		example: "that I can drop into our quote screen flow",
	},
	{
		name:    "another system will tell us",
		re:      regexp.MustCompile(tellLead + `[a-z0-9.&-]+\s+(?:(?:also|will|would|can|could|should|must|then|needs\s+to|need\s+to|has\s+to|have\s+to|is\s+going\s+to|going\s+to|gonna)\s+){0,3}(?:tell|tells|let|lets|notify|notifies|inform|informs|alert|alerts)\s+(?:us|salesforce|our\s+side|our\s+org)\b`),
		example: "Stripe also needs to tell us when the invoice gets paid",
		subject: true,
		// "we need to tell them", "then notify us": the writer's own step
		unless: regexp.MustCompile(`^[\s(\[-]*(?:(?:so|and|but|also|then|oh)[,!]?\s+)*(?:we|i|you|u|please|pls|then|just|and|also)\s`),
	},
	{
		name:    "a plea to get it going",
		re:      regexp.MustCompile(`^[\s(]*(?:please\s+|pls\s+|plz\s+|can\s+(?:you|u)\s+|could\s+(?:you|u)\s+|(?:i'd|we'd|would)\s+love\s+to\s+|(?:we\s+|i\s+)?need\s+to\s+|let's\s+|just\s+)*get\s+(?:[a-z0-9.&'-]+\s+){1,3}(?:going|working|done|live|running|started|sorted|fixed|hooked\s+up|set\s+up|connected|integrated|talking|moving|shipped|out\s+the\s+door)\b`),
		example: "can u get klaviyo hooked up with our salesforce customer data",
	},
	{
		name:    "the writer names themself",
		re:      regexp.MustCompile(`^[\s(]*(?:(?:hi|hey|hello|morning|ok|okay)[,!]?\s+)?[a-z]+(?:\s+(?:from|in|at|on)\s+[a-z]+)?\s+here\s*(?:\([^)]*\))?[\s,.!-]*$`),
		example: "Dispatch here (Tony)",
	},
	{
		name:    "examples after 'like'",
		re:      regexp.MustCompile(`^[\s(]*like\s+(?:the\s+|their\s+|our\s+)?[a-z]`),
		example: "like email engagement, idk",
	},
}

// isNarrative reports whether chunk tells about the writer or the business
// instead of asking for an action.
func isNarrative(chunk string) bool {
	low := lowerASCII(strings.TrimSpace(chunk))
	if strings.HasPrefix(low, "like to ") {
		return false
	}
	verbLed := false
	if ws := strings.Fields(strings.TrimLeft(low, " ([-")); len(ws) > 0 {
		v, _ := verbOf(ws[0])
		verbLed = v != ""
	}
	for i := range narrativeRows {
		if narrativeRows[i].subject && verbLed {
			continue
		}
		if narrativeRows[i].re.MatchString(low) && (narrativeRows[i].unless == nil || !narrativeRows[i].unless.MatchString(low)) {
			return true
		}
	}
	return false
}

// todayRe is a sentence that tells how a process runs today: "Our
// escalation process today is: support sets the status and then pings
// someone in slack", "right now an underwriter literally watches her
// inbox", "currently I download the report every morning".
var todayRe = regexp.MustCompile(`^[\s(]*(?:(?:our|the|their)\s+(?:[a-z-]+\s+){0,3}(?:process|workflow|setup|routine)\s+(?:(?:today|right now|currently|at the moment|now)\s+)?(?:is|was)\b|(?:today|right now|currently|at the moment|at present|these days),?\s+(?:an?\s+|the\s+|our\s+|some\s+)?[a-z]+\s+(?:(?:literally|just|manually|still|basically|usually)\s+)?[a-z]+s\b` +
	// "Right now when a requisition gets approved I copy the line items by
	// hand into Coupa": today's manual steps after their event
	`|(?:today|right now|currently|at the moment|at present|these days),?\s+(?:when|whenever|once|after|every\s+time)\b[^.;!?\n]{0,120}?\b(?:i|we|someone|somebody|ops|sales|finance|support|they)\s+(?:(?:literally|just|manually|still|basically|usually|always|then|has\s+to|have\s+to|need\s+to|needs\s+to|gotta|go\s+and|go)\s+)*(?:download|copy|copies|paste|pastes|export|import|check|enter|type|retype|retypes|key|update|match|email|print|upload|reconcile|log|track|write|fill)\b` +
	// "Currently I download the payouts report every morning", "right now
	// we have to copy it by hand"
	`|(?:today|right now|currently|at the moment|at present|these days),?\s+(?:i|we)\s+(?:(?:literally|just|manually|still|basically|usually|always|have\s+to|need\s+to|gotta|go\s+and)\s+)*(?:download|copy|paste|export|import|check|look|open|enter|type|retype|key|update|match|send|email|print|upload|pull|run|go|do|manually|reconcile|create|add|move|log|track|keep|write|fill)\b)`)

// askRe is a word that turns a told sentence into a request after all:
// "right now reps copy it by hand, so create it in Xero".
var askRe = regexp.MustCompile(`\b(?:so|instead|but|please|pls|can you|could you|want|wants|need|needs|should|must|when|whenever)\b`)

// toldToday reports whether sentence only tells how things run today.
func toldToday(sentence string) bool {
	low := lowerASCII(sentence)
	if m := todayRe.FindStringIndex(low); m != nil {
		// what the sentence says after telling today's way, less why it
		// is done ("so the requester can see it"), may ask after all
		if !askRe.MatchString(purposeSoRe.ReplaceAllString(low[m[1]:], "")) {
			return true
		}
	}
	return (triedRe.MatchString(low) || toolFailedRe.MatchString(low)) && !askAfterTriedRe.MatchString(low)
}

// purposeSoRe is why something is done, not an ask: "so the requester can
// see it", "so that IT knows".
var purposeSoRe = regexp.MustCompile(`\bso\s+(?:that\s+)?(?:the\s+|our\s+|my\s+)?[a-z]+\s+(?:can|could|will|would|knows?|sees?|has|have|gets?)\b`)

// toolWordRe finds a tool toolFailedRe may tell of, to skip the sentence
// pass when a request names none.
var toolWordRe = regexp.MustCompile(`\b(?:zapier|workato|celigo|mulesoft|tray|process\s+builder|zaps?|flows?|packages?|connectors?|plugins?|triggers?|workflow\s+rules?)\b`)

// toolFailedRe is a sentence that tells what a tool did or cannot do, the
// reason for asking: "Zapier did this for a while but it kept creating
// duplicates when the lead got edited", "Flow can't trigger on delete in a
// way that lets me make a callout", "our zap only fires on new deals". Its
// events and verbs are the tool's, not the request's.
var toolFailedRe = regexp.MustCompile(`^[\s(]*(?:(?:so|and|but|also|honestly|ok|okay|yes|yeah|btw|fwiw|tbh|oh|unfortunately|sadly)[,!]?\s+)*(?:zapier|workato|celigo|mulesoft|tray(?:\.io)?|process\s+builder|(?:the\s+|our\s+|a\s+|their\s+)?(?:[a-z'-]+\s+){0,2}?(?:zaps?|flows?|packages?|connectors?|plugins?|managed\s+package|apex\s+triggers?|process\s+builders?|workflow\s+rules?))(?:'s\s+[a-z-]+(?:\s+[a-z-]+)?)?\s+(?:(?:just|only|also|still|really|simply|apparently)\s+)*(?:did|does\s+not|doesn't|doesnt|do\s+not|can't|cant|cannot|can\s+not|couldn't|couldnt|could\s+do|didn't|didnt|won't|wont|wouldn't|wouldnt|kept|keeps|used\s+to|worked|choked|broke|failed|fails|timed\s+out|times\s+out|errored|errors\s+out|polls|only\s+(?:fires|triggers|runs|works|seemed))\b`)

// triedRe is a sentence that tells what the writer tried before asking:
// "I tried a record-triggered flow calling the DocuSign apex action but it
// errors out", "We tried Celigo but it was $$$", "we've also tried a
// scheduled Flow". What it names (a flow, an action, a connector) is no
// trigger or step of the request.
var triedRe = regexp.MustCompile(`^[\s(]*(?:(?:so|and|but|also|honestly|ok|okay|yes|yeah|btw|fwiw|tbh|oh)[,!]?\s+)*(?:i|we|i've|ive|we've|weve|i\s+have|we\s+have|i\s+did|we\s+did|i\s+already|we\s+already)\s+(?:(?:already|also|even|first|originally|initially|briefly|actually)\s+)*(?:tried|trialed|trialled|tested|experimented\s+with|looked\s+at|played\s+with)\b`)

// askAfterTriedRe is a word that turns a sentence about what was tried
// into a request after all: "we tried Zapier, so instead create it in
// Xero".
var askAfterTriedRe = regexp.MustCompile(`\b(?:so\s+(?:please|pls|can|could|instead|create|send|post|update|we\s+(?:want|need))|instead|please|pls|can you|could you)\b`)

// toldTodayWords are the words a sentence on how things run today, or on
// what the writer tried, cannot do without (dropToldToday's quick check).
var toldTodayWords = []string{"today", "now", "currently", "at present", "these days", "tried", "tested", "looked at", "played with", "trial", "experimented"}

// dropToldToday removes the sentences of text that only tell how things
// run today, before any trigger or step is read: "support sets the status
// to Escalated" in one would otherwise read as the trigger.
func dropToldToday(text string) string {
	low := lowerASCII(text)
	told := toolWordRe.MatchString(low)
	for _, w := range toldTodayWords {
		told = told || strings.Contains(low, w)
	}
	if !told {
		return text
	}
	var b strings.Builder
	for _, m := range sentenceRe.FindAllStringIndex(text, -1) {
		if s := text[m[0]:m[1]]; !toldToday(s) {
			b.WriteString(s)
		}
	}
	return b.String()
}
