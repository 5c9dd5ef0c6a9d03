package generator

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestWebhooksHandleEachVendorEventOnce: a webhook that knows where the
// caller puts its event id (the vendor's documented place, or the spec's
// eventId) answers a retry of a handled event without running the flow,
// records the event in the transaction of its record changes, and keys its
// POST calls' Idempotency-Key by the event; one that does not, does none of it.
func TestWebhooksHandleEachVendorEventOnce(t *testing.T) {
	tests := []struct {
		name    string
		verify  spec.Verify
		eventID string
		want    string // the Apex reading the event id; "" for no deduplication
	}{
		{"stripe puts it in the body", spec.Verify{Type: spec.VerifyStripe}, "", "Runtime.path(ctx, new List<String>{ 'request', 'body', 'id' })"},
		{"shopify in a header", spec.Verify{Type: spec.VerifyShopify}, "", "Runtime.header(req, 'X-Shopify-Event-Id')"},
		{"the spec names it", spec.Verify{Type: spec.VerifyHMACSHA256, Header: "X-Sig"}, "{!request.headers.X-Event-Id}", "Runtime.header(req, 'X-Event-Id')"},
		{"the spec overrides the vendor", spec.Verify{Type: spec.VerifyStripe}, "{!request.body.data.object.id}", "Runtime.path(ctx, new List<String>{ 'request', 'body', 'data', 'object', 'id' })"},
		{"unknown for zendesk", spec.Verify{Type: spec.VerifyZendesk}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vf := tt.verify
			s := &spec.Spec{Spec: spec.Version, Name: "Hooks",
				Systems: []spec.System{{Name: "Api", URL: "https://api.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
				Flows: []spec.Flow{{Name: "Receive",
					Trigger: spec.Trigger{Type: spec.TriggerWebhook, Path: "/events", Verify: &vf, EventID: tt.eventID},
					Steps: []spec.Step{
						{ID: "post", Type: spec.StepCall, System: "Api", Method: "POST", Path: "/v1/things"},
						{ID: "note", Type: spec.StepCreate, Object: "Task", Fields: map[string]any{"Subject": "{!post.id}"}},
					}}},
			}
			b, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			hook := fileText(t, b, "HooksReceiveWebhook.cls")
			test := fileText(t, b, "HooksReceiveWebhookTest.cls")
			hasObject := false
			for _, f := range b.Files {
				if strings.HasSuffix(f.Path, "objects/Webhook_Event__c/fields/Key__c.field-meta.xml") {
					hasObject = true
					if !strings.Contains(string(f.Data), "<unique>true</unique>") {
						t.Errorf("Key__c is not unique, so racing deliveries could both commit:\n%s", f.Data)
					}
				}
			}
			if tt.want == "" {
				if hasObject || strings.Contains(hook, "Webhook_Event__c") {
					t.Errorf("a webhook without an event id deduplicates:\n%s", hook)
				}
				return
			}
			for _, want := range []string{
				"String id = HooksRuntime.text(Hooks" + tt.want + ");",
				"if (handled(eventKey)) {\n                answerDuplicate(res);\n                return;",
				"w.key = eventKey;",
				"runSteps(works);\n            if (!w.failed && eventKey != null) {\n                duplicate = !markHandled(eventKey);",
				"if (duplicate) {\n            // Another delivery of this event committed first: undo this one's records.\n            if (beforeDml != null) {\n                Database.rollback(beforeDml);",
				"e.getStatusCode() != StatusCode.DUPLICATE_VALUE",
			} {
				if !strings.Contains(hook, want) {
					t.Errorf("the webhook lacks %q:\n%s", want, hook)
				}
			}
			if !hasObject {
				t.Error("no Webhook_Event__c object in the package")
			}
			for _, want := range []string{"answersARetryOfAHandledEventWithoutRunningItAgain", "Assert.areEqual(0, mock.requests.size(), 'no call was made again');", "keysEachEventByTheCallersId"} {
				if !strings.Contains(test, want) {
					t.Errorf("the webhook test lacks %q", want)
				}
			}
		})
	}
}
