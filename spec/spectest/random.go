package spectest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Seeded returns Random's spec for a seed, so that callers need not pick a
// random source.
func Seeded(seed uint64) *spec.Spec {
	return Random(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
}

// Random returns a spec that passes spec.Validate. Over many seeds the specs
// use every trigger type, step type, operator, function, auth type and field
// type, forEach and onError, and string literals with quotes, backslashes and
// new lines. Names are realistic Salesforce names and values are tame, so
// that generated Apex reads like hand-written code.
func Random(r *rand.Rand) *spec.Spec {
	g := &gen{r: r}
	return g.spec()
}

type gen struct {
	r *rand.Rand
	s *spec.Spec
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *gen) chance(n int) bool         { return g.r.IntN(n) == 0 }

var (
	specNames   = []string{"StripeBilling", "NetSuiteSync", "ZendeskCases", "HubSpotContacts", "ShopifyOrders", "SlackAlerts", "JiraIssues", "DocuSignEnvelopes", "XeroInvoices", "TwilioTexts"}
	systemNames = []string{"Stripe", "NetSuite", "Zendesk", "HubSpot", "Shopify", "Slack", "Jira", "DocuSign", "Xero", "Twilio"}
	flowNames   = []string{"InvoiceOnClosedWon", "NightlySync", "TicketToCase", "NotifyOnChange", "SyncAccount", "ReceiveOrder", "SendReminder", "CreateCustomer", "PostUpdate", "ArchiveRecord"}
	stdObjects  = []string{"Opportunity", "Account", "Case", "Order", "Contact", "Lead"}
	stdFields   = map[string][]string{
		"Opportunity": {"Name", "StageName", "Amount", "CloseDate", "Description", "Type"},
		"Account":     {"Name", "Industry", "Phone", "Website", "Description", "Type"},
		"Case":        {"Subject", "Status", "Priority", "Origin", "Description", "Type"},
		"Order":       {"Status", "EffectiveDate", "Description", "Type", "Name"},
		"Contact":     {"FirstName", "LastName", "Email", "Phone", "Title", "Description"},
		"Lead":        {"FirstName", "LastName", "Company", "Email", "Status", "Description"},
	}
	textLiterals = []string{"usd", "New Customer", "Closed Won", "It's done", `C:\temp\export`, "line one\nline two", `say "hello"`, "50% off", "tab\there", "#1 priority", "a: b", "{ not a merge field }"}
	crons        = []string{"0 0 2 * * ?", "0 30 6 ? * MON-FRI", "0 0 * * * ?", "0 15 10 L * ?", "0 0 12 1,15 * ?", "0 0 8 ? JAN-JUN 2#1", "0 0 0/4 * * ?", "0 45 23 ? * 6L", "0 0 9 15W * ? 2027", "30 5 1 ? * SUN"}
	patterns     = []string{"yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "dd/MM/yyyy", "MMM d, yyyy"}
)

func (g *gen) spec() *spec.Spec {
	s := &spec.Spec{Spec: spec.Version, Name: g.pick(specNames)}
	g.s = s
	if g.chance(2) {
		s.Label = strings.ReplaceAll(s.Name, "Sync", " Sync")
	}
	if g.chance(3) {
		s.Description = "Keeps " + g.pick(systemNames) + " and Salesforce in step.\nOwned by the RevOps team."
	}
	if g.chance(3) {
		s.APIVersion = g.pick([]string{"62.0", "65.0", "66.0", "67.0"})
	}
	if g.chance(3) {
		s.Package = &spec.Package{Name: s.Name, Version: fmt.Sprintf("%d.%d.%d", g.r.IntN(3)+1, g.r.IntN(10), g.r.IntN(10))}
		if g.chance(2) {
			s.Package.Namespace = g.pick([]string{"acme", "pbay", "Globex1"})
		}
	}
	g.systems()
	g.objects()
	g.events()
	n := 1 + g.r.IntN(3)
	used := map[string]bool{}
	for len(s.Flows) < n {
		name := g.pick(flowNames)
		if used[name] {
			continue
		}
		used[name] = true
		g.flow(name)
	}
	// The admin lists what the flows use that the package does not create.
	s.Requires = s.OrgDependencies()
	return s
}

func (g *gen) systems() {
	n := g.r.IntN(4)
	used := map[string]bool{}
	for len(g.s.Systems) < n {
		name := g.pick(systemNames)
		if used[name] {
			continue
		}
		used[name] = true
		g.addSystem(name)
	}
}

func (g *gen) addSystem(name string) spec.System {
	sys := spec.System{Name: name, URL: "https://api." + strings.ToLower(name) + ".com", Auth: spec.Auth{Type: g.pick(spec.AuthTypes)}}
	if g.chance(3) {
		sys.Label = name + " API"
	}
	if g.chance(8) {
		sys.URL = "http://localhost:8080/" + strings.ToLower(name)
	} else if g.chance(4) {
		sys.URL += "/v2"
	}
	switch sys.Auth.Type {
	case spec.AuthAPIKey:
		if g.chance(2) {
			sys.Auth.Header = g.pick([]string{"X-Api-Key", "Api-Key", "X-Auth-Key"})
		}
	case spec.AuthOAuth2ClientCredentials, spec.AuthOAuth2JWTBearer:
		sys.Auth.TokenURL = "https://login." + strings.ToLower(name) + ".com/oauth2/token"
		if g.chance(2) {
			sys.Auth.Scope = "read write"
		}
	}
	g.s.Systems = append(g.s.Systems, sys)
	return sys
}

func (g *gen) objects() {
	if g.chance(2) {
		return
	}
	if g.chance(2) {
		g.s.Objects = append(g.s.Objects, spec.Object{Name: "Opportunity", Fields: []spec.Field{
			{Name: "External_Id__c", Label: "External Id", Type: spec.FieldText, Length: 64, ExternalID: true},
			g.field("Sync_Status__c", false),
		}})
	}
	o := spec.Object{Name: "Invoice__c", Label: "Invoice", PluralLabel: "Invoices", Fields: []spec.Field{
		{Name: "External_Id__c", Label: "External Id", Type: spec.FieldText, Length: 80, ExternalID: true, Unique: true},
	}}
	if g.chance(2) {
		o.Description = "Invoices mirrored from the billing system."
	}
	names := []string{"Amount__c", "Due_Date__c", "Paid__c", "Notes__c", "Status__c", "Account__c", "Contact_Email__c", "Portal_Url__c"}
	for _, n := range names {
		if g.chance(2) {
			o.Fields = append(o.Fields, g.field(n, false))
		}
	}
	g.s.Objects = append(g.s.Objects, o)
}

// field makes a custom field of a random type.
func (g *gen) field(name string, event bool) spec.Field {
	types := spec.FieldTypes
	if event {
		types = spec.EventFieldTypes
	}
	f := spec.Field{Name: name, Type: g.pick(types)}
	if g.chance(2) {
		f.Label = strings.ReplaceAll(strings.TrimSuffix(name, "__c"), "_", " ")
	}
	switch f.Type {
	case spec.FieldText:
		f.Length = 1 + g.r.IntN(255)
	case spec.FieldLongTextArea:
		f.Length = 256 + g.r.IntN(131072-256+1)
	case spec.FieldNumber, spec.FieldCurrency, spec.FieldPercent:
		if g.chance(2) {
			f.Precision = 1 + g.r.IntN(18)
			f.Scale = g.r.IntN(f.Precision + 1)
		}
	case spec.FieldPicklist:
		f.Values = []string{"Open", "Paid", "Void"}[:1+g.r.IntN(3)]
	case spec.FieldLookup:
		f.ReferenceTo = g.pick([]string{"Account", "Contact", "Invoice__c"})
	}
	if !event && f.Type != spec.FieldCheckbox && g.chance(5) {
		f.Required = true
	}
	if g.chance(4) {
		f.Description = "Set by the integration."
	}
	return f
}

func (g *gen) events() {
	if g.chance(2) {
		return
	}
	e := spec.Event{Name: "Invoice_Synced__e", Label: "Invoice Synced", Fields: []spec.Field{
		{Name: "Invoice_Id__c", Type: spec.FieldText, Length: 64},
	}}
	for _, n := range []string{"Amount__c", "Synced_At__c", "Message__c"} {
		if g.chance(2) {
			e.Fields = append(e.Fields, g.field(n, true))
		}
	}
	g.s.Events = append(g.s.Events, e)
}

// flowCtx is what the steps of a flow can refer to while it is generated.
type flowCtx struct {
	trigger spec.Trigger
	calls   []string // ids of earlier call steps without forEach
	records []string // ids of earlier create/upsert steps without forEach
	inItem  bool
	// A webhook answers after its first segment (a call after a record
	// change runs later): its reply sees only the steps before that call.
	changed      bool
	deferred     bool
	replyCalls   []string
	replyRecords []string
}

func (g *gen) flow(name string) {
	f := spec.Flow{Name: name}
	if g.chance(2) {
		f.Label = strings.TrimSpace(strings.Join(splitCamel(name), " "))
	}
	f.Trigger = g.trigger(name)
	ctx := &flowCtx{trigger: f.Trigger}
	n := 1 + g.r.IntN(4)
	ids := map[string]bool{}
	for i := 0; i < n; i++ {
		st := g.step(ctx, ids)
		f.Steps = append(f.Steps, st)
	}
	if f.Trigger.Type == spec.TriggerWebhook && g.chance(2) {
		f.Steps = append(f.Steps, g.reply(ctx))
	}
	if g.chance(3) {
		f.OnError = &spec.OnError{}
		if g.chance(3) {
			f.OnError.Retry = &spec.Retry{Attempts: g.r.IntN(6)}
			if g.chance(2) {
				f.OnError.Retry.Backoff = g.pick([]string{spec.BackoffFixed, spec.BackoffExponential})
			}
		}
		if g.chance(2) {
			log := g.chance(2)
			f.OnError.Log = &log
		}
	}
	g.s.Flows = append(g.s.Flows, f)
}

func splitCamel(s string) []string {
	var words []string
	start := 0
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			words = append(words, s[start:i])
			start = i
		}
	}
	return append(words, s[start:])
}

