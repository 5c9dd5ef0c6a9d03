package builder

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

var (
	clauseCueRe = regexp.MustCompile(`\b(whenever|whenevr|whenver|when ever|everytime|wheneva|when|every time|each time|any time|anytime|as soon as|once|upon|if|as long as|provided that|provided|only for|whose|after|in case|where)\b`)
	onceNotRe   = regexp.MustCompile(`^once (a day|a night|a week|a month|a year|an hour|a quarter|per|every|each|daily|weekly|more|again|in a while)\b`)
	afterOKRe   = regexp.MustCompile(`^after (a|an|any|every|each|the|its|their) (new )?[a-z_]+( [a-z_]+)?( [a-z_]+)? (is|gets|has|was|are|were|have)\b`)
	whereOKRe   = regexp.MustCompile(`^where (the|its|their)?\s*[a-z_ ]{1,30}\b(is|are|equals|=|contains|starts|begins|>|<)\b`)
	subjectWord = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true,
		"gets": true, "get": true, "got": true, "someone": true, "somebody": true, "anyone": true, "anybody": true,
		"user": true, "users": true, "rep": true, "reps": true, "we": true, "they": true, "i": true, "you": true,
		"he": true, "she": true, "people": true, "admin": true, "admins": true, "agent": true, "agents": true,
		"sales": true, "team": true, "manager": true, "to": true, "will": true, "would": true, "can": true,
		"could": true, "should": true, "must": true, "may": true, "might": true, "does": true, "do": true, "did": true,
		"not": true, "don't": true, "doesn't": true, "who": true, "the": true, "a": true, "an": true, "its": true,
		"their": true, "his": true, "her": true, "our": true, "my": true, "this": true, "these": true,
		"those": true, "each": true, "every": true, "any": true, "new": true, "same": true, "some": true, "no": true,
		"support": true, "customer": true, "someone's": true, "has": true, "have": true, "had": true, "it": true}
)

// clauseSpans finds the trigger and condition clauses of a segment: from a
// cue ("when", "if", "whose") to the comma, "then" or verb that starts the
// action.
func clauseSpans(low string) []span {
	var out []span
	for _, m := range clauseCueRe.FindAllStringIndex(low, -1) {
		if len(out) > 0 && m[0] < out[len(out)-1].b {
			continue
		}
		cue := low[m[0]:m[1]]
		rest := low[m[0]:]
		switch {
		case cue == "once" && onceNotRe.MatchString(rest):
			continue
		case cue == "after" && !afterOKRe.MatchString(rest):
			continue
		case cue == "where" && !whereOKRe.MatchString(rest):
			continue
		case cue == "if" && strings.HasPrefix(rest, "if needed") || strings.HasPrefix(rest, "if possible"):
			continue
		case cue == "if" && askBeforeRe.MatchString(low[:m[0]]):
			// "check if the customer is a VIP in our CRM": what to ask, not a condition
			continue
		}
		end, _ := clauseEnd(low, m[1])
		out = append(out, span{m[0], end})
	}
	return out
}

// objectAt finds the first Salesforce object word in low at or after from,
// returning the object, its offset and length.
func objectAt(low string, from int) (string, int, int) {
	best, bpos, blen := "", -1, 0
	for w, o := range objectWords {
		i := findWord(low, w, from)
		if i >= 0 && (bpos < 0 || i < bpos || i == bpos && len(w) > blen) {
			best, bpos, blen = o, i, len(w)
		}
	}
	return best, bpos, blen
}

// customTokens lists the __c names in s with their offsets.
func customTokens(s string) [][]int { return customTokenRe.FindAllStringIndex(s, -1) }

var fieldOfRe = regexp.MustCompile(`^\s+(?:of|on|in)\s+(?:an?\s+|the\s+|each\s+|every\s+)?[A-Za-z][A-Za-z0-9_]*__c\b`)

var objectAfterRe = regexp.MustCompile(`^\s*(?:object|objects|record|records|rows?|entries|entry|items?|table|(?:is|are|gets|get) (?:created|deleted|inserted|added|saved|undeleted|restored))\b`)
var objectBeforeRe = regexp.MustCompile(`(?:\b(?:into|as|an?|new|create|creates|insert|inserts|upsert|upserts|each|every|one|record in|records in|row in|rows in|entry in)\s+)$`)
var fieldAfterRe = regexp.MustCompile(`^\s*(?:field|fields|external|ext|checkbox|flag|value|column|picklist|key|is|are|to|=|'s|,)\b`)

// articleBeforeRe is an article that counts records right before a name;
// hasArticleRe is "has a", before which a name is a field.
var (
	articleBeforeRe  = regexp.MustCompile(`(?:^|\s)(?:an?|each|every|any|new)\s+$`)
	hasArticleRe     = regexp.MustCompile(`\b(?:has|have|had|with|without|no|set|sets|update|updates|fill|fills|fill in|populate|populates)\s+(?:an?|each|every|any|new)\s+$`)
	relatedBeforeRe  = regexp.MustCompile(`\b(?:related|matching|corresponding|linked|associated|parent)\s+$`)
	fieldWordAfterRe = regexp.MustCompile(`^\s*(?:(?:number|numeric|text|date|datetime|date/time|currency|percent|formula|lookup|integer|decimal|url|email|phone|long\s+text|rich\s+text|multi-select|multiselect)\s+)?(?:field|fields|value|values|checkbox|flag|picklist|column|to|=)\b`)
)

// intoBeforeRe is "into" right before a name: records go into an object.
var intoBeforeRe = regexp.MustCompile(`\binto\s+(?:(?:the|a|an|new|our)\s+)?$`)

// recordVerbBeforeRe is a verb that makes records, with its article, right
// before a name.
var recordVerbBeforeRe = regexp.MustCompile(`\b(?:upsert|upserts|upserting|create|creates|creating|insert|inserts|inserting)\s+(?:(?:a|an|the|each|every|one|new|matching|corresponding)\s+)*$`)

// onRecordAfterRe is a record right after a name: "into Xero_Id__c on the
// record" puts a value in a field of that record.
var onRecordAfterRe = regexp.MustCompile(`^\s+(?:on|of|for)\s+(?:the|this|that|its|their|each|every)\s+(?:same\s+|original\s+|matching\s+|related\s+|triggering\s+)?([a-z_]+)\b`)

