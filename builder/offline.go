package builder

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Offline is the rule planner: it reads a request with a lexicon of
// Salesforce objects, fields, lifecycle phrases and external systems, and
// needs no network. The zero value is ready to use.
type Offline struct{}

// NewOffline returns the rule planner.
func NewOffline() *Offline { return &Offline{} }

// Plan plans text. It returns an error only when ctx is done or when its
// own output fails validation, which is a planner bug.
func (o *Offline) Plan(ctx context.Context, text string) (res Result, err error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("builder: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, fmt.Errorf("%w: %v", ErrPlannerBug, r)
		}
	}()
	p := newPlan()
	sch := OptionsFrom(ctx).Schema
	res = p.run(groundRequest(p, text, sch))
	res.Planner = PlannerOffline
	if res.Spec == nil {
		return res, nil
	}
	defer func() {
		if err != nil || res.Spec == nil {
			return
		}
		if res = groundResult(res, text, sch, p.ground); res.Spec == nil {
			return
		}
		if r := safetyRefusal(res.Spec, p.request); r != "" {
			res = Result{Refusal: r, Assumptions: res.Assumptions, Planner: PlannerOffline}
			return
		}
		res.Spec.Description = describe(res.Spec)
		res.Coverage, res.Unplanned = resolveCoverage(res.Spec, p.covered, p.unplanned)
	}()
	// What the request names but the plan does not create is taken to be
	// in the org already: the spec says so (requires) and the README lists it.
	if deps := res.Spec.OrgDependencies(); len(deps) > 0 {
		res.Spec.Requires = deps
		res.Assumptions = append(res.Assumptions, "assumed the org already has "+strings.Join(deps, ", ")+" (listed under requires; add them under objects or events if the package should create them)")
	}
	verr := spec.Validate(res.Spec)
	if verr == nil {
		return res, nil
	}
	// A rule misread the request: drop what is invalid and say so.
	if removed, ok := prune(res.Spec, verr); ok {
		if err := spec.Validate(res.Spec); err == nil {
			for _, r := range removed {
				if r.widens {
					// the draft is incomplete until the condition is added
					p.unplanned = append(p.unplanned, r.what)
				}
				res.Assumptions = append(res.Assumptions, "left out "+r.what+": it could not be planned correctly; add it by editing the spec")
			}
			return res, nil
		}
	}
	return Result{}, fmt.Errorf("%w: invalid spec: %w", ErrPlannerBug, verr)
}

// ErrPlannerBug reports that the offline planner produced something it
// should not have: a spec that fails validation, or a panic.
var ErrPlannerBug = errors.New("builder: offline planner bug")

// plan holds the state of one planning run: the spec being built and the
// assumptions made so far.
type plan struct {
	// currency is the ISO code of the money the request writes ("gbp" for
	// "£10,000"), or "" for dollars or none.
	currency    string
	assumptions []string
	systems     []spec.System
	objects     map[string][]spec.Field
	objectOrder []string
	events      []spec.Event
	quotes      []string
	flowNames   map[string]bool
	request     string // the whole request, quotes masked
	covered     []stepCover
	unplanned   []string
	ground      *groundState // the org's schema, when planning in one
	// guessed maps a system read from a lower-case word no vocabulary
	// knows ("tell gainsight about it") to that word.
	guessed map[string]string
	// trace, when set, collects the names of the step readers that
	// matched, in order (TestStepReaderExamples reads it).
	trace *[]string
}

// onlySystem returns the external system when the whole request names
// exactly one known system.
func (p *plan) onlySystem() (spec.System, bool) {
	low := lowerASCII(p.request)
	var found *knownSystem
	for i, ks := range knownSystems {
		for _, w := range ks.words {
			if j := findWord(low, w, 0); j >= 0 && !(capsOnly[w] && !(p.request[j] >= 'A' && p.request[j] <= 'Z')) && !formerSystemRe.MatchString(low[:j]) {
				if found != nil && found.name != ks.name {
					return spec.System{}, false
				}
				found = &knownSystems[i]
				break
			}
		}
	}
	if found == nil {
		return spec.System{}, false
	}
	return spec.System{Name: found.name, Label: found.label, URL: found.url, Auth: found.auth}, true
}

