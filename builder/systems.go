package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// findKnownSystem finds the earliest known system named in s.
func (p *plan) findKnownSystem(orig, low string) (knownSystem, int, bool) {
	var best knownSystem
	bpos, blen := -1, 0
	for _, ks := range knownSystems {
		for _, w := range ks.words {
			from := 0
			for {
				i := findWord(low, w, from)
				if i < 0 {
					break
				}
				from = i + 1
				if capsOnly[w] && !(orig[i] >= 'A' && orig[i] <= 'Z') && !systemSlot(low, i, i+len(w)) {
					continue
				}
				if i > 0 && (low[i-1] == '#' || low[i-1] == '/' || low[i-1] == '@' || low[i-1] == '.') {
					continue
				}
				if inCustomName(low, i) {
					// "keyed on ShipStation_Id__c": a field named after the system
					continue
				}
				if formerSystemRe.MatchString(low[:i]) {
					// "via postmark (we moved off mailchimp last year)": a
					// system left behind is not where the step goes
					continue
				}
				if bpos < 0 || i < bpos || i == bpos && len(w) > blen {
					best, bpos, blen = ks, i, len(w)
				}
				break
			}
		}
	}
	return best, bpos, bpos >= 0
}

// systemSlot reports whether the word at low[i:j] stands where only a
// system can: after "on", "in", "to", "via" and at the end of its clause
// ("ping the cfo on teams", "enroll them in outreach"), so that a product
// named by a common word counts in lower case too.
func systemSlot(low string, i, j int) bool {
	return systemBeforeRe.MatchString(low[:i]) && systemAfterRe.MatchString(low[j:])
}

// formerSystemRe ends in words that say a system was left or is not the
// one: "we moved off", "switched away from", "used to use", "instead of".
var formerSystemRe = regexp.MustCompile(`\b(?:(?:moved|moving|migrated|migrating|switched|switching)\s+(?:away\s+)?(?:off(?:\s+of)?|from)|used\s+to\s+(?:use|be\s+on|be\s+in|run\s+on)|got\s+rid\s+of|stopped\s+using|no\s+longer\s+(?:use|on|in)|ditched|instead\s+of|rather\s+than)\s+(?:the\s+|our\s+|old\s+)*$`)

// definedVendorRe is a product named, then defined in brackets as what it
// is for the writer: "out of recharge (thats our subscriptions app)",
// "from rr (our TMS)", "into keystone (the billing platform we use)". The
// word before the brackets is the system even when it is also an English
// word; the kind in the brackets only says what it is. A noun with an
// article ("from the warehouse (our WMS)") names no product.
var definedVendorRe = regexp.MustCompile(`(?i)\b(?:from|out\s+of|in|into|to|via|through|thru|using|with|on|onto)\s+([a-z][a-z0-9.-]{2,}(?:\s+[a-z][a-z0-9-]{2,})?)\s*\(\s*(?:(?:that's|thats|that\s+is|which\s+is|it's|its|aka|i\.e\.?,?|=)\s+)?(?:our|the|an?)\s+(?:[\w-]+\s+){0,3}?(?:app|application|system|tool|platform|service|software|erp|crm|tms|wms|3pl|warehouse|provider|vendor|backend|database|portal)\b[^()]{0,60}\)`)

var (
	// systemBeforeRe is a preposition that puts an action in a system.
	systemBeforeRe = regexp.MustCompile(`\b(?:on|in|to|into|via|through|using|from|out of)\s+(?:our\s+)?$`)
	// systemAfterRe is the end of the clause after a system's name.
	systemAfterRe = regexp.MustCompile(`^(?:\s*$|\s*[.,;:!?)]|\s+(?:when|whenever|if|and|then|for|so|as|about|too|please|pls|thanks|thx)\b)`)
)

// inCustomName reports whether the word at i is part of a custom field or
// object name ("ShipStation_Id__c").
func inCustomName(low string, i int) bool {
	j := i
	for j < len(low) && (low[j] == '_' || low[j] >= 'a' && low[j] <= 'z' || low[j] >= '0' && low[j] <= '9') {
		j++
	}
	tok := low[i:j]
	return strings.HasSuffix(tok, "__c") || strings.HasSuffix(tok, "__e")
}

