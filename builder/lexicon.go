package builder

import "github.com/patchbay/patchbay/spec"

// objectWords maps the words admins use for standard objects to their API
// names. Longer phrases are matched first (see objectAt).
var objectWords = map[string]string{
	"opportunity": "Opportunity", "opportunities": "Opportunity", "opp": "Opportunity", "opps": "Opportunity",
	"oppty": "Opportunity", "opportunites": "Opportunity", "oportunity": "Opportunity", "opportunty": "Opportunity",
	"oppurtunity": "Opportunity", "opportunitys": "Opportunity", "oppties": "Opportunity", "opptys": "Opportunity", "oppys": "Opportunity",
	"deal": "Opportunity", "deals": "Opportunity",
	"case": "Case", "cases": "Case", "ticket": "Case", "tickets": "Case", "support ticket": "Case", "support tickets": "Case",
	"support case": "Case", "support cases": "Case",
	"account": "Account", "accounts": "Account", "acount": "Account", "accnt": "Account", "acct": "Account", "customer": "Account", "customers": "Account",
	"company": "Account", "companies": "Account", "client": "Account", "clients": "Account", "customer account": "Account",
	"lead": "Lead", "leads": "Lead", "prospect": "Lead", "prospects": "Lead",
	"contact": "Contact", "contacts": "Contact", "contcat": "Contact", "contatc": "Contact",
	"order": "Order", "orders": "Order", "sales order": "Order", "sales orders": "Order",
	"quote": "Quote", "quotes": "Quote",
	"product": "Product2", "products": "Product2",
	"campaign": "Campaign", "campaigns": "Campaign",
	"campaign member": "CampaignMember", "campaign members": "CampaignMember",
	"task": "Task", "tasks": "Task", "to-do": "Task", "todo": "Task", "follow-up": "Task", "follow up task": "Task", "follow-up task": "Task",
	"meeting": "Event", "meetings": "Event", "calendar event": "Event", "calendar events": "Event",
	"event record": "Event", "event records": "Event",
	"contract": "Contract", "contracts": "Contract",
	"asset": "Asset", "assets": "Asset",
	"user": "User", "users": "User",
	"opportunity line item": "OpportunityLineItem", "opportunity line items": "OpportunityLineItem",
	"opportunity product": "OpportunityLineItem", "opportunity products": "OpportunityLineItem",
	"line item": "OpportunityLineItem", "line items": "OpportunityLineItem",
	"order item": "OrderItem", "order items": "OrderItem", "order product": "OrderItem", "order products": "OrderItem",
	"quote line item": "QuoteLineItem", "quote line items": "QuoteLineItem",
	"work order": "WorkOrder", "work orders": "WorkOrder",
	"service appointment": "ServiceAppointment", "service appointments": "ServiceAppointment",
	"entitlement": "Entitlement", "entitlements": "Entitlement",
	"email message": "EmailMessage", "email messages": "EmailMessage",
	"product2": "Product2", "pricebook2": "Pricebook2", "opportunitylineitem": "OpportunityLineItem", "orderitem": "OrderItem",
	"quotelineitem": "QuoteLineItem", "workorder": "WorkOrder", "campaignmember": "CampaignMember", "casecomment": "CaseComment",
	"serviceappointment": "ServiceAppointment", "servicecontract": "ServiceContract", "emailmessage": "EmailMessage",
	"case comment": "CaseComment", "case comments": "CaseComment", "chatter post": "FeedItem", "chatter posts": "FeedItem",
	"price book": "Pricebook2", "pricebook": "Pricebook2", "service contract": "ServiceContract", "service contracts": "ServiceContract",
}

