package sfsim_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
)

// deployExample deploys one generated example to a fresh org "prod" and
// returns the server, a client and the bundle.
func deployExample(t *testing.T, name string) (*sfsim.Server, *salesforce.Client, *generator.Bundle) {
	t.Helper()
	b := generatedExamples(t)[name]
	if b == nil {
		t.Fatalf("no example %s", name)
	}
	zipData, err := b.MetadataZip()
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
	tok, _ := srv.IssueToken("prod", "")
	c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := c.Deploy(ctx, zipData, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true, SinglePackage: true})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond}); err != nil || !r.Success {
		t.Fatalf("deploy: %+v %v", r, err)
	}
	return srv, c, b
}

type cronRow struct {
	ID        string `json:"Id"`
	State     string `json:"State"`
	Cron      string `json:"CronExpression"`
	JobDetail struct {
		Name    string `json:"Name"`
		JobType string `json:"JobType"`
	} `json:"CronJobDetail"`
}

func TestScheduleWithAnonymousApexAddsACronTriggerOnce(t *testing.T) {
	srv, c, b := deployExample(t, "netsuite-nightly-invoices")
	ctx := context.Background()
	if len(b.Setup.Schedules) == 0 {
		t.Fatal("the example has no schedule flow")
	}
	sc := b.Setup.Schedules[0]
	q := "SELECT Id, State, CronExpression, CronJobDetail.Name, CronJobDetail.JobType FROM CronTrigger WHERE CronJobDetail.JobType = '7'"
	var before []cronRow
	if err := salesforce.QueryRows(ctx, c, q, func(r cronRow) error { before = append(before, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 {
		t.Fatalf("jobs before scheduling: %+v", before)
	}
	res, err := c.ExecuteAnonymous(ctx, sc.Apex)
	if err != nil || res.Problem() != "" {
		t.Fatalf("schedule: %+v %v (%s)", res, err, res.Problem())
	}
	var after []cronRow
	if err := salesforce.QueryRows(ctx, c, q, func(r cronRow) error { after = append(after, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].JobDetail.Name != sc.Flow || after[0].State != "WAITING" || len(strings.Fields(after[0].Cron)) < 6 {
		t.Fatalf("jobs after scheduling: %+v", after)
	}
	again, err := c.ExecuteAnonymous(ctx, sc.Apex)
	if err != nil || again.Success || !strings.Contains(again.Problem(), "already scheduled") {
		t.Errorf("scheduling twice: %+v %v, want the AsyncException Salesforce gives", again, err)
	}
	if got := srv.ScheduledJobs("prod"); len(got) != 1 {
		t.Errorf("ScheduledJobs = %v", got)
	}
}

func TestAnonymousApexOtherThanScheduleIsNotRun(t *testing.T) {
	_, c, _ := deployExample(t, "netsuite-nightly-invoices")
	for _, apex := range []string{
		"delete [SELECT Id FROM Account];",
		"System.schedule('X', NoSuchClass.CRON, new NoSuchClass());",
		"System.schedule('X', '0 0 1 * * ?', new Object());",
	} {
		res, err := c.ExecuteAnonymous(context.Background(), apex)
		if err != nil {
			t.Fatal(err)
		}
		if res.Compiled || res.Success || res.Problem() == "" {
			t.Errorf("%s: %+v, want not compiled", apex, res)
		}
	}
}

func TestLimitsCountEveryAPIRequestAndRefuseWhenUsedUp(t *testing.T) {
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
	tok, _ := srv.IssueToken("prod", "")
	c, _ := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	ctx := context.Background()
	l1, err := c.Limits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l2, err := c.Limits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	api1, api2 := l1[salesforce.LimitDailyAPIRequests], l2[salesforce.LimitDailyAPIRequests]
	if api1.Max != sfsim.DefaultDailyAPIRequests || api1.Remaining-api2.Remaining != 1 {
		t.Fatalf("limits %+v then %+v: each call must count", api1, api2)
	}
	if _, ok := l1[salesforce.LimitDailyAsyncApex]; !ok {
		t.Errorf("no %s in %v", salesforce.LimitDailyAsyncApex, l1)
	}
	if err := srv.SetLimit("prod", salesforce.LimitDailyAPIRequests, sfsim.Limit{Max: 100, Remaining: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Limits(ctx); err != nil {
		t.Fatalf("the last request: %v", err)
	}
	if _, err := c.Limits(ctx); !errors.Is(err, salesforce.ErrLimitExceeded) {
		t.Fatalf("past the limit: %v, want ErrLimitExceeded", err)
	}
	if got := srv.Limits("prod")[salesforce.LimitDailyAPIRequests]; got.Remaining != 0 {
		t.Errorf("remaining %d", got.Remaining)
	}
}

func TestExternalCredentialPrincipalIsConfiguredOnceItsCredentialsAreSet(t *testing.T) {
	_, c, b := deployExample(t, "clearbit-enrichment")
	ctx := context.Background()
	creds := generator.Credentials(mustSpec(t, "clearbit-enrichment"))
	if len(creds) == 0 {
		t.Fatal("no credentials")
	}
	_ = b
	cr := creds[0]
	info, err := c.ExternalCredential(ctx, cr.ExternalCredential)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Principals) != 1 || info.Principals[0].PrincipalName != cr.Principal {
		t.Fatalf("principals: %+v", info.Principals)
	}
	set, err := c.CredentialSet(ctx, cr.ExternalCredential, cr.Principal, "")
	if err != nil || set {
		t.Fatalf("before: set=%v err=%v", set, err)
	}
	if info.AuthenticationProtocol != "Custom" && info.Principals[0].AuthenticationStatus != salesforce.AuthStatusNotConfigured {
		t.Errorf("before: %+v", info.Principals[0])
	}
	vals := map[string]salesforce.CredentialValue{}
	for _, k := range cr.Keys {
		vals[k.Name] = salesforce.CredentialValue{Value: "secret", Encrypted: true}
	}
	if err := c.SetCredential(ctx, salesforce.PrincipalCredentials{ExternalCredential: cr.ExternalCredential, AuthenticationProtocol: info.AuthenticationProtocol,
		PrincipalName: cr.Principal, Credentials: vals}); err != nil {
		t.Fatal(err)
	}
	set, err = c.CredentialSet(ctx, cr.ExternalCredential, cr.Principal, "")
	if err != nil || !set {
		t.Fatalf("after: set=%v err=%v", set, err)
	}
	info, _ = c.ExternalCredential(ctx, cr.ExternalCredential)
	want := salesforce.AuthStatusConfigured
	if info.AuthenticationProtocol == "Custom" {
		want = salesforce.AuthStatusUnknown
	}
	if info.Principals[0].AuthenticationStatus != want {
		t.Errorf("after: %+v, want %s", info.Principals[0], want)
	}
	if _, err := c.ExternalCredential(ctx, "NoSuchCredential"); !errors.Is(err, salesforce.ErrNotFound) {
		t.Errorf("missing credential: %v", err)
	}
}

func TestPermissionSetAssignmentsAreQueryableAndRefuseDuplicates(t *testing.T) {
	srv, c, b := deployExample(t, "clearbit-enrichment")
	ctx := context.Background()
	ps := b.Setup.PermissionSet
	q := "SELECT Id, AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = " + salesforce.SOQLString(ps)
	count := func() int {
		n := 0
		if err := salesforce.QueryRows(ctx, c, q, func(json.RawMessage) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d assignments before", n)
	}
	var psID string
	if err := salesforce.QueryRows(ctx, c, "SELECT Id FROM PermissionSet WHERE Name = "+salesforce.SOQLString(ps), func(r struct {
		ID string `json:"Id"`
	}) error {
		psID = r.ID
		return nil
	}); err != nil || psID == "" {
		t.Fatalf("permission set %s not queryable: %v", ps, err)
	}
	user := srv.Orgs()[0].Usernames[0]
	if err := srv.AssignPermissionSet("prod", user, ps); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d assignments after", n)
	}
	if err := srv.AssignPermissionSet("prod", user, ps); err == nil {
		t.Error("assigning twice succeeded")
	}
	if err := srv.AssignPermissionSet("prod", user, "NoSuchSet"); err == nil {
		t.Error("assigning a permission set that is not deployed succeeded")
	}
}

func mustSpec(t *testing.T, example string) *spec.Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", example+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAScheduledClassCannotBeDeployedAgainUnlessTheOrgAllowsIt(t *testing.T) {
	for _, allow := range []bool{false, true} {
		b := generatedExamples(t)["netsuite-nightly-invoices"]
		zipData, _ := b.MetadataZip()
		srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod", AllowDeployWithJobs: allow}}})
		tok, _ := srv.IssueToken("prod", "")
		c, _ := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
		ctx := context.Background()
		deploy := func() *salesforce.DeployResult {
			id, err := c.Deploy(ctx, zipData, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true, SinglePackage: true})
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := deploy(); !r.Success {
			t.Fatalf("first deploy: %+v", r)
		}
		if res, err := c.ExecuteAnonymous(ctx, b.Setup.Schedules[0].Apex); err != nil || !res.Success {
			t.Fatalf("schedule: %+v %v", res, err)
		}
		r := deploy()
		if allow {
			if !r.Success {
				t.Errorf("deploy with jobs allowed: %+v", r.ComponentFailures)
			}
			continue
		}
		if r.Success || len(r.ComponentFailures) != 1 || r.ComponentFailures[0].Problem != "This schedulable class has jobs pending or in progress" {
			t.Errorf("redeploy of a scheduled class: success=%v failures=%+v", r.Success, r.ComponentFailures)
		}
	}
}

func TestDailyLimitsAreRestoredTheNextDay(t *testing.T) {
	var now time.Time = time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC)
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}, Now: func() time.Time { return now }})
	if err := srv.SetLimit("prod", salesforce.LimitDailyAPIRequests, sfsim.Limit{Max: 100, Remaining: 0}); err != nil {
		t.Fatal(err)
	}
	tok, _ := srv.IssueToken("prod", "")
	c, _ := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	if _, err := c.Limits(context.Background()); !errors.Is(err, salesforce.ErrLimitExceeded) {
		t.Fatalf("used up: %v", err)
	}
	now = now.Add(2 * time.Hour)
	l, err := c.Limits(context.Background())
	if err != nil || l[salesforce.LimitDailyAPIRequests].Remaining != 99 {
		t.Fatalf("the next day: %+v %v", l[salesforce.LimitDailyAPIRequests], err)
	}
}