// mergeRestated drops a flow the request states twice: "when one of our
// listings goes under contract we need the transaction opened in SkySlope
// ... so when a listing moves to that stage, create the transaction in
// skyslope" is one flow, said first loosely, then with its condition. Of
// two flows on the same record event whose steps do the same, the one
// without conditions is the loose saying; run as its own flow it would
// fire for every record.
func (p *plan) mergeRestated(flows []spec.Flow) []spec.Flow {
	var out []spec.Flow
	for i, fl := range flows {
		if len(fl.Trigger.When) == 0 && fl.Trigger.Type == spec.TriggerRecordChange {
			if j := restatedBy(flows, i); j >= 0 {
				for k := range p.covered {
					if p.covered[k].flow == fl.Name {
						p.covered[k].flow = flows[j].Name
						if idx := slices.IndexFunc(fl.Steps, func(st spec.Step) bool { return st.ID == p.covered[k].step }); idx >= 0 {
							p.covered[k].step = flows[j].Steps[idx].ID
						}
					}
				}
				p.assume("read the flow on %s and its conditioned restatement as one flow, %s", fl.Trigger.Object, flows[j].Name)
				continue
			}
		}
		out = append(out, fl)
	}
	return out
}

// restatedBy returns the index of another flow on the same object with
// conditions whose steps do what flow i's do, or -1.
func restatedBy(flows []spec.Flow, i int) int {
	a := flows[i]
	for j, b := range flows {
		if j == i || b.Trigger.Type != a.Trigger.Type || b.Trigger.Object != a.Trigger.Object || len(b.Trigger.When) == 0 || len(b.Steps) != len(a.Steps) {
			continue
		}
		same := true
		for k := range a.Steps {
			x, y := a.Steps[k], b.Steps[k]
			if x.Type != y.Type || x.System != y.System || x.Method != y.Method || x.Object != y.Object {
				same = false
				break
			}
		}
		if same {
			return j
		}
	}
	return -1
}

func newPlan() *plan {
	return &plan{objects: map[string][]spec.Field{}, flowNames: map[string]bool{}}
}

func (p *plan) assume(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for _, a := range p.assumptions {
		if a == s {
			return
		}
	}
	p.assumptions = append(p.assumptions, s)
}

var (
	spaceRe     = regexp.MustCompile(`[ \t]+`)
	singleQuote = regexp.MustCompile(`(^|[\s(:,=])'([^'\n]{1,80}?)'($|[\s.,;:)!?])`)
	doubleQuote = regexp.MustCompile(`"([^"\n]{1,80}?)"`)
	quoteToken  = regexp.MustCompile(`q_(\d+)_q`)
)

// normalize straightens typographic quotes and dashes and collapses spaces.
func normalize(text string) string {
	r := strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", "\"", "\u201d", "\"", "\u2013", "-", "\u2014", " - ", "\u00a0", " ", "\r", "", "\t", " ")
	text = r.Replace(strings.ToValidUTF8(text, " "))
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfeff || r >= 0x200b && r <= 0x200f || r == 0x2028 || r == 0x2029:
			return ' '
		}
		return r
	}, text)
	text = backtickNameRe.ReplaceAllString(text, "$1")
	text = emojiCodeRe.ReplaceAllString(text, "$1")
	text = spaceRe.ReplaceAllString(text, " ")
	return strings.TrimSpace(text)
}

// backtickNameRe is a name quoted as code, the way forum posts and chat
// write API names: "upsert a `QBO_Invoice__c` record", "into our custom
// `Invoice__c` object", "`Account.Tier__c`". The name reads as written
// without its backticks.
var backtickNameRe = regexp.MustCompile("`([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)`")

// emojiCodeRe is an emoji written as chat apps' shortcode, ":fire:",
// ":pray:", ":+1:": a feeling, never a word to read ("fire" is a verb).
var emojiCodeRe = regexp.MustCompile(`(^|[\s(])(?::[a-z0-9][a-z0-9_+-]{0,30}:)+`)

// readText is the request as the rules read it: plain characters, money
// in one sign, typos and slips corrected, units expanded, phrases
// rewritten; and the currency its amounts are written in.
func readText(raw string) (string, string) {
	text, currency := readCurrency(normalize(raw))
	return rewritePhrases(expandUnits(correctSlips(fixTypos(joinSplitNames(text))))), currency
}

// shape masks the request's quoted strings, keeps it as the whole request
// the flows are read from, and writes its shorthand (arrows, "on lead
// conversion") as sentences.
func (p *plan) shape(text string) string {
	text = p.maskQuotes(text)
	p.request = text
	if arrowRe.MatchString(text) || len(nominalEventsAt(text)) > 0 {
		text = rewriteShorthand(text)
	}
	return text
}

