package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// clauseReaders read a clause as a whole, before its verb: clauses that
// plan nothing, and clauses that do not start with their verb ("Slack
// should get a message", "the id stamped on the opp"), which they say
// again in the imperative.
// signatureCheckRe is a clause that checks who sent an inbound call:
// "verify w/ stripe's signing secret", "verify it's really github",
// "validate their signature".
var signatureCheckRe = regexp.MustCompile(`^\W*(?:(?:and|then|also|please|pls|plz)\s+)*(?:verify|validate|check|authenticate|confirm|make sure)\s+(?:(?:that\s+)?(?:it'?s|its|it is|they'?re|they are|the (?:call|request|payload|message|webhook)s? (?:is|are))\s+(?:really|actually|truly|genuinely|from)\b|[^.;]{0,40}\b(?:signatures?|signing secret|secret|hmac|token|x-[a-z0-9-]+)\b)`)

// eventTypeLeadRe is a vendor's event type before the action it is for:
// "on invoice.paid update the account", "for charge.refunded, create a Case".
var eventTypeLeadRe = regexp.MustCompile(`^\W*(?:(?:and|then)\s+)*(?:on|for|upon|with)\s+(?:an?\s+|the\s+|each\s+|every\s+)?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?:\s+events?)?,?\s+(\S.*)$`)

// stepCondIfRe opens a condition that holds for one step: "if it's a 6 or
// below open a ticket", "unless the amount is zero, send it".
var stepCondIfRe = regexp.MustCompile(`^\W*(?:(?:and|then|also|but)\s+)*((?:if|unless|only if|provided|in case)\s+)`)

// startsStepCondition reports whether s opens with a condition on the
// action after it ("if it's a 6 or below opens a new ticket").
func startsStepCondition(s string) bool {
	_, at := stepCondition(s)
	return at >= 0
}

// stepCondition returns the span of the condition that opens low ("if
// it's a 6 or below") and where the action after it starts, or -1: the
// action is the first action verb before an object.
func stepCondition(low string) ([2]int, int) {
	if len(low) > 300 {
		// a condition and its verb sit in the clause's first words
		low = low[:300]
	}
	m := stepCondIfRe.FindStringSubmatchIndex(low)
	if m == nil {
		return [2]int{}, -1
	}
	ws := wordSpans(low[m[1]:])
	for i := 1; i+1 < len(ws); i++ {
		w := strings.Trim(low[m[1]+ws[i][0]:m[1]+ws[i][1]], ".,;:!?()")
		if v, k := verbOf(w); v == "" || !k.acts() {
			continue
		}
		if !determinerRe.MatchString(low[m[1]+ws[i+1][0]:]) {
			continue
		}
		return [2]int{m[2], m[1] + ws[i-1][1]}, m[1] + ws[i][0]
	}
	return [2]int{}, -1
}

