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
				if capsOnly[w] && !(orig[i] >= 'A' && orig[i] <= 'Z') {
					continue
				}
				if i > 0 && (low[i-1] == '#' || low[i-1] == '/' || low[i-1] == '@' || low[i-1] == '.') {
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

var (
	internalRe = regexp.MustCompile(`(?i)(?:\b(?:our|the|their|an?|my|company's|a custom)\s+|\b(?:to|in|into|via|from|on|with|through)\s+)((?:(?:own|internal|in-house|inhouse|company|legacy|custom|home-?grown|private|corporate|backend|back-office|proprietary|existing|new)\s+)*)((?:[A-Za-z0-9&][\w&.-]*\s+){0,3}?)(api|apis|system|service|services|server|platform|backend|app|application|microservice|erp|crm|data ?lake|data ?warehouse|portal|tool|database|hub|engine|gateway)\b`)
	capNameRe  = regexp.MustCompile(`\b(?:to|in|into|on|via|through|with|from|using|at|use|uses)\s+(?:the\s+|our\s+)?([A-Z][A-Za-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+){0,2})`)
	// tellRe is a system told about something: "we want Gainsight to know", "keep Zuora in sync".
	tellRe     = regexp.MustCompile(`\b(?:want|wants|need|needs|have|let|lets|get|tell|make|keep|keeps)\s+([A-Z][A-Za-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+)?)\s+(?:to\s+)?(?:know|hear|see|get|receive|be told|be notified|notified|updated|informed|in the loop|in sync|up to date)\b`)
	possessRe  = regexp.MustCompile(`\b([A-Z][A-Za-z0-9]+)'s\s+(?:[A-Za-z]+\s+){0,3}(?i:api|system|endpoint|service)`)
	genericWds = map[string]bool{"rest": true, "http": true, "web": true, "the": true, "a": true, "an": true, "external": true, "other": true, "third-party": true, "3rd": true, "party": true, "partner": true, "some": true, "that": true, "this": true}
)

// domainNameRe is a product written as its domain: "Customer.io", "Bill.com".
var domainNameRe = regexp.MustCompile(`\b([A-Z][A-Za-z0-9-]*\.(?:io|com|ai|co|app|dev|so|xyz))\b`)

// ownerWds say whose a system is, not what it is called.
var ownerWds = map[string]bool{"our": true, "my": true, "their": true, "your": true, "internal": true, "in-house": true,
	"inhouse": true, "own": true, "company": true, "legacy": true, "homegrown": true, "home-grown": true, "private": true,
	"corporate": true, "proprietary": true, "existing": true}

// kindThenAPIRe is an API word after a system kind: "Portal API".
var kindThenAPIRe = regexp.MustCompile(`(?i)^\s+(?:api|apis|service|endpoint)\b`)

// Patterns used by findSystem.
var (
	findSystemRe1 = regexp.MustCompile(`(__c|\b(field|status|stage|value|flag))$`)
	findSystemRe2 = regexp.MustCompile(`(?i)\b(set|setting|mark|marking|change|changing)\b`)
)

// findSystem finds the external system a chunk names: a known one, "our
// internal X API", or an unknown capitalised name after a preposition.
func (p *plan) findSystem(orig, low string) (spec.System, int, bool) {
	if ks, pos, ok := p.findKnownSystem(orig, low); ok {
		return spec.System{Name: ks.name, Label: ks.label, URL: ks.url, Auth: ks.auth}, pos, true
	}
	if m := internalRe.FindStringSubmatchIndex(orig); m != nil {
		words := strings.Fields(orig[m[4]:m[5]])
		var keep []string
		for _, w := range words {
			lw := strings.ToLower(w)
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
	for _, re := range []*regexp.Regexp{possessRe, capNameRe, tellRe} {
		for _, m := range re.FindAllStringSubmatchIndex(orig, -1) {
			label := orig[m[2]:m[3]]
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
			if len(ws) == 1 && len(label) <= 3 && strings.ToUpper(label) == label && strings.Trim(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
				// "the CA privacy list", "the HR team": an abbreviation, not a system
				continue
			}
			if before := strings.TrimSpace(orig[:m[0]]); findSystemRe1.MatchString(before) || findSystemRe2.MatchString(before) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(orig[m[0]:m[2]])), "to") {
				continue
			}
			name := apiName(label, 40)
			if name == "" || spec.IsReservedWord(name) || strings.HasSuffix(strings.ToLower(label), "__c") {
				continue
			}
			return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true
		}
	}
	return spec.System{}, -1, false
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

var explicitMethodRe = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b|(?i)\b(get|post|put|patch|delete)\s+request\b`)

// Patterns used by callStep.
var (
	callStepRe1 = regexp.MustCompile(`\bto (get|fetch|look up|retrieve|check|read|pull|find|search)\b`)
	callStepRe2 = regexp.MustCompile(`\bto (update|change|modify|set)\b`)
	callStepRe3 = regexp.MustCompile(`\bto (delete|remove)\b`)
)

// callStep adds an HTTP call to sys.
func (f *flowCtx) callStep(sys spec.System, verb string, kind verbKind, chunk, rest, lrest, forEachNoun string) {
	name := f.p.addSystem(sys)
	ks, _, _ := f.p.findKnownSystem(sys.Label, lowerASCII(sys.Label))
	method := ""
	if m := explicitMethodRe.FindStringSubmatch(chunk); m != nil {
		method = strings.ToUpper(m[1] + m[2])
	}
	if method == "" {
		switch kind {
		case kindGet:
			method = "GET"
		case kindDelete:
			method = "DELETE"
		case kindUpdate, kindSave:
			method = "PATCH"
		case kindUpsert:
			method = "POST"
		case kindCall:
			switch {
			case callStepRe1.MatchString(lrest):
				method = "GET"
			case callStepRe2.MatchString(lrest):
				method = "PATCH"
			case callStepRe3.MatchString(lrest):
				method = "DELETE"
			default:
				method = "POST"
			}
		default:
			method = "POST"
		}
	}
	var sysWords []string
	sysWords = append(sysWords, strings.ToLower(sys.Label), strings.ToLower(sys.Name))
	sysWords = append(sysWords, ks.words...)
	noun := f.noun(lrest, sysWords)
	if noun == "" || noun == "api" {
		noun = strings.ToLower(labelFromName(strings.TrimSuffix(f.object, "__c")))
	}
	st := spec.Step{Type: spec.StepCall, System: name, Method: method}
	st.ID = f.uniqueID(verb, noun)
	if method == "GET" {
		if o, _, _ := objectAt(noun, 0); o != "" {
			f.focus = o
		}
		ws := strings.Fields(noun)
		f.lastPlural = len(ws) > 0 && strings.HasSuffix(ws[len(ws)-1], "s") && !strings.HasSuffix(ws[len(ws)-1], "ss") || strings.Contains(lrest, "list of") || noun == "data"
	}
	if m := pathRe.FindStringSubmatch(rest); m != nil {
		st.Path = cleanCallPath(m[1])
	}
	if st.Path == "" {
		st.Path = defaultPath(name, noun, method)
		if method != "GET" && method != "POST" && f.root == "record" && f.object != "" {
			field := customFieldName(sys.Name, "Id")
			st.Path += "/{!record." + field + "}"
			f.p.addField(f.object, spec.Field{Name: field, Type: spec.FieldText, Length: 64, ExternalID: true, Unique: false})
		}
	}
	if ph := placeholderRe.FindAllString(st.Path, -1); len(ph) > 0 {
		f.p.assume("the %s path %s holds a placeholder (%s) to confirm: replace it with your real value before deploying", sys.Label, st.Path, strings.Join(ph, ", "))
	}
	if syncVerbs[verb] {
		f.p.assume("assumed %q sends the Salesforce record to %s (one direction, Salesforce to %s); say so if data should also come back", verb, sys.Label, sys.Label)
	}
	if method == "GET" {
		st.Query = f.query(name, noun)
	} else if method != "DELETE" {
		st.Body = map[string]any{"format": bodyFormat(name), "fields": f.bodyFields(name, noun, rest, lrest)}
	}
	if forEachNoun != "" {
		if fe := f.forEachExpr(forEachNoun); fe != "" {
			st.ForEach = fe
		}
	}
	f.steps = append(f.steps, st)
	f.lastSys = name
	if st.ForEach == "" {
		f.lastCall = len(f.steps) - 1
	}
}

// placeholderRe is a stand-in id in a default path: ACCOUNT_SID, LIST_ID.
var placeholderRe = regexp.MustCompile(`\b[A-Z][A-Z0-9]*_(?:ID|SID)\b`)

// syncVerbs leave the direction of a transfer open.
var syncVerbs = map[string]bool{"sync": true, "mirror": true, "replicate": true}

// Patterns used by cleanCallPath.
var (
	cleanCallPathRe1 = regexp.MustCompile(`\{[^}]*\}`)
)

func cleanCallPath(p string) string {
	p = strings.TrimRight(p, ".,;:)")
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = cleanCallPathRe1.ReplaceAllString(p, "ID")
	p = strings.ReplaceAll(p, "//", "/")
	if p == "" || p == "/" {
		return ""
	}
	return p
}

func bodyFormat(system string) string {
	switch system {
	case "Stripe", "Twilio":
		return spec.BodyForm
	}
	return spec.BodyJSON
}

var pathUnsafeRe = regexp.MustCompile(`[^a-z0-9-]+`)

// defaultPath is a plausible resource path for a call.
func defaultPath(system, noun, method string) string {
	res := strings.ReplaceAll(plural(strings.ReplaceAll(strings.TrimSpace(noun), " ", "_")), "_", "-")
	res = strings.Trim(pathUnsafeRe.ReplaceAllString(strings.ToLower(res), ""), "-")
	if res == "" {
		res = "records"
	}
	switch system {
	case "Slack":
		return "/api/chat.postMessage"
	case "Twilio":
		return "/2010-04-01/Accounts/ACCOUNT_SID/Messages.json"
	case "Stripe":
		return "/v1/" + res
	case "HubSpot":
		return "/crm/v3/objects/" + res
	case "Zendesk":
		return "/api/v2/tickets"
	case "Freshdesk":
		return "/api/v2/tickets"
	case "Jira":
		return "/rest/api/3/issue"
	case "NetSuite":
		return "/services/rest/record/v1/" + strings.ReplaceAll(res, "-", "")
	case "Xero":
		return "/api.xro/2.0/" + camel(res)
	case "QuickBooks":
		return "/v3/company/COMPANY_ID/" + strings.ReplaceAll(singular(res), "-", "")
	case "Dynamics365":
		return "/api/data/v9.2/" + strings.ReplaceAll(res, "-", "")
	case "ServiceNow":
		return "/api/now/table/incident"
	case "DocuSign":
		return "/restapi/v2.1/accounts/ACCOUNT_ID/envelopes"
	case "Mailchimp":
		return "/3.0/lists/LIST_ID/members"
	case "Marketo":
		return "/rest/v1/leads.json"
	case "Shopify":
		return "/admin/api/2024-10/" + res + ".json"
	case "Clearbit":
		return "/v2/companies/find"
	case "ZoomInfo":
		return "/enrich/company"
	case "SendGrid":
		return "/v3/mail/send"
	case "Teams":
		return "/v1.0/teams/TEAM_ID/channels/CHANNEL_ID/messages"
	case "Intercom":
		return "/" + res
	case "Adyen":
		return "/v1/" + res
	}
	return "/" + res
}

// query is a GET call's query string.
func (f *flowCtx) query(system, noun string) map[string]any {
	switch f.root {
	case "lastRun":
		return map[string]any{"updatedSince": "{!formatDate(lastRun, 'yyyy-MM-dd')}"}
	case "record":
		switch {
		case system == "Clearbit" && (f.object == "Account" || f.object == "Lead"):
			if f.object == "Account" {
				return map[string]any{"domain": "{!record.Website}"}
			}
			return map[string]any{"domain": "{!record.Website}", "email": "{!record.Email}"}
		case f.object == "Lead" || f.object == "Contact":
			return map[string]any{"email": "{!record.Email}"}
		case f.object == "Account":
			return map[string]any{"name": "{!record.Name}"}
		}
		return map[string]any{"salesforceId": "{!record.Id}"}
	case "event":
		return map[string]any{"replayId": "{!event.ReplayId}"}
	case "request":
		return map[string]any{"id": "{!request.body.id}"}
	case "input":
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		q := map[string]any{}
		for _, in := range f.trig.Inputs {
			q[lowerCamel(in.Name)] = "{!input." + in.Name + "}"
		}
		return q
	}
	return nil
}

// objectBody maps a standard object's usual fields for an outbound call.
var objectBody = map[string]map[string]string{
	"Opportunity": {"name": "Name", "amount": "Amount", "stage": "StageName", "closeDate": "CloseDate"},
	"Account":     {"name": "Name", "phone": "Phone", "website": "Website", "industry": "Industry"},
	"Contact":     {"firstName": "FirstName", "lastName": "LastName", "email": "Email", "phone": "Phone"},
	"Lead":        {"firstName": "FirstName", "lastName": "LastName", "email": "Email", "company": "Company"},
	"Case":        {"subject": "Subject", "description": "Description", "priority": "Priority", "caseNumber": "CaseNumber"},
	"Order":       {"orderNumber": "OrderNumber", "status": "Status", "totalAmount": "TotalAmount", "effectiveDate": "EffectiveDate"},
	"Quote":       {"name": "Name", "grandTotal": "GrandTotal", "expirationDate": "ExpirationDate"},
	"Contract":    {"contractNumber": "ContractNumber", "status": "Status", "startDate": "StartDate"},
	"Product2":    {"name": "Name", "productCode": "ProductCode"},
	"Campaign":    {"name": "Name", "status": "Status"},
	"Task":        {"subject": "Subject", "status": "Status"},
	"User":        {"username": "Username", "email": "Email"},
	"Asset":       {"name": "Name", "serialNumber": "SerialNumber"},
}

var channelRe = regexp.MustCompile(`#[A-Za-z0-9_-]+`)

// bodyFields builds a call's request body from what the trigger offers.
func (f *flowCtx) bodyFields(system, noun, rest, lrest string) map[string]any {
	fields := map[string]any{}
	switch system {
	case "Slack":
		ch := channelRe.FindString(rest)
		if ch == "" {
			ch = "#general"
			f.p.assume("assumed the Slack message goes to #general")
		}
		fields["channel"] = ch
		fields["text"] = f.messageText(noun)
		return fields
	case "Twilio":
		fields["To"] = f.phoneRef()
		fields["From"] = "+15555550100"
		fields["Body"] = f.messageText(noun)
		f.p.assume("assumed the SMS is sent from +15555550100; change it to your Twilio number")
		return fields
	case "Teams":
		fields["body"] = map[string]any{"content": f.messageText(noun)}
		return fields
	}
	switch f.root {
	case "record":
		for k, v := range objectBody[f.object] {
			if system == "Stripe" && k == "amount" {
				fields[k] = "{!cents(record." + v + ")}"
				fields["currency"] = "usd"
				f.p.assume("assumed the amount is charged in US dollars (currency usd); change the currency if it is not")
				continue
			}
			fields[k] = "{!record." + v + "}"
		}
		fields["salesforceId"] = "{!record.Id}"
	case "event":
		ev := f.trig.Event
		for _, c := range f.trig.When {
			if c.Field != "" && !strings.Contains(c.Field, ".") {
				fields[lowerCamel(strings.TrimSuffix(c.Field, "__c"))] = "{!event." + c.Field + "}"
			}
		}
		for _, m := range customTokenRe.FindAllString(f.seg, -1) {
			fields[lowerCamel(strings.TrimSuffix(m, "__c"))] = "{!event." + m + "}"
		}
		if len(fields) == 0 {
			fields["event"] = strings.TrimSuffix(ev, "__e")
			fields["replayId"] = "{!event.ReplayId}"
		}
	case "request":
		fields["data"] = "{!request.body}"
	case "input":
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		for _, in := range f.trig.Inputs {
			fields[lowerCamel(in.Name)] = "{!input." + in.Name + "}"
		}
	case "lastRun":
		fields["since"] = "{!lastRun}"
	}
	if f.lastCall >= 0 && f.root != "record" {
		fields["reference"] = "{!" + f.steps[f.lastCall].ID + ".id}"
	}
	if len(fields) == 0 {
		fields["source"] = "salesforce"
	}
	return fields
}

// messageText is a notification's text.
func (f *flowCtx) messageText(noun string) string {
	switch f.root {
	case "record":
		label := objectLabel(f.object)
		switch f.object {
		case "Case":
			return "Case {!record.CaseNumber}: {!record.Subject}"
		case "Opportunity":
			return "Opportunity {!record.Name} ({!record.StageName}, {!record.Amount})"
		case "Task":
			return "Task: {!record.Subject}"
		case "Contact", "Lead", "Account", "Quote", "Product2", "Campaign", "Asset":
			return strings.ToUpper(label[:1]) + label[1:] + " {!record.Name} needs attention"
		}
		return strings.ToUpper(label[:1]) + label[1:] + " {!record.Id} needs attention"
	case "event":
		fs := []string{}
		for _, m := range customTokenRe.FindAllString(f.seg, -1) {
			fs = append(fs, "{!event."+m+"}")
		}
		if len(fs) > 0 {
			return labelFromName(strings.ReplaceAll(strings.TrimSuffix(f.trig.Event, "__e"), "_", "")) + ": " + strings.Join(fs, ", ")
		}
		return labelFromName(strings.ReplaceAll(strings.TrimSuffix(f.trig.Event, "__e"), "_", "")) + " received"
	case "request":
		return "Update received: {!request.body.id}"
	case "input":
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		return "Request for {!input." + f.trig.Inputs[0].Name + "}"
	}
	return "Scheduled update"
}

// phoneRef is where an SMS goes.
func (f *flowCtx) phoneRef() string {
	switch f.root {
	case "record":
		switch f.object {
		case "Contact", "Lead":
			return "{!record.MobilePhone}"
		case "Account":
			return "{!record.Phone}"
		case "Case":
			return "{!record.ContactMobile}"
		case "Opportunity":
			return "{!record.Account.Phone}"
		}
		return "{!record.Owner.Phone}"
	case "event":
		for _, m := range customTokenRe.FindAllString(f.seg, -1) {
			if strings.Contains(strings.ToLower(m), "phone") || strings.Contains(strings.ToLower(m), "mobile") {
				return "{!event." + m + "}"
			}
		}
		f.p.defineEventFieldAssumption(f.trig.Event, "Phone__c")
		return "{!event.Phone__c}"
	case "request":
		return "{!request.body.phone}"
	case "input":
		f.addInput("Phone", "Phone")
		return "{!input.Phone}"
	}
	return "+15555550100"
}

func (p *plan) defineEventFieldAssumption(event, field string) {
	p.assume("assumed %s carries the phone number in %s", event, field)
}

// forEachExpr is the list a step iterates over, from the noun it names.
func (f *flowCtx) forEachExpr(noun string) string {
	key := lowerCamel(plural(singular(noun)))
	if key == "" || key == "them" || key == "thems" || key == "alls" || key == "records" {
		key = "items"
	}
	if f.lastCall >= 0 {
		return "{!" + f.steps[f.lastCall].ID + "." + key + "}"
	}
	if f.root == "request" {
		return "{!request.body." + key + "}"
	}
	return ""
}

// Patterns used by listNoun.
var (
	listNounRe1 = regexp.MustCompile(`\b(?:for|with) (?:each|every) ([a-z_]+)`)
	listNounRe2 = regexp.MustCompile(`\b(them|those|these|all|each|every|the results|the list|the records|every one)\b`)
)

// listNoun is the plural noun of the last GET, for "upsert them".
func (f *flowCtx) listNoun(lrest string) string {
	if m := listNounRe1.FindStringSubmatch(lrest); m != nil {
		return m[1]
	}
	if f.lastCall >= 0 && f.steps[f.lastCall].Method == "GET" {
		if listNounRe2.MatchString(lrest) || f.root == "lastRun" && f.lastPlural {
			return "items"
		}
	}
	return ""
}

// objectFields fills a new record of obj from src ("item", "request.body",
// a call id, "event"...).
func (f *flowCtx) objectFields(obj, src string) map[string]any {
	r := func(k string) string { return "{!" + src + "." + k + "}" }
	switch obj {
	case "Case":
		if src == "event" || src == "record" {
			return map[string]any{"Subject": labelFromName(strings.ReplaceAll(strings.TrimSuffix(f.trig.Event+f.object, "__e"), "_", "")) + " needs follow-up", "Description": "Created by patchbay from " + f.defaultRef(), "Origin": "Web"}
		}
		return map[string]any{"Subject": r("subject"), "Description": r("description"), "Origin": "Web"}
	case "Task":
		m := map[string]any{"Subject": "Follow up", "ActivityDate": "{!addDays(today(), 3)}", "Status": "Not Started"}
		if f.root == "record" {
			switch f.object {
			case "Contact", "Lead":
				m["WhoId"] = "{!record.Id}"
			default:
				m["WhatId"] = "{!record.Id}"
			}
			if f.object != "User" {
				m["OwnerId"] = "{!record.OwnerId}"
			}
			if f.object == "Opportunity" || f.object == "Account" {
				m["Subject"] = "Follow up on {!record.Name}"
			}
		}
		return m
	case "Account":
		return map[string]any{"Name": r("name"), "Phone": r("phone"), "Website": r("website")}
	case "Contact":
		return map[string]any{"FirstName": r("firstName"), "LastName": r("lastName"), "Email": r("email")}
	case "Lead":
		return map[string]any{"FirstName": r("firstName"), "LastName": r("lastName"), "Email": r("email"), "Company": r("company")}
	case "Opportunity":
		return map[string]any{"Name": r("name"), "Amount": r("amount"), "StageName": "Prospecting", "CloseDate": "{!addDays(today(), 30)}"}
	case "Order":
		return map[string]any{"Status": "Draft", "EffectiveDate": "{!today()}", "AccountId": r("accountId")}
	case "Contract":
		return map[string]any{"AccountId": r("accountId"), "StartDate": "{!today()}"}
	case "Event":
		return map[string]any{"Subject": r("subject"), "StartDateTime": r("start"), "EndDateTime": r("end")}
	}
	if strings.HasSuffix(obj, "__c") {
		return map[string]any{"Name": r("name")}
	}
	return map[string]any{"Name": r("name")}
}

// dataSource is where a new or updated record's values come from.
func (f *flowCtx) dataSource(forEach string) string {
	if forEach != "" {
		return "item"
	}
	if f.lastCall >= 0 {
		return f.steps[f.lastCall].ID
	}
	switch f.root {
	case "request":
		return "request.body"
	case "event":
		return "event"
	case "record":
		return "record"
	}
	return ""
}

// Patterns used by createStep.
var (
	createStepRe1 = regexp.MustCompile(`^\s*(a |an |new )*(record|row|entry)\b`)
)

// apiKeyRe is a matching key written as a field API name: "by ProductCode".
var apiKeyRe = regexp.MustCompile(`\b(?:by|on|matching|matched on|keyed on|using)\s+(?:the\s+|its\s+|their\s+)?([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)\b`)

// leadingCustomRe is a custom name right after a verb that makes records:
// "upsert an Invoice__c on Billing_Id__c".
var leadingCustomRe = regexp.MustCompile(`^\s*(?:(?:a|an|the|each|every|one|new|matching|corresponding)\s+)*([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b`)

// leadingCustomObject returns the custom object that rest, the words after
// a create or upsert verb, starts with, or "".
func leadingCustomObject(rest string) string {
	m := leadingCustomRe.FindStringSubmatchIndex(rest)
	if m == nil || fieldAfterRe.MatchString(lowerASCII(rest[m[1]:])) {
		return ""
	}
	return rest[m[2]:m[3]]
}

// createStep adds a record insert.
func (f *flowCtx) createStep(rest, lrest, obj, forEachNoun string) bool {
	if obj == "" {
		obj = leadingCustomObject(rest)
	}
	if obj == "" {
		if o := targetObject(lrest); o != "" && createStepRe1.MatchString(lrest) {
			obj = o
		}
	}
	if obj == "" {
		return false
	}
	if forEachNoun == "" {
		forEachNoun = f.listNoun(lrest)
	}
	fe := ""
	if forEachNoun != "" {
		fe = f.forEachExpr(forEachNoun)
	}
	src := f.dataSource(fe)
	if src == "" {
		src = "item"
		if fe == "" {
			return false
		}
	}
	fields := f.objectFields(obj, src)
	if src == "record" && obj != "Task" && obj != "Case" {
		fields = map[string]any{"Name": "{!record.Id}"}
		if obj == "Contact" || obj == "Lead" {
			fields = map[string]any{"LastName": "{!record.Id}"}
		}
	}
	if src == "event" && obj != "Case" && obj != "Task" {
		fields = map[string]any{}
		for _, m := range customTokenRe.FindAllString(f.seg, -1) {
			fields[m] = "{!event." + m + "}"
		}
		if len(fields) == 0 {
			fields["Name"] = "{!event.ReplayId}"
		}
	}
	st := spec.Step{Type: spec.StepCreate, Object: obj, Fields: fields, ForEach: fe}
	st.ID = f.uniqueID("new", strings.ReplaceAll(strings.TrimSuffix(obj, "__c"), "_", " "))
	f.steps = append(f.steps, st)
	if fe == "" {
		f.lastRec = st.ID
	}
	return true
}

var stdKeyRe = regexp.MustCompile(`\b(?:by|on|matching|matched on|keyed on|using)\s+(?:the\s+|their\s+|its\s+)?(email|email address|phone|account number|website|name)\b`)

var externalIDRe = regexp.MustCompile(`(?i)\b([A-Za-z][A-Za-z0-9_]*__c)\b\s*(?:as\s+(?:the\s+|an?\s+)?)?(?:external|ext\.?)[\s-]*id|(?:matching|matched|keyed|key|keying|match|dedupe|deduplicat\w*|based)\s+(?:on|by)\s+(?:the\s+|their\s+|its\s+)?([A-Za-z][A-Za-z0-9_]*__c)|(?:using|by|on|via|with)\s+(?:the\s+|their\s+|its\s+)?([A-Za-z][A-Za-z0-9_]*__c)`)

// upsertStep adds an upsert on an external id.
func (f *flowCtx) upsertStep(rest, lrest, obj, forEachNoun string) bool {
	if obj == "" {
		obj = leadingCustomObject(rest)
	}
	if obj == "" {
		obj = targetObject(lrest)
	}
	if obj == "" {
		for _, m := range customTokens(rest) {
			if isCustomObjectToken(rest, m[0], m[1]) {
				obj = rest[m[0]:m[1]]
				break
			}
		}
	}
	if obj == "" {
		obj = f.focus
	}
	if obj == "" {
		obj = f.object
	}
	if obj == "" {
		return false
	}
	ext := ""
	if m := externalIDRe.FindStringSubmatch(rest); m != nil {
		ext = m[1] + m[2] + m[3]
	}
	if ext == obj || spec.CheckFieldName(ext) != nil {
		ext = ""
	}
	if ext == "" {
		// "upsert a Lead by Email": a standard field as the key
		if m := stdKeyRe.FindStringSubmatch(lrest); m != nil {
			if sf := standardField(obj, m[1]); sf != "" && sf != "Name" && sf != "OwnerId" {
				ext = sf
				f.p.assume("assumed %s.%s is marked as an external id (or unique) field, so records can be matched on it", obj, sf)
			}
		}
	}
	if ext == "" {
		// "upsert them into Product2 by ProductCode": a standard field's API name
		if m := apiKeyRe.FindStringSubmatch(rest); m != nil && spec.CheckFieldName(m[1]) == nil && !isObjectWord(strings.ToLower(m[1])) {
			if _, _, known := f.p.findKnownSystem(m[1], lowerASCII(m[1])); !known {
				ext = m[1]
			}
		}
	}
	if ext == "" {
		for _, m := range customTokens(rest) {
			if t := rest[m[0]:m[1]]; t != obj {
				ext = t
				break
			}
		}
	}
	if n := len(f.steps); n > 0 && f.steps[n-1].Type == spec.StepUpsert && f.steps[n-1].Object == obj {
		// "..., create or update by X__c" refines the upsert just planned
		if ext != "" && ext != f.steps[n-1].ExternalID {
			prev := &f.steps[n-1]
			for k, v := range prev.Fields {
				if k == prev.ExternalID {
					delete(prev.Fields, k)
					prev.Fields[ext] = v
				}
			}
			f.p.dropField(obj, prev.ExternalID)
			prev.ExternalID = ext
		}
		return true
	}
	if ext == "" {
		src := f.source
		if src == "" && f.lastSys != "" {
			src = f.lastSys
		}
		if src == "" {
			src = "External"
		}
		ext = customFieldName(src, "Id")
		f.p.addField(obj, spec.Field{Name: ext, Type: spec.FieldText, Length: 64, ExternalID: true, Unique: true})
	}
	if forEachNoun == "" {
		forEachNoun = f.listNoun(lrest)
	}
	fe := ""
	if forEachNoun != "" {
		fe = f.forEachExpr(forEachNoun)
	}
	src := f.dataSource(fe)
	if src == "" || src == "record" {
		if fe == "" && src == "" {
			return false
		}
	}
	fields := map[string]any{}
	if src == "record" {
		fields[ext] = "{!record.Id}"
	} else {
		fields[ext] = "{!" + src + ".id}"
		for k, v := range f.objectFields(obj, src) {
			if _, isCustom := f.p.objects[obj]; strings.HasSuffix(obj, "__c") && isCustom && k != "Name" {
				continue
			}
			fields[k] = v
		}
		if obj == "Order" {
			delete(fields, "AccountId")
		}
	}
	st := spec.Step{Type: spec.StepUpsert, Object: obj, ExternalID: ext, Fields: fields, ForEach: fe}
	st.ID = f.uniqueID("upsert", strings.ReplaceAll(strings.TrimSuffix(obj, "__c"), "_", " "))
	f.steps = append(f.steps, st)
	return true
}

var setFieldRe = regexp.MustCompile(`(?i)\b(?:set(?:ting)?|mark(?:ing)?|chang(?:e|ing)|updat(?:e|ing)|with)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z]+'s\s+)?([A-Za-z][A-Za-z0-9_ ]{0,40}?)\s+(?:to|as|=)\s+(q_\d+_q|[A-Za-z0-9][A-Za-z0-9 _-]{0,30}?)(?:$|[.,;]|\s+(?:and|then|on|in|for|when)\b)|\b([A-Za-z]+)'s\s+([A-Za-z][A-Za-z0-9_ ]{0,30}?)\s+(?:to|as)\s+(q_\d+_q|[A-Za-z0-9][A-Za-z0-9 _-]{0,30}?)(?:$|[.,;]|\s+(?:and|then)\b)`)

// Patterns used by updateStep.
var (
	updateStepRe1 = regexp.MustCompile(`^[A-Z][a-z]+[A-Z][A-Za-z0-9]*$`)
	updateStepRe2 = regexp.MustCompile(`\b([a-z]+)\s+(number|no|num|#)\b`)
	updateStepRe3 = regexp.MustCompile(`\b([a-z]+)\s+(id|number|no|num|url|link|status|reference)\b`)
	updateStepRe4 = regexp.MustCompile(`\b(data|details|info|information|results?|response|fields|attributes|enrichment)\b`)
)

// updateStep adds a record update: a write-back of a call's result, or
// fields set to values.
func (f *flowCtx) updateStep(verb, rest, lrest, obj, forEachNoun string) bool {
	target := obj
	if target == "" {
		target = targetObject(lrest)
	}
	custom := customTokens(rest)
	if target == "" {
		for _, m := range custom {
			if isCustomObjectToken(rest, m[0], m[1]) {
				target = rest[m[0]:m[1]]
			}
		}
	}
	ownField := ""
	if target == "" {
		// "update the Shipment__c status": a custom object's field
		if m := objectFieldRe.FindStringSubmatch(rest); m != nil && f.object == "" {
			target, ownField = m[1], m[2]
		}
	}
	if target == "" {
		target = f.object
	}
	if target == "" {
		target = f.focus
	}
	if target == "" && f.trig.Type == spec.TriggerInvocable {
		if o, _, _ := objectAt(f.low, 0); o != "" {
			target = o
		}
	}
	if target == "" {
		return false
	}
	fields := map[string]any{}
	// "setting Payment_Status__c to Paid", "set the Contract's Status to Activated"
	for _, m := range setFieldRe.FindAllStringSubmatch(verb+rest, -1) {
		fw, val := m[1], m[2]
		if fw == "" {
			fw, val = m[4], m[5]
		}
		fw = strings.TrimSpace(fw)
		field := ""
		if strings.HasSuffix(fw, "__c") || updateStepRe1.MatchString(fw) {
			field = fw
		} else if sf := standardField(target, strings.ToLower(fw)); sf != "" {
			field = sf
		} else if ws := strings.Fields(fw); len(ws) > 0 {
			if sf := standardField(target, strings.ToLower(ws[len(ws)-1])); sf != "" {
				field = sf
			}
		}
		if field == "" || field == "OwnerId" || field == "Name" && target != "Account" || spec.CheckFieldName(field) != nil {
			continue
		}
		v := f.p.unquote(strings.TrimSpace(val))
		if strings.HasPrefix(field, "Is") && (strings.EqualFold(v, "true") || strings.EqualFold(v, "false")) {
			fields[field] = strings.EqualFold(v, "true")
			continue
		}
		if pv, ok := picklistValues[strings.ToLower(v)]; ok && picklistFields[field] {
			v = pv
		} else if strings.ToLower(v) == v && (picklistFields[field] || strings.HasSuffix(field, "__c")) {
			v = titleCase(v)
		}
		fields[field] = v
	}
	src := ""
	if f.lastCall >= 0 {
		src = f.steps[f.lastCall].ID
	}
	if len(fields) == 0 && ownField != "" && (src != "" || f.root == "event" || f.root == "request") {
		name := customFieldName(ownField)
		from := "{!" + map[bool]string{true: src, false: f.root}[src != ""] + "." + name + "}"
		if f.root == "request" && src == "" {
			from = "{!request.body." + lowerCamel(ownField) + "}"
		}
		f.p.addField(target, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
		fields[name] = from
		f.p.assume("assumed %s.%s takes its value from %s", target, name, strings.Trim(from, "{!}"))
	}
	// "fill in the industry and employee count": the standard fields named,
	// from the response of the call before
	if len(fields) == 0 && src != "" && len(custom) == 0 {
		for field, key := range namedFields(target, lrest) {
			fields[field] = "{!" + src + "." + key + "}"
			f.p.assume("assumed %s's response carries %s in %s", f.lastSys, field, key)
		}
	}
	// write-back: "save the invoice id on the opportunity", "in Marketo_Lead_Id__c"
	if len(fields) == 0 {
		var field string
		for _, m := range custom {
			t := rest[m[0]:m[1]]
			if t != target && !isCustomObjectToken(rest, m[0], m[1]) {
				field = t
				break
			}
		}
		key := "id"
		if m := updateStepRe2.FindStringSubmatch(lrest); m != nil {
			key = "number"
		}
		sysName := f.lastSys
		if field == "" && src != "" {
			noun := ""
			if m := updateStepRe3.FindStringSubmatch(lrest); m != nil && !nounSkip[m[1]] {
				noun = m[1]
				if strings.EqualFold(noun, sysName) || isObjectWord(noun) && objectWords[noun] == target {
					noun = ""
				}
				key = map[string]string{"id": "id", "number": "number", "no": "number", "num": "number", "url": "url", "link": "url", "status": "status", "reference": "reference"}[m[2]]
			}
			if updateStepRe4.MatchString(lrest) && noun == "" {
				for k, v := range enrichFields(target, src) {
					fields[k] = v
				}
			} else {
				words := []string{}
				if sysName != "" {
					words = append(words, sysName)
				}
				if noun != "" {
					words = append(words, noun)
				}
				words = append(words, map[string]string{"id": "Id", "number": "Number", "url": "Url", "status": "Status", "reference": "Reference"}[key])
				field = customFieldName(words...)
				if key == "id" {
					// an external system's id: short, and a natural external id
					f.p.addField(target, spec.Field{Name: field, Type: spec.FieldText, Length: 64, ExternalID: true})
				} else {
					f.p.addField(target, spec.Field{Name: field, Type: spec.FieldText, Length: 255})
				}
			}
		}
		if field != "" {
			if src != "" {
				fields[field] = "{!" + src + "." + key + "}"
			} else {
				fields[field] = f.defaultRef()
			}
		}
	}
	if len(fields) == 0 {
		switch {
		case src != "":
			for k, v := range enrichFields(target, src) {
				fields[k] = v
			}
		case f.root == "request":
			name := customFieldName(nonEmpty(f.source, "External"), "Status")
			f.p.addField(target, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
			fields[name] = "{!request.body.status}"
		case f.root == "event" && f.trig.Event != "":
			// "update the related opp" on an event: record when it came
			name := customFieldName(strings.TrimSuffix(f.trig.Event, "__e"), "At")
			f.p.addField(target, spec.Field{Name: name, Type: spec.FieldDateTime})
			fields[name] = "{!now()}"
		default:
			return false
		}
	}
	st := spec.Step{Type: spec.StepUpdate, Object: target, Fields: fields}
	if forEachNoun == "" && f.root == "lastRun" {
		forEachNoun = f.listNoun(lrest)
		if forEachNoun == "" && f.lastCall >= 0 {
			forEachNoun = "items"
		}
	}
	if forEachNoun != "" {
		st.ForEach = f.forEachExpr(forEachNoun)
	}
	if st.ForEach != "" {
		st.Record = "{!item.salesforceId}"
		for k, v := range fields {
			if s, ok := v.(string); ok && src != "" && strings.HasPrefix(s, "{!"+src+".") {
				fields[k] = "{!item." + strings.TrimPrefix(s, "{!"+src+".")
			}
		}
		f.p.assume("assumed each element of %s carries the Salesforce record Id in salesforceId", strings.Trim(st.ForEach, "{!}"))
	} else if !(f.root == "record" && target == f.object && !onlyDelete(f.trig.On)) {
		ref := f.recordRef(target)
		if ref == "" {
			if src != "" {
				ref = "{!" + src + ".salesforceId}"
				f.p.assume("assumed %s's response carries the Salesforce %s Id in salesforceId", f.lastSys, objectLabel(target))
			} else {
				return false
			}
		}
		st.Record = ref
	}
	st.ID = f.uniqueID("update", strings.ReplaceAll(strings.TrimSuffix(target, "__c"), "_", " "))
	f.steps = append(f.steps, st)
	return true
}

// objectFieldRe is a custom object's field named by a plain word: "the
// Shipment__c status".
var objectFieldRe = regexp.MustCompile(`^\s*(?:the\s+|its\s+|each\s+|that\s+)?([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)(?:'s)?\s+(status|stage|state|amount|total|date|location|owner|priority|score|count|number|reference)\b`)

// fieldListSplitRe splits a list of fields: "the industry, revenue and
// employee count".
var fieldListSplitRe = regexp.MustCompile(`\s*(?:,|\band\b|&|\bplus\b)\s*`)

// fieldListTrimRe is what stands around a field's words in a list.
var fieldListTrimRe = regexp.MustCompile(`^(?:in|out|up|the|its|their|his|her|a|an)\s+|\s+(?:on|in|of|for)\s+.*$|\s+(?:field|fields)$`)

// responseKeys are the response keys enrichment services use for the
// standard fields they fill.
var responseKeys = map[string]string{"NumberOfEmployees": "employees", "AnnualRevenue": "revenue"}

// namedFields reads the standard fields of obj that lrest lists after its
// verb, mapped to the response key each comes from.
func namedFields(obj, lrest string) map[string]string {
	out := map[string]string{}
	for _, part := range fieldListSplitRe.Split(strings.TrimSpace(lrest), -1) {
		for {
			t := fieldListTrimRe.ReplaceAllString(part, "")
			if t == part {
				break
			}
			part = t
		}
		part = strings.Trim(part, " .;:!?")
		field := standardField(obj, part)
		if field == "" || field == "Id" || field == "OwnerId" {
			continue
		}
		key := responseKeys[field]
		if key == "" {
			key = lowerCamel(field)
		}
		out[field] = key
	}
	return out
}

func onlyDelete(on []string) bool {
	for _, o := range on {
		if o != spec.OnDelete {
			return false
		}
	}
	return len(on) > 0
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// enrichFields maps an enrichment response onto a record.
func enrichFields(obj, src string) map[string]any {
	r := func(k string) string { return "{!" + src + "." + k + "}" }
	switch obj {
	case "Lead":
		return map[string]any{"Company": r("name"), "Industry": r("industry"), "NumberOfEmployees": r("employees"), "AnnualRevenue": r("revenue")}
	case "Account":
		return map[string]any{"Industry": r("industry"), "NumberOfEmployees": r("employees"), "AnnualRevenue": r("revenue"), "Description": r("description")}
	case "Contact":
		return map[string]any{"Title": r("title"), "Phone": r("phone")}
	}
	return map[string]any{"Description": r("description")}
}
