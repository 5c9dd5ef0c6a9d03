package spec

import "strings"

// Version is the only value the top-level "spec" key may hold.
const Version = "patchbay/v1"

// DefaultAPIVersion is the Salesforce API version generated files use when a
// spec names none (salesforce.md section 0: pin 66.0, explicit modes).
const DefaultAPIVersion = "66.0"

// Spec is one integration: the systems it talks to, the objects and events it
// adds, and the flows that run in Salesforce. It is the contract between the
// builder, the editor, the generator and the store.
type Spec struct {
	Spec        string   `json:"spec"`
	Name        string   `json:"name"`
	Label       string   `json:"label,omitempty"`
	Description string   `json:"description,omitempty"`
	APIVersion  string   `json:"apiVersion,omitempty"`
	Package     *Package `json:"package,omitempty"`
	Systems     []System `json:"systems,omitempty"`
	Objects     []Object `json:"objects,omitempty"`
	Events      []Event  `json:"events,omitempty"`
	Requires    []string `json:"requires,omitempty"`
	Flows       []Flow   `json:"flows"`
}

// Package holds the managed-package settings used for sfdx-project.json.
type Package struct {
	Name      string `json:"name,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Version   string `json:"version,omitempty"`
	// AncestorVersion is sfdx-project.json's ancestorVersion: HIGHEST (the
	// default after 1.0.0 with a namespace), NONE, or a major.minor.patch
	// that was promoted.
	AncestorVersion string `json:"ancestorVersion,omitempty"`
	// Released says this version was promoted and released: a later spec
	// must raise the version and keep every global Apex class and member
	// it generated, or installed orgs could not upgrade.
	Released bool `json:"released,omitempty"`
}

// System is an external service reached through a Named Credential.
type System struct {
	Name  string `json:"name"`
	Label string `json:"label,omitempty"`
	URL   string `json:"url"`
	Auth  Auth   `json:"auth"`
}

// Auth types a System may use.
const (
	AuthNone                    = "none"
	AuthAPIKey                  = "apiKey"
	AuthBearer                  = "bearer"
	AuthBasic                   = "basic"
	AuthOAuth2ClientCredentials = "oauth2ClientCredentials"
	AuthOAuth2JWTBearer         = "oauth2JwtBearer"
)

// AuthTypes lists every auth type in the order spec.md gives them.
var AuthTypes = []string{AuthNone, AuthAPIKey, AuthBearer, AuthBasic, AuthOAuth2ClientCredentials, AuthOAuth2JWTBearer}

// Auth says how a System authenticates. Secrets are never part of it: the org
// admin enters them after install.
type Auth struct {
	Type     string `json:"type"`
	Header   string `json:"header,omitempty"`
	TokenURL string `json:"tokenUrl,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// DefaultAPIKeyHeader carries an apiKey system's key when Auth.Header is empty.
const DefaultAPIKeyHeader = "X-API-Key"

// Object is a custom object the package adds, or a standard object that only
// receives new custom fields.
type Object struct {
	Name        string  `json:"name"`
	Label       string  `json:"label,omitempty"`
	PluralLabel string  `json:"pluralLabel,omitempty"`
	Description string  `json:"description,omitempty"`
	Fields      []Field `json:"fields,omitempty"`
}

// Event is a platform event (`__e`) the package defines.
type Event struct {
	Name        string  `json:"name"`
	Label       string  `json:"label,omitempty"`
	PluralLabel string  `json:"pluralLabel,omitempty"`
	Description string  `json:"description,omitempty"`
	Fields      []Field `json:"fields,omitempty"`
}

// Field types for objects and events.
const (
	FieldText         = "Text"
	FieldLongTextArea = "LongTextArea"
	FieldNumber       = "Number"
	FieldCurrency     = "Currency"
	FieldPercent      = "Percent"
	FieldCheckbox     = "Checkbox"
	FieldDate         = "Date"
	FieldDateTime     = "DateTime"
	FieldEmail        = "Email"
	FieldPhone        = "Phone"
	FieldURL          = "Url"
	FieldPicklist     = "Picklist"
	FieldLookup       = "Lookup"
)

// FieldTypes lists every field type in the order spec.md gives them.
var FieldTypes = []string{FieldText, FieldLongTextArea, FieldNumber, FieldCurrency, FieldPercent, FieldCheckbox,
	FieldDate, FieldDateTime, FieldEmail, FieldPhone, FieldURL, FieldPicklist, FieldLookup}

// Field is a custom field on an Object or an Event.
type Field struct {
	Name        string   `json:"name"`
	Label       string   `json:"label,omitempty"`
	Type        string   `json:"type"`
	Length      int      `json:"length,omitempty"`
	Precision   int      `json:"precision,omitempty"`
	Scale       int      `json:"scale,omitempty"`
	Values      []string `json:"values,omitempty"`
	ReferenceTo string   `json:"referenceTo,omitempty"`
	Required    bool     `json:"required,omitempty"`
	ExternalID  bool     `json:"externalId,omitempty"`
	Unique      bool     `json:"unique,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Flow is one trigger and the steps it runs, in order.
type Flow struct {
	Name        string   `json:"name"`
	Label       string   `json:"label,omitempty"`
	Description string   `json:"description,omitempty"`
	Trigger     Trigger  `json:"trigger"`
	Steps       []Step   `json:"steps"`
	OnError     *OnError `json:"onError,omitempty"`
}

// Trigger types.
const (
	TriggerRecordChange  = "recordChange"
	TriggerChangeEvent   = "changeEvent"
	TriggerPlatformEvent = "platformEvent"
	TriggerSchedule      = "schedule"
	TriggerWebhook       = "webhook"
	TriggerInvocable     = "invocable"
)

// TriggerTypes lists every trigger type in the order spec.md gives them.
var TriggerTypes = []string{TriggerRecordChange, TriggerChangeEvent, TriggerPlatformEvent, TriggerSchedule, TriggerWebhook, TriggerInvocable}

// Record events a recordChange or changeEvent trigger may listen to.
const (
	OnCreate   = "create"
	OnUpdate   = "update"
	OnDelete   = "delete"
	OnUndelete = "undelete"
)

// OnEvents lists every record event in the order spec.md gives them.
var OnEvents = []string{OnCreate, OnUpdate, OnDelete, OnUndelete}

// Trigger says when a flow runs. Which keys apply depends on Type.
type Trigger struct {
	Type string `json:"type"`

	// recordChange, changeEvent
	Object string      `json:"object,omitempty"`
	On     []string    `json:"on,omitempty"`
	When   []Condition `json:"when,omitempty"`

	// platformEvent
	Event string `json:"event,omitempty"`

	// changeEvent, platformEvent: the username the event trigger runs as
	// (default: the Automated Process user, who has no access to External
	// Credentials) and how many events it receives at once (1-2000, default
	// 2000); generated as a PlatformEventSubscriberConfig.
	RunAs     string `json:"runAs,omitempty"`
	BatchSize int    `json:"batchSize,omitempty"`

	// schedule
	Cron string `json:"cron,omitempty"`

	// webhook
	Path    string   `json:"path,omitempty"`
	Methods []string `json:"methods,omitempty"`
	Verify  *Verify  `json:"verify,omitempty"`
	EventID string   `json:"eventId,omitempty"`

	// invocable
	Label   string  `json:"label,omitempty"`
	Inputs  []Param `json:"inputs,omitempty"`
	Outputs []Param `json:"outputs,omitempty"`
}

// Verify says how a webhook checks that a request came from the caller: a
// vendor's signature scheme, a body-only HMAC in a named header, or callers
// that sign in to Salesforce. docs/webhooks.md describes each scheme and
// its source.
type Verify struct {
	Type string `json:"type"`
	// Header names the signature header; hmacSha256 only (vendor schemes
	// have fixed headers).
	Header string `json:"header,omitempty"`
	// ToleranceSeconds is how far a signed timestamp may be from now before
	// the request is refused as a replay (default 300); only for schemes
	// whose signature covers a timestamp.
	ToleranceSeconds int `json:"toleranceSeconds,omitempty"`
}

// Webhook verification types.
const (
	VerifyHMACSHA256        = "hmacSha256"        // hex or base64 HMAC-SHA256 of the body in a named header
	VerifyStripe            = "stripe"            // Stripe-Signature: t=...,v1=hex(HMAC-SHA256(t.body))
	VerifyZendesk           = "zendesk"           // base64(HMAC-SHA256(timestamp+body)), ISO 8601 timestamp header
	VerifyHubSpotV3         = "hubspotV3"         // base64(HMAC-SHA256(method+url+body+timestamp)), millisecond timestamp
	VerifySlack             = "slack"             // v0=hex(HMAC-SHA256(v0:timestamp:body))
	VerifyGitHub            = "github"            // X-Hub-Signature-256: sha256=hex(HMAC-SHA256(body))
	VerifyShopify           = "shopify"           // X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(body))
	VerifyDocuSign          = "docusign"          // X-DocuSign-Signature-N: base64(HMAC-SHA256(body))
	VerifyTwilio            = "twilio"            // X-Twilio-Signature: base64(HMAC-SHA1(url+sorted params))
	VerifySalesforceSession = "salesforceSession" // callers sign in to Salesforce (OAuth); guests are refused
)

// VerifyTypes lists every verification type, vendors first.
var VerifyTypes = []string{VerifyStripe, VerifyZendesk, VerifyHubSpotV3, VerifySlack, VerifyGitHub, VerifyShopify, VerifyDocuSign, VerifyTwilio, VerifyHMACSHA256, VerifySalesforceSession}

// DefaultToleranceSeconds is the replay window of timestamped schemes: five
// minutes, what Stripe, Slack and HubSpot document.
const DefaultToleranceSeconds = 300

// MaxToleranceSeconds bounds toleranceSeconds (one day).
const MaxToleranceSeconds = 86400

// VerifyTimestamped reports whether a verification type signs a timestamp,
// so that replays outside a window can be refused.
func VerifyTimestamped(typ string) bool {
	switch typ {
	case VerifyStripe, VerifyZendesk, VerifyHubSpotV3, VerifySlack:
		return true
	}
	return false
}

// vendorEventIDs are where each vendor puts the id of the event a webhook
// delivers, the same on every retry of that event (docs/webhooks.md cites
// each vendor's documentation).
var vendorEventIDs = map[string]string{
	VerifyStripe:  "{!request.body.id}",
	VerifyGitHub:  "{!request.headers.X-GitHub-Delivery}",
	VerifyShopify: "{!request.headers.X-Shopify-Event-Id}",
	VerifySlack:   "{!request.body.event_id}",
}

// WebhookEventID returns the merge field holding the caller's event id of
// a webhook trigger: its eventId, or the vendor's documented one for its
// verify type, or "" when neither is known. A delivery whose event id was
// already handled is answered without running the flow again.
func (t Trigger) WebhookEventID() string {
	if t.EventID != "" {
		return t.EventID
	}
	if t.Verify != nil {
		return vendorEventIDs[t.Verify.Type]
	}
	return ""
}

// VerifySigned reports whether a verification type checks a signature made
// with a shared secret (every type but salesforceSession).
func VerifySigned(typ string) bool { return typ != VerifySalesforceSession }

// Param is an input or output of an invocable flow.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
}

// ParamTypes are the types an invocable input or output may have.
var ParamTypes = []string{"Text", "LongTextArea", "Number", "Currency", "Percent", "Checkbox", "Date", "DateTime",
	"Email", "Phone", "Url", "Picklist", "Id"}

// Condition is one test in a trigger's `when` list. A condition is either a
// comparison (Field, Op, Value) or a group: Any holds when one of its
// conditions does, All when every one does.
type Condition struct {
	Field string      `json:"field,omitempty"`
	Op    string      `json:"op,omitempty"`
	Value any         `json:"value,omitempty"`
	Any   []Condition `json:"any,omitempty"`
	All   []Condition `json:"all,omitempty"`
}

// IsGroup reports whether c is an any/all group rather than a comparison.
func (c Condition) IsGroup() bool { return c.Any != nil || c.All != nil }

// Leaves returns the comparisons of c: c itself, or every comparison inside
// its groups, in order.
func (c Condition) Leaves() []Condition {
	if !c.IsGroup() {
		return []Condition{c}
	}
	var out []Condition
	for _, g := range [][]Condition{c.Any, c.All} {
		for _, sub := range g {
			out = append(out, sub.Leaves()...)
		}
	}
	return out
}

// UsesRelationship reports whether c (or a comparison in its groups) tests
// a parent's field through a relationship, like Account.Industry. Such a
// field is not in Trigger.new: the generated job queries it with the record
// and checks these conditions there.
func (c Condition) UsesRelationship() bool {
	for _, l := range c.Leaves() {
		if strings.Contains(l.Field, ".") {
			return true
		}
	}
	return false
}

// ComparesPrior reports whether c (or a comparison in its groups) compares
// a field with its prior value (changed, changedTo, changedFrom).
func (c Condition) ComparesPrior() bool {
	for _, l := range c.Leaves() {
		if OpNeedsPrior(l.Op) {
			return true
		}
	}
	return false
}

// Operators.
const (
	OpEquals         = "equals"
	OpNotEquals      = "notEquals"
	OpGreaterThan    = "greaterThan"
	OpGreaterOrEqual = "greaterOrEqual"
	OpLessThan       = "lessThan"
	OpLessOrEqual    = "lessOrEqual"
	OpContains       = "contains"
	OpStartsWith     = "startsWith"
	OpIn             = "in"
	OpIsNull         = "isNull"
	OpIsNotNull      = "isNotNull"
	OpChanged        = "changed"
	OpChangedTo      = "changedTo"
	OpChangedFrom    = "changedFrom"
)

// Operators lists every condition operator in the order spec.md gives them.
var Operators = []string{OpEquals, OpNotEquals, OpGreaterThan, OpGreaterOrEqual, OpLessThan, OpLessOrEqual,
	OpContains, OpStartsWith, OpIn, OpIsNull, OpIsNotNull, OpChanged, OpChangedTo, OpChangedFrom}

// OpTakesValue reports whether an operator compares against a value.
func OpTakesValue(op string) bool {
	switch op {
	case OpIsNull, OpIsNotNull, OpChanged:
		return false
	}
	return true
}

// OpNeedsPrior reports whether an operator compares with the record's prior
// values, which exist only for updates.
func OpNeedsPrior(op string) bool {
	return op == OpChanged || op == OpChangedTo || op == OpChangedFrom
}

// Step types.
const (
	StepCall    = "call"
	StepCreate  = "create"
	StepUpdate  = "update"
	StepUpsert  = "upsert"
	StepPublish = "publish"
	StepReply   = "reply"
)

// StepTypes lists every step type in the order spec.md gives them.
var StepTypes = []string{StepCall, StepCreate, StepUpdate, StepUpsert, StepPublish, StepReply}

// HTTPMethods are the methods a call step may use.
var HTTPMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// Step is one action of a flow. Which keys apply depends on Type.
type Step struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	ForEach string `json:"forEach,omitempty"`

	// call
	System         string         `json:"system,omitempty"`
	Method         string         `json:"method,omitempty"`
	Path           string         `json:"path,omitempty"`
	Query          map[string]any `json:"query,omitempty"`
	Headers        map[string]any `json:"headers,omitempty"`
	Expect         []int          `json:"expect,omitempty"`
	TimeoutSeconds *int           `json:"timeoutSeconds,omitempty"` // nil: DefaultTimeoutSeconds

	// Body is a call's request body ({format, fields}, see CallBody) or a
	// reply's response body (any value).
	Body any `json:"body,omitempty"`

	// create, update, upsert, publish
	Object     string         `json:"object,omitempty"`
	Record     string         `json:"record,omitempty"`
	ExternalID string         `json:"externalId,omitempty"`
	Event      string         `json:"event,omitempty"`
	Fields     map[string]any `json:"fields,omitempty"`

	// reply
	Status int `json:"status,omitempty"`
}

// Body formats of a call step.
const (
	BodyJSON = "json"
	BodyForm = "form"
)

// CallBody is the request body of a call step.
type CallBody struct {
	Format string
	Fields map[string]any
}

// CallBody returns a call step's body, and false when the step has none or
// its body is not a {format, fields} map. Validation reports the latter.
func (s Step) CallBody() (CallBody, bool) {
	m, ok := s.Body.(map[string]any)
	if !ok {
		return CallBody{}, false
	}
	b := CallBody{Format: BodyJSON}
	if f, ok := m["format"].(string); ok {
		b.Format = f
	}
	if fields, ok := m["fields"].(map[string]any); ok {
		b.Fields = fields
	}
	return b, true
}

// DefaultTimeoutSeconds is a call's timeout when the step names none.
const DefaultTimeoutSeconds = 30

// OnError says what a flow does when a step fails.
type OnError struct {
	Retry *Retry `json:"retry,omitempty"`
	// Log writes Integration_Log__c rows; nil means true.
	Log *bool `json:"log,omitempty"`
}

// Logs reports whether a flow writes Integration_Log__c rows.
func (f Flow) Logs() bool {
	return f.OnError == nil || f.OnError.Log == nil || *f.OnError.Log
}

// Backoff kinds.
const (
	BackoffFixed       = "fixed"
	BackoffExponential = "exponential"
)

// Retry says how often and how a failed call is retried.
type Retry struct {
	Attempts int    `json:"attempts"`
	Backoff  string `json:"backoff,omitempty"`
}

// EffectiveAPIVersion returns the spec's API version or the default.
func (s *Spec) EffectiveAPIVersion() string {
	if s.APIVersion != "" {
		return s.APIVersion
	}
	return DefaultAPIVersion
}

// System returns the system with the given name.
func (s *Spec) System(name string) (System, bool) {
	for _, sys := range s.Systems {
		if sys.Name == name {
			return sys, true
		}
	}
	return System{}, false
}
