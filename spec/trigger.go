package spec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// triggerKeys are the keys each trigger type takes besides type.
var triggerKeys = map[string][]string{
	TriggerRecordChange:  {"object", "on", "when"},
	TriggerChangeEvent:   {"object", "on", "when", "runAs", "batchSize"},
	TriggerPlatformEvent: {"event", "when", "runAs", "batchSize"},
	TriggerSchedule:      {"cron"},
	TriggerWebhook:       {"path", "methods", "verify", "eventId"},
	TriggerInvocable:     {"label", "inputs", "outputs"},
}

// setKeys reports which keys of a trigger are set.
func (t Trigger) setKeys() map[string]bool {
	return map[string]bool{
		"object": t.Object != "", "on": t.On != nil, "when": t.When != nil,
		"event": t.Event != "", "cron": t.Cron != "", "runAs": t.RunAs != "", "batchSize": t.BatchSize != 0,
		"path": t.Path != "", "methods": t.Methods != nil, "verify": t.Verify != nil, "eventId": t.EventID != "",
		"label": t.Label != "", "inputs": t.Inputs != nil, "outputs": t.Outputs != nil,
	}
}

func (v *validator) trigger(path string, t Trigger) {
	if !v.enum(path+".type", "trigger type", t.Type, TriggerTypes) {
		return
	}
	set := t.setKeys()
	for _, k := range triggerKeys[t.Type] {
		set[k] = false
	}
	v.forbid(path, "a "+t.Type+" trigger", set)
	if t.Type == TriggerChangeEvent || t.Type == TriggerPlatformEvent {
		v.subscriber(path, t)
	}
	switch t.Type {
	case TriggerRecordChange, TriggerChangeEvent:
		if t.Object == "" {
			v.add(path+".object", "is required for a %s trigger", t.Type)
		} else if err := CheckObjectName(t.Object); err != nil {
			v.add(path+".object", "%s", err)
		}
		if len(t.On) == 0 {
			v.add(path+".on", "list at least one of %s", strings.Join(OnEvents, ", "))
		}
		seen := map[string]bool{}
		for i, on := range t.On {
			p := joinIndex(path+".on", i)
			if v.enum(p, "record event", on, OnEvents) && seen[on] {
				v.add(p, "%q is listed twice", on)
			}
			seen[on] = true
		}
		v.conditions(path+".when", t.When, t)
	case TriggerPlatformEvent:
		if t.Event == "" {
			v.add(path+".event", "is required for a platformEvent trigger")
		} else if err := CheckEventName(t.Event); err != nil {
			v.add(path+".event", "%s", err)
		}
		v.conditions(path+".when", t.When, t)
	case TriggerSchedule:
		if t.Cron == "" {
			v.add(path+".cron", "is required for a schedule trigger, like \"0 0 2 * * ?\"")
		} else if err := CheckCron(t.Cron); err != nil {
			v.add(path+".cron", "%s", err)
		}
	case TriggerWebhook:
		v.webhookPath(path+".path", t.Path)
		seen := map[string]bool{}
		for i, m := range t.Methods {
			p := joinIndex(path+".methods", i)
			if v.enum(p, "method", m, HTTPMethods) && seen[m] {
				v.add(p, "%q is listed twice", m)
			}
			seen[m] = true
		}
		if t.Methods != nil && len(t.Methods) == 0 {
			v.add(path+".methods", "list at least one method, or leave methods out for POST")
		}
		v.verify(path+".verify", t.Verify)
		if t.EventID != "" {
			v.eventID(path+".eventId", t.EventID)
		}
	case TriggerInvocable:
		if strings.TrimSpace(t.Label) == "" {
			v.add(path+".label", "is required for an invocable trigger: Flow Builder shows it")
		}
		v.text(path+".label", t.Label, 255)
		v.params(path+".inputs", t.Inputs)
		v.params(path+".outputs", t.Outputs)
	}
}