func (g *gen) trigger(flowName string) spec.Trigger {
	t := spec.Trigger{Type: g.pick(spec.TriggerTypes)}
	switch t.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		t.Object = g.pick(stdObjects)
		if len(g.s.Objects) > 0 && g.chance(4) {
			t.Object = g.s.Objects[len(g.s.Objects)-1].Name
		}
		if g.chance(2) {
			t.On = []string{spec.OnUpdate}
		} else {
			for _, on := range spec.OnEvents {
				if g.chance(2) {
					t.On = append(t.On, on)
				}
			}
			if len(t.On) == 0 {
				t.On = []string{spec.OnCreate}
			}
		}
		if g.chance(4) {
			break
		}
		t.When = g.conditions(t, g.fieldsOf(t.Object), 0)
	case spec.TriggerPlatformEvent:
		t.Event = "Order_Placed__e"
		fields := []string{"Order_Number__c", "Total__c", "Status__c"}
		if len(g.s.Events) > 0 && g.chance(2) {
			t.Event = g.s.Events[0].Name
			fields = nil
			for _, f := range g.s.Events[0].Fields {
				fields = append(fields, f.Name)
			}
		}
		if g.chance(2) {
			t.When = g.conditions(t, fields, 0)
		}
	case spec.TriggerSchedule:
		t.Cron = g.pick(crons)
	case spec.TriggerWebhook:
		t.Path = "/" + strings.ToLower(flowName)
		if g.chance(3) {
			t.Path += "/*"
		}
		if g.chance(3) {
			t.Methods = []string{"POST"}
			if g.chance(2) {
				t.Methods = append(t.Methods, "PUT")
			}
		}
		t.Verify = &spec.Verify{Type: g.pick(spec.VerifyTypes)}
		if t.Verify.Type == spec.VerifyHMACSHA256 {
			t.Verify.Header = g.pick([]string{"X-Signature", "X-Hub-Signature-256", "Intuit-Signature"})
		}
		if spec.VerifyTimestamped(t.Verify.Type) && g.chance(3) {
			t.Verify.ToleranceSeconds = 60 * (1 + g.r.IntN(10))
		}
	case spec.TriggerInvocable:
		t.Label = strings.Join(splitCamel(flowName), " ")
		names := []string{"recordId", "amount", "email", "dueDate", "notes", "approved", "sentAt"}
		for _, n := range names {
			if g.chance(2) || len(t.Inputs) == 0 && n == names[len(names)-1] {
				p := spec.Param{Name: n, Type: g.pick(spec.ParamTypes)}
				if g.chance(3) {
					p.Label = strings.Join(splitCamel(n), " ")
					p.Required = g.chance(2)
				}
				t.Inputs = append(t.Inputs, p)
			}
		}
		if g.chance(2) {
			t.Outputs = []spec.Param{{Name: "resultId", Type: "Id"}}
		}
	}
	return t
}

