package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/templates"
)

// File is one generated file, its path relative to the SFDX project root
// (force-app/main/default/classes/X.cls, sfdx-project.json, README.md...).
type File struct {
	Path string
	Data []byte
}

// Bundle is the generated SFDX project: files sorted by path.
type Bundle struct {
	Files []File
	// Setup is what is left to do in an org after installing the files.
	Setup Setup
}

// srcDir is where the SFDX source lives inside the project.
const srcDir = "force-app/main/default/"

// tmpl holds every template, parsed once; apex and xml are the only escapers.
var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"apex":        ApexString,
	"xml":         XMLText,
	"apexComment": safeComment,
	"trimSlash":   func(s string) string { return strings.TrimPrefix(s, "/") },
	"md":          MarkdownText,
	"shellBlock":  shellBlock,
	"hasPrefix":   strings.HasPrefix,
}).ParseFS(templates.FS, "apex/*.tmpl", "metadata/*.tmpl"))

// gen is the state of one Generate call.
type gen struct {
	spec           *spec.Spec
	api            string
	runtime        string
	files          map[string][]byte
	cdcObjects     map[string]bool
	webhookSecrets bool
	webhookEvents  bool // a webhook deduplicates deliveries by the caller's event id
	secretsClass   string
	recordIDs      map[string]bool // literal record ids, kept in Org_Record_Id__mdt
	verifySchemes  map[string]bool // webhook signature schemes in use
	testObjects    map[string]bool // objects the tests create through the test-data factory
	flows          []*flowModel
}

// Generate turns a valid spec into a bundle. It validates the spec first and
// returns the validation errors unchanged when it is not valid.
//
// A package Salesforce would refuse to deploy for its size (more than
// MaxDeployFiles files or a zip over MaxDeployZipBytes) is an error wrapping
// a *LimitError.
func Generate(s *spec.Spec) (*Bundle, error) {
	if s == nil {
		return nil, fmt.Errorf("generate: no spec")
	}
	if err := spec.Validate(s); err != nil {
		return nil, err
	}
	g := &gen{
		spec:          s,
		api:           s.EffectiveAPIVersion(),
		runtime:       shorten(s.Name, maxApexName-len("RuntimeTest")) + "Runtime",
		files:         map[string][]byte{},
		cdcObjects:    map[string]bool{},
		recordIDs:     map[string]bool{},
		verifySchemes: map[string]bool{},
		testObjects:   map[string]bool{},
	}
	if err := g.run(); err != nil {
		return nil, fmt.Errorf("generate %s: %w", s.Name, err)
	}
	b := &Bundle{Files: make([]File, 0, len(g.files)), Setup: g.setup()}
	for _, p := range slices.Sorted(maps.Keys(g.files)) {
		b.Files = append(b.Files, File{Path: p, Data: g.files[p]})
	}
	if err := b.CheckDeployLimits(); err != nil {
		return nil, fmt.Errorf("generate %s: %w", s.Name, err)
	}
	return b, nil
}

func (g *gen) run() error {
	bases := flowBases(g.spec)
	names := []string{g.runtime, g.runtime + "Test", g.testDataClass()}
	for i, f := range g.spec.Flows {
		m, err := g.buildFlow(i, f, bases[i])
		if err != nil {
			return err
		}
		g.flows = append(g.flows, m)
		names = append(names, m.Class, m.TestClass)
		if m.Trigger != "" {
			names = append(names, m.Trigger, m.TriggerTest)
		}
		if m.Schedule != "" {
			names = append(names, m.Schedule, m.ScheduleTest)
		}
	}
	secrets := shorten(g.spec.Name, maxApexName-len("WebhookSecretsTest")) + "WebhookSecrets"
	if g.webhookSecrets {
		names = append(names, secrets, secrets+"Test")
	}
	if slices.ContainsFunc(g.flows, (*flowModel).Replayable) {
		names = append(names, g.replayClassName(), g.replayClassName()+"Test")
	}
	sweep := g.sweepName()
	names = append(names, sweep, sweep+"Test")
	if err := checkUnique(names); err != nil {
		return err
	}
	agree, err := dryRunAssertions(g.runtime)
	if err != nil {
		return err
	}
	rt := runtimeModel{
		Runtime: g.runtime, RuntimeTest: g.runtime + "Test", Name: g.spec.Name, SettingKey: g.settingKey(),
		Label: labelOf(g.spec.Label, g.spec.Name), HasWebhookSecret: g.webhookSecrets,
		HasRecordIds: len(g.recordIDs) > 0, Schemes: g.verifySchemes, HasSignedWebhook: len(g.verifySchemes) > 0,
		HasTimestampedWebhook: slices.ContainsFunc(slices.Collect(maps.Keys(g.verifySchemes)), spec.VerifyTimestamped),
		DryRunAssertions:      agree,
	}
	if err := g.class(g.runtime, "runtime.cls.tmpl", rt); err != nil {
		return err
	}
	if err := g.class(g.runtime+"Test", "runtime_test.cls.tmpl", rt); err != nil {
		return err
	}
	if g.webhookSecrets {
		_, ns, _ := g.packageInfo()
		prefix := ""
		if ns != "" {
			prefix = ns + "."
		}
		sd := secretsModel{Secrets: secrets, SecretsTest: secrets + "Test", Runtime: g.runtime,
			Label: labelOf(g.spec.Label, g.spec.Name), Prefix: prefix}
		if err := g.class(secrets, "secrets.cls.tmpl", sd); err != nil {
			return err
		}
		if err := g.class(secrets+"Test", "secrets_test.cls.tmpl", sd); err != nil {
			return err
		}
		g.secretsClass = prefix + secrets
	}
	for _, m := range g.flows {
		if err := g.flowFiles(m); err != nil {
			return fmt.Errorf("flow %s: %w", m.FlowName, err)
		}
	}
	if err := g.replay(); err != nil {
		return err
	}
	if err := g.sweepFiles(sweep); err != nil {
		return err
	}
	steps := []func() error{g.testData, g.systems, g.objects, g.permissionSet, g.channelMembers, g.subscriberConfigs, g.project}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if err := g.manifest(); err != nil {
		return err
	}
	return g.readme()
}

