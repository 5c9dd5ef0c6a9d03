package generator

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// flowModel is everything the flow templates print for one flow. Names,
// code lines and flags are worked out here; the templates only print them.
type flowModel struct {
	Runtime      string
	Flow         string // ApexString of the flow name
	FlowName     string // the flow's API name, for comments and the README
	Label        string
	Description  string
	Class        string // the class that runs the steps (Job, Webhook or Action)
	TestClass    string
	Trigger      string // Apex trigger name, when the flow has one
	TriggerTest  string
	Schedule     string // Schedulable class name, for schedule flows
	ScheduleTest string

	Kind                 string // trigger type
	IsJob                bool   // steps run in a chained Queueable
	IsRecord, IsCDC      bool
	IsEvent, IsSchedule  bool
	IsWebhook, IsAction  bool
	Object               string // trigger object, change event or platform event
	TriggerEvents        string // "after insert, after update"
	Query                string // SOQL loading the trigger records
	StorePrior           bool
	ChangeTypes          string // ApexString list of CDC change types
	OwnFields            string // ApexString list of the fields a CDC flow writes on its own object
	Condition            string // Apex boolean over ctx, checked where the trigger fires
	LoadedCondition      string // Apex boolean over ctx checked in the job on the queried record (parent fields), or ""
	Cron                 string // ApexString of the cron expression
	CronText             string
	Chunk                int
	KeepPaths            string // Apex list of Set<String>: per segment, the ctx paths it and later segments read
	KeepWhole            string // Apex list of Set<String>: per segment, the ctx keys kept whole
	Attempts             int
	Exponential          bool
	Logs                 bool
	Segments             []segmentModel
	Replies              []replyModel
	HasReply             bool
	HasSteps             bool // the flow has steps other than replies
	OutputsUseCtx        bool
	ReplyUsesCtx         bool
	URLMapping           string // ApexString of the webhook path
	Path                 string
	Methods              []methodModel
	Deferred             bool   // a webhook whose later segments run in a Queueable after it answers
	Verify               bool   // requests carry a signature made with a secret
	VerifyType           string // the spec's verify.type
	VerifyScheme         string // ApexString of VerifyType
	VerifyText           string // the README's words for the scheme
	VerifyHeader         string // ApexString of the hmacSha256 header, or null
	VerifyHeaderName     string
	Tolerance            int    // replay window in seconds; 0 when the scheme signs no time
	SessionOnly          bool   // callers sign in to Salesforce; guests are refused
	AllowedMethods       string // Apex Set<String> literal of the listed methods
	AllowHeader          string // ApexString of the Allow header of a 405
	OtherMethod          string // ApexString of a method the webhook does not answer, or ""
	SecretKey            string // ApexString of the Webhook_Secret__c record name
	EventID              string // Apex expression over ctx giving the caller's event id, or ""
	EventIDText          string // where the event id comes from, for comments and the README
	EventIDTest          string // Apex statement giving the test request req an event id
	SecretKeyName        string
	InvocableLabel       string // ApexString
	InvocableDescription string // ApexString
	Inputs               []paramModel
	Outputs              []paramModel

	// Test data.
	TestRecord        string // Apex expression creating a trigger record
	PermissionSetName string // ApexString of the permission set's name
	UpdateChecks      []updateCheck
	CondTests         []testMethod // tests of the conditions with records that meet and fail them
	TriggerTests      []testMethod // trigger tests through DML with records that meet and fail them
	TestEvent         string
	OnCreate          bool
	OnUpdate          bool
	OnDelete          bool
	OnUndelete        bool
	FirstCall         *callInfo
	FirstCallInStage0 bool
	MockStatus        int
	MockBody          string // ApexString of the JSON body test mocks answer with
	mockJSON          string // the mock's JSON body
	ExpectStatus      int    // the status a webhook test's request must get
	ExpectWhy         string // ApexString saying why
	ReplyChecks       []replyCheck
	ActionSuccess     bool     // an action test's request succeeds against the mock
	OutputChecks      []string // Apex assertions on an action test's outputs
	RecordChecks      []recordCheck
	RequestBody       string // ApexString of the JSON body webhook tests send
	ReplyStatus       int
	Systems           []string
}