func (g *gen) fieldsOf(object string) []string {
	if fs, ok := stdFields[object]; ok {
		return append(append([]string(nil), fs...), "Owner.Email", "LastModifiedBy.Name")
	}
	fields := []string{"Name", "Owner.Email"}
	for _, o := range g.s.Objects {
		if o.Name == object {
			for _, f := range o.Fields {
				fields = append(fields, f.Name)
			}
		}
	}
	return fields
}

func (g *gen) literal() any {
	switch g.r.IntN(4) {
	case 0:
		return float64(g.r.IntN(10000)) / float64([]int{1, 10, 100}[g.r.IntN(3)])
	case 1:
		return g.chance(2)
	}
	return g.pick(textLiterals)
}

func (g *gen) conditions(t spec.Trigger, fields []string, depth int) []spec.Condition {
	n := 1 + g.r.IntN(3)
	var out []spec.Condition
	updateOnly := len(t.On) == 1 && t.On[0] == spec.OnUpdate
	for i := 0; i < n; i++ {
		if depth < 2 && g.chance(5) {
			group := g.conditions(t, fields, depth+1)
			if g.chance(2) {
				out = append(out, spec.Condition{Any: group})
			} else {
				out = append(out, spec.Condition{All: group})
			}
			continue
		}
		op := g.pick(spec.Operators)
		// A change event carries no prior values: no changedFrom there.
		for (spec.OpNeedsPrior(op) && !updateOnly) || (op == spec.OpChangedFrom && t.Type == spec.TriggerChangeEvent) {
			op = g.pick(spec.Operators)
		}
		c := spec.Condition{Field: g.pick(fields), Op: op}
		// Parent fields are checked in the job, where prior values are gone:
		// no change test on them, nor in a group with them.
		for spec.OpNeedsPrior(op) && (strings.Contains(c.Field, ".") || depth > 0) {
			if depth > 0 {
				c.Op = spec.OpIsNotNull
				break
			}
			c.Field = g.pick(fields)
		}
		op = c.Op
		if op == spec.OpIn {
			c.Value = []any{g.literal(), g.literal()}
		} else if spec.OpTakesValue(op) {
			c.Value = g.literal()
		}
		out = append(out, c)
	}
	return out
}

