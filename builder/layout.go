package builder

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file reads the layouts people write requirements in, before the
// phrase rewrites: headings that number several flows ("Requirement A:",
// "Flow 2 -"), numbered procedures ("Step 1: ... Step 2: ..."), labelled
// fields ("Trigger: ... / Condition: ... / Action: ... / Store: ...") and
// passive requirements ("a ticket shall be created in Zendesk"). Each is
// turned into the plain prose the rules read, and flows are parted with
// flowMark, which splitFlows never joins across.

// flowMark parts two flows that the request's layout numbers separately.
const flowMark = "\n¶\n"

// flowHeading is one way of heading one of several numbered requirements.
type flowHeading struct {
	re *regexp.Regexp
	// example is a request the row parts (TestLayoutExamples).
	example string
}

// flowHeadings are headings that open one requirement of several: each
// starts a flow of its own, and the heading itself names nothing to plan.
var flowHeadings = []flowHeading{
	// "Requirement A: ...", "Flow 2 - ...", "Part B. ...", "Use case 1) ...",
	// "Requirement ZB-01 (Account onboarding): ..."
	{regexp.MustCompile(`(^|[.;!?]\s+|\n\s*)(?i:requirement|req\.?|flow|part|use[ -]case|scenario|section|(?:user\s+)?story)\s+(?:[A-Z]{1,4}-?\d{1,4}(?:\.\d{1,3})?|[A-Z]|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})(?:\s*\([^()\n]{1,60}\))?\s*(?:[.:)]|\s-\s|-)\s*`),
		"Requirement A: when a case closes, post it to Slack. Requirement B: every night pull the invoices from Xero."},
	// a story counted in words: "second story, same epic: as a billing
	// lead i want ...", "Another story: ..."
	{regexp.MustCompile(`(^|[.;!?]\s+|\n\s*)(?i:(?:first|second|third|fourth|another|next|other|2nd|3rd|4th)\s+(?:user\s+)?story)(?:\s*[,(]\s*[^:\n]{0,30}?\)?)?\s*:\s*`),
		"When a case closes, post it to Slack.\nsecond story, same epic: every night pull the invoices from Xero."},
	// a postscript or an edit added to a post: "P.S. ...", "PS: ...",
	// "EDIT: ...", "Edit 2: ...", "UPDATE - ...", "Also (second thing): ...";
	// a postscript with no trigger of its own goes on with the flow before
	// (readLayout)
	{regexp.MustCompile(`(^|[.;!?)]\s+|\n\s*)(?:P\.\s?S\.?|PS\s*[:,-]|P\.S\s*[:,-]|(?:EDIT|UPDATE|Edit|Update)(?:\s+\d)?\s*(?::|\s-\s)|Also\s+\((?i:second|another|2nd|separate)\s+thing\)\s*:?)\s*`),
		"We need every new lead created in Mailchimp.\n\nP.S. if someone deletes a deal, delete it in Pipedrive too. EDIT: every Monday at 8am pull the invoices from QuickBooks."},
}

// layoutExamples are requests each of the other layout readers reads
// (TestLayoutExamples), by reader.
var layoutExamples = []struct{ reader, example string }{
	{"a later step in the present passive", "Step 1: A Case is escalated. Step 2: An incident is created in PagerDuty."},
	{"numbered steps", "Step 1 - every weekday at 6am, fetch new orders from Shopify. Step 2 - create an Order__c for each order."},
	{"a restarted procedure is a second flow", "Step 1: When a Case is closed, create a survey in Delighted. Step 2: Save the survey id in Case.Survey_Id__c. On Sundays at 20:00: Step 1: fetch the responses from Delighted."},
	{"a first sentence that only states a record event", "A Project__c record is created with Type__c 'Rollout'. Create a board in Trello."},
	{"a passive requirement", "A ticket shall be created in Freshdesk when a Case is escalated, and the ticket id shall then be written to Case.Freshdesk_Id__c."},
	{"a passive requirement after for each", "for each line in the payload an Order_Line__c record shall be upserted on Line_Id__c"},
	{"webhooks received in the passive", "Pipedrive webhooks will be received at /pipedrive/deals via POST."},
	{"each new record in a passive requirement", "Every new Lead should be added to Mailchimp."},
	{"a schedule, then a present passive", "Every Monday at 9 a digest of open cases is posted to #support in Slack."},
	{"a passive requirement with its system first", "When a Contract is activated, in Recurly the subscription must be created, and on Contract the Recurly_Id__c must be set."},
	{"a passive requirement for each of them, its system first", "Every night at 2 fetch the orders from Shopify, and for each of them in Salesforce the Order__c must be upserted."},
	{"a second participle shares the passive's subject", "Every night at 3 the refunds are fetched from Stripe and stored as Refund__c records."},
	{"the object before its infinitive", "Every night, from Harvest the timesheets to fetch, and in Salesforce to upsert them into Timesheet__c."},
	{"a question in the passive", "when a new prospect is created with lead source 'Trade Show' can it get added to our sequence in Outreach?"},
	{"'get' with the record and a participle", "when a case is closed, get it posted in #support on Slack"},
}

