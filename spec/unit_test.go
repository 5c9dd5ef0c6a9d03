package spec

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestErrorsPrintOneProblemPerLineSortedByLineThenPath(t *testing.T) {
	errs := Errors{
		{Path: "flows[0].steps[1].system", Line: 12, Msg: `unknown system "Strpe" (known: Stripe)`},
		{Path: "name", Line: 2, Msg: "is required"},
		{Path: "flows", Msg: "a spec needs at least one flow"},
		{Path: "flows[0].steps[1].method", Line: 12, Msg: "is required"},
	}
	want := `flows: a spec needs at least one flow
line 2: name: is required
line 12: flows[0].steps[1].method: is required
line 12: flows[0].steps[1].system: unknown system "Strpe" (known: Stripe)`
	if got := errs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if errs[0].Path != "flows[0].steps[1].system" {
		t.Error("Error() reordered the caller's slice")
	}
}

func TestJoinKeyQuotesKeysThatAreNotPlainNames(t *testing.T) {
	tests := []struct{ path, key, want string }{
		{"", "name", "name"},
		{"fields", "Amount__c", "fields.Amount__c"},
		{"headers", "X-Api-Key", "headers.X-Api-Key"},
		{"fields", "odd key", `fields["odd key"]`},
		{"fields", "", `fields[""]`},
	}
	for _, tt := range tests {
		if got := joinKey(tt.path, tt.key); got != tt.want {
			t.Errorf("joinKey(%q, %q) = %q, want %q", tt.path, tt.key, got, tt.want)
		}
	}
}

func TestReservedWordsAreCaseInsensitiveAndExcludeAllowedOnes(t *testing.T) {
	for _, w := range []string{"class", "Trigger", "SOBJECT", "sObject", "webservice", "when", "Case", "ORDER"} {
		want := w != "ORDER"
		if got := IsReservedWord(w); got != want {
			t.Errorf("IsReservedWord(%q) = %v, want %v", w, got, want)
		}
	}
	for _, w := range []string{"after", "before", "count", "excludes", "first", "includes", "last", "order", "sharing", "with", "invoice"} {
		if IsReservedWord(w) {
			t.Errorf("IsReservedWord(%q) = true; salesforce.md allows it as an identifier", w)
		}
	}
	if n := len(ReservedWords()); n < 100 {
		t.Errorf("ReservedWords has %d words, want the full list of salesforce.md section 9", n)
	}
}

func TestCheckAPIName(t *testing.T) {
	tests := []struct {
		name string
		max  int
		want string // substring of the error; "" for none
	}{
		{"StripeBilling", 30, ""},
		{"A1_b2", 30, ""},
		{"", 30, "empty"},
		{"1Invoice", 30, "start with a letter"},
		{"_Invoice", 30, "start with a letter"},
		{"Invoice Sync", 30, "only letters, digits and _"},
		{"Invoice-Sync", 30, "only letters, digits and _"},
		{"Invoice__Sync", 30, "__"},
		{"Invoice_", 30, "end with _"},
		{strings.Repeat("a", 31), 30, "at most 30"},
		{strings.Repeat("a", 31), 0, ""},
		{"select", 30, "reserved word"},
		{"Select", 30, "reserved word"},
	}
	for _, tt := range tests {
		err := CheckAPIName(tt.name, tt.max)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckAPIName(%q, %d) = %v, want nil", tt.name, tt.max, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckAPIName(%q, %d) = %v, want an error with %q", tt.name, tt.max, err, tt.want)
		}
	}
}

