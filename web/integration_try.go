package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/dryrun"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

// maxTrySample bounds each sample a person pastes into the dry run.
const maxTrySample = 256 << 10

// trySample is one editable JSON sample of the dry-run form.
type trySample struct {
	field, label, help string
	applies            func(spec.Trigger) bool
	get                func(in dryrun.Input) any
	set                func(in *dryrun.Input, data []byte) error
}

func isRecordTrigger(t spec.Trigger) bool {
	return t.Type == spec.TriggerRecordChange || t.Type == spec.TriggerChangeEvent
}

// trySamples are the samples the form offers, per trigger type.
var trySamples = []trySample{
	{"record", "Sample record", "The record that starts the flow, as JSON. Related records are nested objects: {\"Account\": {\"Industry\": \"Retail\"}}.",
		isRecordTrigger,
		func(in dryrun.Input) any { return in.Record },
		func(in *dryrun.Input, b []byte) error { return json.Unmarshal(b, &in.Record) }},
	{"prior", "The record before the change", "Its values before the update; leave {} empty to try a newly created record.",
		func(t spec.Trigger) bool { return isRecordTrigger(t) && slices.Contains(t.On, spec.OnUpdate) },
		func(in dryrun.Input) any { return in.Prior },
		func(in *dryrun.Input, b []byte) error { return json.Unmarshal(b, &in.Prior) }},
	{"event", "Sample event", "The platform event's fields, as JSON.",
		func(t spec.Trigger) bool { return t.Type == spec.TriggerPlatformEvent },
		func(in dryrun.Input) any { return in.Event },
		func(in *dryrun.Input, b []byte) error { return json.Unmarshal(b, &in.Event) }},
	{"request", "Inbound call", "What the caller sends: {\"body\": {...}, \"headers\": {...}, \"query\": {...}}.",
		func(t spec.Trigger) bool { return t.Type == spec.TriggerWebhook },
		func(in dryrun.Input) any { return in.Request },
		func(in *dryrun.Input, b []byte) error { return json.Unmarshal(b, &in.Request) }},
	{"input", "Values from Flow Builder", "The action's inputs, by name, as JSON.",
		func(t spec.Trigger) bool { return t.Type == spec.TriggerInvocable },
		func(in dryrun.Input) any { return in.Input },
		func(in *dryrun.Input, b []byte) error { return json.Unmarshal(b, &in.Input) }},
}

// integrationTry shows the dry-run form for a version (GET, prefilled with
// a sample) and runs it (POST, keeping what was typed).
func (s *Server) integrationTry(c echo.Context) error {
	in, sv, err := s.versionParam(c)
	if err != nil {
		return err
	}
	sp, err := spec.Load([]byte(sv.Text))
	if err != nil {
		return badRequest("This version has problems, so it cannot be tried. Open it in the editor to see and fix them.")
	}
	d := view.TryData{IntegrationID: in.ID, IntegrationName: in.Name, Version: sv.Version}
	flowName := c.FormValue("flow")
	flow, ok := findFlow(sp, flowName)
	if !ok {
		return badRequest(fmt.Sprintf("This version has no flow named %q.", flowName))
	}
	for _, f := range sp.Flows {
		d.Flows = append(d.Flows, view.TryFlow{Name: f.Name, Trigger: dryrun.DescribeTrigger(f.Trigger), Selected: f.Name == flow.Name})
	}
	sample, err := dryrun.Sample(sp, flow.Name)
	if err != nil {
		return err
	}
	var input dryrun.Input
	posted := c.Request().Method == http.MethodPost
	if posted {
		input, d.Error = readTryForm(c, flow, &d)
	} else {
		input = sample
		fillTryForm(&d, flow, sample)
	}
	if isRecordTrigger(flow.Trigger) {
		if d.FetchOrgs, err = s.tryOrgs(c); err != nil {
			return err
		}
		d.FetchObject = flow.Trigger.Object
	}
	if posted && c.FormValue("fetch") != "" {
		// Fill the sample record from an org instead of running.
		d.FetchID = strings.TrimSpace(c.FormValue("fetch_id"))
		d.Error = s.fetchTryRecord(c, flow, &d)
		return s.ok(c, view.Try(s.chrome(c, "Dry run"), d))
	}
	if posted && d.Error == "" {
		tr, err := dryrun.Run(sp, input, time.Now())
		if err != nil {
			d.Error = "The dry run stopped: " + err.Error()
		} else {
			d.Result = tryResult(tr)
		}
	}
	return s.ok(c, view.Try(s.chrome(c, "Dry run"), d))
}