// onRecordAfter reports whether after starts with a record: "on the
// record", "on the account".
func onRecordAfter(after string) bool {
	m := onRecordAfterRe.FindStringSubmatch(after)
	return m != nil && (m[1] == "record" || m[1] == "records" || isObjectWord(m[1]))
}

// Patterns used by isCustomObjectToken.
var (
	// possessedFieldRe is a custom field after a possessive: "'s Status__c".
	possessedFieldRe = regexp.MustCompile(`^'s\s+(?:[a-z]+\s+)?[A-Za-z][A-Za-z0-9_]*__c\b`)
	recordsParenRe   = regexp.MustCompile(`\b(record|records|object|objects|row|rows|entry|entries)\s*\($`)
	// namedObjectBeforeRe is a custom object introduced, then named: "in a
	// custom object, Grant__c", "a custom table: Load__c", "an object
	// called Visit__c".
	namedObjectBeforeRe = regexp.MustCompile(`\b(?:custom\s+(?:object|objects|table|tables)\s*(?:,|:|-|\bcalled|\bnamed)?|(?:object|objects|table|tables)\s+(?:called|named)|(?:object|objects|table|tables)\b[^.;:!?\n]{1,40}?\b(?:called|named)|(?:object|table)\s+(?:is|=|:)|` +
		// "we track our appointments in Appointment__c": where records are kept
		`\b(?:track|tracks|tracked|keep|keeps|kept|store|stores|stored|manage|manages|log|logs|record|records)\s+(?:(?:all|our|the|their)\s+)*[a-z]+s\s+(?:(?:in|inside)\s+salesforce\s+)?(?:(?:now|today)\s+)?(?:in|on|as|with|using)\s+(?:(?:the|a|an|our)\s+)?)\s*$`)
	// nounParenRe is a noun with the name in brackets after it: "an invoice (Invoice__c)".
	nounParenRe = regexp.MustCompile(`\b(?:an?|the|each|every|any|new)\s+([a-z_]+)\s*\($`)
)

// isCustomObjectToken decides whether the __c name at [a,b) in s names an
// object rather than a field.
func isCustomObjectToken(s string, a, b int) bool {
	low := lowerASCII(s)
	after := low[b:]
	if objectAfterRe.MatchString(after) || len(after) > 1 && after[0] == '.' && after[1] >= 'a' && after[1] <= 'z' {
		// "Invoice__c.Payment_Status__c": the object of a dotted field
		return true
	}
	if possessedFieldRe.MatchString(s[b:]) {
		// "a Vendor_Invoice__c's Status__c": the record whose field it is
		return true
	}
	if fieldNameTokenRe.MatchString(s[a:b]) {
		// "save the workflow id back into Ironclad_Workflow_Id__c": a
		// name ending in Id, Key, Number, URL or Date is a field's
		return false
	}
	before := low[:a]
	// "whenever an Invoice__c is updated": an article makes it a record
	if articleBeforeRe.MatchString(before) && !hasArticleRe.MatchString(before) && !fieldWordAfterRe.MatchString(after) {
		return true
	}
	// "update the related Invoice__c": a record found through another is a
	// record, not a field
	if relatedBeforeRe.MatchString(before) && !fieldWordAfterRe.MatchString(after) {
		return true
	}
	// "upsert an Invoice__c on Billing_Id__c": what a record verb makes is an object
	if (recordVerbBeforeRe.MatchString(before) || intoBeforeRe.MatchString(before)) && !fieldAfterRe.MatchString(after) && !onRecordAfter(after) {
		return true
	}
	if fieldAfterRe.MatchString(after) || fieldOfRe.MatchString(after) {
		return false
	}
	if recordsParenRe.MatchString(before) || namedObjectBeforeRe.MatchString(before) {
		return true
	}
	if m := nounParenRe.FindStringSubmatch(before); m != nil && !isObjectWord(m[1]) && strings.Contains(strings.ReplaceAll(low[a:b], "_", ""), strings.ReplaceAll(m[1], "_", "")) {
		// "an invoice (Invoice__c)": the name of the thing just named
		return true
	}
	if strings.HasSuffix(strings.TrimRight(before, " "), "'s") || strings.HasSuffix(before, "its ") || strings.HasSuffix(before, "their ") {
		return false
	}
	return objectBeforeRe.MatchString(before) && !onRecordAfter(after) && !fieldWordAfterRe.MatchString(after)
}

// fieldNameTokenRe is a custom name only a field has: one that ends in
// Id, Key, Number, URL or Date ("Ironclad_Workflow_Id__c", "DocuSign_Envelope_Id__c").
var fieldNameTokenRe = regexp.MustCompile(`(?i)_(?:id|key|number|num|no|url|link|date|datetime|timestamp)__c$`)

// remarkRe marks a sentence as a remark on the request, not part of it:
// "they're on Enterprise edition if that matters for CDC", "fwiw the id is
// stored on the policy".
var remarkRe = regexp.MustCompile(`\bif (?:that|it|this) (?:matters|helps|is relevant|makes a difference)\b|\bfwiw\b|\bfor what it'?s worth\b|\bjust so you know\b|\bfyi\b|\bin case (?:that|it) (?:matters|helps)\b`)

// withoutRemarks blanks the sentences of low that are remarks (remarkRe),
// keeping every offset.
func withoutRemarks(low string) string {
	if !remarkRe.MatchString(low) {
		return low
	}
	return sentenceRe.ReplaceAllStringFunc(low, func(sn string) string {
		if remarkRe.MatchString(sn) {
			return strings.Repeat(" ", len(sn))
		}
		return sn
	})
}