// render executes a template into bytes.
func render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	out := buf.Bytes()
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

func (g *gen) put(p string, data []byte) { g.files[p] = data }

// class renders an Apex class and its -meta.xml.
func (g *gen) class(name, tmplName string, data any) error {
	src, err := render(tmplName, data)
	if err != nil {
		return err
	}
	meta, err := render("meta.xml.tmpl", metaModel{Kind: "ApexClass", APIVersion: g.api})
	if err != nil {
		return err
	}
	g.put(srcDir+"classes/"+name+".cls", src)
	g.put(srcDir+"classes/"+name+".cls-meta.xml", meta)
	return nil
}

// flowTemplateData adds the flags the flow templates share.
type flowTemplateData struct {
	*flowModel
	SyncRetry    bool
	ChangeEvent  string
	FirstMethod  string
	FirstHandler string
}

func (g *gen) flowFiles(m *flowModel) error {
	d := flowTemplateData{flowModel: m, SyncRetry: m.IsWebhook || m.IsAction}
	if m.MockStatus == 0 {
		m.MockStatus = 200
	}
	if m.IsCDC {
		d.ChangeEvent = changeEventName(m.Object)
	}
	if len(m.Methods) > 0 {
		d.FirstMethod = ApexString(m.Methods[0].Verb)
		d.FirstHandler = m.Methods[0].Handler
	}
	if m.ReplyStatus == 0 {
		m.ReplyStatus = 200
	}
	kind := triggerKinds[m.Kind]
	if err := g.class(m.Class, kind.main, d); err != nil {
		return err
	}
	if err := g.class(m.TestClass, kind.test, d); err != nil {
		return err
	}
	if m.Schedule != "" {
		if err := g.class(m.Schedule, "schedule.cls.tmpl", d); err != nil {
			return err
		}
		if err := g.class(m.ScheduleTest, "schedule_test.cls.tmpl", d); err != nil {
			return err
		}
	}
	if m.Trigger != "" {
		src, err := render("trigger.tmpl", d)
		if err != nil {
			return err
		}
		meta, err := render("meta.xml.tmpl", metaModel{Kind: "ApexTrigger", APIVersion: g.api})
		if err != nil {
			return err
		}
		g.put(srcDir+"triggers/"+m.Trigger+".trigger", src)
		g.put(srcDir+"triggers/"+m.Trigger+".trigger-meta.xml", meta)
		if err := g.class(m.TriggerTest, "trigger_test.cls.tmpl", d); err != nil {
			return err
		}
	}
	return nil
}

// changeEventName is the Change Data Capture event of an object.
func changeEventName(object string) string {
	if strings.HasSuffix(object, "__c") {
		return strings.TrimSuffix(object, "__c") + "__ChangeEvent"
	}
	return object + "ChangeEvent"
}

// testRecord returns an Apex expression creating a record of object for
// the tests, through the package's test-data factory (which the org can
// adapt with Test Record Default custom metadata), and registers the
// object's base values with the factory.
func (g *gen) testRecord(object string) string {
	g.testObjects[object] = true
	if object == "Contract" || object == "Order" || object == "Asset" {
		g.testObjects["Account"] = true // their parent, from parentAccount()
	}
	return "(" + object + ") " + g.testDataClass() + ".record(" + ApexString(object) + ")"
}

// testDataClass is the name of the test-data factory class.
func (g *gen) testDataClass() string {
	return shorten(g.spec.Name, maxApexName-len("TestData")) + "TestData"
}

