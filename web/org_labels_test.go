package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestPickersAndDiagramShowTheOrgsLabels: with an org's schema read, the
// form's field pickers show each field's label and type beside its API
// name, and the diagrams name objects and fields by their labels (API
// names on hover).
func TestPickersAndDiagramShowTheOrgsLabels(t *testing.T) {
	a := newTestApp(t)
	c := a.as("ada")
	d := doc(t, c.get(fmt.Sprintf("/integrations/%d", a.exampleID())))
	shown := map[string]string{}
	d.Find(`datalist#dl-fields-f-Opportunity option`).Each(func(_ int, s *goquery.Selection) {
		shown[s.AttrOr("value", "")] = s.Text()
	})
	for api, want := range map[string]string{
		"StageName": "Stage · Picklist", "AccountId": "Account ID · Lookup(Account)", "Amount": "Amount · Currency",
		"SAP_Order_Number__c": "SAP Order Number · Text",
	} {
		if shown[api] != want {
			t.Errorf("picker shows %s as %q, want %q", api, shown[api], want)
		}
	}

	trigger := testid(d, "diagram-trigger-0")
	if got := trigger.Find("text.detail").Text(); got != "Stage → Closed Won" {
		t.Errorf("editor diagram condition = %q, want the field's label", got)
	}
	if got := trigger.Find("title").Text(); !strings.Contains(got, "StageName → Closed Won") {
		t.Errorf("editor diagram hover = %q, want the API names", got)
	}

	// The draft of a plan in production names the org's custom object by
	// its label.
	const text = "When an invoice is created, send the invoice number and amount to NetSuite."
	d = doc(t, c.post("/integrations/plan", url.Values{"text": {text}, "org_chosen": {"1"}, "org": {itoa64(a.orgID("Demo Production"))}}))
	if got := testid(d, "diagram-trigger-0").Find("text.label").Text(); got != "Invoice is created" {
		t.Errorf("draft diagram trigger = %q, want the org's label", got)
	}
}
