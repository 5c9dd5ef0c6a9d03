package deploy

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

func TestTestLevelFor(t *testing.T) {
	sandboxDomain := store.Org{Alias: "uat", Kind: store.OrgCustom, LoginURL: "https://acme--uat.sandbox.my.salesforce.com"}
	prodDomain := store.Org{Alias: "acme", Kind: store.OrgCustom, LoginURL: "https://acme.my.salesforce.com"}
	prod := store.Org{Alias: "prod", Kind: store.OrgProduction}
	sandbox := store.Org{Alias: "sb", Kind: store.OrgSandbox}
	tests := []struct {
		org       store.Org
		requested string
		runTests  []string
		want      string // "" means an error
	}{
		{prod, "", nil, salesforce.TestLevelRunLocalTests},
		{sandbox, "", nil, salesforce.TestLevelRunLocalTests},
		{sandbox, salesforce.TestLevelNoTestRun, nil, salesforce.TestLevelNoTestRun},
		{sandboxDomain, salesforce.TestLevelNoTestRun, nil, salesforce.TestLevelNoTestRun},
		{prod, salesforce.TestLevelNoTestRun, nil, ""},
		{prodDomain, salesforce.TestLevelNoTestRun, nil, ""},
		{prod, salesforce.TestLevelRunSpecifiedTests, []string{"A_Test"}, salesforce.TestLevelRunSpecifiedTests},
		{sandbox, salesforce.TestLevelRunSpecifiedTests, nil, ""},
		{sandbox, salesforce.TestLevelRunLocalTests, []string{"A_Test"}, ""},
		{prod, salesforce.TestLevelRunAllTestsInOrg, nil, salesforce.TestLevelRunAllTestsInOrg},
		{sandbox, "RunSomeTests", nil, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q %v", tt.org.Alias, tt.requested, tt.runTests), func(t *testing.T) {
			got, err := TestLevelFor(tt.org, tt.requested, tt.runTests)
			if tt.want == "" {
				if err == nil {
					t.Errorf("TestLevelFor = %q, want an error", got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("TestLevelFor = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func setup(t *testing.T, opts Options, orgs map[string]*fakeOrg, kinds map[string]store.OrgKind) (*Service, *store.Store, map[string]store.Org, *fakeConnector) {
	t.Helper()
	st := openStore(t, filepath.Join(t.TempDir(), "p.db"))
	byAlias := map[string]store.Org{}
	for alias := range orgs {
		kind := kinds[alias]
		if kind == "" {
			kind = store.OrgSandbox
		}
		byAlias[alias] = addOrg(t, st, alias, kind)
	}
	conn := &fakeConnector{orgs: orgs, busy: &concurrency{}}
	svc := New(st, conn, opts)
	t.Cleanup(func() { svc.Close() })
	return svc, st, byAlias, conn
}

func ids(orgs map[string]store.Org, aliases ...string) []int64 {
	var out []int64
	for _, a := range aliases {
		out = append(out, orgs[a].ID)
	}
	return out
}

func TestStartRefusesNoTestRunOnProductionAndRecordsNothing(t *testing.T) {
	ctx := context.Background()
	svc, st, orgs, _ := setup(t, fastOptions(),
		map[string]*fakeOrg{"prod": {statuses: []step{succeeded(1)}}, "sbx": {statuses: []step{succeeded(1)}}},
		map[string]store.OrgKind{"prod": store.OrgProduction})
	_, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "prod", "sbx"), TestLevel: salesforce.TestLevelNoTestRun})
	if err == nil || !strings.Contains(err.Error(), "org prod") || !strings.Contains(err.Error(), "NoTestRun") {
		t.Fatalf("Start err = %v; want it to name org prod and NoTestRun", err)
	}
	if ds, _ := st.Deployments(ctx, store.DeploymentFilter{}); len(ds) != 0 {
		t.Errorf("a refused request recorded %d deployments", len(ds))
	}
	for _, req := range []Request{
		{OrgIDs: ids(orgs, "sbx")},
		{Zip: []byte("zip")},
		{Zip: []byte("zip"), OrgIDs: []int64{999}},
	} {
		if _, _, err := svc.Start(ctx, req); err == nil {
			t.Errorf("Start(%+v) succeeded", req)
		}
	}
}

func TestTestLevelsSentPerOrg(t *testing.T) {
	ctx := context.Background()
	prod, sbx := &fakeOrg{statuses: []step{succeeded(1)}}, &fakeOrg{statuses: []step{succeeded(1)}}
	svc, _, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"prod": prod, "sbx": sbx},
		map[string]store.OrgKind{"prod": store.OrgProduction})
	d, jobs, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "prod", "sbx"), CheckOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.TestLevel != salesforce.TestLevelRunLocalTests {
			t.Errorf("job for %s records test level %q", j.OrgAlias, j.TestLevel)
		}
	}
	if _, _, err := svc.Wait(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if prod.lastOpts.TestLevel != salesforce.TestLevelRunLocalTests || !prod.lastOpts.CheckOnly || !prod.lastOpts.RollbackOnError {
		t.Errorf("production deploy options = %+v", prod.lastOpts)
	}
	d2, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "sbx"), TestLevel: salesforce.TestLevelNoTestRun})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Wait(ctx, d2.ID); err != nil {
		t.Fatal(err)
	}
	if sbx.lastOpts.TestLevel != salesforce.TestLevelNoTestRun {
		t.Errorf("sandbox test level = %q, want NoTestRun", sbx.lastOpts.TestLevel)
	}
}

