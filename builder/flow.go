package builder

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// flowPlan is one planned flow, or the question that stopped it.
type flowPlan struct {
	flow     spec.Flow
	question string
}

// flowCtx is the state of planning one flow.
type flowCtx struct {
	p        *plan
	seg, low string
	clauses  []span
	trig     spec.Trigger
	object   string // the trigger record's object
	root     string // record, event, request, input, lastRun
	source   string // the system that calls a webhook
	steps    []spec.Step
	ids      map[string]bool
	lastCall int // index of the last call step, -1 for none
	lastSys  string
	lastRec  string // id of the last create step
	skipped  []string
	// pendingEach is the noun of a "for each X," that stood alone before
	// the action it applies to.
	pendingEach string
	// focus is the Salesforce object an earlier "find the X" chunk named.
	focus string
	// lastPlural is whether the last GET fetched a list ("invoices").
	lastPlural bool
	// stateReached is whether an implicit trigger names a state before its
	// object ("every closed-lost opportunity"): the conditions decide the events.
	stateReached bool
	// continued is whether the trigger continues the flow before.
	continued bool
	// inherited is how many conditions the trigger took from the flow
	// before ("When it gets unchecked, ...").
	inherited int
	// goal is what an "X should show up in Salesforce" chunk wants brought in.
	goal string
	// cov is what each action chunk became.
	cov clauseCoverage
	// everyMinutes is a schedule's interval when it repeats within the
	// hour ("every 15 minutes"), which one Salesforce cron cannot say.
	everyMinutes int
}

// planFlow plans one segment of a request.
func (p *plan) planFlow(seg string, prev *flowPlan) *flowPlan {
	f := &flowCtx{p: p, seg: seg, low: lowerASCII(seg), ids: map[string]bool{}, lastCall: -1}
	f.clauses = clauseSpans(f.low)
	if !f.trigger(prev) {
		return &flowPlan{question: "What should start this integration: a record being created or changed (which object?), a schedule (when?), a call from another system, or a Flow action?"}
	}
	for _, c := range chunks(f.actionText()) {
		f.planChunk(c)
	}
	if len(f.steps) == 0 && f.goal != "" {
		f.planChunk("get " + f.goal)
	}
	if len(f.steps) == 0 {
		q := "What should happen"
		if len(f.cov.unplanned) > 0 {
			return &flowPlan{question: fmt.Sprintf("I could not plan %q: what should that do, and in which system (for example \"create an invoice in Stripe\")?", f.cov.unplanned[0])}
		}
		if len(f.skipped) > 0 {
			q = fmt.Sprintf("I can't plan %q with this spec: it can call external systems over HTTPS, create, update or upsert Salesforce records, publish platform events and reply to webhooks. What should happen", f.skipped[0])
		}
		return &flowPlan{question: q + ", and in which system? For example: \"create an invoice in Stripe\" or \"post a message to #sales in Slack\"."}
	}
	for _, s := range f.skipped {
		p.assume("left out %q: a spec cannot do that", s)
	}
	if f.trig.Type == spec.TriggerInvocable {
		f.finishInvocable()
	}
	fl := spec.Flow{Trigger: f.trig, Steps: f.steps}
	fl.Name = p.uniqueFlowName(f.flowName())
	fl.Label = labelFromName(fl.Name)
	f.finishCoverage(fl.Name)
	for _, st := range f.steps {
		if st.Type == spec.StepCall {
			fl.OnError = &spec.OnError{Retry: &spec.Retry{Attempts: 3, Backoff: spec.BackoffExponential}}
			break
		}
	}
	p.sayInterval(fl, f.everyMinutes)
	return &flowPlan{flow: fl}
}

// sayInterval says what a sub-hourly schedule became. Salesforce's cron
// repeats at most hourly, and staggered copies (:00, :15, :30, :45) would
// each keep their own lastRun and fetch the same records up to four times,
// so the flow runs hourly and the plan says so: the interval is listed as
// not planned, and the draft is shown incomplete until the admin accepts
// hourly runs or changes the design.
func (p *plan) sayInterval(fl spec.Flow, every int) {
	if every <= 0 || fl.Trigger.Type != spec.TriggerSchedule {
		return
	}
	p.assume("Salesforce schedules repeat at most hourly, so %s runs every hour, not every %d minutes", fl.Name, every)
	p.unplanned = append(p.unplanned, fmt.Sprintf("run every %d minutes (Salesforce schedules repeat at most hourly; this draft runs hourly)", every))
}