var clauseReaders = []stepReader{
	{
		name:    "inbound call is the webhook",
		example: "Expose a webhook at /jira/done. Jira will call us at /jira/done when an issue is resolved, then update the Case in Salesforce.",
		match: func(f *flowCtx, c *stepClause) bool {
			return f.trig.Type == spec.TriggerWebhook && inboundCallRe.MatchString(c.low)
		},
		build: done, // the webhook itself, not a call back to the system that sent it
	},
	{
		name:    "the webhook's signature check",
		example: "stripe -> POST /stripe/webhook -> verify it's really stripe (their signing secret) -> create a Payment__c -> reply 200",
		match: func(f *flowCtx, c *stepClause) bool {
			return f.trig.Type == spec.TriggerWebhook && signatureCheckRe.MatchString(c.low)
		},
		build: done, // the trigger's verify, read from the whole request, not a call
	},
	{
		name:    "the webhook's methods",
		example: "can we take a webhook from hubspot at /hubspot/forms - POST only - and create a new lead from the submission, then reply 200",
		match: func(f *flowCtx, c *stepClause) bool {
			return f.trig.Type == spec.TriggerWebhook && methodOnlyRe.MatchString(c.low)
		},
		build: done, // the trigger's methods, read from the whole request, not a call
	},
	{
		name:    "the event type the action is for",
		example: "stripe -> POST /stripe/webhook -> on invoice.paid update the account's MRR__c -> reply 200",
		match: func(f *flowCtx, c *stepClause) bool {
			c.m = eventTypeLeadRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// the vendor's event type names which calls the action is for;
			// the flow runs on every call to its path
			f.p.assume("the flow runs for every call to its endpoint; filter on the event type %q in the caller's settings or a condition", c.chunk[c.m[2]:c.m[3]])
			c.replan(c.chunk[c.m[4]:])
			return true
		},
	},
	{
		name:    "a name given to what is built",
		example: "Give us a flow action, call it 'Refund in Stripe', that takes the Order id and creates the refund in Stripe.",
		match: func(f *flowCtx, c *stepClause) bool {
			return namingClauseRe.MatchString(c.low)
		},
		build: done, // the label the trigger already read, not a call
	},
	{
		name:    "what need not be done",
		example: "Every weekday at 7am fetch the open loads from Acme and upsert each one into Load__c keyed on Acme_Id__c. No need to run on weekends, nobody looks at it then.",
		match: func(f *flowCtx, c *stepClause) bool {
			return notNeededRe.MatchString(c.low)
		},
		build: done, // a thing the request rules out, not a step
	},
	{
		name:    "another system publishes the event it listens to",
		example: "Our MES vendor built a connector that already publishes a Line_Down__e platform event into Salesforce. When one comes through, create a Case.",
		match: func(f *flowCtx, c *stepClause) bool {
			return f.trig.Type == spec.TriggerPlatformEvent && publishedByOther(c.chunk, f.trig.Event)
		},
		build: done, // the trigger itself, not a publish of the event it listens to
	},
	{
		name:    "a condition alone, for the step after it",
		example: "When a deal closes, create the invoice in Xero and, unless the customer is tax exempt, post it to #finance in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb == "" && stepCondIfRe.MatchString(c.low) && !runtimeCondRe.MatchString(c.low) && !startsStepCondition(c.low)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// a spec cannot say it: the draft must not look complete
			f.unplannedCondition(strings.TrimSpace(strings.Trim(f.p.unquote(c.chunk), " ,;:-")))
			return true
		},
	},
	{
		name:    "a condition on one step",
		example: "When a deal closes, create the invoice in Xero, then unless the customer is tax exempt post it to #finance in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			cond, at := stepCondition(c.low)
			if at < 0 {
				return false
			}
			c.m = []int{0, len(c.low), cond[0], cond[1], at, len(c.low)}
			return true
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// a spec's conditions hold for the whole flow: the step is
			// planned and its own condition listed, so the draft is not
			// shown ready while the step would run every time
			cond := strings.TrimSpace(f.p.unquote(c.chunk[c.m[2]:c.m[3]]))
			f.unplannedCondition(cond)
			c.replan(c.chunk[c.m[4]:])
			return true
		},
	},
	{
		name:    "verb with nothing to act on",
		example: "When a Case is closed, send a message to #support in Slack. Subject: refunds",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb != "" && c.kind != kindReply && c.kind != kindPublish && strings.Trim(c.low[c.end:], " .,;:!?") == ""
		},
		build: done,
	},
	{
		name:    "ask a system to act",
		example: "When an opportunity's stage changes to Negotiation/Review, ask DealHub to generate a quote (POST).",
		match: func(f *flowCtx, c *stepClause) bool {
			c.m = askSystemToRe.FindStringSubmatchIndex(c.chunk)
			if c.m == nil {
				return false
			}
			if !f.namesSystem(c.chunk[c.m[2]:c.m[3]]) {
				return false
			}
			_, k, _ := startsWithVerb(c.low[c.m[4]:])
			return k.acts()
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// "calls Smarty to validate the address": validate it in Smarty
			c.replan(strings.TrimRight(c.chunk[c.m[4]:], " .;") + " in " + c.chunk[c.m[2]:c.m[3]])
			return true
		},
	},
	{
		name:    "ask a system for something",
		example: "Make a flow action 'Get Shipping Rate' that takes a weight and zip, asks EasyPost for rates and returns the cheapest.",
		match: func(f *flowCtx, c *stepClause) bool {
			c.m = askSystemForRe.FindStringSubmatchIndex(c.chunk)
			if c.m == nil {
				return false
			}
			return f.namesSystem(c.chunk[c.m[2]:c.m[3]])
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("get " + c.chunk[c.m[4]:c.m[5]] + " from " + c.chunk[c.m[2]:c.m[3]])
			return true
		},
	},
	{
		name:    "must be done, without a subject",
		example: "Contacts whose Email Opt Out gets ticked must be unsubscribed in Klaviyo.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = modalPassiveRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			v, k := pastVerbOf(c.low[c.m[2]:c.m[3]])
			return v != "" && k.acts()
		},
		build: func(f *flowCtx, c *stepClause) bool {
			v, _ := pastVerbOf(c.low[c.m[2]:c.m[3]])
			c.replan(v + " it" + c.chunk[c.m[3]:])
			return true
		},
	},
	{
		name:    "map each item to a new record",
		example: "Inbound webhook from Typeform at /typeform/signup (POST). Map each submission to a new Lead. Reply 200.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = mapEachToNewRe.FindStringSubmatchIndex(c.chunk)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("create a " + c.chunk[c.m[4]:c.m[5]] + " for each " + c.chunk[c.m[2]:c.m[3]] + c.chunk[c.m[5]:])
			return true
		},
	},
	{
		name:    "passives joined by and",
		example: "When an opportunity is closed won, an invoice is created in Stripe and a message is posted to Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb == "" && passive2Re.MatchString(lowerASCII(andJoinRe.Split(c.chunk, 2)[0]))
		},
		build: func(f *flowCtx, c *stepClause) bool {
			for _, part := range andJoinRe.Split(c.chunk, -1) {
				if m := passive2Re.FindStringSubmatchIndex(lowerASCII(part)); m != nil {
					c.replan(participles[lowerASCII(part[m[4]:m[5]])] + " " + part[m[2]:m[3]] + part[m[5]:])
				}
			}
			return true
		},
	},
	{
		name:    "subject and modal before the verb",
		example: "NetSuite needs to create an invoice when an opportunity is closed won.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" || receiverRe.MatchString(c.low) {
				return false
			}
			c.m = subjModalRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			_, k, _ := startsWithVerb(c.low[c.m[1]:])
			return k.acts()
		},
		build: func(f *flowCtx, c *stepClause) bool {
			act, subj := c.chunk[c.m[1]:], c.chunk[c.m[2]:c.m[3]]
			if sys, _, ok := f.p.findSystem(subj, lowerASCII(subj)); ok && f.trig.Type != spec.TriggerWebhook && !strings.Contains(lowerASCII(act), strings.ToLower(sys.Label)) &&
				!inSalesforceRe.MatchString(lowerASCII(act)) {
				// "NetSuite needs to create an invoice": in NetSuite (but
				// "Shopify should create a Case in Salesforce" acts here)
				act += " in " + sys.Label
			}
			c.replan(act)
			return true
		},
	},
	{
		name:    "message named without its verb",
		example: "When an invoice is paid, update the opportunity, plus a ping to #finance in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = nominalMessageRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("send " + c.chunk[c.m[2]:])
			return true
		},
	},
	{
		name:    "a system receives a message",
		example: "When a case is escalated, PagerDuty should get an alert.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = receiverRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			_, _, ok := f.p.findSystem(c.chunk[c.m[2]:c.m[3]], c.low[c.m[2]:c.m[3]])
			return ok
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("send " + c.chunk[c.m[4]:] + " to " + c.chunk[c.m[2]:c.m[3]])
			return true
		},
	},
	{
		name:    "a person receives a message through a system",
		example: "When an opportunity is closed won, the AE should get a ping in Slack.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = receiverRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			_, _, ok := f.p.findSystem(c.chunk[c.m[4]:], c.low[c.m[4]:])
			return ok
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("send " + c.chunk[c.m[4]:])
			return true
		},
	},
	{
		name:    "records of a system become Salesforce records",
		example: "Every night, new HubSpot contacts should become Salesforce leads.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = becomeRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			_, _, ok := f.p.findSystem(c.chunk[c.m[2]:c.m[3]], c.low[c.m[2]:c.m[3]])
			return ok
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("get " + c.chunk[c.m[2]:c.m[3]])
			c.replan("create " + c.chunk[c.m[4]:c.m[5]] + " for each one")
			return true
		},
	},
	{
		name:    "records should show up in Salesforce",
		example: "Every morning at 6, we want QuickBooks invoices to show up in Salesforce.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = goIntoRe.FindStringSubmatchIndex(c.low)
			return c.m != nil && intoSalesforceRe.MatchString(c.low[c.m[4]:])
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// a goal; the actions that follow say how, else fetch them
			f.goal = c.chunk[c.m[2]:c.m[3]]
			return true
		},
	},
	{
		name:    "records should go into a system",
		example: "New contacts need to go straight into Veeva.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = goIntoRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan("send " + c.chunk[c.m[2]:c.m[3]] + " " + c.chunk[c.m[4]:])
			return true
		},
	},
	{
		name:    "passive without its auxiliary",
		example: "When an opportunity is closed won, create an invoice in QuickBooks and the invoice number stamped back on the opp.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = passive3Re.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			if c.forEach != "" {
				// "for each pallet we need the record upserted": the
				// action said again keeps its loop
				f.pendingEach = c.forEach
			}
			c.replan(participles[c.low[c.m[4]:c.m[5]]] + " " + c.chunk[c.m[2]:c.m[3]] + c.chunk[c.m[5]:])
			return true
		},
	},
	{
		name:    "an id written on a record, without an article",
		example: "When an opportunity is closed won, create a customer in Chargebee.\nAC: Chargebee customer id written to Account.Chargebee_Customer_Id__c",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = bareIDWrittenRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.replan(participles[c.low[c.m[4]:c.m[5]]] + " the " + c.chunk[c.m[2]:c.m[3]] + c.chunk[c.m[5]:])
			return true
		},
	},
	{
		name:    "the inbound call does something",
		example: "Stripe's charge.succeeded webhook at /stripe/charges (Stripe signature) creates a Payment__c.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = triggerDoesRe.FindStringSubmatchIndex(c.low)
			if c.m == nil {
				return false
			}
			_, k, _ := startsWithVerb(c.low[c.m[2]:])
			return k.acts()
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// "the webhook creates a Payment__c": create one
			c.replan(c.chunk[c.m[2]:])
			return true
		},
	},
	{
		name:    "we need it done",
		example: "When an account is created, we need the customer created in QuickBooks.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = passiveRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			if c.forEach != "" {
				// "for each pallet we need the record upserted": the
				// action said again keeps its loop
				f.pendingEach = c.forEach
			}
			c.replan(participles[c.low[c.m[4]:c.m[5]]] + " " + c.chunk[c.m[2]:c.m[3]] + c.chunk[c.m[5]:])
			return true
		},
	},
	{
		name:    "get it done",
		example: "Can we get a Jira issue opened whenever a Case is escalated?",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "get" {
				return false
			}
			c.m = getItDoneRe.FindStringSubmatchIndex(c.low[c.end:])
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			// "get a Jira issue opened": open a Jira issue
			r, lr := c.chunk[c.end:], c.low[c.end:]
			c.replan(participles[lr[c.m[4]:c.m[5]]] + " " + r[c.m[2]:c.m[3]] + r[c.m[5]:])
			return true
		},
	},
	{
		name:    "for each before the action",
		example: "Every night, pull the open orders from NetSuite and for each of them, create an Order__c record.",
		match: func(f *flowCtx, c *stepClause) bool {
			if c.verb != "" {
				return false
			}
			c.m = forEachOfThemRe.FindStringSubmatchIndex(c.low)
			return c.m != nil
		},
		build: func(f *flowCtx, c *stepClause) bool {
			f.pendingEach = c.low[c.m[2]:c.m[3]]
			if v, _, _ := startsWithVerb(c.low[c.m[1]:]); v != "" {
				c.replan(c.chunk[c.m[1]:])
			}
			return true
		},
	},
	{
		name:    "the id should be saved",
		example: "When an opportunity is closed won, create an invoice in Stripe. Stripe's invoice id should be saved on the opportunity.",
		match: func(f *flowCtx, c *stepClause) bool {
			return c.verb == "" && idToBeSavedRe.MatchString(c.low)
		},
		build: func(f *flowCtx, c *stepClause) bool {
			c.verb, c.kind, c.end = "save", kindSave, 0
			return false
		},
	},
}