func TestAJobIsRecordedBeforeItsFirstRequest(t *testing.T) {
	ctx := context.Background()
	org := &fakeOrg{statuses: []step{succeeded(1)}}
	svc, st, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"acme": org}, nil)
	var seen []store.Job
	org.onDeploy = func() {
		jobs, err := st.UnfinishedJobs(ctx)
		if err != nil {
			t.Error(err)
		}
		seen = jobs
	}
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "acme")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Wait(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].Status != store.JobDeploying || seen[0].Attempt != 1 || seen[0].StartedAt.IsZero() {
		t.Errorf("during the deploy request the store held %+v; want one deploying job", seen)
	}
	j, _ := st.Job(ctx, seen[0].ID)
	if j.AsyncID != "0Af1" || j.Status != store.JobSucceeded || len(j.Result) == 0 || j.FinishedAt.IsZero() {
		t.Errorf("finished job = %+v", j)
	}
}

func TestFanOutIsBoundedByTheWorkerCount(t *testing.T) {
	ctx := context.Background()
	fakes := map[string]*fakeOrg{}
	for i := 0; i < 6; i++ {
		fakes[fmt.Sprint("org", i)] = &fakeOrg{statuses: []step{inProgress(0, 1), inProgress(0, 1), inProgress(0, 1), succeeded(1)}}
	}
	opts := fastOptions()
	opts.Workers = 2
	svc, _, orgs, conn := setup(t, opts, fakes, nil)
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "org0", "org1", "org2", "org3", "org4", "org5")})
	if err != nil {
		t.Fatal(err)
	}
	got, jobs, err := svc.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.DeploymentSucceeded || len(jobs) != 6 {
		t.Errorf("deployment %s with %d jobs", got.Status, len(jobs))
	}
	if conn.busy.max > 2 || conn.busy.max == 0 {
		t.Errorf("at most %d orgs were worked on at once, want 2 (the worker count)", conn.busy.max)
	}
}

func TestRefreshedTokensArePersisted(t *testing.T) {
	ctx := context.Background()
	org := &fakeOrg{statuses: []step{succeeded(1)}, refreshTo: &store.Tokens{AccessToken: "at-new"}}
	svc, st, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"acme": org}, nil)
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "acme")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Wait(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	tok, err := st.OrgTokens(ctx, orgs["acme"].ID)
	if err != nil || tok.AccessToken != "at-new" || tok.RefreshToken != "rt-acme" {
		t.Errorf("tokens after refresh = %q/%q, %v", tok.AccessToken, tok.RefreshToken, err)
	}
}

func TestAnOrgMarkedForReconnectFailsWithoutARequest(t *testing.T) {
	ctx := context.Background()
	org := &fakeOrg{statuses: []step{succeeded(1)}}
	svc, st, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"acme": org}, nil)
	if err := st.SetOrgStatus(ctx, orgs["acme"].ID, store.OrgReconnectRequired); err != nil {
		t.Fatal(err)
	}
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "acme")})
	if err != nil {
		t.Fatal(err)
	}
	_, jobs, err := svc.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if jobs[0].Status != store.JobFailed || !strings.Contains(jobs[0].Error, "must be reconnected") {
		t.Errorf("job = %s %q", jobs[0].Status, jobs[0].Error)
	}
	if n, _ := org.counts(); n != 0 {
		t.Errorf("Deploy was called %d times", n)
	}
}

