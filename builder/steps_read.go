package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// A clause of a request's action text ("create an invoice in Stripe") is
// read by ordered tables of step readers, one table per stage:
//
//  1. clauseReaders: the clause as a whole, before any verb is read
//     ("Slack should get a message", "the invoice number stamped on the opp");
//     most say the clause again in the imperative and plan that instead.
//  2. verbReaders: the verb phrase ("look up", "or update", "as Foo__c
//     records"); they adjust the verb, its kind and its object.
//  3. actionReaders: what the verb does, once the system and the object
//     it acts on are known ("a call to Stripe", "a Case record").
//
// The first matching reader whose build reports the clause done ends the
// reading. A new way of saying something is a new row with its example;
// each example is planned by TestStepReaderExamples.

// stepReader is one way of saying an action: a name, an example request
// that uses it, whether a clause says it, and the steps it plans.
type stepReader struct {
	name    string
	example string
	// match reports whether the clause says this. It may leave the
	// submatch it found in c.m for build.
	match func(f *flowCtx, c *stepClause) bool
	// build plans the clause, or adjusts it for the readers after it.
	// It reports whether the clause is done.
	build func(f *flowCtx, c *stepClause) bool
}

// stepClause is one action clause as the readers see it.
type stepClause struct {
	chunk, low  string // the clause and its lower case
	verb        string // the base form of the verb that starts it
	kind        verbKind
	end         int    // offset in chunk just past the verb
	rest, lrest string // the words after the verb, and their lower case
	forEach     string // the noun the action repeats for ("for each line item")
	m           []int  // the submatch of the reader that matched
	again       []string

	// Targets, found once the verb phrase is read.
	sys        spec.System // the external system the clause names
	sysPos     int         // where in lrest it is named
	sysOK      bool
	thereDest  bool   // the system is where the action goes ("there", the only system)
	obj        string // the Salesforce object the verb acts on
	objPos     int
	customs    int  // how many __c names the words after the verb hold
	dest       bool // the system is the destination, not the source
	namesField bool // the words name a custom field, not an object
	call       bool // the action is a call to sys
}

// replan makes the driver plan s as its own clause once this reader is done.
func (c *stepClause) replan(s string) { c.again = append(c.again, s) }

// cut drops the first n bytes of the words after the verb.
func (c *stepClause) cut(n int) { c.rest, c.lrest = c.rest[n:], c.lrest[n:] }

// purposeRe opens the reason an action is done: "so i can see what was
// said", "so that the team knows", "so our SDRs have fresh leads",
// "because the canadian entity does their books in there".
var purposeRe = regexp.MustCompile(`[\s,(]+(?:because|cause|cuz|bc)\s+(?:of\s+)?(?:the|our|my|their|we|they|i|it|its|it's|that|this|those|these|he|she|someone|somebody|people|[a-z]+s)\b|[\s,]+so\s+(?:that\s+)?(?:i|we|you|they|he|she|it|everyone|everybody|someone|somebody|nobody|people|(?:the|our|my|their|your|his|her)\s+(?:[a-z-]+\s+){0,2}[a-z-]+)\s+(?:can|could|will|'ll|would|know|knows|see|sees|has|have|get|gets|don'?t|doesn'?t|won'?t|aren'?t|isn'?t|stop|stops|are|is|never|always|actually|finally|do|does|hear|hears|notice|notices|show|shows|lights?|goes|go|went|stays|stay|lands|land|arrives|arrive|ends|end)\b`)

// step turns one action clause into steps.
func (f *flowCtx) step(chunk string) {
	chunk = strings.TrimLeft(chunk, " ,;:-")
	c := &stepClause{chunk: chunk, low: lowerASCII(chunk)}
	if noun, at, ok := forEachPrefix(c.low); ok {
		c.forEach = noun
		c.chunk, c.low = c.chunk[at:], c.low[at:]
	}
	if m := purposeRe.FindStringIndex(c.low); m != nil && m[0] > 0 {
		// "log a task on the opportunity so i can see it without logging
		// into gong": why it is done names no target
		c.chunk, c.low = c.chunk[:m[0]], c.low[:m[0]]
	}
	c.verb, c.kind, c.end = startsWithVerb(c.low)
	if f.read(clauseReaders, c) {
		return
	}
	if c.verb == "" {
		return
	}
	c.rest, c.lrest = c.chunk[c.end:], c.low[c.end:]
	if f.read(verbReaders, c) {
		return
	}
	f.settleForEach(c)
	if f.read(earlyActionReaders, c) {
		return
	}
	f.resolveTargets(c)
	f.read(actionReaders, c)
}

// read runs the readers in order until one is done, then plans the
// clauses it said again.
func (f *flowCtx) read(readers []stepReader, c *stepClause) bool {
	for i := range readers {
		r := &readers[i]
		c.m = nil
		if !r.match(f, c) {
			continue
		}
		if f.p.trace != nil {
			*f.p.trace = append(*f.p.trace, r.name)
		}
		if !r.build(f, c) {
			continue
		}
		again := c.again
		c.again = nil
		for _, s := range again {
			f.step(s)
		}
		return true
	}
	return false
}

// settleForEach decides the noun the action repeats for: one the clause
// opened with, one a "for each X," before it left, or one it names.
func (f *flowCtx) settleForEach(c *stepClause) {
	if c.forEach == "" && f.pendingEach != "" {
		c.forEach, f.pendingEach = f.pendingEach, ""
	}
	if c.forEach == "" {
		if m := eachNounRe.FindStringSubmatch(c.lrest); m != nil {
			c.forEach = m[1] + m[2] + m[3]
		}
	}
	switch c.forEach {
	case "request", "call", "time", "notification", "event", "webhook", "message", "run":
		c.forEach = ""
	case "one", "item", "record", "result", "row", "entry", "of":
		c.forEach = "items"
	}
}