// stepMarkerRe is a numbered step of a procedure: "Step 1:", "Step 2 -".
var stepMarkerRe = regexp.MustCompile(`(?i)(^|[.;!?:]\s+|\n\s*)step\s+(\d{1,2})\s*(?:[:.)]|\s-\s|-)\s*`)

// recordEventRe is a sentence that only states a Salesforce record event,
// the way a procedure's first step or a requirement's first line does: "A
// Lead is created with LeadSource 'Web'", "An Order__c record is updated".
var recordEventRe = regexp.MustCompile(`^(?i:an?|the|each|any)\s+(?i:new\s+)?[A-Z][A-Za-z0-9_]*(?:\s+(?i:record|records|object))?\s+(?i:is|are|gets|get|has been|have been)\s+(?i:created|updated|deleted|inserted|edited|changed|modified|saved|submitted|closed|won|lost|converted|approved|activated|cancelled|canceled|escalated|qualified|reassigned|paid|shipped|signed|renewed|expired|reopened|resolved|completed|rejected)\b(?:\s+(?i:in|within)\s+(?i:salesforce|sfdc|the org))?(?:$|[\s,;.])`)

// labelledField is one label of a requirement written as fields.
type labelledField struct {
	re *regexp.Regexp
	// read turns the field's value into prose; "" drops the field.
	read func(value string) string
	// example is a request written with the label (TestLayoutExamples).
	example string
}

// emptyValueRe is a field left empty on purpose: "Condition: none".
var emptyValueRe = regexp.MustCompile(`(?i)^(?:none|nothing|n/?a|not applicable|no|-+|—|none required|not needed|no condition|always)(?:\s*[(,;:-].*)?\.?$`)

// fieldTriggerLeadRe is a trigger value that already says when ("when ...",
// "every night at 2", "daily at 05:00").
var fieldTriggerLeadRe = regexp.MustCompile(`(?i)^(?:when|whenever|if|once|upon|after|as soon as|either|any ?time|each time)\b|\b(?:every|each|nightly|daily|hourly|weekly|monthly|weekdays?|at \d{1,2}(?::\d\d)?)\b`)

// verbIntoRe is a verb with no object before where it goes: "upsert into X".
var verbIntoRe = regexp.MustCompile(`(?i)^(\w+)\s+(into|onto|to|in)\b`)

// inboundSourceRe is a source field that names a call coming in: "Stripe
// webhook at /stripe/charges".
var inboundSourceRe = regexp.MustCompile(`(?i)\b(?:webhooks?|endpoint|callbacks?|calls|posts|sends|pushes)\b|(?:^|\s)/[a-z]`)

// conditionListRe parts the conditions of a labelled list.
var conditionListRe = regexp.MustCompile(`\s*;\s*`)

// conditionLeadRe is a condition value that already says "if".
var conditionLeadRe = regexp.MustCompile(`(?i)^(?:if|only if|when|provided)\b`)