var (
	internalRe = regexp.MustCompile(`(?i)(?:\b(?:our|the|their|an?|my|company's|a custom)\s+|\b(?:to|in|into|via|from|on|with|through)\s+)((?:(?:own|internal|in-house|inhouse|company|legacy|custom|home-?grown|private|corporate|backend|back-office|proprietary|existing|new)\s+)*)((?:[A-Za-z0-9&][\w&-]*(?:\.[\w&-]+)*\s+){0,3}?)(api|apis|system|service|services|server|platform|backend|app|application|microservice|erp|crm|data ?lake|data ?warehouse|portal|tool|database|hub|engine|gateway)\b`)
	// capNameRe is a capitalised name after a preposition ("in Coupa"); a
	// brand may start with up to three lower-case letters before its
	// capital ("in xMatters", "on eBay", "to iCIMS", "in proALPHA").
	capNameRe = regexp.MustCompile(`\b(?:to|in|into|on|via|through|with|from|out\s+of|using|at|use|uses)\s+(?:the\s+|our\s+)?((?:[A-Z]|[a-z]{1,3}[A-Z])[A-Za-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+){0,2})`)
	// tellRe is a system told about something: "we want Gainsight to know", "keep Zuora in sync".
	tellRe    = regexp.MustCompile(`\b(?:want|wants|need|needs|have|let|lets|get|tell|make|keep|keeps)\s+([A-Z][A-Za-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+)?)\s+(?:to\s+)?(?:know|hear|see|get|receive|be told|be notified|notified|updated|informed|in the loop|in sync|up to date)\b`)
	possessRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]+)'s\s+(?:[A-Za-z]+\s+){0,3}(?i:api|system|endpoint|service)`)
	// fetchedFromRe is a product named before the things fetched from it:
	// "pull new Loopio projects into SF", "import the Gong calls"; a step
	// reader passes the text after its verb ("new Loopio projects").
	fetchedFromRe = regexp.MustCompile(`(?:^\s*|\b(?i:pull|pulls|fetch|fetches|get|gets|grab|grabs|import|imports|bring|brings|load|loads|copy|copies|read|reads|download|downloads)\s+)(?:(?i:in|over)\s+)?(?:(?i:the|all|any|our|every|each)\s+)?(?:(?i:new|latest|recent|open|updated|changed|completed|closed|active|signed|paid)\s+)?([A-Z][A-Za-z0-9]+)\s+[a-z]{3,}s\b`)
	genericWds    = map[string]bool{"rest": true, "http": true, "web": true, "the": true, "a": true, "an": true, "external": true, "other": true, "third-party": true, "3rd": true, "party": true, "partner": true, "some": true, "that": true, "this": true,
		// a system qualified, not named: "the relevant system"
		"relevant": true, "appropriate": true, "right": true, "correct": true, "proper": true, "respective": true,
		"corresponding": true, "downstream": true, "upstream": true, "matching": true, "related": true, "necessary": true,
		"required": true, "applicable": true, "designated": true, "chosen": true,
		// a system not chosen yet: "whichever accounting tool we end up picking"
		"whichever": true, "whatever": true}
)

