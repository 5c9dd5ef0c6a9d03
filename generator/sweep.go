package generator

import "github.com/patchbay/patchbay/spec"

// sweepCron is when the sweep runs: every hour, on the hour (the sweep
// class's CRON).
const sweepCron = "0 0 * * * ?"

// sweepName is the integration's Schedulable sweep class: it enqueues the
// work that transactions kept as Integration_Work__c rows when they could
// not add a Queueable, and deletes log rows past the retention period.
func (g *gen) sweepName() string {
	return shorten(g.spec.Name, maxApexName-len("SweepTest")) + "Sweep"
}

// settingKey names the integration's Integration_Log_Setting__c row (a
// custom setting's Name holds at most 38 characters).
func (g *gen) settingKey() string { return shorten(g.spec.Name, 38) }

// sweepJob is one flow whose Queueable (its job, or a webhook's deferred
// segments) the sweep hands pending works back to.
type sweepJob struct {
	Flow  string // ApexString of the flow name
	Class string
}

// sweepModel is what sweep.cls.tmpl and sweep_test.cls.tmpl render: the
// sweep class and its test, the runtime class, the package's namespace
// prefix ("ns." or ""), the integration's label and name, the classes whose
// pending works it resumes, and the key of its retention setting.
type sweepModel struct {
	Sweep, SweepTest, Runtime, Prefix string
	Label, Name                       string
	Jobs                              []sweepJob
	SettingKey                        string
}

func (g *gen) sweepFiles(name string) error {
	_, ns, _ := g.packageInfo()
	prefix := ""
	if ns != "" {
		prefix = ns + "."
	}
	var jobs []sweepJob
	for _, m := range g.flows {
		// A webhook whose later segments run in a Queueable keeps pending works too.
		if m.IsJob || m.Deferred {
			jobs = append(jobs, sweepJob{Flow: m.Flow, Class: m.Class})
		}
	}
	data := sweepModel{Sweep: name, SweepTest: name + "Test", Runtime: g.runtime, Prefix: prefix,
		Label: labelOf(g.spec.Label, g.spec.Name), Name: g.spec.Name, Jobs: jobs, SettingKey: g.settingKey()}
	if err := g.class(name, "sweep.cls.tmpl", data); err != nil {
		return err
	}
	return g.class(name+"Test", "sweep_test.cls.tmpl", data)
}

// sharedObjects writes the objects every patchbay integration in an org
// shares, each row carrying its integration's name: the log's retention
// setting and the pending work the Queueable limits held back. Every
// integration writes the same definitions, so deploying one does not change
// another's.
func (g *gen) sharedObjects() error {
	setting := spec.Object{Name: "Integration_Log_Setting__c", Fields: []spec.Field{
		{Name: "Retention_Days__c", Type: spec.FieldNumber, Precision: 4, Scale: 0, Label: "Retention Days",
			Description: "Days Integration_Log__c rows of the integration named by this row are kept before the sweep deletes them (default 30)."},
	}}
	if err := g.object(setting, &objectModel{
		CustomSettingsType: "List",
		Description:        "Per patchbay integration (row name: the integration's name), how long its log rows are kept.",
		EnableFeeds:        "false", Label: "Integration Log Setting", Visibility: "Public",
	}, false); err != nil {
		return err
	}
	work := spec.Object{Name: "Integration_Work__c", Fields: []spec.Field{
		{Name: "Flow__c", Type: spec.FieldText, Length: 80, Label: "Flow"},
		{Name: "Integration__c", Type: spec.FieldText, Length: 80, Label: "Integration"},
		{Name: "Not_Before__c", Type: spec.FieldDateTime, Label: "Not Before"},
		{Name: "Works__c", Type: spec.FieldLongTextArea, Length: 131072, Label: "Works"},
	}}
	return g.object(work, &objectModel{
		DeploymentStatus: "Deployed",
		Description:      "Work a patchbay integration could not enqueue at once (Queueable limits); its sweep enqueues it later.",
		EnableReports:    "false", Label: "Integration Work",
		NameField:   autoNumber("IW-{000000}", "Work Number"),
		PluralLabel: "Integration Work", SharingModel: "Private", Visibility: "Public",
	}, false)
}

// sweepClass is the sweep class as Execute Anonymous names it: with the
// package namespace, when there is one.
func sweepClass(ns, name string) string {
	if ns != "" {
		return ns + "." + name
	}
	return name
}