// updateCheck is a field a job test expects the flow to have set on the
// trigger record, and the value (as text) it expects.
type updateCheck struct {
	Field string
	Want  string // ApexString
}

type segmentModel struct {
	Index    int
	Calls    []stepCode
	DMLs     []stepCode
	HasCalls bool
}

type stepCode struct {
	ID      string // ApexString of the step id
	ForEach bool
	Method  string
	Comment string
	Lines   []string

	// TimeoutMillis is a call's timeout, counted against the 120 seconds of
	// callout time a transaction has.
	TimeoutMillis int
}

type replyModel struct {
	Status int
	Body   string // Apex expression, or "" for no body
}

type methodModel struct {
	Annotation string // HttpPost...
	Handler    string // handlePost...
	Verb       string
}

type paramModel struct {
	Name       string
	ApexType   string
	Annotation string
	Sample     string // Apex literal for tests
	Value      string // output: Apex expression giving the value
}

type callInfo struct {
	Method   string // ApexString
	Endpoint string // ApexString of 'callout:NC' + literal path prefix
}

var apexTypes = map[string]string{
	"Text": "String", "LongTextArea": "String", "Email": "String", "Phone": "String", "Url": "String", "Picklist": "String",
	"Number": "Decimal", "Currency": "Decimal", "Percent": "Decimal", "Checkbox": "Boolean", "Date": "Date", "DateTime": "Datetime", "Id": "Id",
}

var apexSamples = map[string]string{
	"String": "'test'", "Decimal": "1", "Boolean": "true", "Date": "Date.today()", "Datetime": "Datetime.now()", "Id": "UserInfo.getUserId()",
}

var apexConverters = map[string]string{
	"String": "text", "Decimal": "num", "Boolean": "bool", "Date": "toDate", "Datetime": "toDatetime", "Id": "toId",
}