// namesSystem reports whether name, said where a system goes ("ask
// DealHub to ..."), is an external system.
func (f *flowCtx) namesSystem(name string) bool {
	_, _, ok := f.p.findSystem("in "+name, "in "+lowerASCII(name))
	return ok
}

// done is the build of a reader whose clause plans nothing more.
func done(*flowCtx, *stepClause) bool { return true }

// notNeededRe is a clause that rules something out: "no need to run on
// weekends", "there's no need to notify anyone", "we don't need to sync
// the old ones".
var notNeededRe = regexp.MustCompile(`^(?:and\s+|but\s+|also\s+|oh\s+and\s+)*(?:there'?s\s+|there\s+is\s+)?(?:no\s+need|(?:we|you|it)\s+(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+(?:really\s+)?need|not\s+necessary|no\s+reason)\s+(?:for\s+(?:it|us|you|them)\s+)?to\b`)

// namingClauseRe is a clause that only names what is built: "call it
// 'Refund in Stripe'", "name the action 'Sync Now'", "label it 'Check Credit'".
var namingClauseRe = regexp.MustCompile(`^(?:and\s+|then\s+|just\s+|maybe\s+|pls\s+|please\s+)*(?:call|name|label|title)\s+(?:it|this|that|them|the\s+(?:action|flow\s+action|flow|button|endpoint|invocable))\s+(?:as\s+)?q_\d+_q(?:,?\s+(?:where|in which|so|and)\s+(?:the|a|an|our|my|each|every)\s+[a-z]+\s+(?:can\s+)?(?:types?|enters?|picks?|fills?|selects?|puts?|keys?|inputs?|pastes?|chooses?)\b[^.;]*?)?[\s.,;:!?)]*$`)