var stepIDs = []string{"invoice", "customer", "orders", "saveId", "notify", "ticket", "lookupAccount", "syncRecord", "postMessage", "createTask", "logEvent", "fetchRates"}

func (g *gen) step(ctx *flowCtx, ids map[string]bool) spec.Step {
	id := g.pick(stepIDs)
	for ids[id] {
		id = g.pick(stepIDs) + fmt.Sprint(len(ids))
	}
	ids[id] = true
	types := []string{spec.StepCall, spec.StepCall, spec.StepCreate, spec.StepUpdate, spec.StepUpsert, spec.StepPublish}
	if ctx.trigger.Type == spec.TriggerInvocable && ctx.changed {
		// An action's calls come before its record changes.
		types = types[2:]
	}
	st := spec.Step{ID: id, Type: g.pick(types)}
	if src := g.listSource(ctx); src != "" && st.Type != spec.StepPublish && g.chance(3) {
		st.ForEach = "{!" + src + "}"
	}
	if st.Type == spec.StepCall && ctx.changed && !ctx.deferred {
		ctx.deferred = true
		ctx.replyCalls, ctx.replyRecords = slices.Clone(ctx.calls), slices.Clone(ctx.records)
	}
	ctx.changed = ctx.changed || st.Type != spec.StepCall
	ctx.inItem = st.ForEach != ""
	switch st.Type {
	case spec.StepCall:
		g.call(ctx, &st)
	case spec.StepCreate, spec.StepUpdate, spec.StepUpsert:
		g.dml(ctx, &st)
	case spec.StepPublish:
		g.publish(ctx, &st)
	}
	ctx.inItem = false
	if st.ForEach == "" {
		switch st.Type {
		case spec.StepCall:
			ctx.calls = append(ctx.calls, id)
		case spec.StepCreate, spec.StepUpsert:
			ctx.records = append(ctx.records, id)
		}
	}
	return st
}