// toldRe is the one a message is told to, right after the verb: "tell
// Gainsight about it", "notify gainsight that the date moved".
var toldRe = regexp.MustCompile(`^\s*(?:our\s+)?([A-Za-z][A-Za-z0-9]{2,})\s+(?:about|that|of)\b`)

// resolveTargets finds the system and the object the verb acts on, and
// whether the action is a call to the system.
func (f *flowCtx) resolveTargets(c *stepClause) {
	c.sys, c.sysPos, c.sysOK = f.p.findSystem(c.rest, c.lrest)
	if !c.sysOK && c.kind == kindSend {
		// "tell Gainsight about it", "notify gainsight that it changed":
		// the one told, a product, is where the message goes
		if m := toldRe.FindStringSubmatchIndex(c.rest); m != nil {
			if w := c.rest[m[2]:m[3]]; w[0] >= 'A' && w[0] <= 'Z' && !isStopName(w) || productWord(strings.ToLower(w)) {
				label := w
				if strings.ToLower(w) == w {
					label = titleCase(w)
				}
				if name := apiName(label, 40); name != "" && !spec.IsReservedWord(name) {
					if strings.ToLower(w) == w {
						f.p.guessSystem(name, w)
					}
					c.sys, c.sysPos, c.sysOK, c.thereDest = spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, m[2], true, true
				}
			}
		}
	}
	if m := thereRe.FindStringIndex(c.lrest); !c.sysOK && m != nil {
		// "create a Success Plan there": the system named earlier
		if s2, _, ok := f.p.findSystem(f.seg, f.low); ok {
			c.sys, c.sysPos, c.sysOK, c.thereDest = s2, m[0], true, true
		} else if s2, ok := f.introducedSystem(); ok {
			c.sys, c.sysPos, c.sysOK, c.thereDest = s2, m[0], true, true
		}
	}
	if c.sysOK && (c.kind == kindUpdate || c.kind == kindSave) && !syncVerbs[c.verb] && strings.HasPrefix(c.sys.URL, "https://api.") && strings.HasSuffix(c.sys.URL, ".example.com") &&
		setToRe.MatchString(c.lrest[:c.sysPos]) {
		// "set the order's Status to Delivered": a value, not a system
		// (but "sync tier to Gainsight" sends it there)
		c.sysOK = false
	}
	c.obj, c.objPos = f.directObject(c.rest, c.lrest)
	c.customs = len(customTokens(c.rest))
	if !c.sysOK && (c.kind == kindSend || c.kind == kindCall || c.kind == kindCancel || c.kind == kindGet && c.obj == "" && c.customs == 0) {
		// "hook up Twilio so when a case is closed we text the contact":
		// the one system the request names
		if s2, ok := f.p.onlySystem(); ok {
			c.sys, c.sysPos, c.sysOK, c.thereDest = s2, len(c.lrest), true, true
		}
	}
	c.dest = c.sysOK && (c.thereDest || isDestination(c.lrest, c.sysPos))
	c.namesField = c.customs > 0 && c.obj == ""
	switch c.kind {
	case kindCreate, kindSend, kindGet, kindDelete, kindCancel, kindCall:
		c.call = c.sysOK && (c.dest || c.obj == "" || c.sysPos < c.objPos || c.kind != kindCreate)
		if c.kind == kindCreate && c.sysOK && !c.dest && c.obj != "" && c.objPos < c.sysPos {
			// "create a Case from the Zendesk ticket"
			c.call = false
		}
	case kindUpdate:
		c.call = c.sysOK && (c.dest || c.obj == "" && !c.namesField)
	case kindSave:
		c.call = c.sysOK && c.dest && c.obj == "" && !c.namesField && !onSalesforceRecordRe.MatchString(c.lrest)
	case kindUpsert:
		c.call = c.sysOK && c.dest && !strings.Contains(c.lrest, "salesforce") && c.customs == 0
	}
	if !c.sysOK && f.lastSys != "" && c.obj == "" && c.customs == 0 && (c.kind == kindGet || c.kind == kindCall || c.kind == kindCancel) {
		// "... then pull the status": the system the flow last called
		c.sys, c.sysOK, c.call = f.p.systemByName(f.lastSys), true, true
	}
}

// introducedSystem is the last system the flow's text introduces by a
// capitalised name with no preposition before it ("we have Provisioner"),
// for a clause that points back at it.
func (f *flowCtx) introducedSystem() (spec.System, bool) {
	ms := introducedSystemRe.FindAllStringSubmatch(f.seg, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		label := ms[i][1]
		if isStopName(label) || isObjectWord(strings.ToLower(label)) || isSalesforceWord(strings.ToLower(label)) || salesforceName(label) {
			continue
		}
		if name := apiName(label, 40); name != "" && !spec.IsReservedWord(name) {
			return spec.System{Name: name, Label: label, URL: "https://api." + strings.ToLower(name) + ".example.com", Auth: bearer}, true
		}
	}
	return spec.System{}, false
}

// skip lists the clause as one the planner could not plan.
func (f *flowCtx) skip(c *stepClause) {
	f.skipped = append(f.skipped, strings.TrimSpace(f.p.unquote(c.chunk)))
}
