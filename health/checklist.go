// Package health says, per org and integration, whether a deployed
// integration is live and well: a checklist of the steps left after a
// deploy, each checked against the org (credentials set, permission set
// assigned, schedules started, webhooks exposed, event flows' running
// user), and a health report from the org's limits and the runs patchbay
// read back (package runs). Nothing is reported as done, live or healthy
// unless the org said so in this check.
//
// It imports salesforce, generator, spec and store (domain types only);
// never web or cmd.
package health

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
)

// State is the outcome of one check.
type State string

// States of a check. Unchecked means patchbay cannot tell from the org
// (the step is never counted as done).
const (
	Pass      State = "pass"
	Fail      State = "fail"
	Unchecked State = "unchecked"
)

// Step kinds, in the order an admin takes them.
const (
	StepCredentials   = "credentials"
	StepPermissionSet = "permission-set"
	StepSchedules     = "schedules"
	StepWebhook       = "webhook"
	StepEventUser     = "event-user"
)

// Step is one item of the checklist.
type Step struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	State State  `json:"state"`
	// Detail says what the org showed: why it passed or what is missing.
	Detail string `json:"detail"`
	// Fix is how to do it (a command, an Apex line, an address).
	Fix string `json:"fix,omitempty"`
	// How explains Fix.
	How string `json:"how,omitempty"`
	// Startable is set on a failing schedules step that patchbay can fix
	// by starting the schedules (StartSchedules).
	Startable bool `json:"startable,omitempty"`
}

// Checklist is one org's steps for one integration.
type Checklist struct {
	Steps []Step `json:"steps"`
	// Live is true only when every step passed in this check.
	Live bool `json:"live"`
}

// Left lists the steps that did not pass.
func (c Checklist) Left() []Step {
	var out []Step
	for _, s := range c.Steps {
		if s.State != Pass {
			out = append(out, s)
		}
	}
	return out
}

// Target is a deployed integration as the checks need it: names the
// generator gave the package, and where the org is.
type Target struct {
	Integration string
	Setup       generator.Setup
	Credentials []generator.Credential
	// InstanceURL is the org's address, for webhook URLs.
	InstanceURL string
	// Username is the connected user's, for the commands shown.
	Username string
}

// NewTarget works out the target of a spec deployed to an org at
// instanceURL.
func NewTarget(s *spec.Spec, instanceURL, username string) (Target, error) {
	b, err := generator.Generate(s)
	if err != nil {
		return Target{}, fmt.Errorf("generating %s: %w", s.Name, err)
	}
	t := Target{Integration: s.Name, Setup: b.Setup, Credentials: generator.Credentials(s),
		InstanceURL: strings.TrimRight(instanceURL, "/"), Username: username}
	return t, nil
}

// Check runs the checklist against the org. An error means the org could
// not be asked at all (connection, limit); a step the org answered is in
// the checklist whatever its state.
func Check(ctx context.Context, cl *salesforce.Client, t Target) (Checklist, error) {
	var out Checklist
	if len(t.Credentials) > 0 {
		st, err := checkCredentials(ctx, cl, t)
		if err != nil {
			return out, err
		}
		out.Steps = append(out.Steps, st)
	}
	assignees, err := permissionSetAssignees(ctx, cl, t.Setup.PermissionSet)
	if err != nil {
		return out, err
	}
	out.Steps = append(out.Steps, permissionSetStep(t, assignees))
	if len(t.Setup.Jobs()) > 0 {
		st, err := checkSchedules(ctx, cl, t)
		if err != nil {
			return out, err
		}
		out.Steps = append(out.Steps, st)
	}
	if len(t.Setup.Webhooks) > 0 {
		site, err := exposingSite(ctx, cl, assignees)
		if err != nil {
			return out, err
		}
		for _, w := range t.Setup.Webhooks {
			out.Steps = append(out.Steps, webhookStep(t, w, site))
		}
	}
	if len(t.Setup.Events) > 0 {
		st, err := eventUserStep(ctx, cl, t, assignees)
		if err != nil {
			return out, err
		}
		out.Steps = append(out.Steps, st)
	}
	out.Live = len(out.Steps) > 0
	for _, s := range out.Steps {
		if s.State != Pass {
			out.Live = false
		}
	}
	return out, nil
}