// currencySigns are the money signs other than the dollar an admin
// writes, by the ISO code Stripe and the others take.
var currencySigns = []struct{ sign, code, name string }{
	{"£", "gbp", "pounds sterling"}, {"€", "eur", "euros"}, {"¥", "jpy", "yen"}, {"₹", "inr", "rupees"},
}

// readCurrency writes a money sign other than the dollar as "$", so
// amounts read the same ("£10,000 or more" is 10000), and returns the
// currency's code when the request writes money in that one currency.
func readCurrency(text string) (string, string) {
	code := ""
	mixed := strings.Contains(text, "$")
	for _, c := range currencySigns {
		if !strings.Contains(text, c.sign) {
			continue
		}
		mixed = mixed || code != ""
		code = c.code
		text = strings.ReplaceAll(text, c.sign, "$")
	}
	if mixed {
		code = ""
	}
	return text, code
}

// currencyName is the name of the currency code, for assumptions.
func currencyName(code string) string {
	for _, c := range currencySigns {
		if c.code == code {
			return c.name
		}
	}
	return "US dollars"
}

// maskQuotes replaces quoted strings with q_N_q tokens so that words inside
// quotes ("'Create Invoice'") are not read as instructions.
func (p *plan) maskQuotes(text string) string {
	text = doubleQuote.ReplaceAllStringFunc(text, func(m string) string {
		p.quotes = append(p.quotes, m[1:len(m)-1])
		return fmt.Sprintf("q_%d_q", len(p.quotes)-1)
	})
	return singleQuote.ReplaceAllStringFunc(text, func(m string) string {
		sub := singleQuote.FindStringSubmatch(m)
		p.quotes = append(p.quotes, sub[2])
		return fmt.Sprintf("%sq_%d_q%s", sub[1], len(p.quotes)-1, sub[3])
	})
}

// unquote puts quoted strings back.
func (p *plan) unquote(s string) string {
	return quoteToken.ReplaceAllStringFunc(s, func(m string) string {
		i, err := strconv.Atoi(quoteToken.FindStringSubmatch(m)[1])
		if err == nil && i < len(p.quotes) {
			return p.quotes[i]
		}
		return m
	})
}

// maxRequest is the longest request the offline planner reads.
const maxRequest = 20000

// run plans one request.
func (p *plan) run(raw string) Result {
	var text string
	text, p.currency = readText(raw)
	if text == "" {
		return Result{Question: "What should the integration do? Say what starts it (a record change, a schedule, an inbound call or a Flow action) and what it should do."}
	}
	if len(text) > maxRequest {
		return Result{Question: fmt.Sprintf("That request is %d characters long; describe one or two integrations in at most %d characters.", len(text), maxRequest)}
	}
	text, hadSecret := maskSecrets(text)
	if hadSecret {
		p.assume("ignored a secret pasted into the request: it is not copied into the spec; enter it in Salesforce (the system's External Credential) after install")
	}
	low := lowerASCII(text)
	if r := refusal(low); r != "" {
		return Result{Refusal: r, Assumptions: p.assumptions}
	}
	if t, ok := stripInjection(text); ok {
		p.assume("ignored text that gives the planner instructions instead of describing the integration")
		text, low = t, lowerASCII(t)
	}
	text = joinThatHappens(dropToldToday(text))
	low = lowerASCII(text)
	for _, u := range unsupported {
		if u.re.MatchString(low) {
			return Result{Question: u.question, Assumptions: p.assumptions}
		}
	}
	if vague.MatchString(low) || vagueSomehow(low) || vagueLoose.MatchString(low) && !(hasTriggerCue(low) && hasAction(low)) {
		return Result{Question: "What exactly should happen? Name the record or event that starts it (\"when a case is escalated\"), the condition if any, and the action in which system (\"create an issue in Jira\", \"post to #support in Slack\").", Assumptions: p.assumptions}
	}
	if m := hedgeRe.FindStringIndex(low); m != nil {
		end := m[1] + strings.IndexAny(text[m[1]:]+".", ".;!?\n")
		// quote the clause the hedge is in: "Direction TBD", not "TBD"
		start := strings.LastIndexAny(text[:m[0]], ".;!?\n") + 1
		if d := strings.LastIndex(text[:m[0]], " - "); d >= start {
			start = d + 3
		}
		return Result{Question: fmt.Sprintf("The request leaves a choice open (%q). Which should it be: what exactly starts it, and what should it do?", strings.TrimSpace(text[start:end])), Assumptions: p.assumptions}
	}
	if m := vagueIntervalRe.FindString(low); m != "" && !otherCadence(low) {
		return Result{Question: fmt.Sprintf("How often should it run (%q)? For example \"every hour\", \"every 15 minutes\" or \"every night at 2am\".", m), Assumptions: p.assumptions}
	}
	if syncWithRe.MatchString(low) && !syncDirected(low) && !hasTriggerCue(low) {
		return Result{Question: "Which way should the data go, and when? For example: \"when an account is created or updated in Salesforce, update the company in HubSpot\" or \"every night at 2am, get changed companies from HubSpot and update the matching accounts\".", Assumptions: p.assumptions}
	}
	if vagueSync.MatchString(low) && !hasTriggerCue(low) {
		return Result{Question: "Which records should move, in which direction, and what should start it? For example: \"when an account is created, create the customer in NetSuite\" or \"every night at 2am, get new invoices from NetSuite and upsert them into Invoice__c\".", Assumptions: p.assumptions}
	}
	text = p.shape(text)

	var flows []spec.Flow
	var prev *flowPlan
	var question string
	for _, seg := range splitFlows(text) {
		fp := p.planFlow(seg, prev)
		if fp.question != "" {
			if question == "" {
				question = fp.question
			}
			p.unplanned = append(p.unplanned, segmentActions(p, seg)...)
			continue
		}
		flows = append(flows, fp.flow)
		flows = append(flows, fp.staggered...)
		prev = fp
	}
	if len(flows) == 0 {
		if question == "" {
			question = "What should start this integration (a record being created or changed, a schedule, an inbound call from another system, or a Flow action), and what exactly should happen, in which system?"
		}
		return Result{Question: question, Assumptions: p.assumptions}
	}
	if question != "" {
		p.assume("left out part of the request that could not be planned: %s", strings.TrimSuffix(question, "?"))
	}
	flows = p.mergeRestated(flows)
	p.completeCustomObjects(flows)
	s := &spec.Spec{Spec: spec.Version, Flows: flows, Systems: p.systems, Events: p.events}
	for _, o := range p.objectOrder {
		s.Objects = append(s.Objects, spec.Object{Name: o, Fields: p.objects[o]})
	}
	s.Name = specName(s)
	s.Label = specLabel(s)
	s.Description = describe(s)
	return Result{Spec: s, Assumptions: p.assumptions}
}