// listSource returns a path to a list in scope, or "".
func (g *gen) listSource(ctx *flowCtx) string {
	var srcs []string
	for _, c := range ctx.calls {
		srcs = append(srcs, c+".data", c+".items", c)
	}
	if ctx.trigger.Type == spec.TriggerWebhook {
		srcs = append(srcs, "request.body.items", "request.body.order.lines")
	}
	if len(srcs) == 0 {
		return ""
	}
	return g.pick(srcs)
}

func (g *gen) call(ctx *flowCtx, st *spec.Step) {
	if len(g.s.Systems) == 0 {
		g.addSystem(g.pick(systemNames))
	}
	sys := g.s.Systems[g.r.IntN(len(g.s.Systems))]
	st.System = sys.Name
	st.Method = g.pick(spec.HTTPMethods)
	st.Path = g.pick([]string{"/v1/invoices", "/customers", "/api/orders", "/services/rest/record/v1/invoice"})
	if g.chance(3) {
		st.Path += "/{!" + g.textPath(ctx) + "}"
	}
	if g.chance(2) {
		st.Query = map[string]any{"limit": float64(50)}
		if g.chance(2) {
			st.Query["since"] = "{!" + g.expr(ctx, spec.TypeText, 0) + "}"
		}
	}
	if g.chance(3) {
		st.Headers = map[string]any{"Accept": "application/json"}
		if g.chance(2) {
			st.Headers["X-Request-Id"] = "{!" + g.textPath(ctx) + "}"
		}
	}
	if st.Method == "POST" || (st.Method == "PUT" || st.Method == "PATCH") && !g.chance(4) {
		format := spec.BodyJSON
		if g.chance(3) {
			format = spec.BodyForm
		}
		fields := map[string]any{}
		for _, k := range []string{"amount", "currency", "customer", "description", "metadata"} {
			if !g.chance(2) && len(fields) > 0 {
				continue
			}
			fields[k] = g.value(ctx)
			if k == "metadata" && format == spec.BodyJSON {
				fields[k] = map[string]any{"source": "salesforce", "ids": []any{g.value(ctx), g.value(ctx)}}
			}
		}
		body := map[string]any{"fields": fields}
		if format == spec.BodyForm || g.chance(2) {
			body["format"] = format
		}
		st.Body = body
	}
	if g.chance(3) {
		st.Expect = []int{200, 201}
	}
	if g.chance(3) {
		t := 1 + g.r.IntN(120)
		st.TimeoutSeconds = &t
	}
}

