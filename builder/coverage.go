package builder

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Covered ties one action clause of a request to the spec line it
// produced.
type Covered struct {
	// Text is the clause as the request put it ("create an invoice in Stripe").
	Text string `json:"text"`
	// Path is the spec path of the step it became ("flows[0].steps[1]").
	Path string `json:"path"`
}

// stepCover is a clause covered by a step, before the spec's flows are
// final: the step is named by its flow and id, so pruning cannot point a
// clause at the wrong line.
type stepCover struct {
	text, flow, step string
}

// clauseCoverage records what one action chunk of a flow became.
type clauseCoverage struct {
	// covered are the chunks that became steps.
	covered []stepCover
	// waiting are chunks that set up a later step ("find the opportunity
	// by Stripe_Charge_Id__c"); the next step covers them.
	waiting []string
	// unplanned are action chunks that became nothing.
	unplanned []string
}

// isActionClause reports whether chunk is an action: a verb with an object
// or a system ("fill in the industry", "register it with Entitlements"),
// not a definition of the integration itself ("create a webhook").
func isActionClause(chunk string) bool {
	if isNarrative(chunk) {
		return false
	}
	low := lowerASCII(strings.TrimLeft(chunk, " ,;:-"))
	if _, at, ok := forEachPrefix(low); ok {
		low = low[at:]
	}
	if inboundCallRe.MatchString(low) || writerOfferRe.MatchString(low) || namingClauseRe.MatchString(low) || notNeededRe.MatchString(low) || methodOnlyRe.MatchString(low) || publishedByOther(chunk, "") {
		return false
	}
	verb, kind, end := startsWithVerb(low)
	if verb == "" || kind == kindInput || kind == kindReply {
		return false
	}
	rest := strings.TrimSpace(strings.Trim(low[end:], " .,;:!?->"))
	rest = strings.TrimPrefix(rest, "another ")
	if rest == "" || isMeta(rest) || participleOnlyRe.MatchString(rest) {
		return false
	}
	if (verb == "set" || verb == "open" || verb == "start") && strings.HasPrefix(rest, "up") {
		return false
	}
	return true
}

// writerOfferRe is the writer offering the builder material, not asking
// for a step: "I can send a sample", "happy to share the payload".
var writerOfferRe = regexp.MustCompile(`^(?:(?:and|but|also|if needed|if you need it),?\s+)?(?:(?:i|i'm|i am)\s+)?(?:can|could|will|'ll|am happy to|'m happy to|would be happy to|'d be happy to|happy to)\s+(?:also\s+|gladly\s+)?(?:send|share|forward|provide|get|grab|dig up|write up|post)\s+(?:you\s+|over\s+|along\s+)*(?:a|an|the|some|our|their)?\s*(?:sample|samples|example|examples|payload|payloads|docs|documentation|spec|schema|json|screenshot|screenshots|details|more info|more details)\b`)

// participleOnlyRe is a state after "get" or "be": "that get updated".
var participleOnlyRe = regexp.MustCompile(`^[a-z]+ed$`)

// stepsKey is a cheap fingerprint of the steps, to see whether a chunk
// changed an existing step instead of adding one.
func stepsKey(steps []spec.Step) []string {
	out := make([]string, len(steps))
	for i, st := range steps {
		b, _ := json.Marshal(st)
		out[i] = string(b)
	}
	return out
}

// planChunk plans one action chunk and records what it became.
func (f *flowCtx) planChunk(chunk string) {
	if isNarrative(chunk) {
		// "i run ops at a snack box company": told, not asked for
		return
	}
	before := stepsKey(f.steps)
	skipped, focus, goal, pending := len(f.skipped), f.focus, f.goal, f.pendingEach
	f.step(chunk)
	text := strings.TrimSpace(strings.Trim(f.p.unquote(chunk), " ,;:-"))
	if t, ok := strings.CutPrefix(text, "then "); ok && !strings.Contains(lowerASCII(f.p.request), lowerASCII(text)) {
		// the "then" actionText puts before "we send ..." is not the
		// request's
		text = t
	}
	var touched []string
	for i, st := range f.steps {
		if i >= len(before) {
			touched = append(touched, st.ID)
			continue
		}
		if b, _ := json.Marshal(st); string(b) != before[i] {
			touched = append(touched, st.ID)
		}
	}
	switch {
	case len(touched) > 0:
		for _, w := range f.cov.waiting {
			f.cov.covered = append(f.cov.covered, stepCover{text: w, step: touched[0]})
		}
		f.cov.waiting = nil
		for _, id := range touched {
			f.cov.covered = append(f.cov.covered, stepCover{text: text, step: id})
		}
	case len(f.skipped) > skipped && !isActionClause(chunk) && !(f.trig.Type != spec.TriggerWebhook && inboundCallRe.MatchString(lowerASCII(chunk))):
		// "add another Flow action": no action, so nothing was left out
		f.skipped = f.skipped[:skipped]
	case len(f.skipped) > skipped:
		// left out with a reason; the plan lists it as unplanned
		f.cov.unplanned = append(f.cov.unplanned, text)
	case f.focus != focus || f.goal != goal || f.pendingEach != pending:
		f.cov.waiting = append(f.cov.waiting, text)
	case f.namedStep(chunk) != "":
		// "create or update by NetSuite_Id__c": says more about a step
		// an earlier clause planned
		f.cov.covered = append(f.cov.covered, stepCover{text: text, step: f.namedStep(chunk)})
	case isActionClause(chunk):
		f.cov.unplanned = append(f.cov.unplanned, text)
	}
}