// verify checks how a webhook verifies its callers. A webhook must say:
// an Apex REST endpoint anyone can reach (through a Site) would otherwise
// run the flow for any request.
func (v *validator) verify(path string, vf *Verify) {
	if vf == nil {
		v.add(path, "is required: how callers are verified, a vendor's signature (stripe, zendesk, hubspotV3, slack, github, shopify, docusign, twilio), {type: hmacSha256, header: X-Signature} for an HMAC of the body, or {type: salesforceSession} for callers signed in to Salesforce")
		return
	}
	if !v.enum(path+".type", "verify type", vf.Type, VerifyTypes) {
		return
	}
	switch {
	case vf.Type == VerifyHMACSHA256 && vf.Header == "":
		v.add(path+".header", "is required: the header that carries the signature")
	case vf.Type == VerifyHMACSHA256:
		v.headerName(path+".header", vf.Header)
	case vf.Header != "":
		v.add(path+".header", "is fixed by the %s scheme; leave it out", vf.Type)
	}
	switch {
	case vf.ToleranceSeconds == 0:
	case !VerifyTimestamped(vf.Type):
		v.add(path+".toleranceSeconds", "%s signs no timestamp, so there is no window to set", vf.Type)
	case vf.ToleranceSeconds < 1 || vf.ToleranceSeconds > MaxToleranceSeconds:
		v.add(path+".toleranceSeconds", "must be 1-%d seconds, got %d", MaxToleranceSeconds, vf.ToleranceSeconds)
	}
}

// eventID checks a webhook's eventId: exactly one merge field into the
// request (a header, a body field or a query parameter).
func (v *validator) eventID(path, text string) {
	tpl, err := ParseTemplate(text)
	if err != nil {
		v.add(path, "%s", err)
		return
	}
	e, ok := tpl.Single()
	p, isPath := e.(*Path)
	if !ok || !isPath || p.Root() != RootRequest || len(p.Segments) < 3 {
		v.add(path, "must be one merge field naming where the caller puts its event id, like {!request.headers.X-Event-Id} or {!request.body.id}")
	}
}

// WebhookMethods returns the methods a webhook trigger accepts: its
// methods, or POST when it names none.
func (t Trigger) WebhookMethods() []string {
	if len(t.Methods) == 0 {
		return []string{"POST"}
	}
	return t.Methods
}

func (v *validator) webhookPath(path, p string) {
	switch {
	case p == "":
		v.add(path, "is required for a webhook trigger, like /orders")
		return
	case !strings.HasPrefix(p, "/"):
		v.add(path, "%q must start with /", p)
		return
	case len(p) > MaxWebhookPath:
		v.add(path, "is %d characters long; at most %d are allowed", len(p), MaxWebhookPath)
		return
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '*':
			if p[i-1] != '/' || (i+1 < len(p) && p[i+1] != '/') {
				v.add(path, "%q: * may only stand for a whole segment (/orders/*)", p)
				return
			}
		case c == ' ' || c < 0x21 || c > 0x7e:
			v.add(path, "%q must not contain spaces or non-ASCII characters", p)
			return
		case strings.IndexByte("?#{}\"'<>\\|^`%", c) >= 0:
			v.add(path, "%q must not contain %q", p, c)
			return
		}
	}
	if strings.Contains(p, "//") {
		v.add(path, "%q must not contain an empty segment (//)", p)
	} else if seg := dotSegment(p); seg != "" {
		v.add(path, "%q must not contain a %q segment: a path names one place, not a way up or around", p, seg)
	}
}

// dotSegment returns the first segment of a URL path that means "this" or
// "the parent" (".", "..", also written with %2e), which servers resolve
// away and so reach a different path than the one written; "" if none.
func dotSegment(p string) string {
	for _, seg := range strings.Split(p, "/") {
		if strings.Trim(strings.ReplaceAll(strings.ToLower(seg), "%2e", "."), ".") == "" && seg != "" {
			return seg
		}
	}
	return ""
}

func (v *validator) params(path string, params []Param) {
	seen := map[string]string{}
	for i, prm := range params {
		p := joinIndex(path, i)
		v.apiName(p+".name", prm.Name, MaxNameLength)
		if prm.Name != "" {
			if prev, dup := seen[strings.ToLower(prm.Name)]; dup {
				v.add(p+".name", "%q is declared twice (also %s)", prm.Name, prev)
			} else {
				seen[strings.ToLower(prm.Name)] = p
			}
		}
		v.enum(p+".type", "param type", prm.Type, ParamTypes)
		v.text(p+".label", prm.Label, 255)
		v.text(p+".description", prm.Description, 1000)
	}
}