func (g *gen) dml(ctx *flowCtx, st *spec.Step) {
	var fields []string
	if len(g.s.Objects) > 0 && g.chance(2) {
		o := g.s.Objects[g.r.IntN(len(g.s.Objects))]
		st.Object = o.Name
		for _, f := range o.Fields {
			fields = append(fields, f.Name)
		}
		if !spec.IsCustomName(o.Name) {
			fields = append(fields, stdFields[o.Name]...)
		}
	} else {
		st.Object = g.pick(stdObjects)
		fields = stdFields[st.Object]
	}
	if st.Type == spec.StepUpsert {
		st.ExternalID = "External_Id__c"
		if spec.IsCustomName(st.Object) || st.Object == "Opportunity" && len(g.s.Objects) > 0 && g.s.Objects[0].Name == "Opportunity" {
			fields = append(fields, "External_Id__c")
		} else {
			st.Object = "Invoice__c" // exists in the org; not defined by this spec
			fields = []string{"Name", "External_Id__c", "Amount__c"}
			if len(g.s.Objects) > 0 && g.s.Objects[len(g.s.Objects)-1].Name == "Invoice__c" {
				fields = []string{"Name", "External_Id__c"}
			}
		}
	}
	if st.Type == spec.StepUpdate {
		t := ctx.trigger
		triggerRecord := (t.Type == spec.TriggerRecordChange || t.Type == spec.TriggerChangeEvent) && !onlyDelete(t.On)
		if triggerRecord && g.chance(2) && t.Object == st.Object {
			// record defaults to the trigger record
		} else {
			st.Record = "{!" + g.idSource(ctx) + "}"
		}
	}
	st.Fields = map[string]any{}
	for _, f := range fields {
		if len(st.Fields) == 0 || g.chance(3) {
			st.Fields[f] = g.value(ctx)
		}
	}
}

func onlyDelete(on []string) bool {
	for _, o := range on {
		if o != spec.OnDelete {
			return false
		}
	}
	return len(on) > 0
}

// idSource returns a path that holds a record Id.
func (g *gen) idSource(ctx *flowCtx) string {
	srcs := []string{}
	for _, r := range ctx.records {
		srcs = append(srcs, r+".Id")
	}
	for _, c := range ctx.calls {
		srcs = append(srcs, c+".salesforceId")
	}
	switch ctx.trigger.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		srcs = append(srcs, "record.Id", "record.AccountId")
	case spec.TriggerPlatformEvent:
		if len(g.s.Events) > 0 && ctx.trigger.Event == g.s.Events[0].Name {
			srcs = append(srcs, "event.Invoice_Id__c")
		} else {
			srcs = append(srcs, "event.Record_Id__c")
		}
	case spec.TriggerWebhook:
		srcs = append(srcs, "request.body.recordId")
	case spec.TriggerInvocable:
		for _, in := range ctx.trigger.Inputs {
			srcs = append(srcs, "input."+in.Name)
		}
	}
	if ctx.inItem {
		srcs = append(srcs, "item.Id")
	}
	if len(srcs) == 0 {
		return "coalesce(null, '001000000000001AAA')"
	}
	return g.pick(srcs)
}

