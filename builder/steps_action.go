package builder

import (
	"regexp"
	"strings"
)

// earlyActionReaders plan what needs no system or object: one verb with
// two systems, replies, Flow action inputs and platform events.
var earlyActionReaders = []stepReader{
	{
		name:    "a person's task is unplanned",
		example: "When an opportunity is closed won, create an invoice in Stripe and print the contract for the file.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindManual },
		build: func(f *flowCtx, c *stepClause) bool {
			f.skip(c)
			return true
		},
	},
	{
		name:    "one verb, two systems",
		example: "When an opportunity is closed won, create a project in Asana and a channel in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			switch c.kind {
			case kindCreate, kindSend, kindCall, kindDelete, kindUpdate:
			default:
				return false
			}
			m := secondObjectRe.FindStringIndex(c.lrest)
			if m == nil {
				return false
			}
			second := c.rest[m[1]:]
			// "provision them in Slack and in Google Workspace": the same
			// object, in the second system too
			if w := strings.Fields(c.lrest[m[0]:m[1]]); len(w) > 0 && prepWords[w[len(w)-1]] {
				head := c.rest[:m[0]]
				if p := prepBeforeRe.FindStringIndex(lowerASCII(head)); p != nil {
					head = head[:p[0]]
				}
				second = head + " " + w[len(w)-1] + " " + second
			}
			s2, _, ok2 := f.p.findSystem(second, lowerASCII(second))
			s1, _, ok1 := f.p.findSystem(c.rest[:m[0]], c.lrest[:m[0]])
			if !ok1 || !ok2 || s1.Name == s2.Name {
				return false
			}
			c.replan(c.chunk[:c.end+m[0]])
			c.replan(c.verb + " " + second)
			return true
		},
		build: done,
	},
	{
		name:    "reply to the caller",
		example: "Expose an endpoint at /price that accepts POST, look up the product by SKU and return 200 with the price.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindReply },
		build: func(f *flowCtx, c *stepClause) bool {
			f.replyStep(c.lrest, c.verb)
			return true
		},
	},
	{
		name:    "Flow action input",
		example: "Build a Flow action named 'Check Credit' that takes the account id and calls Experian to get the credit score.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindInput },
		build: func(f *flowCtx, c *stepClause) bool {
			f.inputParam(c.rest)
			return true
		},
	},
	{
		name:    "publish a platform event",
		example: "When an order is shipped, publish an Order_Shipped__e event with the tracking number.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.kind == kindPublish || eventTokenRe.MatchString(c.rest) && eventNamedRe.MatchString(c.lrest)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			if f.publishStep(c.rest, c.lrest) {
				return true
			}
			if c.kind == kindPublish {
				// "fire the new address over to Avalara": no event, so a send
				c.kind = kindSend
				if m := overRe.FindStringIndex(c.lrest); m != nil {
					c.cut(m[1])
				}
			}
			return false
		},
	},
}