// labelledFields are the labels of a requirement written as fields, in
// the order they are read: the trigger, its condition, the action, and
// what is stored afterwards.
var labelledFields = []labelledField{
	{regexp.MustCompile(`(?i)^(?:trigger|triggers|event|start|starts|when|source event|schedule|frequency|timing|cadence|runs)$`), func(v string) string {
		if fieldTriggerLeadRe.MatchString(v) {
			return v
		}
		if v[0] >= 'A' && v[0] <= 'Z' && isRecordWord(v) {
			// "Order__c status changes to 'Shipped'": a record, said
			// without its article
			return "When a " + v
		}
		return "When " + v
	}, "Trigger: an Invoice__c is created / Action: send it to Xero"},
	{regexp.MustCompile(`(?i)^(?:condition|conditions|criteria|filter|filters|only if|if)$`), func(v string) string {
		// "LeadSource = 'Web'; Country = 'Germany'": every condition holds
		v = conditionListRe.ReplaceAllString(v, " and ")
		if conditionLeadRe.MatchString(v) {
			return v
		}
		return "if " + v
	}, "Trigger: a Lead is created / Condition: Lead.Rating is 'Hot' / Action: post it to #sales in Slack"},
	{regexp.MustCompile(`(?i)^(?:action|actions|then|do|steps?)$`), func(v string) string { return v },
		"Trigger: a Contract is activated / Action: create a subscription in Recurly"},
	{regexp.MustCompile(`(?i)^(?:response|reply|respond|returns?)$`), func(v string) string {
		if vb, _, _ := startsWithVerb(v); vb != "" {
			return v
		}
		return "reply " + v
	}, "Trigger: Typeform posts to /typeform/leads / Action: create a Lead / Response: 200"},
	{regexp.MustCompile(`(?i)^(?:store|stores|storage|save|write-?back|write back|persist|result|output|target|destination)$`), func(v string) string {
		if vb, _, _ := startsWithVerb(v); vb != "" {
			// "upsert into Invoice__c": what the flow fetched
			return "then " + verbIntoRe.ReplaceAllString(v, "$1 them $2")
		}
		return "then store " + v
	}, "Trigger: a Quote is approved / Action: create an invoice in Xero / Store: the Xero invoice id in Quote.Xero_Id__c"},
	{regexp.MustCompile(`(?i)^source$`), func(v string) string {
		if vb, _, _ := startsWithVerb(v); vb != "" || inboundSourceRe.MatchString(v) {
			return v
		}
		return "get " + v
	}, "Schedule: daily at 02:00 / Source: NetSuite invoices / Target: upsert into Invoice__c on NetSuite_Id__c"},
}

// fieldLabelRe is a label of a requirement written as fields, at the start
// or after a separator: "/ Condition:", "| Action:", a new line.
var fieldLabelRe = regexp.MustCompile(`(?i)(^|\s*/\s+|\s*\|\s*|\n\s*|[.;]\s+|\s+-\s+|\s*(?:->|→|=>)\s*)(trigger|triggers|event|start|starts|source event|when|schedule|frequency|timing|cadence|runs|source|target|destination|condition|conditions|criteria|filters?|only if|if|action|actions|then|do|response|reply|respond|returns?|steps?|store|stores|storage|save|write-?back|write back|persist|result|output)\s*:\s+`)

// readLayout applies the layout readers to a whole request.
func readLayout(text string) string {
	text = readSections(shallRe.ReplaceAllString(text, "will"))
	var parts []string
	for _, pt := range splitHeadings(text) {
		pt = readObjectFirst(readPassive(readSteps(readFields(pt))))
		if low := lowerASCII(pt); len(parts) > 0 && !hasTriggerCue(low) && !schedLead.MatchString(low) && !newObjectRe.MatchString(low) && !webhookStrongRe.MatchString(low) && !personEventRe.MatchString(low) {
			// "Requirement 3.2: The order number shall be stored on the
			// Quote": a numbered requirement with no trigger of its own
			// goes on with the one before
			parts[len(parts)-1] += " " + pt
			continue
		}
		parts = append(parts, pt)
	}
	return strings.Join(parts, flowMark)
}

// personEventRe opens a part with someone doing something to a record,
// which is a record event of its own: "P.S. if somebody deletes one of
// those opp records, ...", "if a rep closes a case", "when someone edits
// an account".
var personEventRe = regexp.MustCompile(`^(?:if|when|whenever|once|any ?time|each time|every time)\s+(?:somebody|someone|anybody|anyone|a user|users|a rep|reps|an admin|we|they|people)\s+(?:deletes?|removes?|creates?|adds?|edits?|updates?|changes?|closes?|converts?|merges?)\b`)

// shallRe is the "shall" of requirement language, which says "will".
var shallRe = regexp.MustCompile(`\b[Ss]hall\b`)

// splitHeadings parts text at flow headings and at a procedure whose
// numbering starts again ("Step 1: ... Step 2: ... Step 1: ..."). The
// headings themselves are dropped.
func splitHeadings(text string) []string {
	var cuts [][2]int // [start of heading, end of heading]
	for _, h := range flowHeadings {
		for _, m := range h.re.FindAllStringSubmatchIndex(text, -1) {
			cuts = append(cuts, [2]int{m[3], m[1]})
		}
	}
	last := 0
	for _, m := range stepMarkerRe.FindAllStringSubmatchIndex(text, -1) {
		n := text[m[4]:m[5]]
		if n == "1" && last > 1 {
			// a new procedure: it starts at the sentence that leads to its
			// first step ("Additionally, every Sunday: Step 1: ...")
			start := m[3]
			if i := strings.LastIndexAny(text[:m[2]], ".!?\n"); i >= 0 && !overlaps(cuts, i+1) {
				start = i + 1
			}
			cuts = append(cuts, [2]int{start, start})
		}
		last, _ = strconv.Atoi(n)
	}
	if len(cuts) == 0 {
		return []string{text}
	}
	slices.SortStableFunc(cuts, func(a, b [2]int) int { return a[0] - b[0] })
	var parts []string
	prev := 0
	for _, c := range cuts {
		if c[0] < prev {
			continue
		}
		if s := strings.TrimSpace(text[prev:c[0]]); s != "" {
			parts = append(parts, s)
		}
		prev = c[1]
	}
	if s := strings.TrimSpace(text[prev:]); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return []string{text}
	}
	return parts
}