func TestCredentials(t *testing.T) {
	secret := "sk_live_DO-NOT-STORE"
	creds := []salesforce.PrincipalCredentials{{ExternalCredential: "Stripe", PrincipalName: "StripeKey", AuthenticationProtocol: "Custom",
		Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: secret, Encrypted: true}}}}
	tests := []struct {
		name       string
		req        Request
		credErr    error
		wantPushed int
		wantKept   bool
		wantStatus store.JobStatus
	}{
		{"pushed after success and not kept", Request{Credentials: creds}, nil, 1, false, store.JobSucceeded},
		{"kept encrypted when asked", Request{Credentials: creds, KeepCredentials: true}, nil, 1, true, store.JobSucceeded},
		{"not pushed for a check-only deploy", Request{Credentials: creds, CheckOnly: true}, nil, 0, false, store.JobSucceeded},
		{"a refused push fails the job", Request{Credentials: creds}, apiErr(salesforce.ErrInvalidRequest, 400), 0, false, store.JobFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			org := &fakeOrg{statuses: []step{succeeded(1)}, credErr: tt.credErr}
			svc, st, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"acme": org}, nil)
			kept := func(id int64) bool {
				settings, _ := st.Settings(ctx)
				for _, s := range settings {
					if s.Key == credentialsKey(id) {
						if !s.Secret || s.Value != "" {
							t.Errorf("kept credentials are not secret: %+v", s)
						}
						return true
					}
				}
				return false
			}
			keptWhileRunning := false
			org.onDeploy = func() { keptWhileRunning = kept(1) }
			req := tt.req
			req.Zip, req.OrgIDs = []byte("zip"), ids(orgs, "acme")
			d, _, err := svc.Start(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			_, jobs, err := svc.Wait(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if jobs[0].Status != tt.wantStatus {
				t.Errorf("job %s (%s), want %s", jobs[0].Status, jobs[0].Error, tt.wantStatus)
			}
			if strings.Contains(jobs[0].Error, secret) {
				t.Error("the job error holds the secret")
			}
			if len(org.creds) != tt.wantPushed {
				t.Errorf("pushed %d credentials, want %d", len(org.creds), tt.wantPushed)
			}
			if d.ID != 1 || keptWhileRunning != tt.wantKept {
				t.Errorf("credentials kept while the deploy ran = %v, want %v", keptWhileRunning, tt.wantKept)
			}
			if kept(d.ID) {
				t.Error("the credentials are still kept after every job finished")
			}
		})
	}
}

func TestSubscribeReplaysTheLatestStateThenFollows(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	a := &fakeOrg{statuses: []step{succeeded(2)}}
	b := &fakeOrg{statuses: []step{succeeded(3)}, onDeploy: func() { <-release }}
	svc, _, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"a": a, "b": b}, nil)
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "a", "b")})
	if err != nil {
		t.Fatal(err)
	}
	// Wait until a has finished while b is held.
	deadline := time.Now().Add(5 * time.Second)
	for {
		jobs, _ := svc.st.Jobs(ctx, d.ID)
		if jobs[0].Status == store.JobSucceeded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("org a did not finish")
		}
		time.Sleep(time.Millisecond)
	}
	events, stop := svc.Subscribe(d.ID)
	defer stop()
	first := <-events
	if first.Org != "a" || first.Status != store.JobSucceeded || first.Counts.ComponentsDeployed != 2 {
		t.Errorf("first replayed event = %+v; want a's final state", first)
	}
	close(release)
	var last Event
	sawB := false
	for ev := range events {
		if ev.Org == "b" && ev.Status == store.JobSucceeded {
			sawB = true
		}
		last = ev
	}
	if !sawB || !last.Done || last.DeploymentStatus != store.DeploymentSucceeded {
		t.Errorf("followed events: saw b succeed %v, last %+v", sawB, last)
	}
	// A late subscriber gets the final state of each org, then the end.
	late, _ := svc.Subscribe(d.ID)
	var replay []string
	for ev := range late {
		replay = append(replay, fmt.Sprintf("%s:%s:%v", ev.Org, ev.Status, ev.Done))
	}
	if want := "a:succeeded:false b:succeeded:false ::true"; strings.Join(replay, " ") != want {
		t.Errorf("late replay = %q, want %q", strings.Join(replay, " "), want)
	}
	if ch, _ := svc.Subscribe(9999); ch != nil {
		if _, open := <-ch; open {
			t.Error("subscribing to an unknown deployment gave an open channel")
		}
	}
}

func TestCancel(t *testing.T) {
	ctx := context.Background()
	script := func() []step {
		long := make([]step, 0, 40)
		for i := 0; i < 30; i++ {
			long = append(long, inProgress(0, 1))
		}
		return append(long, step{result: &salesforce.DeployResult{Status: salesforce.StatusCanceled, Done: true}})
	}
	fakes := map[string]*fakeOrg{"a": {statuses: script()}, "b": {statuses: script()}}
	opts := fastOptions()
	opts.Workers = 1
	svc, st, orgs, _ := setup(t, opts, fakes, nil)
	d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "a", "b")})
	if err != nil {
		t.Fatal(err)
	}
	// With one worker, one org is deploying and the other still queued.
	var running, queued string
	for running == "" {
		jobs, _ := st.Jobs(ctx, d.ID)
		for i, j := range jobs {
			if j.AsyncID != "" {
				running, queued = j.OrgAlias, jobs[1-i].OrgAlias
			}
		}
		time.Sleep(time.Millisecond)
	}
	if n := svc.Cancel(d.ID); n != 2 {
		t.Errorf("Cancel asked %d jobs, want 2", n)
	}
	got, jobs, err := svc.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.DeploymentCanceled || jobs[0].Status != store.JobCanceled || jobs[1].Status != store.JobCanceled {
		t.Errorf("after cancel: deployment %s, jobs %s and %s", got.Status, jobs[0].Status, jobs[1].Status)
	}
	if fakes[running].cancels != 1 {
		t.Errorf("Salesforce was asked to cancel %d times, want 1", fakes[running].cancels)
	}
	if n, _ := fakes[queued].counts(); n != 0 {
		t.Errorf("the queued org was deployed to %d times", n)
	}
}

