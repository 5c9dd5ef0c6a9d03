package builder

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// flowPlan is one planned flow, or the question that stopped it.
type flowPlan struct {
	flow     spec.Flow
	question string
	// staggered are the copies of a sub-hourly schedule flow at its other
	// minute offsets (see staggerOffsets).
	staggered []spec.Flow
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
	// stepConds are the indices in clauses of the condition clauses that
	// follow an action (cutStepConditions): conditions on the steps after
	// them, which unreadConditions lists when no flow condition reads them
	stepConds []int
	// everyMinutes is a schedule's interval when it repeats within the
	// hour ("every 15 minutes"), which one Salesforce cron cannot say.
	everyMinutes int
}

// maxStepConditions bounds the condition clauses of one flow read as
// conditions on a step, so a request of many "if"s stays linear.
const maxStepConditions = 16

// stepCondClauseRe is a condition clause that holds for the action after
// it ("then if it's a 6 or below open a ticket"); failures and signature
// checks are the runtime's and left out.
var stepCondClauseRe = regexp.MustCompile(`^(?:if|unless|only if|provided)\b`)

// runtimeCondRe is a condition the generated runtime already handles: a
// failed call, a bad signature, a duplicate.
var runtimeCondRe = regexp.MustCompile(`\b(?:fail|fails|failed|error|errors|signature|invalid|valid|verify|verified|match|matches|auth\w*|retry|retries|time(?:s)? out|timeout|down|duplicate|exists|already)\b`)

// cutStepConditions ends a condition clause that follows an action at the
// action it holds: "..., then if it's a 6 or below opens a new ticket"
// keeps "opens a new ticket" in the action text.
func (f *flowCtx) cutStepConditions() {
	acted, tries := false, 0
	for i, cl := range f.clauses {
		text := f.low[cl.a:cl.b]
		if !stepCondClauseRe.MatchString(text) {
			continue
		}
		if !acted {
			// an action before the clause stays before every later one;
			// the tries are bounded, so a request of many "if"s stays linear
			if tries++; tries > maxStepConditions {
				return
			}
			if acted = hasAction(f.low[:cl.a]); !acted {
				continue
			}
		}
		if len(f.stepConds) == maxStepConditions {
			return
		}
		f.stepConds = append(f.stepConds, i)
		if _, at := stepCondition(text); at > 0 {
			f.clauses[i].b = cl.a + at
		}
	}
}

// unplannedCondition lists a condition that holds for part of a flow,
// which a spec cannot say, as unplanned: the steps after it would run
// every time, so the draft must not look complete.
func (f *flowCtx) unplannedCondition(cond string) {
	// the request's own words, as every unplanned clause is listed; the
	// assumption says why
	f.cov.unplanned = append(f.cov.unplanned, cond)
	f.p.assume("could not plan the condition %q: the steps after it would run every time; add it to the flow (trigger.when) or split the flow", cond)
}

// unreadConditions lists, as unplanned, each condition clause of the flow
// that became no condition of the flow ("if it's a 6 or below"): the step
// after it would run every time, so the draft must not look complete.
func (f *flowCtx) unreadConditions() {
	for _, i := range f.stepConds {
		cl := f.clauses[i]
		if runtimeCondRe.MatchString(f.low[cl.a:cl.b]) {
			continue
		}
		// a condition on a step stands before an action: "update the
		// contact, then if it's a 6 or below open a ticket"; an aside
		// ("if u need it", "sorry if its messy") has none after it
		after := strings.TrimLeft(f.low[cl.b:], " ,;:-")
		after = strings.TrimPrefix(strings.TrimPrefix(after, "then "), "and ")
		if v, k, _ := startsWithVerb(after); v == "" || !k.acts() {
			continue
		}
		switch f.trig.Type {
		case spec.TriggerRecordChange, spec.TriggerChangeEvent:
			if len(f.p.parseConditions(f.seg[cl.a:cl.b], f.object, false)) > 0 {
				continue
			}
		case spec.TriggerPlatformEvent:
			if len(f.p.parseConditions(f.seg[cl.a:cl.b], "", true)) > 0 {
				continue
			}
		}
		f.unplannedCondition(strings.TrimSpace(strings.Trim(f.p.unquote(f.seg[cl.a:cl.b]), " ,;:-")))
	}
}

