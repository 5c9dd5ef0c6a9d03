package generator

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// flowInput is what a trigger kind's builder reads: the flow, its place in
// the spec (for error paths), the base of its class names and the
// translator of its expressions.
type flowInput struct {
	i    int
	f    spec.Flow
	base string
	t    *translator
}

// triggerKind is what one kind of trigger adds to a flow's model: the
// class that runs the steps, and the trigger's own names, flags and code.
type triggerKind struct {
	class string // suffix of the class running the steps; "Job" runs them in a chained Queueable
	main  string // template of that class
	test  string // template of its test
	build func(g *gen, in flowInput, m *flowModel) error
	// finish, when set, runs once the steps are built.
	finish func(g *gen, in flowInput, m *flowModel, s flowSteps) error
}

// triggerKinds is one row per trigger type of the spec.
var triggerKinds = map[string]triggerKind{
	spec.TriggerRecordChange:  {class: "Job", main: "job.cls.tmpl", test: "job_test.cls.tmpl", build: (*gen).recordFlow, finish: (*gen).recordJobFinish},
	spec.TriggerChangeEvent:   {class: "Job", main: "job.cls.tmpl", test: "job_test.cls.tmpl", build: (*gen).changeEventFlow, finish: (*gen).changeEventFinish},
	spec.TriggerPlatformEvent: {class: "Job", main: "job.cls.tmpl", test: "job_test.cls.tmpl", build: (*gen).platformEventFlow},
	spec.TriggerSchedule:      {class: "Job", main: "job.cls.tmpl", test: "job_test.cls.tmpl", build: (*gen).scheduleFlow},
	spec.TriggerWebhook: {class: "Webhook", main: "webhook.cls.tmpl", test: "webhook_test.cls.tmpl",
		build: (*gen).webhookFlow, finish: (*gen).webhookFinish},
	spec.TriggerInvocable: {class: "Action", main: "action.cls.tmpl", test: "action_test.cls.tmpl",
		build: (*gen).invocableFlow, finish: (*gen).invocableFinish},
}

// triggerEvents are the Apex trigger events of the spec's on values.
var triggerEvents = map[string]string{"create": "after insert", "update": "after update", "delete": "after delete", "undelete": "after undelete"}

// withTrigger names the Apex trigger of a flow and its test.
func withTrigger(m *flowModel, base string) {
	m.Trigger = base + "Trigger"
	m.TriggerTest = m.Trigger + "Test"
}

// recordFlow: an Apex trigger on the object enqueues the job.
func (g *gen) recordFlow(in flowInput, m *flowModel) error {
	tr := in.f.Trigger
	m.IsRecord = true
	m.Object = tr.Object
	withTrigger(m, in.base)
	var evs []string
	for _, on := range spec.OnEvents {
		if slices.Contains(tr.On, on) {
			evs = append(evs, triggerEvents[on])
		}
	}
	m.TriggerEvents = strings.Join(evs, ", ")
	m.TestRecord = g.testRecord(tr.Object)
	return nil
}

// changeEventFlow: a trigger on the object's change events enqueues the
// job, and the object joins the ChangeEvents channel.
func (g *gen) changeEventFlow(in flowInput, m *flowModel) error {
	tr := in.f.Trigger
	m.IsCDC = true
	m.Object = tr.Object
	withTrigger(m, in.base)
	var types []string
	for _, on := range spec.OnEvents {
		if slices.Contains(tr.On, on) {
			types = append(types, ApexString(strings.ToUpper(on)))
		}
	}
	if len(types) == 0 {
		types = []string{ApexString("CREATE"), ApexString("UPDATE"), ApexString("DELETE"), ApexString("UNDELETE")}
	}
	m.ChangeTypes = strings.Join(types, ", ")
	m.TestRecord = g.testRecord(tr.Object)
	g.cdcObjects[tr.Object] = true
	return nil
}

// platformEventFlow: a trigger on the platform event enqueues the job; the
// conditions read the event.
func (g *gen) platformEventFlow(in flowInput, m *flowModel) error {
	tr := in.f.Trigger
	m.IsEvent = true
	m.Object = tr.Event
	withTrigger(m, in.base)
	m.TestEvent = g.testRecord(tr.Event)
	return nil
}

// scheduleFlow: a Schedulable class enqueues the job on the cron.
func (g *gen) scheduleFlow(in flowInput, m *flowModel) error {
	tr := in.f.Trigger
	m.IsSchedule = true
	m.Schedule = in.base + "Schedule"
	m.ScheduleTest = m.Schedule + "Test"
	m.Cron = ApexString(tr.Cron)
	m.CronText = tr.Cron
	return nil
}

