package spec

import (
	"strings"
	"testing"
)

// base returns a small valid spec with one webhook flow that calls a system.
func base() *Spec {
	return &Spec{
		Spec: Version, Name: "Hooks",
		Systems: []System{{Name: "Api", URL: "https://api.example.com", Auth: Auth{Type: AuthBearer}}},
		Flows: []Flow{{
			Name:    "Receive",
			Trigger: Trigger{Type: TriggerWebhook, Path: "/orders", Verify: &Verify{Type: VerifySalesforceSession}},
			Steps: []Step{
				{ID: "post", Type: StepCall, System: "Api", Method: "POST", Path: "/v1/orders",
					Body: map[string]any{"format": "json", "fields": map[string]any{"id": "{!request.body.id}"}}},
				{ID: "done", Type: StepReply, Body: map[string]any{"ok": true}},
			},
		}},
	}
}

// eventTrigger turns the base flow into a platform event flow with a
// running user and batch size.
func eventTrigger(s *Spec, runAs string, batch int) {
	s.Flows[0].Trigger = Trigger{Type: TriggerPlatformEvent, Event: "Order_Paid__e", RunAs: runAs, BatchSize: batch}
	s.Requires = append(s.Requires, "Order_Paid__e")
	s.Flows[0].Steps = s.Flows[0].Steps[:1]
	s.Flows[0].Steps[0].Body = map[string]any{"format": "json", "fields": map[string]any{"id": "{!event.Id}"}}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *Spec)
		want   string // "" means valid
	}{
		{"the base spec is valid", func(s *Spec) {}, ""},
		{"an event trigger with a running user and batch size", func(s *Spec) { eventTrigger(s, "integration@acme.com", 200) }, ""},
		{"an event trigger batch over 2000", func(s *Spec) { eventTrigger(s, "", 2001) }, "trigger.batchSize: must be from 1 to 2000"},
		{"an event trigger batch below 1", func(s *Spec) { eventTrigger(s, "", -1) }, "trigger.batchSize: must be from 1 to 2000"},
		{"a running user that is no username", func(s *Spec) { eventTrigger(s, "Integration User", 0) }, "trigger.runAs: is a Salesforce username"},
		{"a running user on a webhook", func(s *Spec) { s.Flows[0].Trigger.RunAs = "a@b.com" }, "runAs"},
		{"a label on two lines", func(s *Spec) { s.Label = "Orders\nsf x" }, "label: must be one line"},
		{"a package name on two lines", func(s *Spec) { s.Package = &Package{Name: "Orders\r"} }, "package.name: must be one line"},
		{"http on localhost is fine", func(s *Spec) { s.Systems[0].URL = "http://127.0.0.1:8080/api" }, ""},
		{"http on [::1] is fine", func(s *Spec) { s.Systems[0].URL = "http://[::1]:8080" }, ""},
		{"a relative url", func(s *Spec) { s.Systems[0].URL = "/api" }, "must be an absolute URL"},
		{"an ftp url", func(s *Spec) { s.Systems[0].URL = "ftp://example.com" }, "must use https, not ftp"},
		{"a url with a fragment", func(s *Spec) { s.Systems[0].URL = "https://example.com/#x" }, "query or fragment"},
		{"a url with a user", func(s *Spec) { s.Systems[0].URL = "https://bob@example.com" }, "must not hold a user name"},
		{"a url with a merge field", func(s *Spec) { s.Systems[0].URL = "https://example.com/{!x}" }, "merge fields"},
		{"a very long url", func(s *Spec) { s.Systems[0].URL = "https://example.com/" + strings.Repeat("a", 1000) }, "at most 1000"},
		{"a missing url", func(s *Spec) { s.Systems[0].URL = "" }, "systems[0].url: is required"},
		{"a missing auth type", func(s *Spec) { s.Systems[0].Auth.Type = "" }, "systems[0].auth.type: is required (none, apiKey"},
		{"a scope on bearer", func(s *Spec) { s.Systems[0].Auth.Scope = "read" }, "auth type bearer does not take scope"},
		{"webhook path with a space", func(s *Spec) { s.Flows[0].Trigger.Path = "/my orders" }, "spaces"},
		{"webhook path with a query", func(s *Spec) { s.Flows[0].Trigger.Path = "/orders?x=1" }, `must not contain '?'`},
		{"webhook path with //", func(s *Spec) { s.Flows[0].Trigger.Path = "/a//b" }, "empty segment"},
		{"webhook path wildcard inside", func(s *Spec) { s.Flows[0].Trigger.Path = "/a/*b" }, "whole segment"},
		{"webhook path wildcard in the middle", func(s *Spec) { s.Flows[0].Trigger.Path = "/a/*/b" }, ""},
		{"webhook path too long", func(s *Spec) { s.Flows[0].Trigger.Path = "/" + strings.Repeat("a", 255) }, "at most 255"},
		{"webhook without a path", func(s *Spec) { s.Flows[0].Trigger.Path = "" }, "is required for a webhook trigger"},
		{"webhook with an empty methods list", func(s *Spec) { s.Flows[0].Trigger.Methods = []string{} }, "leave methods out for POST"},
		{"webhook with a repeated method", func(s *Spec) { s.Flows[0].Trigger.Methods = []string{"POST", "POST"} }, `"POST" is listed twice`},
		{"verify without a header", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifyHMACSHA256} }, "the header that carries the signature"},
		{"a webhook that does not say how callers are verified", func(s *Spec) { s.Flows[0].Trigger.Verify = nil }, "trigger.verify: is required: how callers are verified"},
		{"a vendor scheme with a header", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifyStripe, Header: "X-Sig"} }, "is fixed by the stripe scheme"},
		{"a stripe window of ten minutes", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifyStripe, ToleranceSeconds: 600} }, ""},
		{"a window on a scheme without a timestamp", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifyGitHub, ToleranceSeconds: 600} }, "github signs no timestamp"},
		{"a negative window", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifySlack, ToleranceSeconds: -1} }, "must be 1-86400 seconds"},
		{"every vendor scheme is valid", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: VerifyTwilio} }, ""},
		{"verify of an unknown type", func(s *Spec) { s.Flows[0].Trigger.Verify = &Verify{Type: "md5", Header: "X-Sig"} }, `unknown verify type "md5"`},
		{"a body that is not a map", func(s *Spec) { s.Flows[0].Steps[0].Body = "raw" }, "a call body is {format: json | form"},
		{"a body with an unknown key", func(s *Spec) {
			s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{"a": 1}, "fromat": "json"}
		}, `unknown key "fromat" (did you mean "format"?)`},
		{"a body without fields", func(s *Spec) { s.Flows[0].Steps[0].Body = map[string]any{"format": "json"} }, "body.fields: is required"},
		{"a body with empty fields", func(s *Spec) { s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{}} }, "list at least one value"},
		{"a body with list fields", func(s *Spec) { s.Flows[0].Steps[0].Body = map[string]any{"fields": []any{"a"}} }, "must be a map of names to values"},
		{"a body format that is not text", func(s *Spec) {
			s.Flows[0].Steps[0].Body = map[string]any{"format": 1.0, "fields": map[string]any{"a": 1}}
		}, "must be json or form"},
		{"a form body with a list", func(s *Spec) {
			s.Flows[0].Steps[0].Body = map[string]any{"format": "form", "fields": map[string]any{"a": []any{"x"}}}
		}, "not a list"},
		{"a json body nests", func(s *Spec) {
			s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{"a": []any{map[string]any{"b": "{!request.body.x}"}}}}
		}, ""},
		{"a nested body value with a bad merge field", func(s *Spec) {
			s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{"a": []any{map[string]any{"b": "{!reqest.body.x}"}}}}
		}, `body.fields.a[0].b: "reqest" is not in scope here (in scope: request); did you mean "request"?`},
		{"a query value that is a map", func(s *Spec) { s.Flows[0].Steps[0].Query = map[string]any{"q": map[string]any{}} }, "must be a single value, not a map"},
		{"a header name with a space", func(s *Spec) { s.Flows[0].Steps[0].Headers = map[string]any{"X Y": "1"} }, "is not an HTTP header name"},
		{"a path with a query", func(s *Spec) { s.Flows[0].Steps[0].Path = "/v1?x=1" }, "put query parameters in query"},
		{"a path with a merge field", func(s *Spec) { s.Flows[0].Steps[0].Path = "/v1/{!request.body.id}" }, ""},
		{"a path with a broken merge field", func(s *Spec) { s.Flows[0].Steps[0].Path = "/v1/{!request.body.id" }, "bad merge field"},
		{"a path with a scheme", func(s *Spec) { s.Flows[0].Steps[0].Path = "/go?to=https://x" }, "no scheme or host"},
		{"an empty expect list", func(s *Spec) { s.Flows[0].Steps[0].Expect = []int{} }, "leave expect out"},
		{"a negative timeout", func(s *Spec) { s.Flows[0].Steps[0].TimeoutSeconds = ptr(-1) }, "must be from 1 to 120"},
		{"a zero timeout", func(s *Spec) { s.Flows[0].Steps[0].TimeoutSeconds = ptr(0) }, "must be from 1 to 120"},
		{"a call without a system", func(s *Spec) { s.Flows[0].Steps[0].System = "" }, "system: is required"},
		{"a call to a spec without systems", func(s *Spec) { s.Systems = nil }, "the spec defines no systems"},
		{"forEach over a literal", func(s *Spec) { s.Flows[0].Steps[0].ForEach = "{!'x'}" }, "must name a list"},
		{"forEach with a broken merge field", func(s *Spec) { s.Flows[0].Steps[0].ForEach = "{!x" }, "bad merge field"},
		{"forEach over item", func(s *Spec) { s.Flows[0].Steps[0].ForEach = "{!item.lines}" }, `"item" is not in scope`},
		{"forEach over the request", func(s *Spec) { s.Flows[0].Steps[0].ForEach = "{!request.body.lines}" }, ""},
		{"forEach over a header", func(s *Spec) { s.Flows[0].Steps[0].ForEach = "{!request.headers.X-Id}" }, "request.headers.X-Id is a single text value"},
		{"a step without an id", func(s *Spec) { s.Flows[0].Steps[0].ID = "" }, "steps[0].id: is required"},
		{"a step id that is a function", func(s *Spec) { s.Flows[0].Steps[0].ID = "now" }, "built-in name"},
		{"a step id that is reserved", func(s *Spec) { s.Flows[0].Steps[0].ID = "select" }, "reserved word"},
		{"a step of an unknown type", func(s *Spec) { s.Flows[0].Steps[0].Type = "fetch" }, `unknown step type "fetch"`},
		{"a flow name used twice", func(s *Spec) {
			s.Flows = append(s.Flows, s.Flows[0])
			s.Flows[1].Name = "RECEIVE"
			s.Flows[1].Trigger.Path = "/b"
		}, "defined twice"},
		{"a publish without an event", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "p", Type: StepPublish, Fields: map[string]any{"A__c": 1}}
		}, "event: is required"},
		{"a publish to a bad event name", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "p", Type: StepPublish, Event: "Ev", Fields: map[string]any{"A__c": 1}}
		}, "must end with __e"},
		{"a create without fields", func(s *Spec) { s.Flows[0].Steps[0] = Step{ID: "c", Type: StepCreate, Object: "Task"} }, "list at least one field"},
		{"a create with a bad field name", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "c", Type: StepCreate, Object: "Task", Fields: map[string]any{"Bad Name": 1}}
		}, "may hold only letters"},
		{"a create with a list value", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "c", Type: StepCreate, Object: "Task", Fields: map[string]any{"Subject": []any{"a"}}}
		}, "not a list"},
		{"a create of a bad object", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "c", Type: StepCreate, Object: "Task__x", Fields: map[string]any{"Subject": "a"}}
		}, "must end with __c"},
		{"an upsert on a field not marked externalId", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "Ref__c", Type: FieldText, Length: 10}}}}
			s.Flows[0].Steps[0] = Step{ID: "u", Type: StepUpsert, Object: "Inv__c", ExternalID: "Ref__c", Fields: map[string]any{"Ref__c": "a"}}
		}, "is not marked externalId: true"},
		{"an update with a record", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "u", Type: StepUpdate, Object: "Account", Record: "{!request.body.id}", Fields: map[string]any{"Name": "a"}}
		}, ""},
		{"an update with a bad record", func(s *Spec) {
			s.Flows[0].Steps[0] = Step{ID: "u", Type: StepUpdate, Object: "Account", Record: "{!record.Id}", Fields: map[string]any{"Name": "a"}}
		}, `"record" is not in scope`},
		{"an event field with externalId", func(s *Spec) {
			s.Events = []Event{{Name: "E__e", Fields: []Field{{Name: "A__c", Type: FieldText, Length: 5, ExternalID: true}}}}
		}, "Text field does not take externalId"},
		{"an event without fields", func(s *Spec) { s.Events = []Event{{Name: "E__e"}} }, "needs at least one field"},
		{"an event listed twice", func(s *Spec) {
			f := []Field{{Name: "A__c", Type: FieldCheckbox}}
			s.Events = []Event{{Name: "E__e", Fields: f}, {Name: "e__e", Fields: f}}
		}, "listed twice"},
		{"an object listed twice", func(s *Spec) {
			f := []Field{{Name: "A__c", Type: FieldCheckbox}}
			s.Objects = []Object{{Name: "Account", Fields: f}, {Name: "account", Fields: f}}
		}, "listed twice"},
		{"a standard object without fields", func(s *Spec) { s.Objects = []Object{{Name: "Account"}} }, "list at least one"},
		{"a namespaced object definition", func(s *Spec) { s.Objects = []Object{{Name: "ns__Inv__c"}} }, "may not contain __"},
		{"a field label over 40 characters", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldDate, Label: strings.Repeat("x", 41)}}}}
		}, "at most 40"},
		{"a LongTextArea too short", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldLongTextArea, Length: 100}}}}
		}, "from 256 to 131072"},
		{"a Number with precision 19", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldNumber, Precision: 19}}}}
		}, "from 1 to 18"},
		{"a Picklist without values", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldPicklist}}}}
		}, "needs at least one value"},
		{"a Picklist with a blank value", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldPicklist, Values: []string{" "}}}}}
		}, "must not be empty"},
		{"a Lookup to a bad object", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: FieldLookup, ReferenceTo: "1Account"}}}}
		}, "must start with a letter"},
		{"a field of unknown type", func(s *Spec) {
			s.Objects = []Object{{Name: "Inv__c", Fields: []Field{{Name: "A__c", Type: "Txt"}}}}
		}, `unknown field type "Txt" (did you mean "Text"?)`},
		{"an invocable param declared twice", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerInvocable, Label: "Go", Inputs: []Param{{Name: "a", Type: "Text"}, {Name: "A", Type: "Text"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "declared twice"},
		{"a trigger of unknown type", func(s *Spec) { s.Flows[0].Trigger.Type = "onSave" }, `unknown trigger type "onSave"`},
		{"a recordChange without object and on", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "object: is required for a recordChange trigger"},
		{"a bad on value", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerChangeEvent, Object: "Account", On: []string{"insert"}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, `unknown record event "insert"`},
		{"a condition group with both any and all", func(s *Spec) {
			c := []Condition{{Field: "Name", Op: OpIsNull}}
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Any: c, All: c}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "either an any group or an all group"},
		{"a condition group with a field", func(s *Spec) {
			c := []Condition{{Field: "Name", Op: OpIsNull}}
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Any: c, Field: "Name"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "an any/all group does not take field"},
		{"a condition without a field", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Op: OpEquals, Value: "x"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "field: is required"},
		{"a comparison with a list", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Field: "Name", Op: OpEquals, Value: []any{"x"}}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "needs a single value, not a list"},
		{"an empty in list", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Field: "Name", Op: OpIn, Value: []any{}}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "in needs at least one value"},
		{"a comparison without a value", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Field: "Name", Op: OpEquals}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "equals needs a value"},
		{"a condition value that is a map", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Field: "Name", Op: OpEquals, Value: map[string]any{}}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "not a map"},
		{"changedFrom on a change event, which carries no prior values", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerChangeEvent, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Field: "Rating", Op: OpChangedFrom, Value: "Hot"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "when[0].op: changedFrom needs the field's prior value, which a change event does not carry"},
		{"changedFrom in a group on a change event", func(s *Spec) {
			c := []Condition{{Field: "Rating", Op: OpChangedFrom, Value: "Hot"}, {Field: "Name", Op: OpIsNull}}
			s.Flows[0].Trigger = Trigger{Type: TriggerChangeEvent, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Any: c}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "when[0].any[0].op: changedFrom needs the field's prior value"},
		{"a change and an unchanged field in one group of a change event", func(s *Spec) {
			c := []Condition{{Field: "Rating", Op: OpChangedTo, Value: "Hot"}, {Field: "Industry", Op: OpEquals, Value: "Retail"}}
			s.Flows[0].Trigger = Trigger{Type: TriggerChangeEvent, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Any: c}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "when[0]: Rating changedTo and Industry equals in one group: a change event of an update holds only the fields that changed"},
		{"the same group on a record change", func(s *Spec) {
			c := []Condition{{Field: "Rating", Op: OpChangedTo, Value: "Hot"}, {Field: "Industry", Op: OpEquals, Value: "Retail"}}
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Any: c}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, ""},
		{"changedTo on a change event is checked from the new value", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerChangeEvent, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Field: "Rating", Op: OpChangedTo, Value: "Hot"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, ""},
		{"changedFrom on a record change", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnUpdate}, When: []Condition{{Field: "Rating", Op: OpChangedFrom, Value: "Hot"}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, ""},
		{"an empty when list", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "leave when out"},
		{"a bad field path in a condition", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}, When: []Condition{{Field: "Owner..Name", Op: OpIsNull}}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = nil
		}, "field name is empty"},
		{"a record path with an index", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{"a": "{!record.Contacts.0.Name}"}}
		}, "must start with a letter"},
		{"record without a field", func(s *Spec) {
			s.Flows[0].Trigger = Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnCreate}}
			s.Flows[0].Steps = s.Flows[0].Steps[:1]
			s.Flows[0].Steps[0].Body = map[string]any{"fields": map[string]any{"a": "{!record}"}}
		}, "record needs a field"},
		{"a package name too long", func(s *Spec) { s.Package = &Package{Name: strings.Repeat("n", 256)} }, "at most 255"},
		{"an api version that is not a version", func(s *Spec) { s.APIVersion = "v66" }, "is not an API version"},
		{"a retry with negative attempts", func(s *Spec) { s.Flows[0].OnError = &OnError{Retry: &Retry{Attempts: -1}} }, "must be from 0 to 5"},
		{"a reply with a bad merge field", func(s *Spec) { s.Flows[0].Steps[1].Body = "{!upper()}" }, "upper takes 1 argument, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.change(s)
			err := Validate(s)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("Validate accepted the spec, want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("Validate: %v\nwant an error with %q", err, tt.want)
			}
		})
	}
}
