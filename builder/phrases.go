package builder

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// phraseRewrite is one way of saying something that the rules read in
// another, plainer form.
type phraseRewrite struct {
	re   *regexp.Regexp
	with string
	// example is a phrase the row rewrites (TestPhraseRewriteExamples).
	example string
}

// recordTriggerHead is a record-triggered automation on an object, the
// way admins name it, up to its events: "After-save record-triggered flow
// on Lead, create + update", "Apex trigger on Case, after insert", "Flow on
// Lead (after save), fires on update". The object is $1 (after
// record-triggered) or $2 (after trigger or flow, where it is capitalised).
const recordTriggerHead = `(?i)\b(?:(?:an?\s+)?\(?(?:after|before)[- ]save\)?\s*[,:]?\s*)?(?:record[- ]triggered(?:\s+flow)?\s+on\s+(?:the\s+|an?\s+)?([A-Za-z][A-Za-z0-9_]*)|(?:an?\s+)?(?:apex\s+)?(?:trigger|flow)\s+on\s+(?:the\s+)?((?-i:[A-Z][A-Za-z0-9_]*)))(?:\s+object)?\s*[,:;]?\s*(?:\(?(?:an?\s+)?(?:after|before)[- ]save\)?\s*[,:;]?\s*)?(?:(?:fires|runs|fire|run)\s+)?(?:on\s+|for\s+)?(?:(?:after|before)[- ])?`

// threadCorrectionRe is a chat thread's next line correcting the place
// an action goes: "post to Slack ...\nactually make that Teams".
var threadCorrectionRe = regexp.MustCompile(`(?i)(\b(?:post|posts|send|sends|push|pushes|create|open|log|file|raise|notify|ping|message|alert|sync|add|put|write|share|forward|mirror|copy|drop)\b[^\n]*?\b(?:to|in|into|on|onto|via|through))\s+(?-i:[A-Z][A-Za-z0-9.]*(?:\s+[A-Z][A-Za-z0-9.]*)?)(\s+#[\w-]+)?([^\n]*\n[^\n]*?)\b(?:actually|no wait|wait no|wait|no no|nope|correction|sorry|scratch that|on second thought)[,:]?\s+(?:(?:make|change|switch)\s+(?:that|it)\s+(?:to\s+)?|(?:let'?s\s+|we'?ll\s+|pls\s+|please\s+)?(?:use|go with|switch to|move to)\s+)((?-i:[A-Z][A-Za-z0-9.]*(?:\s+[A-Z][A-Za-z0-9.]*)?))(?:\s+instead)?(?:\s*[,;(-][^\n]*)?`)

// Record-triggered automations by their events (recordTriggerHead).
var (
	recordTriggerBothRe   = regexp.MustCompile(recordTriggerHead + `(?:create|insert)\s*(?:\+|&|/|,|and|or)\s*(?:(?:after|before)[- ])?update\b`)
	recordTriggerCreateRe = regexp.MustCompile(recordTriggerHead + `(?:create|insert)(?:\s+only)?\b`)
	recordTriggerUpdateRe = regexp.MustCompile(recordTriggerHead + `update(?:\s+only)?\b`)
)

// givenAndLineRe is a line of Given/When/Then that opens with "And": it
// goes on with the line before ("Given a new case is created\nAnd the
// Priority is High").
var givenAndLineRe = regexp.MustCompile(`(?i)([^\s,])[ \t]*\n[ \t]*and\s+`)

// verifyThatRe is "verify that" pointing back at a signature just
// described: "..., so verify that pls."
var verifyThatRe = regexp.MustCompile(`(?i)\b(?:verify|validate|check)\s+(?:that|this|it|them)(?:\s+(?:pls|please|plz|too|as\s+well|for\s+us))?\s*([.!,;]|$)`)

// rowGates skip costly phrase rows on text that cannot hold what they
// read (BenchmarkPlanOffline): each is given the request in lower case.
var rowGates = map[*regexp.Regexp]func(low string) bool{
	threadCorrectionRe:    func(low string) bool { return strings.Contains(low, "\n") },
	givenAndLineRe:        func(low string) bool { return strings.Contains(low, "given") },
	verifyThatRe:          func(low string) bool { return strings.Contains(low, "sign") || strings.Contains(low, "hmac") },
	recordTriggerBothRe:   mentionsAutomation,
	recordTriggerCreateRe: mentionsAutomation,
	recordTriggerUpdateRe: mentionsAutomation,
}

// mentionsAutomation reports whether a request names a trigger or flow.
func mentionsAutomation(low string) bool {
	return strings.Contains(low, "trigger") || strings.Contains(low, "flow")
}