func (v *validator) conditions(path string, conds []Condition, t Trigger) {
	if conds != nil && len(conds) == 0 {
		v.add(path, "list at least one condition, or leave when out")
	}
	for i, c := range conds {
		v.condition(joinIndex(path, i), c, t)
		v.relationshipCondition(joinIndex(path, i), c, t)
		v.changeEventCondition(joinIndex(path, i), c, t)
	}
}

// changeEventCondition checks a top-level item of when on a change event
// that fires on update. The change event of an update holds only the fields
// that changed, so the generated job checks an item that compares no change
// (Industry equals Technology) on the record it loads; an item that compares
// a change is checked on the event, where any other field is empty unless it
// changed too. So one group cannot hold both.
func (v *validator) changeEventCondition(path string, c Condition, t Trigger) {
	if t.Type != TriggerChangeEvent || !slices.Contains(t.On, OnUpdate) || !c.IsGroup() {
		return
	}
	var change, other string
	for _, l := range c.Leaves() {
		if OpNeedsPrior(l.Op) {
			change = l.Field + " " + l.Op
		} else if other == "" {
			other = l.Field + " " + l.Op
		}
	}
	if change != "" && other != "" {
		v.add(path, "%s and %s in one group: a change event of an update holds only the fields that changed, so %s is checked on the record the job loads and %s on the event; put them in separate items of when", change, other, other, change)
	}
}

// relationshipCondition checks a top-level item of when that tests a
// parent's field (Account.Industry). Parent fields are not in Trigger.new
// or in a change event: the generated job queries them with the record and
// checks such items there, after the trigger's transaction. So a platform
// event (no relationships) cannot use them, and no comparison with prior
// values may sit in the same item: Trigger.old holds no parent fields, and
// the job no longer has the trigger's prior values.
func (v *validator) relationshipCondition(path string, c Condition, t Trigger) {
	if !c.UsesRelationship() {
		return
	}
	if t.Type == TriggerPlatformEvent {
		v.add(path, "a platform event's fields have no relationships, so a field path like %s never has a value; test the event's own fields", firstRelationship(c))
		return
	}
	for _, l := range c.Leaves() {
		if !OpNeedsPrior(l.Op) {
			continue
		}
		if strings.Contains(l.Field, ".") {
			v.add(path, "%s %s: the record's prior values hold no parent fields (and a change of the parent does not fire this trigger); test the parent field's current value, or the lookup field itself (%s changed)", l.Field, l.Op, lookupOf(l.Field))
		} else {
			v.add(path, "%s %s and a parent field (%s) in one group: parent fields are checked in the job after the record is loaded, where prior values are gone; put the %s condition in its own item of when", l.Field, l.Op, firstRelationship(c), l.Op)
		}
		return
	}
}

// firstRelationship returns the first relationship field path in c.
func firstRelationship(c Condition) string {
	for _, l := range c.Leaves() {
		if strings.Contains(l.Field, ".") {
			return l.Field
		}
	}
	return ""
}

// lookupOf returns the lookup field behind the first relationship of a
// field path: Account.Industry gives AccountId, Signer__r.Email Signer__c.
func lookupOf(path string) string {
	rel, _, _ := strings.Cut(path, ".")
	if strings.HasSuffix(rel, SuffixRelationship) {
		return strings.TrimSuffix(rel, SuffixRelationship) + SuffixCustom
	}
	return rel + "Id"
}