// webhookFlow: an Apex REST class answers the listed methods at the path,
// checks the caller's signature and deduplicates by the caller's event id.
func (g *gen) webhookFlow(in flowInput, m *flowModel) error {
	i, f, tr := in.i, in.f, in.f.Trigger
	m.IsWebhook = true
	m.Path = tr.Path
	m.URLMapping = ApexString(tr.Path)
	for _, verb := range spec.HTTPMethods {
		if slices.Contains(tr.WebhookMethods(), verb) {
			title := strings.ToUpper(verb[:1]) + strings.ToLower(verb[1:])
			m.Methods = append(m.Methods, methodModel{Annotation: "Http" + title, Handler: "handle" + title, Verb: verb})
		}
	}
	if len(m.Methods) == 0 {
		return fmt.Errorf("flows[%d].trigger.methods: no HTTP method among %v", i, tr.WebhookMethods())
	}
	var allowed, quoted []string
	for _, mm := range m.Methods {
		allowed = append(allowed, mm.Verb)
		quoted = append(quoted, ApexString(mm.Verb))
	}
	m.AllowedMethods = "new Set<String>{ " + strings.Join(quoted, ", ") + " }"
	m.AllowHeader = ApexString(strings.Join(allowed, ", "))
	for _, verb := range spec.HTTPMethods {
		if !slices.Contains(allowed, verb) {
			m.OtherMethod = ApexString(verb)
			break
		}
	}
	if id := tr.WebhookEventID(); id != "" {
		m.EventIDText = strings.TrimSuffix(strings.TrimPrefix(id, "{!"), "}")
		m.EventIDTest = eventIDTestLine(m.EventIDText)
		if name, ok := strings.CutPrefix(m.EventIDText, "request.headers."); ok && !strings.Contains(name, ".") {
			// Header names are case-insensitive (HTTP/2 sends them in lower case).
			m.EventID = g.runtime + ".header(req, " + ApexString(name) + ")"
		} else {
			e, err := in.t.template(id)
			if err != nil {
				return fmt.Errorf("flows[%d].trigger.eventId: %w", i, err)
			}
			m.EventID = e
		}
		g.webhookEvents = true
	}
	vf := tr.Verify
	if vf == nil {
		return nil
	}
	m.VerifyType = vf.Type
	m.VerifyScheme = ApexString(vf.Type)
	m.VerifyText = verifyTexts[vf.Type]
	if !spec.VerifySigned(vf.Type) {
		m.SessionOnly = true
		return nil
	}
	m.Verify = true
	m.VerifyHeader = "null"
	if vf.Type == spec.VerifyHMACSHA256 {
		m.VerifyHeader = ApexString(vf.Header)
		m.VerifyHeaderName = vf.Header
		m.VerifyText = fmt.Sprintf(m.VerifyText, vf.Header)
	}
	if spec.VerifyTimestamped(vf.Type) {
		m.Tolerance = orDefault(vf.ToleranceSeconds, spec.DefaultToleranceSeconds)
	}
	// Named by integration and flow: integrations deployed unmanaged to one
	// org share Webhook_Secret__c, each with its own rows.
	m.SecretKeyName = shorten(g.spec.Name+"."+f.Name, 38)
	m.SecretKey = ApexString(m.SecretKeyName)
	g.webhookSecrets = true
	g.verifySchemes[vf.Type] = true
	return nil
}

// invocableFlow: an @InvocableMethod class a Flow calls with its inputs.
func (g *gen) invocableFlow(in flowInput, m *flowModel) error {
	f, tr := in.f, in.f.Trigger
	m.IsAction = true
	m.InvocableLabel = ApexString(labelOf(tr.Label, f.Name))
	desc := f.Description
	if desc == "" {
		desc = labelOf(f.Label, f.Name)
	}
	m.InvocableDescription = ApexString(desc)
	for _, p := range tr.Inputs {
		pm, err := param(p, true)
		if err != nil {
			return err
		}
		m.Inputs = append(m.Inputs, pm)
	}
	return nil
}

// flowSteps is what building a flow's steps found that the trigger kind's
// finish reads: each step's type by id, the calls' ids in order, and the
// sample request the tests send.
type flowSteps struct {
	kinds   map[string]string
	callIDs []string
	request string
}

// webhookFinish works out what the webhook's test expects: the status its
// request gets against the mock, and the reply and records it checks.
func (g *gen) webhookFinish(in flowInput, m *flowModel, s flowSteps) error {
	f := in.f
	if m.MockStatus == 0 {
		m.MockStatus = 200
	}
	if m.ReplyStatus == 0 {
		m.ReplyStatus = 200
	}
	var why string
	m.ExpectStatus, why = g.webhookOutcome(f, m)
	if why != "" {
		m.ExpectWhy = ApexString("the test request fails against the mock: " + why)
	} else {
		m.ExpectWhy = ApexString("the reply status (a 500 means a step failed)")
		if m.Verify || m.SessionOnly {
			m.ReplyChecks, m.RecordChecks = g.replyChecks(f, m, s.request)
		}
	}
	return nil
}