// clauseText joins the trigger clauses.
func (f *flowCtx) clauseText() string {
	var parts []string
	for _, c := range f.clauses {
		parts = append(parts, f.seg[c.a:c.b])
	}
	return strings.Join(parts, ", ")
}

// actionText is the segment without its trigger clauses.
func (f *flowCtx) actionText() string {
	var b strings.Builder
	last := 0
	for _, c := range f.clauses {
		b.WriteString(f.seg[last:c.a])
		b.WriteString(". ")
		last = c.b
	}
	b.WriteString(f.seg[last:])
	return b.String()
}

// trigger decides the flow's trigger.
func (f *flowCtx) trigger(prev *flowPlan) bool {
	switch {
	case f.webhookTrigger(), f.invocableTrigger(), f.changeEventTrigger(), f.platformEventTrigger():
	default:
		ctext := f.clauseText()
		clow := lowerASCII(ctext)
		obj, _, _ := objectAt(clow, 0)
		if m := asObjectRe.FindStringSubmatch(clow); m != nil {
			// "a new customer ... lands in Salesforce as a Lead": the record is a lead
			if o, pos, _ := objectAt(m[1], 0); pos == 0 {
				obj = o
			}
		}
		if obj == "" {
			for _, m := range customTokens(ctext) {
				if isCustomObjectToken(ctext, m[0], m[1]) {
					obj = ctext[m[0]:m[1]]
					break
				}
			}
		}
		if prev != nil && pronounFlowRe.MatchString(strings.TrimSpace(f.low)) && (prev.flow.Trigger.Type == spec.TriggerRecordChange || prev.flow.Trigger.Type == spec.TriggerChangeEvent) {
			// "also, if their company has more than 1000 employees, ...":
			// the record of the flow before
			obj = ""
		}
		switch {
		case obj != "" && !schedulePreferred(f.low, clow):
			f.trig = spec.Trigger{Type: spec.TriggerRecordChange, Object: obj}
			f.object, f.root = obj, "record"
		case f.scheduleTrigger():
		case prev != nil && len(f.clauses) > 0 && (prev.flow.Trigger.Type == spec.TriggerRecordChange || prev.flow.Trigger.Type == spec.TriggerChangeEvent || prev.flow.Trigger.Type == spec.TriggerPlatformEvent):
			// "When it's over 500, also ..." continues the previous trigger
			t := prev.flow.Trigger
			t.When = append([]spec.Condition(nil), t.When...)
			f.inherited = len(t.When)
			f.continued = true
			f.trig = t
			f.object = t.Object
			f.root = map[string]string{spec.TriggerPlatformEvent: "event"}[t.Type]
			if f.root == "" {
				f.root = "record"
			}
		default:
			if !f.implicitTrigger() {
				return false
			}
		}
	}
	switch f.trig.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		ctext := f.clauseText()
		if ctext == "" {
			ctext = f.seg
		}
		conds := f.p.parseConditions(ctext, f.object, false)
		if f.inherited > 0 {
			conds = f.continueConditions(ctext, conds)
		}
		if f.continued && (len(onEvents(lowerASCII(ctext))) > 0 || needsPrior(conds)) {
			// "... and when it's closed, send a survey": a new event on the
			// same object, not a narrower case of the one before
			f.trig.When, f.trig.On = nil, nil
		}
		conds = append(f.trig.When, conds...)
		on := onEvents(lowerASCII(ctext))
		if f.stateReached {
			on = nil
		}
		if f.trig.On != nil && len(on) == 0 {
			on = f.trig.On
		}
		f.trig.On, conds = f.fixEvents(on, conds)
		f.trig.When = dedupeConds(conds)
	case spec.TriggerPlatformEvent:
		ctext := f.clauseText()
		conds := f.p.parseConditions(ctext, "", true)
		f.trig.When = dedupeConds(append(f.trig.When, conds...))
	}
	if len(f.trig.When) == 0 {
		f.trig.When = nil
	}
	return true
}

