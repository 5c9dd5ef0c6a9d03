package builder

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Patterns used by directObject.
var (
	prepositionRe = regexp.MustCompile(`\b(in|into|to|on|onto|for|from|with|via|through|using|at|by|so|that|which|and)\b`)
	nounThenIDRe  = regexp.MustCompile(`^[a-z_-]+\s+(id|ids|number|numbers|no|#)\b`)
)

// directObject returns the Salesforce object the verb acts on, if the
// words right after the verb name one (a custom object token counts).
func (f *flowCtx) directObject(rest, lrest string) (string, int) {
	if m := eventObjectRe.FindStringSubmatchIndex(rest); m != nil {
		// "creates an Event": the calendar object, written as its API name
		return "Event", m[2]
	}
	limit := len(lrest)
	if m := prepositionRe.FindStringIndex(lrest); m != nil {
		limit = m[0]
	}
	head := lrest[:limit]
	obj, pos, _ := objectAt(head, 0)
	for _, m := range customTokens(rest) {
		if (pos < 0 || m[0] < pos) && isCustomObjectToken(rest, m[0], m[1]) {
			return rest[m[0]:m[1]], m[0]
		}
	}
	if obj == "" {
		return "", -1
	}
	// "the invoice id on the opportunity": the object word names a field
	after := head[pos:]
	if nounThenIDRe.MatchString(after) {
		return "", -1
	}
	return obj, pos
}

// Patterns used by targetObject.
var (
	onTheRecordRe = regexp.MustCompile(`\b(?:on|in|to|onto|into|against|back to|for)\s+(?:the\s+|that\s+|this\s+|its\s+|each\s+|every\s+|a\s+|an\s+|related\s+|matching\s+|corresponding\s+|same\s+|parent\s+|original\s+|triggering\s+|salesforce\s+)*([a-z_-]+(?:\s+[a-z_-]+)?)`)
)

// targetObject returns the object after "on/in/to the ..." in lrest.
func targetObject(lrest string) string {
	for _, m := range onTheRecordRe.FindAllStringSubmatchIndex(lrest, -1) {
		if o, pos, end := objectAt(lrest[m[2]:m[3]], 0); o != "" && pos == 0 {
			// "on the opportunity's primary Contact": the record it names
			if pm := possessiveObjectRe.FindStringSubmatch(lrest[m[2]+end:]); pm != nil {
				if o2, pos2, _ := objectAt(pm[1], 0); o2 != "" && pos2 == 0 {
					return o2
				}
			}
			return o
		}
	}
	return ""
}

// possessiveObjectRe is a record named through another: "'s primary contact".
var possessiveObjectRe = regexp.MustCompile(`^'s\s+(?:(?:primary|main|related|parent|billing|shipping|associated|linked|original)\s+)?([a-z_-]+)`)

// Patterns used by isDestination.
var (
	destPrepBeforeRe = regexp.MustCompile(`\b(in|into|to|on|at|via|through|thru|using|with|within|inside|from|over|in our|to our|into our|from our|on our|at our|via our|using our|with our|the|an?|our)$`)
	articleEndRe     = regexp.MustCompile(`\b(the|an?)$`)
	prepArticleEndRe = regexp.MustCompile(`\b(in|into|to|on|via|through|from|with|using)\s+(the|our|their)$`)
	apiAfterRe       = regexp.MustCompile(`^[a-z0-9 ]{0,30}\b(api|apis|endpoint)\b`)
)

// isDestination reports whether the system mention at pos is where the
// action goes ("in NetSuite", "to HubSpot", "through Twilio").
func isDestination(lrest string, pos int) bool {
	before := strings.TrimRight(lrest[:pos], " ")
	return destPrepBeforeRe.MatchString(before) &&
		!articleEndRe.MatchString(before) ||
		prepArticleEndRe.MatchString(before) ||
		apiAfterRe.MatchString(lrest[pos:]) && !articleEndRe.MatchString(before)
}

