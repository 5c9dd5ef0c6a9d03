package builder

import (
	"github.com/patchbay/patchbay/spec"

	"regexp"
	"strings"
)

// verbReaders read the verb phrase: particles that belong to the verb
// ("look up", "kick off"), words that change what the verb does ("or
// update" makes an upsert, "as Foo__c records" makes new records), and
// verbs that only define the integration ("set up a webhook").
var verbReaders = []stepReader{
	{
		name:    "a status code sent back is a reply",
		example: "When Typeform POSTs to /typeform/leads, create a Lead and send Typeform a 200.",
		match: func(f *flowCtx, c *stepClause) bool {
			return f.trig.Type == spec.TriggerWebhook && c.kind == kindSend && sentStatusRe.MatchString(c.lrest)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// "send them back a 200", "give the caller a 202 Accepted"
			c.kind = kindReply
			return false
		},
	},
	{
		name:    "create or update is an upsert",
		example: "When an account is updated, create or update the customer in Chargebee.",
		match: func(f *flowCtx, c *stepClause) bool {
			c.m = orUpsertRe.FindStringIndex(c.lrest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.cut(c.m[1])
			if c.kind == kindCreate || c.kind == kindUpdate {
				c.kind = kindUpsert
			}
			return false
		},
	},
	{
		name:    "kept as custom records",
		example: "When Typeform posts a survey response to /typeform/nps, save it as an NPS_Response__c and reply 200.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.kind != kindUpdate && c.kind != kindSave {
				return false
			}
			c.m = asCustomRe.FindStringSubmatchIndex(c.rest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.kind = kindCreate
			if externalIDRe.MatchString(c.rest) {
				c.kind = kindUpsert
			}
			c.rest = "them into " + c.rest[c.m[2]:]
			c.lrest = lowerASCII(c.rest)
			return false
		},
	},
	{
		name:    "logged as a custom record",
		example: "Every morning around 6, grab yesterday's payouts from Stripe and log each one as a Payout__c.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.kind != kindCreate {
				return false
			}
			c.m = eachAsCustomRe.FindStringSubmatchIndex(c.rest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// "log each one as a Payout__c": a new Payout__c for each one
			if c.forEach == "" {
				c.forEach = "items"
			}
			c.rest = "a " + c.rest[c.m[2]:]
			c.lrest = lowerASCII(c.rest)
			return false
		},
	},
	{
		name:    "saved as a new record",
		example: "When Typeform posts a response to /typeform/leads, save it as a new Lead.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.kind != kindSave {
				return false
			}
			c.m = saveAsRe.FindStringIndex(c.lrest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.kind = kindCreate
			c.cut(c.m[1])
			return false
		},
	},
	{
		name:    "drop it back on the record",
		example: "Whenever a Case flips to Escalated, open a Jira issue, and drop the issue key back on the case.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.kind != kindSend {
				return false
			}
			m := backOnRecordRe.FindStringSubmatch(c.lrest)
			return m != nil && (isObjectWord(m[1]) || m[1] == "record" || m[1] == "salesforce")
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// a value put back on a Salesforce record is saved there
			c.kind = kindSave
			return false
		},
	},
	{
		name:    "get a message is to send one",
		example: "When a case is escalated, get a ping to the owner in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.kind == kindGet && c.verb == "get" && messageNounRe.MatchString(c.lrest) && !possessiveRe.MatchString(c.lrest)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.kind = kindSend
			return false
		},
	},
	{
		name:    "look up",
		example: "When a lead is created, look up the company in Clearbit.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "look" {
				return false
			}
			c.m = lookUpParticleRe.FindStringIndex(c.lrest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.cut(c.m[1])
			return false
		},
	},
	{
		name:    "set up defines the integration",
		example: "Set up a webhook at /typeform/responses and create a Lead for each response.",
		match: func(f *flowCtx, c *stepClause) bool {
			return (c.verb == "set" || c.verb == "open" || c.verb == "start") && upParticleRe.MatchString(c.lrest)
		},
		build: done,
	},
	{
		name:    "slack as a verb",
		example: "When a deal closes, slack the account team.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb == "slack" && !strings.Contains(c.lrest, "slack")
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.rest, c.lrest = c.rest+" in Slack", c.lrest+" in slack"
			return false
		},
	},
	{
		name:    "spin up, hand off, pop over",
		example: "When an opportunity is closed won, spin up a project in Asana.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "spin" && c.verb != "hand" && c.verb != "pop" {
				return false
			}
			c.m = verbParticleRe.FindStringIndex(c.lrest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.cut(c.m[1])
			return false
		},
	},
	{
		name:    "kick off",
		example: "When a contract is signed, kick off an onboarding workflow in Asana.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb == "kick" && strings.HasPrefix(c.lrest, " off")
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.cut(len(" off"))
			return false
		},
	},
	{
		name:    "the verb defines the integration",
		example: "Create a webhook endpoint at /hooks/orders and create an Order for each order it receives.",
		match: func(f *flowCtx, c *stepClause) bool {
			return isMeta(c.lrest) && c.kind != kindReply
		},
		build: done,
	},
}