// eventTokens lists the __e names in s.
var eventTokenRe = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__e\b`)

var publishBeforeRe = regexp.MustCompile(`\b(publish|publishes|publishing|fire|fires|firing|raise|raises|emit|emits|send|sends|post|posts|broadcast|put)\b[^.;,]{0,30}$`)

// Patterns used by triggerEvent.
var (
	eventCalledRe        = regexp.MustCompile(`(?i)\bplatform event (?:called|named)\s+([A-Za-z][A-Za-z0-9 _]{1,40}?)\s+(?:is|arrives|comes|gets)`)
	namedPlatformEventRe = regexp.MustCompile(`\b(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][A-Za-z0-9]*\s+){1,3})[Pp]latform [Ee]vent\b`)
	// spokenPlatformEventRe is a platform event named in lower-case words
	// as it arrives, the way dictation writes it: "when the order placed
	// platform event comes in"
	spokenPlatformEventRe = regexp.MustCompile(`(?i)\b(?:when|whenever|once|if|after|each\s+time|every\s+time)\s+(?:an?|the|one\s+of\s+the)\s+((?:[a-z][a-z0-9]*\s+){1,3}?)platform\s+events?\s+(?:comes?\s+(?:in|through)|arrives?|fires?|lands?|(?:is|gets)\s+(?:published|received|fired))\b`)
)

// triggerEvent returns the platform event a segment listens to.
// publisherBeforeRe is another system that publishes an event, which then
// starts a flow: "our scanners publish Parcel_Scanned__e events", "the
// warehouse system fires a Shipment_Delivered__e", "a connector that
// already publishes a Line_Down__e", "our devs publish a platform event
// called Subscription_Change__e", "our machines send a Platform Event
// Machine_Alarm__e into Salesforce", "our trucks have tablets that fire a
// Truck_Breakdown__e", "Legal's tool already publishes a Contract_Signed__e".
var publisherBeforeRe = regexp.MustCompile(`\b(?:(?:our|their|the|its)\s+(?:[a-z0-9-]+\s+){0,3}?(?:system|systems|app|apps|service|services|scanners?|devices?|platform|tool|erp|warehouse|backend|integration|sensors?|portal|website|site|team|mes|wms|middleware|connector|hub|engine|gateway)|(?:our|their)\s+(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+|[a-z0-9-]+'s\s+(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+|(?:connector|middleware|integration|system|vendor|app|service|device|scanner|sensor|gateway|erp|mes|wms|tablet|phone|handheld|kiosk|terminal|reader|machine|truck|vehicle|robot|printer|unit|bot)s?\s+(?:that|which))\s+(?:will\s+|already\s+|now\s+|also\s+)?(?:publish|publishes|fire|fires|emit|emits|raise|raises|send|sends|broadcast|broadcasts)\s+(?:an?\s+|the\s+)?(?:(?:new\s+|custom\s+)?(?:platform\s+)?events?\s+(?:(?:called|named)\s+)?)?$`)

func triggerEvent(seg string) string {
	// "our warehouse system (we call it the WMS) already publishes ...":
	// an aside in brackets stands between the publisher and its verb
	low := blankAsides(lowerASCII(seg))
	for _, m := range eventTokenRe.FindAllStringIndex(seg, -1) {
		if publishBeforeRe.MatchString(low[:m[0]]) && !publisherBeforeRe.MatchString(low[:m[0]]) {
			continue
		}
		return seg[m[0]:m[1]]
	}
	if m := eventCalledRe.FindStringSubmatch(seg); m != nil {
		return customFieldNameEvent(m[1])
	}
	if m := namedPlatformEventRe.FindStringSubmatch(seg); m != nil && !publishBeforeRe.MatchString(lowerASCII(seg[:strings.Index(seg, m[0])])) {
		return customFieldNameEvent(m[1])
	}
	if m := spokenPlatformEventRe.FindStringSubmatch(seg); m != nil && !genericEventWords[strings.TrimSpace(lowerASCII(m[1]))] {
		return customFieldNameEvent(m[1])
	}
	return ""
}

// genericEventWords say which event without naming it: "when the new
// platform event comes in" names none.
var genericEventWords = map[string]bool{"new": true, "same": true, "custom": true, "other": true, "next": true, "first": true, "right": true, "that": true, "this": true}

// slashCommandBeforeRe ends in a slash command's mention, which its name
// follows: "we made a Slack slash command /needhelp".
var slashCommandBeforeRe = regexp.MustCompile(`\bslash[- ]commands?\s+(?:called\s+|named\s+)?$`)

// asideRe is a short aside in brackets.
var asideRe = regexp.MustCompile(`\([^()\n]{0,80}\)`)

// blankAsides replaces each bracketed aside in s with spaces, keeping every
// offset.
func blankAsides(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	return asideRe.ReplaceAllStringFunc(s, func(a string) string { return strings.Repeat(" ", len(a)) })
}

func customFieldNameEvent(words string) string {
	return strings.TrimSuffix(customFieldName(words), "__c") + "__e"
}

var (
	webhookCueRe    = regexp.MustCompile(`\b(webhooks?|web hook|endpoint|end point|call(s)? us back|callback url|callbacks?|inbound (request|call|http|post|message)s?|apex rest|rest resource|apexrest|listener)\b|\b(will|would|can|should|is going to|are going to|going to)\s+(post|send|push|call|hit|notify|ping)\b|\b(posts|sends|pushes|calls|hits|notifies|pings)\b[^.;]{0,60}\b(to|into) (salesforce|us|our org)\b|\breceiv\w*\s+(a |an |the )?(post|http|https|rest|json)\b|\baccept\w*\s+(a |an )?(post|put|patch|http|https|json)\b|\breceiv\w*\s+[^.;]{0,60}?\bat\s+/[a-z]|\blisten\w* for (post|http|incoming|requests|calls)\b|\bincoming (post|http|request|call)s?\b|\b(calls|hits|pings|notifies|posts to|sends to|pushes to) (us|salesforce)\b`)
	webhookStrongRe = regexp.MustCompile(`\bpoint\w*\s+(?:it|them|the webhooks?|their webhooks?)?\s*(?:at|to)\s+/|\b(will|would|can|could|might|may|should)\s+(notify|call|ping|post to|send to|push to)\s+(salesforce|us)\b|\bwebhooks?\b[^.;]{0,40}\b(hits|calls|posts|sends|fires|arrives|comes in|lands)\b|\b(hits|hit|calls)\s+/[a-z]|\b(?:comes? in|arrives?|lands?|is posted|are posted|gets posted)\s+(?:at|on|to)\s+/[a-z]|\b(will|would|can|should|is going to|are going to|going to)\s+(post|send|push|call|hit|notify|ping)\s+(to\s+|at\s+)?(our|us|salesforce|an? endpoint|the endpoint|an? webhook|the webhook|/)\b|\b(will|would|can|should|is going to|are going to|going to)\s+(post|put|patch|send|push|call|hit|notify|ping)\b[^.;]{0,60}\b(to|into|at) (salesforce|us|our org|/)|\b(posts|sends|pushes|calls|hits|notifies|pings)\b[^.;]{0,60}\b(to|into) (salesforce|us|our org)\b|\breceiv\w*\s+(\w+\s+){0,3}(post|posts|http|https|webhooks?|callbacks?|notifications?|requests?)\b[^.;]{0,40}(/|\bat\b|\bfrom\b)|\breceiv\w*\s+[^.;]{0,60}?\bat\s+/[a-z]|\baccept\w*\s+(a |an )?(post|put|patch|http|https|json)\b|\blisten\w* for (post|http|incoming|requests|calls|webhooks?)\b|\bincoming (post|http|request|call|webhook)s?\b|\binbound (request|call|http|post|message|webhook)s?\b|\bcalls? us back\b|\bapex rest\b|\brest resource\b|apexrest|\b(calls|hits|pings|notifies|posts to|sends to|pushes to) (us|salesforce)\b|\b(posts|sends|pushes)\b[^.;]{0,40}\bto /[a-z]`)
	pathRe          = regexp.MustCompile(`(?:^|[\s(])(/[A-Za-z0-9_\-./~*{}]*[A-Za-z0-9_\-*}])`)
	methodRe        = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b`)
	namedHeaderRe   = regexp.MustCompile(`\b(?:[Hh]eader|HTTP header)\s+(?:(?:literally|simply|just|exactly|actually|plainly)\s+)?(?:called|named|titled)\s+(q_\d+_q|[A-Za-z][A-Za-z0-9-]{2,40})\b|\b(?:[Tt]he|[Aa]n?)\s+(q_\d+_q|[A-Z][A-Za-z0-9-]{2,40})\s+header\b`)
	headerTokenRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{2,40}$`)
	headerRe        = regexp.MustCompile(`\b([Xx]-[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]|[A-Z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)+)\b`)
	invocableRe     = regexp.MustCompile(`\b((?:screen |record-triggered |autolaunched )?flows? (?:can|could|will|should) (?:call|run|use|invoke|trigger)|flow[- ]callable|flow (?:button|step)s?|callable (?:from|by|in) (?:a |the |any )?flows?|flow actions?|invocable|flow builder|apex actions?|flow can call|callable from (a )?flows?|from (a |the |any |our |their |inside a |within a )?(screen |record-triggered |autolaunched )?flows?|in (a |the |any |our |their )?(screen )?flows?|(action|button|step) (in|for|from|inside|within|on) (a |the |any |our |my |your |their )?(screen )?flows?|for flows?|to flows?|quick action|(?:action|step|button)s?\s+(?:that\s+)?(?:i|we|you|admins?|people|they)\s+(?:can|could)\s+(?:drop|put|add|use|drag|plug|call|stick)\s+(?:into|in|inside|from|onto)\s+(?:a |the |any |our |my |their )?(?:screen )?flows?)\b`)
	labelRe         = regexp.MustCompile(`\b(?:(?:called|named|labelled|labeled|titled|label|name)\s+(?:it\s+)?|call\s+(?:it|this|that|the\s+(?:flow\s+)?action)\s+(?:as\s+)?)(q_\d+_q)`)
	cdcRe           = regexp.MustCompile(`\b(change data capture|cdc|change events?|changeevents?)\b|[a-z]changeevent\b`)
)

// Patterns used by webhookTrigger.
var (
	defineEndpointRe  = regexp.MustCompile(`\b(expose|exposes|create|set up|setup|build|add|give|provide|open|stand up|spin up|need|want|have|our|an?|new|public)\s+(\w+\s+){0,3}(webhooks?|endpoint|end point|url|callback|listener)\b|\b(webhooks?|endpoint|end point|listener) (at|on|for|that|which|where|to receive)\b`)
	outboundWebhookRe = regexp.MustCompile(`\b(to|call|hit|their|its|slack|teams|discord)\s+(the\s+|their\s+|a\s+)?([a-z]+\s+)?(webhook|endpoint)\b`)
	buildVerbRe       = regexp.MustCompile(`\b(expose|set up|create|give|provide|need|want|build|stand up|spin up)\b`)
	callerNameRe      = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]+)\)?\s+(?:will|would|can|posts|sends|pushes|calls|puts)\b`)
	postWordRe        = regexp.MustCompile(`\bpost(s|ed|ing)?\b`)
	noSignatureRe     = regexp.MustCompile(`\b(?:no|without(?:\s+an?)?|not)\s+(?:any\s+)?(?:hmac\s+)?(?:signatures?|signing|signed)\b|\b(?:don'?t|doesn'?t|do not|does not|can'?t|cannot|won'?t|will not)\s+(?:even\s+)?sign\b|\bunsigned\b`)
	signatureWordRe   = regexp.MustCompile(`\b(hmac|signature|signed|signing secret|verify|verifies|verified|verifying)\b`)
)

// webhookTrigger reads an inbound endpoint from seg.
func (f *flowCtx) webhookTrigger() bool {
	if !webhookStrongRe.MatchString(f.low) && !saysInbound(f.low) {
		if !webhookCueRe.MatchString(f.low) {
			return false
		}
		// "webhook" and "endpoint" alone may be outbound: "post to the Slack
		// webhook", "call their endpoint".
		if !defineEndpointRe.MatchString(f.low) && !webhookAtPath(f.seg) {
			return false
		}
		if outboundWebhookRe.MatchString(strings.ReplaceAll(f.low, "our ", "our_")) && !buildVerbRe.MatchString(f.low) {
			return false
		}
	}
	t := spec.Trigger{Type: spec.TriggerWebhook}
	// the sentences that define the endpoint
	var defs, cued []string
	for _, s := range sentences(f.seg) {
		// "Slack sends a POST to /slack/collect": the sentence that made it
		// inbound defines it, though a method stands before its path
		if ls := lowerASCII(s); webhookCueRe.MatchString(ls) || webhookStrongRe.MatchString(ls) || saysInbound(ls) || pointedAtRe.MatchString(ls) {
			defs = append(defs, s)
			cued = append(cued, s)
		} else if pathRe.MatchString(s) && !methodBeforePath(s) {
			defs = append(defs, s)
		}
	}
	def := strings.Join(defs, ". ")
	// a path where the request says it is called ("we'll point it at
	// /slack/commands") before a path said alone ("type /ticket in slack",
	// a slash command)
	for _, d := range []string{strings.Join(cued, ". "), def} {
		for _, m := range pathRe.FindAllStringSubmatchIndex(d, -1) {
			if slashCommandBeforeRe.MatchString(lowerASCII(d[:m[2]])) {
				// "a Slack slash command /needhelp": the command's name, not
				// the path Slack posts to
				continue
			}
			if path := cleanPath(d[m[2]:m[3]]); path != "" && t.Path == "" {
				t.Path = path
			}
		}
	}
	// who calls us
	if sys, _, ok := f.p.findKnownSystem(def, lowerASCII(def)); ok {
		f.source = sys.name
	} else if m := callerNameRe.FindStringSubmatch(def); m != nil && !isStopName(m[1]) {
		f.source = m[1]
	}
	if t.Path == "" {
		base := f.source
		if base == "" {
			base = "inbound"
		}
		noun := ""
		if o, _, _ := objectAt(lowerASCII(def), 0); o != "" {
			noun = plural(strings.ToLower(o))
		}
		t.Path = "/" + strings.ToLower(apiName(base, 40))
		if noun != "" {
			t.Path += "/" + noun
		}
		f.p.assume("assumed the endpoint's path is %s (served under /services/apexrest)", t.Path)
	}
	seen := map[string]bool{}
	for _, m := range methodRe.FindAllString(def, -1) {
		if !seen[m] {
			seen[m] = true
			t.Methods = append(t.Methods, m)
		}
	}
	if len(t.Methods) == 0 {
		t.Methods = []string{"POST"}
		if !postWordRe.MatchString(lowerASCII(def)) {
			f.p.assume("assumed the endpoint accepts POST requests")
		}
	}
	scheme := vendorScheme(f.source)
	// A vendor whose signature covers more than the body (a timestamp, the
	// URL) gets its own scheme even when the admin names its header: an
	// HMAC of the body alone would refuse every genuine call. Body-only
	// vendors (Shopify, GitHub, DocuSign) keep the header the admin names.
	// "(they POST, no signature unfortunately)": a signature said to be
	// missing names none
	signed := signatureWordRe.MatchString(noSignatureRe.ReplaceAllString(f.low, " "))
	if scheme != "" && (spec.VerifyTimestamped(scheme) || scheme == spec.VerifyTwilio || !signed || namesVendorHeader(scheme, f.seg)) {
		t.Verify = &spec.Verify{Type: scheme}
		f.p.assume("assumed %s signs its requests with its documented %s signature; the signing secret is entered in Salesforce after install, never in the spec", f.source, scheme)
	} else if signed {
		t.Verify = &spec.Verify{Type: spec.VerifyHMACSHA256}
		for _, h := range headerRe.FindAllString(f.seg, -1) {
			lh := strings.ToLower(h)
			if strings.HasPrefix(lh, "hmac-sha") || strings.HasPrefix(lh, "sha-") || lh == "hmac-sha256" || strings.HasPrefix(lh, "content-") || strings.HasPrefix(lh, "on-") || strings.HasPrefix(lh, "e-") || strings.HasPrefix(lh, "follow-") || strings.HasPrefix(lh, "re-") {
				continue
			}
			t.Verify.Header = h
			break
		}
		if m := namedHeaderRe.FindStringSubmatch(f.seg); m != nil && t.Verify.Header == "" {
			// "in a header called Signature", "the Signature header": a
			// one-word header named as such
			if h := strings.TrimSpace(f.p.unquote(m[1] + m[2])); headerTokenRe.MatchString(h) {
				t.Verify.Header = h
			}
		}
		if t.Verify.Header == "" && scheme != "" {
			t.Verify = &spec.Verify{Type: scheme}
			f.p.assume("assumed %s signs its requests with its documented %s signature", f.source, scheme)
		} else if t.Verify.Header == "" {
			t.Verify.Header = "X-Signature"
			f.p.assume("assumed the signature arrives in the X-Signature header as an HMAC-SHA256 of the body")
		}
		f.p.assume("the HMAC signing secret is entered in Salesforce after install, never in the spec")
	} else {
		t.Verify = &spec.Verify{Type: spec.VerifySalesforceSession}
		f.p.assume("assumed callers sign in to Salesforce (guest users are refused); if the caller signs its requests instead, name its signature (a vendor such as Stripe, or an HMAC header)")
	}
	f.trig = t
	f.root = "request"
	return true
}

// vendorSchemes are the vendors whose webhook signature patchbay checks,
// by the lower-case name an admin writes (docs/webhooks.md).
var vendorSchemes = map[string]string{
	"stripe": spec.VerifyStripe, "zendesk": spec.VerifyZendesk, "hubspot": spec.VerifyHubSpotV3,
	"slack": spec.VerifySlack, "github": spec.VerifyGitHub, "shopify": spec.VerifyShopify,
	"docusign": spec.VerifyDocuSign, "twilio": spec.VerifyTwilio,
}

// vendorHeaders are the headers body-only vendors sign in, which their
// scheme reads in its own format ("sha256=" and hex for GitHub).
var vendorHeaders = map[string]string{
	spec.VerifyGitHub: "x-hub-signature-256", spec.VerifyShopify: "x-shopify-hmac-sha256", spec.VerifyDocuSign: "x-docusign-signature-1",
}

// namesVendorHeader reports whether seg names the vendor's own signature
// header as the vendor's signature ("Verify the GitHub signature
// (X-Hub-Signature-256)"): that is the vendor's scheme. A request that
// says HMAC ("verify the HMAC-SHA256 signature in the X-Shopify-Hmac-Sha256
// header") asks for a plain HMAC check of the header it names.
func namesVendorHeader(scheme, seg string) bool {
	h, ok := vendorHeaders[scheme]
	low := lowerASCII(seg)
	return ok && strings.Contains(low, h) && !strings.Contains(strings.ReplaceAll(low, h, ""), "hmac")
}

// vendorScheme returns the signature scheme of the system that calls a
// webhook, or "" when patchbay knows none for it.
func vendorScheme(source string) string {
	return vendorSchemes[strings.ToLower(strings.TrimSpace(source))]
}

// inboundRow is one way of saying another system calls us, with an
// example (TestInboundRowExamples).
type inboundRow struct {
	name    string
	re      *regexp.Regexp
	example string
}

// inboundRows are ways of saying that a system calls Salesforce which the
// webhook cues above do not read.
var inboundRows = []inboundRow{
	{
		name:    "have the system call us",
		re:      regexp.MustCompile(`\b(?:have|let|get|make)\s+(?:[a-z0-9.]+\s+){1,2}(?:post|put|patch|send|push|call|hit|ping|notify)\b[^.;]{0,60}?(?:\bto\s+(?:salesforce|us|our\s+(?:org|side|end|endpoint|url))\b|\s/[a-z])`),
		example: "Can we have Twilio POST those texts to salesforce at /twilio/sms?",
	},
	{
		name:    "the system is able to call an address we give",
		re:      regexp.MustCompile(`\b(?:is|are)\s+(?:able|set up|configured|happy)\s+to\s+(?:post|put|patch|send|push|call|hit|notify)\b[^.;]{0,80}?\b(?:to|at)\s+(?:an?\s+|the\s+|our\s+)?(?:address|url|endpoint|location|path|salesforce|us)\b`),
		example: "DocuSign Connect is able to POST envelope notifications to an address of our choosing; I propose /docusign/envelopes.",
	},
	{
		name:    "the system calls an address on our side",
		re:      regexp.MustCompile(`\b(?:hit|hits|call|calls|ping|pings|post\s+to|posts\s+to|send\s+\w+\s+to|sends\s+\w+\s+to|notify|notifies)\s+(?:an?|the|some)\s+(?:url|address|endpoint|link|uri)\s+(?:on|at)\s+our\s+(?:side|end)\b`),
		example: "Their rep says they can hit a url on our side with a POST when a decision comes back, so please make that /dealertrack/decisions.",
	},
	{
		name:    "a path of ours set up to take their calls",
		re:      regexp.MustCompile(`(?:^|\s)/[a-z0-9][a-z0-9/_-]*\s+(?:to|that can|that will|so it can)\s+(?:take|accept|receive|catch|handle|listen for)\s+(?:their|its|his|her|the|those|these)\s+(?:posts|webhooks|calls|requests|pings|notifications|callbacks)\b`),
		example: "Can you set up /cloudbeds/reservations to take their POSTs?",
	},
}

// saysInbound reports whether low says, by one of inboundRows, that a
// system calls us.
func saysInbound(low string) bool {
	for i := range inboundRows {
		if inboundRows[i].re.MatchString(low) {
			return true
		}
	}
	return false
}

// webhookAtPath reports whether a sentence that mentions webhooks also
// gives a path of ours for them ("take them at /freshbooks/payments"), not
// pointedAtRe is the sender pointed at a path of ours: "we'll point it at
// /slack/commands", "set the request url to /hooks/x".
var pointedAtRe = regexp.MustCompile(`\b(?:point|points|pointed|pointing|aim|aimed|direct|set)\s+(?:it|them|the\s+(?:request\s+)?url|the\s+webhook|the\s+callback)\s+(?:at|to)\s+/`)

// the path of an outbound call.
func webhookAtPath(seg string) bool {
	for _, s := range sentences(seg) {
		if webhookCueRe.MatchString(lowerASCII(s)) && pathRe.MatchString(s) && !methodBeforePath(s) {
			return true
		}
	}
	return false
}

// Patterns used by methodBeforePath.
var (
	methodThenPathRe = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE|get|call|calls|hit)\s+/`)
	methodToPathRe   = regexp.MustCompile(`(?i)\b(POST|PUT|PATCH|GET) (request )?to /`)
	// inboundVerbRe says the path is called, not calling: "Zendesk will
	// POST to /x", "an endpoint", "have it POST to /x" (it: the sender
	// just named)
	inboundVerbRe = regexp.MustCompile(`(?i)\b(will|accepts?|receives?|endpoint|(?:have|has|make|get|let|tell)\s+(?:it|them)\s+(?:to\s+)?(?:POST|PUT|PATCH)|(?:it|they)(?:'ll|\s+will|\s+can|\s+should)\s+(?:POST|PUT|PATCH))\b`)
)