func checkCredentials(ctx context.Context, cl *salesforce.Client, t Target) (Step, error) {
	st := Step{Kind: StepCredentials, Title: "Enter the credentials of each system", State: Pass}
	var done, missing []string
	for _, c := range t.Credentials {
		set, why, err := principalSet(ctx, cl, c)
		if err != nil {
			return st, err
		}
		if set {
			done = append(done, c.Label)
			continue
		}
		missing = append(missing, c.Label+" ("+why+")")
	}
	if len(missing) > 0 {
		st.State = Fail
		st.Detail = "Not set: " + strings.Join(missing, "; ") + "."
		var where []string
		for _, c := range t.Credentials {
			where = append(where, c.ExternalCredential+", principal "+c.Principal)
		}
		st.How = "Enter them in Setup → Named Credentials → External Credentials (" + strings.Join(where, "; ") +
			"), or deploy again with --credentials."
		return st, nil
	}
	st.Detail = "Set for " + strings.Join(done, ", ") + "."
	return st, nil
}

// principalSet asks the org whether a credential's principal has its
// secrets: from the principal's authenticationStatus, or for the Custom
// protocol (status Unknown) from the stored credential.
func principalSet(ctx context.Context, cl *salesforce.Client, c generator.Credential) (bool, string, error) {
	info, err := cl.ExternalCredential(ctx, c.ExternalCredential)
	if errors.Is(err, salesforce.ErrNotFound) {
		return false, "External Credential " + c.ExternalCredential + " is not in the org", nil
	}
	if err != nil {
		return false, "", err
	}
	for _, p := range info.Principals {
		if p.PrincipalName != c.Principal {
			continue
		}
		switch p.AuthenticationStatus {
		case salesforce.AuthStatusConfigured:
			return true, "", nil
		case salesforce.AuthStatusNotConfigured:
			return false, "principal " + c.Principal + " is not configured", nil
		}
		set, err := cl.CredentialSet(ctx, c.ExternalCredential, c.Principal, c.PrincipalType)
		if err != nil {
			return false, "", err
		}
		return set, "principal " + c.Principal + " has no credentials", nil
	}
	return false, "principal " + c.Principal + " is not in the org", nil
}