func findFlow(sp *spec.Spec, name string) (spec.Flow, bool) {
	for _, f := range sp.Flows {
		if name == "" || f.Name == name {
			return f, true
		}
	}
	return spec.Flow{}, false
}

func indentJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

// fillTryForm puts a sample into the form's boxes.
func fillTryForm(d *view.TryData, flow spec.Flow, in dryrun.Input) {
	for _, t := range trySamples {
		if t.applies(flow.Trigger) {
			d.Samples = append(d.Samples, view.TryField{Name: t.field, Label: t.label, Help: t.help, Value: indentJSON(t.get(in))})
		}
	}
	for _, st := range flow.Steps {
		if st.Type != spec.StepCall {
			continue
		}
		r := in.Responses[st.ID]
		v := map[string]any{"status": r.Status}
		if len(r.Body) > 0 {
			v["body"] = json.RawMessage(r.Body)
		}
		d.Responses = append(d.Responses, tryResponseField(st, indentJSON(v)))
	}
}

func tryResponseField(st spec.Step, value string) view.TryField {
	return view.TryField{Name: "response." + st.ID, Label: "Answer to " + st.ID + " (" + st.Method + " " + st.System + " " + st.Path + ")",
		Help: "The status and JSON body you expect back, e.g. {\"status\": 200, \"body\": {\"id\": \"in_1\"}}.", Value: value}
}

// readTryForm reads the posted samples back into the form (as typed) and
// into an input; the message names the box that is not JSON.
func readTryForm(c echo.Context, flow spec.Flow, d *view.TryData) (dryrun.Input, string) {
	in := dryrun.Input{Flow: flow.Name, Responses: map[string]dryrun.Response{}}
	var problems []string
	read := func(label, field, text string, set func([]byte) error) {
		if len(text) > maxTrySample {
			problems = append(problems, fmt.Sprintf("%s is larger than %d KiB.", label, maxTrySample>>10))
			return
		}
		t := strings.TrimSpace(text)
		if t == "" {
			return
		}
		if err := set([]byte(t)); err != nil {
			problems = append(problems, fmt.Sprintf("%s is not JSON of the right shape: %s", label, jsonProblem(err)))
		}
	}
	for _, t := range trySamples {
		if !t.applies(flow.Trigger) {
			continue
		}
		v := c.FormValue(t.field)
		d.Samples = append(d.Samples, view.TryField{Name: t.field, Label: t.label, Help: t.help, Value: v})
		read(t.label, t.field, v, func(b []byte) error { return t.set(&in, b) })
	}
	for _, st := range flow.Steps {
		if st.Type != spec.StepCall {
			continue
		}
		f := tryResponseField(st, c.FormValue("response."+st.ID))
		d.Responses = append(d.Responses, f)
		read(f.Label, f.Name, f.Value, func(b []byte) error {
			var r dryrun.Response
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&r); err != nil {
				return err
			}
			in.Responses[st.ID] = r
			return nil
		})
	}
	return in, strings.Join(problems, " ")
}

// jsonProblem says where a JSON sample went wrong.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at character %d)", se, se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s should be %s, not %s", cmpOrJSON(te.Field), te.Type, te.Value)
	}
	return err.Error()
}

func cmpOrJSON(field string) string {
	if field == "" {
		return "the whole value"
	}
	return field
}

