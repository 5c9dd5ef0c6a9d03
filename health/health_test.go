package health_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/health"
	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// org is a simulated org with an example's package deployed.
type org struct {
	srv    *sfsim.Server
	tok    salesforce.Token
	cl     *salesforce.Client
	spec   *spec.Spec
	target health.Target
}

// deployed deploys examples/<example>.yaml to a fresh simulated org.
func deployed(t *testing.T, example string) *org {
	t.Helper()
	data, err := os.ReadFile("../examples/" + example + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generator.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	zip, err := b.MetadataZip()
	if err != nil {
		t.Fatal(err)
	}
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.SetBaseURL(ts.URL)
	tok, err := srv.IssueToken("prod", "")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := cl.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true, SinglePackage: true, TestLevel: salesforce.TestLevelRunLocalTests})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := cl.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond}); err != nil || !res.Success {
		t.Fatalf("deploy: %+v, %v", res, err)
	}
	tg, err := health.NewTarget(s, tok.InstanceURL, srv.Orgs()[0].Usernames[0])
	if err != nil {
		t.Fatal(err)
	}
	return &org{srv: srv, tok: tok, cl: cl, spec: s, target: tg}
}

// setCredentials enters every credential of the spec, as an admin would.
func (o *org) setCredentials(t *testing.T) {
	t.Helper()
	for _, c := range o.target.Credentials {
		vals := map[string]salesforce.CredentialValue{}
		for _, k := range c.Keys {
			vals[k.Name] = salesforce.CredentialValue{Value: "v", Encrypted: k.Secret}
		}
		if err := o.cl.SetCredential(context.Background(), salesforce.PrincipalCredentials{ExternalCredential: c.ExternalCredential,
			AuthenticationProtocol: c.Protocol, PrincipalName: c.Principal, PrincipalType: c.PrincipalType, Credentials: vals}); err != nil {
			t.Fatal(err)
		}
	}
}

// writeLog writes an Integration_Log__c row over REST, as the Apex does.
func (o *org) writeLog(t *testing.T, status string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{runs.FieldIntegr: o.spec.Name, runs.FieldFlow: o.spec.Flows[0].Name, runs.FieldStatus: status, runs.FieldAttempt: 1})
	req, _ := http.NewRequest(http.MethodPost, o.tok.InstanceURL+"/services/data/v66.0/sobjects/Integration_Log__c", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+o.tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("writing a log row: %s", resp.Status)
	}
}

func states(c health.Checklist) map[string]health.State {
	out := map[string]health.State{}
	for _, s := range c.Steps {
		out[s.Kind] = s.State
	}
	return out
}

func TestChecklistIsLiveOnlyOnceTheOrgShowsEveryStepDone(t *testing.T) {
	o := deployed(t, "netsuite-nightly-invoices")
	ctx := context.Background()
	c, err := health.Check(ctx, o.cl, o.target)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]health.State{health.StepCredentials: health.Fail, health.StepPermissionSet: health.Fail, health.StepSchedules: health.Fail}
	if got := states(c); !equalStates(got, want) || c.Live {
		t.Fatalf("after deploy: %v live=%v, want %v and not live", got, c.Live, want)
	}
	for _, s := range c.Steps {
		if s.Kind == health.StepSchedules && (!s.Startable || !strings.Contains(s.Fix, "System.schedule(")) {
			t.Errorf("schedules step offers no start: %+v", s)
		}
		if s.Kind == health.StepPermissionSet && !strings.Contains(s.Fix, "sf org assign permset --name "+o.target.Setup.PermissionSet) {
			t.Errorf("permission set step: %+v", s)
		}
	}

	o.setCredentials(t)
	if err := o.srv.AssignPermissionSet("prod", o.target.Username, o.target.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	c, _ = health.Check(ctx, o.cl, o.target)
	if got := states(c); got[health.StepSchedules] != health.Fail || got[health.StepCredentials] != health.Pass || got[health.StepPermissionSet] != health.Pass || c.Live {
		t.Fatalf("before the schedules start: %v live=%v", got, c.Live)
	}

	started, err := health.StartSchedules(ctx, o.cl, o.target)
	if err != nil || len(started) != len(o.target.Setup.Jobs()) || started[0].Error != "" || started[0].Already || started[len(started)-1].Error != "" {
		t.Fatalf("start: %+v %v", started, err)
	}
	if again, err := health.StartSchedules(ctx, o.cl, o.target); err != nil || !again[0].Already {
		t.Errorf("starting again: %+v %v, want already started and nothing run", again, err)
	}
	if jobs := o.srv.ScheduledJobs("prod"); len(jobs) != len(o.target.Setup.Jobs()) || len(jobs) != len(o.target.Setup.Schedules)+1 {
		t.Errorf("org jobs %v", jobs)
	}
	c, _ = health.Check(ctx, o.cl, o.target)
	if !c.Live || len(c.Left()) != 0 {
		t.Fatalf("all done: %+v", c)
	}
}

