package generator

import "github.com/patchbay/patchbay/spec"

// verifyTexts says, per webhook verification type, how the README tells the
// admin callers are checked: the headers and what is signed. Each scheme's
// source is in docs/webhooks.md; the Apex is in runtime.cls.tmpl. The
// hmacSha256 text takes the header name.
var verifyTexts = map[string]string{
	spec.VerifyHMACSHA256:        "signed with the hex or base64 HMAC-SHA256 of the body in the `%s` header",
	spec.VerifyStripe:            "signed by Stripe: `Stripe-Signature` carries `t=<time>,v1=<hex HMAC-SHA256 of time.body>`, with the endpoint's signing secret (whsec_...)",
	spec.VerifyZendesk:           "signed by Zendesk: `X-Zendesk-Webhook-Signature` is the base64 HMAC-SHA256 of `X-Zendesk-Webhook-Signature-Timestamp` followed by the body, with the webhook's signing secret",
	spec.VerifyHubSpotV3:         "signed by HubSpot (v3): `X-HubSpot-Signature-v3` is the base64 HMAC-SHA256 of method, URL, body and `X-HubSpot-Request-Timestamp`, with the app's client secret; give HubSpot the URL exactly as shown here",
	spec.VerifySlack:             "signed by Slack: `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<body>`, with the app's signing secret",
	spec.VerifyGitHub:            "signed by GitHub: `X-Hub-Signature-256` is `sha256=` and the hex HMAC-SHA256 of the body, with the webhook's secret",
	spec.VerifyShopify:           "signed by Shopify: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the body, with the app's client secret",
	spec.VerifyDocuSign:          "signed by DocuSign Connect: an `X-DocuSign-Signature-N` header is the base64 HMAC-SHA256 of the body, with a Connect HMAC key",
	spec.VerifyTwilio:            "signed by Twilio: `X-Twilio-Signature` is the base64 HMAC-SHA1 of the URL and the sorted POST parameters, with the account's auth token; give Twilio the URL exactly as shown here, with no query string",
	spec.VerifySalesforceSession: "callers sign in to Salesforce (an OAuth session of a Connected App or External Client App user with the permission set); guest users are refused, so do not expose it through a Site",
}