// overlaps reports whether position i falls inside one of cuts.
func overlaps(cuts [][2]int, i int) bool {
	for _, c := range cuts {
		if i >= c[0] && i < c[1] {
			return true
		}
	}
	return false
}

// readFields turns a requirement written as labelled fields into prose,
// when at least two known labels are present: "Trigger: X / Condition: Y /
// Action: Z / Store: W" reads "When X, if Y, Z, then store W."
func readFields(text string) string {
	ms := fieldLabelRe.FindAllStringSubmatchIndex(text, -1)
	if len(ms) < 2 {
		return text
	}
	seen := map[int]bool{}
	type field struct {
		row   int
		value string
	}
	var fields []field
	for i, m := range ms {
		end := len(text)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		row := -1
		for r, lf := range labelledFields {
			if lf.re.MatchString(text[m[4]:m[5]]) {
				row = r
				break
			}
		}
		if row < 0 {
			return text
		}
		seen[row] = true
		fields = append(fields, field{row, strings.TrimRight(strings.TrimSpace(text[m[1]:end]), ".;/| ")})
	}
	if len(seen) < 2 {
		return text
	}
	var out []string
	if pre := strings.TrimSpace(text[:ms[0][0]]); pre != "" {
		out = append(out, strings.TrimRight(pre, ".;:/|- ")+".")
	}
	var b []string
	for _, f := range fields {
		if f.value == "" || emptyValueRe.MatchString(f.value) {
			continue
		}
		if s := labelledFields[f.row].read(f.value); s != "" {
			b = append(b, s)
		}
	}
	if len(b) == 0 {
		return text
	}
	out = append(out, strings.Join(b, ", ")+".")
	return strings.Join(out, " ")
}

// readSteps drops the markers of a numbered procedure; a first step that
// only states a record event is the flow's trigger ("Step 1: A Lead is
// created ..." reads "When a Lead is created ...").
func readSteps(text string) string {
	if !stepMarkerRe.MatchString(text) {
		return readFirstEvent(text)
	}
	var b strings.Builder
	last := 0
	for _, m := range stepMarkerRe.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[3]])
		last = m[1]
		if n, _ := strconv.Atoi(text[m[4]:m[5]]); n > 1 {
			// a later step says what is done, even in the present passive:
			// "Step 2: An incident is created in PagerDuty."
			if pm := stepPassiveRe.FindStringSubmatchIndex(text[last:]); pm != nil {
				subj := text[last+pm[2] : last+pm[3]]
				b.WriteString(activeVerb(text[last+pm[4]:last+pm[5]]) + " " + strings.ToLower(subj[:1]) + subj[1:])
				last += pm[1]
			}
		}
	}
	b.WriteString(text[last:])
	return readFirstEvent(b.String())
}

// stepPassiveRe is a step said in the present passive: "Each invoice is
// upserted into Invoice__c", "The incident id is stored in ...".
var stepPassiveRe = regexp.MustCompile(`^((?i:an?|the|each|every|its|their)\s+[^,.;:!?\n]{1,60}?)\s+(?i:is|are|gets|get)\s+(?i:then\s+|also\s+)?(` + participleAlternation() + `)\b`)

// readFirstEvent reads a request whose first sentence only states a record
// event ("A Project__c record is created with Type__c 'X'.") as its trigger.
func readFirstEvent(text string) string {
	t := strings.TrimSpace(text)
	marker := ""
	if m := listMarker.FindStringIndex(t); m != nil {
		// "1. A Case is closed.": the first item of a numbered list
		marker, t = t[:m[1]], t[m[1]:]
	}
	end := strings.IndexAny(t, ".!?\n")
	if end < 0 {
		return text
	}
	first := t[:end]
	if !recordEventRe.MatchString(first) || hasTriggerCue(lowerASCII(first)) || hasAction(lowerASCII(first)) {
		return text
	}
	return marker + "When " + strings.ToLower(t[:1]) + t[1:]
}