// Patterns of the clause readers.
var (
	// askSystemToRe is a system asked to act: "ask DealHub to generate a
	// quote", "calls Smarty to validate the address", "have Zapier create ...".
	askSystemToRe = regexp.MustCompile(`(?i)^\s*(?:ask|asks|have|has|get|gets|use|uses|call|calls|tell|tells)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9.&-]*(?:\s+[A-Z][A-Za-z0-9.&-]*){0,2})\s+to\s+(\S.*)$`)
	// askSystemForRe is a system asked for something: "asks EasyPost for rates".
	askSystemForRe = regexp.MustCompile(`(?i)^\s*(?:ask|asks|query|queries|check with|checks with)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9.&-]*(?:\s+[A-Z][A-Za-z0-9.&-]*){0,2})\s+for\s+(.+?)\s*[.;]?$`)
	// modalPassiveRe is an action said as what must happen, without a
	// subject: "must be unsubscribed in Klaviyo".
	modalPassiveRe = regexp.MustCompile(`^\s*(?:must|should|shall|needs? to|has to|have to|will|is to|are to)\s+(?:also\s+|then\s+|automatically\s+)?be\s+([a-z]+)\b`)
	// bareIDWrittenRe is an id said kept somewhere, in a ticket's terse
	// passive: "Chargebee customer id written to Account.Chargebee_Customer_Id__c".
	bareIDWrittenRe = regexp.MustCompile(`^\s*([a-z0-9][a-z0-9 _'#-]{0,40}?\b(?:id|ids|number|no|key|url|link|reference|ref))\s+(written|saved|stored|recorded|stamped|put|copied|synced|posted|noted)\s+(?:back\s+)?(?:on|in|to|into|onto)\b`)
	// getItDoneRe is what "get" asks to have done: "get a Jira issue
	// opened", "get the customer created in Stripe" (not "get the orders
	// created today", a fetch).
	getItDoneRe = regexp.MustCompile(`^\s+((?:the|a|an|that|this|their|its|our|them|it|every|each|all)\s+[a-z0-9 _'#.-]{0,50}?)\s+(created|sent|posted|added|pushed|synced|updated|deleted|removed|logged|opened|raised|filed|generated)\s*(?:$|[.,;!?]|\b(?:in|on|to|into|for|when|whenever|if|once|as soon as|via|through)\b)`)
	// triggerDoesRe is the trigger as the subject of the action: "the
	// charge.succeeded webhook at /stripe/charges creates a Payment__c".
	triggerDoesRe = regexp.MustCompile(`^[^,;]{0,80}?\b(?:webhooks?|events?|calls?|requests?|payloads?|notifications?)\b[^,;]{0,60}?\s((?:creates|updates|upserts|inserts|adds|logs|opens|posts|sends|saves|stores|publishes)\b.*)$`)
	// inSalesforceRe is Salesforce named as where an action happens.
	inSalesforceRe = regexp.MustCompile(`\b(?:in|into|to|inside)\s+(?:salesforce|sfdc|sf)\b`)
	// mapEachToNewRe is each item of a list mapped to a new record: "map each submission to a new Lead".
	mapEachToNewRe = regexp.MustCompile(`(?i)^\s*(?:and\s+|then\s+)?maps?\s+(?:each|every)\s+([a-z_]+)\s+(?:to|onto|into|as)\s+(?:a\s+|an\s+)?new\s+([A-Za-z][A-Za-z0-9_]*)`)
	// andJoinRe is the "and" between two clauses.
	andJoinRe = regexp.MustCompile(`,?\s+and\s+`)
	// forEachOfThemRe is "for each of them" before an action, and where
	// the items are: "for each currency in the answer, create ...".
	forEachOfThemRe = regexp.MustCompile(`^(?:and\s+|then\s+)?(?:for|with)\s+(?:each|every)\s+([a-z_]+)\b(?:\s+of\s+them)?(?:\s+(?:in|from|of|inside)\s+(?:the|its|their|that|this|each)\s+(?:[a-z_]+\s+)?(?:answer|response|result|results|reply|payload|body|list|file|feed|call|request|export|json|array))?,?\s*`)
	// idToBeSavedRe is an id the request wants kept: "the invoice id should be saved".
	idToBeSavedRe = regexp.MustCompile(`\b(id|ids|number|reference)\b[^.]{0,40}\b(should be|is|gets|must be|to be)\s+(saved|stored|written|recorded|kept|put)\b`)
)

