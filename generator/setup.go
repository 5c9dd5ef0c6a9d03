package generator

import (
	"slices"
	"strings"
)

// Setup is what an org admin still has to do after the package is
// installed, as the README's "After install" lists it: the generated
// names, so that a deploy's outcome can say what is left in words.
type Setup struct {
	// PermissionSet is the permission set to assign to the users who run
	// the integration.
	PermissionSet string
	// Schedules are the schedule flows, each started once.
	Schedules []ScheduleSetup
	// Webhooks are the webhook flows, each exposed to its caller.
	Webhooks []WebhookSetup
	// Events are the flows triggered by platform or change events, whose
	// triggers run as the Automated Process user unless a
	// PlatformEventSubscriberConfig names another.
	Events []EventSetup
	// Replay is the entry point that runs a flow again for given records;
	// nil when no flow can be replayed.
	Replay *ReplaySetup
	// Sweep schedules the integration's hourly sweep: it enqueues work the
	// Queueable limits held back and purges log rows past their retention.
	// Its Flow is empty.
	Sweep ScheduleSetup
}

// Jobs lists every scheduled job the integration needs started once in an
// org: the schedule flows, then the sweep.
func (s Setup) Jobs() []ScheduleSetup {
	out := slices.Clone(s.Schedules)
	if s.Sweep.Apex != "" {
		out = append(out, s.Sweep)
	}
	return out
}

// EventSetup is one event flow's trigger.
type EventSetup struct {
	Flow    string
	Trigger string // the Apex trigger's name, without namespace
}

// ScheduleSetup is one schedule flow to start.
type ScheduleSetup struct {
	Flow string // the flow's name; empty for the sweep
	// Job is the scheduled job's name in the org (CronTrigger's
	// CronJobDetail.Name): the flow's name, or "<spec> sweep".
	Job  string
	Cron string // the spec's cron expression
	// Apex is the Execute Anonymous line that schedules it.
	Apex string
}

// WebhookSetup is one webhook flow to expose.
type WebhookSetup struct {
	Flow    string
	Methods []string
	// Path is the Apex REST path after the org's domain, with the
	// namespace: /services/apexrest/ns/orders.
	Path string
	// Signed says callers sign requests; SecretApex sets the secret.
	Signed     bool
	SecretApex string
}

// setup lists what is left after install, from the generated flows.
func (g *gen) setup() Setup {
	_, ns, _ := g.packageInfo()
	prefix, nsPath := "", ""
	if ns != "" {
		prefix, nsPath = ns+".", ns+"/"
	}
	sweep := prefix + g.sweepName()
	s := Setup{PermissionSet: g.permissionSetName(), Replay: g.replaySetup(nsPath), Sweep: ScheduleSetup{Job: g.spec.Name + " sweep", Cron: sweepCron,
		Apex: "System.schedule('" + g.spec.Name + " sweep', " + sweep + ".CRON, new " + sweep + "());"}}
	for i, m := range g.flows {
		if m.IsSchedule {
			s.Schedules = append(s.Schedules, ScheduleSetup{Flow: m.FlowName, Job: m.FlowName, Cron: g.spec.Flows[i].Trigger.Cron,
				Apex: "System.schedule('" + m.FlowName + "', " + prefix + m.Schedule + ".CRON, new " + prefix + m.Schedule + "());"})
		}
		if (m.IsEvent || m.IsCDC) && m.Trigger != "" {
			s.Events = append(s.Events, EventSetup{Flow: m.FlowName, Trigger: m.Trigger})
		}
		if m.IsWebhook {
			w := WebhookSetup{Flow: m.FlowName, Path: "/services/apexrest/" + nsPath + strings.TrimPrefix(m.Path, "/"), Signed: m.Verify}
			for _, mm := range m.Methods {
				w.Methods = append(w.Methods, mm.Verb)
			}
			if m.Verify {
				w.SecretApex = g.secretsClass + ".setSecret('" + m.SecretKeyName + "', '<secret>');"
			}
			s.Webhooks = append(s.Webhooks, w)
		}
	}
	return s
}