// fieldWords maps field words to standard field API names. Object-specific
// entries are keyed "Object:word" and win over the generic ones.
var fieldWords = map[string]string{
	"email opt out": "HasOptedOutOfEmail", "email opt-out": "HasOptedOutOfEmail", "email opted out": "HasOptedOutOfEmail",
	"do not call": "DoNotCall", "fax opt out": "HasOptedOutOfFax",
	"amount": "Amount", "deal size": "Amount", "deal value": "Amount", "deal amount": "Amount", "opportunity amount": "Amount",
	"stage": "StageName", "stage name": "StageName", "sales stage": "StageName",
	"status": "Status", "priority": "Priority", "origin": "Origin", "case origin": "Origin", "type": "Type",
	"industry": "Industry", "annual revenue": "AnnualRevenue", "revenue": "AnnualRevenue",
	"rating": "Rating", "probability": "Probability", "phone": "Phone", "phone number": "Phone",
	"mobile": "MobilePhone", "mobile phone": "MobilePhone", "email": "Email", "email address": "Email",
	"subject": "Subject", "description": "Description", "billing country": "BillingCountry",
	"billing state": "BillingState", "billing city": "BillingCity", "shipping country": "ShippingCountry",
	"shipping state": "ShippingState", "country": "Country", "state": "State", "city": "City",
	"lead source": "LeadSource", "source": "LeadSource", "number of employees": "NumberOfEmployees",
	"employee count": "NumberOfEmployees", "headcount": "NumberOfEmployees",
	"close date": "CloseDate", "owner": "OwnerId", "name": "Name", "title": "Title", "job title": "Title",
	"department": "Department", "website": "Website", "reason": "Reason", "case reason": "Reason",
	"company name": "Company", "forecast category": "ForecastCategoryName",
	"next step": "NextStep", "total amount": "TotalAmount", "grand total": "GrandTotal", "discount": "Discount",
	"quantity": "Quantity", "unit price": "UnitPrice", "account number": "AccountNumber", "ownership": "Ownership",
	"account type": "Type", "mailing address": "MailingAddress", "billing address": "BillingAddress", "shipping address": "ShippingAddress",
	"address": "Address", "Contact:address": "MailingAddress", "Account:address": "BillingAddress", "Lead:address": "Address",
	"Contact:mailing state": "MailingState", "mailing state": "MailingState", "Contact:state": "MailingState",
	"Contact:city": "MailingCity", "mailing street": "MailingStreet", "mailing postal code": "MailingPostalCode",
	"Contact:mailing city": "MailingCity", "Contact:mailing country": "MailingCountry", "mailing city": "MailingCity",
	"Lead:company": "Company", "Lead:country": "Country", "Contact:country": "MailingCountry",
	"Account:country": "BillingCountry", "Account:state": "BillingState", "Account:city": "BillingCity",
	"Order:amount": "TotalAmount", "Quote:amount": "GrandTotal", "Account:employees": "NumberOfEmployees",
	"Lead:employees": "NumberOfEmployees", "Account:revenue": "AnnualRevenue",
	"end date": "EndDate", "start date": "StartDate", "contract term": "ContractTerm", "due date": "ActivityDate",
	"expected revenue": "ExpectedRevenue", "birthdate": "Birthdate", "birthday": "Birthdate", "fax": "Fax",
	"postal code": "PostalCode", "zip code": "PostalCode", "billing postal code": "BillingPostalCode", "shipping city": "ShippingCity",
	"expiration date": "ExpirationDate", "effective date": "EffectiveDate", "sic code": "Sic", "ticker symbol": "TickerSymbol",
	"lead status": "Status", "case status": "Status", "order status": "Status", "contract status": "Status",
	"Opportunity:value": "Amount", "Opportunity:size": "Amount", "Opportunity:deal size": "Amount",
}