func (v *validator) condition(path string, c Condition, t Trigger) {
	if c.IsGroup() {
		v.forbid(path, "an any/all group", map[string]bool{"field": c.Field != "", "op": c.Op != "", "value": c.Value != nil})
		if c.Any != nil && c.All != nil {
			v.add(path, "a condition is either an any group or an all group, not both")
		}
		for _, g := range []struct {
			key   string
			conds []Condition
		}{{"any", c.Any}, {"all", c.All}} {
			key, group := g.key, g.conds
			if group == nil {
				continue
			}
			if len(group) == 0 {
				v.add(path+"."+key, "a group needs at least one condition")
			}
			for i, gc := range group {
				v.condition(joinIndex(path+"."+key, i), gc, t)
			}
		}
		return
	}
	if c.Field == "" {
		v.add(path+".field", "is required (the field the condition tests)")
	} else if err := checkFieldPath(c.Field); err != nil {
		v.add(path+".field", "%s", err)
	} else {
		owner := t.Object
		if t.Type == TriggerPlatformEvent {
			owner = t.Event
		}
		if err := checkKnownField(c.Field, owner, definedFields(v.s, t)); err != nil {
			v.add(path+".field", "%s", err)
		}
	}
	if !v.enum(path+".op", "operator", c.Op, Operators) {
		return
	}
	if OpNeedsPrior(c.Op) {
		update := (t.Type == TriggerRecordChange || t.Type == TriggerChangeEvent) && len(t.On) == 1 && t.On[0] == OnUpdate
		if !update {
			v.add(path+".op", "%s compares with prior values, so the trigger must be recordChange or changeEvent with on: [update]", c.Op)
		} else if c.Op == OpChangedFrom && t.Type == TriggerChangeEvent {
			// A change event of an update carries the new values of the
			// fields that changed and their names (ChangeEventHeader.changedFields),
			// never the values they had: the test could never pass.
			v.add(path+".op", "changedFrom needs the field's prior value, which a change event does not carry (only the new values and the names of the changed fields); use a recordChange trigger, or test the new value with changed or changedTo")
		}
	}
	if !OpTakesValue(c.Op) {
		if c.Value != nil {
			v.add(path+".value", "%s takes no value", c.Op)
		}
		return
	}
	switch val := c.Value.(type) {
	case nil:
		v.add(path+".value", "%s needs a value", c.Op)
	case []any:
		if c.Op != OpIn {
			v.add(path+".value", "%s needs a single value, not a list", c.Op)
			return
		}
		if len(val) == 0 {
			v.add(path+".value", "in needs at least one value")
		}
		for i, x := range val {
			switch x := x.(type) {
			case map[string]any, []any:
				v.add(joinIndex(path+".value", i), "must be a single value")
			case string:
				v.literalOnly(joinIndex(path+".value", i), x)
			}
		}
	case map[string]any:
		v.add(path+".value", "must be a single value, not a map")
	default:
		if c.Op == OpIn {
			v.add(path+".value", "in needs a list of values, like [New, Open]")
		}
		if s, ok := val.(string); ok {
			v.text(path+".value", s, 255)
			v.literalOnly(path+".value", s)
		}
	}
}

// literalOnly rejects merge fields where only literal values belong.
func (v *validator) literalOnly(path, s string) {
	if strings.Contains(s, "{!") {
		v.add(path, "conditions compare with literal values; merge fields are not allowed here")
	}
}

// cronField describes one field of Salesforce's cron expression.
type cronField struct {
	name     string
	min, max int
	names    []string // JAN..DEC or SUN..SAT, numbered from min
	special  string   // the special characters allowed besides digits
}

var cronFields = []cronField{
	{name: "seconds", min: 0, max: 59},
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23, special: ",-*/"},
	{name: "day of month", min: 1, max: 31, special: ",-*?/LW"},
	{name: "month", min: 1, max: 12, special: ",-*/", names: strings.Fields("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC")},
	{name: "day of week", min: 1, max: 7, special: ",-*?/L#", names: strings.Fields("SUN MON TUE WED THU FRI SAT")},
	{name: "year", min: 1970, max: 2099, special: ",-*/"},
}