// domainNameRe is a product written as its domain: "Customer.io", "Bill.com",
// "Pagar.me"; and in lower case where the ending is a product's
// ("customer.io"; a lower-case ".com" is as often a mail or web address).
var domainNameRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9-]*\.(?:io|com|ai|co|app|dev|so|xyz|me)|[a-z][a-z0-9-]*\.(?:io|ai|app|dev|so))\b`)

// nameBreakWords are prepositions a system's name does not run across:
// "create a Case for the Service Team" names no system "Case for", nor
// "(a GET on their API)" one "GET on".
var nameBreakWords = map[string]bool{"for": true, "of": true, "by": true, "at": true, "per": true, "about": true, "as": true, "on": true, "in": true, "into": true, "to": true, "from": true, "with": true}

// ownerWds say whose a system is, not what it is called.
var ownerWds = map[string]bool{"our": true, "my": true, "their": true, "your": true, "internal": true, "in-house": true,
	"inhouse": true, "own": true, "company": true, "legacy": true, "homegrown": true, "home-grown": true, "private": true,
	"corporate": true, "proprietary": true, "existing": true}

// abbrevCalledRe follows an abbreviation that is a system because an HTTP
// call comes with it: "send the deal over to CDK with a POST", "in ADP
// with a POST".
var abbrevCalledRe = regexp.MustCompile(`^\s+(?:with|using|via)\s+(?:an?\s+)?(?:POST|GET|PUT|PATCH|DELETE)\b`)

// kindThenAPIRe is an API word after a system kind: "Portal API".
var kindThenAPIRe = regexp.MustCompile(`(?i)^\s+(?:api|apis|service|endpoint)\b`)

// Patterns used by findSystem.
var (
	fieldTailRe = regexp.MustCompile(`(__c|\b(field|status|stage|value|flag))$`)
	setVerbRe   = regexp.MustCompile(`(?i)\b(set|setting|mark|marking|change|changing)\b`)
)

// findSystem finds the external system a chunk names: a known one, "our
// internal X API", or an unknown capitalised name after a preposition.
func (p *plan) findSystem(orig, low string) (spec.System, int, bool) {
	if ks, pos, ok := p.findKnownSystem(orig, low); ok {
		return spec.System{Name: ks.name, Label: ks.label, URL: ks.url, Auth: ks.auth}, pos, true
	}
	if m := definedVendorRe.FindStringSubmatchIndex(orig); m != nil {
		w := orig[m[2]:m[3]]
		first := strings.ToLower(strings.Fields(w)[0])
		if lw := strings.ToLower(w); !isObjectWord(lw) && !genericWds[lw] && !ownerWds[lw] && !notProductWords[lw] && !isStopName(w) &&
			!genericWds[first] && !ownerWds[first] && !isStopName(first) && first != "this" && first != "its" && !isSalesforceWord(first) {
			label := w
			if strings.ToLower(label) == label {
				label = titleCase(label)
			}
			if name := apiName(label, 40); name != "" && !spec.IsReservedWord(name) {
				return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true
			}
		}
	}
	if sys, pos, ok := p.definedElsewhere(low); ok {
		return sys, pos, true
	}
	if m := internalRe.FindStringSubmatchIndex(orig); m != nil && !theirRecordAPI(orig, m) && !kindInCompound(orig, m) {
		words := strings.Fields(orig[m[4]:m[5]])
		var keep []string
		for _, w := range words {
			lw := strings.ToLower(w)
			// "a Case for the Service Team": a name does not run across a
			// preposition; only the words after it may name the system
			if nameBreakWords[lw] {
				keep = keep[:0]
				continue
			}
			// a capitalised word names the system ("our Partner Portal API")
			if !(genericWds[lw] && (lw == w || lw == "the" || lw == "a" || lw == "an")) && !ownerWds[lw] {
				keep = append(keep, w)
			}
		}
		kind := strings.ToLower(orig[m[6]:m[7]])
		// "Partner Portal API": the kind word is part of the name
		if len(keep) > 0 && kindThenAPIRe.MatchString(orig[m[7]:]) && orig[m[6]] >= 'A' && orig[m[6]] <= 'Z' {
			keep = append(keep, orig[m[6]:m[7]])
			kind = "api"
		}
		label := strings.Join(keep, " ")
		if undecidedSystem(orig[m[0]:m[5]]) {
			// "whichever accounting tool we end up picking": no system yet
			label, kind = "", "undecided"
		}
		if label == "" || isObjectWord(strings.ToLower(label)) && kind != "api" {
			switch {
			case kind == "erp" || kind == "crm":
				label = strings.ToUpper(kind)
			case strings.HasPrefix(kind, "data"):
				label = "Data Lake"
				if strings.Contains(kind, "warehouse") {
					label = "Data Warehouse"
				}
			case strings.Contains(strings.ToLower(orig[m[2]:m[3]]), "internal") || strings.Contains(strings.ToLower(orig[m[2]:m[3]]), "in-house"):
				label = "Internal " + strings.ToUpper(kind[:1]) + kind[1:]
			default:
				label = ""
			}
		}
		if label != "" {
			if strings.ToLower(label) == label {
				label = titleCase(label)
			}
			name := apiName(label, 40)
			if name != "" && !spec.IsReservedWord(name) {
				return spec.System{Name: name, Label: label, URL: "https://" + strings.ToLower(strings.ReplaceAll(camelSplit.ReplaceAllString(name, "$1-$2"), "_", "-")) + ".example.com", Auth: apiKey(spec.DefaultAPIKeyHeader)}, m[0], true
			}
		}
	}
	// "pushed into Customer.io": a product named by its domain
	for _, m := range domainNameRe.FindAllStringSubmatchIndex(orig, -1) {
		if m[0] > 0 && strings.ContainsRune("@/.", rune(orig[m[0]-1])) {
			continue
		}
		label := orig[m[2]:m[3]]
		if name := apiName(label, 40); name != "" && !spec.IsReservedWord(name) && !strings.EqualFold(label, "salesforce.com") {
			return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(label), Auth: bearer}, m[2], true
		}
	}
	for _, re := range []*regexp.Regexp{possessRe, capNameRe, tellRe, fetchedFromRe} {
		for _, m := range re.FindAllStringSubmatchIndex(orig, -1) {
			label := orig[m[2]:m[3]]
			if re == fetchedFromRe && (isObjectWord(strings.ToLower(label)) || isRecordWord(label)) {
				// "pull the new Lead records": the records are Salesforce's
				continue
			}
			ws := strings.Fields(label)
			for len(ws) > 0 && isStopName(ws[len(ws)-1]) {
				ws = ws[:len(ws)-1]
			}
			if len(ws) == 0 || isStopName(ws[0]) && (len(ws) == 1 || allStopNames(ws)) || strings.HasPrefix(ws[0], "Q_") {
				continue
			}
			label = strings.Join(ws, " ")
			if _, isValue := picklistValues[strings.ToLower(label)]; isValue {
				continue
			}
			if len(ws) == 1 && len(label) <= 3 && strings.ToUpper(label) == label && strings.Trim(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && !abbrevCalledRe.MatchString(orig[m[3]:]) {
				// "the CA privacy list", "the HR team": an abbreviation, not a system
				continue
			}
			if before := strings.TrimSpace(orig[:m[0]]); fieldTailRe.MatchString(before) || setVerbRe.MatchString(before) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(orig[m[0]:m[2]])), "to") {
				continue
			}
			name := apiName(label, 40)
			if name == "" || spec.IsReservedWord(name) || salesforceName(label) || inCustomName(low, m[2]) {
				continue
			}
			return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true
		}
	}
	// "we use Rose Rocket as our TMS ... fetch the loads from rose rocket":
	// a product the request names with capitals, written again in lower case
	if sys, pos, ok := p.capitalisedElsewhere(low); ok {
		return sys, pos, true
	}
	// "tell gainsight about it", "the score from experian": a word no
	// vocabulary knows, written in lower case where only a system fits;
	// "create them as a contact in aircall": such a word after a record
	// noun, where only the place the record goes fits
	for _, re := range []*regexp.Regexp{unknownProductRe, recordInProductRe, lookupInProductRe} {
		for _, m := range re.FindAllStringSubmatchIndex(low, -1) {
			if w := low[m[2]:m[3]]; productWord(strings.Fields(w)[0]) && !inCustomName(low, m[2]) && !(len(orig) == len(low) && salesforceName(orig[m[2]:m[3]])) {
				label := titleCase(w)
				name := apiName(label, 40)
				if name == "" || spec.IsReservedWord(name) {
					continue
				}
				p.guessSystem(name, w)
				return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true
			}
		}
	}
	// "(1) create it in Chargify; (2) every night fetch the Chargify
	// invoices": a system the request already named is that system
	// wherever it is named again, even before a noun
	if sys, pos, ok := p.declaredSystemIn(low); ok {
		return sys, pos, true
	}
	return spec.System{}, -1, false
}

// compoundNextRe is a capitalised noun right after a word, other than an
// API word: "Service Orders", "Platform Events".
var compoundNextRe = regexp.MustCompile(`^\s+(?-i:[A-Z][a-z]+)\b`)

// kindInCompound reports whether the system kind an internalRe match ends
// in is the first word of a capitalised compound noun: "fetch the open
// Service Orders from Epicor" names records, not a service called Open.
func kindInCompound(orig string, m []int) bool {
	k := orig[m[6]:m[7]]
	if k == "" || k[0] < 'A' || k[0] > 'Z' {
		return false
	}
	n := compoundNextRe.FindString(orig[m[7]:])
	return n != "" && !kindThenAPIRe.MatchString(orig[m[7]:])
}

// usedVendorRe is a product the writer says they use, defined in brackets
// as what it is, its domain perhaps first: "we use loops (loops.so, the
// email tool)", "on keystone (our billing platform)". The word is that
// product wherever the request puts something in it, even when it is
// also an English word ("create a contact in loops").
var usedVendorRe = regexp.MustCompile(`(?i)\b(?:use|uses|using|used|on|with|from|in|into|to|via|through|thru)\s+([a-z][a-z0-9-]{2,})\s*\(\s*(?:[a-z0-9-]+\.[a-z]{2,4}\s*[,;:]?\s*)?(?:(?:that's|thats|that\s+is|which\s+is|it's|its|aka|i\.e\.?,?|=)\s+)?(?:our|the|an?)\s+(?:[\w-]+\s+){0,3}?(?:app|application|system|tool|platform|service|software|erp|crm|tms|wms|provider|vendor|backend|database|portal)\b[^()]{0,60}\)`)

// definedElsewhere finds in low a product the request defines in brackets
// elsewhere (usedVendorRe), where a system stands: after "in", "to",
// "from" and the like.
func (p *plan) definedElsewhere(low string) (spec.System, int, bool) {
	for _, m := range usedVendorRe.FindAllStringSubmatch(p.request, -1) {
		w := strings.ToLower(m[1])
		if isObjectWord(w) || genericWds[w] || ownerWds[w] || notProductWords[w] || isStopName(w) || isSalesforceWord(w) {
			continue
		}
		for from := 0; ; {
			i := findWord(low, w, from)
			if i < 0 {
				break
			}
			from = i + len(w)
			if !systemBeforeRe.MatchString(low[:i]) || inCustomName(low, i) {
				continue
			}
			label := titleCase(w)
			if name := apiName(label, 40); name != "" && !spec.IsReservedWord(name) {
				return spec.System{Name: name, Label: label, URL: "https://api." + w + ".example.com", Auth: bearer}, i, true
			}
		}
	}
	return spec.System{}, -1, false
}

// undecidedSystem reports whether a system's kind is qualified as not
// chosen yet: "whichever accounting tool", "whatever CRM".
func undecidedSystem(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if w == "whichever" || w == "whatever" {
			return true
		}
	}
	return false
}

// theirRecordAPI reports whether an internalRe match is "their deal API"
// ("send the deal over to CDK with a POST to their deal API"): "their"
// points back at a system named before, and the record word says which of
// its APIs, so the match names no system of its own.
func theirRecordAPI(orig string, m []int) bool {
	words := strings.Fields(orig[m[0]:m[5]])
	if len(words) > 0 && strings.EqualFold(words[0], "to") || len(words) > 0 && strings.EqualFold(words[0], "in") {
		words = words[1:]
	}
	return len(words) == 2 && strings.EqualFold(words[0], "their") && strings.ToLower(words[1]) == words[1] && isObjectWord(words[1])
}

// salesforceName reports whether a capitalised name is Salesforce's own: a
// custom field or object (Invoice__c), a platform event (Parcel_Scanned__e)
// or a change event (OpportunityChangeEvent, Invoice__ChangeEvent), none of
// which is an external system.
func salesforceName(label string) bool {
	low := strings.ToLower(label)
	return strings.HasSuffix(low, "__c") || strings.HasSuffix(low, "__e") || strings.HasSuffix(label, "ChangeEvent") && !strings.Contains(label, " ")
}

// declaredSystemIn finds the earliest system already declared by this
// plan that low names again, outside custom field and object names.
func (p *plan) declaredSystemIn(low string) (spec.System, int, bool) {
	var best spec.System
	bpos := -1
	for _, sys := range p.systems {
		for _, w := range []string{strings.ToLower(sys.Label), strings.ToLower(sys.Name)} {
			if w == "" {
				continue
			}
			if i := findWord(low, w, 0); i >= 0 && !inCustomName(low, i) && (bpos < 0 || i < bpos) {
				best, bpos = sys, i
			}
		}
	}
	return best, bpos, bpos >= 0
}

// unknownProductRe is a lower-case word where only a system (or a person)
// fits: after "from", "out of", "to", "via", or as the one told ("tell X about it"),
// and before the end of its clause.
var unknownProductRe = regexp.MustCompile(`\b(?:from|out\s+of|to|into|via|through|using|tell|notify|inform)\s+(?:our\s+)?([a-z][a-z0-9]{3,})(?:\s+(?:about|and|so|when|whenever|too|as well)\b|\s*[.,;:!?()]|\s*$)`)

// notProductWords are common words that stand where a system would
// ("tell everyone about it", "pull it from there and ...").
// recordInProductRe is a record put in a place named in lower case: "a
// contact in aircall", "an issue in linear".
var recordInProductRe = regexp.MustCompile(`\b(?:a|an|the|new|each|every)\s+(?:[a-z]+\s+)?(?:contact|lead|record|row|ticket|issue|task|deal|customer|company|person|user|invoice|order|subscription|card|item|entry|note|incident|bug|project|opportunity|account|[a-z]{2,5}\s*\([a-z ]{3,40}\))s?\s+(?:record\s+)?(?:in|inside|within)\s+([a-z][a-z0-9]{3,})(?:\s*[.,;:!?()]|\s+(?:so|and|when|whenever|too|as\s+well|for|with)\b|\s*$)`)

// lookupInProductRe is a value looked up in a place named in lower case,
// in one or two words, at the end of its clause: "looks up the mailing
// address in smarty streets and then ...", "validate the email with
// neverbounce".
var lookupInProductRe = regexp.MustCompile(`\b(?:a|an|the|their|its|his|her)\s+(?:[a-z]+\s+)?(?:address|addresses|email|emails|phone|number|score|rating|domain|zip|postcode|credit|value|rate|rates|balance|quantity|stock|tax)\s+(?:in|with|against|on)\s+([a-z][a-z0-9]{3,}(?:\s+[a-z][a-z0-9]{3,})?)(?:\s*[.,;:!?()]|\s+(?:so|and|when|whenever|too|as\s+well|for|then|because)\b|\s*$)`)

var notProductWords = map[string]bool{
	// words that qualify a system the request does not name: "notify the
	// relevant system", "the appropriate tool"
	"relevant": true, "appropriate": true, "right": true, "correct": true, "proper": true, "respective": true,
	"corresponding": true, "external": true, "other": true, "downstream": true, "upstream": true, "matching": true,
	"related": true, "necessary": true, "required": true, "applicable": true, "designated": true, "chosen": true,
	"everyone": true, "everybody": true, "someone": true, "somebody": true, "anyone": true,
	// what follows "in" and is no place: "a message in realtime"
	"realtime": true, "real": true, "bulk": true, "batches": true, "parallel": true, "sequence": true, "advance": true, "full": true,
	"total": true, "general": true, "particular": true, "question": true, "progress": true, "review": true, "draft": true,
	"them": true, "there": true, "here": true, "home": true, "scratch": true, "production": true, "sandbox": true, "staging": true,
	"prod": true, "marketing": true, "sales": true, "finance": true, "support": true, "legal": true, "ops": true, "management": true,
	"leadership": true, "accounting": true, "billing": true, "engineering": true, "today": true, "tomorrow": true, "yesterday": true,
	"now": true, "later": true, "zero": true, "null": true, "blank": true, "none": true, "true": true, "false": true, "done": true,
	"back": true, "again": true, "once": true, "itself": true, "himself": true, "herself": true, "themselves": true, "owner": true,
	"manager": true, "team": true, "rep": true, "reps": true, "admin": true, "admins": true, "customer": true, "customers": true,
	"user": true, "users": true, "vendor": true, "vendors": true, "partner": true, "partners": true, "date": true, "time": true}

// guessSystem notes that system was read from a lower-case word no
// vocabulary knows; a call to it says so (guessedSystemAssumption).
func (p *plan) guessSystem(system, word string) {
	if p.guessed == nil {
		p.guessed = map[string]string{}
	}
	p.guessed[system] = word
}

// productWord reports whether a lower-case word may be a product's name:
// neither a word of the planner's vocabulary, nor an English word it
// knows, nor a common word that stands where a system would.
func productWord(w string) bool {
	vocabOnce.Do(buildVocabulary)
	return !vocabSet[w] && !realWords[w] && !notProductWords[w] && !isStopName(w)
}

// allStopNames reports whether every word is a stop name.
func allStopNames(ws []string) bool {
	for _, w := range ws {
		if !isStopName(w) {
			return false
		}
	}
	return true
}

// systemByName returns a declared system.
func (p *plan) systemByName(name string) spec.System {
	for _, s := range p.systems {
		if s.Name == name {
			return s
		}
	}
	return spec.System{}
}

// lowerProductSlotRe is one or two lower-case words where a system stands:
// after "from", "out of", "to", "via" and the like.
var lowerProductSlotRe = regexp.MustCompile(`\b(?:from|out\s+of|to|into|via|through|thru|using|with|in|on)\s+(?:our\s+|the\s+)?([a-z][a-z0-9]+)(?:\s+([a-z][a-z0-9]+))?`)

// capitalisedElsewhere finds, in a lower-case chunk, a product the whole
// request writes with capitals mid-sentence ("we use Rose Rocket as our
// TMS"): "from rose rocket" is that product, though both words are English.
func (p *plan) capitalisedElsewhere(low string) (spec.System, int, bool) {
	for _, m := range lowerProductSlotRe.FindAllStringSubmatchIndex(low, -1) {
		cands := []string{low[m[2]:m[3]]}
		if m[4] >= 0 {
			cands = []string{low[m[2]:m[5]], low[m[2]:m[3]]}
		}
		for _, w := range cands {
			ws := strings.Fields(w)
			if isStopName(ws[0]) || isStopName(ws[len(ws)-1]) || notProductWords[ws[0]] || genericWds[ws[0]] || ownerWds[ws[0]] || inCustomName(low, m[2]) || isSalesforceWord(ws[0]) {
				continue
			}
			if _, isValue := picklistValues[w]; isValue {
				// "moves to Negotiation ... still in negotiation": a value
				continue
			}
			label := titleCase(w)
			if !capitalisedMidSentence(p.request, label) {
				continue
			}
			name := apiName(label, 40)
			if name == "" || spec.IsReservedWord(name) || salesforceName(label) {
				continue
			}
			return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true
		}
	}
	return spec.System{}, -1, false
}

// productLeadRe ends in words that put a product after them: "we use",
// "we're on", "out of", "via" ("to" is left out: "set Segment__c to
// Enterprise" names a value).
var productLeadRe = regexp.MustCompile(`\b(?:use|uses|using|used|on|in|into|from|out\s+of|via|through|thru|with|switched\s+to|moved\s+to|called|named)\s+(?:the\s+|our\s+)?$`)

// capitalisedMidSentence reports whether text holds label, as a whole
// word, capitalised where a product stands (after "we use", "from",
// "via") and not where a sentence starts.
func capitalisedMidSentence(text, label string) bool {
	from := 0
	for {
		i := strings.Index(text[from:], label)
		if i < 0 {
			return false
		}
		i += from
		from = i + 1
		end := i + len(label)
		if end < len(text) && isWordByte(text[end]) || i > 0 && isWordByte(text[i-1]) {
			continue
		}
		before := strings.TrimRight(text[:i], " \t\"'(")
		if before == "" || strings.ContainsRune(".!?:\n-*", rune(before[len(before)-1])) {
			continue
		}
		if productLeadRe.MatchString(lowerASCII(text[:i])) {
			return true
		}
	}
}

// splitNames are the one-word names of known systems of six letters or
// more ("pipedrive", "mailchimp"), and the two-word names by their first
// word ("sage" for "sage intacct"), for joinSplitNames.
var splitNames, twoWordNames = func() (map[string]string, map[string][]string) {
	one, two := map[string]string{}, map[string][]string{}
	for _, ks := range knownSystems {
		for _, w := range ks.words {
			switch f := strings.Fields(w); {
			case len(f) == 1 && len(w) >= 6 && isLetters(w):
				one[w] = w
			case len(f) == 2 && len(f[1]) >= 5 && isLetters(f[0]) && isLetters(f[1]):
				two[f[0]] = append(two[f[0]], f[1])
			}
		}
	}
	return one, two
}()

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// splitNameRe is two words in a row, in lower case.
var splitNameRe = regexp.MustCompile(`\b([a-z]{2,})\s+([a-z]{2,})\b`)

// joinSplitNames writes a system's name whole where a request says it in
// two words, as dictation hears it: "create a deal in pipe drive" is
// Pipedrive, "push it to sage intact" is Sage Intacct (a second word one
// slip from the name's second word, after its first word as written).
func joinSplitNames(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		m := splitNameRe.FindStringSubmatchIndex(text[i:])
		if m == nil {
			break
		}
		a, c := text[i+m[2]:i+m[3]], text[i+m[4]:i+m[5]]
		name := splitNames[a+c]
		if name == "" {
			for _, second := range twoWordNames[a] {
				if c != second && len(c) >= 5 && spec.EditDistance(c, second) == 1 {
					name = a + " " + second
				}
			}
		}
		if name == "" {
			// the second word may start the next pair: "in pipe drive"
			i += m[4]
			continue
		}
		b.WriteString(text[last : i+m[0]])
		b.WriteString(name)
		last, i = i+m[1], i+m[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