// comparisonCueRe is a comparison a condition makes: "is under 60", "at
// least 5", "10 or more", "is blank".
var comparisonCueRe = regexp.MustCompile(`\b(?:(?:under|over|above|below|at\s+least|at\s+most|more\s+than|less\s+than|greater\s+than|fewer\s+than|higher\s+than|lower\s+than|exceeds?|no\s+more\s+than|no\s+less\s+than)\s+\$?\d|\d[\d,.]*\s*(?:k|m|%)?\s+or\s+(?:more|less|higher|lower|above|below|over|under|fewer|greater)\b|(?:is|are|was|gets|left)\s+(?:blank|empty|null|not\s+blank|not\s+empty|missing))`)

// condPartSepRe parts a trigger clause into the conditions it may hold.
var condPartSepRe = regexp.MustCompile(`,(?:\s|$)|;|\s+(?:and|but|only\s+if|if|where|whose|with|when|whenever|once|as\s+long\s+as|provided)\s+`)

// condNumberRe is a number a comparison is made with.
var condNumberRe = regexp.MustCompile(`\$?(\d[\d,.]*)\s*(k|m)?\b`)

// unreadComparisons lists, as unplanned, each part of the trigger clause
// that makes a comparison no condition of the flow came from ("and the
// zorb level is under 60"): dropped, the flow would run for every record.
func (f *flowCtx) unreadComparisons(ctext string) {
	low := lowerASCII(ctext)
	last := 0
	seps := append(condPartSepRe.FindAllStringIndex(low, -1), []int{len(low), len(low)})
	for _, sep := range seps {
		part, plow := ctext[last:sep[0]], low[last:sep[0]]
		last = sep[1]
		if !comparisonCueRe.MatchString(plow) || runtimeCondRe.MatchString(plow) || f.comparisonRead(plow) {
			continue
		}
		if len(f.p.parseConditions(part, f.object, false)) > 0 {
			continue
		}
		f.unplannedCondition(strings.TrimSpace(strings.Trim(f.p.unquote(part), " ,;:-")))
	}
}

// comparisonRead reports whether a condition of the trigger compares with
// a number the part names, or tests for a blank when the part does.
func (f *flowCtx) comparisonRead(plow string) bool {
	blank := strings.Contains(plow, "blank") || strings.Contains(plow, "empty") || strings.Contains(plow, "null") || strings.Contains(plow, "missing")
	for _, c := range f.trig.When {
		if blank && (c.Op == spec.OpIsNull || c.Op == spec.OpIsNotNull) {
			return true
		}
		for _, m := range condNumberRe.FindAllStringSubmatch(plow, -1) {
			n, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
			if err != nil {
				continue
			}
			switch m[2] {
			case "k":
				n *= 1000
			case "m":
				n *= 1000000
			}
			if v, ok := c.Value.(float64); ok && v == n {
				return true
			}
			if v, ok := c.Value.(int); ok && float64(v) == n {
				return true
			}
		}
	}
	return false
}

// planFlow plans one segment of a request.
func (p *plan) planFlow(seg string, prev *flowPlan) *flowPlan {
	f := &flowCtx{p: p, seg: seg, low: lowerASCII(seg), ids: map[string]bool{}, lastCall: -1}
	f.clauses = clauseSpans(f.low)
	f.cutStepConditions()
	if !f.trigger(prev) {
		return &flowPlan{question: "What should start this integration: a record being created or changed (which object?), a schedule (when?), a call from another system, or a Flow action?"}
	}
	for _, bg := range f.background() {
		p.assume("read %q as background: it tells how things are done today, so nothing in it is planned", strings.TrimSpace(p.unquote(f.seg[bg.a:bg.b])))
	}
	for _, c := range chunks(f.actionText()) {
		f.planChunk(c)
	}
	f.unreadConditions()
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
	if u := f.unplannedAfterReads(); u != "" {
		// a flow that only reads and drops what it read does nothing the
		// admin asked for: ask where the data goes
		return &flowPlan{question: fmt.Sprintf("I could not plan %q: which Salesforce object (and field) should it write, and how is each record matched?", u)}
	}
	for _, s := range f.skipped {
		p.assume("left out %q: a spec cannot do that", s)
	}
	if f.trig.Type == spec.TriggerInvocable {
		f.finishInvocable()
	}
	fl := spec.Flow{Trigger: f.trig, Steps: f.steps}
	offsets, why := staggerOffsets(fl, f.everyMinutes)
	if len(offsets) > 1 {
		fl.Name = p.uniqueFlowName(apiName(f.flowName(), 32) + "At00")
		fl.Label = labelFromName(f.flowName()) + " at :00"
	} else {
		fl.Name = p.uniqueFlowName(f.flowName())
		fl.Label = labelFromName(fl.Name)
	}
	f.finishCoverage(fl.Name)
	for _, st := range f.steps {
		if st.Type == spec.StepCall {
			fl.OnError = &spec.OnError{Retry: &spec.Retry{Attempts: 3, Backoff: spec.BackoffExponential}}
			break
		}
	}
	fp := &flowPlan{flow: fl}
	if len(offsets) > 1 {
		fp.staggered = p.stagger(fl, f.flowName(), f.everyMinutes, offsets)
	} else {
		p.sayInterval(fl, f.everyMinutes, why)
	}
	return fp
}