func TestObjectFieldAndEventNames(t *testing.T) {
	tests := []struct {
		check func(string) error
		name  string
		ok    bool
	}{
		{CheckObjectName, "Opportunity", true},
		{CheckObjectName, "Case", true},
		{CheckObjectName, "Invoice__c", true},
		{CheckObjectName, "acme__Invoice__c", true},
		{CheckObjectName, "Invoice__x", false},
		{CheckObjectName, "Bad__Name__c__c", false},
		{CheckObjectName, strings.Repeat("a", 41) + "__c", false},
		{CheckFieldName, "StageName", true},
		{CheckFieldName, "Amount__c", true},
		{CheckFieldName, "ns__Amount__c", true},
		{CheckFieldName, "toolongnamespace1__Amount__c", false},
		{CheckFieldName, "Amount__r", false},
		{CheckEventName, "Invoice_Synced__e", true},
		{CheckEventName, "Invoice_Synced", false},
		{CheckEventName, "_Bad__e", false},
		{CheckNamespace, "acme", true},
		{CheckNamespace, "acme_co", false},
		{CheckNamespace, "9acme", false},
		{CheckNamespace, "abcdefghijklmnop", false},
	}
	for _, tt := range tests {
		if err := tt.check(tt.name); (err == nil) != tt.ok {
			t.Errorf("check(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
	if !IsStandardObject("Account") || IsStandardObject("Invoice__c") {
		t.Error("IsStandardObject confuses standard and custom objects")
	}
	if got := RelationshipName("Signer__c"); got != "Signer__r" {
		t.Errorf("RelationshipName(Signer__c) = %q", got)
	}
	if got := TrimSuffix("Invoice_Synced__e"); got != "Invoice_Synced" {
		t.Errorf("TrimSuffix = %q", got)
	}
}

func TestCheckCron(t *testing.T) {
	tests := []struct {
		cron string
		want string // substring of the error; "" for none
	}{
		{"0 0 2 * * ?", ""},
		{"0 30 6 ? * MON-FRI", ""},
		{"0 0 0/4 * * ?", ""},
		{"0 15 10 L * ?", ""},
		{"0 0 9 15W * ? 2027", ""},
		{"0 45 23 ? * 6L", ""},
		{"0 0 8 ? JAN-JUN 2#1", ""},
		{"0 0 12 1,15 * ?", ""},
		{"0 0 12 LW * ?", ""},
		{"0 0 2 * *", "has 5 fields"},
		{"0 0 2 * * ? 2027 x", "has 8 fields"},
		{"60 0 2 * * ?", "seconds"},
		{"0 */5 2 * * ?", "minutes"},
		{"0 0 24 * * ?", "out of range 0-23"},
		{"0 0 2 32 * ?", "out of range 1-31"},
		{"0 0 2 * 13 ?", "out of range 1-12"},
		{"0 0 2 ? * 8", "out of range 1-7"},
		{"0 0 2 ? * mon", "upper case"},
		{"0 0 2 * * *", "exactly one"},
		{"0 0 2 ? * ?", "exactly one"},
		{"0 0 5-2 * * ?", "backwards"},
		{"0 0 2 ? * MON#6", "1-5"},
		{"0 0 2 * * ? 1969", "out of range 1970-2099"},
		{"0 0 2 1, * ?", "empty list item"},
		{"0 0 2 * JAN#1 ?", "not allowed"},
	}
	for _, tt := range tests {
		err := CheckCron(tt.cron)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckCron(%q) = %v, want nil", tt.cron, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckCron(%q) = %v, want an error with %q", tt.cron, err, tt.want)
		}
	}
}

func TestFindSecret(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"sk_live_4eC39HqLyjWDarjtT1zdp7dc", true},
		{"use key rk_test_abcdefgh1234 here", true},
		{"xoxp-1234-5678-abcdef", true},
		{"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", true},
		{"github_pat_11ABCDEFG0123456789_abcdefghijklmnop", true},
		{"AKIAIOSFODNN7EXAMPLE", true},
		{"AIzaSyA-1234567890abcdefghijklmnopqrstu", true},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", true},
		{"-----BEGIN OPENSSH PRIVATE KEY-----", true},
		{"bearer abcdefghijklmnopqrstuvwxyz", true},
		{"https://admin:pw@example.com", true},
		{"https://example.com/v1", false},
		{"sk_live_", false},
		{"Bearer {!token}", false},
		{"Invoice for {!record.Name}", false},
		{"AKIA is a prefix", false},
		{"eyJ without dots", false},
	}
	for _, tt := range tests {
		if got := FindSecret(tt.text) != ""; got != tt.want {
			t.Errorf("FindSecret(%q) found=%v, want %v", tt.text, got, tt.want)
		}
	}
	if msg := secretMessage("sk_live_4eC39HqLyjWDarjtT1zdp7dc"); strings.Contains(msg, "4eC39") {
		t.Errorf("secret message echoes the secret: %s", msg)
	}
}