// methodBeforePath reports whether a path in s is an outbound call's
// ("call GET /rates/latest").
func methodBeforePath(s string) bool {
	return methodThenPathRe.MatchString(s) || methodToPathRe.MatchString(s) && !inboundVerbRe.MatchString(s)
}

// cleanPath makes a path the spec accepts: no braces, query or trailing
// punctuation.
func cleanPath(p string) string {
	p = strings.TrimRight(p, ".,;:)")
	p = strings.TrimPrefix(p, "/services/apexrest")
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = pathParamRe.ReplaceAllString(p, "*")
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s != "*" {
			s = strings.ReplaceAll(s, "*", "")
		}
		if s != "" {
			segs = append(segs, s)
		}
	}
	if len(segs) == 0 {
		return ""
	}
	p = "/" + strings.Join(segs, "/")
	if len(p) > spec.MaxWebhookPath {
		p = strings.TrimRight(p[:spec.MaxWebhookPath], "/")
	}
	return p
}

// bareActionNameRe is an action's name written without quotes, up to the
// words that say what it does: "an action called lookup credit score that
// takes an account id", "a flow action named Check Credit, which ...".
// Dictation names it after "call it": "make one of those flow actions
// ... call it validate address and it takes the contact id".
var bareActionNameRe = regexp.MustCompile(`\b(?:action\s+(?:called|named|labell?ed|titled)|(?:call|name)\s+it)\s+([a-z0-9][a-z0-9 -]{1,60}?)\s*(?:[,;:.(]|\s(?:that|which|to|so|where|for|taking|takes|and)\b|$)`)