var nounSkip = map[string]bool{"the": true, "a": true, "an": true, "it": true, "them": true, "its": true, "their": true,
	"this": true, "that": true, "these": true, "those": true, "new": true, "matching": true, "related": true,
	"corresponding": true, "same": true, "our": true, "all": true, "any": true, "each": true, "every": true, "up": true,
	"off": true, "out": true, "back": true, "latest": true, "relevant": true, "appropriate": true, "returned": true,
	"newly": true, "created": true, "recent": true, "recently": true, "some": true, "his": true, "her": true, "my": true,
	"internal": true, "own": true, "yesterday's": true, "today's": true, "last": true, "him": true, "them,": true,
	"quick": true, "short": true, "simple": true, "brief": true, "full": true, "modified": true, "updated": true,
	"paid": true, "settled": true, "open": true, "customer": true, "customer's": true, "owner": true,
	"over": true, "against": true, "too": true, "also": true, "again": true, "asap": true, "immediately": true, "automatically": true, "well": true}

var nounStop = regexp.MustCompile(`^(in|into|to|on|onto|for|from|with|via|through|using|at|by|so|that|which|and|then|about|when|if|as|of|during|since|after|before|every|each|per|whenever|saying|including|containing|telling|asking|matching|keyed|where|whose|or|,)$`)

// Patterns used by noun.
var (
	httpWordRe = regexp.MustCompile(`^(get|post|put|patch|delete|request|api|apis)$`)
)

// noun returns the head noun phrase after the verb, skipping articles,
// adjectives and system names.
func (f *flowCtx) noun(lrest string, sysWords []string) string {
	var out []string
	prevTo := false
	fields := strings.Fields(lrest)
	for i, w := range fields {
		afterTo := prevTo
		prevTo = strings.Trim(w, ",.") == "to"
		if len(out) > 0 && (strings.HasSuffix(out[len(out)-1], ",") || strings.HasSuffix(w, "ing")) {
			break
		}
		if strings.HasSuffix(w, ",") && !nounSkip[strings.Trim(w, ",")] {
			w = strings.Trim(w, ".;:!?()\"")
			if len(out) > 0 || !nounStop.MatchString(strings.Trim(w, ",")) {
				out = append(out, w)
				continue
			}
		}
		w = strings.Trim(w, ".,;:!?()\"")
		if w == "" {
			continue
		}
		if nounStop.MatchString(w) {
			if len(out) > 0 {
				break
			}
			if w == "," {
				break
			}
			continue
		}
		if v, _ := verbOf(w); v != "" && len(out) == 0 && v == w && afterTo {
			continue
		}
		w = strings.TrimSuffix(w, "'s")
		if w == "customer" && len(out) == 0 && (i+1 == len(fields) || nounStop.MatchString(strings.Trim(fields[i+1], ".;:!?()\"")) || strings.HasSuffix(fields[i], ",")) {
			// "create the customer in QuickBooks": the customer is what is
			// made there, where "the customer email" names whose email
			out = append(out, w)
			break
		}
		if nounSkip[w] || strings.HasPrefix(w, "q_") || strings.HasPrefix(w, "#") || strings.HasPrefix(w, "/") || strings.HasSuffix(w, "'s") && len(out) == 0 {
			continue
		}
		skip := false
		for _, s := range sysWords {
			if strings.Contains(s, w) {
				skip = true
			}
		}
		if skip || methodRe.MatchString(strings.ToUpper(w)) && strings.ToUpper(w) == w || httpWordRe.MatchString(w) {
			if len(out) > 0 {
				break
			}
			continue
		}
		out = append(out, w)
		if len(out) == 2 {
			break
		}
	}
	return strings.Trim(strings.Join(out, " "), ", ")
}

// Patterns used by uniqueID.
var (
	lowerCamelRe = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
)