// permissionSetAssignees returns the ids of the users (guest users of
// Sites among them) who hold the permission set.
func permissionSetAssignees(ctx context.Context, cl *salesforce.Client, ps string) (map[string]bool, error) {
	out := map[string]bool{}
	q := "SELECT Id, AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = " + salesforce.SOQLString(ps) + " LIMIT 2000"
	err := salesforce.QueryRows(ctx, cl, q, func(r struct {
		AssigneeID string `json:"AssigneeId"`
	}) error {
		out[r.AssigneeID] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the assignments of %s: %w", ps, err)
	}
	return out, nil
}

func permissionSetStep(t Target, assignees map[string]bool) Step {
	ps := t.Setup.PermissionSet
	st := Step{Kind: StepPermissionSet, Title: "Assign the permission set " + ps}
	target := "<username>"
	if t.Username != "" && !strings.ContainsAny(t.Username, " '\"`$\\;&|<>") {
		target = t.Username
	}
	n := len(assignees)
	if n == 0 {
		st.State = Fail
		st.Detail = "No user has the permission set " + ps + " in this org."
		st.How = "Assign it to every user who runs the integration (Setup → Permission Sets), or run:"
		st.Fix = "sf org assign permset --name " + ps + " --target-org " + target
		return st
	}
	st.State = Pass
	st.Detail = fmt.Sprintf("Assigned to %d %s.", n, plural(n, "user", "users"))
	return st
}

// site is an active Salesforce Site whose guest user holds the
// permission set: where senders without a Salesforce sign-in call.
type site struct {
	Name, SecureURL string
}

// exposingSite finds an active Site whose guest user holds the
// permission set; nil when there is none.
func exposingSite(ctx context.Context, cl *salesforce.Client, assignees map[string]bool) (*site, error) {
	type siteRow struct {
		ID      string `json:"Id"`
		Name    string `json:"Name"`
		GuestID string `json:"GuestUserId"`
	}
	var found *siteRow
	err := salesforce.QueryRows(ctx, cl, "SELECT Id, Name, GuestUserId FROM Site WHERE Status = 'Active' LIMIT 200", func(r siteRow) error {
		if found == nil && assignees[r.GuestID] {
			found = &r
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the org's Sites: %w", err)
	}
	if found == nil {
		return nil, nil
	}
	out := &site{Name: found.Name}
	err = salesforce.QueryRows(ctx, cl, "SELECT DurableId, SecureUrl FROM SiteDetail WHERE DurableId = "+salesforce.SOQLString(found.ID), func(r struct {
		SecureURL string `json:"SecureUrl"`
	}) error {
		out.SecureURL = strings.TrimRight(r.SecureURL, "/")
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the address of Site %s: %w", found.Name, err)
	}
	return out, nil
}

// ScheduledJob is a scheduled Apex job in an org.
type ScheduledJob struct {
	Name  string
	State string
	Cron  string
}

// ScheduledJobs lists the org's scheduled Apex jobs (CronTrigger of job
// type 7) that are still to run.
func ScheduledJobs(ctx context.Context, cl *salesforce.Client) ([]ScheduledJob, error) {
	type row struct {
		State  string `json:"State"`
		Cron   string `json:"CronExpression"`
		Detail struct {
			Name string `json:"Name"`
		} `json:"CronJobDetail"`
	}
	var out []ScheduledJob
	err := salesforce.QueryRows(ctx, cl, "SELECT Id, State, CronExpression, CronJobDetail.Name FROM CronTrigger WHERE CronJobDetail.JobType = '7' LIMIT 2000",
		func(r row) error {
			if r.State == "DELETED" || r.State == "COMPLETE" || r.State == "ERROR" {
				return nil
			}
			out = append(out, ScheduledJob{Name: r.Detail.Name, State: r.State, Cron: r.Cron})
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading scheduled jobs: %w", err)
	}
	return out, nil
}

func checkSchedules(ctx context.Context, cl *salesforce.Client, t Target) (Step, error) {
	st := Step{Kind: StepSchedules, Title: "Start the schedules"}
	jobs, err := ScheduledJobs(ctx, cl)
	if err != nil {
		return st, err
	}
	var started, missing []string
	var fix []string
	for _, sc := range t.Setup.Jobs() {
		if slices.ContainsFunc(jobs, func(j ScheduledJob) bool { return j.Name == sc.Job }) {
			started = append(started, sc.Job+" ("+spec.CronWords(sc.Cron)+")")
			continue
		}
		missing = append(missing, sc.Job)
		fix = append(fix, sc.Apex)
	}
	if len(missing) > 0 {
		st.State, st.Startable = Fail, true
		st.Detail = "No scheduled job named " + strings.Join(missing, ", ") + " in this org."
		st.How = "Let patchbay start them, or run this once in the Developer Console, Execute Anonymous:"
		st.Fix = strings.Join(fix, "\n")
		return st, nil
	}
	st.State = Pass
	st.Detail = "Scheduled: " + strings.Join(started, ", ") + ". While they are, Salesforce refuses to deploy their classes again " +
		"unless Setup → Deployment Settings allows deployments of components when corresponding Apex jobs are pending or in progress."
	return st, nil
}

func webhookStep(t Target, w generator.WebhookSetup, exposed *site) Step {
	st := Step{Kind: StepWebhook, Title: "Expose the webhook " + w.Flow + " (" + strings.Join(w.Methods, ", ") + ")"}
	if exposed != nil && exposed.SecureURL != "" {
		st.State = Pass
		st.Detail = "Site " + exposed.Name + " is active and its guest user has the permission set " + t.Setup.PermissionSet + ". Give the sender this address:"
		st.Fix = exposed.SecureURL + w.Path
		if w.Signed {
			st.How = "Set the signing secret the sender uses, once, in Execute Anonymous: " + w.SecretApex
		}
		return st
	}
	base := t.InstanceURL
	if base == "" {
		base = "https://<this org's domain>"
	}
	st.State = Fail
	st.Detail = "No active Salesforce Site whose guest user has the permission set " + t.Setup.PermissionSet + ": senders without a Salesforce sign-in cannot reach " + w.Path + "."
	st.How = "Create a Site (Setup → Sites), activate it, and assign the permission set " + t.Setup.PermissionSet +
		" to its guest user (the Site's Public Access Settings). Senders then use https://<site domain>" + w.Path +
		". Callers with a Salesforce sign-in can already use the org's own address:"
	st.Fix = base + w.Path
	if w.Signed {
		st.How += " Then set the signing secret the sender uses, in Execute Anonymous: " + w.SecretApex
	}
	return st
}

// Started is the outcome of starting one schedule.
type Started struct {
	Flow string `json:"flow"`
	// Already is set when the job was scheduled before: nothing was run.
	Already bool   `json:"already,omitempty"`
	Error   string `json:"error,omitempty"`
}

// StartSchedules starts each of the target's schedules that the org does
// not have yet, by running its System.schedule line as anonymous Apex
// (which needs the connected user to have Author Apex). A schedule already
// in the org is left alone.
func StartSchedules(ctx context.Context, cl *salesforce.Client, t Target) ([]Started, error) {
	jobs, err := ScheduledJobs(ctx, cl)
	if err != nil {
		return nil, err
	}
	var out []Started
	for _, sc := range t.Setup.Jobs() {
		if slices.ContainsFunc(jobs, func(j ScheduledJob) bool { return j.Name == sc.Job }) {
			out = append(out, Started{Flow: sc.Job, Already: true})
			continue
		}
		res, err := cl.ExecuteAnonymous(ctx, sc.Apex)
		if err != nil {
			return out, fmt.Errorf("starting %s: %w", sc.Job, err)
		}
		out = append(out, Started{Flow: sc.Job, Error: res.Problem()})
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// eventUserStep checks that each event flow's trigger runs as a user who
// holds the permission set: a PlatformEventSubscriberConfig names the
// user (without one the trigger runs as the Automated Process user, which
// patchbay does not count as set up).
func eventUserStep(ctx context.Context, cl *salesforce.Client, t Target, assignees map[string]bool) (Step, error) {
	st := Step{Kind: StepEventUser, Title: "Set the user event flows run as"}
	var names []string
	for _, e := range t.Setup.Events {
		names = append(names, salesforce.SOQLString(e.Trigger))
	}
	triggers := map[string]string{} // id → name
	err := salesforce.ToolingQueryRows(ctx, cl, "SELECT Id, Name FROM ApexTrigger WHERE Name IN ("+strings.Join(names, ", ")+")", func(r struct {
		ID   string `json:"Id"`
		Name string `json:"Name"`
	}) error {
		triggers[r.ID] = r.Name
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("reading the org's triggers: %w", err)
	}
	runAs := map[string]string{} // trigger name → user id
	err = salesforce.ToolingQueryRows(ctx, cl, "SELECT Id, PlatformEventConsumerId, UserId FROM PlatformEventSubscriberConfig", func(r struct {
		Consumer string `json:"PlatformEventConsumerId"`
		User     string `json:"UserId"`
	}) error {
		if name, ok := triggers[r.Consumer]; ok {
			runAs[name] = r.User
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("reading the org's PlatformEventSubscriberConfigs: %w", err)
	}
	var done, missing []string
	var fix []string
	for _, e := range t.Setup.Events {
		user, ok := runAs[e.Trigger]
		switch {
		case !ok || user == "":
			missing = append(missing, e.Flow+" (trigger "+e.Trigger+" runs as the Automated Process user: no PlatformEventSubscriberConfig names a user)")
		case !assignees[user]:
			missing = append(missing, e.Flow+" (trigger "+e.Trigger+" runs as user "+user+", who lacks the permission set "+t.Setup.PermissionSet+")")
		default:
			done = append(done, e.Flow)
			continue
		}
		fix = append(fix, "<PlatformEventSubscriberConfig xmlns=\"http://soap.sforce.com/2006/04/metadata\"><batchSize>200</batchSize><masterLabel>"+
			e.Trigger+"Config</masterLabel><platformEventConsumer>"+e.Trigger+"</platformEventConsumer><user>"+xmlText(t.Username)+"</user></PlatformEventSubscriberConfig>")
	}
	if len(missing) > 0 {
		st.State = Fail
		st.Detail = "Not set: " + strings.Join(missing, "; ") + "."
		st.How = "Deploy a PlatformEventSubscriberConfig for each trigger naming a user who has the permission set " + t.Setup.PermissionSet +
			" (its callouts use that user's access to the credentials), for example:"
		st.Fix = strings.Join(fix, "\n")
		return st, nil
	}
	st.State = Pass
	st.Detail = "Each event trigger runs as a user with the permission set: " + strings.Join(done, ", ") + "."
	return st, nil
}

// xmlText escapes s for XML character data.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