// phraseRewrites turn idioms and loose phrasings into the words the rules
// know. They are about meaning, not about any one request: each says the
// same thing as its replacement in every context it matches.
var phraseRewrites = []phraseRewrite{
	// a pasted chat thread: "[10:42] Dana: ..." lines. The time a message
	// was sent is not a schedule and the speaker is not a system; a bare
	// "+1," agrees and adds nothing
	{regexp.MustCompile(`(?m)^[ \t]*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?\]?[ \t]*(?:-[ \t]*)?[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*)?[ \t]*:[ \t]+(?:\+1\b[,.!]*[ \t]*)?`), "", "[08:30] Eva: every night pull the cards from Trello"},
	{regexp.MustCompile(`(?m)^[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*)?[ \t]*[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp][Mm])?[\])][ \t]*:?[ \t]+(?:\+1\b[,.!]*[ \t]*)?`), "", "Eva Ruiz [8:30 PM]: every night pull the cards from Trello"},
	// "make a thing where if a case ...": the request is what follows
	{regexp.MustCompile(`(?i)\b(?:make|build|set up|setup|create|add|need|want)\s+(?:a|an|some|one)\s+(?:thing|something|automation|integration|process|rule|workflow|setup)\s+(?:where|so that|so|that|which|such that)\s+`), "", "make a thing where if a case is closed we ping Slack"},
	// a product named, then said to be the kind of tool it is: "send it
	// through RingCentral since thats our phone system"; the kind is no
	// system of its own ("whats": the typo reader's reading of "thats")
	{regexp.MustCompile(`(?i),?\s*(?:\(\s*)?(?:since|as|because|cause|cuz|bc)\s+(?:that'?s|thats|whats|that is|it'?s|its|it is|they'?re|they are)\s+(?:our|the)\s+(?:[a-z-]+\s+){0,2}(?:system|app|application|tool|platform|provider|vendor|software|service|crm|erp)\b\)?`), "", "send it through RingCentral since thats our phone system"},
	// a product named, then defined without brackets, as dictation says
	// it: "send the order to extensive that's our three PL warehouse to
	// create ..." is "to extensive (that's our three PL warehouse)", which
	// definedVendorRe reads
	{regexp.MustCompile(`(?i)\b(from|out\s+of|in|into|to|via|through|thru|using|with|onto)\s+([a-z][a-z0-9.-]{2,}(?:\s+[a-z][a-z0-9-]{2,})?)\s*,?\s+((?:that'?s|whats|that\s+is|which\s+is)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}?(?:app|application|system|tool|platform|software|erp|crm|tms|wms|3pl|warehouse|provider|vendor|backend|portal))\b`), "$1 $2 ($3)",
		"send the order to extensive that's our three PL warehouse to create a fulfillment order"},
	// a double dash is a dash typed without the dash key: a pair sets off
	// an aside ("When a work order gets closed out -- Status moves to
	// Completed -- and ..."), one alone reads as a dash
	{regexp.MustCompile(`\s+--\s+([^\n]{1,80}?)\s+--\s+`), " ($1) ", "When a work order gets closed out -- Status moves to Completed -- and the Customer_Signature__c field isnt empty, create an invoice"},
	{regexp.MustCompile(`\s+--\s+`), " - ", "pull the orders from Shopify -- all of them"},
	// create-or-update said as two participles and a condition: "we need
	// the Pallet__c record created, or updated if its already there" is
	// an upsert; the key follows as "match on X"
	{regexp.MustCompile(`(?i)\bcreated,?\s+or\s+updated\s+if\s+(?:it'?s|its|it\s+is|they'?re|theyre|they\s+are|one\s+is)\s+already\s+(?:there|in\s+there|in\s+salesforce|present)\b|\bcreated,?\s+or\s+updated\s+if\s+(?:it|one|they)\s+already\s+exists?\b`), "upserted",
		"For each pallet we need the Pallet__c record in salesforce created, or updated if its already there - match on Pallet_Tag__c"},
	{regexp.MustCompile(`(?i)\s*(?:,|\s-)\s+(?:and\s+)?match(?:ed)?\s+(?:it\s+|them\s+)?(on|by|using)\s+`), ", matching on ", "upsert the Pallet__c record - match on Pallet_Tag__c which is the barcode number"},
	// "+" between two actions: "create a row in Airtable + post it in #growth"
	{regexp.MustCompile(`\s\+\s+`), " and ", "create a row in Airtable + post it in #growth on slack"},
	// an ordinal that opens a flow: "first one when ..., second one every
	// night ...", "2nd thing: ..." is a list item
	{regexp.MustCompile(`(?i)(^|[.!?]\s+|\n\s*)(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|other|next|last|another)\s+(?:one|thing|part|piece|item|request|ask|bit)\s*(?:is\s*:?|:|,|-)?\s+`), "$1\n- ", "ok two things. first one when somebody books a demo on calendly, create a lead. second one every night pull the calls from gong"},
	// a bare ordinal with a colon opens a flow too: "Two things pls.
	// First: use Change Data Capture on Product2 ... Second: a flow action
	// labeled 'Check Stock' ..."
	{regexp.MustCompile(`(?i)(^|[.!?]\s+|\n\s*)(?:first|second|third|fourth|firstly|secondly|thirdly|1st|2nd|3rd|4th)\s*:\s+`), "$1\n- ", "Two things pls. First: use Change Data Capture on Product2 so that ... Second: a flow action labeled 'Check Stock'"},
	// a list announced with a colon: "the lead source is one of these:
	// trade show, webinar, partner referral"
	{regexp.MustCompile(`(?i)\b(one of|any of|either of|none of)\s+(?:these|those|the following|the below|the values below|the values)\s*:\s*`), "$1 ", "the lead source is one of these: trade show, webinar, partner referral"},
	// a verb with a particle that adds nothing: "fire off the event"
	{regexp.MustCompile(`(?i)\b(fire|send|shoot)\s+off\s+(an?|the|that|this|one)\b`), "$1 $2", "Also fire off the Dispatch_Alert__e event"},
	// "sales force" split in two, where it is a place, not a sales team
	{regexp.MustCompile(`(?i)\b(into|in|to|from|on|inside|within|with|out of)\s+sales\s+force\b`), "$1 Salesforce", "upsert them into sales force as leads"},
	// formal English: "Should a customer account be deleted, ..." is "If
	// a customer account is deleted, ..."; "ought to be" is "should be"
	{regexp.MustCompile(`(?i)(^|[.!?\n]\s*|;\s*)should\s+(an?|any|the)\s+([a-z][a-z' -]{0,40}?)\s+be\s+`), "${1}If $2 $3 is ", "Should a customer account be deleted in Salesforce, the client in FreshBooks ought to be deleted as well."},
	{regexp.MustCompile(`(?i)\bought\s+to\b`), "should", "the corresponding client in FreshBooks ought to be deleted as well"},
	// sign-offs: "Let me know if you need anything else!"
	{regexp.MustCompile(`(?i)\b(?:let|lemme)\s+(?:me|us)\s+know\b[^.!?\n]*[.!?]*|\blmk\b[^.!?\n]*[.!?]*`), "", "Let me know if you need anything else!"},
	// an invitation to push back, not a step: "if (2) is weird just tell
	// me", "if this sounds like overkill let me know"
	{regexp.MustCompile(`(?i)\bif\s+[^,.;!?\n]{1,40}?\s+(?:is|seems|sounds|looks)\s+(?:(?:like\s+)?(?:a\s+)?(?:weird|odd|wrong|off|strange|bad\s+idea|silly|dumb|crazy|overkill|too\s+much|confusing|unclear))\b[^,.;!?\n]{0,20}?,?\s*(?:just\s+|pls\s+|please\s+)?(?:tell|let)\s+(?:me|us)(?:\s+know)?\b`), "", "if (2) is weird just tell me, our CEO asked for it"},
	// rhetorical asides that tell a story, not a step: "(it retries like
	// 19 times, ask me how i know)", "(don't ask)", "(long story)"
	{regexp.MustCompile(`(?i),?\s*\bask\s+me\s+how\s+(?:i|we)\s+know\b`), "", "it retries like 19 times, ask me how i know"},
	{regexp.MustCompile(`(?i)\s*\(\s*(?:(?:don'?t|do\s+not)\s+ask(?:\s+why)?|long\s+story)\s*[.!]*\s*\)|,?\s*\b(?:(?:don'?t|do\s+not)\s+ask(?:\s+why)?|long\s+story)(\s*[).!;\n])`), "$1", "we keep them in a spreadsheet (don't ask) for now"},
	// wishes that only introduce the request: "I'd love it if ..."
	{regexp.MustCompile(`(?i)\b(?:i'd|i would|we'd|we would)\s+(?:love|like|prefer)\s+(?:it\s+)?(?:if|for)\s+`), "", "I'd love it if new leads went to HubSpot"},
	// "Is it possible to create customers in QuickBooks from Salesforce?
	// Here's what we need: when ...": a question that asks whether the
	// whole thing can be done, then the detail after a lead; the question
	// sums the detail up and plans nothing of its own (what lies between,
	// "Background: ...", stays); so does a recap after "TL;DR:"
	{regexp.MustCompile(`(?i)\b(?:is\s+it\s+possible|would\s+it\s+be\s+possible|is\s+there\s+(?:a|any)\s+way|does\s+anyone\s+know\s+(?:how|if|whether)|has\s+anyone\s+(?:done|built|managed))\b[^?.!\n]{0,300}\?\s*([^?]{0,600}?)\b((?:(?:here'?s|here\s+is|this\s+is)\s+what\s+(?:we|i)\s+(?:need|want|are\s+after|'re\s+after)|what\s+(?:we|i)\s+(?:need|want)\s+is|(?:here'?s|here\s+is)\s+the\s+(?:ask|plan|idea|details?|spec|use\s+case|requirement)|the\s+(?:details?|requirements?|use\s+case)\s+(?:is|are)|specifically|concretely|in\s+detail)\s*[:,-]|\b(?:tl;?dr|in\s+short|to\s+sum\s+(?:it\s+)?up|in\s+summary)\s*:)`), "$1$2",
		"Is it possible to create customers in QuickBooks from Salesforce? Here's what we need: when an account is created, create the customer in QuickBooks."},
	// questions that only ask for what follows: "Is there a way to have
	// Salesforce ...", "How can we make sure that ..."
	{regexp.MustCompile(`(?i)\bis\s+there\s+(?:a|any|some)\s+way\s+(?:for\s+(?:salesforce|sfdc|us|you)\s+)?(?:to|that)\s+(?:(?:have|get|let|make)\s+(?:salesforce|sfdc|the system)\s+)?`), "", "Is there a way to have Salesforce create a customer in Chargebee"},
	{regexp.MustCompile(`(?i)\bhow\s+(?:can|could|do|would|should)\s+(?:we|i|you)\s+(?:make\s+sure|ensure|guarantee|arrange|set\s+it\s+up)\s+(?:so\s+)?(?:that\s+)?`), "", "How can we make sure that every new Lead is added to Mailchimp?"},
	// "every new Lead from the website is added to Mailchimp": what each
	// new record should undergo, said in the present
	{regexp.MustCompile(`(?i)\b(?:every|each|any|all)\s+new\s+([^,.;:!?\n]{1,60}?)\s+(?:is|are|gets|get)\s+(?:added|sent|pushed|synced|copied|posted)\s+(to|into|in|on)\b`), "when a new $1 is created, send it $2", "every new Lead from the website is added to Mailchimp"},
	// "At creation of Contact with Country 'Germany', ...": the record
	// event said as a noun, the object without its article
	{regexp.MustCompile(`\b(?i:upon|on|after|at)\s+(?:(?i:the)\s+)?((?i:creation|insertion|update|modification|deletion|removal))\s+(?i:of)\s+([A-Z][A-Za-z0-9_]*\s)`), "upon the $1 of a $2", "At creation of Contact with Country 'Germany', add it to Brevo"},
	// "upon creation of a Lead with LeadSource 'Webinar', ...": the record
	// event said as a noun
	{regexp.MustCompile(`(?i)\b(?:upon|on|after)\s+(?:the\s+)?(?:creation|insertion)\s+of\s+((?:an?|the|each|any|every)\s+[^,.;:!?\n]{1,60}?)\s*,`), "when $1 is created,", "Upon creation of a Lead with LeadSource 'Webinar', add the lead to ON24."},
	{regexp.MustCompile(`(?i)\b(?:upon|on|after)\s+(?:the\s+)?(?:update|modification)\s+of\s+((?:an?|the|each|any|every)\s+[^,.;:!?\n]{1,60}?)\s*,`), "when $1 is updated,", "Upon update of an Account, send it to Vitally."},
	{regexp.MustCompile(`(?i)\b(?:upon|on|after)\s+(?:the\s+)?(?:deletion|removal)\s+of\s+((?:an?|the|each|any|every)\s+[^,.;:!?\n]{1,60}?)\s*,`), "when $1 is deleted,", "On deletion of a Contact, remove the person from Intercom."},
	// "upon receipt of a POST at /x": a call that comes in
	{regexp.MustCompile(`(?i)\b(?:upon|on|after)\s+(?:the\s+)?receipt\s+of\s+`), "when we receive ", "Upon receipt of a POST at /docusign/events, update the matching Contract."},
	// "upon an Account's Type being changed to 'Customer'": the event, said
	// as a gerund after "upon"
	{regexp.MustCompile(`(?i)\bupon\s+((?:an?|the|each|any|every)\s+[^,.;:!?\n]{1,60}?)\s+being\s+`), "when $1 is ", "create a customer in Chargebee upon a Contract's Status being changed to 'Activated'"},
	// "set IsActive to false on the matching User record": an update of the
	// record named after "on", with the field's new value
	{regexp.MustCompile(`(?i)\bset\s+([A-Za-z][A-Za-z0-9_]*)\s+to\s+([^,.;:!?\n]{1,40}?)\s+on\s+((?:the|its|their|that|this|each|every)\s+(?:(?:matching|related|corresponding|same|parent|linked|associated)\s+)?[A-Za-z_][A-Za-z0-9_]*)(?:\s+records?)?\b`), "update $3, setting $1 to $2", "set Status__c to 'Closed' on the related Account record"},
	// "Change Data Capture will be used on the Account object": its change
	// events start the flow
	{regexp.MustCompile(`(?i)\b(?:change data capture|cdc)\s+(?:(?:will|must|should|is to|needs to)\s+)?(?:be\s+)?(?:used|enabled|turned on|switched on|set up|configured|activated)\s+(?:on|for)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9]*)(?:\s+object)?\b`), "listen to ${1}ChangeEvent", "Change Data Capture must be enabled on the Contact object"},
	// a purpose: "..., in order that invoices are taxed correctly"
	{regexp.MustCompile(`(?i),?\s+in order (?:that|for)\s+[^.\n]*`), "", "update the customer in QuickBooks, in order that invoices are taxed correctly"},
	// "Stripe must be able to call Salesforce at /x": what it will do
	{regexp.MustCompile(`(?i)\b(?:must|should|shall|will|needs? to|has to|have to)\s+be\s+able\s+to\s+`), "will ", "Stripe must be able to call Salesforce at /stripe/events"},
	// "Respond 200 when done": not a trigger
	{regexp.MustCompile(`(?i)\b(?:when|once|after)\s+(?:it's\s+|it is\s+|that's\s+|that is\s+|you're\s+|we're\s+|everything is\s+|all is\s+|it's all\s+)?(?:done|finished|complete|completed|successful)\b`), "at the end", "Respond 200 when done"},
	// a self-correction names the place again: "send it to pardot no wait to marketo" is "send it to marketo"
	{regexp.MustCompile(`(?i)\b(?:to|in|into|on|onto|via|through|from|at)\s+[#A-Za-z0-9&._-]+(?:\s+[#A-Za-z0-9&._-]+)?,?\s+(?:no wait|wait no|no no|scratch that|or rather|actually no|sorry|i mean|i meant),?\s+((?:to|in|into|on|onto|via|through|from|at)\s)`), "$1", "post it in #sales sorry, in #deals"},
	// subscribing to an event is its trigger, not a subscription to create:
	// "Subscribe to OpportunityChangeEvent and ..." listens to it
	{regexp.MustCompile(`(?i)\bsubscrib(?:e|es|ed|ing)\s+to\s+(?:the\s+)?([A-Za-z][A-Za-z0-9_]*(?:ChangeEvent|__e))\b`), "listen to $1", "Subscribe to OpportunityChangeEvent and post changes to Slack"},
	// "Subscribe to it in Apex (not a PB).": how the event named before is
	// listened to; the spec's trigger already says so
	{regexp.MustCompile(`(?i)\b(?:and\s+)?(?:subscrib(?:e|es|ed|ing)|listen(?:s|ed|ing)?)\s+to\s+(?:it|them|this|that|those|these|the events?)\s+(?:in|with|via|from|using|through)\s+(?:an?\s+)?(?:apex(?:\s+trigger)?|trigger|(?:platform[- ]event[- ]triggered\s+)?flow)(?:\s*\((?:not|no|rather than|instead of)\b[^)\n]*\))?\s*[.;]?`), "", "Order_Paid__e is published by SAP. Listen to it with an Apex trigger (not a flow). Create a Task."},
	// spoken fillers: "pull the orders and um create an Order__c", "you know"
	{regexp.MustCompile(`(?i)\b(?:um+|uh+|erm|hmm+)\b,?\s*|\b(?:you know|i mean|so basically|basically)\b,?\s*`), "", "pull all the new orders from shopify and um create an Order__c for each one"},
	// "check" a box is to tick it, not to verify something: "check the
	// Outreach_Synced__c box on the lead", "check off the box Synced__c"
	{regexp.MustCompile(`(?i)\bcheck(?:s|ing)?\s+(?:off\s+)?(?:the\s+)?(?:(?:box|checkbox|check-box)\s+(?:called\s+|named\s+)?([A-Za-z][A-Za-z0-9_]*__c)\b|([A-Za-z][A-Za-z0-9_]*__c)\s+(?:box|checkbox|check-box|flag)\b)`), "tick the $1$2 checkbox", "check the Outreach_Synced__c box on the lead"},
	// a Slack slash command is a feature, not a path said aloud: "a slack
	// slash command that POSTs to /slack/it-ticket"
	{regexp.MustCompile(`(?i)\bslash\s+(commands?)\b`), "slash-$1", "we'll make a slack slash command that POSTs to /slack/it-ticket"},
	// a dash said aloud inside a value: "changes from open dash not
	// contacted", "the type is partner dash reseller"
	{regexp.MustCompile(`(?i)\b([a-z0-9]+)\s+dash\s+([a-z0-9]+)\b`), "$1 - $2", "when a lead status changes from open dash not contacted to anything else"},
	// a path said aloud: "our endpoint slash stripe slash disputes"
	{regexp.MustCompile(`(?i)(?:^|\s)slash\s+([a-z0-9_-]+)`), " /$1", "hit our endpoint slash stripe slash disputes"},
	{regexp.MustCompile(`(/[A-Za-z0-9_-]+)\s+/([A-Za-z0-9_-]+)`), "$1/$2", "hit our endpoint /stripe /disputes"},
	{regexp.MustCompile(`(/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+)\s+/([A-Za-z0-9_-]+)`), "$1/$2", "hit /api/v1 /orders"},
	// contractions the rules read spelt out: "they'll POST to /x"
	{regexp.MustCompile(`(?i)\b([a-z]+)'ll\b`), "$1 will", "they'll POST to /x"},
	{regexp.MustCompile(`(?i)\bwon't\b`), "will not", "it won't change"},
	// amounts said casually: "over 5 grand" is over 5k
	{regexp.MustCompile(`(?i)(\$?\d+(?:\.\d+)?)\s*grand\b`), "${1}k", "any deal over 5 grand"},
	// schedules
	{regexp.MustCompile(`(?i)\b(?:at|on)\s+the\s+top\s+of\s+(?:every|each|the)\s+hour\b`), "every hour", "at the top of every hour pull the orders"},
	{regexp.MustCompile(`(?i)\bevery\s+hour\s+on\s+the\s+hour\b`), "every hour", "every hour on the hour pull the orders"},
	// an hour said after the day without "at": "Every Monday 8 o'clock in
	// morning", "daily 7 in the evening"
	{regexp.MustCompile(`(?i)\b((?:mon|tues|wednes|thurs|fri|satur|sun)days?|day|days|night|weekdays?|daily|nightly|weekly)\s+(\d{1,2}(?::\d\d)?)\s+(o'?clock|in\s+(?:the\s+)?(?:morning|evening|afternoon|night))`), "$1 at $2 $3", "Every Monday 8 o'clock in morning pull the features"},
	{regexp.MustCompile(`(?i)\b(?:two|2)\s+times\s+(?:a|per|each)\s+day\b`), "twice a day", "two times a day pull the orders"},
	{regexp.MustCompile(`(?i)\bonce\s+(?:per|every|each)\s+(day|night|week|month|hour)\b`), "once a $1", "once per day pull the orders"},
	// preambles that only ask: "can u make it so that when ..."
	{regexp.MustCompile(`(?i)\b(?:(?:can|could|would)\s+(?:you|u|ya|we|someone)\s+(?:please\s+|pls\s+|plz\s+|maybe\s+)?)?(?:make|set|rig|have|get|fix)\s+(?:it|things|this|stuff|salesforce)\s+(?:up\s+)?so\s+(?:that\s+)?`), "", "can u make it so that when a case closes we ping Slack"},
	// a request put as a question: "can we create it in NetSuite", "could
	// you pls pull the new orders": the verb is what to do
	{regexp.MustCompile(`(?i)\b(?:can|could|would)\s+(?:we|you|u|ya|someone|somebody)\s+(?:please\s+|pls\s+|plz\s+|maybe\s+|also\s+)?(` + actionVerbAlternation() + `)\b`), "$1", "when a deal closes could you pls create it in Chargebee"},
	// a chat thread where the next line corrects the place: "post to Slack
	// #ops ...\n[11:31] Noor: actually make that Microsoft Teams, we moved
	// off Slack" posts to Microsoft Teams; the reason after it names the old
	// place only to leave it. The place corrected is the first one an
	// action goes to on the line before.
	{threadCorrectionRe, "$1 $4$2$3", "post it in Slack\n[9:01] Al: actually make that Google Chat, we dropped Slack"},
	// "replace the old PB on Contact with a trigger: after-save, create
	// only": the automation it replaces names the object
	{regexp.MustCompile(`(?i)\breplac(?:e|es|ing)\s+(?:the\s+|our\s+)?(?:old\s+|legacy\s+|existing\s+)?(?:pb|process builder|workflow rule|workflow)\s+on\s+(?:the\s+)?([A-Za-z][A-Za-z0-9_]*)\s+with\s+(?:an?\s+)?(?:apex\s+|record[- ]triggered\s+)?(?:trigger|flow)\b`), "record-triggered on $1", "Replace the legacy workflow rule on Case with a record-triggered flow"},
	// admin jargon for the trigger: "After-save record-triggered on Lead,
	// create + update", "record-triggered on the Opp, after-save on update:"
	{recordTriggerBothRe, "when a $1$2 is created or updated", "Before-save record-triggered flow on Account, insert and update"},
	{recordTriggerCreateRe, "when a $1$2 is created", "record-triggered flow on the Case, after-save on create"},
	{recordTriggerUpdateRe, "when a $1$2 is updated", "after-save record-triggered on the Acct, update only"},
	// "Scheduled Apex daily at 23:00", "Scheduled job weekdays at 7": the
	// schedule, whatever runs it
	{regexp.MustCompile(`(?i)\b(?:(?:scheduled|schedulable)\s+(?:apex|job|batch|flow|apex\s+job|batch\s+job|apex\s+class|apex\s+batch)|batch\s+(?:apex|job)|apex\s+batch(?:\s+job)?)\s*[,:]?\s+(?:that\s+runs\s+|running\s+|runs\s+)?(every\b|each\b|daily\b|nightly\b|weekly\b|hourly\b|monthly\b|weekdays\b|at\s+\d|on\s+(?:weekdays|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|the)\b)`), "$1", "Scheduled Apex nightly at 1: pull the refunds from Stripe"},
	// "the Contact's Account lookup is blank": the lookup's Id field
	{regexp.MustCompile(`\b([A-Za-z0-9_]+__c)\s+(?i:lookup)(?:\s+(?i:field))?\s+((?i:is|isn't|is not|are|changes|changed|gets)\s)`), "$1 $2", "if the Case's Partner__c lookup is empty"},
	{regexp.MustCompile(`\b([A-Z][a-z][A-Za-z]*)\s+(?i:lookup)(?:\s+(?i:field))?\s+((?i:is|isn't|is not|are|changes|changed|gets)\b)`), "${1}Id $2", "if the Opportunity's Account lookup isn't blank"},
	// "Entry criteria: ...": a flow's conditions, by their Flow Builder name
	{regexp.MustCompile(`(?i)\b(?:entry|start)\s+(?:criteria|conditions?)\s*:\s*`), "only if ", "Entry criteria: Rating is 'Hot'. Action: post it to Slack."},
	// "LeadSource picklist value 'Web'": the field has that value
	{regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9_]*)\s+(?i:picklist)(?:\s+(?i:value))?\s+(?:(?i:is|of|=)\s*)?(['"])`), "$1 is $2", "if Industry picklist value 'Banking', post it to Slack"},
	// "No scheduled path, run it immediately": a flow that runs at once
	// is what every trigger does; no step to plan
	{regexp.MustCompile(`(?i)\bno\s+(?:scheduled|async|asynchronous)\s+paths?\b[^.;\n]*[.;]?`), "", "create the case. No scheduled path, run it right away."},
	// "Trigger: Case (after insert)": an Apex trigger's events in brackets
	{regexp.MustCompile(`\b(?:(?i:an?|the)\s+)?([A-Z][A-Za-z0-9_]*)\s*\(\s*(?i:after|before)[- ](?i:insert)\s*(?:,|/|&|\+|(?i:and|or))\s*(?:(?i:after|before)[- ])?(?i:update)\s*\)`), "a $1 is created or updated", "Trigger: Account (after insert, after update). Action: send it to Vitally."},
	{regexp.MustCompile(`\b(?:(?i:an?|the)\s+)?([A-Z][A-Za-z0-9_]*)\s*\(\s*(?i:after|before)[- ](?i:insert)\s*\)`), "a $1 is created", "Trigger: Case (after insert). Action: open an incident in PagerDuty."},
	{regexp.MustCompile(`\b(?:(?i:an?|the)\s+)?([A-Z][A-Za-z0-9_]*)\s*\(\s*(?i:after|before)[- ](?i:update)\s*\)`), "a $1 is updated", "Trigger: Lead (after update). Action: send it to Outreach."},
	// "come into SF", "the SFDC id": Salesforce by its abbreviation
	{regexp.MustCompile(`\b(?:SFDC|SF)\b`), "Salesforce", "new Jira issues should come into SF as Cases"},
	// "CDC on the Opp, create events only": the change events it listens to
	{regexp.MustCompile(`(?i)\b(create|update|delete|undelete)\s+events?\s+only\b`), "on $1 only", "CDC on the Contact, delete events only: tell Intercom"},
	// "Legal's tool already publishes a Contract_Signed__e platform event
	// when the customer signs": someone else publishes the event, and what
	// makes them publish it is theirs, not a record event to plan
	{regexp.MustCompile(`(?i)\b(publishes|published|fires|fired|emits|emitted|raises|raised|sends\s+out)\s+(?:an?\s+|the\s+|one\s+)?([A-Za-z][A-Za-z0-9_]*__e)((?:\s+platform)?(?:\s+events?)?)\s+(?:when|whenever|each\s+time|every\s+time|once|as\s+soon\s+as|after)\s+[^.;:!?\n]*`), "$1 a $2$3", "Legal's tool already publishes a Contract_Signed__e platform event when the customer signs. When that event arrives, create a project in Asana."},
	// "Skip deals whose Type is Renewal", "except for cases where the
	// Origin is Web": the records left out have the value, so the flow
	// runs for every other one
	{regexp.MustCompile(`(?i)\b(?:skip|skipping|ignore|ignoring|exclude|excluding|except(?:\s+for)?|leave\s+out|but\s+not(?:\s+for)?|not\s+for)\s+(?:any\s+|the\s+|all\s+)?(?:[a-z]+\s+)?(?:whose|where|with|that\s+have|which\s+have)\s+(?:the\s+|its\s+|their\s+|an?\s+)?((?-i:[A-Z][A-Za-z0-9_]*(?:\s+[A-Z][A-Za-z0-9_]*)?)|[a-z]+)\s+(?:is|=|are|equals|of)\s+`), "only if the $1 is anything but ", "when an opportunity is updated, send it to Clari. Skip deals whose Type is Renewal."},
	// "they asked us to use Change Data Capture on Opportunity", "finance
	// has asked me to post it in Slack": who asked says nothing to plan;
	// what they asked for is the request
	{regexp.MustCompile(`(?i)\b(?:they|he|she|we've\s+been|we\s+were|[a-z]+)\s+(?:(?:have|has|had)\s+)?(?:asked|requested|told)\s+(?:(?:us|me)\s+)?to\s+`), "", "they asked us to use Change Data Capture on Opportunity"},
	// "when an account is on fire": an idiom for trouble, no event fired
	{regexp.MustCompile(`(?i)\bon\s+fire\b`), "in trouble", "i want gainsight to know when an account is on fire"},
	// "can we get this built now": the request made, nothing fetched
	{regexp.MustCompile(`(?i)\b(?:get|gets|getting|got)\s+(this|that|it|these|those|them)\s+(built|done|set\s+up|shipped|fixed|working|live|finished|deployed|going)\b`), "have $1 $2", "can we get this built now so its ready?"},
	// a Salesforce cron expression written out: "cron would be ` + "`" + `0 0 7 ? *
	// MON-FRI` + "`" + `". It is kept as one word, cron(0_0_7_q_*_MON-FRI), its
	// question mark written q so that it ends no sentence; parseSchedule
	// reads it back
	{regexp.MustCompile("(?i)`?" + `\b([0-5]?\d)\s+([0-5]?\d)\s+(\*|[01]?\d|2[0-3])\s+(\?)\s+(\*|\d{1,2}(?:[-,/]\d{1,2})*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[-,](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))*)\s+(\*|(?:mon|tue|wed|thu|fri|sat|sun)(?:[-,](?:mon|tue|wed|thu|fri|sat|sun))*|[1-7](?:[-,#][1-7])*)(?:\s+\d{4})?` + "`?"), "cron(${1}_${2}_${3}_q_${5}_${6})", "Run it on weekdays, cron would be `0 0 7 ? * MON-FRI` (7am mon-fri)."},
	{regexp.MustCompile("(?i)`?" + `\b([0-5]?\d)\s+([0-5]?\d)\s+(\*|[01]?\d|2[0-3])\s+(\*|L|\d{1,2}(?:[-,/]\d{1,2})*)\s+(\*|\d{1,2}(?:[-,/]\d{1,2})*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:[-,](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))*)\s+(\?)(?:\s+\d{4})?` + "`?"), "cron(${1}_${2}_${3}_${4}_${5}_q)", "cron: 0 30 6 1 * ? (the monthly pull)"},
	// "Run it on weekday mornings", "run the sync every night": when it runs
	// is the schedule; running it is no call
	{regexp.MustCompile(`(?i)\b(?:run|runs|running)\s+(?:it|this|them|the\s+(?:job|sync|import|export|integration))\s+((?:on|every|each|at|daily|nightly|weekly|hourly|monthly)\b)`), "$1", "Run it on weekday mornings, fetch the open invoices from Xero"},
	// "1) Invoice sync. We keep invoices in ...", "2) Overdue alerts: ...":
	// a numbered item's title names the piece, not a step
	{regexp.MustCompile(`(?im)^([ \t]*(?:\(?\d{1,2}[.)]|[-*•]|\(?[a-z]\)))[ \t]+(?:[A-Za-z][\w/&-]*[ \t]+){0,3}(?:sync|syncing|alerts?|alerting|integration|import|export|automation|notifications?|enrichment|feed|handoff|backfill|reporting|reminders?|kickoff|cleanup|routing)[ \t]*[.:][ \t]+`), "$1 ", "1) Invoice sync. Every night fetch the open invoices from Xero.\n2) Overdue alerts: when an Invoice_Overdue__e comes in, post it to Slack."},
	// "on weekday mornings before the team logs on": a time told by what
	// people do, no log to write
	{regexp.MustCompile(`(?i)\s*\b(?:before|after|once|until|by\s+the\s+time)\s+(?:the\s+|our\s+)?(?:[a-z]+\s+)?(?:team|teams|everyone|anyone|people|folks|reps|staff|users?|agents?|we|they|office)\s+(?:logs?|signs?|clocks?|gets?|comes?|starts?|wakes?)\s+(?:on|in|up)\b`), "", "Run it on weekday mornings before the team logs on, fetch the invoices from Xero"},
	// "upsert them ... so we don't get duplicates when it re-runs": the
	// purpose, a "when" in it no trigger
	{regexp.MustCompile(`(?i),?\s+so\s+(?:that\s+)?(?:we|it|they|nobody|no\s+one|the\s+team|reps|people|you|u)\s+(?:don't|dont|doesn't|doesnt|won't|wont|do\s+not|does\s+not|will\s+not|never|can't|cant|cannot|stop|no\s+longer)\b[^.,;:!?()\n]*`), "", "upsert them into Invoice__c on Xero_Id__c so we don't get duplicates when it re-runs"},
	// "fill in title on the lead with what apollo sends back": where the
	// values come from, not where they go
	{regexp.MustCompile(`(?i)\s*\b(?:with|using)\s+(?:what|whatever|the\s+(?:data|values?|info|stuff|fields?|results?|response))\s+(?:that\s+)?(?:[a-z][a-z0-9.]*\s+)?(?:sends?\s+back|returns|gives?\s+(?:us\s+)?back|comes?\s+back\s+with|responds?\s+with|hands?\s+back)\b`), "", "fill in title, company size + linkedin on the lead with what apollo sends back"},
	// "weekly active users", "monthly recurring revenue": a metric named
	// by its period, no schedule
	{regexp.MustCompile(`(?i)\b(?:daily|weekly|monthly|nightly)\s+(active\s+(?:users|accounts|customers|members|seats|devices)|recurring\s+revenue)\b`), "$1", "pull the usage export from Mixpanel (weekly active users, events, last seen)"},
	// "a nightly job pulls the usage export from Mixpanel": the job is the
	// schedule, what it does the action
	{regexp.MustCompile(`(?i)\b(?:an?|the|our)\s+(nightly\s+|daily\s+|hourly\s+|weekly\s+|monthly\s+|scheduled\s+|batch\s+)?(?:job|sync|batch|process|routine|script)\s+(?:that\s+|which\s+)?(?:will\s+)?(pull|fetch|get|grab|import|download|read|load|sync|push|send|post|create|upsert|update)(?:es|s)?\b`), "$1$2", "a nightly job pulls the usage export from Mixpanel"},
	// "we bill clients hourly": a rate, not a schedule
	{regexp.MustCompile(`(?i)\b(bill|bills|billed|billing|charge|charges|charged|pay|pays|paid|invoice|invoices|invoiced)\s+((?:our\s+)?(?:clients|customers|people|them|us|staff|contractors|by\s+the\s+hour|for\s+time)\s+)?(?:hourly|daily|weekly|monthly)\b`), "${1} ${2}by time", "we bill clients hourly and the hours live in Harvest"},
	// "it signs the payload w/ hmac sha256 ..., so verify that pls": the
	// signature is what to verify, no call
	{verifyThatRe, "verify the signature$1", "typeform signs the payload with hmac sha256 in the Typeform-Signature header, so verify that pls."},
	// "so every week someone reconciles by hand", "rn someone manually
	// exports leads every friday": what a person does by hand today, and
	// how often, is no schedule and no step
	{regexp.MustCompile(`(?i)[^.;!?\n,()]*\b(?:someone|somebody|a\s+person|one\s+of\s+us)\b[^.;!?\n,()]*\b(?:by\s+hand|manually)\b[^.;!?\n,()]*`), "", "the hours live in Harvest, so every week someone reconciles by hand. every weekday at 7 pull the time entries from Harvest."},
	// "PE Shipment_Delayed__e": a platform event, by its abbreviation
	{regexp.MustCompile(`\bPEs?\s+([A-Za-z][A-Za-z0-9_]*__e)\b`), "platform event $1", "publish PE Order_Paid__e"},
	{regexp.MustCompile(`(?i)\b(?:is\s+it\s+possible|would\s+it\s+be\s+possible)\s+(?:(?:for\s+(?:salesforce|sfdc|sf|us|you|the system|the org|the integration|the solution)\s+)?to\s+(?:make\s+it\s+so\s+(?:that\s+)?)?|that\s+)`), "", "Would it be possible for Salesforce to grab the payouts from Stripe"},
	{regexp.MustCompile(`(?i)\b(?:twice|two\s+times)\s+(?:a|per|each)\s+week\b`), "twice weekly", "twice a week pull the orders"},
	// "turn it into an order": make a record from it
	{regexp.MustCompile(`(?i)\b(?:turn|turns|convert|converts|make|makes)\s+(?:it|them|that|this|those|these)\s+into\s+(an?\s+|new\s+)?`), "create $1", "turn it into an order"},
	// "when a case gets a new comment": a comment record is made
	{regexp.MustCompile(`(?i)\b(?:an?|the|any)\s+(case|ticket)\s+(?:gets|receives|has)\s+(?:a\s+)?(?:new\s+)?comment\b`), "a case comment is created", "when a case gets a new comment, post it to Slack"},
	// "say 200 back"
	{regexp.MustCompile(`(?i)\b(?:say|says|send|sends|give|gives)\s+(?:a\s+)?(\d{3}|ok|okay)\s+back\b`), "return $1", "say 200 back"},
	// backlog headings that only label what follows: "Story:", "AC2:",
	// "Requirement:", "Acceptance:"
	{regexp.MustCompile(`(?i)(^|\n|[.!?]\s+)\s*(?:user\s+story|story|requirement|req\.?\s*#?\d+|ac\s*#?\d+|ac|acceptance(?:\s+criteria)?|scenario(?:\s*#?\d+)?)\s*[:\-]\s+`), "$1", "Story: when a Contact is created, add them to Brevo."},
	// "Epic: billing automation. When ...": the epic's title names no step
	{regexp.MustCompile(`(?i)(^|\n|[.!?]\s+)\s*(?:epic|feature|theme|initiative)\s*:\s*(?:[A-Za-z0-9&/'-]+[ \t]+){0,3}[A-Za-z0-9&/'-]+\s*(?:[.\n]|\s+-\s+)\s*`), "$1", "Epic: billing automation. When an Opportunity is won, post to #finance in Slack."},
	// user stories: "As a sales ops manager I want every Opportunity that
	// reaches Closed Won to create a customer in Chargebee, so that billing
	// can start": the persona and the purpose say nothing to plan
	{regexp.MustCompile(`(?i)(?:^|\n)\s*as an? [^,\n]{1,60}?,?\s+(?:i|we)(?:\s+(?:want|need|would like)|'d like|\s+'d like)\s+(?:to\s+have\s+)?`), "\n", "As a sales ops manager I want every Opportunity that reaches Closed Won to create a customer in Chargebee"},
	{regexp.MustCompile(`(?i),?\s+so that\s+[^.\n]*?\b(?:can|could|will|would|doesn't|don't|does not|do not|no longer|never|always)\b[^.\n]*`), "", "create a customer in Chargebee, so that billing can start"},
	{regexp.MustCompile(`(?i)(?:^|\n)\s*(?:every|each|any|all)\s+([A-Za-z_]+)\s+(?:that|which)\s+([^,.\n]{1,60}?)\s+to\s+`), "\nwhen a $1 $2, ", "every Opportunity that reaches Closed Won to create a customer in Chargebee"},
	{regexp.MustCompile(`(?i)\bacceptance criteria\s*:\s*`), "", "Acceptance criteria: the id is saved"},
	// "each new Contact whose Title contains CFO to create a person in
	// Apollo": the records a story wants, then what each should do
	{regexp.MustCompile(`(?i)\b(every|each|any)\s+(new\s+)?([A-Za-z_][A-Za-z0-9_]*)\s+(with|whose|where|having)\s+([^,.\n]{1,60}?)\s+to\s+(` + actionVerbAlternation() + `)\b`), "$1 $2$3 $4 $5, $6", "each new Contact whose Title contains CFO to create a person in Apollo"},
	// "when a Case gets Priority Critical": the field reaches the value
	{regexp.MustCompile(`\b((?i:an?|the|any))\s+([A-Za-z_][A-Za-z0-9_]*)\s+(?i:gets|receives|is given)\s+(?:(?i:a|an|the)\s+)?(Priority|Status|Stage|Rating|Severity|Type|Tier|[A-Za-z0-9_]+__c)\s+(?:(?i:of|=)\s+)?([A-Z][A-Za-z0-9_-]*)`), "$1 $2's $3 changes to $4", "When an Account gets Rating Hot, post it to #hot in Slack"},
	// "each new case ... is also opened as ticket in Zendesk": the record is
	// made again, as a thing in another place
	{regexp.MustCompile(`(?i)\s+(?:is|are|gets|get|should be|must be|will be|to be)\s+(?:also\s+|automatically\s+|then\s+)?(?:opened|created|logged|raised|filed|registered|added|set up)\s+as\s+(?:(?:an?|new)\s+)*([a-z][a-z ]{1,30}?)\s+(in|on|into)\s+`), ", create a $1 $2 ", "every new Account should be registered as customer in Chargebee"},
	// "our CFO approval tool (Approvely)": the name in brackets is the system
	{regexp.MustCompile(`\b(?:our|the|their|an?|my)\s+(?:[A-Za-z0-9&-]+\s+){0,4}(?:tool|system|app|application|platform|service|software|vendor|provider|erp|crm)\s*\(\s*([A-Z][A-Za-z0-9.]+(?:\s+[A-Z][A-Za-z0-9.]+)?)\s*\)`), "$1", "log it in our ticketing system (Jitbit)"},
	// "an internal API for this they call Provisioner": a system's kind,
	// then the name it goes by, which is the system
	{regexp.MustCompile(`\b(?i:our|the|their|an?|my)\s+(?:[A-Za-z0-9&-]+\s+){0,3}?(?i:api|tool|system|app|application|platform|service|microservice|backend|portal)\s+(?:(?i:for|to do)\s+(?i:this|that|it)\s+)?(?:(?i:that|which)\s+)?(?:(?i:they|we|people|everyone|the team|the devs)\s+(?i:call|calls|named)|(?i:called|named|dubbed))\s+([A-Z][A-Za-z0-9.]+(?:\s+[A-Z][A-Za-z0-9.]+)?)`), "$1", "our backend team exposed an internal API for this they call Provisioner"},
	// "a counselor changes the decision on an Application__c record (the
	// Decision__c field) to Admit": someone setting a field, named in
	// brackets, to a value is the field changing to it
	{regexp.MustCompile(`\b(?:(?i:someone|somebody|anyone)|(?i:an?|the|our)\s+[a-z]+)\s+(?i:changes|sets|switches|moves|flips|updates)\s+(?i:the)\s+[a-z][a-z ]{0,30}?\s+(?i:on|of|for)\s+(?:(?i:an?|the)\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\s+(?i:records?))?\s*\(\s*(?:(?i:the)\s+)?([A-Za-z0-9_]+__c)(?:\s+(?i:field))?\s*\)\s+(?i:to)\s+`), "the $2 on the $1 changes to ", "when a counselor changes the decision on an Application__c record (the Decision__c field) to Admit"},
	// "a rep sets the Decision__c on an Application__c to Admit": the same,
	// with the field named in place
	{regexp.MustCompile(`\b(?:(?i:someone|somebody|anyone)|(?i:an?|the|our)\s+[a-z]+)\s+(?i:changes|sets|switches|moves|flips|updates)\s+(?i:the)\s+([A-Za-z0-9_]+__c|[A-Z][A-Za-z]+)\s+(?i:on|of|for)\s+(?:(?i:an?|the)\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\s+(?i:records?))?\s+(?i:to)\s+`), "the $1 on the $2 changes to ", "when a rep sets the Decision__c on an Application__c to Admit"},
	// "Opportunities above 1M amount when created must be sent to ...":
	// the records and what qualifies them, then the event
	{regexp.MustCompile(`(?i)(^|\n|[.!?]\s+)((?:new\s+|all\s+|any\s+)?[A-Za-z_]+s)\s+((?:with|whose|where|above|over|below|under|of|having|in)\s[^,.;\n]{1,60}?)\s*,?\s+(?:when|once|after)\s+(?:they\s+are\s+|they're\s+)?(created|updated|inserted|edited|closed|deleted|saved|submitted)\s*,?\s+`), "${1}when $2 $3 are $4, ", "Cases with Priority High when closed must be posted to #support in Slack"},
	// Given/When/Then over lines, the given continued by lines that open
	// with "And": each "And" line goes on with the line before it
	{givenAndLineRe, "$1, and ", "Given a new case is created\nAnd the Priority is High\nAnd the Origin is Web\nWhen it's saved\nThen create an issue in Linear"},
	// "Given X\nWhen it's saved\nThen Y": the save makes the record given,
	// no second event
	{regexp.MustCompile(`(?i)(^|\n)[ \t]*given\s+([^\n]{3,300}?)[ \t]*\n[ \t]*when\s+(?:it's|it\s+is|it\s+gets|they\s+are|they're|the\s+record\s+is|it)\s*(?:saved|submitted|inserted|committed)[ \t]*\n[ \t]*then\s+`), "${1}When $2, ", "Given a new case is created, and the Priority is High\nWhen it's saved\nThen create an issue in Linear"},
	// Given/When/Then on one line. "..., when it is saved": the save that
	// makes the record given, no second event
	{regexp.MustCompile(`(?i)\bgiven\s+([^,\n]{3,120}?),\s*when\s+(?:it|they|the record|this record|that record)\s+(?:is|are|gets|get)\s+(?:saved|submitted|inserted|committed)\s*,\s*`), "When $1, ", "Given a Contact is created with Title = 'CFO', when it gets saved, then the contact goes to Apollo"},
	{regexp.MustCompile(`(?i)\bgiven\s+([^,\n]{3,120}?),\s*when\s+([^,\n]{3,120}?),\s*`), "When $1, and $2, ", "Given a Case with Origin = Email, when it is closed, then send a survey in Delighted"},
	// "Given X, then Y" without a when: X is the trigger
	{regexp.MustCompile(`(?i)(^|\n|[.!?]\s+)\s*given\s+([^,\n]{3,160}?),\s*then\s+`), "${1}When $2, ", "Given a Contract is activated, then create a subscription in Recurly."},
	// "when a Contract is signed (Status = Signed)": the field the event
	// names, reaching its value
	{regexp.MustCompile(`(?i)\b(is|gets|was|has been|becomes)\s+([a-z]+(?:ed|en)|won|lost|paid|sent|sold)\s*\(\s*(?:the\s+|its\s+)?([A-Za-z][A-Za-z0-9_]*)\s*(?:=|==|is)\s*([^()\n=]{1,40}?)\s*\)`), "$1 $2 (its $3 changes to $4)", "when a Contract is signed (Status = Signed), send it to Ironclad"},
	// "the Chargebee customer id ends up on the Account": a write-back
	{regexp.MustCompile(`(?i)(?:^|\n|\.\s+)\s*(the\s+[^.\n]{1,40}?)\s+(?:ends up|should end up|lands|should land|is saved|gets saved|is stored|gets stored|is written|gets written|shows up|should show up)\s+(on|in)\s+`), ". save $1 $2 ", "The Chargebee customer id ends up on the Account"},
	// "schedule: daily 03:15 | source: NetSuite orders (GET) | target: upsert into X": a spec written as fields
	{regexp.MustCompile(`(?i)\s*\|\s*source\s*:\s*`), ". get ", "schedule: daily 03:15 | source: NetSuite orders (GET)"},
	{regexp.MustCompile(`(?i)\s*\|\s*(?:target|destination|then)\s*:\s*`), ", then ", "source: NetSuite orders | target: upsert into NS_Order__c"},
	{regexp.MustCompile(`(?i)(?:^|\n)\s*(?:schedule|when|trigger)\s*:\s*`), "\n", "trigger: nightly at 2"},
	// Given/When/Then: "Given a Case with Priority = Critical\nWhen the case is created\nThen create ..."
	{regexp.MustCompile(`(?i)(?:^|\n)\s*given\s+(an?|the)\s+([A-Za-z_][A-Za-z0-9_]*)\s+(with|whose|where)\s+([^\n]+?)\s*\n\s*when\s+(?:the|that|this|it|an?)\s*(?:[A-Za-z_][A-Za-z0-9_]*\s+)?(is|gets|was)\s+([a-z]+)\s*\n\s*then\s+`), "When $1 $2 $3 $4 $5 $6, ", "Given a Case with Priority = Critical\nWhen the case is created\nThen create an incident in PagerDuty"},
	// "Expose POST /typeform/responses": an inbound endpoint and its method
	{regexp.MustCompile(`(?i)\b(?:expose|exposes|serve|serves|open up|stand up)\s+(?:an?\s+)?(POST|PUT|PATCH|GET)\s+(/[A-Za-z0-9_\-./]*[A-Za-z0-9_])`), "expose an endpoint at $2 that accepts $1", "Expose POST /typeform/responses"},
	// "Any change to Tier__c on an Account should be pushed to Gainsight"
	{regexp.MustCompile(`(?i)\bany (?:change|changes|edit|edits|update|updates) (?:to|in|of|on) (?:the\s+)?([A-Za-z][A-Za-z0-9_]*)(?: field)? (?:on|of|in) (an?|the|any|every|each) ([A-Za-z][A-Za-z0-9_]*)\b`), "when the $1 of $2 $3 changes,", "Any change to Tier__c on an Account should be pushed to Gainsight"},
	{regexp.MustCompile(`(?i),\s*(?:should|must|needs to|has to)\s+be\s+(pushed|sent|synced|posted|copied|mirrored)\s+(to|into)\b`), ", $1 it $2", "Tier__c changes, should be pushed to Gainsight"},
	// statements of work: "the Consultant will configure a POST of the
	// contract to Ironclad": who builds it says nothing to plan
	{regexp.MustCompile(`(?i)\bthe\s+(?:consultant|vendor|contractor|supplier|partner|implementer|integrator|integration|solution)\s+(?:will|shall|must|is to|should)\s+(?:configure|build|implement|deliver|develop|set up|provide|create|enable)\s+(?:an?\s+)?(?:integration\s+(?:that|which|to)\s+)?`), "", "the Consultant will configure a POST of the contract to Ironclad"},
	// "a POST of the contract to Ironclad": the method said as a noun
	{regexp.MustCompile(`\b(?:(?:[Aa]n?|[Tt]he)\s+)?(POST|PUT|PATCH|DELETE|GET)\s+of\s+`), "$1 ", "a POST of the contract to Ironclad"},
	// "on Opportunity delete": a record event after the object's name
	{regexp.MustCompile(`\b[Oo]n\s+(?:an?\s+|the\s+)?([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)\s+(?:delete|deletion)\b`), "when a $1 is deleted", "on Opportunity delete, remove the deal from Clari"},
	{regexp.MustCompile(`\b[Oo]n\s+(?:an?\s+|the\s+)?([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)\s+(?:insert|creation|create)\b`), "when a $1 is created", "on Account insert, post it to Vitally"},
	{regexp.MustCompile(`\b[Oo]n\s+(?:an?\s+|the\s+)?([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)\s+(?:update|edit)\b`), "when a $1 is updated", "on Account update, post it to Vitally"},
	// "calls https://<our-org>/services/apexrest/zuora/invoices": the org's
	// own address, so only the path says where
	{regexp.MustCompile(`(?i)\bhttps?://\S*?(/services/apexrest/[A-Za-z0-9_\-./~*{}]*[A-Za-z0-9_\-*}])`), "$1", "Zuora calls https://<our-org>/services/apexrest/zuora/invoices"},
	// a ticket's heading that only says the direction: "• Stripe → SF: charge.succeeded webhook ..."
	{regexp.MustCompile(`(?m)^[ \t]*(?:[-•*][ \t]*)?[A-Z][A-Za-z0-9.]*[ \t]*(?:->|→)[ \t]*(?:SF|SFDC|Salesforce)[ \t]*:[ \t]*`), "", "• Stripe → SF: charge.succeeded webhook creates a Payment__c"},
	// the same heading the other way: "SFDC -> NetSuite: when ..."
	{regexp.MustCompile(`(?m)^[ \t]*(?:[-•*][ \t]*)?(?:SF|SFDC|Salesforce)[ \t]*(?:->|→)[ \t]*[A-Z][A-Za-z0-9.]*(?:[ \t]+[A-Z][A-Za-z0-9.]*)?[ \t]*:[ \t]*`), "", "SFDC -> NetSuite: when an Account becomes a Customer, create the customer in NetSuite."},
	// "Opportunity Stage -> 'Negotiation/Review': ask DealHub ...": a field reaching a value
	{regexp.MustCompile(`(?m)^[ \t]*([A-Z][A-Za-z0-9_]*)[ \t]+([A-Za-z][A-Za-z0-9_ ]{0,30}?)[ \t]*(?:->|→)[ \t]*('[^'\n]{1,40}'|"[^"\n]{1,40}")[ \t]*:[ \t]*`), "When the $1's $2 changes to $3, ", "Opportunity Stage -> 'Negotiation/Review': ask DealHub for a quote"},
	// answers: "give Zoom back a 200 OK", "send them back a 204": the caller
	// named between the verb and "back"
	{regexp.MustCompile(`(?i)\b(?:send|sends|hand|hands|give|gives|pass|passes)\s+(?:[A-Z][A-Za-z0-9]*|them|him|her|the caller|the sender)\s+back\s+(?:an?\s+)?(?:http\s+)?([1-5][0-9][0-9])\b`), "return $1", "give Zoom back a 200 OK"},
	// "Is needed that every night ...", "It is required that ...": the
	// preamble says only that what follows is wanted
	{regexp.MustCompile(`(^|[.!?]\s+|\n\s*)(?:(?i:it)\s+)?(?i:is|are)\s+(?i:needed|required|wanted|necessary)\s+(?i:that)\s+`), "$1", "Is needed that every night at 1 the payouts are fetched from Stripe"},
	{regexp.MustCompile(`(^|[.!?,;]\s*|\n\s*)(?:(?i:it)\s+)?(?i:is|are)\s+(?i:needed|required|necessary)\s+(?i:to)\s+`), "$1", "When an Order is activated, is needed to create in NetSuite the sales order"},
	// a record event said in the progressive: "When new Contact is
	// creating", "if Lead Status is becoming 'Qualified'"
	{regexp.MustCompile(`(?i)\b(when|whenever|if|once|after|as soon as)\s+([^,.;:!?\n]{1,60}?)\s+(is|are)\s+creating\b`), "$1 $2 $3 created", "When new Contact is creating, add it to Brevo"},
	{regexp.MustCompile(`(?i)\b(when|whenever|if|once|after|as soon as)\s+([^,.;:!?\n]{1,60}?)\s+(is|are)\s+updating\b`), "$1 $2 $3 updated", "When an Account is updating, send it to Vitally"},
	{regexp.MustCompile(`(?i)\b(when|whenever|if|once|after|as soon as)\s+([^,.;:!?\n]{1,60}?)\s+(is|are)\s+deleting\b`), "$1 $2 $3 deleted", "When a Contact is deleting, remove it from Intercom"},
	{regexp.MustCompile(`(?i)\b(when|whenever|if|once|as soon as)\s+([^,.;:!?\n]{1,60}?)\s+is\s+becoming\b`), "$1 $2 becomes", "If Lead Status is becoming 'Qualified', send it to Outreach"},
	// a call that comes in, said with the sender first: "From Typeform
	// will come POST to /typeform/answers", "from Stripe comes a POST on /x"
	{regexp.MustCompile(`\b(?i:from)\s+([A-Z][A-Za-z0-9]*)\s+(?:(?i:will|shall|is going to)\s+)?(?i:come|comes|arrive|arrives)\s+(?:(?i:an?|the)\s+)?(POST|PUT|PATCH|post|put|patch)\s+(?:(?i:requests?|calls?)\s+)?(?i:to|on|at)\s+(/[A-Za-z0-9_\-./]*[A-Za-z0-9_])`), "$1 will $2 to $3", "From Typeform will come POST to /typeform/answers"},
	// comparisons said with "more": "Amount more big than 10000"
	{regexp.MustCompile(`(?i)\bmore\s+(?:big|large|high|great)\s+(than|as)\b`), "greater than", "Amount more big than 10000"},
	{regexp.MustCompile(`(?i)\bmore\s+(?:small|little|low)\s+(than|as)\b`), "less than", "Amount more small than 500"},
	// "each 15 minutes": every 15 minutes
	{regexp.MustCompile(`(?i)\beach\s+(\d+|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty)\s+(hours?|hrs?|minutes?|mins?)\b`), "every $1 $2", "Each 15 minutes fetch the orders from Shopify"},
	// "Kindly do the needful: ...": a courtesy that asks for what follows
	{regexp.MustCompile(`(?i)\b(?:(?:please|kindly)\s+)?do\s+the\s+needful\b\s*[:,.;-]?\s*`), "", "Kindly do the needful: when Lead is converted, update it in Mailchimp"},
	// "when the Case get closed": the event, its verb not agreeing
	{regexp.MustCompile(`\b((?i:when|whenever|if|once|as soon as)\s+(?i:the|a|an|any|each|every)\s+[A-Za-z_][A-Za-z0-9_]*[A-Za-rt-z0-9_])\s+(?i:get)\s+`), "$1 gets ", "When the Case get closed, send a survey with Delighted"},
	// the system first, then who acts: "to DealHub we must send the quote"
	{regexp.MustCompile(`\b((?i:to|in|into|from))\s+([A-Z][A-Za-z0-9]+)\s+((?i:we|you)\s+(?i:must|should|need to|have to|will|shall|can)\s+)(` + actionVerbAlternation() + `)\b([^,.;:!?\n]*)`), "$3$4$5 $1 $2", "If the Opportunity is won, to DealHub we must send the quote"},
	// two passives that share their subject: "the project id is returned
	// to the flow and also written on the Quote" says the subject again
	{regexp.MustCompile(`(?i)\b((?:the|its|their|this|that)\s+[a-z0-9 _'-]{1,30}?)\s+(is|are|gets|get)\s+(returned|given|handed|passed|` + participleAlternation() + `)\b([^,.;:!?\n]{0,60}?)\s+and\s+(?:also\s+|then\s+)?(` + participleAlternation() + `)\s+(on|in|to|into|onto|back)\b`), "$1 $2 $3$4, and $1 $2 $5 $6", "the project id is returned to the flow and also written on the Quote"},
	// "the project id is returned to the flow": the Flow action's output
	{regexp.MustCompile(`(?i)\b((?:the|its|their)\s+[a-z0-9 _'-]{1,30}?)\s+(?:is|are|gets|get|must be|should be|will be|has to be|needs to be)\s+(?:then\s+|also\s+)?(?:returned|given back|passed back|handed back)\s+(to\s+the\s+(?:flow|caller|screen flow))\b`), "return $1 $2", "the project id is returned to the flow"},
	// a field, then the record it is on: "Zendesk_Org_Id__c of account",
	// "the field Region__c of the Lead"
	{regexp.MustCompile(`\b(?:(?i:the)\s+)?(?:(?i:field)\s+)?([A-Za-z][A-Za-z0-9_]*__c)\s+(?i:of|on|from)\s+(?:(?i:the|this|that|its|their)\s+)?(` + objectWordAlternation() + `|[A-Z][A-Za-z0-9]*__c)\b`), "the $1 on a $2", "only if the Zendesk_Org_Id__c of account is not empty"},
	{regexp.MustCompile(`\b(?:(?i:the)\s+)?(?i:field)\s+([A-Z][A-Za-z0-9_]*)\s+(?i:of|on)\s+(?:(?i:the|this|that|its|their)\s+)?(` + objectWordAlternation() + `|[A-Z][A-Za-z0-9]*__c)\b`), "the $1 on a $2", "When field Rating of Account is changing to 'Hot'"},
	// the record named before its infinitive: "in Account to upsert
	// them", "into Order__c please to create them"
	{regexp.MustCompile(`\b(?i:in|into)\s+(?:(?i:object)\s+)?(` + objectWordAlternation() + `|[A-Z][A-Za-z0-9_]*__c)\s+(?:(?i:please)\s+)?(?i:to)\s+((?i:upsert|create|insert|update|save|store|write))\s+((?i:them|it|these|those|each))\b`), "$2 $3 into $1", "from NetSuite the customers to fetch and in Account to upsert them"},
	// the object named by the word "object" before it: "upsert them in
	// object Feature_Request__c"
	{regexp.MustCompile(`\b(?i:in|into)\s+(?:(?i:the)\s+)?(?i:object|sobject|table)\s+([A-Z][A-Za-z0-9_]*)\b`), "into $1", "upsert them in object Feature_Request__c"},
	// one record per thing fetched: "log them in salesforce, one Task per
	// call", "put them in SF as one Visit__c per visit"
	{regexp.MustCompile(`(?i)\b(?:log|put|save|store|record|add|bring|load|drop|dump)\s+(?:them|these|those|it|all\s+of\s+them|the\s+[a-z]+)\s+(?:in|into|to)\s+(?:salesforce|sf|sfdc)\s*(?:,\s*|\s+as\s+|\s+with\s+)?one\s+([A-Za-z][A-Za-z0-9_]*)\s+(?:record\s+)?(?:per|for\s+each|for\s+every|a)\s+([a-z]+)\b`), "create a $1 for each $2", "pull the calls from Gong and log them in salesforce, one Task per call"},
	// the object a record goes into, described, then named after a comma
	// or in brackets: "into the attendance object my consultant built,
	// Class_Attendance__c" ("we track grants in a custom object, Grant__c"
	// says where records are kept, which the trigger reader reads)
	{regexp.MustCompile(`\b((?i:into|onto|to))\s+(?:(?i:the|our|my|a|an)\s+)?(?:[a-z-]+\s+){0,2}(?i:object|custom object|table)(?:\s+(?:(?i:that|which)\s+)?(?i:my|our|the|we|they|i|someone|somebody|a|an|he|she)\b[^,()\n]{1,40}?)?\s*(?:,\s*|\(\s*)([A-Za-z][A-Za-z0-9_]*__c)\b\s*\)?`), "$1 $2", "upsert each visit into the attendance object my consultant built, Class_Attendance__c, matching on Mindbody_Visit_Id__c"},
	// the matching key said in a sentence of its own: "The key is
	// Productboard_Id__c", "External key: Ext_Id__c"
	{regexp.MustCompile(`(?:\s*[.;]\s+|,\s*)(?i:the\s+)?(?i:external\s+|matching\s+|upsert\s+|unique\s+)?(?i:key|key field|id field|match key|matching field|external id)\s*(?i:is|will be|should be|=|:)\s+([A-Za-z][A-Za-z0-9_]*__c)\b`), " by $1", "upsert them into Feature__c. The key is Productboard_Id__c."},
	// answers: "send back a 200", "hand back the price"
	{regexp.MustCompile(`(?i)\b(?:send|sends|hand|hands|give|gives|pass|passes|spit|spits)\s+back\b`), "return", "send back a 200"},
	{regexp.MustCompile(`(?i)\b(?:send|sends|hand|hands|give|gives|pass|passes)\s+(it|them|that)\s+back\s+to\s+the\s+(flow|caller)\b`), "return $1 to the $2", "hand it back to the flow"},
}

// layoutRewrites are phrase rewrites read before the layout readers
// (layout.go), because those read the words they write: a requirement
// "every weekday at 6 the orders should be fetched" is a schedule's
// passive only once its days read as a schedule.
var layoutRewrites = []phraseRewrite{
	// false friends of writers whose first language is Spanish, Portuguese
	// or French, in every form: "actualize the case" (actualizar, to
	// update), "created or actualized"; "recuperate the invoices from
	// Pennylane" (récupérer, to fetch)
	{regexp.MustCompile(`(?i)\bactuali[sz](e|es|ed|ing)\b`), "updat$1", "After that, actualize the case putting the date in the field Escalation_Notified__c"},
	{regexp.MustCompile(`(?i)\bactuali[sz]ation\b`), "update", "the actualization of the client in Facturama"},
	{regexp.MustCompile(`(?i)\brecuperat(e|es|ed|ing)\b`), "retriev$1", "recuperate the invoices of the previous month from Pennylane"},
	// "the client passes to 'Closed'" (passer à): a field or record
	// changing to a value
	{regexp.MustCompile(`(?i)\b(?:passes|passed)\s+(?:in)?to\b`), "changes to", "When an opportunity passes to 'Closed Lost', create a Task for the owner"},
	// an email's sign-off, with the name, title and company after it, to
	// the end of the request: "Best Regards\nDipl.-Ing. Markus Brandt\nIT
	// Business Partner", "Cordialement,\nStéphane Morel"; the name is no
	// step (the typo reader had made "Markus" "marks")
	{regexp.MustCompile(`(?i)\n[ \t]*(?:(?:with\s+)?(?:best|kind|warm|warmest|many|kindest)?\s*(?:regards|greetings|wishes)|cheers|thanks|thank\s+you|many\s+thanks|merci|cordialement|bien\s+(?:à\s+vous|cordialement)|saludos|un\s+saludo|atenciosamente|abra[cç]os?|mit\s+freundlichen\s+gr\S*|viele\s+gr\S*|best|br|rgds|yours\s+(?:sincerely|faithfully|truly)|sincerely)\b[^\n]{0,50}(?:\n[^\n]{0,60}){0,5}\s*$`), "", "When a case is closed, post it to Slack.\n\nBest Regards\nDipl.-Ing. Markus Brandt\nIT Business Partner Service"},
	// an hour written the French or German way: "at 8h in the morning",
	// "at 18h30"
	{regexp.MustCompile(`(?i)\b(at|around|by|à|um)\s+(\d{1,2})h(\d{2})\b`), "$1 $2:$3", "every day at 18h30 pull the invoices from Pennylane"},
	{regexp.MustCompile(`(?i)\b(at|around|by|à|um)\s+(\d{1,2})h\b`), "$1 $2:00", "Each 1st of the month at 8h in the morning, fetch the invoices from Pennylane"},
	// a name joined to its API with a hyphen, the German compound: "the
	// ECB-API", "the DATEV-API", "the SAP-Interface"; a protocol so joined
	// names no system ("over the REST-Interface")
	{regexp.MustCompile(`\b(?i:REST|SOAP|HTTPS?|Web|OData|JSON|XML)-(?i:API|Interface|Schnittstelle|Service)\b`), "API", "a Sales Order shall be created over the REST-Interface"},
	{regexp.MustCompile(`\b((?:[A-Z]|[a-z]{1,2}[A-Z])[A-Za-z0-9]*)-(?i:(API|REST-API|Interface|Schnittstelle))\b`), "$1 API", "every night the rates should be fetched from the ECB-API"},
	// a messaging channel named before "message" with the provider that
	// sends it after "through"/"via": "send a WhatsApp message to the
	// coordinator through Zenvia" is a call to Zenvia; the channel is how
	// Zenvia delivers it, not a second system
	{regexp.MustCompile(`(?i)\b(an?|the)\s+(?:whatsapp|sms|text|telegram|viber|messenger|signal)\s+(messages?|msgs?|notifications?|alerts?)\b([^.;\n]{0,80}?\s(?:through|via|using|thru)\s+(?:our\s+|the\s+)?(?-i:[A-Z]|[a-z]{1,2}[A-Z]))`), "$1 $2$3", "send a WhatsApp message to the support coordinator through Zenvia"},
	// the tool a message is sent by: "send the survey to the customer by
	// SurveyMonkey" (por, par: through)
	{regexp.MustCompile(`\b((?i:send|sends|sent|post|posts|email|emails|text|texts|notify|notifies)\b[^.;\n]{0,60}?)\s+(?i:by)\s+((?:[A-Z]|[a-z]{1,2}[A-Z])[a-z][A-Za-z0-9]+)\b`), "$1 via $2", "send the satisfaction survey to the customer by SurveyMonkey"},
	// "and after publish the event": "after" before a bare verb is
	// "afterwards" (depois, après), not a conjunction ("after it
	// publishes"); admin events ("and after update") are left alone
	{regexp.MustCompile(`(?i)(\band|,)\s+after\s+((?:publish|create|send|save|store|write|post|notify|fetch|upsert|set|mark|call|log|email)\b)`), "$1 then $2", "send the survey by SurveyMonkey and after publish the event Survey_Sent__e"},
	// the field named between a move and its value: "is set to the Phase
	// "Closed Won"", "is changed to the Status "Activated"" (Phase: the
	// German word for the stage); the move reads the standard stage or
	// status
	{regexp.MustCompile(`(?i)\b((?:is|gets|was|has\s+been)\s+(?:set|changed|moved|switched|updated|put)\s+(?:in)?to)\s+the\s+(?:stage|status|phase)\s+`), "$1 ", "When an Opportunity is set to the Phase \"Closed Won\", post it to Slack"},
	// a thousands point before a currency, the German notation: "more
	// than 50.000 EUR", "over 1.250.000 €"
	{regexp.MustCompile(`\b(\d{1,3})\.(\d{3})\.(\d{3})(\s*(?:EUR|€|CHF|euros?)\b)`), "$1$2$3$4", "the Amount is over 1.250.000 EUR"},
	{regexp.MustCompile(`\b(\d{1,3})\.(\d{3})(\s*(?:EUR|€|CHF|euros?)\b)`), "$1$2$3", "the Amount is more than 50.000 EUR (fifty thousand)"},
	// "changes his Status to": a record's own field said with "his" or
	// "her", as Spanish and French speakers write "su"/"son"
	{regexp.MustCompile(`(?i)\b(changes|changed|change|updates|updated|sets|set|modifies|modified)\s+(?:his|her)\s+`), "$1 its ", "when a ticket (the Case) changes his Status to Escalated"},
	// credentials promised for later plan nothing: "MSG91 auth key we will
	// share separately", "The Credentials for the Test System our IT will
	// provide seperately"
	{regexp.MustCompile(`(?i)(^|[.!?\n]\s*)[^.!?\n]{0,80}\b(?:api\s+keys?|auth\s+keys?|credentials|access\s+keys?|tokens?|secrets?|passwords?|sandbox\s+(?:details|access))\b[^.!?\n]{0,60}\b(?:share|shares|shared|provide|provides|provided|give|gives|given|pass|passes|passed|send|sends|sent)\s+(?:it\s+|them\s+|you\s+|to\s+you\s+)?(?:separately|seperately|later|offline|privately|soon|by\s+(?:mail|e-?mail|phone)|in\s+(?:a\s+)?separate\s+(?:mail|e-?mail|message))\b[^.!?\n]*[.!?]?`), "$1", "MSG91 auth key we will share separately. Kindly do the needful."},
	// the working week as a range of days: "Monday until Friday at 6",
	// "from Mon to Fri", "every Monday through Friday"
	{regexp.MustCompile(`\b(?:(?i:every|each|on|from)\s+)?[Mm]on(?:day)?s?\s*(?i:until|till|til|to|through|thru|-|–)\s*[Ff]ri(?:day)?s?\b`), "every weekday", "Monday until Friday at 6 o'clock in the Morning the open orders should be fetched from SAP"},
}

// bracketRewrites are phrase rewrites that apply only to text holding a
// bracket: costly patterns, skipped for the many requests without one.
var bracketRewrites = []phraseRewrite{
	// "When the RFC__c (the tax id in Mexico) of a client changes": what a
	// custom field holds, glossed in brackets right after its name, is no
	// place, value or condition
	{regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9_]*__c)\s*\(\s*(?i:the|a|an|our|their|its|i\.e\.?,?)\s+[^()\n]{1,60}\)`), "$1", "When the RFC__c (the tax id in Mexico) of a client changes in Salesforce, update the client in Facturama"},
	// a state restated in brackets by its stage or status: "When a
	// opportunity is won (stage Closed Won)", "is escalated (status
	// Escalated)"; the move to that value (a capitalised value: "is
	// reopened (Status changes from Closed)" restates no value)
	{regexp.MustCompile(`(?i)\b(?:is|gets|got|was|becomes)\s+[a-z]+\s*\(\s*(?:the\s+|in\s+|at\s+)?(?:stage|status|phase)\s*(?:is\s+|=\s*|:\s*)?((?-i:[A-Z][A-Za-z/-]*(?:\s+[A-Z][A-Za-z/-]*){0,3}))\s*\)`), "moves to $1", "When a opportunity is won (stage Closed Won), create a charge in Pagar.me"},
	// "changes from 'Working' to anything else (converted, dead, whatever)":
	// examples in brackets that end in "whatever" or "etc" name no value
	// and no condition
	{regexp.MustCompile(`(?i)\s*\((?:e\.g\.,?\s*|like\s+|say\s+)?[^()\n]{1,80}?(?:,\s*|\s+or\s+|\s+)(?:whatever|etc\.?|and so on|and so forth|you name it|or anything|anything really)\s*[.!]?\)`), "",
		"when the Status changes from Working to anything else (converted, dead, whatever), update the prospect in Outreach"},
	// "alert the duty manager via Opsgenie (open an alert)": the words in
	// brackets say which call a loose verb of telling is
	{regexp.MustCompile(`(?i)\b(?:page|alert|notify|ping|tell|wake|message|contact|escalate|inform|warn|nudge|remind|ask|loop|flag|hit|call|sync|push|send|post|share|let)\s+[^()\n,.;]{1,40}?\s+(in|on|via|through|with)\s+([A-Z][A-Za-z0-9]+)\s*\(\s*((?:create|open|raise|file|log|add|post|send)\s+(?:an?|the|one)\s+[a-z][a-z -]{1,30}?)\s*\)`), "$3 $1 $2", "alert the duty manager via Opsgenie (open an alert)"},
	// "look the student up in our SIS (Ellucian Banner)": a system's kind
	// written as an acronym, then its product's name in brackets, which is
	// the system
	{regexp.MustCompile(`\b(?i:our|the|their|my)\s+(?:[A-Za-z0-9&-]+\s+){0,2}?[A-Z]{2,5}s?\s*\(\s*((?:[A-Z]|[a-z]{1,2}[A-Z])[A-Za-z0-9.&-]+(?:\s+[A-Z][A-Za-z0-9.&-]+){0,2})\s*\)`), "$1", "look the student up in our SIS (Ellucian Banner) by the email"},
	// "we page Opsgenie (create alert)": the one paged is named alone, and
	// the bracket says what to make there, so it is a product, not a person
	{regexp.MustCompile(`\b(?i:page|alert|notify|ping|tell|wake|message|inform|warn|nudge|remind)\s+([A-Z][A-Za-z0-9]+)\s*\(\s*((?i:create|open|raise|file|log|add|post|send|trigger)\s+(?:(?i:an?|the|one)\s+)?[a-z][a-z -]{1,30}?)\s*\)`), "$2 in $1", "page Zenduty (raise incident)"},
}

// actionVerbAlternation is the action verbs as a regexp alternation,
// longest first.
func actionVerbAlternation() string {
	vs := make([]string, 0, len(actionVerbs))
	for v := range actionVerbs {
		vs = append(vs, regexp.QuoteMeta(v))
	}
	slices.SortFunc(vs, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return strings.Join(vs, "|")
}

// objectWordAlternation is the one-word names of standard objects as a
// case-insensitive regexp alternation, longest first.
func objectWordAlternation() string {
	var ws []string
	for w := range objectWords {
		if !strings.Contains(w, " ") {
			ws = append(ws, regexp.QuoteMeta(w))
		}
	}
	slices.SortFunc(ws, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return "(?i:" + strings.Join(ws, "|") + ")"
}

// onEventRe is a record event said shortly: "on update send the opp to Clari".
var onEventRe = regexp.MustCompile(`(?i)(^|[,;:]\s*|\s)on (?:every |each |any )?(create|creation|insert|insertion|update|updates|edit|edits|delete|deletion)\b`)

// onEventAfterVerbRe is a verb that takes "on" itself: "turn on", "based on".
var onEventAfterVerbRe = regexp.MustCompile(`(?i)\b(?:turn|turns|switch|switches|click|clicks|based|depends|depending|rely|relies|focus|work|works|working|act|acts|fire|fires|run|runs|trigger|triggers|call|calls)\s*$`)

// rewritePhrases applies phraseRewrites.
func rewritePhrases(text string) string {
	for _, r := range layoutRewrites {
		text = r.re.ReplaceAllString(text, r.with)
	}
	text = sayDigits(readLayout(readAliases(text)))
	low := lowerASCII(text)
	for _, r := range phraseRewrites {
		if gate, ok := rowGates[r.re]; ok && !gate(low) || !mayMatch(r.re, low) {
			continue
		}
		if t := r.re.ReplaceAllString(text, r.with); t != text {
			text, low = t, lowerASCII(t)
		}
	}
	if strings.Contains(text, "(") {
		for _, r := range bracketRewrites {
			text = r.re.ReplaceAllString(text, r.with)
		}
	}
	text = readScheduledPassive(text)
	var b strings.Builder
	last := 0
	for _, m := range onEventRe.FindAllStringSubmatchIndex(text, -1) {
		if onEventAfterVerbRe.MatchString(text[:m[0]]) {
			continue
		}
		ev := map[byte]string{'c': "created", 'i': "created", 'u': "updated", 'e': "updated", 'd': "deleted"}[lowerASCII(text[m[4]:m[5]])[0]]
		b.WriteString(text[last:m[3]])
		b.WriteString("when one is " + ev)
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}