// specName names the spec after its systems, or its first flow.
func specName(s *spec.Spec) string {
	name := ""
	for i, sys := range s.Systems {
		if i == 2 {
			break
		}
		name += sys.Name
	}
	if name != "" {
		name += "Integration"
	} else {
		name = s.Flows[0].Name
	}
	name = apiName(name, spec.MaxSpecNameLength)
	if name == "" || spec.IsReservedWord(name) || spec.CheckAPIName(name, spec.MaxSpecNameLength) != nil {
		name = "Integration"
	}
	return name
}

// specLabel is a human name for the spec.
func specLabel(s *spec.Spec) string {
	var ls []string
	for i, sys := range s.Systems {
		if i == 2 {
			break
		}
		ls = append(ls, nonEmpty(sys.Label, sys.Name))
	}
	if len(ls) == 0 {
		return labelFromName(s.Name)
	}
	return strings.Join(ls, " and ") + " integration"
}

var camelSplit = regexp.MustCompile(`([a-z0-9])([A-Z])`)

func labelFromName(n string) string { return camelSplit.ReplaceAllString(n, "$1 $2") }

// addSystem declares a system once and returns its name.
func (p *plan) addSystem(sys spec.System) string {
	for _, s := range p.systems {
		if s.Name == sys.Name {
			return s.Name
		}
	}
	p.systems = append(p.systems, sys)
	switch sys.Auth.Type {
	case spec.AuthBearer:
		p.assume("assumed %s uses a bearer token", sys.Label)
	case spec.AuthBasic:
		p.assume("assumed %s uses basic authentication (user name and password or API token)", sys.Label)
	case spec.AuthAPIKey:
		p.assume("assumed %s uses an API key in the %s header", sys.Label, sys.Auth.Header)
	case spec.AuthOAuth2ClientCredentials:
		p.assume("assumed %s uses OAuth 2.0 client credentials", sys.Label)
	case spec.AuthOAuth2JWTBearer:
		p.assume("assumed %s uses the OAuth 2.0 JWT bearer flow", sys.Label)
	}
	if strings.Contains(sys.URL, "your-") || strings.Contains(sys.URL, ".example.com") {
		p.assume("assumed %s is reached at %s; set the real address in its Named Credential after install", sys.Label, sys.URL)
	}
	return sys.Name
}