// picklistValues spells known picklist values the way Salesforce does.
var picklistValues = map[string]string{
	"closed won": "Closed Won", "closed lost": "Closed Lost", "won": "Closed Won", "lost": "Closed Lost",
	"closed-won": "Closed Won", "closed-lost": "Closed Lost", "closedwon": "Closed Won",
	"prospecting": "Prospecting", "qualification": "Qualification", "needs analysis": "Needs Analysis",
	"value proposition": "Value Proposition", "negotiation": "Negotiation/Review", "negotiation/review": "Negotiation/Review",
	"proposal": "Proposal/Price Quote", "proposal/price quote": "Proposal/Price Quote", "id. decision makers": "Id. Decision Makers",
	"perception analysis": "Perception Analysis",
	"working":             "Working", "escalated": "Escalated", "closed": "Closed", "new": "New", "on hold": "On Hold",
	"high": "High", "medium": "Medium", "low": "Low", "critical": "Critical", "urgent": "High",
	"hot": "Hot", "warm": "Warm", "cold": "Cold",
	"activated": "Activated", "draft": "Draft", "approved": "Approved", "rejected": "Rejected",
	"presented": "Presented", "accepted": "Accepted", "denied": "Denied", "in review": "In Review", "needs review": "Needs Review",
	"email": "Email", "web": "Web", "phone": "Phone",
	"open - not contacted": "Open - Not Contacted", "working - contacted": "Working - Contacted",
	"closed - converted": "Closed - Converted", "closed - not converted": "Closed - Not Converted",
	"customer": "Customer", "prospect": "Prospect", "partner": "Partner", "new customer": "New Customer",
	"existing customer": "Existing Customer", "shipped": "Shipped", "installed": "Installed", "completed": "Completed",
	"in progress": "In Progress", "not started": "Not Started", "signed": "Signed", "expired": "Expired",
	"paid": "Paid", "cancelled": "Cancelled", "canceled": "Canceled", "qualified": "Qualified", "unqualified": "Unqualified",
}

// lifecycle is a phrase that stands for a condition on an object.
type lifecycle struct {
	object string // "" for any object with a Status field
	words  []string
	cond   spec.Condition
}