// invocableTrigger reads a Flow action from seg.
func (f *flowCtx) invocableTrigger() bool {
	if !invocableRe.MatchString(f.low) {
		return false
	}
	t := spec.Trigger{Type: spec.TriggerInvocable}
	if m := labelRe.FindStringSubmatch(f.low); m != nil {
		t.Label = f.p.unquote(m[1])
	} else if m := quoteToken.FindString(f.low); m != "" {
		t.Label = f.p.unquote(m)
	} else if m := bareActionNameRe.FindStringSubmatchIndex(f.low); m != nil {
		t.Label = strings.TrimSpace(f.seg[m[2]:m[3]])
	}
	f.trig = t
	f.root = "input"
	return true
}

// Patterns used by changeEventTrigger.
var (
	changeEventNameRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9_]*?)ChangeEvent\b`)
)

// changeEventTrigger reads a Change Data Capture trigger.
func (f *flowCtx) changeEventTrigger() bool {
	if !cdcRe.MatchString(withoutRemarks(f.low)) {
		// "Change data capture is already on for WorkOrder. When a work
		// order is created or updated ...": the request turned change
		// events on for the object this flow's record event is on
		obj, _, _ := objectAt(lowerASCII(f.clauseText()), 0)
		if obj == "" || obj != f.p.cdcObject() {
			return false
		}
		f.trig = spec.Trigger{Type: spec.TriggerChangeEvent, Object: obj}
		f.object = obj
		f.root = "record"
		return true
	}
	obj := ""
	if m := changeEventNameRe.FindStringSubmatch(f.seg); m != nil {
		obj = m[1]
	}
	if obj == "" {
		text := f.clauseText()
		if o, _, _ := objectAt(lowerASCII(text), 0); o != "" {
			obj = o
		} else if o, _, _ := objectAt(f.low, 0); o != "" {
			obj = o
		}
	}
	if obj == "" {
		return false
	}
	if co := f.p.cdcObject(); co != "" && co != obj {
		// "CDC is enabled on the Contact object. When a lead is created":
		// change events are on for another object than this flow's
		return false
	}
	f.trig = spec.Trigger{Type: spec.TriggerChangeEvent, Object: obj}
	f.object = obj
	f.root = "record"
	return true
}

// cdcOnRe is a sentence saying change data capture is on for an object:
// "Change data capture is already on for WorkOrder", "we turned on CDC
// for Account already".
var cdcOnRe = regexp.MustCompile(`\b(?:change data capture|cdc|change events?)\b[^.;!?\n]{0,40}?\b(?:is|are|was|been|already|turned|switched|enabled|on)\b[^.;!?\n]{0,30}?\b(?:for|on)\s+(?:the\s+)?([a-z][a-z0-9_ ]{1,30}?)(?:\s+object)?(?:\s+already)?\s*(?:[.;!?\n]|$)|\b(?:turned|switched)\s+on\s+(?:change data capture|cdc)\s+(?:for|on)\s+(?:the\s+)?([a-z][a-z0-9_ ]{1,30}?)(?:\s+object)?(?:\s+already)?\s*(?:[.;!?\n]|$)`)

// cdcObject is the one object the request says change data capture is on
// for, or "".
func (p *plan) cdcObject() string {
	found := ""
	for _, m := range cdcOnRe.FindAllStringSubmatch(lowerASCII(p.request), -1) {
		w := m[1]
		if w == "" {
			w = m[2]
		}
		obj, _, _ := objectAt(w, 0)
		if obj == "" || found != "" && found != obj {
			return ""
		}
		found = obj
	}
	return found
}

// platformEventTrigger reads a platform-event trigger.
func (f *flowCtx) platformEventTrigger() bool {
	ev := triggerEvent(f.seg)
	if ev == "" {
		return false
	}
	if spec.CheckEventName(ev) != nil {
		return false
	}
	f.trig = spec.Trigger{Type: spec.TriggerPlatformEvent, Event: ev}
	f.root = "event"
	return true
}

// scheduleTrigger reads a schedule.
func (f *flowCtx) scheduleTrigger() bool {
	cron, timed, ok := parseSchedule(f.low)
	if !ok {
		return false
	}
	if spec.CheckCron(cron) != nil {
		return false
	}
	if !timed {
		f.p.assume("assumed the schedule runs at %s (cron %q); the request gave no time", cronTime(cron), cron)
	}
	f.trig = spec.Trigger{Type: spec.TriggerSchedule, Cron: cron}
	f.root = "lastRun"
	f.everyMinutes = subHourly(f.low)
	return true
}

// subHourly returns the interval in minutes of a schedule that repeats
// within the hour ("every 15 minutes"), or 0.
// everyNMinRe is "every 5 min".
var everyNMinRe = regexp.MustCompile(`every (\d+) min`)

func subHourly(low string) int {
	low = withoutHabits(low)
	if m := everyNRe.FindStringSubmatch(low); m != nil && !strings.HasPrefix(m[2], "h") {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = numberWords[m[1]]
		}
		if n > 0 && n < 60 {
			return n
		}
		return 0
	}
	if minutelyRe.MatchString(low) {
		if m := everyNMinRe.FindStringSubmatch(low); m != nil {
			n, _ := strconv.Atoi(m[1])
			if n > 0 && n < 60 {
				return n
			}
		}
		return 1
	}
	return 0
}

func cronTime(cron string) string {
	fs := strings.Fields(cron)
	if len(fs) < 3 {
		return cron
	}
	if len(fs[2]) == 1 {
		fs[2] = "0" + fs[2]
	}
	if len(fs[1]) == 1 {
		fs[1] = "0" + fs[1]
	}
	return fs[2] + ":" + fs[1]
}

var (
	createWordsRe = regexp.MustCompile(`\b(created|creates|is created|are created|gets created|added|is added|inserted|comes in|come in|submitted|signs up|sign up|signed up|registers|registered|is entered|opened|is opened|gets opened|is logged|logged|is made|made|arrives|is raised|raised|filed|is filed|booked|is booked|placed|is placed)\b`)
	updateWordsRe = regexp.MustCompile(`\b(updated|updates|update|changed|changes|change|edited|edits|modified|modifies|goes to|moves to|moved to|becomes|is marked|marked|reaches|switches|is set|gets set|transitions|hits|gets to|flips|flipped)\b`)
	// "when we delete a contact": the base form after a plural subject
	deleteWordsRe   = regexp.MustCompile(`\b(deleted|deletes|is deleted|removed|is removed|trashed|gets deleted|merged)\b|\b(?:we|i|you|they|people|users|reps|admins|agents|staff|volunteers)\s+(?:\w+\s+)?(?:delete|remove|trash|merge)\s+(?:an?|the|any|one|some|that|this)\b`)
	undeleteWordsRe = regexp.MustCompile(`\b(undeleted|restored|recovered|undelete|undeletes)\b`)
	bothWordsRe     = regexp.MustCompile(`\b(saved|is saved|created or updated|created or changed|created or edited|created or modified|upserted|created/updated|added or updated|added or changed|inserted or updated|new or updated|new or changed|new or modified|any change|anything changes)\b`)
)

// Patterns used by onEvents.
var (
	newObjectWordsRe = regexp.MustCompile(`\bnew\s+([a-z_-]+)(?:\s+([a-z_-]+))?`)
)

// stateWords are states a record reaches by an update; "new" before one
// means newly in that state.
var stateWords = map[string]bool{"closed-won": true, "closed-lost": true, "won": true, "lost": true, "closed": true,
	"converted": true, "qualified": true, "signed": true, "activated": true, "escalated": true, "approved": true,
	"paid": true, "shipped": true, "completed": true, "expired": true, "cancelled": true, "canceled": true, "resolved": true}

// storyAsideRe is a bracketed aside; eventAsideRe one that is only a
// record event ("(created or updated)", "(on insert)").
var (
	storyAsideRe = regexp.MustCompile(`\([^()]*\)`)
	eventAsideRe = regexp.MustCompile(`^\(\s*(?:on\s+|after\s+|before\s+|when\s+|both\s+|either\s+)?(?:new|create|created|creation|insert|inserted|update|updated|edit|edited|change|changed|delete|deleted|undelete|undeleted|any)\b`)
)

// onEvents reads which record events a trigger clause names.
func onEvents(low string) []string {
	// "deletes a client account (usually a dupe somebody made)": a story in
	// brackets names no event; "(created or updated)" does
	low = storyAsideRe.ReplaceAllStringFunc(low, func(a string) string {
		if eventAsideRe.MatchString(a) {
			return a
		}
		return strings.Repeat(" ", len(a))
	})
	var on []string
	newObj := false
	for _, m := range newObjectWordsRe.FindAllStringSubmatch(low, -1) {
		if stateWords[m[1]] {
			// "new closed-won deals": newly in a state, not newly created
			continue
		}
		if isObjectWord(m[1]) || isObjectWord(m[2]) || strings.HasSuffix(m[1], "__c") {
			newObj = true
		}
	}
	if bothWordsRe.MatchString(low) {
		on = append(on, spec.OnCreate, spec.OnUpdate)
	} else {
		if createWordsRe.MatchString(low) || newObj {
			on = append(on, spec.OnCreate)
		}
		if updateWordsRe.MatchString(low) {
			on = append(on, spec.OnUpdate)
		}
	}
	if deleteWordsRe.MatchString(low) {
		on = append(on, spec.OnDelete)
	}
	if undeleteWordsRe.MatchString(low) {
		on = append(on, spec.OnUndelete)
	}
	return on
}

// fixEvents reconciles record events with the conditions: prior-value
// operators need on: [update].
func (f *flowCtx) fixEvents(on []string, conds []spec.Condition) ([]string, []spec.Condition) {
	prior := needsPrior(conds)
	has := func(e string) bool {
		for _, o := range on {
			if o == e {
				return true
			}
		}
		return false
	}
	switch {
	case len(on) == 0 && prior:
		on = []string{spec.OnUpdate}
	case len(on) == 0:
		on = []string{spec.OnCreate, spec.OnUpdate}
		f.p.assume("assumed the flow runs when %s is created or updated", withArticle(objectLabel(f.object)))
	case prior && (has(spec.OnCreate) || has(spec.OnDelete) || has(spec.OnUndelete)):
		if !has(spec.OnCreate) && has(spec.OnUpdate) {
			// delete/undelete with prior values: keep the update
			on = []string{spec.OnUpdate}
			break
		}
		conds = withoutPrior(conds)
	}
	sort.SliceStable(on, func(i, j int) bool { return eventRank(on[i]) < eventRank(on[j]) })
	return on, conds
}

// needsPrior reports whether any condition, in groups too, compares with
// prior values.
func needsPrior(conds []spec.Condition) bool {
	return slices.ContainsFunc(conds, spec.Condition.ComparesPrior)
}

// withoutPrior rewrites prior-value conditions for a trigger that also
// fires on create: changedTo becomes equals, changedFrom notEquals, and
// changed is dropped.
func withoutPrior(conds []spec.Condition) []spec.Condition {
	var out []spec.Condition
	for _, c := range conds {
		if c.IsGroup() {
			c.Any, c.All = withoutPrior(c.Any), withoutPrior(c.All)
			if len(c.Any)+len(c.All) == 0 {
				continue
			}
			out = append(out, c)
			continue
		}
		switch c.Op {
		case spec.OpChangedTo:
			c.Op = spec.OpEquals
		case spec.OpChangedFrom:
			c.Op = spec.OpNotEquals
		case spec.OpChanged:
			continue
		}
		out = append(out, c)
	}
	return out
}

// withArticle puts "a" or "an" before a noun.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func eventRank(e string) int {
	for i, x := range spec.OnEvents {
		if x == e {
			return i
		}
	}
	return len(spec.OnEvents)
}

// objectLabel names an object in a sentence.
func objectLabel(o string) string {
	for w, x := range objectWords {
		if x == o && !strings.Contains(w, " ") && w == strings.ToLower(o) {
			return w
		}
	}
	return strings.ToLower(labelFromName(strings.TrimSuffix(o, "__c")))
}

// stopNames are capitalised words that do not name a system.
var stopNames = map[string]bool{"salesforce": true, "sfdc": true, "the": true, "a": true, "an": true, "i": true, "we": true,
	"apex": true, "flow": true, "flows": true, "chatter": true, "id": true, "api": true, "rest": true, "http": true, "https": true,
	"json": true, "url": true, "sms": true, "email": true, "cdc": true, "when": true, "every": true, "then": true, "also": true,
	"our": true, "their": true, "it": true, "this": true, "that": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "closed": true, "won": true, "lost": true, "high": true, "low": true, "new": true,
	"post": true, "get": true, "put": true, "patch": true, "delete": true, "hmac": true, "sha": true, "uk": true, "us": true,
	"eu": true, "usd": true, "eur": true, "gbp": true, "pdf": true, "csv": true, "crm": true, "erp": true, "please": true,
	"and": true, "for": true, "if": true, "on": true, "in": true, "to": true, "from": true, "with": true, "record": true,
	"records": true, "platform": true, "event": true, "events": true, "change": true, "data": true, "capture": true,
	"builder": true, "action": true, "lightning": true, "experience": true, "cloud": true, "service": true, "sales": true,
	"marketing": true, "org": true, "sandbox": true, "production": true, "admin": true, "admins": true, "team": true,
	"also,": true, "ok": true, "hey": true, "hi": true, "thanks": true, "asap": true, "fyi": true, "btw": true, "note": true,
	"webhook": true, "endpoint": true, "status": true, "stage": true, "priority": true, "amount": true, "name": true}

func isStopName(w string) bool {
	lw := strings.ToLower(w)
	if stopNames[lw] || isObjectWord(lw) {
		return true
	}
	if _, ok := fieldWords[lw]; ok {
		return true
	}
	return false
}