// addField declares a custom field the package creates, once.
func (p *plan) addField(object string, f spec.Field) {
	fields, ok := p.objects[object]
	if !ok {
		p.objectOrder = append(p.objectOrder, object)
	}
	for i, g := range fields {
		if strings.EqualFold(g.Name, f.Name) {
			if f.ExternalID && !g.ExternalID && g.Type == spec.FieldText {
				// declared as a plain text field first, then keyed on by an
				// upsert: the key must be an external id
				fields[i].ExternalID, fields[i].Unique = true, f.Unique
				p.assume("assumed %s.%s is an external id field", object, g.Name)
			}
			return
		}
	}
	if f.Label == "" {
		f.Label = fieldLabel(f.Name)
	}
	p.objects[object] = append(fields, f)
	what := "a text field"
	if f.Type == spec.FieldDateTime {
		what = "a date/time field"
	}
	if f.ExternalID {
		what = "an external id field"
	}
	p.assume("assumed the package adds %s %s.%s", what, object, f.Name)
}

// completeCustomObjects declares, on each custom object the package
// declares, every other custom field the flows use on it: a declared
// custom object must list the custom fields it is used with.
func (p *plan) completeCustomObjects(flows []spec.Flow) {
	for _, obj := range p.objectOrder {
		if !strings.HasSuffix(obj, "__c") {
			continue
		}
		var used []string
		for _, fl := range flows {
			if fl.Trigger.Object == obj {
				var walk func(cs []spec.Condition)
				walk = func(cs []spec.Condition) {
					for _, c := range cs {
						used = append(used, c.Field)
						walk(c.Any)
						walk(c.All)
					}
				}
				walk(fl.Trigger.When)
			}
			for _, st := range fl.Steps {
				if st.Object != obj {
					continue
				}
				for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
					used = append(used, k)
				}
				if st.ExternalID != "" && strings.HasSuffix(st.ExternalID, "__c") {
					// the upsert's key: an external id field
					p.addField(obj, spec.Field{Name: st.ExternalID, Type: spec.FieldText, Length: 64, ExternalID: true, Unique: true})
				}
			}
		}
		for _, name := range used {
			if strings.HasSuffix(name, "__c") && !strings.Contains(name, ".") {
				p.addField(obj, spec.Field{Name: name, Type: spec.FieldText, Length: 255})
			}
		}
	}
}

// dropField removes an invented field that turned out not to be needed.
func (p *plan) dropField(object, name string) {
	fields := p.objects[object]
	for i, f := range fields {
		if f.Name == name {
			p.objects[object] = append(fields[:i:i], fields[i+1:]...)
			prefix := "assumed the package adds an external id field " + object + "." + name
			for j, a := range p.assumptions {
				if a == prefix {
					p.assumptions = append(p.assumptions[:j:j], p.assumptions[j+1:]...)
					break
				}
			}
			break
		}
	}
	if len(p.objects[object]) == 0 {
		delete(p.objects, object)
		for i, o := range p.objectOrder {
			if o == object {
				p.objectOrder = append(p.objectOrder[:i:i], p.objectOrder[i+1:]...)
				break
			}
		}
	}
}

func fieldLabel(name string) string {
	l := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(name, "__c"), "__e"), "_", " ")
	if len(l) > spec.MaxLabelLength {
		l = l[:spec.MaxLabelLength]
	}
	return strings.TrimSpace(l)
}

// customFieldName builds Word_Word__c from words, within Salesforce's limit.
func customFieldName(ws ...string) string {
	var parts []string
	for _, w := range ws {
		for _, x := range upperRe.Split(w, -1) {
			if x == "" {
				continue
			}
			parts = append(parts, strings.ToUpper(x[:1])+x[1:])
		}
	}
	n := strings.Join(parts, "_")
	n = strings.TrimLeftFunc(n, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') })
	if len(n) > spec.MaxNameLength {
		n = strings.TrimRight(n[:spec.MaxNameLength], "_")
	}
	if n == "" {
		n = "External_Id"
	}
	return n + "__c"
}

// uniqueFlowName keeps flow names unique in the spec.
func (p *plan) uniqueFlowName(n string) string {
	n = apiName(n, 36)
	if n == "" || spec.IsReservedWord(n) {
		n = "IntegrationFlow"
	}
	base, i := n, 2
	for p.flowNames[strings.ToLower(n)] {
		n = fmt.Sprintf("%s%d", base, i)
		i++
	}
	p.flowNames[strings.ToLower(n)] = true
	return n
}