// subjModalRe is the subject and modal before an action: "our site
// (Shopify) should ...", "NetSuite needs to ...".
var subjModalRe = regexp.MustCompile(`^\s*([a-z0-9][a-z0-9 ().&'-]{0,60}?)\s+(?:should|must|will|needs to|need to|has to|have to|is going to|are going to|ought to)\s+(?:also\s+|then\s+|automatically\s+)?`)

// nominalMessageRe is a message named without a verb: "plus a ping to #finance".
var nominalMessageRe = regexp.MustCompile(`^\s*(?:plus|and|also|with|then)?\s*((?:a|an)\s+(?:quick\s+|short\s+)?(?:ping|message|alert|notification|note|heads[- ]up|email|text|sms|dm)\b.*)$`)

// inboundCallRe is another system calling Salesforce: "Zendesk will POST
// new tickets to Salesforce at /zendesk/tickets", "they hit us with a POST".
var inboundCallRe = regexp.MustCompile(`\b(?:post|posts|put|puts|call|calls|hit|hits|send|sends|push|pushes|ping|pings)\b(?:\s+[a-z0-9_.'-]+){0,6}?\s+(?:us|salesforce|sfdc|our (?:org|endpoint|salesforce))\b|\b(?:post|posts|put|puts|call|calls|hit|hits|send|sends|push|pushes)\b[^.;]{0,60}?(?:\s|^)(?:at|to|on)\s+/[a-z0-9]|\b(?:post|posts|put|puts|call|calls|hit|hits)\s+(?:our\s+endpoint\s+)?/[a-z0-9]`)