// actionReaders plan the action once its system and object are known.
var actionReaders = []stepReader{
	{
		name:    "one verb, two records",
		example: "When a lead is converted, create an Event and a Task.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.kind != kindCreate || c.sysOK {
				return false
			}
			m := secondObjectRe.FindStringIndex(c.lrest)
			if m == nil {
				return false
			}
			art := lastWordsRe.FindString(c.lrest[m[0]:m[1]])
			o1, _ := f.directObject(c.rest[:m[0]], c.lrest[:m[0]])
			o2, _ := f.directObject(" "+art+c.rest[m[1]:], " "+art+c.lrest[m[1]:])
			if o1 == "" || o2 == "" || o1 == o2 {
				return false
			}
			c.replan(c.chunk[:c.end+m[0]])
			c.replan(c.verb + " " + strings.TrimSpace(lastWordsRe.FindString(c.rest[m[0]:m[1]])) + " " + c.rest[m[1]:])
			return true
		},
		build: done,
	},
	{
		name:    "fetch from a system into Salesforce",
		example: "Every night, sync products from NetSuite into Salesforce.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.sysOK && (c.kind == kindUpdate || c.kind == kindSave || c.kind == kindGet) &&
				(saysFrom(c.lrest, strings.ToLower(strings.Fields(c.sys.Label)[0])) || namedBeforeFetched(c.rest, c.sys.Label)) && intoSalesforceAnywhereRe.MatchString(c.lrest)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			f.callStep(c.sys, "get", kindGet, c.chunk, c.rest, c.lrest, c.forEach)
			obj := c.obj
			if obj == "" {
				obj = f.focus
			}
			if m := intoCustomRe.FindStringSubmatch(c.rest); obj == "" && m != nil {
				obj = m[1]
			}
			if obj != "" {
				f.upsertStep(c.rest, c.lrest, obj, "items")
			}
			return true
		},
	},
	{
		name:    "fetch into a named object",
		example: "Every night pull new NetSuite sales orders into our custom object NS_Order__c.",
		match: func(f *flowCtx, c *stepClause) bool {
			if !c.call || c.kind != kindGet {
				return false
			}
			c.m = intoObjectRe.FindStringSubmatchIndex(c.rest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			f.callStep(c.sys, c.verb, c.kind, c.chunk, c.rest, c.lrest, c.forEach)
			each := ""
			if f.lastPlural {
				each = "items"
			}
			obj := c.rest[c.m[2]:c.m[3]]
			if externalIDRe.MatchString(c.rest) {
				f.upsertStep(c.rest, c.lrest, obj, each)
			} else {
				f.createStep(c.rest, c.lrest, obj, each)
			}
			return true
		},
	},
	{
		name:    "fetch into an object not named",
		example: "Every night pull new NetSuite sales orders into a custom object.",
		match: func(f *flowCtx, c *stepClause) bool {
			if !c.call || c.kind != kindGet {
				return false
			}
			c.m = intoUnnamedRe.FindStringIndex(c.lrest)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// the records go somewhere the request does not name: say so
			f.callStep(c.sys, c.verb, c.kind, c.chunk, c.rest, c.lrest, c.forEach)
			f.cov.unplanned = append(f.cov.unplanned, "store them "+strings.TrimSpace(f.p.unquote(c.rest[c.m[0]:]))+" (which object?)")
			f.p.assume("did not plan storing what %s returns: the request does not name the object (%s)", c.sys.Label, strings.TrimSpace(c.rest[c.m[0]:]))
			return true
		},
	},
	{
		name:    "call a system",
		example: "When an opportunity is closed won, create an invoice in Stripe.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.call },
		build: func(f *flowCtx, c *stepClause) bool {
			f.callStep(c.sys, c.verb, c.kind, c.chunk, c.rest, c.lrest, c.forEach)
			return true
		},
	},
	{
		name:    "create a record",
		example: "When a Zendesk ticket comes in at /zendesk/tickets, create a Case.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindCreate },
		build: func(f *flowCtx, c *stepClause) bool {
			return f.createStep(c.rest, c.lrest, c.obj, c.forEach)
		},
	},
	{
		name:    "upsert a record",
		example: "When Stripe posts a payment to /stripe/payments, upsert a Payment__c by Stripe_Id__c.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindUpsert },
		build: func(f *flowCtx, c *stepClause) bool {
			return f.upsertStep(c.rest, c.lrest, c.obj, c.forEach)
		},
	},
	{
		name:    "update a record",
		example: "When a case is closed, set the account's Last_Case_Closed__c to today.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindUpdate || c.kind == kindSave },
		build: func(f *flowCtx, c *stepClause) bool {
			return f.updateStep(c.verb, c.rest, c.lrest, c.obj, c.forEach)
		},
	},
	{
		name:    "delete a record is not planned",
		example: "When a lead is converted, delete the lead's Task records.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindDelete && c.obj != "" },
		build: func(f *flowCtx, c *stepClause) bool {
			f.skip(c)
			return true
		},
	},
	{
		name:    "find a record for later steps",
		example: "When Stripe sends us a charge.refunded webhook at /stripe/refunds, find the opportunity by Stripe_Charge_Id__c and set Refunded__c to true.",
		match:   func(f *flowCtx, c *stepClause) bool { return c.kind == kindGet && c.obj != "" },
		build: func(f *flowCtx, c *stepClause) bool {
			f.focus = c.obj
			return true
		},
	},
	{
		name:    "action with no system is unplanned",
		example: "When a case is escalated, register it with our Entitlements service.",
		match: func(f *flowCtx, c *stepClause) bool {
			return !c.sysOK && (c.kind == kindSend || c.kind == kindCreate || c.kind == kindGet || c.kind == kindCall)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			f.skip(c)
			return true
		},
	},
}

// saysFrom reports whether low says "from <word>", "from the <word>" or
// "from our <word>".
// namedBeforeFetched reports whether the system labelled label is named
// before the things fetched from it: "sync new Gong calls into SF".
func namedBeforeFetched(rest, label string) bool {
	m := fetchedFromRe.FindStringSubmatch(rest)
	return m != nil && strings.EqualFold(m[1], strings.Fields(label)[0])
}

func saysFrom(low, word string) bool {
	for _, m := range fromWordRe.FindAllStringIndex(low, -1) {
		after := low[m[1]:]
		if strings.HasPrefix(after, word) {
			return true
		}
		if a := theOurRe.FindStringIndex(after); a != nil && strings.HasPrefix(after[a[1]:], word) {
			return true
		}
	}
	return false
}