// lifecycles are checked in order; the first phrase found wins per field.
var lifecycles = []lifecycle{
	{"Opportunity", []string{"gets booked", "is booked", "was booked", "booked", "closed won", "closed-won", "closes won", "close won", "closed as won", "closed/won", "closedwon", "marked won", "marked as won", "is won", "gets won", "are won", "was won", "we win", "win a", "won deal", "won deals", "won opportunity", "won opportunities", "moves to won", "goes to won", "becomes won", "set to won", "closing won", "close-won", "won"},
		spec.Condition{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"}},
	{"Opportunity", []string{"closed lost", "closed-lost", "closes lost", "close lost", "closed as lost", "marked lost", "marked as lost", "is lost", "gets lost", "we lose", "lost deal", "lost deals", "lost"},
		spec.Condition{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Lost"}},
	{"Opportunity", []string{"is closed", "gets closed", "closes", "are closed"},
		spec.Condition{Field: "IsClosed", Op: spec.OpChangedTo, Value: true}},
	{"Case", []string{"escalated", "escalates", "gets escalated"},
		spec.Condition{Field: "IsEscalated", Op: spec.OpChangedTo, Value: true}},
	{"Case", []string{"is closed", "gets closed", "closes", "are closed", "closed", "resolved", "is resolved"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Closed"}},
	{"Case", []string{"reopened", "re-opened", "reopens"},
		spec.Condition{Field: "Status", Op: spec.OpChangedFrom, Value: "Closed"}},
	{"Lead", []string{"converted", "converts", "gets converted", "is converted"},
		spec.Condition{Field: "IsConverted", Op: spec.OpChangedTo, Value: true}},
	{"Lead", []string{"qualified", "qualifies"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Qualified"}},
	{"Order", []string{"activated", "activates", "is active"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Activated"}},
	{"Order", []string{"shipped", "ships", "is shipped", "gets shipped", "fulfilled", "is fulfilled"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Shipped"}},
	{"Order", []string{"cancelled", "canceled"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Cancelled"}},
	{"Contract", []string{"activated", "activates", "is active"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Activated"}},
	{"Contract", []string{"signed", "is signed", "gets signed"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Signed"}},
	{"Contract", []string{"expired", "expires"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Expired"}},
	{"Quote", []string{"approved", "is approved", "gets approved"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Approved"}},
	{"Quote", []string{"accepted", "is accepted"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Accepted"}},
	{"Quote", []string{"rejected", "denied"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Rejected"}},
	{"Quote", []string{"presented"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Presented"}},
	{"Asset", []string{"installed"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Installed"}},
	{"Asset", []string{"shipped"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Shipped"}},
	{"Task", []string{"completed", "is done", "marked done", "marked complete", "finished"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Completed"}},
	{"Campaign", []string{"activated", "goes live", "is launched", "launched"},
		spec.Condition{Field: "IsActive", Op: spec.OpChangedTo, Value: true}},
	{"Campaign", []string{"completed"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Completed"}},
	{"Product2", []string{"deactivated"},
		spec.Condition{Field: "IsActive", Op: spec.OpChangedTo, Value: false}},
	{"Product2", []string{"activated"},
		spec.Condition{Field: "IsActive", Op: spec.OpChangedTo, Value: true}},
	{"User", []string{"deactivated", "is disabled", "leaves the company", "is frozen"},
		spec.Condition{Field: "IsActive", Op: spec.OpChangedTo, Value: false}},
	{"User", []string{"activated"},
		spec.Condition{Field: "IsActive", Op: spec.OpChangedTo, Value: true}},
	{"Contact", []string{"opts out", "opted out", "unsubscribes", "unsubscribed"},
		spec.Condition{Field: "HasOptedOutOfEmail", Op: spec.OpChangedTo, Value: true}},
	{"Lead", []string{"opts out", "opted out", "unsubscribes", "unsubscribed"},
		spec.Condition{Field: "HasOptedOutOfEmail", Op: spec.OpChangedTo, Value: true}},
	{"Account", []string{"becomes a customer", "turns into a customer"},
		spec.Condition{Field: "Type", Op: spec.OpChangedTo, Value: "Customer"}},
	{"", []string{"approved", "is approved", "gets approved"},
		spec.Condition{Field: "Status", Op: spec.OpChangedTo, Value: "Approved"}},
}

// adjectives are words before an object that state a condition ("a high
// priority case", "hot leads").
var adjectives = []struct {
	object string
	words  []string
	cond   spec.Condition
}{
	{"Case", []string{"high priority", "high-priority", "urgent", "critical", "p1", "priority high", "high prio"}, spec.Condition{Field: "Priority", Op: spec.OpEquals, Value: "High"}},
	{"Case", []string{"low priority", "low-priority"}, spec.Condition{Field: "Priority", Op: spec.OpEquals, Value: "Low"}},
	{"Case", []string{"medium priority"}, spec.Condition{Field: "Priority", Op: spec.OpEquals, Value: "Medium"}},
	{"Lead", []string{"hot"}, spec.Condition{Field: "Rating", Op: spec.OpEquals, Value: "Hot"}},
	{"Lead", []string{"web", "inbound web", "website"}, spec.Condition{Field: "LeadSource", Op: spec.OpEquals, Value: "Web"}},
	{"Account", []string{"hot"}, spec.Condition{Field: "Rating", Op: spec.OpEquals, Value: "Hot"}},
}

// knownSystem is an external system the planner knows how to reach.
type knownSystem struct {
	name  string   // API name
	label string   // human name
	words []string // how admins write it, lower case
	url   string
	auth  spec.Auth
	kind  string // erp, payments, messaging...
}

func oauthCC(tokenURL string) spec.Auth {
	return spec.Auth{Type: spec.AuthOAuth2ClientCredentials, TokenURL: tokenURL}
}

var (
	bearer = spec.Auth{Type: spec.AuthBearer}
	basic  = spec.Auth{Type: spec.AuthBasic}
)

func apiKey(header string) spec.Auth { return spec.Auth{Type: spec.AuthAPIKey, Header: header} }

// capsOnly are system words that are also ordinary English; they name the
// system only when written with a capital.
var capsOnly = map[string]bool{"ups": true, "square": true, "segment": true, "zoom": true, "notion": true,
	"outreach": true, "sage": true, "gong": true, "teams": true, "oracle": true, "box": true, "braze": true, "workday": true}

// knownSystems is the planner's directory of external systems.
var knownSystems = []knownSystem{
	{"NetSuite", "NetSuite", []string{"netsuite", "net suite", "netsuit", "oracle netsuite"}, "https://your-account.suitetalk.api.netsuite.com", oauthCC("https://your-account.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"), "erp"},
	{"SAP", "SAP", []string{"sap", "s/4hana", "s4hana", "s/4", "sap s/4hana"}, "https://your-tenant.s4hana.cloud.sap", basic, "erp"},
	{"Dynamics365", "Microsoft Dynamics 365", []string{"microsoft dynamics 365", "microsoft dynamics", "dynamics 365", "dynamics crm", "dynamics", "d365"}, "https://your-org.api.crm.dynamics.com", oauthCC("https://login.microsoftonline.com/your-tenant/oauth2/v2.0/token"), "erp"},
	{"Oracle", "Oracle", []string{"oracle erp", "oracle fusion", "oracle"}, "https://your-instance.fa.oraclecloud.com", basic, "erp"},
	{"Workday", "Workday", []string{"workday"}, "https://your-tenant.workday.com", oauthCC("https://your-tenant.workday.com/ccx/oauth2/token"), "erp"},
	{"HubSpot", "HubSpot", []string{"hubspot", "hub spot", "hubspt"}, "https://api.hubapi.com", bearer, "marketing"},
	{"Marketo", "Marketo", []string{"marketo"}, "https://your-munchkin-id.mktorest.com", oauthCC("https://your-munchkin-id.mktorest.com/identity/oauth/token"), "marketing"},
	{"Mailchimp", "Mailchimp", []string{"mailchimp", "mail chimp"}, "https://us1.api.mailchimp.com", bearer, "marketing"},
	{"Pardot", "Pardot", []string{"pardot", "account engagement"}, "https://pi.pardot.com", bearer, "marketing"},
	{"Stripe", "Stripe", []string{"stripe", "strpe", "stipe"}, "https://api.stripe.com", bearer, "payments"},
	{"PayPal", "PayPal", []string{"paypal", "pay pal"}, "https://api-m.paypal.com", oauthCC("https://api-m.paypal.com/v1/oauth2/token"), "payments"},
	{"Adyen", "Adyen", []string{"adyen"}, "https://management-live.adyen.com", apiKey("X-API-Key"), "payments"},
	{"Square", "Square", []string{"square"}, "https://connect.squareup.com", bearer, "payments"},
	{"Braintree", "Braintree", []string{"braintree"}, "https://payments.braintree-api.com", basic, "payments"},
	{"Chargebee", "Chargebee", []string{"chargebee"}, "https://your-site.chargebee.com", basic, "payments"},
	{"Zuora", "Zuora", []string{"zuora"}, "https://rest.zuora.com", oauthCC("https://rest.zuora.com/oauth/token"), "payments"},
	{"Zendesk", "Zendesk", []string{"zendesk", "zen desk", "zendsk", "zendes"}, "https://your-subdomain.zendesk.com", basic, "helpdesk"},
	{"Freshdesk", "Freshdesk", []string{"freshdesk", "fresh desk"}, "https://your-domain.freshdesk.com", basic, "helpdesk"},
	{"ServiceNow", "ServiceNow", []string{"servicenow", "service now", "service-now"}, "https://your-instance.service-now.com", basic, "helpdesk"},
	{"Jira", "Jira", []string{"jira", "jira cloud", "jira service management"}, "https://your-domain.atlassian.net", basic, "helpdesk"},
	{"Intercom", "Intercom", []string{"intercom"}, "https://api.intercom.io", bearer, "helpdesk"},
	{"Slack", "Slack", []string{"slack", "slak"}, "https://slack.com", bearer, "messaging"},
	{"Twilio", "Twilio", []string{"twilio", "twillio", "twilo"}, "https://api.twilio.com", basic, "messaging"},
	{"Teams", "Microsoft Teams", []string{"microsoft teams", "ms teams", "teams"}, "https://graph.microsoft.com", oauthCC("https://login.microsoftonline.com/your-tenant/oauth2/v2.0/token"), "messaging"},
	{"SendGrid", "SendGrid", []string{"sendgrid", "send grid"}, "https://api.sendgrid.com", bearer, "messaging"},
	{"Mailgun", "Mailgun", []string{"mailgun"}, "https://api.mailgun.net", basic, "messaging"},
	{"PagerDuty", "PagerDuty", []string{"pagerduty", "pager duty"}, "https://api.pagerduty.com", apiKey("Authorization"), "messaging"},
	{"QuickBooks", "QuickBooks", []string{"quickbooks", "quick books", "qbo", "quickbooks online", "quickbook", "qb"}, "https://quickbooks.api.intuit.com", oauthCC("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"), "accounting"},
	{"Xero", "Xero", []string{"xero"}, "https://api.xero.com", oauthCC("https://identity.xero.com/connect/token"), "accounting"},
	{"DocuSign", "DocuSign", []string{"docusign", "docu sign", "docusing"}, "https://demo.docusign.net", spec.Auth{Type: spec.AuthOAuth2JWTBearer, TokenURL: "https://account-d.docusign.com/oauth/token"}, "esign"},
	{"AdobeSign", "Adobe Sign", []string{"adobe sign", "adobesign", "adobe acrobat sign", "acrobat sign"}, "https://api.na1.adobesign.com", bearer, "esign"},
	{"PandaDoc", "PandaDoc", []string{"pandadoc", "panda doc"}, "https://api.pandadoc.com", apiKey("Authorization"), "esign"},
	{"Clearbit", "Clearbit", []string{"clearbit", "clear bit"}, "https://company.clearbit.com", bearer, "data"},
	{"ZoomInfo", "ZoomInfo", []string{"zoominfo", "zoom info"}, "https://api.zoominfo.com", bearer, "data"},
	{"DunBradstreet", "Dun & Bradstreet", []string{"dun & bradstreet", "dun and bradstreet", "dun&bradstreet", "d&b", "dnb", "dun bradstreet"}, "https://plus.dnb.com", oauthCC("https://plus.dnb.com/v2/token"), "data"},
	{"Shippo", "Shippo", []string{"shippo"}, "https://api.goshippo.com", apiKey("Authorization"), "shipping"},
	{"FedEx", "FedEx", []string{"fedex", "fed ex"}, "https://apis.fedex.com", oauthCC("https://apis.fedex.com/oauth/token"), "shipping"},
	{"UPS", "UPS", []string{"ups"}, "https://onlinetools.ups.com", oauthCC("https://onlinetools.ups.com/security/v1/oauth/token"), "shipping"},
	{"ShipStation", "ShipStation", []string{"shipstation", "ship station"}, "https://ssapi.shipstation.com", basic, "shipping"},
	{"Shopify", "Shopify", []string{"shopify"}, "https://your-store.myshopify.com", apiKey("X-Shopify-Access-Token"), "commerce"},
	{"WooCommerce", "WooCommerce", []string{"woocommerce", "woo commerce"}, "https://your-store.example.com", basic, "commerce"},
	{"Magento", "Magento", []string{"magento", "adobe commerce"}, "https://your-store.example.com", bearer, "commerce"},
	{"Asana", "Asana", []string{"asana"}, "https://app.asana.com", bearer, "work"},
	{"Trello", "Trello", []string{"trello"}, "https://api.trello.com", apiKey("Authorization"), "work"},
	{"Monday", "monday.com", []string{"monday.com"}, "https://api.monday.com", apiKey("Authorization"), "work"},
	{"GitHub", "GitHub", []string{"github", "git hub"}, "https://api.github.com", bearer, "work"},
	{"GitLab", "GitLab", []string{"gitlab"}, "https://gitlab.com", bearer, "work"},
	{"Airtable", "Airtable", []string{"airtable"}, "https://api.airtable.com", bearer, "work"},
	{"Notion", "Notion", []string{"notion"}, "https://api.notion.com", bearer, "work"},
	{"GoogleSheets", "Google Sheets", []string{"google sheets", "google sheet", "gsheets"}, "https://sheets.googleapis.com", spec.Auth{Type: spec.AuthOAuth2JWTBearer, TokenURL: "https://oauth2.googleapis.com/token"}, "work"},
	{"Pipedrive", "Pipedrive", []string{"pipedrive"}, "https://api.pipedrive.com", apiKey("x-api-token"), "crm"},
	{"Zoho", "Zoho CRM", []string{"zoho crm", "zoho"}, "https://www.zohoapis.com", oauthCC("https://accounts.zoho.com/oauth/v2/token"), "crm"},
	{"Gong", "Gong", []string{"gong"}, "https://api.gong.io", basic, "crm"},
	{"Outreach", "Outreach", []string{"outreach.io", "outreach"}, "https://api.outreach.io", bearer, "crm"},
	{"Salesloft", "Salesloft", []string{"salesloft"}, "https://api.salesloft.com", bearer, "crm"},
	{"Avalara", "Avalara", []string{"avalara", "avatax"}, "https://rest.avatax.com", basic, "accounting"},
	{"Okta", "Okta", []string{"okta"}, "https://your-org.okta.com", apiKey("Authorization"), "identity"},
	{"Box", "Box", []string{"box.com", "box"}, "https://api.box.com", bearer, "files"},
	{"Dropbox", "Dropbox", []string{"dropbox"}, "https://api.dropboxapi.com", bearer, "files"},
	{"Segment", "Segment", []string{"segment"}, "https://api.segment.io", basic, "data"},
	{"Mixpanel", "Mixpanel", []string{"mixpanel"}, "https://api.mixpanel.com", basic, "data"},
	{"Discord", "Discord", []string{"discord"}, "https://discord.com", bearer, "messaging"},
	{"WhatsApp", "WhatsApp", []string{"whatsapp", "whats app"}, "https://graph.facebook.com", bearer, "messaging"},
	{"Calendly", "Calendly", []string{"calendly"}, "https://api.calendly.com", bearer, "work"},
	{"Zoom", "Zoom", []string{"zoom"}, "https://api.zoom.us", oauthCC("https://zoom.us/oauth/token"), "work"},
	{"Gusto", "Gusto", []string{"gusto"}, "https://api.gusto.com", bearer, "erp"},
	{"BambooHR", "BambooHR", []string{"bamboohr", "bamboo hr"}, "https://api.bamboohr.com", basic, "erp"},
	{"Sage", "Sage Intacct", []string{"sage intacct", "intacct", "sage"}, "https://api.intacct.com", basic, "accounting"},
	{"FreshBooks", "FreshBooks", []string{"freshbooks"}, "https://api.freshbooks.com", bearer, "accounting"},
	{"Recurly", "Recurly", []string{"recurly"}, "https://v3.recurly.com", basic, "payments"},
	{"Gorgias", "Gorgias", []string{"gorgias"}, "https://your-domain.gorgias.com", basic, "helpdesk"},
	{"Klaviyo", "Klaviyo", []string{"klaviyo"}, "https://a.klaviyo.com", apiKey("Authorization"), "marketing"},
	{"ActiveCampaign", "ActiveCampaign", []string{"activecampaign", "active campaign"}, "https://your-account.api-us1.com", apiKey("Api-Token"), "marketing"},
	{"Braze", "Braze", []string{"braze"}, "https://rest.iad-01.braze.com", bearer, "marketing"},
	{"Snowflake", "Snowflake", []string{"snowflake"}, "https://your-account.snowflakecomputing.com", spec.Auth{Type: spec.AuthOAuth2JWTBearer, TokenURL: "https://your-account.snowflakecomputing.com/oauth/token-request"}, "data"},
}