// tryResult turns a trace into what the page shows.
func tryResult(tr *dryrun.Trace) *view.TryResult {
	text := func(v any) string {
		if s, ok := dryrun.Text(v); ok {
			return s
		}
		return "nothing"
	}
	out := &view.TryResult{Trigger: tr.Trigger, Runs: tr.Runs, Outcome: tr.Outcome, Notes: tr.Notes}
	for _, c := range tr.Conditions {
		out.Conditions = append(out.Conditions, view.TryCondition{Text: c.Text, Actual: text(c.Actual), Holds: c.Holds})
	}
	for _, st := range tr.Steps {
		v := view.TryStep{Title: st.ID, Skipped: st.Skipped, Failed: st.Failed}
		if st.Item != nil {
			v.Title = fmt.Sprintf("%s (item %d)", st.ID, *st.Item)
		}
		switch {
		case st.Call != nil:
			v.IsCall = true
			v.Title += ": " + st.Call.Method + " " + st.Call.URL
			for _, h := range st.Call.Headers {
				v.Headers = append(v.Headers, view.TryHeader{Name: h.Name, Value: h.Value, Masked: h.Masked})
			}
			v.Body = st.Call.Body
			if b, err := json.MarshalIndent(st.Call.Response, "", "  "); err == nil {
				v.Answer = fmt.Sprintf("%d %s", st.Call.Status, b)
			}
		case st.Record != nil || st.Publish != nil:
			ch := st.Record
			if ch == nil {
				ch = st.Publish
			}
			v.IsChange = true
			v.Title += ": " + ch.Operation + " " + ch.Object
			if ch.ID != "" {
				v.Title += " " + ch.ID
			}
			if ch.MatchOn != "" {
				v.Title += ", matching on " + ch.MatchOn
			}
			for _, f := range ch.Fields {
				v.Fields = append(v.Fields, view.TryAssignment{Field: f.Field, Value: text(f.Value)})
			}
		case st.Reply != nil:
			v.Title += fmt.Sprintf(": reply %d", st.Reply.Status)
			if b, err := json.MarshalIndent(st.Reply.Body, "", "  "); err == nil {
				v.Reply = string(b)
			}
		}
		out.Steps = append(out.Steps, v)
	}
	return out
}

// tryOrgs are the connected orgs a sample record may be read from.
func (s *Server) tryOrgs(c echo.Context) ([]view.TryOrg, error) {
	orgs, err := s.store.Orgs(c.Request().Context())
	if err != nil {
		return nil, err
	}
	out := make([]view.TryOrg, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, view.TryOrg{ID: o.ID, Alias: o.Alias})
	}
	return out, nil
}

// fetchTryRecord reads the record d.FetchID of the flow's object from the
// chosen org into the sample box, and says what it could not do.
func (s *Server) fetchTryRecord(c echo.Context, flow spec.Flow, d *view.TryData) string {
	if !isRecordTrigger(flow.Trigger) {
		return "Only flows started by a record can read their sample from an org."
	}
	orgID, err := strconv.ParseInt(c.FormValue("fetch_org"), 10, 64)
	if err != nil {
		return "Choose the org to read the record from."
	}
	ctx := c.Request().Context()
	o, err := s.store.Org(ctx, orgID)
	if err != nil {
		return "That org is not connected."
	}
	d.FetchOrg = o.ID
	cl, err := s.orgClient(ctx, o)
	if err != nil {
		return "patchbay could not connect to " + o.Alias + ": reconnect it on the Orgs page."
	}
	rec, err := cl.Record(ctx, flow.Trigger.Object, d.FetchID, nil)
	if err != nil {
		return fmt.Sprintf("Could not read %s %s from %s: %s", flow.Trigger.Object, d.FetchID, o.Alias, recordReadProblem(err))
	}
	for i := range d.Samples {
		if d.Samples[i].Name == "record" {
			d.Samples[i].Value = indentJSON(rec)
		}
	}
	d.Fetched = fmt.Sprintf("Read %s %s from %s. Related records (Account.Name and the like) are not included: add them as nested objects if the flow reads them.", flow.Trigger.Object, d.FetchID, o.Alias)
	s.audit(c, "try.fetch", fmt.Sprintf("org:%d", o.ID), flow.Trigger.Object+" "+d.FetchID)
	return ""
}

// recordReadProblem says in plain words why a record could not be read.
func recordReadProblem(err error) string {
	switch {
	case errors.Is(err, salesforce.ErrNotFound):
		return "there is no such record, or the connected user cannot see it."
	case errors.Is(err, salesforce.ErrReconnectRequired), errors.Is(err, salesforce.ErrAuthExpired):
		return "the org's connection has expired: reconnect it on the Orgs page."
	case errors.Is(err, salesforce.ErrLimitExceeded):
		return "the org's API request limit is reached; try again later."
	case errors.Is(err, salesforce.ErrInvalidRequest):
		var apiErr *salesforce.APIError
		if errors.As(err, &apiErr) && apiErr.Message != "" {
			return salesforce.ScrubText(apiErr.Message)
		}
		return "Salesforce refused the request."
	}
	if strings.Contains(err.Error(), "is not a record id") {
		return "that is not a record id (15 or 18 letters and digits)."
	}
	return "Salesforce did not answer; try again."
}