// testBaseValues returns the statements the factory runs on rec for
// object: the standard objects' required fields, a name for custom
// objects, the spec's required custom fields.
func (g *gen) testBaseValues(object string) []string {
	known := map[string][][2]string{
		"Opportunity": {{"Name", "'Test'"}, {"StageName", "'Prospecting'"}, {"CloseDate", "Date.today()"}},
		"Case":        {{"Status", "'New'"}, {"Origin", "'Web'"}},
		"Account":     {{"Name", "'Test'"}},
		"Lead":        {{"LastName", "'Test'"}, {"Company", "'Test'"}},
		"Contact":     {{"LastName", "'Test'"}},
		"Contract":    {{"AccountId", "parentAccount()"}, {"StartDate", "Date.today()"}, {"ContractTerm", "12"}},
		"Order":       {{"AccountId", "parentAccount()"}, {"EffectiveDate", "Date.today()"}, {"Status", "'Draft'"}},
		"Asset":       {{"AccountId", "parentAccount()"}, {"Name", "'Test'"}},
		"Quote":       {{"Name", "'Test'"}},
		"Campaign":    {{"Name", "'Test'"}},
		"Product2":    {{"Name", "'Test'"}},
		"Task":        {{"Subject", "'Test'"}},
		"Event":       {{"Subject", "'Test'"}, {"DurationInMinutes", "30"}, {"ActivityDateTime", "Datetime.now()"}},
	}
	var lines []string
	for _, kv := range known[object] {
		lines = append(lines, "rec.put("+ApexString(kv[0])+", "+kv[1]+");")
	}
	if strings.HasSuffix(object, "__c") {
		lines = append(lines, "rec.put('Name', 'Test');")
	}
	for _, f := range g.specFields(object) {
		if !f.Required {
			continue
		}
		if v := sampleValue(f); v != "" {
			lines = append(lines, "rec.put("+ApexString(f.Name)+", "+v+");")
		}
	}
	return lines
}

// testData writes the test-data factory and the Test Record Default
// custom metadata type the org adapts it with.
func (g *gen) testData() error {
	if len(g.testObjects) == 0 {
		return nil
	}
	var objs []objectLines
	for _, o := range slices.Sorted(maps.Keys(g.testObjects)) {
		if lines := g.testBaseValues(o); len(lines) > 0 {
			objs = append(objs, objectLines{Name: o, Lines: lines})
		}
	}
	if err := g.class(g.testDataClass(), "testdata.cls.tmpl", testDataModel{
		Class: g.testDataClass(), Runtime: g.runtime, Label: labelOf(g.spec.Label, g.spec.Name), Objects: objs,
	}); err != nil {
		return err
	}
	const typ = "Test_Record_Default__mdt"
	return g.metadataType(typ, objectModel{
		Description: "Field values the integration's Apex tests give the records they create, for the org's required fields and validation rules.",
		Label:       "Test Record Default", PluralLabel: "Test Record Defaults", Visibility: "Public",
	}, metadataTextField("Object_Name__c", "Object", 255), metadataTextField("Field_Name__c", "Field", 255), metadataTextField("Value__c", "Value", 255))
}

func (g *gen) specFields(object string) []spec.Field {
	for _, o := range g.spec.Objects {
		if o.Name == object {
			return o.Fields
		}
	}
	for _, e := range g.spec.Events {
		if e.Name == object {
			return e.Fields
		}
	}
	return nil
}

func sampleValue(f spec.Field) string {
	switch f.Type {
	case spec.FieldText, spec.FieldLongTextArea, spec.FieldPhone:
		return "'1'"
	case spec.FieldEmail:
		return "'test@example.com'"
	case spec.FieldURL:
		return "'example.com'"
	case spec.FieldNumber, spec.FieldCurrency, spec.FieldPercent:
		return "1"
	case spec.FieldCheckbox:
		return "true"
	case spec.FieldDate:
		return "Date.today()"
	case spec.FieldDateTime:
		return "Datetime.now()"
	case spec.FieldPicklist:
		if len(f.Values) > 0 {
			return ApexString(f.Values[0])
		}
	}
	return ""
}

// ---- systems: Named and External Credentials ----

type ecParam struct {
	Group, Name, Type, Value string
	Sequence                 int
}

type systemModel struct {
	Name, Label, URL, ExternalCredential, Principal, AuthText, SecretText string
}

func (g *gen) systemModels() []systemModel {
	var out []systemModel
	for _, s := range g.spec.Systems {
		sm := systemModel{Name: s.Name, Label: labelOf(s.Label, s.Name), URL: s.URL,
			ExternalCredential: externalCredentialName(s.Name), Principal: principalName(s.Name)}
		switch s.Auth.Type {
		case spec.AuthNone:
			sm.AuthText = "none"
			sm.SecretText = "no secret; the principal only grants access to the endpoint."
		case spec.AuthAPIKey:
			h := s.Auth.Header
			if h == "" {
				h = spec.DefaultAPIKeyHeader
			}
			sm.AuthText = "an API key in the " + h + " header"
			sm.SecretText = "add an authentication parameter named `" + keyAPIKey + "` holding the API key."
		case spec.AuthBearer:
			sm.AuthText = "a bearer token"
			sm.SecretText = "add an authentication parameter named `" + keyToken + "` holding the token."
		case spec.AuthBasic:
			sm.AuthText = "HTTP basic"
			sm.SecretText = "enter the `" + keyUsername + "` and `" + keyPassword + "`."
		case spec.AuthOAuth2ClientCredentials:
			sm.AuthText = "OAuth 2.0 client credentials"
			sm.SecretText = "enter the `" + keyClientID + "` and `" + keyClientSecret + "`."
		case spec.AuthOAuth2JWTBearer:
			sm.AuthText = "OAuth 2.0 JWT bearer"
			sm.SecretText = "upload the signing certificate, then set the `iss` and `sub` JWT claims (client id and user)."
		}
		out = append(out, sm)
	}
	return out
}