// passiveRow is one verb that a requirement states in the passive ("a
// ticket will be created in Zendesk"), read as the action it asks for.
type passiveRow struct {
	participle string
	verb       string
}

// passiveVerbs are the actions a passive requirement names.
var passiveVerbs = []passiveRow{
	{"created", "create"}, {"updated", "update"}, {"written", "write"}, {"stored", "store"}, {"saved", "save"},
	{"upserted", "upsert"}, {"published", "publish"}, {"posted", "post"}, {"sent", "send"}, {"deleted", "delete"},
	{"inserted", "insert"}, {"logged", "log"}, {"recorded", "record"}, {"copied", "copy"}, {"pushed", "push"},
	{"exposed", "expose"}, {"fetched", "fetch"}, {"retrieved", "retrieve"}, {"pulled", "pull"}, {"emailed", "email"},
	{"raised", "raise"}, {"opened", "open"}, {"set", "set"}, {"marked", "mark"}, {"received", "receive"}, {"accepted", "accept"}, {"added", "add"},
	{"populated", "populate"}, {"stamped", "stamp"}, {"flagged", "flag"}, {"assigned", "assign"}, {"linked", "link"},
	{"synced", "sync"}, {"synchronized", "sync"}, {"mirrored", "mirror"}, {"forwarded", "forward"}, {"notified", "notify"},
	{"called", "call"}, {"invoked", "invoke"}, {"generated", "generate"}, {"registered", "register"}, {"enrolled", "enroll"},
	{"subscribed", "subscribe"}, {"archived", "archive"}, {"closed", "close"}, {"cancelled", "cancel"}, {"canceled", "cancel"},
	{"refunded", "refund"}, {"charged", "charge"}, {"uploaded", "upload"}, {"exported", "export"}, {"imported", "import"},
	{"queried", "query"}, {"looked up", "look up"}, {"checked", "check"}, {"verified", "verify"}, {"validated", "validate"},
	{"deactivated", "deactivate"}, {"activated", "activate"}, {"suspended", "suspend"}, {"removed", "remove"},
}

// frontedPlace is the system a requirement names before its subject, the
// way many writers whose first language is not English order it: "in
// DocuSign the envelope must be created", "in our ERP System proALPHA a
// Sales Order shall be created": the system's kind is dropped, its name
// kept (submatches: the preposition, the system).
const frontedPlace = `(?:((?i:in|into|on|at|to|from))\s+(?:(?i:our|the|their)\s+(?:(?i:erp|crm|hr|billing|accounting|ticketing|shop|payroll|system|tool|platform|software|app)\s+){1,2})?((?:[A-Z]|[a-z]{1,3}[A-Z])[A-Za-z0-9]*(?:\s+[A-Z][A-Za-z0-9]*)?(?:\s+(?:(?i:in|on|to)\s+)?(?:(?i:the)\s+)?(?:(?i:channel)\s+)?#[A-Za-z0-9_-]+)?)\s+)?`

// passiveRequirementRe is a passive requirement: the subject, a modal ("will be",
// "must be", "is to be"), then what is done to it; the system it is done
// in may come first ("in Zendesk the ticket must be updated"); a dash may
// end the aside before it ("when ... - we mean when X__c passes to 'Closed'
// - the same client must be deactivated in Sellsy"); a time of
// day may stand before the subject ("every weekday at 6 in the morning the
// orders should be fetched"), and "additionally" before a second one ("a
// Case should be created and additionally an Incident in PagerDuty should
// be created").
var passiveRequirementRe = regexp.MustCompile(`(^|[.;!?:]\s+|,\s+|\s[-–—]\s+|\n\s*|\b(?i:and|then|also|finally|additionally)\s+|\b(?i:morning|evening|night|afternoon|o'clock|am|pm)\s+|\b(?i:for)\s+(?i:each|every)\s+(?:(?i:one|of)\s+(?i:them|these|those)|\w+(?:\s+(?i:in|from|of)\s+(?i:the|its|each)\s+\w+)?),?\s+)` + frontedPlace + `((?i:an?|the|each|every|its|their|all(?:\s+the)?)\s+[^,.;:!?\n]{1,60}?|(?i:it)|[A-Z][A-Za-z0-9]*(?:\s+[a-z]+){0,2}\s+(?i:webhooks|notifications|callbacks|requests|events|messages|records|calls)|[A-Z][a-z]+(?:\s+[a-z][A-Za-z0-9_]*){0,2}s)\s+(?i:shall|will|must|should|is to|are to|needs to|need to|has to|have to)\s+(?i:then\s+|also\s+|finally\s+|automatically\s+|immediately\s+)?(?i:be)\s+(?i:then\s+|also\s+|automatically\s+|immediately\s+)?(` + participleAlternation() + `)\b`)

