// Package dryrun runs a spec's flow on a sample record and canned responses
// without Salesforce, and tells what the generated Apex would do: which
// conditions held, each callout's method, URL, headers (credentials masked)
// and body, the records it would create or update with their values, the
// events it would publish, and the reply. Expressions, functions and
// operators have the semantics of the generated runtime class, function by
// function (eval.go), so what the dry run shows is what the org would do.
package dryrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/spec"
)

// Input is what a dry run starts from. Record, Prior, Event, Request and
// Input are JSON objects as a person types them (a record's related
// records as nested objects: {"Account": {"Industry": "Retail"}}).
type Input struct {
	// Flow names the flow to run; empty runs the spec's first flow.
	Flow string `json:"flow,omitempty"`
	// Record is the triggering record (recordChange, changeEvent).
	Record map[string]any `json:"record,omitempty"`
	// Prior is the record before an update; nil for a create.
	Prior map[string]any `json:"prior,omitempty"`
	// Event is the platform event's fields (platformEvent).
	Event map[string]any `json:"event,omitempty"`
	// Request is an inbound call (webhook): body, headers, query.
	Request *Request `json:"request,omitempty"`
	// Input is the values Flow Builder passes (invocable).
	Input map[string]any `json:"input,omitempty"`
	// LastRun is when a scheduled job last succeeded (schedule).
	LastRun string `json:"lastRun,omitempty"`
	// Responses are the canned answers of the flow's calls, by step id.
	Responses map[string]Response `json:"responses,omitempty"`
}