// uniqueID returns an unused step id built from words.
func (f *flowCtx) uniqueID(words ...string) string {
	id := lowerCamel(strings.Join(words, " "))
	if len(id) > 36 {
		id = id[:36]
	}
	if id == "" || !lowerCamelRe.MatchString(id) {
		id = "step"
	}
	if spec.IsReservedWord(id) || spec.IsScopeRoot(id) || spec.Funcs[id].Name != "" {
		id += "Step"
	}
	base, i := id, 2
	for f.ids[strings.ToLower(id)] {
		id = fmt.Sprintf("%s%d", base, i)
		i++
	}
	f.ids[strings.ToLower(id)] = true
	return id
}

// recordRef is an expression for "the record" from the trigger's point of
// view, and a Salesforce Id of object obj when the trigger can give one.
func (f *flowCtx) recordRef(obj string) string {
	switch f.root {
	case "record":
		if obj == "" || obj == f.object {
			return "{!record.Id}"
		}
		if rel := relationField(f.object, obj); rel != "" {
			return "{!record." + rel + "}"
		}
		return ""
	case "request":
		return "{!request.body." + lowerCamel(strings.TrimSuffix(obj, "__c")) + "Id}"
	case "input":
		name := strings.TrimSuffix(obj, "__c") + "Id"
		f.addInput(name, "Id")
		return "{!input." + name + "}"
	case "event":
		return "{!event." + customFieldName(strings.TrimSuffix(obj, "__c"), "Id") + "}"
	}
	return ""
}

// relationField is the lookup from one standard object to another.
func relationField(from, to string) string {
	rel := map[string]map[string]string{
		"Opportunity":         {"Account": "AccountId", "Contact": "ContactId", "Contract": "ContractId", "Campaign": "CampaignId", "User": "OwnerId", "Quote": "SyncedQuoteId"},
		"Case":                {"Account": "AccountId", "Contact": "ContactId", "User": "OwnerId", "Asset": "AssetId"},
		"Contact":             {"Account": "AccountId", "User": "OwnerId"},
		"Order":               {"Account": "AccountId", "Contract": "ContractId", "Opportunity": "OpportunityId", "Quote": "QuoteId", "User": "OwnerId"},
		"Quote":               {"Opportunity": "OpportunityId", "Account": "AccountId", "Contact": "ContactId"},
		"Contract":            {"Account": "AccountId", "User": "OwnerId"},
		"Asset":               {"Account": "AccountId", "Contact": "ContactId", "Product2": "Product2Id"},
		"OpportunityLineItem": {"Opportunity": "OpportunityId", "Product2": "Product2Id"},
		"OrderItem":           {"Order": "OrderId", "Product2": "Product2Id"},
		"Lead":                {"User": "OwnerId", "Account": "ConvertedAccountId", "Contact": "ConvertedContactId", "Opportunity": "ConvertedOpportunityId"},
		"Account":             {"User": "OwnerId", "Account": "ParentId"},
		"Task":                {"User": "OwnerId"},
		"WorkOrder":           {"Account": "AccountId", "Case": "CaseId", "Contact": "ContactId"},
	}
	return rel[from][to]
}

// valueFrom is the expression for a named value: from the last call's
// response when there is one, else from the trigger.
func (f *flowCtx) valueFrom(key string) string {
	if key == "" {
		key = "id"
	}
	if f.lastCall >= 0 {
		return "{!" + f.steps[f.lastCall].ID + "." + key + "}"
	}
	return f.defaultRef()
}

// defaultRef is a text value that identifies what triggered the flow.
func (f *flowCtx) defaultRef() string {
	switch f.root {
	case "record":
		return "{!record.Id}"
	case "event":
		return "{!event.ReplayId}"
	case "request":
		return "{!request.body.id}"
	case "input":
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		return "{!input." + f.trig.Inputs[0].Name + "}"
	}
	return "{!toText(now())}"
}