// scheduledPassiveRe is a schedule, then something done in the present
// passive: nothing but the schedule can start it, so it is the action
// ("every Friday at 5 PM a summary is posted to #leads in Slack").
var scheduledPassiveRe = regexp.MustCompile(`(?i)^((?:(?:and|also|additionally|plus|then),?\s+)*(?:(?:every|each)\s+(?:other\s+|\d{1,2}\s+)?(?:night|day|morning|evening|afternoon|hour|week|month|quarter|year|weekday|business day|working day|minute|(?:mon|tues|wednes|thurs|fri|satur|sun)day)s?|nightly|daily|hourly|weekly|monthly|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b[^,.;!?\n]{0,40}?),?\s+((?:an?|the)\s+[^,.;:!?\n]{1,60}?)\s+(?:is|are|gets|get)\s+(` + participleAlternation() + `)\b`)

// participleAlternation is passiveVerbs' participles as an alternation.
func participleAlternation() string {
	ps := make([]string, len(passiveVerbs))
	for i, r := range passiveVerbs {
		ps[i] = r.participle
	}
	return strings.Join(ps, "|")
}

// activeVerb is the base verb of a participle in passiveVerbs.
func activeVerb(participle string) string {
	p := lowerASCII(participle)
	for _, r := range passiveVerbs {
		if r.participle == p {
			return r.verb
		}
	}
	return p
}

// newRecordsRe is a subject that names each record as it is made: "every
// new Lead from the website".
var newRecordsRe = regexp.MustCompile(`(?i)^(?:every|each|any|all)\s+new\s+(.+)$`)

// isRecordWord reports whether s starts with a Salesforce object's word:
// "Lead from the website", "Invoice__c", not "hire from Workday".
func isRecordWord(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	w = lowerASCII(w)
	return strings.HasSuffix(w, "__c") || isObjectWord(w) || isObjectWord(strings.TrimSuffix(w, "s"))
}

// determinerWords open a noun phrase: "the id", "an invoice", "it".
var determinerWords = map[string]bool{"a": true, "an": true, "the": true, "each": true, "every": true, "its": true, "their": true, "it": true}

// notSubject are words the passive reader's bare plural subject matches
// that name no records: "This will be ...".
var notSubject = map[string]bool{"this": true, "these": true, "those": true, "its": true, "his": true, "is": true, "was": true, "has": true, "does": true, "it is": true, "this is": true}

// readPassive turns passive requirements into actions: "the id will be
// written to Account.X__c" reads "write the id to Account.X__c".
func readPassive(text string) string {
	text = replaceSubmatchRest(passiveRequirementRe, text, func(s []string) string {
		prep, place, subj, part := s[2], s[3], s[4], s[5]
		if notSubject[lowerASCII(subj)] {
			return s[0]
		}
		where := ""
		if place != "" {
			// "in Rippling the employee must be created": the place is
			// said after the action, where the rules read it
			where = " " + lowerASCII(prep) + " " + place
		}
		if m := newRecordsRe.FindStringSubmatch(subj); m != nil && isRecordWord(m[1]) {
			// "every new Lead from the web shall be added to Mailchimp":
			// each record made is the event, then what is done to it
			return s[1] + "when a new " + m[1] + " is created, " + activeVerb(part) + " it" + where
		}
		if w, _, _ := strings.Cut(subj, " "); determinerWords[lowerASCII(w)] {
			// "The id" after a verb reads "the id"; a name keeps its case
			subj = strings.ToLower(subj[:1]) + subj[1:]
		}
		return s[1] + activeVerb(part) + " " + subj + where
	})
	// "can it get added to Outreach", "could the new ones be posted in
	// #sales": a question in the passive asks for the action
	text = replaceSubmatch(questionPassiveRe, text, func(s []string) string {
		return activeVerb(s[2]) + " " + objectPronoun(s[1])
	})
	// "get them added to Outreach": the action, not a GET
	return replaceSubmatch(getDoneRe, text, func(s []string) string {
		return activeVerb(s[2]) + " " + objectPronoun(s[1]) + " " + s[3]
	})
}

// questionPassiveRe is an action asked for in the passive, as a question:
// "can it get added to", "could they be posted in", "would the new ones be
// created in". Submatches: the subject, the participle.
var questionPassiveRe = regexp.MustCompile(`\b(?i:can|could|would|will)\s+((?i:it|they|them|this|these|those|he|she)|(?i:the|each|every|all\s+the|all)\s+(?:new\s+)?[a-z]+(?:\s+ones?)?)\s+(?:(?i:automatically|just|also|then)\s+)?(?i:get|be)\s+(?:(?i:automatically|auto)[- ]?)?(` + participleAlternation() + `)\b`)

