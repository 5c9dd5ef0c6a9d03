package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

var explicitMethodRe = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE)\b|(?i)\b(get|post|put|patch|delete)\s+request\b`)

// Patterns used by callStep.
var (
	toFetchRe  = regexp.MustCompile(`\bto (get|fetch|look up|retrieve|check|read|pull|find|search)\b`)
	toChangeRe = regexp.MustCompile(`\bto (update|change|modify|set)\b`)
	toDeleteRe = regexp.MustCompile(`\bto (delete|remove)\b`)
)

// callStep adds an HTTP call to sys.
func (f *flowCtx) callStep(sys spec.System, verb string, kind verbKind, chunk, rest, lrest, forEachNoun string) {
	name := f.p.addSystem(sys)
	if w, ok := f.p.guessed[sys.Name]; ok {
		f.p.assume("assumed %q names a system, %s, since nothing else fits where it stands: confirm it is one", w, sys.Label)
	}
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
			case toFetchRe.MatchString(lrest):
				method = "GET"
			case toChangeRe.MatchString(lrest):
				method = "PATCH"
			case toDeleteRe.MatchString(lrest):
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
		var documented bool
		st.Path, documented = defaultPath(name, noun)
		if method != "GET" && method != "POST" && f.root == "record" && f.object != "" {
			field := customFieldName(sys.Name, "Id")
			st.Path += "/{!record." + field + "}"
			f.p.addField(f.object, spec.Field{Name: field, Type: spec.FieldText, Length: 64, ExternalID: true, Unique: false})
		}
		if !documented {
			// a path made up from the request's words: say so
			f.p.assume("assumed %s %s on %s: confirm the endpoint", method, st.Path, sys.Label)
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
	pathParamRe = regexp.MustCompile(`\{[^}]*\}`)
)

func cleanCallPath(p string) string {
	p = strings.TrimRight(p, ".,;:)")
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = pathParamRe.ReplaceAllString(p, "ID")
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
				if f.p.currency != "" {
					fields["currency"] = f.p.currency
					f.p.assume("charged in %s (currency %s), the currency the request's amounts are written in", currencyName(f.p.currency), f.p.currency)
				} else {
					fields["currency"] = "usd"
					f.p.assume("assumed the amount is charged in US dollars (currency usd); change the currency if it is not")
				}
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
	forEachNounRe = regexp.MustCompile(`\b(?:for|with) (?:each|every) ([a-z_]+)`)
	listPronounRe = regexp.MustCompile(`\b(them|those|these|all|each|every|the results|the list|the records|every one)\b`)
)

// listNoun is the plural noun of the last GET, for "upsert them".
func (f *flowCtx) listNoun(lrest string) string {
	if m := forEachNounRe.FindStringSubmatch(lrest); m != nil {
		return m[1]
	}
	if f.lastCall >= 0 && f.steps[f.lastCall].Method == "GET" {
		if listPronounRe.MatchString(lrest) || f.root == "lastRun" && f.lastPlural {
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