// staggerOffsets returns the minute offsets at which a schedule that
// repeats within the hour ("every 15 minutes") runs as one hourly
// schedule per offset, or why it cannot. Salesforce runs a scheduled job
// at most hourly from one cron expression (docs/spec.md, Schedules), so
// the spec says "every 15 minutes" as four flows at :00, :15, :30 and :45,
// each scheduled by the generator. Each copy keeps its own lastRun and
// reads what changed in the hour before it, so a record can be read by
// every copy: that is only harmless when the flow reads no lastRun, or
// when all it writes are keyed upserts and updates.
func staggerOffsets(fl spec.Flow, every int) ([]int, string) {
	if every <= 0 || fl.Trigger.Type != spec.TriggerSchedule {
		return nil, ""
	}
	if 60%every != 0 || 60/every > maxStaggered {
		return nil, fmt.Sprintf("running every %d minutes would take %d hourly schedules", every, (60+every-1)/every)
	}
	if readsLastRun(fl) {
		for _, st := range fl.Steps {
			if !(st.Type == spec.StepUpsert || st.Type == spec.StepUpdate || st.Type == spec.StepCall && st.Method == "GET") {
				return nil, fmt.Sprintf("staggered copies would each read the last hour's records and repeat %s %q for them", st.Type, st.ID)
			}
		}
	}
	var offs []int
	for m := 0; m < 60; m += every {
		offs = append(offs, m)
	}
	return offs, ""
}

// maxStaggered is the most hourly schedules one flow is split into
// ("every 10 minutes" is six); an org runs at most 100 scheduled Apex jobs.
const maxStaggered = 6

// readsLastRun reports whether a flow's steps read lastRun.
func readsLastRun(fl spec.Flow) bool {
	for _, st := range fl.Steps {
		b, err := json.Marshal(st)
		if err == nil && strings.Contains(string(b), "lastRun") {
			return true
		}
	}
	return false
}

// stagger returns the copies of a sub-hourly schedule flow at the offsets
// after the first, and says what was planned.
func (p *plan) stagger(fl spec.Flow, base string, every int, offsets []int) []spec.Flow {
	names := []string{fl.Name}
	var copies []spec.Flow
	for _, off := range offsets[1:] {
		c := fl
		c.Steps = cloneSteps(fl.Steps)
		c.Trigger.Cron = cronAtMinute(fl.Trigger.Cron, off)
		c.Name = p.uniqueFlowName(fmt.Sprintf("%sAt%02d", apiName(base, 32), off))
		c.Label = fmt.Sprintf("%s at :%02d", labelFromName(base), off)
		copies = append(copies, c)
		names = append(names, c.Name)
	}
	var at []string
	for _, off := range offsets {
		at = append(at, fmt.Sprintf(":%02d", off))
	}
	p.assume("Salesforce schedules repeat at most hourly, so every %d minutes is planned as %d hourly schedules at %s (%s); each reads the hour before it, which its keyed writes make harmless",
		every, len(offsets), strings.Join(at, ", "), strings.Join(names, ", "))
	return copies
}