// getDoneRe is "get" with the record and what is done to it: "get them
// added to Outreach", "get it posted in #support". Submatches: the record,
// the participle, the preposition after it.
var getDoneRe = regexp.MustCompile(`\b(?i:get|gets|getting)\s+((?i:it|them|this|these|those)|(?i:the|each|every)\s+(?:new\s+)?[a-z]+)\s+(` + participleAlternation() + `)\s+((?i:to|into|in|on|onto|over|as|through|via))\b`)

// objectPronoun is a subject said again as an object: "they" is "them".
func objectPronoun(subj string) string {
	switch lowerASCII(subj) {
	case "they", "he", "she":
		return "them"
	}
	if w, _, _ := strings.Cut(subj, " "); determinerWords[lowerASCII(w)] {
		return strings.ToLower(subj[:1]) + subj[1:]
	}
	return subj
}

// readScheduledPassive reads a sentence that opens with a schedule and
// says in the present passive what is done then ("every Friday at 5 PM a
// summary is posted to #leads in Slack") as that action. It runs after
// the phrase rewrites, which drop the question's preamble ("is it
// possible that ...").
func readScheduledPassive(text string) string {
	for _, sent := range sentences(text) {
		if m := scheduledPassiveRe.FindStringSubmatch(sent); m != nil {
			rest := sent[len(m[0]):]
			text = strings.Replace(text, m[0]+rest, m[1]+", "+activeVerb(m[3])+" "+m[2]+readElidedPassive(rest, m[2]), 1)
		}
	}
	return text
}

// replaceSubmatch replaces each match of re in s with repl of its submatches.
func replaceSubmatch(re *regexp.Regexp, s string, repl func([]string) string) string {
	return replaceMatches(re, s, repl, false)
}

// objectFirstRe is an action said object first, then its infinitive, the
// word order of many writers whose first language is not English: "from
// Productboard the features to fetch", "the id please to save in X__c",
// "and in Salesforce to upsert them". Submatches: the lead, the fronted
// preposition and system, the object, the verb.
var objectFirstRe = regexp.MustCompile(`(^|[.;:!?,]\s*|\n\s*|(?:\d|\b(?i:and|then|also|morning|evening|night|afternoon|day|daily|nightly|hourly|weekly|o'clock|am|pm|minutes|hour|hours|week|month|weekdays?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?))\s+)(?:((?i:from|in|into|on))\s+([A-Z][A-Za-z0-9]*)\s+)?((?i:the|its|their|all the|all)\s+[^,.;:!?\n]{1,50}?\s+)?(?i:please\s+)?to\s+(` + actionVerbAlternation() + `)\b`)

// objectFirstCueRe is the infinitive objectFirstRe ends with, a cheap
// test that spares most requests the whole pattern.
var objectFirstCueRe = regexp.MustCompile(`\b(?:[Tt]o|TO)\s+(?i:` + actionVerbAlternation() + `)\b`)

// notObjectWords are words that show an object-first match is a sentence
// of its own ("the team wants to create"): its subject and verb, not an
// object.
var notObjectWords = map[string]bool{"want": true, "wants": true, "need": true, "needs": true, "has": true, "have": true,
	"is": true, "are": true, "was": true, "were": true, "will": true, "would": true, "should": true, "must": true, "can": true,
	"could": true, "may": true, "might": true, "ask": true, "asks": true, "asked": true, "tell": true, "tells": true, "told": true,
	"like": true, "likes": true, "try": true, "tries": true, "used": true, "able": true, "going": true, "allowed": true,
	"wish": true, "wishes": true, "expect": true, "expects": true, "plan": true, "plans": true, "way": true,
	"how": true, "what": true, "who": true, "which": true, "that": true, "whose": true, "where": true, "when": true, "if": true, "ready": true, "easy": true, "hard": true, "possible": true}

// relativeWords open a relative clause inside a noun phrase.
var relativeWords = map[string]bool{"that": true, "which": true, "who": true, "whose": true, "where": true, "are": true, "is": true}