func (g *gen) systems() error {
	for i, s := range g.spec.Systems {
		sm := g.systemModels()[i]
		principal := ecParam{Group: sm.Principal, Name: sm.Principal, Type: principalTypeNamed, Sequence: 1}
		params := []ecParam{principal}
		protocol := authProtocol(s.Auth.Type)
		genAuth := false
		switch s.Auth.Type {
		case spec.AuthNone:
			params = append(params, ecParam{Group: "DefaultGroup", Name: "Custom", Type: "AuthProtocolVariant", Value: "NoAuthentication", Sequence: 1})
		case spec.AuthAPIKey:
			h := s.Auth.Header
			if h == "" {
				h = spec.DefaultAPIKeyHeader
			}
			params = append(params, ecParam{Group: "DefaultGroup", Name: h, Type: "AuthHeader", Value: "{!$Credential." + sm.ExternalCredential + "." + keyAPIKey + "}", Sequence: 1})
		case spec.AuthBearer:
			params = append(params, ecParam{Group: "DefaultGroup", Name: "Authorization", Type: "AuthHeader", Value: "{!'Bearer ' & $Credential." + sm.ExternalCredential + "." + keyToken + "}", Sequence: 1})
		case spec.AuthBasic:
			genAuth = true
		case spec.AuthOAuth2ClientCredentials, spec.AuthOAuth2JWTBearer:
			genAuth = true
			variant := "ClientCredentialsClientSecret"
			if s.Auth.Type == spec.AuthOAuth2JWTBearer {
				variant = "JwtBearer"
			}
			params = append(params,
				ecParam{Group: "DefaultGroup", Name: "Oauth", Type: "AuthProtocolVariant", Value: variant, Sequence: 1},
				ecParam{Group: "DefaultGroup", Name: "TokenEndpoint", Type: "AuthProviderUrl", Value: s.Auth.TokenURL, Sequence: 1})
			if s.Auth.Scope != "" {
				params = append(params, ecParam{Group: "DefaultGroup", Name: "Scope", Type: "AuthParameter", Value: s.Auth.Scope, Sequence: 1})
			}
		default:
			return fmt.Errorf("systems[%d].auth.type: unknown auth type %q", i, s.Auth.Type)
		}
		ec, err := render("externalCredential.tmpl", externalCredentialModel{Protocol: protocol, Parameters: params, Label: limitLabel(sm.Label + " Auth")})
		if err != nil {
			return err
		}
		nc, err := render("namedCredential.tmpl", namedCredentialModel{
			GenerateAuthorizationHeader: genAuth, Label: limitLabel(sm.Label), URL: s.URL, ExternalCredential: sm.ExternalCredential,
		})
		if err != nil {
			return err
		}
		g.put(srcDir+"externalCredentials/"+sm.ExternalCredential+".externalCredential-meta.xml", ec)
		g.put(srcDir+"namedCredentials/"+s.Name+".namedCredential-meta.xml", nc)
	}
	return nil
}

// ---- objects, events, log and settings ----

