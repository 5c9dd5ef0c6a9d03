package spec

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Schema returns the JSON Schema (draft 2020-12) of a patchbay/v1 spec,
// derived from the Go types: every struct is an object with
// additionalProperties false and its required keys, every fixed word list
// (trigger and step types, operators, auth and field types, methods,
// backoff, body format) an enum. It is self-contained (no remote
// references): the LLM planner sends it as its structured-output format,
// and spec/schema.json is this value. The schema checks shape; Validate
// checks every rule.
func Schema() []byte {
	g := &schemaGen{defs: map[string]ordered{}}
	root := g.structSchema(reflect.TypeOf(Spec{}))
	doc := ordered{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", "urn:patchbay:spec:v1"},
		{"title", "patchbay/v1 integration spec"},
		{"description", "A declarative Salesforce integration: external systems, custom objects and events, and flows (a trigger and steps). Values may hold merge fields in Salesforce's {!...} syntax."},
	}
	doc = append(doc, root...)
	var defs ordered
	for _, name := range slices.Sorted(maps.Keys(g.defs)) {
		defs = append(defs, kv{name, g.defs[name]})
	}
	doc = append(doc, kv{"$defs", defs})
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("spec: schema does not marshal: " + err.Error()) // a bug in this file, caught by tests
	}
	return append(out, '\n')
}

// kv is one key of an ordered JSON object.
type kv struct {
	Key   string
	Value any
}

// ordered is a JSON object that keeps its keys in order.
type ordered []kv

// MarshalJSON writes the keys in order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type schemaGen struct {
	defs map[string]ordered
}

// scalarValue is a value that is a literal or text with merge fields.
var scalarValue = ordered{{"type", []string{"string", "number", "boolean", "null"}}}