// readObjectFirst reads an action said object first ("from Productboard
// the features to fetch") in the imperative ("fetch the features from
// Productboard"). An infinitive without an object reads as the verb only
// where it goes on with one ("and to upsert them") or names Salesforce
// ("in Salesforce to upsert them").
func readObjectFirst(text string) string {
	if !objectFirstCueRe.MatchString(text) {
		return text
	}
	return replaceSubmatch(objectFirstRe, text, func(s []string) string {
		lead, prep, place, obj, verb := s[1], s[2], s[3], strings.TrimSpace(s[4]), s[5]
		salesforce := place != "" && isSalesforceWord(place)
		if obj == "" {
			if (place == "" && lowerASCII(strings.TrimSpace(lead)) != "and" && lowerASCII(strings.TrimSpace(lead)) != "then") || (place != "" && !salesforce) {
				return s[0]
			}
			return lead + verb
		}
		for _, w := range strings.Fields(lowerASCII(obj)) {
			if notObjectWords[w] && (place == "" || !relativeWords[w]) {
				// after a fronted system a relative clause describes the
				// object: "from Jira the issues which are resolved to fetch"
				return s[0]
			}
		}
		if place == "" && verbAfterHead(obj) {
			// "the team creates a task to ...": a clause of its own (after
			// a fronted system, "from Jira the issues to fetch", it is the
			// object whatever follows)
			return s[0]
		}
		out := lead + verb + " " + strings.ToLower(obj[:1]) + obj[1:]
		if place != "" && !salesforce {
			out += " " + lowerASCII(prep) + " " + place
		}
		return out
	})
}

// isSalesforceWord reports whether w names Salesforce itself.
func isSalesforceWord(w string) bool {
	switch lowerASCII(w) {
	case "salesforce", "sfdc", "sf":
		return true
	}
	return false
}

// elidedPassiveRe is a second participle that shares a passive's subject
// and auxiliary: "the payouts are fetched from Stripe and created as
// Payout__c records", "the envelope must be created and sent to ...".
var elidedPassiveRe = regexp.MustCompile(`^([^.;!?\n]*?)\s+(?i:and)\s+(?:(?i:then|also)\s+)?(` + participleAlternation() + `)\s+((?i:as|in|into|on|onto|to|for|with|back)\b)`)

// readElidedPassive says the second participle of a passive sentence
// again as an action on the same subject, a pronoun for it: "... and
// created as Payout__c records" reads "... and create them as Payout__c
// records". rest is the sentence after the first passive.
func readElidedPassive(rest, subj string) string {
	m := elidedPassiveRe.FindStringSubmatchIndex(rest)
	if m == nil || lowerASCII(rest[m[4]:m[5]]) == "sent" {
		// "the envelope must be created and sent to the signer": made
		// ready to send is one action, not a second one
		return rest
	}
	pron := "it"
	if w := strings.Fields(subj); len(w) > 0 && strings.HasSuffix(lowerASCII(w[len(w)-1]), "s") {
		pron = "them"
	}
	return rest[:m[3]] + " and " + activeVerb(rest[m[4]:m[5]]) + " " + pron + " " + rest[m[6]:]
}

// replaceSubmatchRest is replaceSubmatch for the passive readers: after
// each replacement, a second participle later in the same sentence that
// shares the passive's subject is read as well (readElidedPassive). The
// subject is submatch 4.
func replaceSubmatchRest(re *regexp.Regexp, s string, repl func([]string) string) string {
	return replaceMatches(re, s, repl, true)
}

// replaceMatches replaces each match of re in s with repl of its
// submatches and, with elided, reads the rest of a replaced passive's
// sentence for a second participle.
func replaceMatches(re *regexp.Regexp, s string, repl func([]string) string, elided bool) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if m[0] < last {
			continue
		}
		sub := make([]string, len(m)/2)
		for i := range sub {
			if m[2*i] >= 0 {
				sub[i] = s[m[2*i]:m[2*i+1]]
			}
		}
		b.WriteString(s[last:m[0]])
		out := repl(sub)
		b.WriteString(out)
		last = m[1]
		if !elided || out == sub[0] {
			continue
		}
		end := len(s)
		if i := strings.IndexAny(s[last:], ".;!?\n"); i >= 0 {
			end = last + i
		}
		if r := readElidedPassive(s[last:end], sub[4]); r != s[last:end] {
			b.WriteString(r)
			last = end
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// verbAfterHead reports whether a verb follows the head noun of obj, a
// determiner and its noun: "the team creates a task" is a clause, "the
// invoices from Chargebee" an object.
func verbAfterHead(obj string) bool {
	ws := strings.Fields(lowerASCII(obj))
	i := 2
	if len(ws) > 1 && ws[1] == "the" {
		i = 3 // "all the orders ..."
	}
	if len(ws) <= i {
		return false
	}
	v, _, _ := startsWithVerb(strings.Join(ws[i:], " "))
	return v != ""
}