// ready does the steps an admin does in the org: credentials, the
// permission set, the schedules.
func (o *org) ready(t *testing.T) {
	t.Helper()
	o.setCredentials(t)
	if err := o.srv.AssignPermissionSet("prod", o.target.Username, o.target.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	if _, err := health.StartSchedules(context.Background(), o.cl, o.target); err != nil {
		t.Fatal(err)
	}
}

func TestAWebhookIsExposedOnlyThroughAnActiveSiteWhoseGuestHasThePermissionSet(t *testing.T) {
	o := deployed(t, "zendesk-ticket-webhook")
	o.ready(t)
	ctx := context.Background()
	c, err := health.Check(ctx, o.cl, o.target)
	if err != nil {
		t.Fatal(err)
	}
	left := c.Left()
	if c.Live || len(left) != 1 || left[0].Kind != health.StepWebhook || left[0].State != health.Fail ||
		!strings.HasPrefix(left[0].Fix, o.tok.InstanceURL+"/services/apexrest/") || !strings.Contains(left[0].How, "Setup → Sites") {
		t.Fatalf("without a Site: %+v", c)
	}
	site, err := o.srv.CreateSite("prod", "Webhooks")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := health.Check(ctx, o.cl, o.target); c.Live {
		t.Fatalf("live through a Site whose guest user lacks the permission set: %+v", c.Left())
	}
	if err := o.srv.AssignPermissionSet("prod", site.GuestUsername, o.target.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	c, _ = health.Check(ctx, o.cl, o.target)
	if !c.Live {
		t.Fatalf("with the Site: %+v", c.Left())
	}
	for _, s := range c.Steps {
		if s.Kind == health.StepWebhook && s.Fix != site.SecureURL+o.target.Setup.Webhooks[0].Path {
			t.Errorf("webhook address %q, want the Site's %q", s.Fix, site.SecureURL+o.target.Setup.Webhooks[0].Path)
		}
	}
}

func TestAnEventFlowIsLiveOnlyWhenItsTriggerRunsAsAUserWithThePermissionSet(t *testing.T) {
	o := deployed(t, "hubspot-lead-cdc")
	o.ready(t)
	ctx := context.Background()
	if len(o.target.Setup.Events) == 0 {
		t.Fatal("the example has no event flow")
	}
	c, err := health.Check(ctx, o.cl, o.target)
	if err != nil {
		t.Fatal(err)
	}
	left := c.Left()
	if c.Live || len(left) != 1 || left[0].Kind != health.StepEventUser || left[0].State != health.Fail ||
		!strings.Contains(left[0].Detail, "Automated Process") || !strings.Contains(left[0].Fix, "<platformEventConsumer>"+o.target.Setup.Events[0].Trigger+"</platformEventConsumer>") {
		t.Fatalf("without a subscriber config: %+v", c)
	}
	// A config naming a user without the permission set is not enough.
	if err := o.srv.SetEventSubscriber("prod", o.target.Setup.Events[0].Trigger, "other@prod.sfsim"); err != nil {
		t.Fatal(err)
	}
	if c, _ := health.Check(ctx, o.cl, o.target); c.Live {
		t.Fatal("live with a config naming a user the org lacks")
	}
	if err := o.srv.SetEventSubscriber("prod", o.target.Setup.Events[0].Trigger, o.target.Username); err != nil {
		t.Fatal(err)
	}
	c, _ = health.Check(ctx, o.cl, o.target)
	if len(o.target.Setup.Events) > 1 {
		if c.Live || strings.Contains(c.Left()[0].Fix, o.target.Setup.Events[0].Trigger+"</platformEventConsumer>") {
			t.Fatalf("one trigger of %d set: %+v", len(o.target.Setup.Events), c.Left())
		}
	}
	for _, e := range o.target.Setup.Events[1:] {
		if err := o.srv.SetEventSubscriber("prod", e.Trigger, o.target.Username); err != nil {
			t.Fatal(err)
		}
	}
	c, _ = health.Check(ctx, o.cl, o.target)
	if !c.Live {
		t.Fatalf("with the config: %+v", c.Left())
	}
}

func TestAssessTurnsHealthyFromTheOrgAndItsRuns(t *testing.T) {
	o := deployed(t, "netsuite-nightly-invoices")
	ctx := context.Background()
	now := time.Now()
	rep, err := health.Assess(ctx, o.cl, o.target, nil, now, health.DefaultThresholds)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != health.Failing || len(rep.Reasons) == 0 {
		t.Fatalf("fresh deploy: %+v", rep)
	}
	o.setCredentials(t)
	_ = o.srv.AssignPermissionSet("prod", o.target.Username, o.target.Setup.PermissionSet)
	if _, err := health.StartSchedules(ctx, o.cl, o.target); err != nil {
		t.Fatal(err)
	}
	rep, _ = health.Assess(ctx, o.cl, o.target, nil, now, health.DefaultThresholds)
	if rep.Status != health.NeedsAttention || rep.Reasons[0].Text != "No run logged yet" {
		t.Fatalf("no runs: %+v", rep)
	}
	for range 10 {
		o.writeLog(t, "Success")
	}
	rep, _ = health.Assess(ctx, o.cl, o.target, syncRows(t, o), time.Now(), health.DefaultThresholds)
	if rep.Status != health.Healthy || len(rep.Reasons) != 0 || !rep.Checklist.Live {
		t.Fatalf("10 runs, all well: %+v", rep)
	}
	o.writeLog(t, "Failure")
	o.writeLog(t, "Failure")
	rep, _ = health.Assess(ctx, o.cl, o.target, syncRows(t, o), time.Now(), health.DefaultThresholds)
	if rep.Status != health.NeedsAttention || rep.Runs.Failures != 2 || rep.Runs.Successes != 10 {
		t.Fatalf("2 failures in 12: %+v", rep)
	}
	for range 10 {
		o.writeLog(t, "Failure")
	}
	rep, _ = health.Assess(ctx, o.cl, o.target, syncRows(t, o), time.Now(), health.DefaultThresholds)
	if rep.Status != health.Failing {
		t.Fatalf("12 failures in 22: %+v", rep)
	}
	if _, ok := rep.Limits[salesforce.LimitDailyAPIRequests]; !ok {
		t.Errorf("no API limits in the report: %v", rep.Limits)
	}
}

func TestJudge(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	live := health.Checklist{Live: true, Steps: []health.Step{{Kind: health.StepPermissionSet, State: health.Pass}}}
	ok := map[string]salesforce.Limit{salesforce.LimitDailyAPIRequests: {Max: 100, Remaining: 90}}
	recent := health.Runs{LastSuccess: now.Add(-time.Hour), Successes: 10}
	for _, tc := range []struct {
		name   string
		c      health.Checklist
		limits map[string]salesforce.Limit
		runs   health.Runs
		want   health.Status
		reason string
	}{
		{"all well", live, ok, recent, health.Healthy, ""},
		{"a step failed", health.Checklist{Steps: []health.Step{{Title: "Assign", State: health.Fail, Detail: "nobody"}}}, ok, recent, health.Failing, "Assign: nobody"},
		{"API nearly used up", live, map[string]salesforce.Limit{salesforce.LimitDailyAPIRequests: {Max: 100, Remaining: 10}}, recent, health.NeedsAttention, "DailyApiRequests 90% used (90 of 100)"},
		{"API used up", live, map[string]salesforce.Limit{salesforce.LimitDailyAPIRequests: {Max: 100, Remaining: 0}}, recent, health.Failing, "DailyApiRequests used up (100 of 100)"},
		{"quiet for too long", live, ok, health.Runs{LastSuccess: now.Add(-8 * 24 * time.Hour)}, health.NeedsAttention, "No successful run since 2026-11-25 12:00 UTC"},
		{"never succeeded", live, ok, health.Runs{LastFailure: now, Failures: 1, FailureRate: 1}, health.Failing, "1 of 1 runs failed in the last 24 hours"},
		{"log too big", live, ok, health.Runs{LastSuccess: now, Successes: 6000, Logged: 6000}, health.NeedsAttention, "6000 log rows in the last 24 hours: Integration_Log__c is filling the org's data storage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := health.Judge(tc.c, tc.limits, tc.runs, now, health.DefaultThresholds)
			if rep.Status != tc.want {
				t.Errorf("status %s, want %s (%+v)", rep.Status, tc.want, rep.Reasons)
			}
			if tc.reason != "" && (len(rep.Reasons) == 0 || rep.Reasons[0].Text != tc.reason) {
				t.Errorf("reasons %+v, want first %q", rep.Reasons, tc.reason)
			}
			if tc.reason == "" && len(rep.Reasons) != 0 {
				t.Errorf("reasons %+v, want none", rep.Reasons)
			}
		})
	}
}

func equalStates(a, b map[string]health.State) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// syncRows reads the org's log through package runs into a fresh store
// and returns the rows, as patchbay does before judging health.
func syncRows(t *testing.T, o *org) []store.RunLog {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir()+"/p.db", bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	org, err := st.CreateOrg(ctx, store.Org{Alias: "prod", Kind: store.OrgProduction, InstanceURL: o.tok.InstanceURL, Status: store.OrgConnected}, store.Tokens{AccessToken: o.tok.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runs.Sync(ctx, st, o.cl, org.ID, o.spec.Name, runs.Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := st.RunLogs(ctx, store.RunLogFilter{OrgID: org.ID, Integration: o.spec.Name})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