// passiveRe reads "we need the customer created in QuickBooks" as
// "create the customer in QuickBooks".
var passiveRe = regexp.MustCompile(`\b(?:need|needs|want|wants|like|have|get|see|expect)\s+(?:to\s+(?:have|get|see)\s+)?((?:the|a|an|that|this|their|its|our|them|it|every|each|all)?\s*[a-z0-9 _'#$.,-]{0,50}?)\s+(created|sent|posted|added|pushed|synced|updated|deleted|removed|fetched|pulled|logged|opened|stored|saved|copied|published|upserted|inserted|generated|raised|filed|cancelled|canceled|refunded|voided|archived|deactivated|suspended|unsubscribed|notified|charged|invoiced|billed|enrolled|provisioned|emailed|texted|registered|booked)\b`)

// passive3Re reads a passive without its auxiliary: "the invoice number
// stamped back on the opp".
var passive3Re = regexp.MustCompile(`^\s*((?:the|a|an|its|their)\s+[a-z0-9 _'#-]{1,40}?)\s+(stamped|written|saved|stored|recorded|put|copied|synced|posted|sent|pushed|added|created|updated|logged|noted)\s+(?:back\s+)?(?:on|in|to|into|onto)\b`)

// goIntoRe reads "new web leads should go straight into HubSpot".
var goIntoRe = regexp.MustCompile(`^(.{0,60}?)\s+(?:should|must|need to|needs to|will|to)?\s*(?:go|goes|flow|flows|land|lands|end up|show up|get pushed|get sent|be pushed|be sent|be synced|get synced|be copied|get copied)\s+(?:straight\s+|directly\s+|automatically\s+|right\s+|over\s+)?((?:in|into|to|over to|onto)\s+.*)$`)