// Patterns of the verb readers.
var (
	// sentStatusRe is an HTTP status code sent back: "Stripe back a 200",
	// "back a 200 OK", "them a 202".
	sentStatusRe = regexp.MustCompile(`^\s*(?:[A-Za-z]+\s+)?(?:back\s+)?(?:an?\s+)?(?:http\s+)?(?:status\s+)?[1-5][0-9][0-9]\b`)
	// backOnRecordRe is a value put back on a record: "back on the case".
	backOnRecordRe = regexp.MustCompile(`\bback\s+(?:on|onto|in|into|to)\s+(?:the\s+|that\s+|this\s+|its\s+|our\s+)?([a-z_]+)`)
	// orUpsertRe is a second verb that makes the first an upsert: "create or update".
	orUpsertRe = regexp.MustCompile(`^\s*(?:or|/|and/or)\s*(?:update|create|insert|upsert|add)\b`)
	// messageNounRe is a message right after "get": "get a ping to the owner".
	messageNounRe = regexp.MustCompile(`^\s+(?:a|an|the|some)?\s*(?:[a-z#-]+\s+){0,2}(?:ping|pings|message|messages|notification|notifications|alert|alerts|email|emails|text|texts|sms|heads[- ]up|notice|dm|reminder)\b`)
	// lookUpParticleRe is the "up" of "look up", with the object it may enclose.
	lookUpParticleRe = regexp.MustCompile(`^\s*(?:(?:it|them|that|this|those|these|him|her)\s+|(?:the|each|every|that|this|their|its)\s+[a-z_-]+(?:\s+[a-z_-]+)?\s+)?up\b`)
	// upParticleRe is the "up" of "set up", "open up".
	upParticleRe = regexp.MustCompile(`^\s+up\b`)
	// verbParticleRe is the particle of "spin up", "hand off", "pop over".
	verbParticleRe = regexp.MustCompile(`^\s*(?:up|off|over|out)\b`)
)

// eachAsCustomRe is "each one as a <custom object>" after a verb that makes records.
var eachAsCustomRe = regexp.MustCompile(`^\s*(?:it|them|each(?: one)?|every one|each of them|these|those)\s+as\s+(?:an?\s+|new\s+)?([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b`)

// asCustomRe is "as <custom object> records".
var asCustomRe = regexp.MustCompile(`\bas\s+(?:an?\s+|new\s+)?([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b`)

// saveAsRe is "as a <record>" after a verb that keeps something.
var saveAsRe = regexp.MustCompile(`^\s*(?:it|them|this|that|these|those|each one|the [a-z]+)?\s*as\s+(?:an?\s+|new\s+)`)

// possessiveRe is a possessive right after a verb: "look up their email".
var possessiveRe = regexp.MustCompile(`^\s*(?:their|his|her|its|the contact's|the lead's|the customer's)\b`)