// cloneSteps copies steps deeply, so a later pass that edits one flow's
// steps leaves its staggered copies alone.
func cloneSteps(steps []spec.Step) []spec.Step {
	out := make([]spec.Step, len(steps))
	for i, st := range steps {
		st.Query, _ = cloneValue(st.Query).(map[string]any)
		st.Headers, _ = cloneValue(st.Headers).(map[string]any)
		st.Fields, _ = cloneValue(st.Fields).(map[string]any)
		st.Body = cloneValue(st.Body)
		st.Expect = slices.Clone(st.Expect)
		if st.TimeoutSeconds != nil {
			t := *st.TimeoutSeconds
			st.TimeoutSeconds = &t
		}
		out[i] = st
	}
	return out
}

// cloneValue copies the maps and lists of a decoded value.
func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return v
		}
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = cloneValue(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = cloneValue(x)
		}
		return l
	}
	return v
}

// cronAtMinute is cron with its minutes field set to minute.
func cronAtMinute(cron string, minute int) string {
	fs := strings.Fields(cron)
	if len(fs) < 2 {
		return cron
	}
	fs[1] = fmt.Sprint(minute)
	return strings.Join(fs, " ")
}

// sayInterval says what a sub-hourly schedule that could not be staggered
// became: the flow runs hourly and the plan says so: the interval is
// listed as not planned, and the draft is shown incomplete until the
// admin accepts hourly runs or changes the design.
func (p *plan) sayInterval(fl spec.Flow, every int, why string) {
	if every <= 0 || fl.Trigger.Type != spec.TriggerSchedule {
		return
	}
	p.assume("Salesforce schedules repeat at most hourly, so %s runs every hour, not every %d minutes (%s)", fl.Name, every, why)
	p.unplanned = append(p.unplanned, fmt.Sprintf("run every %d minutes (Salesforce schedules repeat at most hourly and %s; this draft runs hourly)", every, why))
}

// clauseText joins the trigger clauses.
func (f *flowCtx) clauseText() string {
	var parts []string
	for _, c := range f.clauses {
		parts = append(parts, f.seg[c.a:c.b])
	}
	return strings.Join(parts, ", ")
}

// backgroundRe is a sentence that tells how things are done today, not
// what to build: "We track invoices in Invoice__c and bill customers out of
// Xero.", "HR runs Workday, and we mirror employees into Employee__c." Its
// verbs are habits of the present, never a wish or a modal.
var backgroundRe = regexp.MustCompile(`(?i)^\s*(?:(?:right now|today|currently|at the moment|for context|context),?\s+)?(?:we|our\s+[a-z]+(?:\s+[a-z]+)?|they|(?:hr|finance|sales|marketing|support|ops|it|legal|procurement|engineering|accounting|billing)(?:\s+team)?)\s+(?:currently\s+|already\s+|still\s+|mostly\s+|usually\s+|basically\s+|also\s+|all\s+)?(?:track|tracks|keep|keeps|store|stores|use|uses|run|runs|manage|manages|handle|handles|bill|bills|invoice|invoices|sell|sells|live|lives|work|works|host|hosts|maintain|maintains|process|processes|ship|ships|mirror|mirrors)\b[^.!?\n]*[.!?]+\s*`)

// background returns the sentences before the segment's first trigger
// clause (or the sentence that gives its schedule) that only tell how
// things are done today.
func (f *flowCtx) background() []span {
	start := -1
	if len(f.clauses) > 0 {
		start = f.clauses[0].a
	} else {
		// a schedule or an inbound call: the sentence that gives it starts
		// the request
		for _, m := range sentenceRe.FindAllStringIndex(f.low, -1) {
			if _, _, ok := parseSchedule(f.low[m[0]:m[1]]); ok || f.trig.Type == spec.TriggerWebhook && webhookStrongRe.MatchString(f.low[m[0]:m[1]]) {
				start = m[0]
				break
			}
		}
	}
	if start <= 0 {
		return nil
	}
	var out []span
	head := f.seg[:start]
	for _, m := range sentenceRe.FindAllStringIndex(head, -1) {
		if bm := backgroundRe.FindStringIndex(head[m[0]:m[1]]); bm != nil && bm[1] == m[1]-m[0] {
			out = append(out, span{m[0], m[1]})
		}
	}
	return out
}

// compoundGapRe is what may stand between two nouns of one compound: a
// space, or one more word ("customer complaint ticket").
var compoundGapRe = regexp.MustCompile(`^ (?:([a-z]+) )?$`)