func (g *gen) objects() error {
	log := spec.Object{Name: "Integration_Log__c", Label: "Integration Log", Description: "Outcomes of patchbay integration calls.", Fields: []spec.Field{
		{Name: "Attempt__c", Type: spec.FieldNumber, Precision: 2, Scale: 0, Label: "Attempt"},
		{Name: "Flow__c", Type: spec.FieldText, Length: 80, Label: "Flow"},
		{Name: "Integration__c", Type: spec.FieldText, Length: 80, Label: "Integration"},
		{Name: "Message__c", Type: spec.FieldLongTextArea, Length: 131072, Label: "Message"},
		{Name: "Record_Id__c", Type: spec.FieldText, Length: 255, Label: "Record Id"},
		{Name: "Run_Started__c", Type: spec.FieldDateTime, Label: "Run Started"},
		{Name: "Status_Code__c", Type: spec.FieldNumber, Precision: 3, Scale: 0, Label: "Status Code"},
		{Name: "Status__c", Type: spec.FieldPicklist, Values: []string{"Success", "Failure", "Retry"}, Label: "Status"},
		{Name: "Step__c", Type: spec.FieldText, Length: 80, Label: "Step"},
	}}
	if err := g.object(log, &objectModel{
		DeploymentStatus: "Deployed", Description: log.Description, EnableReports: "true", Label: log.Label,
		NameField:   autoNumber("IL-{000000}", "Log Number"),
		PluralLabel: "Integration Logs", SharingModel: "Private", Visibility: "Public",
	}, false); err != nil {
		return err
	}
	if g.webhookSecrets {
		ws := spec.Object{Name: "Webhook_Secret__c", Fields: []spec.Field{{Name: "Secret__c", Type: spec.FieldText, Length: 255, Label: "Secret"}}}
		if err := g.object(ws, &objectModel{
			CustomSettingsType: "List", Description: "Webhook signing secrets, one row per webhook flow; set by an admin after install.",
			EnableFeeds: "false", Label: "Webhook Secret", Visibility: "Protected",
		}, false); err != nil {
			return err
		}
	}
	if err := g.sharedObjects(); err != nil {
		return err
	}
	if g.webhookEvents {
		// One row per event a webhook handled, inserted in the transaction of
		// the flow's record changes: a vendor's retry of that event finds it
		// and is answered without running the flow again. The key is unique,
		// so two deliveries racing each other cannot both commit.
		ev := spec.Object{Name: "Webhook_Event__c", Fields: []spec.Field{
			{Name: "Key__c", Type: spec.FieldText, Length: 64, Label: "Key", ExternalID: true, Unique: true, Required: true,
				Description: "SHA-256 of the flow and the caller's event id."},
			{Name: "Flow__c", Type: spec.FieldText, Length: 80, Label: "Flow"},
		}}
		if err := g.object(ev, &objectModel{
			DeploymentStatus: "Deployed", Description: "Events patchbay webhooks handled, so that a vendor's retry of one is not run twice.",
			EnableReports: "false", Label: "Webhook Event",
			NameField:   autoNumber("WE-{0000000000}", "Webhook Event Number"),
			PluralLabel: "Webhook Events", SharingModel: "Private", Visibility: "Public",
		}, false); err != nil {
			return err
		}
	}
	if len(g.recordIDs) > 0 {
		if err := g.recordIDSettings(); err != nil {
			return err
		}
	}
	for _, o := range g.spec.Objects {
		if !strings.HasSuffix(o.Name, "__c") {
			if err := g.object(o, nil, false); err != nil {
				return err
			}
			continue
		}
		label := limitLabel(labelOf(o.Label, o.Name))
		plural := o.PluralLabel
		if plural == "" {
			plural = pluralOf(label)
		}
		if err := g.object(o, &objectModel{
			DeploymentStatus: "Deployed", Description: o.Description, EnableReports: "true", Label: label,
			NameField:   &nameField{Label: limitLabel(label + " Name"), Type: spec.FieldText},
			PluralLabel: limitLabel(plural), SharingModel: "ReadWrite", Visibility: "Public",
		}, false); err != nil {
			return err
		}
	}
	for _, e := range g.spec.Events {
		label := limitLabel(labelOf(e.Label, e.Name))
		plural := e.PluralLabel
		if plural == "" {
			plural = pluralOf(label)
		}
		if err := g.object(spec.Object{Name: e.Name, Fields: e.Fields}, &objectModel{
			DeploymentStatus: "Deployed", Description: e.Description, EventType: "HighVolume", Label: label,
			PluralLabel: limitLabel(plural), PublishBehavior: "PublishAfterCommit",
		}, true); err != nil {
			return err
		}
	}
	return nil
}

// recordIDSettings writes the Org_Record_Id__mdt type and one record per
// literal record id of the spec, so ids live in configuration an admin
// changes per org rather than in Apex.
func (g *gen) recordIDSettings() error {
	const typ = "Org_Record_Id__mdt"
	if err := g.metadataType(typ, objectModel{
		Description: "Record ids the integration's spec names. Ids differ between orgs: change them here after install.",
		Label:       "Org Record Id", PluralLabel: "Org Record Ids", Visibility: "Public",
	}, metadataTextField("Record_Id__c", "Record Id", 18)); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(g.recordIDs)) {
		rec, err := render("customMetadata.tmpl", customMetadataModel{Label: id, Value: id})
		if err != nil {
			return err
		}
		g.put(srcDir+"customMetadata/Org_Record_Id."+recordIDSetting(id)+".md-meta.xml", rec)
	}
	return nil
}

// object writes an object's file (when obj is not nil: a standard object
// has none) and its fields; event says it is a platform event.
func (g *gen) object(o spec.Object, obj *objectModel, event bool) error {
	dir := srcDir + "objects/" + o.Name + "/"
	if obj != nil {
		data, err := render("object.tmpl", obj)
		if err != nil {
			return err
		}
		g.put(dir+o.Name+".object-meta.xml", data)
	}
	for _, f := range o.Fields {
		data, err := render("field.tmpl", customFieldModel(o.Name, f, event))
		if err != nil {
			return err
		}
		g.put(dir+"fields/"+f.Name+".field-meta.xml", data)
	}
	return nil
}