// Patterns of the action readers.
var (
	// secondObjectRe is the "and" before a second object or system: "a
	// project in Asana and a channel in Slack".
	secondObjectRe = regexp.MustCompile(`,?\s+(?:and|&)\s+(?:also\s+)?(?:(?:a|an|the|some|in|to|on|into)\s+)?`)
	// eventNamedRe is a platform event named after the verb.
	eventNamedRe = regexp.MustCompile(`^\s*(an?|the|new)?\s*[A-Za-z0-9_]*__e\b|platform event`)
	// setToRe is "to" right before a name: "set the Status to Delivered".
	setToRe = regexp.MustCompile(`\bto\s+$`)
	// onSalesforceRecordRe is a save onto the record itself: "save it on the record".
	onSalesforceRecordRe = regexp.MustCompile(`\b(on|in|to|into|onto|against|back)\s+(the\s+|that\s+|this\s+|its\s+)?(salesforce|record|it)\b`)
	// intoSalesforceAnywhereRe is Salesforce or a custom object as the destination.
	intoSalesforceAnywhereRe = regexp.MustCompile(`\b(into|in|to)\s+(salesforce|sfdc|sf)\b|\binto\s+(?:the\s+|our\s+)?[a-z][a-z0-9_]*__c\b`)
	// eachNounRe is the noun an action repeats for: "for each line", "one per row".
	eachNounRe = regexp.MustCompile(`\b(?:for|with) (?:each|every) ([a-z_]+)|\bone (?:per|for each) ([a-z_]+)|\bper ([a-z_]+)\b`)
	// fromWordRe is "from" before a source.
	fromWordRe = regexp.MustCompile(`\bfrom\s+`)
	// theOurRe is an article before a source's name.
	theOurRe = regexp.MustCompile(`^(?:the|our)\s+`)
)

// lastWordsRe is the article that ends a secondObjectRe match.
var lastWordsRe = regexp.MustCompile(`(?i)\b(?:a|an|the|some)\s*$`)

// eventObjectRe is the Event object named by its API name after an article.
var eventObjectRe = regexp.MustCompile(`^\s*(?:an|the|new|a new)\s+(Event)\b(?:\s+record)?`)

// thereRe points back at a system already named: "create a plan there".
var thereRe = regexp.MustCompile(`\b(?:over there|in there|there|in it)\s*[.,;!?]?\s*$|\s/[a-z0-9_/{}.-]+\s+(?:on|in|of)\s+(?:it|that|them)\b`)

// introducedSystemRe is a capitalised name where a request introduces a
// system it points back at later ("we have Provisioner ... POST to
// /v1/tenants on it", "our devs built Ledger; send the invoice there").
// It is read only where the text points back at a system (thereRe), so
// "we have Enterprise accounts" names none.
var introducedSystemRe = regexp.MustCompile(`\b(?:have|has|got|built|build|exposed|wrote|made|run|runs|use|uses|called|named)\s+(?:the\s+|an?\s+|our\s+)?([A-Z][A-Za-z0-9]{2,})\b`)

// intoSalesforceRe is a destination that is Salesforce itself.
var intoSalesforceRe = regexp.MustCompile(`^(?:in|into|to|over to|onto)\s+(?:salesforce|sfdc|sf|our org|the org)\b`)

// intoObjectRe is a custom object that fetched records go into, named
// after words that describe it: "into our custom object NS_Order__c".
var intoObjectRe = regexp.MustCompile(`(?i)\b(?:into|to)\s+(?:the\s+|our\s+|a\s+|an\s+)?(?:(?:new\s+)?custom\s+object\s+|object\s+)?([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b`)

// intoUnnamedRe is a store that names no object: "into a custom object".
var intoUnnamedRe = regexp.MustCompile(`\binto\s+(?:a|an|some|the|our)\s+(?:new\s+)?(?:custom\s+)?(?:object|table|records?)\b`)

// intoCustomRe is a custom object that records go into: "into Invoice__c".
var intoCustomRe = regexp.MustCompile(`(?i)\binto\s+(?:the\s+|our\s+)?([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b`)

// prepWords are the prepositions that put an action in a system.
var prepWords = map[string]bool{"in": true, "to": true, "on": true, "into": true}

// prepBeforeRe is the first preposition that puts an action in a system.
var prepBeforeRe = regexp.MustCompile(`\s(?:in|to|on|into|via|through)\s`)

// overRe is the particle of "fire off", "fire it over".
var overRe = regexp.MustCompile(`^\s*(?:off|over|away)\b`)