func (g *gen) publish(ctx *flowCtx, st *spec.Step) {
	fields := []string{"Order_Number__c", "Message__c"}
	st.Event = "Order_Placed__e"
	if len(g.s.Events) > 0 && g.chance(2) {
		st.Event = g.s.Events[0].Name
		fields = nil
		for _, f := range g.s.Events[0].Fields {
			fields = append(fields, f.Name)
		}
	}
	st.Fields = map[string]any{}
	for _, f := range fields {
		if len(st.Fields) == 0 || g.chance(2) {
			st.Fields[f] = g.value(ctx)
		}
	}
}

func (g *gen) reply(ctx *flowCtx) spec.Step {
	if ctx.deferred {
		sees := *ctx
		sees.calls, sees.records = ctx.replyCalls, ctx.replyRecords
		ctx = &sees
	}
	st := spec.Step{ID: "respond", Type: spec.StepReply}
	if g.chance(2) {
		st.Status = []int{200, 201, 202, 204}[g.r.IntN(4)]
	}
	switch g.r.IntN(3) {
	case 0:
		st.Body = map[string]any{"ok": true, "received": g.value(ctx)}
		for _, r := range ctx.records {
			st.Body.(map[string]any)[r+"Id"] = "{!" + r + ".Id}"
		}
	case 1:
		st.Body = g.value(ctx)
	}
	return st
}

// value returns a field value: a literal, text with merge fields, or one
// merge field of any type.
func (g *gen) value(ctx *flowCtx) any {
	switch g.r.IntN(5) {
	case 0:
		return g.literal()
	case 1:
		return g.pick([]string{"Invoice for ", "Re: ", "Order #", "Sent by Salesforce: "}) + "{!" + g.expr(ctx, spec.TypeText, 0) + "}" + g.pick([]string{"", " (auto)", "\nthanks", " it's \"quoted\""})
	}
	want := []spec.Type{spec.TypeAny, spec.TypeText, spec.TypeNumber, spec.TypeDate, spec.TypeDateTime, spec.TypeBoolean}[g.r.IntN(6)]
	return "{!" + g.expr(ctx, want, 0) + "}"
}

// typedPath is a path in scope and its static type.
type typedPath struct {
	path string
	typ  spec.Type
}

// paths lists the paths in scope with their static types.
func (g *gen) paths(ctx *flowCtx) []typedPath {
	var ps []typedPath
	add := func(t spec.Type, paths ...string) {
		for _, p := range paths {
			ps = append(ps, typedPath{p, t})
		}
	}
	t := ctx.trigger
	switch t.Type {
	case spec.TriggerRecordChange, spec.TriggerChangeEvent:
		add(spec.TypeAny, "record.Id", "record.Name", "record.Owner.Email", "record.Description")
		if t.Type == spec.TriggerRecordChange && len(t.On) == 1 && t.On[0] == spec.OnUpdate {
			add(spec.TypeAny, "prior.Name", "prior.Amount")
		}
	case spec.TriggerPlatformEvent:
		add(spec.TypeAny, "event.CreatedById", "event.EventUuid")
		if len(g.s.Events) > 0 && t.Event == g.s.Events[0].Name {
			for _, f := range g.s.Events[0].Fields {
				add(spec.TypeAny, "event."+f.Name)
			}
		} else {
			add(spec.TypeAny, "event.Order_Number__c")
		}
	case spec.TriggerWebhook:
		add(spec.TypeAny, "request.body.id", "request.body.customer.email", "request.body.lines.0.sku")
		add(spec.TypeText, "request.headers.X-Request-Id", "request.query.source")
	case spec.TriggerInvocable:
		for _, in := range t.Inputs {
			add(spec.ParamType(in.Type), "input."+in.Name)
		}
	case spec.TriggerSchedule:
		add(spec.TypeDateTime, "lastRun")
	}
	for _, c := range ctx.calls {
		add(spec.TypeAny, c+".id", c+".data.0.id", c+".status")
	}
	for _, r := range ctx.records {
		add(spec.TypeText, r+".Id")
	}
	if ctx.inItem {
		add(spec.TypeAny, "item.id", "item.total", "item", "item.customer.name")
	}
	return ps
}