// CheckCron checks a Salesforce scheduled-Apex cron expression: six or seven
// fields (seconds minutes hours day-of-month month day-of-week [year]),
// each in range with the special characters Salesforce allows there, and
// `?` in exactly one of day-of-month and day-of-week.
func CheckCron(expr string) error {
	fs := strings.Fields(expr)
	if len(fs) != 6 && len(fs) != 7 {
		return fmt.Errorf("%q has %d fields; Salesforce cron has 6 or 7: seconds minutes hours day-of-month month day-of-week [year], like \"0 0 2 * * ?\"", expr, len(fs))
	}
	for i, f := range fs {
		if err := cronFields[i].check(f); err != nil {
			return fmt.Errorf("%q: %s %w", expr, cronFields[i].name, err)
		}
	}
	if (fs[3] == "?") == (fs[5] == "?") {
		return fmt.Errorf("%q: use ? in exactly one of day-of-month and day-of-week, like \"0 0 2 * * ?\"", expr)
	}
	return nil
}

func (cf cronField) check(f string) error {
	for _, c := range f {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || strings.ContainsRune(cf.special, c)) {
			if c >= 'a' && c <= 'z' {
				return fmt.Errorf("%q: write names in upper case", f)
			}
			return fmt.Errorf("%q: %q is not allowed here", f, c)
		}
	}
	if f == "?" {
		if !strings.Contains(cf.special, "?") {
			return fmt.Errorf("%q: ? is not allowed here", f)
		}
		return nil
	}
	for _, item := range strings.Split(f, ",") {
		if err := cf.item(item); err != nil {
			return fmt.Errorf("%q: %w", f, err)
		}
	}
	return nil
}

func (cf cronField) value(s string) (int, error) {
	for i, n := range cf.names {
		if s == n {
			return cf.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 4 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if n < cf.min || n > cf.max {
		return 0, fmt.Errorf("%d is out of range %d-%d", n, cf.min, cf.max)
	}
	return n, nil
}

func (cf cronField) item(item string) error {
	switch {
	case item == "":
		return fmt.Errorf("empty list item")
	case item == "*" || item == "?":
		if item == "?" {
			return fmt.Errorf("? must stand alone")
		}
		return nil
	}
	if strings.Contains(cf.special, "L") {
		switch {
		case item == "L" || (cf.name == "day of month" && item == "LW"):
			return nil
		case cf.name == "day of month" && strings.HasSuffix(item, "W"):
			_, err := cf.value(strings.TrimSuffix(item, "W"))
			return err
		case cf.name == "day of week" && strings.HasSuffix(item, "L"):
			_, err := cf.value(strings.TrimSuffix(item, "L"))
			return err
		}
	}
	if a, b, ok := strings.Cut(item, "#"); ok {
		if _, err := cf.value(a); err != nil {
			return err
		}
		if n, err := strconv.Atoi(b); err != nil || n < 1 || n > 5 {
			return fmt.Errorf("#%s: the week must be 1-5", b)
		}
		return nil
	}
	rng, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > cf.max {
			return fmt.Errorf("/%s is not a valid increment", step)
		}
		if rng == "*" {
			return nil
		}
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	a, err := cf.value(lo)
	if err != nil {
		return err
	}
	if isRange {
		b, err := cf.value(hi)
		if err != nil {
			return err
		}
		if b < a {
			return fmt.Errorf("%s: the range runs backwards", rng)
		}
	}
	return nil
}

// subscriber checks an event trigger's running user and batch size, which
// become its PlatformEventSubscriberConfig: "batchSize: A custom batch size,
// from 1 through 2,000"; "user: The username of the user that the platform
// event Apex trigger runs as" (Metadata API Developer Guide,
// PlatformEventSubscriberConfig). Salesforce usernames have the form of an
// e-mail address, at most 80 characters.
func (v *validator) subscriber(path string, t Trigger) {
	if t.BatchSize != 0 && (t.BatchSize < 1 || t.BatchSize > 2000) {
		v.add(path+".batchSize", "must be from 1 to 2000 (Salesforce's limit for an event trigger's batch), not %d", t.BatchSize)
	}
	if t.RunAs == "" {
		return
	}
	at := strings.Index(t.RunAs, "@")
	if len(t.RunAs) > 80 || at < 1 || at == len(t.RunAs)-1 || strings.ContainsAny(t.RunAs, " \t\r\n<>\"'{}") {
		v.add(path+".runAs", "is a Salesforce username, like integration@acme.com (at most 80 characters): %q is not one", t.RunAs)
	}
}