func TestCloseLeavesJobsForResumeWhichNeverDeploysTwice(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	st := openStore(t, path)
	a, b := addOrg(t, st, "a", store.OrgSandbox), addOrg(t, st, "b", store.OrgSandbox)
	endless := []step{inProgress(1, 4)}
	first := &fakeConnector{orgs: map[string]*fakeOrg{"a": {statuses: endless}}, busy: &concurrency{}}
	svc := New(st, first, fastOptions())
	d, jobs, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: []int64{a.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for {
		j, _ := st.Job(ctx, jobs[0].ID)
		if j.Status == store.JobPolling && j.Counts.ComponentsDeployed == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	svc.Close()
	if _, _, err := svc.Wait(ctx, d.ID); !errors.Is(err, ErrClosed) {
		t.Errorf("Wait on a closed service: %v, want ErrClosed", err)
	}
	left, _ := st.Job(ctx, jobs[0].ID)
	if left.Status != store.JobPolling || left.AsyncID != "0Af1" {
		t.Fatalf("after close the job is %s with id %q; want polling with its id", left.Status, left.AsyncID)
	}
	// A queued job of another deployment, never started.
	d2, jobs2, err := st.CreateDeployment(ctx, store.NewDeployment{Zip: []byte("zip"), Targets: []store.Target{{OrgID: b.ID, TestLevel: "RunLocalTests"}}})
	if err != nil {
		t.Fatal(err)
	}

	again := &fakeConnector{orgs: map[string]*fakeOrg{"a": {statuses: []step{succeeded(4)}}, "b": {statuses: []step{succeeded(2)}}}, busy: &concurrency{}}
	svc2 := New(st, again, fastOptions())
	defer svc2.Close()
	n, err := svc2.Resume(ctx)
	if err != nil || n != 2 {
		t.Fatalf("Resume = %d, %v; want 2 jobs", n, err)
	}
	for _, id := range []int64{d.ID, d2.ID} {
		got, _, err := svc2.Wait(ctx, id)
		if err != nil || got.Status != store.DeploymentSucceeded {
			t.Errorf("deployment %d after resume: %s, %v", id, got.Status, err)
		}
	}
	if deploys, polls := again.orgs["a"].counts(); deploys != 0 || polls == 0 {
		t.Errorf("resumed org a: %d deploys and %d polls; want 0 deploys", deploys, polls)
	}
	if deploys, _ := again.orgs["b"].counts(); deploys != 1 {
		t.Errorf("resumed queued org b: %d deploys, want 1", deploys)
	}
	j, _ := st.Job(ctx, jobs[0].ID)
	if j.Attempt != 2 {
		t.Errorf("resumed job attempt = %d, want 2", j.Attempt)
	}
	if j2, _ := st.Job(ctx, jobs2[0].ID); j2.Status != store.JobSucceeded {
		t.Errorf("queued job after resume: %s", j2.Status)
	}
	if n, _ := svc2.Resume(ctx); n != 0 {
		t.Errorf("a second Resume found %d jobs", n)
	}
}

func TestCloseLetsADeployRequestInFlightFinishAndRecordsItsID(t *testing.T) {
	ctx := context.Background()
	inFlight, release := make(chan struct{}), make(chan struct{})
	org := &fakeOrg{statuses: []step{inProgress(0, 1)}, onDeploy: func() {
		close(inFlight)
		<-release
	}}
	svc, st, orgs, _ := setup(t, fastOptions(), map[string]*fakeOrg{"acme": org}, nil)
	_, jobs, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "acme")})
	if err != nil {
		t.Fatal(err)
	}
	<-inFlight
	closed := make(chan struct{})
	go func() { svc.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned while a deploy request was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	<-closed
	j, _ := st.Job(ctx, jobs[0].ID)
	if j.AsyncID != "0Af1" || j.Status != store.JobPolling {
		t.Errorf("after Close the job is %s with id %q; want polling with the id Salesforce returned", j.Status, j.AsyncID)
	}
}