// Request is an inbound webhook call.
type Request struct {
	Body    json.RawMessage   `json:"body,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	Query   map[string]string `json:"query,omitempty"`
}

// Response is a canned answer to a call: its status (default 200) and body.
// For a call made once per element of a list, Items answers each element in
// turn (the last one repeats).
type Response struct {
	Status int             `json:"status,omitempty"`
	Body   json.RawMessage `json:"body,omitempty"`
	Items  []Response      `json:"items,omitempty"`
}

// Trace is what a dry run found.
type Trace struct {
	Flow       string      `json:"flow"`
	Trigger    string      `json:"trigger"`
	Conditions []Condition `json:"conditions,omitempty"`
	// Runs is false when the conditions did not hold: nothing is enqueued.
	Runs  bool         `json:"runs"`
	Steps []StepResult `json:"steps,omitempty"`
	// Outcome says in plain words how the run ended.
	Outcome string `json:"outcome"`
	// Notes say what the dry run left out or could not show.
	Notes []string `json:"notes,omitempty"`
}

// Condition is one condition's verdict.
type Condition struct {
	Path   string `json:"path"`
	Text   string `json:"text"`
	Actual any    `json:"actual"`
	Holds  bool   `json:"holds"`
}

// StepResult is what one step did (or would do) for one element.
type StepResult struct {
	ID      string        `json:"id"`
	Type    string        `json:"type"`
	Item    *int          `json:"item,omitempty"`
	Call    *Callout      `json:"call,omitempty"`
	Record  *RecordChange `json:"record,omitempty"`
	Publish *RecordChange `json:"publish,omitempty"`
	Reply   *Reply        `json:"reply,omitempty"`
	Skipped string        `json:"skipped,omitempty"`
	Failed  string        `json:"failed,omitempty"`
}

// Callout is one HTTP request the flow would send, and its canned answer.
type Callout struct {
	Method   string   `json:"method"`
	URL      string   `json:"url"`
	Headers  []Header `json:"headers"`
	Body     string   `json:"body,omitempty"`
	Status   int      `json:"status"`
	Response any      `json:"response,omitempty"`
}

// Header is one request header; Masked headers are added by Salesforce from
// the system's External Credential and never shown.
type Header struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Masked bool   `json:"masked,omitempty"`
}

// RecordChange is a record the flow would insert, update or upsert, or an
// event it would publish, with its field values.
type RecordChange struct {
	Operation string            `json:"operation"`
	Object    string            `json:"object"`
	ID        string            `json:"id,omitempty"`
	MatchOn   string            `json:"matchOn,omitempty"`
	Fields    []FieldAssignment `json:"fields"`
}

// FieldAssignment is one field and the value it would get.
type FieldAssignment struct {
	Field string `json:"field"`
	Value any    `json:"value"`
}

// Reply is what a webhook's caller would receive.
type Reply struct {
	Status int `json:"status"`
	Body   any `json:"body,omitempty"`
}

// Limits bound a dry run, so a sample with a huge list cannot make it
// large: at most MaxItems elements per forEach and MaxSteps step results.
const (
	MaxItems = 200
	MaxSteps = 2000
)

// ErrUnknownFlow is returned when Input.Flow names no flow of the spec.
var ErrUnknownFlow = errors.New("no such flow")

type run struct {
	spec *spec.Spec
	flow spec.Flow
	in   Input
	now  time.Time
	ctx  map[string]any
	out  *Trace
}

// Run runs one flow of s on in, at the time now (for now() and today()).
// s must have passed spec.Validate.
func Run(s *spec.Spec, in Input, now time.Time) (*Trace, error) {
	r := &run{spec: s, in: in, now: now, ctx: map[string]any{}}
	found := false
	for _, f := range s.Flows {
		if in.Flow == "" || f.Name == in.Flow {
			r.flow, found = f, true
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("%w %q in spec %s", ErrUnknownFlow, in.Flow, s.Name)
	}
	r.out = &Trace{Flow: r.flow.Name, Trigger: DescribeTrigger(r.flow.Trigger)}
	if err := r.setContext(); err != nil {
		return nil, err
	}
	r.out.Runs = true
	parent := false
	for i, c := range r.flow.Trigger.When {
		holds := r.condition(c, fmt.Sprintf("trigger.when[%d]", i))
		r.out.Runs = r.out.Runs && holds
		parent = parent || c.UsesRelationship()
	}
	if parent {
		r.out.Notes = append(r.out.Notes, "Conditions on parent fields (like Account.Industry) are checked by the job after it loads the record with them, not in the trigger: a record whose parent fails them is enqueued, then ends without a call.")
	}
	if !r.out.Runs {
		r.out.Outcome = "The conditions do not hold for this record: the flow would not run."
		return r.out, nil
	}
	if err := r.steps(); err != nil {
		return nil, err
	}
	return r.out, nil
}

func (r *run) setContext() error {
	tr := r.flow.Trigger
	switch tr.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		r.ctx["record"] = recordFromJSON(r.in.Record)
		if r.in.Prior != nil {
			r.ctx["prior"] = recordFromJSON(r.in.Prior)
		}
	case spec.TriggerPlatformEvent:
		r.ctx["event"] = recordFromJSON(r.in.Event)
	case spec.TriggerWebhook:
		req := map[string]any{"headers": map[string]any{}, "query": map[string]any{}}
		if r.in.Request != nil {
			if len(r.in.Request.Body) > 0 {
				body, err := ParseJSON(r.in.Request.Body)
				if err != nil {
					return fmt.Errorf("request.body: %w", err)
				}
				req["body"] = body
			}
			for k, v := range r.in.Request.Headers {
				req["headers"].(map[string]any)[k] = v
			}
			for k, v := range r.in.Request.Query {
				req["query"].(map[string]any)[k] = v
			}
		}
		r.ctx["request"] = req
	case spec.TriggerInvocable:
		in := map[string]any{}
		for k, v := range r.in.Input {
			in[k] = fromJSON(v)
		}
		r.ctx["input"] = in
	case spec.TriggerSchedule:
		if r.in.LastRun != "" {
			dt, ok := ToDatetime(r.in.LastRun)
			if !ok {
				return fmt.Errorf("lastRun: %q is not an ISO 8601 date-time", r.in.LastRun)
			}
			r.ctx["lastRun"] = dt
		}
	}
	return nil
}

// condition evaluates one condition (or group) and records each verdict.
func (r *run) condition(c spec.Condition, at string) bool {
	if c.IsGroup() {
		holds := true
		if c.Any != nil {
			anyHolds := false
			for i, sub := range c.Any {
				anyHolds = r.condition(sub, fmt.Sprintf("%s.any[%d]", at, i)) || anyHolds
			}
			holds = anyHolds
		}
		if c.All != nil {
			for i, sub := range c.All {
				holds = r.condition(sub, fmt.Sprintf("%s.all[%d]", at, i)) && holds
			}
		}
		return holds
	}
	root := "record"
	if r.flow.Trigger.Type == spec.TriggerPlatformEvent {
		root = "event"
	}
	segs := append([]string{root}, strings.Split(c.Field, ".")...)
	actual := path(r.ctx, segs)
	prior := path(r.ctx, append([]string{"prior"}, segs[1:]...))
	expected, _ := r.value(c.Value, r.ctx)
	var holds bool
	switch c.Op {
	case spec.OpChanged, spec.OpChangedTo, spec.OpChangedFrom:
		_, hasPrior := r.ctx["prior"]
		changed := hasPrior && !same(actual, prior)
		switch c.Op {
		case spec.OpChanged:
			holds = changed
		case spec.OpChangedTo:
			holds = changed && Test(spec.OpEquals, actual, expected)
		default:
			holds = changed && Test(spec.OpEquals, prior, expected)
		}
	default:
		holds = Test(c.Op, actual, expected)
	}
	text := c.Field + " " + c.Op
	if spec.OpTakesValue(c.Op) {
		s, _ := Text(expected)
		if list, ok := expected.([]any); ok {
			var parts []string
			for _, e := range list {
				t, _ := Text(e)
				parts = append(parts, t)
			}
			s = strings.Join(parts, ", ")
		}
		text += " " + s
	}
	r.out.Conditions = append(r.out.Conditions, Condition{Path: at, Text: text, Actual: actual, Holds: holds})
	return holds
}

func (r *run) add(sr StepResult) error {
	if len(r.out.Steps) >= MaxSteps {
		return fmt.Errorf("the dry run stopped after %d step results", MaxSteps)
	}
	r.out.Steps = append(r.out.Steps, sr)
	return nil
}

// steps runs the flow's steps in order; after a failed call the later
// steps do not run, as in the generated job.
func (r *run) steps() error {
	failed := ""
	var reply *Reply
	for _, st := range r.flow.Steps {
		if failed != "" {
			if err := r.add(StepResult{ID: st.ID, Type: st.Type, Skipped: "not run: " + failed}); err != nil {
				return err
			}
			continue
		}
		items := []any{nil}
		forEach := st.ForEach != ""
		if forEach {
			v, err := r.value(st.ForEach, r.ctx)
			if err != nil {
				return fmt.Errorf("%s: forEach: %w", st.ID, err)
			}
			items = toList(v)
			if len(items) == 0 {
				if err := r.add(StepResult{ID: st.ID, Type: st.Type, Skipped: "the list " + st.ForEach + " is empty"}); err != nil {
					return err
				}
				continue
			}
			if len(items) > MaxItems {
				r.out.Notes = append(r.out.Notes, fmt.Sprintf("%s has %d elements: the dry run shows step %s for the first %d.", st.ForEach, len(items), st.ID, MaxItems))
				items = items[:MaxItems]
			}
		}
		var results []any
		for i, item := range items {
			if forEach {
				r.ctx["item"] = item
			}
			sr, result, err := r.step(st, i)
			if err != nil {
				return fmt.Errorf("%s: %w", st.ID, err)
			}
			if forEach {
				n := i
				sr.Item = &n
			}
			if err := r.add(sr); err != nil {
				return err
			}
			if sr.Failed != "" {
				failed = fmt.Sprintf("step %s failed", st.ID)
				break
			}
			if sr.Reply != nil {
				reply = sr.Reply
			}
			results = append(results, result)
		}
		delete(r.ctx, "item")
		if forEach {
			r.ctx[st.ID] = results
		} else if len(results) == 1 && results[0] != nil {
			r.ctx[st.ID] = results[0]
		}
	}
	switch {
	case failed != "":
		r.out.Outcome = "The run would fail: " + failed + "."
		if rt := r.flow.OnError; rt != nil && rt.Retry != nil && rt.Retry.Attempts > 0 {
			r.out.Outcome += fmt.Sprintf(" It would be retried up to %d times (%s backoff), then logged as a failure.", rt.Retry.Attempts, cmpOr(rt.Retry.Backoff, spec.BackoffFixed))
		} else if r.flow.Logs() {
			r.out.Outcome += " It would be logged as a failure in Integration_Log__c."
		}
	case reply != nil:
		r.out.Outcome = fmt.Sprintf("The run would succeed and answer the caller with %d.", reply.Status)
	default:
		r.out.Outcome = "The run would succeed."
	}
	return nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// step runs one step for one element and returns its result as later
// steps see it.
func (r *run) step(st spec.Step, item int) (StepResult, any, error) {
	sr := StepResult{ID: st.ID, Type: st.Type}
	switch st.Type {
	case spec.StepCall:
		c, result, failed, err := r.callout(st, item)
		sr.Call, sr.Failed = c, failed
		return sr, result, err
	case spec.StepCreate, spec.StepUpdate, spec.StepUpsert, spec.StepPublish:
		ch := &RecordChange{Operation: map[string]string{spec.StepCreate: "insert", spec.StepUpdate: "update", spec.StepUpsert: "upsert", spec.StepPublish: "publish"}[st.Type], Object: st.Object}
		if st.Type == spec.StepPublish {
			ch.Object = st.Event
		}
		for _, k := range slices.Sorted(maps.Keys(st.Fields)) {
			v, err := r.value(st.Fields[k], r.ctx)
			if err != nil {
				return sr, nil, fmt.Errorf("fields.%s: %w", k, err)
			}
			ch.Fields = append(ch.Fields, FieldAssignment{Field: k, Value: v})
		}
		var result any
		switch st.Type {
		case spec.StepUpdate:
			if st.Record != "" {
				v, err := r.value(st.Record, r.ctx)
				if err != nil {
					return sr, nil, fmt.Errorf("record: %w", err)
				}
				ch.ID, _ = Text(v)
			} else {
				ch.ID, _ = Text(path(r.ctx, []string{"record", "Id"}))
			}
			if ch.ID == "" {
				sr.Failed = "the record to update has no Id"
			}
		case spec.StepUpsert:
			ch.MatchOn = st.ExternalID
			result = map[string]any{"Id": "(the Id Salesforce gives the record)"}
		case spec.StepCreate:
			result = map[string]any{"Id": "(the Id Salesforce gives the record)"}
		}
		if st.Type == spec.StepPublish {
			sr.Publish = ch
		} else {
			sr.Record = ch
		}
		return sr, result, nil
	case spec.StepReply:
		status := st.Status
		if status == 0 {
			status = 200
		}
		body, err := r.value(st.Body, r.ctx)
		if err != nil {
			return sr, nil, fmt.Errorf("body: %w", err)
		}
		sr.Reply = &Reply{Status: status, Body: body}
		return sr, nil, nil
	}
	return sr, nil, fmt.Errorf("unknown step type %q", st.Type)
}

// callout builds the request the runtime's send would make and answers it
// from the canned responses.
func (r *run) callout(st spec.Step, item int) (*Callout, any, string, error) {
	sys, ok := r.spec.System(st.System)
	if !ok {
		return nil, nil, "", fmt.Errorf("unknown system %q", st.System)
	}
	p, err := spec.ParseTemplate(st.Path)
	if err != nil {
		return nil, nil, "", fmt.Errorf("path: %w", err)
	}
	var u strings.Builder
	u.WriteString(strings.TrimSuffix(sys.URL, "/"))
	for _, part := range p.Parts {
		if part.Expr == nil {
			u.WriteString(part.Text)
			continue
		}
		v, err := r.expr(part.Expr, r.ctx)
		if err != nil {
			return nil, nil, "", fmt.Errorf("path: %w", err)
		}
		s, _ := Text(v)
		u.WriteString(strings.ReplaceAll(javaURLEncode(s), "+", "%20"))
	}
	query, err := r.value(mapOrEmpty(st.Query), r.ctx)
	if err != nil {
		return nil, nil, "", fmt.Errorf("query: %w", err)
	}
	if q := formEncode(query.(map[string]any)); q != "" {
		u.WriteString("?" + q)
	}
	c := &Callout{Method: st.Method, URL: u.String()}
	c.Headers = append(c.Headers, Header{Name: "Accept", Value: "application/json"})
	c.Headers = append(c.Headers, credentialHeaders(sys)...)
	headers, err := r.value(mapOrEmpty(st.Headers), r.ctx)
	if err != nil {
		return nil, nil, "", fmt.Errorf("headers: %w", err)
	}
	hm := headers.(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(hm)) {
		if hm[k] == nil {
			continue
		}
		s, _ := Text(hm[k])
		c.Headers = append(c.Headers, Header{Name: k, Value: strings.NewReplacer("\r", " ", "\n", " ").Replace(s)})
	}
	if b, ok := st.CallBody(); ok {
		fields, err := r.value(mapOrEmpty(b.Fields), r.ctx)
		if err != nil {
			return nil, nil, "", fmt.Errorf("body: %w", err)
		}
		if b.Format == spec.BodyForm {
			c.Headers = append(c.Headers, Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
			c.Body = formEncode(fields.(map[string]any))
		} else {
			c.Headers = append(c.Headers, Header{Name: "Content-Type", Value: "application/json"})
			raw, err := json.Marshal(fields)
			if err != nil {
				return nil, nil, "", fmt.Errorf("body: %w", err)
			}
			c.Body = string(raw)
		}
	}
	resp := r.in.Responses[st.ID]
	if len(resp.Items) > 0 {
		resp = resp.Items[min(item, len(resp.Items)-1)]
	}
	c.Status = resp.Status
	if c.Status == 0 {
		c.Status = 200
	}
	var result any
	if len(resp.Body) > 0 {
		if v, err := ParseJSON(resp.Body); err == nil {
			result = v
		} else {
			var s string
			if json.Unmarshal(resp.Body, &s) == nil {
				result = s
			} else {
				result = string(resp.Body)
			}
		}
	}
	c.Response = result
	ok = c.Status >= 200 && c.Status < 300
	if len(st.Expect) > 0 {
		ok = slices.Contains(st.Expect, c.Status)
	}
	if !ok {
		return c, nil, fmt.Sprintf("%s answered %d, which the step does not expect", sys.Name, c.Status), nil
	}
	return c, result, "", nil
}

func mapOrEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// credentialHeaders are the headers Salesforce adds from the system's
// External Credential: shown by name, their values masked.
func credentialHeaders(sys spec.System) []Header {
	const masked = "•••• (from the " + "External Credential)"
	switch sys.Auth.Type {
	case spec.AuthAPIKey:
		h := sys.Auth.Header
		if h == "" {
			h = spec.DefaultAPIKeyHeader
		}
		return []Header{{Name: h, Value: masked, Masked: true}}
	case spec.AuthBearer, spec.AuthOAuth2ClientCredentials, spec.AuthOAuth2JWTBearer:
		return []Header{{Name: "Authorization", Value: "Bearer " + masked, Masked: true}}
	case spec.AuthBasic:
		return []Header{{Name: "Authorization", Value: "Basic " + masked, Masked: true}}
	}
	return nil
}

// formEncode is the runtime's formEncode: name=value pairs, URL-encoded as
// Java's URLEncoder does, nulls left out, in the map's (sorted) key order.
func formEncode(m map[string]any) string {
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] == nil {
			continue
		}
		s, _ := Text(m[k])
		pairs = append(pairs, javaURLEncode(k)+"="+javaURLEncode(s))
	}
	return strings.Join(pairs, "&")
}

// javaURLEncode is EncodingUtil.urlEncode(s, 'UTF-8') (Java's URLEncoder):
// letters, digits and . - * _ stay, a space becomes +, every other byte
// of the UTF-8 text becomes %XX.
func javaURLEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}

// DescribeTrigger says in words what starts a flow ("an Opportunity record is updated").
func DescribeTrigger(t spec.Trigger) string {
	switch t.Type {
	case spec.TriggerRecordChange:
		return fmt.Sprintf("%s %s record is %s", article(t.Object), t.Object, strings.Join(pastTense(t.On), " or "))
	case spec.TriggerChangeEvent:
		return fmt.Sprintf("a change event for %s (%s)", t.Object, strings.Join(pastTense(t.On), " or "))
	case spec.TriggerPlatformEvent:
		return article(t.Event) + " " + t.Event + " event is published"
	case spec.TriggerSchedule:
		return "the schedule " + t.Cron + " fires"
	case spec.TriggerWebhook:
		return "a call to " + t.Path + " arrives"
	case spec.TriggerInvocable:
		return "a flow calls the action " + strconv.Quote(t.Label)
	}
	return t.Type
}

func pastTense(on []string) []string {
	out := make([]string, len(on))
	for i, e := range on {
		out[i] = map[string]string{spec.OnCreate: "created", spec.OnUpdate: "updated", spec.OnDelete: "deleted", spec.OnUndelete: "undeleted"}[e]
	}
	return out
}

// article is "an" before a vowel, "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