// invocableFinish works out the action's outputs, read from the steps'
// results, and what its test expects of them against the mock.
func (g *gen) invocableFinish(in flowInput, m *flowModel, s flowSteps) error {
	f := in.f
	for _, p := range f.Trigger.Outputs {
		pm, err := param(p, false)
		if err != nil {
			return err
		}
		switch {
		case s.kinds[p.Name] == spec.StepCreate:
			pm.Value = g.runtime + ".path(ctx, new List<String>{ " + ApexString(p.Name) + ", 'Id' })"
		case s.kinds[p.Name] != "":
			pm.Value = g.runtime + ".path(ctx, new List<String>{ " + ApexString(p.Name) + " })"
		case len(s.callIDs) > 0:
			pm.Value = g.runtime + ".path(ctx, new List<String>{ " + ApexString(s.callIDs[len(s.callIDs)-1]) + ", " + ApexString(p.Name) + " })"
		default:
			pm.Value = "null"
		}
		pm.Value = g.runtime + "." + apexConverters[pm.ApexType] + "(" + pm.Value + ")"
		if strings.Contains(pm.Value, "(ctx,") {
			m.OutputsUseCtx = true
		}
		m.Outputs = append(m.Outputs, pm)
	}
	// What the action's test must get: success unless a step cannot
	// succeed against the mock, and each output read from the last
	// call's answer as the mock gives it.
	m.MockStatus = orDefault(m.MockStatus, 200)
	m.ReplyStatus = 200
	_, why := g.webhookOutcome(f, m)
	m.ActionSuccess = why == ""
	m.ExpectWhy = ApexString("the action succeeds against the test mock")
	if why != "" {
		m.ExpectWhy = ApexString("the test request fails against the mock: " + why)
	}
	var mock map[string]any
	if m.ActionSuccess && len(s.callIDs) > 0 && json.Unmarshal([]byte(m.mockJSON), &mock) == nil {
		for _, pm := range m.Outputs {
			if s.kinds[pm.Name] != "" {
				continue
			}
			v, ok := mock[pm.Name]
			if !ok {
				continue
			}
			got := "results[0]." + pm.Name
			msg := ApexString("the output " + pm.Name + " is the call's answer")
			switch pm.ApexType {
			case "String":
				m.OutputChecks = append(m.OutputChecks, fmt.Sprintf("Assert.areEqual(%s, %s, %s);", ApexString(fmt.Sprint(v)), got, msg))
			case "Decimal":
				if n, ok := v.(float64); ok {
					m.OutputChecks = append(m.OutputChecks, fmt.Sprintf("Assert.isTrue(%s == Decimal.valueOf(%s), %s);", got, ApexString(strconv.FormatFloat(n, 'f', -1, 64)), msg))
				}
			case "Boolean":
				if b, ok := v.(bool); ok {
					m.OutputChecks = append(m.OutputChecks, fmt.Sprintf("Assert.areEqual(%t, %s, %s);", b, got, msg))
				}
			}
		}
	}
	return nil
}

// recordJobFinish works out the query that loads the trigger records in the
// job (with the fields the steps and the job's conditions read), and what
// the job's test checks on the record.
func (g *gen) recordJobFinish(in flowInput, m *flowModel, _ flowSteps) error {
	f, t := in.f, in.t
	fields := slices.Sorted(maps.Keys(t.recordFields))
	sel := []string{"Id"}
	for _, fl := range fields {
		if !strings.EqualFold(fl, "Id") {
			sel = append(sel, fl)
		}
	}
	m.Query = "SELECT " + strings.Join(sel, ", ") + " FROM " + m.Object + " WHERE Id IN :ids WITH USER_MODE"
	if m.OnDelete {
		m.Query += " ALL ROWS"
	}
	m.UpdateChecks = g.updateChecks(f, m)
	return nil
}

// changeEventFinish adds to recordJobFinish the fields the flow writes on
// its own object: the job's own updates come back as change events, and an
// update that touched only those fields is its own.
func (g *gen) changeEventFinish(in flowInput, m *flowModel, s flowSteps) error {
	f := in.f
	if err := g.recordJobFinish(in, m, s); err != nil {
		return err
	}
	own := map[string]bool{}
	for _, st := range f.Steps {
		if (st.Type == spec.StepUpdate || st.Type == spec.StepUpsert) && st.Object == m.Object {
			for k := range st.Fields {
				own[k] = true
			}
		}
	}
	if len(own) > 0 {
		for _, k := range []string{"LastModifiedDate", "LastModifiedById", "SystemModstamp"} {
			own[k] = true
		}
		// Installed with a namespace, the custom fields the package adds
		// arrive in changedFields as ns__Field__c.
		if _, ns, _ := g.packageInfo(); ns != "" {
			for _, fl := range g.specFields(m.Object) {
				if own[fl.Name] {
					own[ns+"__"+fl.Name] = true
				}
			}
		}
		names := slices.Sorted(maps.Keys(own))
		for i, n := range names {
			names[i] = ApexString(n)
		}
		m.OwnFields = strings.Join(names, ", ")
	}
	return nil
}