// namedStep returns the id of a planned step that uses a custom object or
// field the chunk names, or "".
func (f *flowCtx) namedStep(chunk string) string {
	for _, at := range customTokens(chunk) {
		tok := chunk[at[0]:at[1]]
		for _, st := range f.steps {
			if strings.EqualFold(st.ExternalID, tok) || strings.EqualFold(st.Object, tok) {
				return st.ID
			}
			for k := range st.Fields {
				if strings.EqualFold(k, tok) {
					return st.ID
				}
			}
		}
	}
	return ""
}

// finishCoverage names the flow of every covered clause and hands the
// flow's coverage to the plan.
func (f *flowCtx) finishCoverage(flow string) {
	for _, c := range f.cov.covered {
		c.flow = flow
		f.p.covered = append(f.p.covered, c)
	}
	f.p.unplanned = append(f.p.unplanned, f.cov.unplanned...)
	// a lookup that nothing used afterwards did not happen either
	f.p.unplanned = append(f.p.unplanned, f.cov.waiting...)
}

// segmentActions lists the action clauses of a segment the planner could
// not turn into a flow.
func segmentActions(p *plan, seg string) []string {
	var out []string
	// the action text after its trigger and condition clauses, as
	// requestActionClauses reads it: "When recruiting marks someone as
	// hired we create a New_Hire__c record" holds the action "we create
	// a New_Hire__c record"
	f := &flowCtx{p: p, seg: seg, low: lowerASCII(seg)}
	f.clauses = clauseSpans(f.low)
	for _, c := range chunks(f.actionText()) {
		if isActionClause(c) {
			out = append(out, strings.TrimSpace(strings.Trim(p.unquote(c), " ,;:-")))
		}
	}
	return out
}

// resolveCoverage turns the covered clauses into spec paths on the final
// spec; a clause whose step was pruned becomes unplanned.
func resolveCoverage(s *spec.Spec, covered []stepCover, unplanned []string) ([]Covered, []string) {
	var out []Covered
	seen := map[string]bool{}
	for _, c := range covered {
		path := ""
		for fi, fl := range s.Flows {
			if fl.Name != c.flow {
				continue
			}
			for si, st := range fl.Steps {
				if st.ID == c.step {
					path = fmt.Sprintf("flows[%d].steps[%d]", fi, si)
				}
			}
		}
		if path == "" {
			unplanned = append(unplanned, c.text)
			continue
		}
		if k := c.text + "\x00" + path; !seen[k] {
			seen[k] = true
			out = append(out, Covered{Text: c.text, Path: path})
		}
	}
	// a clause covered elsewhere (a second reading of the same words) is
	// not unplanned
	var un []string
	done := map[string]bool{}
	for _, c := range out {
		done[c.Text] = true
	}
	for _, u := range unplanned {
		if !done[u] {
			done[u] = true
			un = append(un, u)
		}
	}
	return out, un
}

// requestActionClauses lists the action clauses of a whole request, read
// the way the planner reads it (typos fixed, idioms rewritten), with each
// flow's trigger clauses set aside.
func requestActionClauses(raw string) []string {
	p := newPlan()
	// the same reading as plan.run, so the clauses are the ones it planned
	text, _ := readText(raw)
	text, _ = maskSecrets(text)
	text, _ = stripInjection(text)
	text = p.shape(joinThatHappens(dropToldToday(text)))
	var out []string
	for _, seg := range splitFlows(text) {
		f := &flowCtx{p: p, seg: seg, low: lowerASCII(seg)}
		f.clauses = clauseSpans(f.low)
		for _, c := range chunks(f.actionText()) {
			if isActionClause(c) {
				out = append(out, strings.TrimSpace(strings.Trim(p.unquote(c), " ,;:-")))
			}
		}
	}
	return out
}

// coverSpec maps the action clauses of a request onto a spec another
// planner wrote (the LLM's): a clause is covered by the first step, in
// order, that acts on a system or object the clause names; a clause that
// names none of the spec's systems and objects is unplanned.
func coverSpec(s *spec.Spec, text string) ([]Covered, []string) {
	type target struct {
		path  string
		names []string
	}
	labels := map[string]string{}
	for _, sys := range s.Systems {
		labels[sys.Name] = sys.Label
	}
	var targets []target
	for fi, fl := range s.Flows {
		for si, st := range fl.Steps {
			t := target{path: fmt.Sprintf("flows[%d].steps[%d]", fi, si)}
			for _, n := range []string{st.System, labels[st.System], st.Object, strings.TrimSuffix(st.Object, "__c"), st.Event} {
				if n != "" {
					t.names = append(t.names, lowerASCII(strings.ReplaceAll(n, "_", " ")))
				}
			}
			if st.Type == spec.StepReply {
				t.names = append(t.names, "reply", "respond", "return")
			}
			targets = append(targets, t)
		}
	}
	var cov []Covered
	var un []string
	next := 0
	for _, c := range requestActionClauses(text) {
		low := lowerASCII(strings.ReplaceAll(c, "_", " "))
		found := -1
		for k := range targets {
			i := (next + k) % len(targets)
			for _, n := range targets[i].names {
				if findWord(low, n, 0) >= 0 || len(n) > 3 && strings.Contains(low, n) {
					found = i
					break
				}
			}
			if found >= 0 {
				break
			}
		}
		if found < 0 {
			un = append(un, c)
			continue
		}
		cov = append(cov, Covered{Text: c, Path: targets[found].path})
		next = found + 1
	}
	return cov, un
}
