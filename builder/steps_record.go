package builder

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Patterns used by createStep.
var (
	genericRecordRe = regexp.MustCompile(`^\s*(a |an |new )*(record|row|entry)\b`)
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

// asRecordRe is the object records are written as: "upsert them into
// Salesforce as leads", "create them as new Contacts".
var asRecordRe = regexp.MustCompile(`\bas\s+(?:an?\s+|new\s+|salesforce\s+)*([a-z][a-z_]*)\b`)

// asObject returns the object lrest says records are written as, or "".
func asObject(lrest string) string {
	m := asRecordRe.FindStringSubmatch(lrest)
	if m == nil {
		return ""
	}
	if o, pos, _ := objectAt(m[1], 0); pos == 0 {
		return o
	}
	return ""
}

// upsertInRe is the custom object an upsert writes its records in, said
// with "in" or "to" where "into" is meant: "upsert them in Invoice__c
// with the external id ...", "upsert the orders to Order__c".
var upsertInRe = regexp.MustCompile(`^\s*(?:(?:them|it|these|those|all|each|the\s+[a-z]+)\s+)?(?:in|to|on)\s+(?:the\s+)?(?:(?i:object)\s+)?([A-Za-z][A-Za-z0-9_]*__c)\b`)

// createStep adds a record insert.
func (f *flowCtx) createStep(rest, lrest, obj, forEachNoun string) bool {
	if o := asObject(lrest); o != "" {
		obj = o
	}
	if obj == "" {
		obj = leadingCustomObject(rest)
	}
	if obj == "" {
		if o := targetObject(lrest); o != "" && genericRecordRe.MatchString(lrest) {
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
	if src == "" && f.root == "input" {
		// "a Flow action that creates a Discount_Approval__c record for the
		// opportunity": the record the action is given, as a record
		// trigger's record is
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		src = "input"
	}
	if src == "" {
		src = "item"
		if fe == "" {
			return false
		}
	}
	fields := f.objectFields(obj, src)
	if src == "input" {
		in := "{!input." + f.trig.Inputs[0].Name + "}"
		switch obj {
		case "Task":
			fields["WhatId"] = in
		case "Case":
			fields = map[string]any{"Subject": "Follow-up from " + f.trig.Label, "Origin": "Web"}
		case "Contact", "Lead":
			fields = map[string]any{"LastName": in}
		default:
			fields = map[string]any{"Name": in}
		}
	}
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
	if o := asObject(lrest); o != "" {
		obj = o
	}
	if obj == "" {
		obj = leadingCustomObject(rest)
	}
	if obj == "" {
		obj = targetObject(lrest)
	}
	if m := upsertInRe.FindStringSubmatch(rest); obj == "" && m != nil && !fieldNameTokenRe.MatchString(m[1]) {
		obj = m[1]
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

// recordWordsBefore qualify a record named before "to <value>": "the
// matching Policy__c", "the related Order".
var recordWordsBefore = map[string]bool{"matching": true, "related": true, "corresponding": true, "linked": true, "parent": true, "same": true}

// qualifiedRecordRe and recordToValueRe are a record qualified as found
// through another, then a value it reaches: "the
// matching Policy__c to Bound", "the related Invoice__c as Paid".
var qualifiedRecordRe = regexp.MustCompile(`(?i)\b(?:matching|related|corresponding|linked|parent)\s+$`)

var recordToValueRe = regexp.MustCompile(`^\s+(?:to|as)\s+(?:q_\d+_q|[A-Za-z0-9])`)

var setFieldRe = regexp.MustCompile(`(?i)\b(?:set(?:ting)?|mark(?:ing)?|chang(?:e|ing)|updat(?:e|ing)|with)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z]+'s\s+)?([A-Za-z][A-Za-z0-9_ ]{0,40}?)\s+(?:to|as|=)\s+(q_\d+_q|[A-Za-z0-9][A-Za-z0-9 _-]{0,30}?)(?:$|[.,;]|\s+(?:and|then|on|in|for|when)\b)|\b([A-Za-z]+)(?:'s|s')\s+([A-Za-z][A-Za-z0-9_ ]{0,30}?)\s+(?:to|as)\s+(q_\d+_q|[A-Za-z0-9][A-Za-z0-9 _-]{0,30}?)(?:$|[.,;]|\s+(?:and|then)\b)`)

// Patterns used by updateStep.
var (
	camelFieldRe   = regexp.MustCompile(`^[A-Z][a-z]+[A-Z][A-Za-z0-9]*$`)
	numberFieldRe  = regexp.MustCompile(`\b([a-z]+)\s+(number|no|num|#)\b`)
	idFieldRe      = regexp.MustCompile(`\b([a-z]+)\s+(id|number|no|num|url|link|status|reference)\b`)
	responseDataRe = regexp.MustCompile(`\b(data|details|info|information|results?|response|fields|attributes|enrichment)\b`)
)

// checkboxVerbs are verbs that turn a checkbox on or off.
var checkboxVerbs = map[string]bool{"tick": true, "untick": false, "uncheck": false}

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
	if target == "" {
		// "update the matching Policy__c to Bound"
		if m := leadingCustomRe.FindStringSubmatchIndex(rest); m != nil && qualifiedRecordRe.MatchString(rest[:m[2]]) && !fieldNameTokenRe.MatchString(rest[m[2]:m[3]]) && recordToValueRe.MatchString(rest[m[1]:]) {
			target = rest[m[2]:m[3]]
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
		if ws := strings.Fields(fw); len(ws) > 0 && strings.EqualFold(ws[len(ws)-1], target) && (len(ws) == 1 || recordWordsBefore[strings.ToLower(ws[0])]) {
			// "update the matching Policy__c to Bound": the record itself
			// reaches a value, which is its status
			field = "Status"
			if strings.HasSuffix(target, "__c") {
				field = "Status__c"
				f.p.addField(target, spec.Field{Name: field, Type: spec.FieldText, Length: 255})
			}
			f.p.assume("assumed %q sets %s.%s", strings.TrimSpace(m[0]), target, field)
		} else if strings.HasSuffix(fw, "__c") || camelFieldRe.MatchString(fw) {
			field = fw
		} else if sf := standardField(target, strings.ToLower(fw)); sf != "" {
			field = sf
		} else if ws := strings.Fields(fw); len(ws) > 0 {
			if sf := standardField(target, strings.ToLower(ws[len(ws)-1])); sf != "" {
				field = sf
			}
		}
		if strings.HasSuffix(target, "__c") && !strings.HasSuffix(field, "__c") && !everyObjectFields[field] {
			// "the related Invoice__c status": a custom object has no
			// standard Status; the field is the custom one of that name
			field += "__c"
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
	// "tick the Customer_Notified__c checkbox", "uncheck Needs_Review__c":
	// a checkbox the verb turns on or off
	if on, isBox := checkboxVerbs[verb]; isBox && len(fields) == 0 {
		for _, m := range custom {
			if t := rest[m[0]:m[1]]; t != target && !isCustomObjectToken(rest, m[0], m[1]) {
				fields[t] = on
			}
		}
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
		named := namedFields(target, lrest)
		for _, field := range slices.Sorted(maps.Keys(named)) {
			key := named[field]
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
		if m := numberFieldRe.FindStringSubmatch(lrest); m != nil {
			key = "number"
		}
		sysName := f.lastSys
		if field == "" && src != "" {
			noun := ""
			if m := idFieldRe.FindStringSubmatch(lrest); m != nil && !nounSkip[m[1]] {
				noun = m[1]
				if strings.EqualFold(noun, sysName) || isObjectWord(noun) && objectWords[noun] == target {
					noun = ""
				}
				key = map[string]string{"id": "id", "number": "number", "no": "number", "num": "number", "url": "url", "link": "url", "status": "status", "reference": "reference"}[m[2]]
			}
			if responseDataRe.MatchString(lrest) && noun == "" {
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
		case f.root == "event" && f.trig.Event != "" && possessiveFieldRe.MatchString(lrest):
			// "update the matching Product2 record's quantity": the field
			// named, from the event's field of that name
			noun := possessiveFieldRe.FindStringSubmatch(lrest)[1]
			words := strings.Fields(noun)
			name := customFieldName(words...)
			field := fieldWords[target+":"+noun]
			if field == "" && noun == "status" && hasStatusField(target) && !strings.HasSuffix(target, "__c") {
				field = "Status"
			}
			if field == "" {
				field = name
				fl := spec.Field{Name: name, Type: spec.FieldText, Length: 255}
				if numericNounRe.MatchString(words[len(words)-1]) {
					fl = spec.Field{Name: name, Type: spec.FieldNumber, Precision: 18}
				}
				f.p.addField(target, fl)
			}
			fields[field] = "{!event." + name + "}"
			f.p.assume("assumed %s carries the new %s in %s", f.trig.Event, noun, name)
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

// possessiveFieldRe is the field an update names after its record, at the
// end of the clause: "the matching Product2 record's quantity", "its stock
// level".
var possessiveFieldRe = regexp.MustCompile(`(?:'s|\bits|\btheir)\s+([a-z]+(?:\s+[a-z]+)?)\s*[.!]?$`)

// numericNounRe is a field noun that holds a number.
var numericNounRe = regexp.MustCompile(`^(?:quantity|qty|count|level|amount|total|number|price|balance|stock|units|score)$`)

// everyObjectFields are the standard fields a custom object has too.
var everyObjectFields = map[string]bool{"": true, "Name": true, "OwnerId": true, "Id": true, "CreatedDate": true, "LastModifiedDate": true,
	"CreatedById": true, "LastModifiedById": true, "RecordTypeId": true, "CurrencyIsoCode": true}