// pathOf picks a path whose type fits want, or returns "".
func (g *gen) pathOf(ctx *flowCtx, want spec.Type) string {
	var fit []string
	for _, p := range g.paths(ctx) {
		if want == spec.TypeAny || p.typ == spec.TypeAny || p.typ == want {
			fit = append(fit, p.path)
		}
	}
	if len(fit) == 0 {
		return ""
	}
	return g.pick(fit)
}

// textPath returns a path in scope, or a text expression when none is.
func (g *gen) textPath(ctx *flowCtx) string {
	if p := g.pathOf(ctx, spec.TypeText); p != "" {
		return p
	}
	return g.expr(ctx, spec.TypeText, 1)
}

// stringLit writes a single-quoted expression string literal.
func stringLit(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// expr returns expression text of type want (TypeAny: any type).
func (g *gen) expr(ctx *flowCtx, want spec.Type, depth int) string {
	leaf := depth >= 2 || g.chance(3)
	if want == spec.TypeAny {
		if p := g.pathOf(ctx, spec.TypeAny); p != "" && (leaf || g.chance(2)) {
			return p
		}
		want = []spec.Type{spec.TypeText, spec.TypeNumber, spec.TypeDate, spec.TypeDateTime, spec.TypeBoolean}[g.r.IntN(5)]
		if !leaf && g.chance(3) {
			return "coalesce(" + g.expr(ctx, spec.TypeAny, depth+1) + ", " + g.expr(ctx, spec.TypeAny, depth+1) + ")"
		}
	}
	if p := g.pathOf(ctx, want); leaf && p != "" && g.chance(2) {
		return p
	}
	switch want {
	case spec.TypeText:
		if leaf {
			return stringLit(g.pick([]string{"usd", "it's", `back\slash`, "", "Closed Won", "n/a"}))
		}
		switch g.r.IntN(6) {
		case 0:
			return g.pick([]string{"upper", "lower", "trim"}) + "(" + g.expr(ctx, spec.TypeText, depth+1) + ")"
		case 1:
			return "concat(" + g.expr(ctx, spec.TypeAny, depth+1) + ", " + stringLit(" - ") + ", " + g.expr(ctx, spec.TypeAny, depth+1) + ")"
		case 2:
			return "toText(" + g.expr(ctx, spec.TypeAny, depth+1) + ")"
		case 3:
			return "formatDate(" + g.expr(ctx, g.dateType(), depth+1) + ", " + stringLit(g.pick(patterns)) + ")"
		case 4:
			return "coalesce(" + g.expr(ctx, spec.TypeText, depth+1) + ", " + stringLit("none") + ")"
		}
		return stringLit(g.pick(textLiterals))
	case spec.TypeNumber:
		if leaf {
			return g.pick([]string{"0", "42", "-7", "19.99", "-0.5", "100"})
		}
		switch g.r.IntN(4) {
		case 0:
			return "cents(" + g.expr(ctx, spec.TypeNumber, depth+1) + ")"
		case 1:
			return "round(" + g.expr(ctx, spec.TypeNumber, depth+1) + ", 2)"
		case 2:
			return "round(" + g.expr(ctx, spec.TypeNumber, depth+1) + ")"
		}
		return "toNumber(" + g.expr(ctx, spec.TypeAny, depth+1) + ")"
	case spec.TypeDate, spec.TypeDateTime:
		if leaf {
			if want == spec.TypeDate {
				return "today()"
			}
			return "now()"
		}
		return "addDays(" + g.expr(ctx, want, depth+1) + ", " + g.pick([]string{"1", "-30", "7"}) + ")"
	case spec.TypeBoolean:
		return g.pick([]string{"true", "false"})
	}
	return "null"
}

func (g *gen) dateType() spec.Type {
	if g.chance(2) {
		return spec.TypeDate
	}
	return spec.TypeDateTime
}
