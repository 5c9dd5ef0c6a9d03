package builder

import (
	"context"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestInboundRowExamples checks that each way of saying a system calls us
// plans a webhook, on its own example and on other wordings of it.
func TestInboundRowExamples(t *testing.T) {
	var texts []string
	for _, r := range inboundRows {
		texts = append(texts, r.example+" Create a Case and reply 200.")
	}
	texts = append(texts,
		"Could you have Shopify send the orders to us at /shopify/orders? Upsert the Order by Shopify_Order_Id__c and reply 200.",
		"Let Gorgias push new tickets to salesforce at /gorgias/tickets, then create a Case.",
		"Calendly is set up to post bookings to a URL we give it, /calendly/bookings. Create a Task for the owner.",
		"Shipbob can call an endpoint on our end whenever a shipment leaves; use /shipbob/shipments. Update the Order and reply 200.",
		"Their system pings a URL at our side when a claim is paid, call it /claims/paid. Create a Task.",
		"Please stand up /greenhouse/hires that can accept their webhooks. Create a Contact.",
		"We need /onfleet/tasks to handle those callbacks, then create a Task for the dispatcher.",
	)
	for _, text := range texts {
		res, err := NewOffline().Plan(context.Background(), text)
		if err != nil || res.Spec == nil {
			t.Errorf("%q: %v %s", text, err, res.Question)
			continue
		}
		if tr := res.Spec.Flows[0].Trigger; tr.Type != spec.TriggerWebhook || tr.Path == "" {
			t.Errorf("%q: trigger %+v, want a webhook at the path given", text, tr)
		}
	}
}