func TestParseIsStrictAboutShapeButReadsNumbersAsText(t *testing.T) {
	data := `spec: patchbay/v1
name: X
apiVersion: 66.0
package: {version: 1.0.0, name: 2024}
flows:
  - name: F
    trigger: {type: recordChange, object: Account, on: [create, update], when: [{field: Name, op: in, value: [1, yes, true, null, 2.5]}]}
    steps:
      - {id: s, type: reply, status: 201, body: {n: 1, f: 1.5, b: false, z: null, l: [a, 2], date: 2024-01-01}}
`
	s, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.APIVersion != "66.0" || s.Package.Version != "1.0.0" || s.Package.Name != "2024" {
		t.Errorf("numbers as text: apiVersion %q, version %q, name %q", s.APIVersion, s.Package.Version, s.Package.Name)
	}
	if diff := cmp.Diff([]string{"create", "update"}, s.Flows[0].Trigger.On); diff != "" {
		t.Errorf("on (-want +got):\n%s", diff)
	}
	wantValue := []any{float64(1), "yes", true, nil, 2.5}
	if diff := cmp.Diff(wantValue, s.Flows[0].Trigger.When[0].Value); diff != "" {
		t.Errorf("condition value (-want +got):\n%s", diff)
	}
	wantBody := map[string]any{"n": float64(1), "f": 1.5, "b": false, "z": nil, "l": []any{"a", float64(2)}, "date": "2024-01-01"}
	if diff := cmp.Diff(wantBody, s.Flows[0].Steps[0].Body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	if s.Flows[0].Steps[0].Status != 201 {
		t.Errorf("status = %d", s.Flows[0].Steps[0].Status)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"a document over 1 MiB", "name: x\n" + strings.Repeat("#", MaxDocumentSize), "at most 1048576"},
		{"nothing at all", "", "the spec is empty"},
		{"only null", "null\n", "the spec is empty"},
		{"a second document", "name: a\n---\nname: b\n", "one document"},
		{"broken YAML", "name: [a\n", "not valid YAML or JSON"},
		{"a map where text belongs", "name: {a: b}\n", "name: expected text, got a map"},
		{"a boolean where text belongs", "name: true\n", "expected text, got true/false"},
		{"text where a number belongs", "flows: [{steps: [{status: ok}]}]\n", "expected a whole number, got text"},
		{"a huge number", "flows: [{steps: [{status: 99999999999}]}]\n", "not a whole number in range"},
		{"text where true/false belongs", "objects: [{fields: [{required: yes}]}]\n", "expected true or false, got text"},
		{"a list as a key", "? [a]\n: b\n", "a key must be text"},
		{"an infinite number", "flows: [{steps: [{body: .inf}]}]\n", "not a finite number"},
		{"binary data", "flows: [{steps: [{body: !!binary aGk=}]}]\n", "binary"},
		{"an unknown key far from every known one", "zzzzzz: 1\n", `unknown key "zzzzzz" (known: spec, name,`},
		{"a duplicate key inside a free-form map", "flows: [{steps: [{body: {a: 1, a: 2}}]}]\n", `duplicate key "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error is %T, want Errors", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryDecodeProblem(t *testing.T) {
	_, err := Parse([]byte("nmae: x\nflows: x\nsystems: [{naem: y}]\n"))
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 3 {
		t.Fatalf("got %v, want 3 problems", err)
	}
}

func TestTypeOf(t *testing.T) {
	sc := &Scope{
		Trigger: TriggerInvocable,
		Roots:   []string{RootInput},
		Inputs:  map[string]string{"amount": "Number", "due": "Date", "name": "Text", "ok": "Checkbox"},
		Steps: map[string]Step{
			"quote": {ID: "quote", Type: StepCall},
			"acct":  {ID: "acct", Type: StepCreate},
			"save":  {ID: "save", Type: StepUpdate},
			"lines": {ID: "lines", Type: StepCall, ForEach: "{!quote.lines}"},
		},
		StepOrder: []string{"quote", "acct", "save", "lines"},
	}
	tests := []struct {
		expr string
		want Type
		err  string
	}{
		{"input.amount", TypeNumber, ""},
		{"input.due", TypeDate, ""},
		{"input.ok", TypeBoolean, ""},
		{"quote.data.0.id", TypeAny, ""},
		{"acct.Id", TypeText, ""},
		{"'x'", TypeText, ""},
		{"-1.5", TypeNumber, ""},
		{"null", TypeNull, ""},
		{"true", TypeBoolean, ""},
		{"cents(input.amount)", TypeNumber, ""},
		{"cents(quote.total)", TypeNumber, ""},
		{"addDays(input.due, 1)", TypeDate, ""},
		{"addDays(now(), 1)", TypeDateTime, ""},
		{"coalesce(input.name, 'x')", TypeText, ""},
		{"formatDate(today(), 'yyyy')", TypeText, ""},
		{"concat(1, true, null)", TypeText, ""},
		{"input", TypeAny, "input needs the name of an input"},
		{"input.amount.cents", TypeAny, "has no fields"},
		{"input.total", TypeAny, `"total" is not a declared input (inputs: amount, due, name, ok)`},
		{"record.Name", TypeAny, `"record" is not in scope here (in scope: input, quote, acct, save, lines)`},
		{"item", TypeAny, `"item" is not in scope`},
		{"acct.Name", TypeAny, "only Id"},
		{"save.Id", TypeAny, "has no result"},
		{"lines.id", TypeAny, "runs forEach"},
		{"qoute.id", TypeAny, `"qoute" is not in scope here (in scope: input, quote, acct, save, lines); did you mean "quote"?`},
		{"cents(input.name)", TypeAny, "argument 1 of cents must be number, got text"},
		{"formatDate(input.amount, 'y')", TypeAny, "must be date or datetime"},
		{"round(1, 2, 3)", TypeAny, "round takes 1 to 2 arguments, got 3"},
		{"now(1)", TypeAny, "now takes 0 arguments, got 1"},
		{"concat()", TypeAny, "concat takes at least 1 argument, got 0"},
		{"centz(1)", TypeAny, `unknown function "centz" (functions: addDays, cents, coalesce, concat, formatDate, lower, now, round, toNumber, toText, today, trim, upper); did you mean "cents"?`},
		{"cents(upper(input.amount))", TypeAny, "argument 1 of upper must be text, got number"},
	}
	for _, tt := range tests {
		e, err := ParseExpr("{!" + tt.expr + "}")
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", tt.expr, err)
		}
		got, err := TypeOf(e, sc)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("TypeOf(%s) error %v", tt.expr, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("TypeOf(%s) = %v, want an error with %q", tt.expr, err, tt.err)
		case tt.err == "" && got != tt.want:
			t.Errorf("TypeOf(%s) = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

func TestFlowScopeFollowsTriggerAndStepOrder(t *testing.T) {
	s := &Spec{Flows: []Flow{
		{Trigger: Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnUpdate}}, Steps: []Step{
			{ID: "a", Type: StepCall}, {ID: "b", Type: StepCreate, ForEach: "{!a.items}"}, {ID: "c", Type: StepCall},
		}},
		{Trigger: Trigger{Type: TriggerRecordChange, Object: "Account", On: []string{OnUpdate, OnCreate}}},
		{Trigger: Trigger{Type: TriggerSchedule}},
	}}
	tests := []struct {
		flow, step int
		foreach    bool
		want       []string
	}{
		{0, 0, false, []string{"record", "prior"}},
		{0, 1, false, []string{"record", "prior", "item", "a"}},
		{0, 1, true, []string{"record", "prior", "a"}},
		{0, 3, false, []string{"record", "prior", "a", "b", "c"}},
		{1, 0, false, []string{"record"}},
		{2, 0, false, []string{"lastRun"}},
	}
	for _, tt := range tests {
		sc := FlowScope(s, tt.flow, tt.step)
		if tt.foreach {
			sc = ForEachScope(s, tt.flow, tt.step)
		}
		if diff := cmp.Diff(tt.want, sc.names()); diff != "" {
			t.Errorf("flow %d step %d foreach=%v (-want +got):\n%s", tt.flow, tt.step, tt.foreach, diff)
		}
	}
}

func TestCheckTemplateGivesTheValueType(t *testing.T) {
	sc := &Scope{Roots: []string{RootLastRun}}
	tests := []struct {
		text string
		want Type
	}{
		{"plain", TypeText},
		{"{!lastRun}", TypeDateTime},
		{"since {!lastRun}", TypeText},
		{"{!cents(2)}", TypeNumber},
	}
	for _, tt := range tests {
		_, got, err := CheckTemplate(tt.text, sc)
		if err != nil || got != tt.want {
			t.Errorf("CheckTemplate(%q) = %s, %v; want %s", tt.text, got, err, tt.want)
		}
	}
}

func TestValidateOfNilAndEmptySpecs(t *testing.T) {
	if err := Validate(nil); err == nil {
		t.Error("Validate(nil) = nil")
	}
	err := Validate(&Spec{})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Validate(&Spec{}) = %v, want Errors", err)
	}
	want := "flows: a spec needs at least one flow\nname: is required\nspec: is required: spec: patchbay/v1"
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
}

func TestFormatPrintsReadableYAML(t *testing.T) {
	log := false
	s := &Spec{Spec: Version, Name: "X", Flows: []Flow{{
		Name:    "F",
		Trigger: Trigger{Type: TriggerSchedule, Cron: "0 0 2 * * ?"},
		Steps: []Step{{ID: "a", Type: StepCall, System: "S", Method: "POST", Path: "/x",
			Body: map[string]any{"fields": map[string]any{"n": float64(3), "t": "66.0", "m": "two\nlines", "q": "{!formatDate(lastRun, 'yyyy')}"}, "format": "json"}}},
		OnError: &OnError{Retry: &Retry{}, Log: &log},
	}}}
	got, err := Format(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `spec: patchbay/v1
name: X
flows:
  - name: F
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - id: a
        type: call
        system: S
        method: POST
        path: /x
        body:
          format: json
          fields:
            m: |-
              two
              lines
            "n": 3
            q: "{!formatDate(lastRun, 'yyyy')}"
            t: "66.0"
    onError:
      retry: {attempts: 0}
      log: false
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Format (-want +got):\n%s", diff)
	}
}

func TestFormatAcceptsGoValuesBuiltByHand(t *testing.T) {
	s := &Spec{Spec: Version, Name: "X", Flows: []Flow{{Name: "F", Trigger: Trigger{Type: TriggerWebhook, Path: "/x", Verify: &Verify{Type: VerifySalesforceSession}},
		Steps: []Step{{ID: "r", Type: StepReply, Body: map[string]any{"n": 3, "u": uint8(4), "f": float32(1.5), "l": []string{"a"}, "m": map[string]string{"k": "v"}}}}}}}
	out, err := Format(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(out)
	if err != nil {
		t.Fatalf("Load(Format(s)): %v\n%s", err, out)
	}
	want := map[string]any{"n": float64(3), "u": float64(4), "f": 1.5, "l": []any{"a"}, "m": map[string]any{"k": "v"}}
	if diff := cmp.Diff(want, back.Flows[0].Steps[0].Body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	bad := &Spec{Flows: []Flow{{Steps: []Step{{Body: map[string]any{"x": math.Inf(1)}}}}}}
	if _, err := Format(bad); err == nil {
		t.Error("Format accepted an infinite number")
	}
}

func TestStepDefaults(t *testing.T) {
	tests := []struct {
		step              Step
		timeout, status   int
		ok200, ok201, bad bool
	}{
		{Step{}, 30, 200, true, true, false},
		{Step{TimeoutSeconds: ptr(5), Status: 201, Expect: []int{201, 404}}, 5, 201, false, true, true},
	}
	for i, tt := range tests {
		if got := tt.step.Timeout(); got != tt.timeout {
			t.Errorf("%d: Timeout() = %d, want %d", i, got, tt.timeout)
		}
		if got := tt.step.ReplyStatus(); got != tt.status {
			t.Errorf("%d: ReplyStatus() = %d, want %d", i, got, tt.status)
		}
		if tt.step.Succeeded(200) != tt.ok200 || tt.step.Succeeded(201) != tt.ok201 || tt.step.Succeeded(404) != tt.bad {
			t.Errorf("%d: Succeeded disagrees with expect %v", i, tt.step.Expect)
		}
	}
	if got := (Trigger{}).WebhookMethods(); len(got) != 1 || got[0] != "POST" {
		t.Errorf("WebhookMethods() = %v, want [POST]", got)
	}
	for _, tt := range []struct {
		f          Field
		prec, scal int
	}{
		{Field{Type: FieldNumber}, 18, 0},
		{Field{Type: FieldCurrency}, 18, 2},
		{Field{Type: FieldPercent, Precision: 5, Scale: 1}, 5, 1},
		{Field{Type: FieldNumber, Precision: 10}, 10, 0},
	} {
		if p, s := tt.f.EffectivePrecisionScale(); p != tt.prec || s != tt.scal {
			t.Errorf("%s %d,%d: EffectivePrecisionScale() = %d,%d, want %d,%d", tt.f.Type, tt.f.Precision, tt.f.Scale, p, s, tt.prec, tt.scal)
		}
	}
}

func TestSchemaRefinementsNameRealKeys(t *testing.T) {
	types := map[string]reflect.Type{}
	for _, v := range []any{Spec{}, Package{}, System{}, Auth{}, Object{}, Event{}, Field{}, Flow{}, Trigger{},
		Verify{}, Param{}, Condition{}, Step{}, OnError{}, Retry{}} {
		rt := reflect.TypeOf(v)
		types[rt.Name()] = rt
	}
	for _, m := range []map[string]bool{keysOf(fieldSchemas), keysOf(fieldDocs)} {
		for key := range m {
			typ, name, _ := strings.Cut(key, ".")
			rt, ok := types[typ]
			if !ok {
				t.Errorf("%s: no type %s", key, typ)
				continue
			}
			names, _ := structFields(rt)
			found := false
			for _, n := range names {
				found = found || n == name
			}
			if !found {
				t.Errorf("%s: %s has no key %q", key, typ, name)
			}
		}
	}
}

func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func TestHandBuiltValuesOfOddTypesDoNotPanic(t *testing.T) {
	s := &Spec{Spec: Version, Name: "X", Flows: []Flow{{Name: "F", Trigger: Trigger{Type: TriggerWebhook, Path: "/x"},
		Steps: []Step{{ID: "r", Type: StepReply, Body: map[string]any{"odd": map[int]string{1: "a"}, "ch": make(chan int)}}}}}}
	_ = Validate(s)
	if _, err := Format(s); err == nil {
		t.Error("Format accepted a map with int keys and a channel")
	}
}

func TestParseAcceptsATrailingDocumentMarker(t *testing.T) {
	for _, data := range []string{"---\nname: a\n", "name: a\n---\n", "name: a\n...\n", "name: a\n---\n# nothing\n"} {
		s, err := Parse([]byte(data))
		if err != nil || s.Name != "a" {
			t.Errorf("Parse(%q) = %v, %v", data, s, err)
		}
	}
}

func TestFormatWritesTheOnKeyBareAndReadsItBack(t *testing.T) {
	s, err := Load([]byte("spec: patchbay/v1\nname: Billing\nflows:\n  - name: Sync\n    trigger: {type: recordChange, object: Account, on: [create, update]}\n    steps:\n      - {id: saveIt, type: update, object: Account, fields: {Description: \"on\"}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Format(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `"on":`) || !strings.Contains(string(out), "on: [create, update]") {
		t.Errorf("the trigger key is not written as on:\n%s", out)
	}
	if !strings.Contains(string(out), `Description: "on"`) {
		t.Errorf("a value \"on\" must stay quoted for YAML 1.1 readers:\n%s", out)
	}
	back, err := Load(out)
	if err != nil {
		t.Fatalf("formatted spec does not load: %v\n%s", err, out)
	}
	if got := back.Flows[0].Trigger.On; len(got) != 2 || got[0] != "create" || got[1] != "update" {
		t.Errorf("on read back as %v", got)
	}
}

// ptr returns a pointer to v, for optional spec values.
func ptr[T any](v T) *T { return &v }