// metadataType writes a custom metadata type and its fields.
func (g *gen) metadataType(name string, obj objectModel, fields ...fieldModel) error {
	dir := srcDir + "objects/" + name + "/"
	data, err := render("object.tmpl", obj)
	if err != nil {
		return err
	}
	g.put(dir+name+".object-meta.xml", data)
	for _, f := range fields {
		data, err := render("field.tmpl", f)
		if err != nil {
			return err
		}
		g.put(dir+"fields/"+f.FullName+".field-meta.xml", data)
	}
	return nil
}

func orDefault(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

// ---- permission set ----

type fieldPerm struct {
	Field    string
	Editable bool
}

type objectPerm struct {
	Object       string
	Create, Edit bool
}

func (g *gen) permissionSetName() string { return g.spec.Name + "_Integration" }

func (g *gen) permissionSet() error {
	var classes []string
	for p := range g.files {
		if strings.HasPrefix(p, srcDir+"classes/") && strings.HasSuffix(p, ".cls") && !strings.HasSuffix(p, "Test.cls") && path.Base(p) != g.testDataClass()+".cls" {
			classes = append(classes, strings.TrimSuffix(path.Base(p), ".cls"))
		}
	}
	sort.Strings(classes)
	var principals []string
	for _, sm := range g.systemModels() {
		principals = append(principals, sm.ExternalCredential+"-"+sm.Principal)
	}
	var fields []fieldPerm
	objs := []objectPerm{{Object: "Integration_Log__c", Create: true, Edit: true}}
	for _, f := range []string{"Attempt__c", "Flow__c", "Integration__c", "Message__c", "Record_Id__c", "Run_Started__c", "Status_Code__c", "Status__c", "Step__c"} {
		fields = append(fields, fieldPerm{Field: "Integration_Log__c." + f, Editable: true})
	}
	for _, o := range g.spec.Objects {
		if strings.HasSuffix(o.Name, "__c") {
			objs = append(objs, objectPerm{Object: o.Name, Create: true, Edit: true})
		}
		for _, f := range o.Fields {
			if f.Required {
				continue // required fields take no field permissions
			}
			fields = append(fields, fieldPerm{Field: o.Name + "." + f.Name, Editable: true})
		}
	}
	for _, e := range g.spec.Events {
		objs = append(objs, objectPerm{Object: e.Name, Create: true})
	}
	objs = append(objs, objectPerm{Object: "UserExternalCredential"})
	sort.Slice(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	sort.Slice(objs, func(i, j int) bool { return objs[i].Object < objs[j].Object })
	data, err := render("permissionSet.tmpl", permissionSetModel{
		Classes: classes, Principals: principals, Fields: fields, Objects: objs,
		Label:       limitLabel(labelOf(g.spec.Label, g.spec.Name) + " Integration"),
		Description: "Runs the " + labelOf(g.spec.Label, g.spec.Name) + " integration: its classes, credentials, objects and log.",
	})
	if err != nil {
		return err
	}
	g.put(srcDir+"permissionsets/"+g.permissionSetName()+".permissionset-meta.xml", data)
	return nil
}

func (g *gen) channelMembers() error {
	for _, o := range slices.Sorted(maps.Keys(g.cdcObjects)) {
		ev := changeEventName(o)
		data, err := render("channelMember.tmpl", ev)
		if err != nil {
			return err
		}
		g.put(srcDir+"platformEventChannelMembers/ChangeEvents_"+ev+".platformEventChannelMember-meta.xml", data)
	}
	return nil
}

// ---- project files ----

func (g *gen) packageInfo() (name, ns, version string) {
	name, version = labelOf(g.spec.Label, g.spec.Name), "1.0.0"
	if p := g.spec.Package; p != nil {
		if p.Name != "" {
			name = p.Name
		}
		ns = p.Namespace
		if p.Version != "" {
			version = p.Version
		}
	}
	return name, ns, version
}

func (g *gen) project() error {
	name, ns, version := g.packageInfo()
	type pkgDir struct {
		Path            string `json:"path"`
		Default         bool   `json:"default"`
		Package         string `json:"package"`
		VersionName     string `json:"versionName"`
		VersionNumber   string `json:"versionNumber"`
		AncestorVersion string `json:"ancestorVersion,omitempty"`
		DefinitionFile  string `json:"definitionFile"`
	}
	ancestor := ""
	if p := g.spec.Package; ns != "" && p != nil {
		ancestor = p.AncestorVersion
		if ancestor == "" && version != "1.0.0" {
			// Salesforce requires an ancestor once a version was promoted;
			// HIGHEST is the highest promoted version (linear versioning).
			ancestor = "HIGHEST"
		}
	}
	proj := struct {
		PackageDirectories []pkgDir `json:"packageDirectories"`
		Name               string   `json:"name"`
		Namespace          string   `json:"namespace"`
		SfdcLoginURL       string   `json:"sfdcLoginUrl"`
		SourceAPIVersion   string   `json:"sourceApiVersion"`
	}{
		PackageDirectories: []pkgDir{{Path: "force-app", Default: true, Package: name, VersionName: "Version " + version,
			VersionNumber: version + ".NEXT", AncestorVersion: ancestor, DefinitionFile: "config/project-scratch-def.json"}},
		Name: strings.ToLower(g.spec.Name), Namespace: ns, SfdcLoginURL: "https://login.salesforce.com", SourceAPIVersion: g.api,
	}
	data, err := json.MarshalIndent(proj, "", "  ")
	if err != nil {
		return fmt.Errorf("sfdx-project.json: %w", err)
	}
	g.put("sfdx-project.json", append(data, '\n'))
	features := []string{}
	scratch := map[string]any{"orgName": name, "edition": "Developer", "features": features,
		"settings": map[string]any{"lightningExperienceSettings": map[string]any{"enableS1DesktopEnabled": true}}}
	data, err = json.MarshalIndent(scratch, "", "  ")
	if err != nil {
		return fmt.Errorf("project-scratch-def.json: %w", err)
	}
	g.put("config/project-scratch-def.json", append(data, '\n'))
	return nil
}

type pkgType struct {
	Name    string
	Members []string
}

// manifest lists every component of the source in manifest/package.xml.
func (g *gen) manifest() error {
	members := map[string]map[string]bool{}
	add := func(typ, m string) {
		if members[typ] == nil {
			members[typ] = map[string]bool{}
		}
		members[typ][m] = true
	}
	for p := range g.files {
		if !strings.HasPrefix(p, srcDir) {
			continue
		}
		rel := strings.TrimPrefix(p, srcDir)
		parts := strings.Split(rel, "/")
		base := parts[len(parts)-1]
		switch parts[0] {
		case "classes":
			if strings.HasSuffix(base, ".cls") {
				add("ApexClass", strings.TrimSuffix(base, ".cls"))
			}
		case "triggers":
			if strings.HasSuffix(base, ".trigger") {
				add("ApexTrigger", strings.TrimSuffix(base, ".trigger"))
			}
		case "objects":
			add("CustomObject", parts[1])
			if len(parts) == 4 && parts[2] == "fields" {
				add("CustomField", parts[1]+"."+strings.TrimSuffix(base, ".field-meta.xml"))
			}
		case "namedCredentials":
			add("NamedCredential", strings.TrimSuffix(base, ".namedCredential-meta.xml"))
		case "externalCredentials":
			add("ExternalCredential", strings.TrimSuffix(base, ".externalCredential-meta.xml"))
		case "permissionsets":
			add("PermissionSet", strings.TrimSuffix(base, ".permissionset-meta.xml"))
		case "customMetadata":
			add("CustomMetadata", strings.TrimSuffix(base, ".md-meta.xml"))
		case "platformEventChannelMembers":
			add("PlatformEventChannelMember", strings.TrimSuffix(base, ".platformEventChannelMember-meta.xml"))
		case "PlatformEventSubscriberConfigs":
			add("PlatformEventSubscriberConfig", strings.TrimSuffix(base, ".platformEventSubscriberConfig-meta.xml"))
		}
	}
	var types []pkgType
	for _, t := range slices.Sorted(maps.Keys(members)) {
		types = append(types, pkgType{Name: t, Members: slices.Sorted(maps.Keys(members[t]))})
	}
	data, err := render("package.xml.tmpl", manifestModel{Types: types, Version: g.api})
	if err != nil {
		return err
	}
	g.put("manifest/package.xml", data)
	return nil
}

type flowSummary struct {
	*flowModel
	Summary string
	Prefix  string
	Verbs   string
}

// nsPathOf is a namespace as the start of an Apex REST path: "ns/", or ""
// without one.
func nsPathOf(ns string) string {
	if ns == "" {
		return ""
	}
	return ns + "/"
}

func (g *gen) readme() error {
	name, ns, version := g.packageInfo()
	prefix := ""
	if ns != "" {
		prefix = ns + "."
	}
	var flows, schedules, webhooks []flowSummary
	var cdc, actions []string
	for i, m := range g.flows {
		fs := flowSummary{flowModel: m, Prefix: prefix, Summary: g.summary(g.spec.Flows[i])}
		flows = append(flows, fs)
		if m.IsSchedule {
			schedules = append(schedules, fs)
		}
		if m.IsWebhook {
			var verbs []string
			for _, mm := range m.Methods {
				verbs = append(verbs, mm.Verb)
			}
			fs.Verbs = strings.Join(verbs, ", ")
			webhooks = append(webhooks, fs)
		}
		if m.IsAction {
			actions = append(actions, labelOf(g.spec.Flows[i].Trigger.Label, m.FlowName))
		}
	}
	for _, o := range slices.Sorted(maps.Keys(g.cdcObjects)) {
		cdc = append(cdc, o)
	}
	data, err := render("readme.md.tmpl", readmeModel{
		Label: labelOf(g.spec.Label, g.spec.Name), Description: g.spec.Description, Name: g.spec.Name,
		APIVersion: g.api, Namespace: ns, Systems: g.systemModels(), Flows: flows, PermissionSet: g.permissionSetName(),
		Schedules: schedules, Webhooks: webhooks, CDC: strings.Join(cdc, ", "), Actions: actions,
		SecretsClass: g.secretsClass, Replay: g.replaySetup(nsPathOf(ns)),
		Subscribers: g.subscribers(), Sweep: g.setup().Sweep.Apex, SweepClass: sweepClass(ns, g.sweepName()), SettingKey: g.settingKey(),
		RecordIDs:     slices.Sorted(maps.Keys(g.recordIDs)),
		Requires:      slices.Sorted(slices.Values(g.spec.Requires)),
		TestData:      map[bool]string{true: g.testDataClass()}[len(g.testObjects) > 0],
		AssignCommand: []string{ShellCommand("sf", "org", "assign", "permset", "--name", g.permissionSetName())},
		DeployCommands: []string{
			ShellCommand("sf", "project", "deploy", "start", "--source-dir", "force-app"),
			ShellCommand("sf", "project", "deploy", "start", "--metadata-dir", "ZIP_FILE", "--single-package"),
		},
		PackageCommands: []string{
			ShellCommand("sf", "package", "create", "--name", name, "--package-type", "Managed", "--path", "force-app", "--target-dev-hub", "DEVHUB"),
			ShellCommand("sf", "package", "version", "create", "--package", name, "--code-coverage", "--installation-key-bypass", "--wait", "30", "--target-dev-hub", "DEVHUB"),
			ShellCommand("sf", "package", "version", "promote", "--package", name+"@"+version+"-1", "--target-dev-hub", "DEVHUB"),
		},
		AnalyzerCommand: []string{ShellCommand("sf", "code-analyzer", "run", "--rule-selector", "AppExchange", "--rule-selector", "Recommended:Security")},
	})
	if err != nil {
		return err
	}
	g.put("README.md", data)
	return nil
}

// summary describes a flow in plain words for the README.
func (g *gen) summary(f spec.Flow) string {
	tr := f.Trigger
	var when string
	switch tr.Type {
	case spec.TriggerRecordChange:
		when = "when " + article(tr.Object) + " record is " + joinWords(pastTense(tr.On))
	case spec.TriggerChangeEvent:
		when = "when Change Data Capture reports " + article(tr.Object) + " record " + joinWords(pastTense(tr.On))
	case spec.TriggerPlatformEvent:
		when = "when " + article(tr.Event) + " event is published"
	case spec.TriggerSchedule:
		when = "on the schedule `" + tr.Cron + "`"
	case spec.TriggerWebhook:
		when = "when a caller sends " + strings.Join(tr.WebhookMethods(), "/") + " " + MarkdownText(tr.Path)
	case spec.TriggerInvocable:
		when = "when a Flow calls the action \"" + MarkdownText(labelOf(tr.Label, f.Name)) + "\""
	}
	if len(tr.When) > 0 {
		when += " and its conditions hold"
	}
	var did []string
	for _, st := range f.Steps {
		var s string
		switch st.Type {
		case spec.StepCall:
			s = "calls " + st.System + " (" + st.Method + " " + MarkdownText(st.Path) + ")"
		case spec.StepCreate:
			s = "creates " + article(st.Object)
		case spec.StepUpdate:
			s = "updates " + article(st.Object)
		case spec.StepUpsert:
			s = "upserts " + st.Object + " records by " + st.ExternalID
		case spec.StepPublish:
			s = "publishes " + st.Event
		case spec.StepReply:
			s = "replies " + fmt.Sprint(orDefault(st.Status, 200))
		}
		if st.ForEach != "" {
			s += " for each item of " + MarkdownText(strings.TrimSuffix(strings.TrimPrefix(st.ForEach, "{!"), "}"))
		}
		did = append(did, s)
	}
	return strings.ToUpper(when[:1]) + when[1:] + ", it " + joinWords(did) + "."
}

// article puts "a" or "an" before a name.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

func pastTense(on []string) []string {
	out := make([]string, len(on))
	for i, o := range on {
		out[i] = map[string]string{"create": "created", "update": "updated", "delete": "deleted", "undelete": "undeleted"}[o]
	}
	return out
}

func joinWords(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// maxRelationshipName is the longest child relationship name Salesforce
// takes (a relationship name follows the 40-character API name rule).
const maxRelationshipName = 40

// childRelationshipName names the parent-to-child relationship of a lookup
// after the child object and the field (Invoice__c.Account__c gives
// Invoice_Account): unique in the org for every lookup, where a name from
// the field alone (Accounts) collides as soon as two objects, or two
// integrations, add a lookup named alike to the same parent.
func childRelationshipName(object, field string) string {
	clean := func(s string) string {
		return strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(s, "__c"), "__e"), "__", "_")
	}
	name := clean(object) + "_" + clean(field)
	return shorten(name, maxRelationshipName)
}