// compoundHead reports whether gap, the text between two object words,
// joins them into one compound noun whose head is the second: no verb,
// no linking or function word between them.
func compoundHead(gap string) bool {
	m := compoundGapRe.FindStringSubmatch(gap)
	if m == nil {
		return false
	}
	w := m[1]
	return w == "" || !isVerbWord(w) && !subjectWord[w] && !compoundStop[w] && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ing")
}

// compoundStop are words that part two nouns rather than join them.
var compoundStop = map[string]bool{"of": true, "for": true, "with": true, "and": true, "or": true, "to": true, "from": true, "on": true,
	"in": true, "at": true, "by": true, "has": true, "have": true, "gets": true, "get": true, "whose": true, "where": true,
	"that": true, "which": true, "who": true, "if": true, "when": true, "as": true, "into": true, "than": true, "but": true, "then": true}

// sentenceRe is one sentence with its closing stops and the space after,
// or the last one without a stop.
var sentenceRe = regexp.MustCompile(`[^.!?\n]+(?:[.!?\n]+\s*|$)`)

// actionText is the segment without its trigger clauses and the
// background sentences before them.
func (f *flowCtx) actionText() string {
	var b strings.Builder
	last := 0
	for _, bg := range f.background() {
		b.WriteString(f.seg[last:bg.a])
		last = bg.b
	}
	for _, c := range f.clauses {
		b.WriteString(f.seg[last:c.a])
		b.WriteString(". ")
		if m := subjectActionRe.FindStringSubmatch(f.low[c.b:]); m != nil && verbKindOf(m[1]).acts() && f.trig.Type != "" {
			// "when an order is activated, we send receipts via
			// SendGrid": said right after the flow's event, what we do is
			// the action, not how things are done as a rule (isNarrative)
			b.WriteString("then ")
			last = c.b + len(f.low[c.b:]) - len(strings.TrimLeft(f.low[c.b:], " ,"))
			continue
		}
		last = c.b
	}
	b.WriteString(f.seg[last:])
	return b.String()
}

// subjectActionRe is the writer's side as the subject of what follows a
// clause: ", we send", " i post" (submatch: the verb; "i can send a
// sample" is an offer, not the action).
var subjectActionRe = regexp.MustCompile(`^\s*,?\s*(?:then\s+)?(?:we|i)\s+(?:(?:also|then|just|always|automatically)\s+)?([a-z]+)`)