func dedupeConds(cs []spec.Condition) []spec.Condition {
	var out []spec.Condition
	seen := map[string]bool{}
	for _, c := range cs {
		k := fmt.Sprintf("%s|%s|%v", c.Field, c.Op, c.Value)
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// Patterns used by schedulePreferred.
var (
	schedulePreferredRe1 = regexp.MustCompile(`\b(whenever|when|every time|each time|as soon as|once an?|after an?)\b`)
)

// checkStateRe is a checkbox state said of "it": "when it gets unchecked".
var checkStateRe = regexp.MustCompile(`\b(?:it|it's|its value)\s+(?:gets|is|was|becomes|got|has been)?\s*(checked|ticked|selected|enabled|turned on|unchecked|unticked|deselected|cleared|disabled|turned off)\b`)

// continueConditions fits the conditions of a clause that continues the
// flow before: a new condition on a field replaces the inherited one, and
// "it gets unchecked" speaks of the inherited checkbox.
func (f *flowCtx) continueConditions(ctext string, conds []spec.Condition) []spec.Condition {
	inherited := f.trig.When
	if len(conds) == 0 {
		if m := checkStateRe.FindStringSubmatch(lowerASCII(ctext)); m != nil {
			for _, c := range inherited {
				if _, isBool := c.Value.(bool); isBool {
					v := !strings.HasPrefix(m[1], "un") && !strings.HasPrefix(m[1], "de") && m[1] != "cleared" && m[1] != "disabled" && m[1] != "turned off"
					conds = []spec.Condition{{Field: c.Field, Op: c.Op, Value: v}}
					break
				}
			}
		}
	}
	fields := map[string]bool{}
	for _, c := range conds {
		fields[c.Field] = true
	}
	var kept []spec.Condition
	for _, c := range inherited {
		if !fields[c.Field] {
			kept = append(kept, c)
		}
	}
	f.trig.When = kept
	return conds
}

// asObjectRe names the record something arrives as: "land in Salesforce as a Lead".
var asObjectRe = regexp.MustCompile(`\b(?:lands?|lands in salesforce|land in salesforce|comes? in|come into salesforce|comes into salesforce|arrives?|shows? up|gets? created|is created|are created|is saved|are saved)\s+(?:in salesforce\s+)?as\s+(?:an?\s+|new\s+)?([a-z][a-z ]{1,30})`)

// schedulePreferred reports whether a schedule phrase outranks the object
// in a clause ("every night, for accounts whose ..." is a schedule).
func schedulePreferred(low, clow string) bool {
	_, _, ok := parseSchedule(low)
	if !ok {
		return false
	}
	if schedulePreferredRe1.MatchString(clow) {
		return false
	}
	return true
}

// implicitTrigger reads "push new contacts to HubSpot": the object acted on
// is the trigger.
func (f *flowCtx) implicitTrigger() bool {
	obj, pos, _ := objectAt(f.low, 0)
	if obj == "" {
		return false
	}
	if _, _, ok := f.p.findSystem(f.seg, f.low); !ok {
		return false
	}
	if _, _, end := startsWithVerb(f.low); end == 0 && pos > 40 {
		return false
	}
	f.trig = spec.Trigger{Type: spec.TriggerRecordChange, Object: obj}
	f.object, f.root = obj, "record"
	on := onEvents(f.low)
	if ws := strings.Fields(f.low[:pos]); len(ws) > 0 && stateWords[strings.Trim(ws[len(ws)-1], ",.")] {
		// "every closed-lost opportunity ... logged in X": a state reached
		on = nil
		f.stateReached = true
	}
	if len(on) == 0 {
		// the conditions decide: a state reached needs an update
		f.p.assume("assumed this runs on changes to %s, since the request names no trigger", withArticle(objectLabel(obj)))
		return true
	}
	f.trig.On = on
	f.p.assume("assumed this runs whenever %s is %s, since the request names no trigger", withArticle(objectLabel(obj)), eventWords(on))
	return true
}

func eventWords(on []string) string {
	var ws []string
	for _, o := range on {
		ws = append(ws, map[string]string{spec.OnCreate: "created", spec.OnUpdate: "updated", spec.OnDelete: "deleted", spec.OnUndelete: "undeleted"}[o])
	}
	return strings.Join(ws, " or ")
}

// flowName names the flow after its trigger and first call.
func (f *flowCtx) flowName() string {
	var b strings.Builder
	switch f.trig.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		b.WriteString(strings.TrimSuffix(f.object, "__c"))
		for _, c := range f.trig.When {
			if s, ok := c.Value.(string); ok && (c.Op == spec.OpChangedTo || c.Op == spec.OpEquals) && len(s) < 20 {
				b.WriteString(camel(s))
				break
			}
			if v, ok := c.Value.(bool); ok && v && strings.HasPrefix(c.Field, "Is") {
				b.WriteString(strings.TrimPrefix(c.Field, "Is"))
				break
			}
		}
		if b.Len() == len(strings.TrimSuffix(f.object, "__c")) && len(f.trig.On) == 1 {
			b.WriteString(map[string]string{spec.OnCreate: "Created", spec.OnUpdate: "Updated", spec.OnDelete: "Deleted", spec.OnUndelete: "Undeleted"}[f.trig.On[0]])
		}
	case spec.TriggerPlatformEvent:
		b.WriteString("On" + strings.ReplaceAll(strings.TrimSuffix(f.trig.Event, "__e"), "_", ""))
	case spec.TriggerSchedule:
		b.WriteString("Scheduled")
	case spec.TriggerWebhook:
		src := f.source
		if src == "" {
			src = "Inbound"
		}
		b.WriteString(camel(src) + "Webhook")
	case spec.TriggerInvocable:
		b.WriteString(camel(f.trig.Label))
		if b.Len() > 0 {
			return b.String()
		}
		b.WriteString("FlowAction")
	}
	if f.lastSys != "" && f.trig.Type != spec.TriggerInvocable {
		b.WriteString("To" + f.lastSys)
	} else if len(f.steps) > 0 && f.trig.Type == spec.TriggerSchedule {
		b.WriteString(camel(f.steps[0].ID))
	}
	n := b.String()
	if len(n) > 36 {
		n = n[:36]
	}
	return n
}

// finishInvocable fills a Flow action's label, inputs and outputs.
func (f *flowCtx) finishInvocable() {
	f.trig.Label = strings.TrimSpace(f.trig.Label)
	if r := []rune(f.trig.Label); len(r) > 80 {
		f.trig.Label = strings.TrimSpace(string(r[:80]))
	}
	if f.trig.Label == "" {
		f.trig.Label = strings.TrimSpace(labelFromName(camel(f.steps[0].ID)))
		if f.trig.Label == "" {
			f.trig.Label = "Integration Action"
		}
		f.p.assume("assumed the Flow action is labelled %q", f.trig.Label)
	}
	if len(f.trig.Inputs) == 0 {
		f.trig.Inputs = []spec.Param{{Name: "RecordId", Type: "Id"}}
	}
}

// Patterns used by directObject.
var (
	directObjectRe1 = regexp.MustCompile(`\b(in|into|to|on|onto|for|from|with|via|through|using|at|by|so|that|which|and)\b`)
	directObjectRe2 = regexp.MustCompile(`^[a-z_-]+\s+(id|ids|number|numbers|no|#)\b`)
)

// directObject returns the Salesforce object the verb acts on, if the
// words right after the verb name one (a custom object token counts).
func (f *flowCtx) directObject(rest, lrest string) (string, int) {
	if m := eventObjectRe.FindStringSubmatchIndex(rest); m != nil {
		// "creates an Event": the calendar object, written as its API name
		return "Event", m[2]
	}
	limit := len(lrest)
	if m := directObjectRe1.FindStringIndex(lrest); m != nil {
		limit = m[0]
	}
	head := lrest[:limit]
	obj, pos, _ := objectAt(head, 0)
	for _, m := range customTokens(rest) {
		if (pos < 0 || m[0] < pos) && isCustomObjectToken(rest, m[0], m[1]) {
			return rest[m[0]:m[1]], m[0]
		}
	}
	if obj == "" {
		return "", -1
	}
	// "the invoice id on the opportunity": the object word names a field
	after := head[pos:]
	if directObjectRe2.MatchString(after) {
		return "", -1
	}
	return obj, pos
}

// Patterns used by targetObject.
var (
	targetObjectRe1 = regexp.MustCompile(`\b(?:on|in|to|onto|into|against|back to|for)\s+(?:the\s+|that\s+|this\s+|its\s+|each\s+|every\s+|a\s+|an\s+|related\s+|matching\s+|corresponding\s+|same\s+|parent\s+|original\s+|triggering\s+|salesforce\s+)*([a-z_-]+(?:\s+[a-z_-]+)?)`)
)

// targetObject returns the object after "on/in/to the ..." in lrest.
func targetObject(lrest string) string {
	for _, m := range targetObjectRe1.FindAllStringSubmatchIndex(lrest, -1) {
		if o, pos, end := objectAt(lrest[m[2]:m[3]], 0); o != "" && pos == 0 {
			// "on the opportunity's primary Contact": the record it names
			if pm := possessiveObjectRe.FindStringSubmatch(lrest[m[2]+end:]); pm != nil {
				if o2, pos2, _ := objectAt(pm[1], 0); o2 != "" && pos2 == 0 {
					return o2
				}
			}
			return o
		}
	}
	return ""
}

// possessiveObjectRe is a record named through another: "'s primary contact".
var possessiveObjectRe = regexp.MustCompile(`^'s\s+(?:(?:primary|main|related|parent|billing|shipping|associated|linked|original)\s+)?([a-z_-]+)`)

// Patterns used by isDestination.
var (
	isDestinationRe1 = regexp.MustCompile(`\b(in|into|to|on|at|via|through|thru|using|with|within|inside|from|over|in our|to our|into our|from our|on our|at our|via our|using our|with our|the|an?|our)$`)
	isDestinationRe2 = regexp.MustCompile(`\b(the|an?)$`)
	isDestinationRe3 = regexp.MustCompile(`\b(in|into|to|on|via|through|from|with|using)\s+(the|our|their)$`)
	isDestinationRe4 = regexp.MustCompile(`^[a-z0-9 ]{0,30}\b(api|apis|endpoint)\b`)
	isDestinationRe5 = regexp.MustCompile(`\b(the|an?)$`)
)

// isDestination reports whether the system mention at pos is where the
// action goes ("in NetSuite", "to HubSpot", "through Twilio").
func isDestination(lrest string, pos int) bool {
	before := strings.TrimRight(lrest[:pos], " ")
	return isDestinationRe1.MatchString(before) &&
		!isDestinationRe2.MatchString(before) ||
		isDestinationRe3.MatchString(before) ||
		isDestinationRe4.MatchString(lrest[pos:]) && !isDestinationRe5.MatchString(before)
}

var nounSkip = map[string]bool{"the": true, "a": true, "an": true, "it": true, "them": true, "its": true, "their": true,
	"this": true, "that": true, "these": true, "those": true, "new": true, "matching": true, "related": true,
	"corresponding": true, "same": true, "our": true, "all": true, "any": true, "each": true, "every": true, "up": true,
	"off": true, "out": true, "back": true, "latest": true, "relevant": true, "appropriate": true, "returned": true,
	"newly": true, "created": true, "recent": true, "recently": true, "some": true, "his": true, "her": true, "my": true,
	"internal": true, "own": true, "yesterday's": true, "today's": true, "last": true, "him": true, "them,": true,
	"quick": true, "short": true, "simple": true, "brief": true, "full": true, "modified": true, "updated": true,
	"paid": true, "settled": true, "open": true, "customer": true, "customer's": true, "owner": true,
	"over": true, "against": true, "too": true, "also": true, "again": true, "asap": true, "immediately": true, "automatically": true, "well": true}

var nounStop = regexp.MustCompile(`^(in|into|to|on|onto|for|from|with|via|through|using|at|by|so|that|which|and|then|about|when|if|as|of|during|since|after|before|every|each|per|whenever|saying|including|containing|telling|asking|matching|keyed|where|whose|or|,)$`)

// Patterns used by noun.
var (
	nounRe1 = regexp.MustCompile(`^(get|post|put|patch|delete|request|api|apis)$`)
)

// noun returns the head noun phrase after the verb, skipping articles,
// adjectives and system names.
func (f *flowCtx) noun(lrest string, sysWords []string) string {
	var out []string
	prevTo := false
	for _, w := range strings.Fields(lrest) {
		afterTo := prevTo
		prevTo = strings.Trim(w, ",.") == "to"
		if len(out) > 0 && (strings.HasSuffix(out[len(out)-1], ",") || strings.HasSuffix(w, "ing")) {
			break
		}
		if strings.HasSuffix(w, ",") && !nounSkip[strings.Trim(w, ",")] {
			w = strings.Trim(w, ".;:!?()\"")
			if len(out) > 0 || !nounStop.MatchString(strings.Trim(w, ",")) {
				out = append(out, w)
				continue
			}
		}
		w = strings.Trim(w, ".,;:!?()\"")
		if w == "" {
			continue
		}
		if nounStop.MatchString(w) {
			if len(out) > 0 {
				break
			}
			if w == "," {
				break
			}
			continue
		}
		if v, _ := verbOf(w); v != "" && len(out) == 0 && v == w && afterTo {
			continue
		}
		w = strings.TrimSuffix(w, "'s")
		if nounSkip[w] || strings.HasPrefix(w, "q_") || strings.HasPrefix(w, "#") || strings.HasPrefix(w, "/") || strings.HasSuffix(w, "'s") && len(out) == 0 {
			continue
		}
		skip := false
		for _, s := range sysWords {
			if strings.Contains(s, w) {
				skip = true
			}
		}
		if skip || methodRe.MatchString(strings.ToUpper(w)) && strings.ToUpper(w) == w || nounRe1.MatchString(w) {
			if len(out) > 0 {
				break
			}
			continue
		}
		out = append(out, w)
		if len(out) == 2 {
			break
		}
	}
	return strings.Trim(strings.Join(out, " "), ", ")
}

// Patterns used by uniqueID.
var (
	uniqueIDRe1 = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
)

// uniqueID returns an unused step id built from words.
func (f *flowCtx) uniqueID(words ...string) string {
	id := lowerCamel(strings.Join(words, " "))
	if len(id) > 36 {
		id = id[:36]
	}
	if id == "" || !uniqueIDRe1.MatchString(id) {
		id = "step"
	}
	if spec.IsReservedWord(id) || spec.IsScopeRoot(id) || spec.Funcs[id].Name != "" {
		id += "Step"
	}
	base, i := id, 2
	for f.ids[strings.ToLower(id)] {
		id = fmt.Sprintf("%s%d", base, i)
		i++
	}
	f.ids[strings.ToLower(id)] = true
	return id
}

// recordRef is an expression for "the record" from the trigger's point of
// view, and a Salesforce Id of object obj when the trigger can give one.
func (f *flowCtx) recordRef(obj string) string {
	switch f.root {
	case "record":
		if obj == "" || obj == f.object {
			return "{!record.Id}"
		}
		if rel := relationField(f.object, obj); rel != "" {
			return "{!record." + rel + "}"
		}
		return ""
	case "request":
		return "{!request.body." + lowerCamel(strings.TrimSuffix(obj, "__c")) + "Id}"
	case "input":
		name := strings.TrimSuffix(obj, "__c") + "Id"
		f.addInput(name, "Id")
		return "{!input." + name + "}"
	case "event":
		return "{!event." + customFieldName(strings.TrimSuffix(obj, "__c"), "Id") + "}"
	}
	return ""
}

// relationField is the lookup from one standard object to another.
func relationField(from, to string) string {
	rel := map[string]map[string]string{
		"Opportunity":         {"Account": "AccountId", "Contact": "ContactId", "Contract": "ContractId", "Campaign": "CampaignId", "User": "OwnerId", "Quote": "SyncedQuoteId"},
		"Case":                {"Account": "AccountId", "Contact": "ContactId", "User": "OwnerId", "Asset": "AssetId"},
		"Contact":             {"Account": "AccountId", "User": "OwnerId"},
		"Order":               {"Account": "AccountId", "Contract": "ContractId", "Opportunity": "OpportunityId", "Quote": "QuoteId", "User": "OwnerId"},
		"Quote":               {"Opportunity": "OpportunityId", "Account": "AccountId", "Contact": "ContactId"},
		"Contract":            {"Account": "AccountId", "User": "OwnerId"},
		"Asset":               {"Account": "AccountId", "Contact": "ContactId", "Product2": "Product2Id"},
		"OpportunityLineItem": {"Opportunity": "OpportunityId", "Product2": "Product2Id"},
		"OrderItem":           {"Order": "OrderId", "Product2": "Product2Id"},
		"Lead":                {"User": "OwnerId", "Account": "ConvertedAccountId", "Contact": "ConvertedContactId", "Opportunity": "ConvertedOpportunityId"},
		"Account":             {"User": "OwnerId", "Account": "ParentId"},
		"Task":                {"User": "OwnerId"},
		"WorkOrder":           {"Account": "AccountId", "Case": "CaseId", "Contact": "ContactId"},
	}
	return rel[from][to]
}

func (f *flowCtx) addInput(name, typ string) {
	for _, in := range f.trig.Inputs {
		if strings.EqualFold(in.Name, name) {
			return
		}
	}
	f.trig.Inputs = append(f.trig.Inputs, spec.Param{Name: name, Type: typ, Required: true})
}

func (f *flowCtx) addOutput(name, typ string) {
	for _, o := range f.trig.Outputs {
		if strings.EqualFold(o.Name, name) {
			return
		}
	}
	f.trig.Outputs = append(f.trig.Outputs, spec.Param{Name: name, Type: typ})
}

// Patterns used by paramFromPhrase.
var (
	paramFromPhraseRe1 = regexp.MustCompile(`\b(to|back to|from|in|into|for|as)\s+(the\s+)?(flow|caller|screen|user)\b.*$`)
	paramFromPhraseRe2 = regexp.MustCompile(`^(amount|limit|total|price|count|quantity|score|balance|rate|percent|percentage|cost|value|revenue)$`)
)

// paramFromPhrase turns "a Quote Id" or "an account's tax number" into a
// param name and type.
func paramFromPhrase(phrase string) (string, string) {
	if m := apiParamRe.FindStringSubmatch(phrase); m != nil {
		if strings.HasSuffix(m[1], "Id") {
			return m[1], "Id"
		}
		return m[1], "Text"
	}
	lp := lowerASCII(phrase)
	lp = paramFromPhraseRe1.ReplaceAllString(lp, "")
	var ws []string
	for _, w := range strings.Fields(lp) {
		w = strings.Trim(w, ".,;:!?()")
		w = strings.TrimSuffix(w, "'s")
		if nounSkip[w] && w != "customer" && w != "owner" || w == "given" || w == "an" || w == "as" || w == "input" || w == "output" || w == "parameter" || w == "its" {
			continue
		}
		if nounStop.MatchString(w) && len(ws) > 0 {
			break
		}
		if nounStop.MatchString(w) {
			continue
		}
		ws = append(ws, w)
		if len(ws) == 4 {
			break
		}
	}
	if len(ws) == 0 {
		return "", ""
	}
	name := camel(strings.Join(ws, " "))
	last := ws[len(ws)-1]
	typ := "Text"
	switch {
	case last == "id" || last == "ids":
		typ = "Id"
		if len(ws) == 1 {
			name = "RecordId"
		}
	case paramFromPhraseRe2.MatchString(last):
		typ = "Number"
	case last == "date" || last == "day":
		typ = "Date"
	case last == "email":
		typ = "Email"
	default:
		if o, _, _ := objectAt(strings.Join(ws, " "), 0); o != "" && len(ws) == 1 {
			name, typ = strings.TrimSuffix(o, "__c")+"Id", "Id"
		}
	}
	name = apiName(name, 35)
	if name == "" {
		return "", ""
	}
	if spec.IsReservedWord(name) || spec.CheckAPIName(name, spec.MaxNameLength) != nil {
		name += "Value"
	}
	if spec.CheckAPIName(name, spec.MaxNameLength) != nil {
		return "", ""
	}
	return name, typ
}

// Patterns used by inputParam.
var (
	inputParamRe1 = regexp.MustCompile(`(?i)\s+and\s+|,\s*`)
)

var apiParamRe = regexp.MustCompile(`^\s*(?:an?\s+|the\s+)?([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\s*$`)

// inputParam reads "takes a Quote Id".
func (f *flowCtx) inputParam(rest string) {
	if f.trig.Type != spec.TriggerInvocable {
		return
	}
	for _, part := range inputParamRe1.Split(rest, -1) {
		if name, typ := paramFromPhrase(part); name != "" {
			f.addInput(name, typ)
		}
	}
}

// Patterns used by replyStep.
var (
	replyStepRe1 = regexp.MustCompile(`\b([1-5][0-9][0-9])\b`)
	replyStepRe2 = regexp.MustCompile(`\b(created)\b`)
	replyStepRe3 = regexp.MustCompile(`\b(id|ids|record)\b`)
	replyStepRe4 = regexp.MustCompile(`\b(result|response|data|id)\b`)
)

// replyStep adds a webhook reply, or an invocable output.
func (f *flowCtx) replyStep(lrest, verb string) {
	switch f.trig.Type {
	case spec.TriggerInvocable:
		if name, typ := paramFromPhrase(lrest); name != "" {
			f.addOutput(name, typ)
		}
	case spec.TriggerWebhook:
		for _, st := range f.steps {
			if st.Type == spec.StepReply {
				return
			}
		}
		st := spec.Step{Type: spec.StepReply, Status: 200}
		if m := replyStepRe1.FindStringSubmatch(lrest); m != nil {
			fmt.Sscanf(m[1], "%d", &st.Status)
		} else if replyStepRe2.MatchString(lrest) {
			st.Status = 201
		}
		if f.lastRec != "" && replyStepRe3.MatchString(lrest) {
			st.Body = map[string]any{"id": "{!" + f.lastRec + ".Id}"}
		} else if f.lastCall >= 0 && replyStepRe4.MatchString(lrest) {
			st.Body = map[string]any{"result": "{!" + f.steps[f.lastCall].ID + ".id}"}
		}
		st.ID = f.uniqueID("reply")
		f.steps = append(f.steps, st)
	}
}

// Patterns used by publishStep.
var (
	publishStepRe1 = regexp.MustCompile(`(?i)\b(?:an?|the)\s+((?:[A-Z][A-Za-z0-9]*\s+){1,3})(?:platform\s+)?event\b`)
	publishStepRe2 = regexp.MustCompile(`\b(?:with|containing|including|carrying)\s+(?:the\s+|its\s+|a\s+)?([a-z0-9 _-]+?)(?:\s+(?:from|of|in|and|as)\b|$|[.,;])`)
)

// publishStep adds a platform-event publish.
func (f *flowCtx) publishStep(rest, lrest string) bool {
	ev := ""
	if m := eventTokenRe.FindString(rest); m != "" {
		ev = m
	} else if m := publishStepRe1.FindStringSubmatch(rest); m != nil {
		ev = customFieldNameEvent(m[1])
	}
	if ev == "" || spec.CheckEventName(ev) != nil {
		return false
	}
	fields := map[string]any{}
	var defs []spec.Field
	if m := publishStepRe2.FindStringSubmatch(lrest); m != nil {
		words := m[1]
		for _, s := range f.p.systems {
			words = strings.ReplaceAll(words, strings.ToLower(s.Label), "")
			words = strings.ReplaceAll(words, strings.ToLower(s.Name), "")
		}
		words = strings.TrimSpace(words)
		if words != "" {
			name := customFieldName(words)
			src := f.valueFrom(strings.ReplaceAll(lowerCamel(words), "sap", ""))
			fields[name] = src
			defs = append(defs, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
		}
	}
	if len(fields) == 0 {
		name := "Record_Id__c"
		fields[name] = f.defaultRef()
		defs = append(defs, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
	}
	if ev != f.trig.Event {
		f.p.defineEvent(ev, defs)
	}
	st := spec.Step{Type: spec.StepPublish, Event: ev, Fields: fields}
	st.ID = f.uniqueID("publish", strings.TrimSuffix(ev, "__e"))
	f.steps = append(f.steps, st)
	return true
}

// valueFrom is the expression for a named value: from the last call's
// response when there is one, else from the trigger.
func (f *flowCtx) valueFrom(key string) string {
	if key == "" {
		key = "id"
	}
	if f.lastCall >= 0 {
		return "{!" + f.steps[f.lastCall].ID + "." + key + "}"
	}
	return f.defaultRef()
}

// defaultRef is a text value that identifies what triggered the flow.
func (f *flowCtx) defaultRef() string {
	switch f.root {
	case "record":
		return "{!record.Id}"
	case "event":
		return "{!event.ReplayId}"
	case "request":
		return "{!request.body.id}"
	case "input":
		if len(f.trig.Inputs) == 0 {
			f.addInput("RecordId", "Id")
		}
		return "{!input." + f.trig.Inputs[0].Name + "}"
	}
	return "{!toText(now())}"
}

// defineEvent declares a platform event the package adds.
func (p *plan) defineEvent(name string, fields []spec.Field) {
	for i, e := range p.events {
		if e.Name == name {
			for _, fd := range fields {
				dup := false
				for _, g := range e.Fields {
					if g.Name == fd.Name {
						dup = true
					}
				}
				if !dup {
					p.events[i].Fields = append(p.events[i].Fields, fd)
				}
			}
			return
		}
	}
	for i := range fields {
		if fields[i].Label == "" {
			fields[i].Label = fieldLabel(fields[i].Name)
		}
	}
	p.events = append(p.events, spec.Event{Name: name, Label: fieldLabel(name), Fields: fields})
	p.assume("assumed the package defines the platform event %s", name)
}
