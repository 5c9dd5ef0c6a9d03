package builder

import "strings"

// endpoint is a known system's fixed endpoint, as its vendor documents
// it, for the calls the planner makes to that system whatever the noun.
type endpoint struct {
	system string
	path   string
	doc    string // where the vendor documents it
}

// fixedEndpoints are the known systems whose calls all go to one
// documented path.
var fixedEndpoints = []endpoint{
	{"Slack", "/api/chat.postMessage", "https://api.slack.com/methods/chat.postMessage"},
	{"Twilio", "/2010-04-01/Accounts/ACCOUNT_SID/Messages.json", "https://www.twilio.com/docs/messaging/api/message-resource"},
	{"Zendesk", "/api/v2/tickets", "https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/"},
	{"Freshdesk", "/api/v2/tickets", "https://developers.freshdesk.com/api/#tickets"},
	{"Jira", "/rest/api/3/issue", "https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/"},
	{"ServiceNow", "/api/now/table/incident", "https://docs.servicenow.com (Table API)"},
	{"DocuSign", "/restapi/v2.1/accounts/ACCOUNT_ID/envelopes", "https://developers.docusign.com/docs/esign-rest-api/reference/envelopes/envelopes/create/"},
	{"Mailchimp", "/3.0/lists/LIST_ID/members", "https://mailchimp.com/developer/marketing/api/list-members/"},
	{"Marketo", "/rest/v1/leads.json", "https://developers.marketo.com/rest-api/lead-database/leads/"},
	{"Clearbit", "/v2/companies/find", "https://dashboard.clearbit.com/docs#enrichment-api-company-api"},
	{"ZoomInfo", "/enrich/company", "https://api-docs.zoominfo.com (Enrich Company)"},
	{"SendGrid", "/v3/mail/send", "https://docs.sendgrid.com/api-reference/mail-send/mail-send"},
	{"Teams", "/v1.0/teams/TEAM_ID/channels/CHANNEL_ID/messages", "https://learn.microsoft.com/graph/api/chatmessage-post"},
}

// resourceFamily is a known system whose REST paths name a resource
// after a common prefix; resources lists the ones its vendor documents,
// spelled as the path spells them.
type resourceFamily struct {
	system    string
	prefix    string
	suffix    string
	resources []string
	// spell writes a resource the vendor does not document the way the
	// system's paths write resources (plural, dashed: "day-shipments").
	spell func(res string) string
	// aliases are nouns whose documented resource has another name: in
	// Outreach, adding someone to a sequence creates a sequenceState.
	aliases map[string]string
}

// resourceFamilies are the known systems with documented resource paths.
var resourceFamilies = []resourceFamily{
	{"Stripe", "/v1/", "", []string{"customers", "invoices", "invoiceitems", "charges", "payment_intents", "subscriptions", "products", "prices", "refunds", "payouts", "credit_notes", "quotes"}, nil, nil},
	{"HubSpot", "/crm/v3/objects/", "", []string{"contacts", "companies", "deals", "tickets", "line_items", "products", "quotes", "notes", "tasks", "calls", "emails", "meetings"}, nil, nil},
	{"NetSuite", "/services/rest/record/v1/", "", []string{"customer", "salesOrder", "invoice", "contact", "vendor", "employee", "inventoryItem", "purchaseOrder", "cashSale", "opportunity", "estimate", "creditMemo"},
		func(res string) string { return strings.ReplaceAll(res, "-", "") }, nil},
	{"Xero", "/api.xro/2.0/", "", []string{"Invoices", "Contacts", "Payments", "CreditNotes", "Items", "Quotes", "PurchaseOrders", "BankTransactions"}, camel, nil},
	{"QuickBooks", "/v3/company/COMPANY_ID/", "", []string{"invoice", "customer", "payment", "item", "estimate", "bill", "vendor", "salesreceipt", "creditmemo"},
		func(res string) string { return strings.ReplaceAll(singular(res), "-", "") }, nil},
	{"Dynamics365", "/api/data/v9.2/", "", []string{"accounts", "contacts", "leads", "opportunities", "incidents", "salesorders", "invoices", "quotes"},
		func(res string) string { return strings.ReplaceAll(res, "-", "") }, nil},
	{"Shopify", "/admin/api/2024-10/", ".json", []string{"orders", "customers", "products", "draft_orders", "fulfillments", "inventory_levels"}, nil, nil},
	{"Intercom", "/", "", []string{"contacts", "conversations", "companies", "tags", "notes", "events", "tickets", "messages"}, nil, nil},
	{"Outreach", "/api/v2/", "", []string{"prospects", "accounts", "sequenceStates", "mailings", "tasks", "opportunities"}, nil,
		map[string]string{"sequence": "sequenceStates"}},
}

// resourceKey compares resource names whatever their case, separators
// and number: "Sales Orders", "salesOrder" and "sales_orders" are one.
func resourceKey(s string) string {
	s = strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s))
	return singular(s)
}

// defaultPath is the path of a call to system about noun when the request
// names none. documented reports whether the path is one the system's
// vendor documents; a path composed from the request's words is not, and
// the caller lists it as an assumption to confirm.
func defaultPath(system, noun string) (path string, documented bool) {
	for _, e := range fixedEndpoints {
		if e.system == system {
			return e.path, true
		}
	}
	res := strings.ReplaceAll(plural(strings.ReplaceAll(strings.TrimSpace(noun), " ", "_")), "_", "-")
	res = strings.Trim(pathUnsafeRe.ReplaceAllString(strings.ToLower(res), ""), "-")
	if res == "" {
		res = "records"
	}
	for _, fam := range resourceFamilies {
		if fam.system != system {
			continue
		}
		if r, ok := fam.aliases[resourceKey(res)]; ok {
			return fam.prefix + r + fam.suffix, true
		}
		for _, r := range fam.resources {
			if resourceKey(r) == resourceKey(res) {
				return fam.prefix + r + fam.suffix, true
			}
		}
		if fam.spell != nil {
			res = fam.spell(res)
		}
		return fam.prefix + res + fam.suffix, false
	}
	return "/" + res, false
}

// documentedPath reports whether path is an endpoint that system's vendor
// documents, optionally followed by one record id merge field
// ("/v1/customers/{!record.Stripe_Id__c}").
func documentedPath(system, path string) bool {
	if i := strings.LastIndex(path, "/{!"); i > 0 && strings.HasSuffix(path, "}") {
		path = path[:i]
	}
	for _, e := range fixedEndpoints {
		if e.system == system && e.path == path {
			return true
		}
	}
	for _, fam := range resourceFamilies {
		if fam.system != system {
			continue
		}
		for _, r := range fam.resources {
			if path == fam.prefix+r+fam.suffix {
				return true
			}
		}
	}
	return false
}