// passive2Re reads "an opportunity is created in Salesforce", also after
// "then" ("then the lead is sent to Mailchimp").
var passive2Re = regexp.MustCompile(`^\s*(?:(?:then|also|and)\s+)*((?:a|an|the|new|its|their)\s+[a-z0-9 _'#-]{1,40}?)\s+(?:is|gets|should be|must be|will be|to be|be|are|get)\s+(?:automatically\s+|also\s+)?(created|sent|posted|added|pushed|synced|updated|deleted|removed|fetched|pulled|logged|opened|stored|saved|copied|published|upserted|inserted|generated|raised|filed)\b`)

// receiverRe reads "Slack should get a message ...".
var receiverRe = regexp.MustCompile(`^\s*([a-z0-9][a-z0-9 .&-]{0,30}?)\s+(?:should|must|needs? to|will|to|can|would)?\s*(?:get|receive|see)\s+((?:a|an|the)?\s*(?:[a-z#-]+\s+)?(?:message|ping|notification|alert|post|update|email|text|sms|heads[- ]up)\b.*)$`)

// becomeRe reads "X should become Salesforce Y".
var becomeRe = regexp.MustCompile(`^(?:new\s+)?(.+?)\s+(?:should|must|need to|needs to|will|to)?\s*(?:become|turn into|be created as|get created as|be added as|come in as|show up as|land as)\s+(?:new\s+)?(?:salesforce\s+|sf\s+)?(.+)$`)

var participles = map[string]string{"stamped": "stamp", "written": "write", "recorded": "record", "put": "put", "noted": "save", "created": "create", "sent": "send", "posted": "post", "added": "add", "pushed": "push",
	"synced": "sync", "updated": "update", "deleted": "delete", "removed": "remove", "fetched": "fetch", "pulled": "pull",
	"logged": "log", "opened": "open", "stored": "store", "saved": "save", "copied": "copy", "published": "publish",
	"upserted": "upsert", "inserted": "insert", "generated": "generate", "raised": "raise", "filed": "file",
	"cancelled": "cancel", "canceled": "cancel", "refunded": "refund", "voided": "void", "archived": "archive", "deactivated": "deactivate",
	"suspended": "suspend", "unsubscribed": "unsubscribe", "notified": "notify", "charged": "charge", "invoiced": "invoice", "billed": "bill",
	"enrolled": "enroll", "provisioned": "provision", "emailed": "email", "texted": "text", "registered": "register", "booked": "book"}

// publishedByOther reports whether chunk says another system publishes
// event, or any event when event is "" ("our MES vendor built a connector that already publishes a
// Line_Down__e"), which is what starts the flow, not a step of it.
func publishedByOther(chunk, event string) bool {
	low := blankAsides(lowerASCII(chunk))
	for _, m := range eventTokenRe.FindAllStringIndex(chunk, -1) {
		if (event == "" || chunk[m[0]:m[1]] == event) && publisherBeforeRe.MatchString(low[:m[0]]) {
			return true
		}
	}
	return false
}
