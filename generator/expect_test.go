package generator

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// webhookSpec is a signed webhook that creates a Case from the request
// and replies with its id; change adjusts it per case.
func webhookSpec(change func(s *spec.Spec)) *spec.Spec {
	s := &spec.Spec{Spec: spec.Version, Name: "Tickets",
		Systems: []spec.System{{Name: "Api", URL: "https://api.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
		Flows: []spec.Flow{{Name: "Receive",
			Trigger: spec.Trigger{Type: spec.TriggerWebhook, Path: "/tickets", Verify: &spec.Verify{Type: spec.VerifyGitHub}},
			Steps: []spec.Step{
				{ID: "lookup", Type: spec.StepCall, System: "Api", Method: "GET", Path: "/users/{!request.body.user}", Expect: []int{200}},
				{ID: "newCase", Type: spec.StepCreate, Object: "Case", Fields: map[string]any{
					"Subject": "{!trim(request.body.subject)}", "SuppliedEmail": "{!lower(lookup.email)}", "Origin": "Web"}},
				{ID: "ok", Type: spec.StepReply, Status: 201, Body: map[string]any{"caseId": "{!newCase.Id}", "subject": "{!upper(request.body.subject)}", "received": true}},
			}}},
	}
	if change != nil {
		change(s)
	}
	return s
}

// TestWebhookTestsAssertWhatTheFlowDoes: the generated webhook test sends
// typed samples (an email address where an Email field is filled), asserts
// the exact status (the reply's, or 500 when the request cannot succeed
// against the mock, with the reason), the reply value by value and the
// record written field by field, as the dry run computes them.
func TestWebhookTestsAssertWhatTheFlowDoes(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *spec.Spec)
		want   []string
		absent []string
	}{
		{"a request that succeeds", nil, []string{
			`res.setBody('{"email":"sample@example.com"}');`,
			"Assert.areEqual(201, RestContext.response.statusCode, 'the reply status (a 500 means a step failed)' + lastLog());",
			"Assert.isNotNull(Id.valueOf(String.valueOf(v)), 'the reply\\'s ' + 'caseId' + ' is the created record\\'s id');",
			"Assert.areEqual('1', String.valueOf(v), 'the reply\\'s ' + 'subject' + ', as the dry run computes it');",
			"Assert.areEqual(true, v, 'the reply\\'s ' + 'received' + ', as the dry run computes it');",
			"rec = [SELECT Id, Origin, Subject, SuppliedEmail FROM Case WITH SYSTEM_MODE ORDER BY CreatedDate DESC, Id DESC LIMIT 1];",
			"Assert.areEqual('sample@example.com', String.valueOf(rec.get('SuppliedEmail')), 'Case.SuppliedEmail as the dry run computes it');",
			"System.runAs(integrationUser()) {",
		}, []string{"|| status == 500"}},
		{"a call that does not accept the mock's status", func(s *spec.Spec) {
			s.Flows[0].Steps = append([]spec.Step{{ID: "ping", Type: spec.StepCall, System: "Api", Method: "GET", Path: "/ping", Expect: []int{204}}}, s.Flows[0].Steps...)
			s.Flows[0].Steps[1].Expect = []int{200}
		}, []string{"Assert.areEqual(500, RestContext.response.statusCode, 'the test request fails against the mock: step lookup does not accept the mock\\'s status 204' + lastLog());"},
			[]string{"Object reply = JSON"}},
		{"a sample where a record id belongs", func(s *spec.Spec) {
			s.Flows[0].Steps[1].Fields["AccountId"] = "{!request.body.account}"
		}, []string{"'the test request fails against the mock: step newCase puts a sample, not a record id, in AccountId'"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Generate(webhookSpec(tt.change))
			if err != nil {
				t.Fatal(err)
			}
			test := fileText(t, b, "TicketsReceiveWebhookTest.cls")
			for _, w := range tt.want {
				if !strings.Contains(test, w) {
					t.Errorf("the webhook test lacks\n%s\n----\n%s", w, test)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(test, a) {
					t.Errorf("the webhook test has %q", a)
				}
			}
		})
	}
}

// TestActionTestsAssertSuccessAndOutputs: the action's test sends typed
// inputs and asserts the exact outcome and each output read from the
// call's answer, not merely that a Boolean is there.
func TestActionTestsAssertSuccessAndOutputs(t *testing.T) {
	s := &spec.Spec{Spec: spec.Version, Name: "Sign",
		Systems: []spec.System{{Name: "Docs", URL: "https://docs.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
		Flows: []spec.Flow{{Name: "Send", Trigger: spec.Trigger{Type: spec.TriggerInvocable, Label: "Send",
			Inputs:  []spec.Param{{Name: "email", Type: "Email"}},
			Outputs: []spec.Param{{Name: "envelopeId", Type: "Text"}, {Name: "pages", Type: "Number"}}},
			Steps: []spec.Step{{ID: "send", Type: spec.StepCall, System: "Docs", Method: "POST", Path: "/envelopes",
				Body: map[string]any{"format": "json", "fields": map[string]any{"to": "{!input.email}"}}}}}},
	}
	b, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	test := fileText(t, b, "SignSendActionTest.cls")
	for _, want := range []string{
		"r.email = 'sample@example.com';",
		"Assert.areEqual(true, results[0].success, 'the action succeeds against the test mock');",
		"Assert.areEqual('1', results[0].envelopeId, 'the output envelopeId is the call\\'s answer');",
		"Assert.isTrue(results[0].pages == Decimal.valueOf('42'), 'the output pages is the call\\'s answer');",
	} {
		if !strings.Contains(test, want) {
			t.Errorf("the action test lacks\n%s\n----\n%s", want, test)
		}
	}
	if strings.Contains(test, "Assert.isNotNull(results[0].success") {
		t.Error("the action test still only asserts that success is set")
	}
}