// fieldSchemas refines the schema reflection derives for particular keys,
// by "Type.key": enums, patterns, ranges and minimum sizes.
var fieldSchemas = map[string]ordered{
	"Spec.spec":               {{"const", Version}},
	"Spec.name":               {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}, {"maxLength", MaxSpecNameLength}},
	"Spec.apiVersion":         {{"type", "string"}, {"pattern", `^[0-9]{2}\.0$`}},
	"Package.namespace":       {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9]*$"}, {"maxLength", MaxNamespaceLength}},
	"Package.version":         {{"type", "string"}, {"pattern", `^[0-9]+\.[0-9]+\.[0-9]+$`}},
	"Spec.requires":           {{"type", "array"}, {"uniqueItems", true}, {"items", ordered{{"type", "string"}, {"pattern", `^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$`}}}},
	"Package.ancestorVersion": {{"type", "string"}, {"pattern", `^(HIGHEST|NONE|[0-9]+\.[0-9]+\.[0-9]+)$`}},
	"System.name":             {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}, {"maxLength", MaxNameLength}},
	"System.url":              {{"type", "string"}, {"pattern", "^https?://"}, {"maxLength", MaxURLLength}},
	"Auth.type":               {{"enum", AuthTypes}},
	"Field.type":              {{"enum", FieldTypes}},
	"Field.length":            {{"type", "integer"}, {"minimum", 1}, {"maximum", MaxLongTextLength}},
	"Field.precision":         {{"type", "integer"}, {"minimum", 1}, {"maximum", MaxPrecision}},
	"Field.scale":             {{"type", "integer"}, {"minimum", 0}, {"maximum", MaxPrecision}},
	"Field.name":              {{"type", "string"}, {"pattern", "__c$"}},
	"Event.name":              {{"type", "string"}, {"pattern", "__e$"}},
	"Flow.name":               {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}, {"maxLength", MaxFlowNameLength}},
	"Flow.steps":              {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Step"}}}},
	"Spec.flows":              {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Flow"}}}},
	"Trigger.type":            {{"enum", TriggerTypes}},
	"Trigger.on":              {{"type", "array"}, {"minItems", 1}, {"uniqueItems", true}, {"items", ordered{{"enum", OnEvents}}}},
	"Trigger.methods":         {{"type", "array"}, {"minItems", 1}, {"uniqueItems", true}, {"items", ordered{{"enum", HTTPMethods}}}},
	"Trigger.path":            {{"type", "string"}, {"pattern", "^/"}, {"maxLength", MaxWebhookPath}},
	"Trigger.eventId":         {{"type", "string"}, {"pattern", `^\{!request\.`}},
	"Trigger.event":           {{"type", "string"}, {"pattern", "__e$"}},
	"Verify.type":             {{"enum", VerifyTypes}},
	"Verify.toleranceSeconds": {{"type", "integer"}, {"minimum", 1}, {"maximum", MaxToleranceSeconds}},
	"Param.type":              {{"enum", ParamTypes}},
	"Param.name":              {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Condition.op":            {{"enum", Operators}},
	"Condition.value":         {{"anyOf", []any{scalarValue, ordered{{"type", "array"}, {"items", scalarValue}}}}},
	"Step.id":                 {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}, {"maxLength", MaxNameLength}},
	"Step.type":               {{"enum", StepTypes}},
	"Step.method":             {{"enum", HTTPMethods}},
	"Step.path":               {{"type", "string"}, {"pattern", "^/"}},
	"Step.forEach":            {{"type", "string"}, {"pattern", `^\{!.*\}$`}},
	"Step.query":              {{"type", "object"}, {"additionalProperties", scalarValue}},
	"Step.headers":            {{"type", "object"}, {"additionalProperties", scalarValue}},
	"Step.fields":             {{"type", "object"}, {"minProperties", 1}, {"additionalProperties", scalarValue}},
	"Step.expect":             {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"type", "integer"}, {"minimum", 100}, {"maximum", 599}}}},
	"Step.timeoutSeconds":     {{"type", "integer"}, {"minimum", 1}, {"maximum", MaxTimeoutSeconds}},
	"Step.status":             {{"type", "integer"}, {"minimum", 100}, {"maximum", 599}},
	"Step.body":               {},
	"Retry.attempts":          {{"type", "integer"}, {"minimum", 0}, {"maximum", MaxRetryAttempts}},
	"Retry.backoff":           {{"enum", []string{BackoffFixed, BackoffExponential}}},
	"Field.values":            {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"type", "string"}}}},
	"Condition.any":           {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Condition"}}}},
	"Condition.all":           {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Condition"}}}},
	"Trigger.when":            {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Condition"}}}},
	"Trigger.cron":            {{"type", "string"}, {"pattern", `^\s*\S+(\s+\S+){5,6}\s*$`}},
	"Auth.tokenUrl":           {{"type", "string"}, {"pattern", "^https?://"}},
	"Object.name":             {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Step.object":             {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Step.event":              {{"type", "string"}, {"pattern", "__e$"}},
	"Step.externalId":         {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Trigger.object":          {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Field.referenceTo":       {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Verify.header":           {{"type", "string"}, {"minLength", 1}},
	"Condition.field":         {{"type", "string"}, {"pattern", `^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$`}},
	"Auth.header":             {{"type", "string"}, {"minLength", 1}},
	"Step.system":             {{"type", "string"}, {"pattern", "^[A-Za-z][A-Za-z0-9_]*$"}},
	"Event.fields":            {{"type", "array"}, {"minItems", 1}, {"items", ordered{{"$ref", "#/$defs/Field"}}}},
	"Trigger.label":           {{"type", "string"}, {"minLength", 1}},
	"Object.pluralLabel":      {{"type", "string"}, {"maxLength", MaxLabelLength}},
	"Object.label":            {{"type", "string"}, {"maxLength", MaxLabelLength}},
	"Field.label":             {{"type", "string"}, {"maxLength", MaxLabelLength}},
	"Event.label":             {{"type", "string"}, {"maxLength", MaxLabelLength}},
	"Event.pluralLabel":       {{"type", "string"}, {"maxLength", MaxLabelLength}},
}

// fieldDocs describe keys for people and for the LLM, by "Type.key".
var fieldDocs = map[string]string{
	"Spec.spec":               "Always patchbay/v1.",
	"Spec.name":               "API name of the integration: letter first, letters/digits/_, no __, at most 30 characters, not an Apex reserved word. Prefixes generated class names.",
	"Spec.apiVersion":         "Salesforce API version, default 66.0.",
	"System.url":              "Base URL of the external API; https only (http only for localhost); no user info, query or fragment.",
	"Auth.type":               "How the system authenticates. Secrets never appear in a spec: the admin enters them after install.",
	"Auth.header":             "apiKey only: the header that carries the key (default X-API-Key).",
	"Auth.tokenUrl":           "oauth2ClientCredentials and oauth2JwtBearer only (required): the token endpoint.",
	"Auth.scope":              "oauth2* only: the scope to request.",
	"Object.name":             "A standard object (Opportunity, Case) that only receives new fields, or a custom object X__c.",
	"Field.name":              "Custom field API name ending in __c, at most 40 characters before the suffix.",
	"Field.length":            "Text: 1-255 (required). LongTextArea: 256-131072 (required).",
	"Field.precision":         "Number, Currency, Percent: total digits 1-18 (default 18).",
	"Field.scale":             "Number, Currency, Percent: digits after the decimal point, at most precision.",
	"Field.values":            "Picklist only: the values, unique.",
	"Field.referenceTo":       "Lookup only (required): the object the field points to.",
	"Flow.name":               "API name of the flow, unique in the spec, at most 40 characters.",
	"Trigger.type":            "recordChange/changeEvent: object, on, when. platformEvent: event, when. schedule: cron. webhook: path, methods, verify. invocable: label, inputs, outputs.",
	"Trigger.on":              "recordChange and changeEvent: the record events to react to.",
	"Trigger.when":            "Conditions that must all hold.",
	"Trigger.cron":            "schedule: Salesforce cron, 6-7 fields, ? in exactly one of day-of-month and day-of-week, e.g. 0 0 2 * * ?",
	"Trigger.path":            "webhook: the URL path, starting with /, e.g. /orders.",
	"Trigger.methods":         "webhook: accepted methods (default POST); any other method is answered 405.",
	"Trigger.eventId":         "webhook: the merge field holding the caller's event id, the same on every retry, e.g. {!request.headers.X-Event-Id}; default for stripe, github, shopify and slack from the vendor's documentation. A delivery whose id was handled is answered 200 without running the flow again.",
	"Trigger.verify":          "webhook (required): how callers are verified. A vendor scheme (stripe, zendesk, hubspotV3, slack, github, shopify, docusign, twilio), hmacSha256 with a header for a body-only HMAC, or salesforceSession when callers sign in to Salesforce.",
	"Verify.header":           "hmacSha256 only (required): the header that carries the hex or base64 HMAC-SHA256 of the body.",
	"Verify.toleranceSeconds": "stripe, zendesk, hubspotV3, slack: how far the signed timestamp may be from now, in seconds (default 300).",
	"Trigger.label":           "invocable (required): the action's name in Flow Builder.",
	"Trigger.runAs":           "changeEvent, platformEvent: the username the event trigger runs as (a user holding the integration's permission set); by default it runs as the Automated Process user, whose callouts through Named Credentials fail.",
	"Trigger.batchSize":       "changeEvent, platformEvent: events handed to the trigger at once, 1-2000 (default 2000).",
	"Condition.field":         "Field of the trigger record or event, e.g. StageName or Account.Name.",
	"Condition.op":            "isNull, isNotNull and changed take no value; in takes a list; changed, changedTo and changedFrom need a recordChange/changeEvent trigger with on: [update].",
	"Condition.any":           "A group that holds when one of its conditions does.",
	"Condition.all":           "A group that holds when all of its conditions do.",
	"Step.id":                 "Unique in the flow; later steps use its result as {!id...}. Not record, prior, event, request, input, lastRun or item.",
	"Step.type":               "call: system, method, path, query, headers, body, expect, timeoutSeconds. create: object, fields. update: object, record, fields. upsert: object, externalId, fields. publish: event, fields. reply (webhook only): status, body.",
	"Step.forEach":            "Exactly one merge field naming a list, e.g. {!orders.items}; the step runs once per element, the element being item.",
	"Step.system":             "call: the name of a system of this spec.",
	"Step.path":               "call: the path after the system's url, starting with /; may hold merge fields.",
	"Step.body":               "call: {format: json | form, fields: {...}} (form bodies are flat). reply: any value.",
	"Step.expect":             "call: status codes that count as success (default 200-299).",
	"Step.record":             "update: the Id of the record to update; defaults to the trigger record.",
	"Step.externalId":         "upsert (required): the external id field to match on.",
	"Step.fields":             "create, update, upsert, publish: field API names to values.",
	"Step.status":             "reply: the HTTP status to send (default 200).",
	"Retry.attempts":          "0-5.",
	"Spec.label":              "A human name for the integration, shown in patchbay and in the package.",
	"Spec.description":        "What the integration does, for admins; shown in patchbay and the generated README.",
	"Spec.package":            "Managed (2GP) package settings; leave out for an unmanaged or unlocked package.",
	"Spec.systems":            "The external systems the flows call, each a Named Credential and External Credential.",
	"Spec.objects":            "Custom objects the package creates, and custom fields it adds to standard or custom objects.",
	"Spec.events":             "Platform events (Name__e) the package creates.",
	"Spec.flows":              "The integration's flows: each one trigger and the steps it runs. At least one.",
	"Package.name":            "The package's name in sfdx-project.json, e.g. Stripe Billing.",
	"Package.namespace":       "The 2GP namespace, 1-15 letters and digits, letter first; empty for no namespace.",
	"Package.version":         "The package version, major.minor.patch, e.g. 1.0.0.",
	"Spec.requires":           "Custom objects (X__c), platform events (X__e) and custom fields (Object.X__c) the flows use that the package does not create: they must exist in the org before install; the README lists them.",
	"Package.ancestorVersion": "Namespace only: the promoted version this one descends from, written to sfdx-project.json: HIGHEST (default after 1.0.0), NONE, or major.minor.patch.",
	"Package.released":        "This version was promoted and released: a later version must raise the version number and keep every global Apex class and member this one generates.",
	"System.name":             "API name of the system, unique in the spec; names its Named Credential (callout:Name).",
	"System.label":            "A human name for the system, shown in Setup.",
	"System.auth":             "How calls to the system authenticate.",
	"Object.label":            "Custom objects only: the object's label, at most 40 characters.",
	"Object.pluralLabel":      "Custom objects only: the plural label, at most 40 characters.",
	"Object.description":      "Free text shown to admins in Setup.",
	"Object.fields":           "The custom fields to create on the object.",
	"Field.label":             "The field's label, at most 40 characters (default: from the name).",
	"Field.type":              "The field's Salesforce type; each type takes only its own keys (length, precision, scale, values, referenceTo).",
	"Field.required":          "The field must have a value on every record (not on Checkbox).",
	"Field.externalId":        "Text, Number, Email: the field is an external id, usable as an upsert key.",
	"Field.unique":            "Text, Number, Email: no two records may share a value.",
	"Field.description":       "Free text shown to admins in Setup.",
	"Event.name":              "Platform event API name ending in __e.",
	"Event.label":             "The event's label, at most 40 characters.",
	"Event.pluralLabel":       "The plural label, at most 40 characters.",
	"Event.description":       "Free text shown to admins in Setup.",
	"Event.fields":            "The event's fields (Text, LongTextArea, Number, Checkbox, Date, DateTime); at least one.",
	"Flow.label":              "A human name for the flow.",
	"Flow.description":        "What the flow does, for admins.",
	"Flow.trigger":            "What starts the flow: exactly one trigger.",
	"Flow.steps":              "What the flow does, in order: at least one step.",
	"Flow.onError":            "Retries and logging when a step fails.",
	"OnError.retry":           "Retry a failed callout: attempts and backoff.",
	"OnError.log":             "Write an Integration_Log__c row per run and failure (default true).",
	"Retry.backoff":           "fixed: the same wait between attempts; exponential: each wait doubles.",
	"Param.name":              "API name of the input or output, unique in its list.",
	"Param.type":              "The value's type in Flow Builder.",
	"Param.label":             "What Flow Builder shows for it.",
	"Param.description":       "Help text shown in Flow Builder.",
	"Param.required":          "Inputs only: Flow Builder must fill it.",
	"Trigger.object":          "recordChange and changeEvent (required): the object whose records start the flow, e.g. Opportunity.",
	"Trigger.event":           "platformEvent (required): the platform event (Name__e) that starts the flow.",
	"Trigger.inputs":          "invocable: the values Flow Builder passes in.",
	"Trigger.outputs":         "invocable: the values the action returns to the flow.",
	"Verify.type":             "The signature scheme the caller uses.",
	"Condition.value":         "The literal to compare with; a list for in; none for isNull, isNotNull and changed.",
	"Step.method":             "call (required): the HTTP method.",
	"Step.query":              "call: query parameters, name to value; values may hold merge fields.",
	"Step.headers":            "call: extra HTTP headers, name to value; credentials come from the Named Credential, never from here.",
	"Step.timeoutSeconds":     "call: how long to wait for the answer, 1-120 seconds (default 30).",
	"Step.object":             "create, update, upsert (required): the object's API name.",
	"Step.event":              "publish (required): the platform event to publish (Name__e).",
}

func (g *schemaGen) typeSchema(t reflect.Type) ordered {
	switch t.Kind() {
	case reflect.Pointer:
		return g.typeSchema(t.Elem())
	case reflect.String:
		return ordered{{"type", "string"}}
	case reflect.Int:
		return ordered{{"type", "integer"}}
	case reflect.Bool:
		return ordered{{"type", "boolean"}}
	case reflect.Slice:
		return ordered{{"type", "array"}, {"items", g.typeSchema(t.Elem())}}
	case reflect.Map:
		return ordered{{"type", "object"}, {"additionalProperties", g.typeSchema(t.Elem())}}
	case reflect.Interface:
		return ordered{}
	case reflect.Struct:
		if _, ok := g.defs[t.Name()]; !ok {
			g.defs[t.Name()] = nil // reserve, for recursive types
			g.defs[t.Name()] = g.structSchema(t)
		}
		return ordered{{"$ref", "#/$defs/" + t.Name()}}
	}
	return ordered{}
}

func (g *schemaGen) structSchema(t reflect.Type) ordered {
	var props ordered
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		key := t.Name() + "." + name
		s, ok := fieldSchemas[key]
		if !ok {
			s = g.typeSchema(f.Type)
		} else {
			// Make sure referenced structs are defined.
			g.typeSchema(f.Type)
		}
		if doc := fieldDocs[key]; doc != "" {
			s = append(append(ordered(nil), s...), kv{"description", doc})
		}
		props = append(props, kv{name, s})
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := ordered{{"type", "object"}, {"properties", props}}
	if len(required) > 0 {
		s = append(s, kv{"required", required})
	}
	s = append(s, kv{"additionalProperties", false})
	switch t.Name() {
	case "Trigger":
		s = append(s, kv{"allOf", g.byType(TriggerTypes, triggerRequired, triggerKeys, []string{"type"})})
	case "Step":
		cond := g.byType(StepTypes, stepRequired, stepKeys, []string{"id", "type", "forEach"})
		cond = append(cond, ordered{
			{"if", ordered{{"properties", ordered{{"type", ordered{{"const", StepCall}}}}}}},
			{"then", ordered{{"properties", ordered{{"body", callBodySchema}}}}},
		})
		s = append(s, kv{"allOf", cond})
	case "Condition":
		// A condition is a comparison (field, op) or exactly one group.
		s = append(s, kv{"oneOf", []any{
			onlyOf([]string{"field", "op"}, "any", "all"),
			onlyOf([]string{"any"}, "field", "op", "all"),
			onlyOf([]string{"all"}, "field", "op", "any"),
		}})
	}
	return s
}

// onlyOf requires the keys req and forbids the keys not.
func onlyOf(req []string, not ...string) ordered {
	var alts []any
	for _, k := range not {
		alts = append(alts, ordered{{"required", []string{k}}})
	}
	return ordered{{"required", req}, {"not", ordered{{"anyOf", alts}}}}
}

// triggerRequired and stepRequired are the keys each type needs.
var triggerRequired = map[string][]string{
	TriggerRecordChange:  {"object", "on"},
	TriggerChangeEvent:   {"object", "on"},
	TriggerPlatformEvent: {"event"},
	TriggerSchedule:      {"cron"},
	TriggerWebhook:       {"path", "verify"},
	TriggerInvocable:     {"label"},
}

var stepRequired = map[string][]string{
	StepCall:    {"system", "method", "path"},
	StepCreate:  {"object", "fields"},
	StepUpdate:  {"object", "fields"},
	StepUpsert:  {"object", "externalId", "fields"},
	StepPublish: {"event", "fields"},
	StepReply:   {},
}

// callBodySchema is a call step's body.
var callBodySchema = ordered{
	{"type", "object"},
	{"properties", ordered{
		{"format", ordered{{"enum", []string{BodyJSON, BodyForm}}}},
		{"fields", ordered{{"type", "object"}}},
	}},
	{"required", []string{"fields"}},
	{"additionalProperties", false},
}

// byType builds if/then rules: for each type, the keys it requires, and
// every key that belongs to another type forbidden.
func (g *schemaGen) byType(types []string, required, allowed map[string][]string, common []string) []any {
	all := map[string]bool{}
	for _, keys := range allowed {
		for _, k := range keys {
			all[k] = true
		}
	}
	var rules []any
	for _, typ := range types {
		ok := map[string]bool{}
		for _, k := range append(append([]string(nil), common...), allowed[typ]...) {
			ok[k] = true
		}
		var forbidden ordered
		for _, k := range slices.Sorted(maps.Keys(all)) {
			if !ok[k] {
				forbidden = append(forbidden, kv{k, false})
			}
		}
		then := ordered{}
		if req := required[typ]; len(req) > 0 {
			then = append(then, kv{"required", req})
		}
		if len(forbidden) > 0 {
			then = append(then, kv{"properties", forbidden})
		}
		rules = append(rules, ordered{
			{"if", ordered{{"properties", ordered{{"type", ordered{{"const", typ}}}}}, {"required", []string{"type"}}}},
			{"then", then},
		})
	}
	return rules
}

// FieldDoc is what a key means, by "Type.key" (Step.system), as the schema
// and docs/spec.md describe it; the form editor shows it beside the field.
// It is "" for a key without a description.
func FieldDoc(key string) string { return fieldDocs[key] }

// TypeKeys lists the keys a step or trigger of type typ takes besides id,
// type and forEach (kind "Step" or "Trigger"); nil for an unknown type.
// The form editor drops other keys when an admin changes the type.
func TypeKeys(kind, typ string) []string {
	switch kind {
	case "Step":
		return stepKeys[typ]
	case "Trigger":
		return triggerKeys[typ]
	}
	return nil
}