// buildFlow works out the model of one flow.
func (g *gen) buildFlow(i int, f spec.Flow, base string) (*flowModel, error) {
	m := &flowModel{
		Runtime:     g.runtime,
		Flow:        ApexString(f.Name),
		FlowName:    f.Name,
		Label:       labelOf(f.Label, f.Name),
		Description: f.Description,
		Kind:        f.Trigger.Type,
		Logs:        f.Logs(),
		Attempts:    1,
	}
	if f.OnError != nil && f.OnError.Retry != nil {
		m.Attempts = 1 + f.OnError.Retry.Attempts
		m.Exponential = f.OnError.Retry.Backoff == spec.BackoffExponential
	}
	tr := f.Trigger
	kind, ok := triggerKinds[tr.Type]
	if !ok {
		return nil, fmt.Errorf("flows[%d].trigger.type: unknown trigger type %q", i, tr.Type)
	}
	m.IsJob = kind.class == "Job"
	m.Class = base + kind.class
	m.TestClass = m.Class + "Test"
	for _, on := range tr.On {
		switch on {
		case spec.OnCreate:
			m.OnCreate = true
		case spec.OnUpdate:
			m.OnUpdate = true
		case spec.OnDelete:
			m.OnDelete = true
		case spec.OnUndelete:
			m.OnUndelete = true
		}
	}
	t := &translator{runtime: g.runtime, ctx: "ctx", recordIDs: g.recordIDs}
	in := flowInput{i: i, f: f, base: base, t: t}
	if err := kind.build(g, in, m); err != nil {
		return nil, err
	}
	if err := g.buildConditions(in, m); err != nil {
		return nil, err
	}
	s, err := g.buildSteps(in, m)
	if err != nil {
		return nil, err
	}
	m.Chunk = chunkSize(m.Segments)
	m.KeepPaths, m.KeepWhole = keepSets(f, m)
	m.StorePrior = m.IsRecord && usesRoot(f, "prior")
	m.PermissionSetName = ApexString(g.permissionSetName())
	m.mockJSON = g.sampleResponse(f)
	m.MockBody = ApexString(m.mockJSON)
	s.request = g.sampleRequest(f)
	m.RequestBody = ApexString(s.request)
	if kind.finish != nil {
		if err := kind.finish(g, in, m, s); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// buildConditions translates the trigger's conditions: those the trigger
// checks, and those on parent fields the job checks on the record it
// queried with them; and works out the tests of both.
func (g *gen) buildConditions(in flowInput, m *flowModel) error {
	i, f, tr, t := in.i, in.f, in.f.Trigger, in.t
	condRoot := "record"
	if m.IsEvent {
		condRoot = "event"
	}
	// Conditions on parent fields (Account.Industry) cannot be checked in the
	// trigger: Trigger.new and change events hold no parent fields. Nor can a
	// change event of an update answer for a field that did not change: it
	// holds only the changed ones (Change Data Capture Developer Guide,
	// "Change Event Body Fields"), so Industry equals Technology would read an
	// empty Industry whenever another field changed. The job queries those
	// fields with the record and checks such items of when there.
	cdcUpdate := m.IsCDC && m.OnUpdate
	var early, loaded []spec.Condition
	var loadedFields []string
	for _, c := range tr.When {
		if (m.IsRecord || m.IsCDC) && c.UsesRelationship() || cdcUpdate && !c.ComparesPrior() {
			loaded = append(loaded, c)
			for _, l := range c.Leaves() {
				loadedFields = append(loadedFields, l.Field)
			}
		} else {
			early = append(early, c)
		}
	}
	m.Condition = "true"
	if len(early) > 0 {
		cond, err := g.conditions(early, condRoot, "&&", t)
		if err != nil {
			return fmt.Errorf("flows[%d].trigger.when: %w", i, err)
		}
		m.Condition = cond
	}
	if len(loaded) > 0 {
		cond, err := g.conditions(loaded, condRoot, "&&", t)
		if err != nil {
			return fmt.Errorf("flows[%d].trigger.when: %w", i, err)
		}
		m.LoadedCondition = cond
	}
	if m.IsRecord || m.IsCDC || m.IsEvent {
		m.CondTests = g.conditionTests(f, m, early, loaded)
		m.TriggerTests = g.triggerTests(f, m, early, loaded)
	}
	// The trigger's conditions run on trigger records, not on queried ones;
	// the job's conditions run on the queried record, which holds their fields.
	t.recordFields = map[string]bool{}
	for _, fl := range loadedFields {
		t.recordFields[fl] = true
	}
	return nil
}

// buildSteps works out the flow's step methods and replies, and splits the
// steps into segments: a segment's callouts all run before its DML, and a
// callout after DML starts a new segment (a new transaction).
func (g *gen) buildSteps(in flowInput, m *flowModel) (flowSteps, error) {
	i, f, t := in.i, in.f, in.t
	seg := segmentModel{Index: 0}
	sawDML := false
	s := flowSteps{kinds: map[string]string{}}
	stepSegment := map[string]int{} // step id -> its segment
	for j, st := range f.Steps {
		where := fmt.Sprintf("flows[%d].steps[%d]", i, j)
		if st.Type == spec.StepReply {
			if !m.IsWebhook {
				return flowSteps{}, fmt.Errorf("%s: reply is for webhook flows only", where)
			}
			body := ""
			if st.Body != nil {
				b, err := t.value(st.Body)
				if err != nil {
					return flowSteps{}, fmt.Errorf("%s.body: %w", where, err)
				}
				body = b
			}
			status := st.Status
			if status == 0 {
				status = 200
			}
			m.Replies = append(m.Replies, replyModel{Status: status, Body: body})
			if strings.Contains(body, "ctx") {
				m.ReplyUsesCtx = true
			}
			m.HasReply = true
			if m.ReplyStatus == 0 {
				m.ReplyStatus = status
			}
			continue
		}
		if st.Type == spec.StepCall && sawDML {
			m.Segments = append(m.Segments, seg)
			seg = segmentModel{Index: len(m.Segments)}
			sawDML = false
		}
		code, err := g.step(j, st, m, t)
		if err != nil {
			return flowSteps{}, fmt.Errorf("%s: %w", where, err)
		}
		s.kinds[st.ID] = st.Type
		stepSegment[st.ID] = len(m.Segments)
		if st.Type == spec.StepCall {
			seg.Calls = append(seg.Calls, code)
			seg.HasCalls = true
			s.callIDs = append(s.callIDs, st.ID)
			if m.FirstCall == nil {
				sys, _ := g.spec.System(st.System)
				lit := st.Path
				if k := strings.Index(lit, "{!"); k >= 0 {
					lit = lit[:k]
				}
				m.FirstCall = &callInfo{Method: ApexString(st.Method), Endpoint: ApexString("callout:" + sys.Name + lit)}
				m.FirstCallInStage0 = len(m.Segments) == 0 && st.ForEach == ""
				m.MockStatus = 200
				if len(st.Expect) > 0 {
					m.MockStatus = st.Expect[0]
				}
			}
		} else {
			seg.DMLs = append(seg.DMLs, code)
			sawDML = true
		}
	}
	m.Segments = append(m.Segments, seg)
	for _, seg := range m.Segments {
		if len(seg.Calls)+len(seg.DMLs) > 0 {
			m.HasSteps = true
		}
	}
	if m.IsWebhook && len(m.Segments) > 1 {
		// A call after a record change cannot run in the request's
		// transaction ("uncommitted work pending"): the webhook answers after
		// the first segment and a Queueable runs the rest, so the reply can
		// use only what the first segment made.
		m.Deferred = true
		for j, st := range f.Steps {
			if st.Type != spec.StepReply {
				continue
			}
			var late []string
			visitPaths(stepValues(st), func(p *spec.Path) {
				if k, ok := stepSegment[p.Root()]; ok && k > 0 && !slices.Contains(late, p.Root()) {
					late = append(late, p.Root())
				}
			})
			if len(late) > 0 {
				return flowSteps{}, fmt.Errorf("flows[%d].steps[%d]: the reply uses %s, which runs after the webhook has answered: a call after a record change runs later, in a Queueable; reply with what the steps before it made", i, j, strings.Join(late, ", "))
			}
		}
	}
	return s, nil
}

func param(p spec.Param, input bool) (paramModel, error) {
	typ, ok := apexTypes[p.Type]
	if !ok {
		return paramModel{}, fmt.Errorf("invocable parameter %s: unknown type %q", p.Name, p.Type)
	}
	ann := "@InvocableVariable(label=" + ApexString(labelOf(p.Label, p.Name))
	if p.Description != "" {
		ann += " description=" + ApexString(p.Description)
	}
	if input && p.Required {
		ann += " required=true"
	}
	ann += ")"
	sample := apexSamples[typ]
	switch v := typedSample(p.Type, nil).(type) {
	case string:
		if typ == "String" {
			sample = ApexString(v) // an email address for Email, a URL for Url...
		}
	case int:
		sample = strconv.Itoa(v)
	}
	return paramModel{Name: p.Name, ApexType: typ, Annotation: ann, Sample: sample}, nil
}

// conditions translates a when list (joined by op) into an Apex boolean.
func (g *gen) conditions(cs []spec.Condition, root, op string, t *translator) (string, error) {
	parts := make([]string, 0, len(cs))
	for k, c := range cs {
		s, err := g.condition(c, root, t)
		if err != nil {
			return "", fmt.Errorf("[%d]: %w", k, err)
		}
		parts = append(parts, s)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return "(" + strings.Join(parts, " "+op+" ") + ")", nil
}

func (g *gen) condition(c spec.Condition, root string, t *translator) (string, error) {
	if c.IsGroup() {
		var parts []string
		if c.Any != nil {
			s, err := g.conditions(c.Any, root, "||", t)
			if err != nil {
				return "", fmt.Errorf("any%w", err)
			}
			parts = append(parts, s)
		}
		if c.All != nil {
			s, err := g.conditions(c.All, root, "&&", t)
			if err != nil {
				return "", fmt.Errorf("all%w", err)
			}
			parts = append(parts, s)
		}
		if len(parts) == 1 {
			return parts[0], nil
		}
		return "(" + strings.Join(parts, " && ") + ")", nil
	}
	// A parent's field is a path through the relationship: record, Account, Industry.
	var segs []string
	for _, seg := range strings.Split(c.Field, ".") {
		segs = append(segs, ApexString(seg))
	}
	actual := g.runtime + ".path(ctx, new List<String>{ " + ApexString(root) + ", " + strings.Join(segs, ", ") + " })"
	prior := g.runtime + ".path(ctx, new List<String>{ 'prior', " + strings.Join(segs, ", ") + " })"
	val := "null"
	if spec.OpTakesValue(c.Op) {
		v, err := t.value(c.Value)
		if err != nil {
			return "", fmt.Errorf("value: %w", err)
		}
		val = v
	}
	changed := g.runtime + ".changed(ctx, " + ApexString(c.Field) + ")"
	switch c.Op {
	case spec.OpChanged:
		return changed, nil
	case spec.OpChangedTo:
		return "(" + changed + " && " + g.runtime + ".test('equals', " + actual + ", " + val + "))", nil
	case spec.OpChangedFrom:
		return "(" + changed + " && " + g.runtime + ".test('equals', " + prior + ", " + val + "))", nil
	}
	if !slices.Contains(spec.Operators, c.Op) {
		return "", fmt.Errorf("unknown operator %q", c.Op)
	}
	return g.runtime + ".test(" + ApexString(c.Op) + ", " + actual + ", " + val + ")", nil
}

// callStepModel is what the callStep template prints: the body of the
// method that runs one call step for one work.
type callStepModel struct {
	Runtime       string
	ID            string // ApexString of the step id
	ForEach       string // Apex expression of the list the step runs for, or ""
	System        string // ApexString of the system (its Named Credential)
	Method        string // ApexString of the HTTP method
	Path          string // Apex expression of the path
	Query         string // Apex map literal
	Headers       string // Apex map literal
	ContentType   string // ApexString, or null without a body
	Body          string // Apex expression of the body, or null
	TimeoutMillis int
	Expect        string // Apex Set<Integer> of the accepted statuses (empty: any 2xx)
}

// dmlStepModel is what the dmlStep template prints: the body of the
// method that runs one create, update, upsert or publish step for all
// works of a segment, in one DML statement.
type dmlStepModel struct {
	Runtime                         string
	ID                              string // ApexString of the step id
	ForEach                         string // Apex expression of the list the step runs for, or ""
	Object                          string // the object, or the event a publish step publishes
	Create, Update, Upsert, Publish bool
	RecordID                        string // an update's Apex expression of the record id
	ExternalID                      string // an upsert's external id field
	Fields                          []fieldValue
}

// fieldValue is a field a DML step sets and the Apex expression it sets.
type fieldValue struct {
	Name  string // ApexString
	Value string
}

// stepLines renders a step body template into the lines of its method,
// without the ctx declaration when the body does not read ctx.
func stepLines(name string, data any) ([]string, error) {
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return dropUnusedCtx(strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")), nil
}

// step returns the Apex method that runs one step for one work (calls) or
// for all works of a segment (DML).
func (g *gen) step(j int, st spec.Step, m *flowModel, t *translator) (stepCode, error) {
	name := "step" + strconv.Itoa(j+1)
	var forEach string
	if st.ForEach != "" {
		e, err := spec.ParseExpr(st.ForEach)
		if err != nil {
			return stepCode{}, fmt.Errorf("forEach: %w", err)
		}
		fe, err := t.expr(e)
		if err != nil {
			return stepCode{}, fmt.Errorf("forEach: %w", err)
		}
		forEach = fe
	}
	id := ApexString(st.ID)
	R := g.runtime
	switch st.Type {
	case spec.StepCall:
		sys, ok := g.spec.System(st.System)
		if !ok {
			return stepCode{}, fmt.Errorf("system: unknown system %q", st.System)
		}
		path, err := t.pathTemplate(st.Path)
		if err != nil {
			return stepCode{}, fmt.Errorf("path: %w", err)
		}
		query, err := t.mapLit(st.Query)
		if err != nil {
			return stepCode{}, fmt.Errorf("query: %w", err)
		}
		for k := range st.Headers {
			if strings.EqualFold(k, "Authorization") {
				return stepCode{}, fmt.Errorf("headers.%s: authentication comes from the system's External Credential, not a header", k)
			}
		}
		headers, err := t.mapLit(st.Headers)
		if err != nil {
			return stepCode{}, fmt.Errorf("headers: %w", err)
		}
		contentType, body := "null", "null"
		if b, ok := st.CallBody(); ok {
			fields, err := t.mapLit(b.Fields)
			if err != nil {
				return stepCode{}, fmt.Errorf("body.fields: %w", err)
			}
			if b.Format == spec.BodyForm {
				contentType, body = "'application/x-www-form-urlencoded'", R+".formEncode("+fields+")"
			} else {
				contentType, body = "'application/json'", "JSON.serialize("+fields+")"
			}
		}
		timeout := st.Timeout()
		expect := make([]string, len(st.Expect))
		for k, c := range st.Expect {
			expect[k] = strconv.Itoa(c)
		}
		sort.Strings(expect)
		expectSet := "new Set<Integer>()"
		if len(expect) > 0 {
			expectSet = "new Set<Integer>{ " + strings.Join(expect, ", ") + " }"
		}
		comment := fmt.Sprintf("%s: %s %s %s", st.ID, st.Method, sys.Name, st.Path)
		if forEach != "" {
			// Resumable: results so far stay in ctx, so a work paused at the
			// callout limit (or retried after a failed item) goes on from the
			// next item in the next transaction.
			comment += " (for each item)"
		}
		lines, err := stepLines("callStep", callStepModel{Runtime: R, ID: id, ForEach: forEach, System: ApexString(sys.Name),
			Method: ApexString(st.Method), Path: path, Query: query, Headers: headers, ContentType: contentType, Body: body,
			TimeoutMillis: timeout * 1000, Expect: expectSet})
		if err != nil {
			return stepCode{}, err
		}
		return stepCode{ID: id, ForEach: forEach != "", TimeoutMillis: timeout * 1000, Method: name, Comment: safeComment(comment), Lines: lines}, nil
	case spec.StepCreate, spec.StepUpdate, spec.StepUpsert, spec.StepPublish:
		d := dmlStepModel{Runtime: R, ID: id, ForEach: forEach, Object: st.Object,
			Create: st.Type == spec.StepCreate, Update: st.Type == spec.StepUpdate, Upsert: st.Type == spec.StepUpsert, Publish: st.Type == spec.StepPublish}
		if d.Publish {
			d.Object = st.Event
		}
		if d.Object == "" {
			return stepCode{}, fmt.Errorf("object: required")
		}
		if d.Update {
			d.RecordID = "w.recordId"
			if st.Record != "" {
				e, err := t.template(st.Record)
				if err != nil {
					return stepCode{}, fmt.Errorf("record: %w", err)
				}
				d.RecordID = R + ".toId(" + e + ")"
			} else if !m.IsRecord && !m.IsCDC {
				return stepCode{}, fmt.Errorf("record: required when the trigger has no record")
			}
		}
		for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
			v, err := t.value(st.Fields[k])
			if err != nil {
				return stepCode{}, fmt.Errorf("fields.%s: %w", k, err)
			}
			d.Fields = append(d.Fields, fieldValue{Name: ApexString(k), Value: v})
		}
		if d.Upsert {
			if st.ExternalID == "" {
				return stepCode{}, fmt.Errorf("externalId: required")
			}
			d.ExternalID = st.ExternalID
		}
		lines, err := stepLines("dmlStep", d)
		if err != nil {
			return stepCode{}, err
		}
		return stepCode{ID: id, Method: name, Comment: safeComment(fmt.Sprintf("%s: %s %s", st.ID, st.Type, d.Object)), Lines: lines}, nil
	}
	return stepCode{}, fmt.Errorf("type: unknown step type %q", st.Type)
}

// updateChecks finds what a job test can check after the first segment ran
// against the mock: text fields of the trigger record that an update step of
// that segment sets to a literal or straight from a call's response (the mock
// answers a sample of the field's type, "1" for text). Only when every call
// of the segment accepts the mock's status.
func (g *gen) updateChecks(f spec.Flow, m *flowModel) []updateCheck {
	textTypes := map[string]bool{spec.FieldText: true, spec.FieldPhone: true, spec.FieldURL: true}
	fieldTypes := map[string]string{}
	for _, fl := range g.specFields(m.Object) {
		fieldTypes[fl.Name] = fl.Type
	}
	calls := map[string]bool{}
	var checks []updateCheck
	for _, st := range f.Steps {
		if st.Type == spec.StepCall {
			if len(checks) > 0 || (len(st.Expect) > 0 && !slices.Contains(st.Expect, m.MockStatus)) || (len(st.Expect) == 0 && (m.MockStatus < 200 || m.MockStatus > 299)) {
				// A callout after DML starts the next segment, which the test does not run;
				// a call that fails against the mock stops the work.
				if len(checks) == 0 {
					return nil
				}
				break
			}
			calls[st.ID] = true
			continue
		}
		if st.Type != spec.StepUpdate || st.Object != m.Object || st.Record != "" || st.ForEach != "" {
			continue
		}
		if !sampleSafe(st.Fields, fieldTypes) {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
			if !textTypes[fieldTypes[k]] {
				continue
			}
			switch v := st.Fields[k].(type) {
			case string:
				tpl, err := spec.ParseTemplate(v)
				if err != nil {
					continue
				}
				if !tpl.HasExpr() {
					checks = append(checks, updateCheck{Field: k, Want: ApexString(v)})
				} else if e, ok := tpl.Single(); ok {
					if p, ok := e.(*spec.Path); ok && calls[p.Root()] && len(p.Segments) > 1 {
						checks = append(checks, updateCheck{Field: k, Want: ApexString(fmt.Sprint(typedSample(fieldTypes[k], nil)))})
					}
				}
			}
		}
	}
	return checks
}

// sampleSafe reports whether an update can succeed with the mock's typed
// sample in every merge field: literals always, merge fields only into spec
// fields whose type the samples fit (not Lookup, which needs a real id, nor
// fields whose type the spec does not give).
func sampleSafe(fields map[string]any, fieldTypes map[string]string) bool {
	safe := map[string]bool{spec.FieldText: true, spec.FieldLongTextArea: true, spec.FieldPhone: true, spec.FieldURL: true,
		spec.FieldNumber: true, spec.FieldCurrency: true, spec.FieldPercent: true, spec.FieldCheckbox: true,
		spec.FieldDate: true, spec.FieldDateTime: true, spec.FieldEmail: true, spec.FieldPicklist: true}
	for k, v := range fields {
		if str, ok := v.(string); ok {
			tpl, err := spec.ParseTemplate(str)
			if err != nil || (tpl.HasExpr() && !safe[fieldTypes[k]]) {
				return false
			}
		}
	}
	return true
}

// dropUnusedCtx removes the ctx declaration from step code that does not
// read ctx.
func dropUnusedCtx(lines []string) []string {
	const decl = "Map<String, Object> ctx = w.ctx;"
	used := false
	for _, l := range lines {
		if !strings.HasSuffix(l, decl) && strings.Contains(l, "ctx") {
			used = true
		}
	}
	if used {
		return lines
	}
	out := lines[:0:0]
	for _, l := range lines {
		if !strings.HasSuffix(l, decl) {
			out = append(out, l)
		}
	}
	return out
}

// safeComment keeps spec text from ending an Apex comment or line.
func safeComment(s string) string {
	s = strings.NewReplacer("*/", "* /", "/*", "/ *", "\\", "/", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ").Replace(s)
	return strings.ToValidUTF8(s, "?")
}

// eventIDTestLine is the Apex statement a webhook test uses to give its
// request req an event id where the caller puts it (path is request.X...).
func eventIDTestLine(path string) string {
	segs := strings.Split(path, ".")
	const id = "'evt_test_0001'"
	switch {
	case len(segs) == 3 && segs[1] == "headers":
		return "req.headers.put(" + ApexString(segs[2]) + ", " + id + ");"
	case len(segs) == 3 && segs[1] == "query":
		return "req.addParameter(" + ApexString(segs[2]) + ", " + id + ");"
	}
	quoted := make([]string, 0, len(segs))
	for _, s := range segs[2:] {
		quoted = append(quoted, ApexString(s))
	}
	return "req.requestBody = Blob.valueOf(JSON.serialize(withPath((Map<String, Object>) JSON.deserializeUntyped(req.requestBody.toString()), new List<String>{ " + strings.Join(quoted, ", ") + " }, " + id + ")));"
}