// trigger decides the flow's trigger.
func (f *flowCtx) trigger(prev *flowPlan) bool {
	switch {
	case f.webhookTrigger(), f.invocableTrigger(), f.changeEventTrigger(), f.platformEventTrigger():
	default:
		ctext := f.clauseText()
		clow := lowerASCII(ctext)
		obj, opos, olen := objectAt(clow, 0)
		if obj != "" {
			if o2, p2, _ := objectAt(clow, opos+olen); o2 != "" && o2 != obj && compoundHead(clow[opos+olen:p2]) {
				// "a customer complaint ticket": the last noun of a
				// compound is the record
				obj, opos = o2, p2
			}
		}
		if obj != "" {
			// "when a Placement__c's Start_Date__c changes (clients push
			// start dates ...)": a custom object named before the standard
			// one is the record
			for _, m := range customTokens(ctext) {
				if m[0] < opos && isCustomObjectToken(ctext, m[0], m[1]) {
					obj = ctext[m[0]:m[1]]
					break
				}
			}
		}
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
		if obj == "" {
			// "we track invoices in a custom Invoice__c object ... when an
			// invoice's Status__c changes": the plain name of a custom
			// object the request names
			obj = f.p.customObjectNamed(clow)
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
		on := stateNotCreated(onEvents(lowerASCII(ctext)), lowerASCII(ctext), f.object)
		if f.stateReached {
			on = nil
		}
		if f.trig.On != nil && len(on) == 0 {
			on = f.trig.On
		}
		f.trig.On, conds = f.fixEvents(on, conds)
		f.trig.When = dedupeConds(conds)
		f.unreadComparisons(ctext)
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
	eventCueRe = regexp.MustCompile(`\b(whenever|when|every time|each time|as soon as|once an?|after an?)\b`)
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
	if eventCueRe.MatchString(clow) {
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
	f.callsFirst()
}

// callsFirst moves a Flow action's calls before its record changes when
// none of them reads what a change made ("creates a Discount_Approval__c
// record and posts a message in Teams"): Salesforce refuses a callout after
// uncommitted work in the action's transaction, and the request did not
// make the order matter. A call that reads a change stays, and the spec's
// validation says why.
func (f *flowCtx) callsFirst() {
	var calls, rest []spec.Step
	var changed []string
	late := false
	for _, st := range f.steps {
		switch st.Type {
		case spec.StepCall:
			b, _ := json.Marshal(st)
			for _, id := range changed {
				if strings.Contains(string(b), "{!"+id+".") || strings.Contains(string(b), "{!"+id+"}") {
					return
				}
			}
			late = late || len(changed) > 0
			calls = append(calls, st)
		case spec.StepCreate, spec.StepUpdate, spec.StepUpsert, spec.StepPublish:
			changed = append(changed, st.ID)
			rest = append(rest, st)
		default:
			rest = append(rest, st)
		}
	}
	if !late {
		return
	}
	f.steps = append(calls, rest...)
	f.p.assume("the Flow action %q makes its calls before it changes any record: Salesforce refuses a callout after uncommitted work in the same transaction", f.trig.Label)
}

// customObjectNamed returns the custom object of the request whose plain
// name clow uses as a record ("an invoice's Status__c" for Invoice__c), or "".
func (p *plan) customObjectNamed(clow string) string {
	for _, m := range customTokens(p.request) {
		tok := p.request[m[0]:m[1]]
		if !isCustomObjectToken(p.request, m[0], m[1]) {
			continue
		}
		name := strings.ToLower(strings.ReplaceAll(strings.TrimSuffix(tok, "__c"), "_", " "))
		if isObjectWord(name) {
			continue
		}
		if i := findWord(clow, name, 0); i >= 0 && recordArticleRe.MatchString(clow[:i]) {
			return tok
		}
		// "Purchase_Requisition__c ... when a requisition's Status__c
		// moves": the last word of a longer name, where no standard
		// object has it
		if j := strings.LastIndexByte(name, ' '); j > 0 {
			last := name[j+1:]
			if len(last) >= 5 && !isObjectWord(last) && !isObjectWord(strings.TrimSuffix(last, "s")) {
				if i := findWord(clow, last, 0); i >= 0 && recordArticleRe.MatchString(clow[:i]) {
					return tok
				}
			}
		}
	}
	return ""
}

// recordArticleRe is an article that makes the next noun a record.
var recordArticleRe = regexp.MustCompile(`(?:^|\s)(?:an?|the|each|every|any|new)\s+$`)

// stateNotCreated drops the create event when every word that said it
// names a state of the object instead: "once a deal gets booked" is a
// deal reaching Closed Won, not a new deal; "a case is raised to Critical
// priority" reaches a value.
func stateNotCreated(on []string, low, object string) []string {
	if !slices.Contains(on, spec.OnCreate) {
		return on
	}
	ms := createWordsRe.FindAllStringIndex(low, -1)
	if len(ms) == 0 {
		// "new leads with ...": created, said without a create word
		return on
	}
	for _, m := range ms {
		w := low[m[0]:m[1]]
		if (w == "raised" || w == "is raised") && strings.HasPrefix(low[m[1]:], " to ") {
			// "is raised to Critical priority": a value reached, not a record raised
			continue
		}
		state := false
		for _, l := range lifecycles {
			if l.object == object && slices.Contains(l.words, w) {
				state = true
				break
			}
		}
		if !state {
			return on
		}
	}
	var out []string
	for _, e := range on {
		if e != spec.OnCreate {
			out = append(out, e)
		}
	}
	return out
}

// unplannedAfterReads returns the first unplanned clause of a flow whose
// steps only read from other systems, or "": without it the flow would
// fetch and store nothing ("fetch the statuses from Linear and update the
// relevant records").
func (f *flowCtx) unplannedAfterReads() string {
	if len(f.cov.unplanned) == 0 {
		return ""
	}
	for _, st := range f.steps {
		if st.Type != spec.StepCall || st.Method != "GET" {
			return ""
		}
	}
	return f.cov.unplanned[0]
}
