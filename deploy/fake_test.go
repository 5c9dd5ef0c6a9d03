package deploy

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// step is one scripted answer of a fake org: a result or an error.
type step struct {
	result *salesforce.DeployResult
	err    error
}

// fakeOrg scripts one org's answers. The last status step repeats.
type fakeOrg struct {
	deployErrs []error // answers to the first Deploy calls before one succeeds
	reached    []bool  // whether the Deploy call with that error started a deploy all the same
	sinceErr   error   // the answer to DeploysSince, when set
	others     int     // deploys someone else started in the org by the same user
	statuses   []step
	credErr    error
	refreshTo  *store.Tokens // handed to onRefresh at the first poll
	onDeploy   func()        // runs inside Deploy, before it answers

	mu         sync.Mutex
	deploys    int
	polls      int
	creds      []salesforce.PrincipalCredentials
	cancels    int
	onRefresh  func(store.Tokens)
	lastOpts   salesforce.DeployOptions
	concurrent *concurrency
	started    []salesforce.DeployRequestRecord // deploys the org received
}

type concurrency struct {
	mu       sync.Mutex
	now, max int
}

func (c *concurrency) enter() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.now++
	c.max = max(c.max, c.now)
	c.mu.Unlock()
}

func (c *concurrency) leave() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
}

func (f *fakeOrg) Deploy(ctx context.Context, zip []byte, opts salesforce.DeployOptions) (string, error) {
	if f.onDeploy != nil {
		f.onDeploy()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deploys++
	f.lastOpts = opts
	id := "0Af" + fmt.Sprint(f.deploys)
	if f.deploys <= len(f.deployErrs) {
		if i := f.deploys - 1; i < len(f.reached) && f.reached[i] {
			f.started = append(f.started, salesforce.DeployRequestRecord{ID: id, Status: salesforce.StatusPending, CheckOnly: opts.CheckOnly, CreatedDate: time.Now()})
		}
		return "", f.deployErrs[f.deploys-1]
	}
	f.started = append(f.started, salesforce.DeployRequestRecord{ID: id, Status: salesforce.StatusPending, CheckOnly: opts.CheckOnly, CreatedDate: time.Now()})
	return id, nil
}

func (f *fakeOrg) DeploysSince(ctx context.Context, since time.Time) ([]salesforce.DeployRequestRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sinceErr != nil {
		return nil, f.sinceErr
	}
	var out []salesforce.DeployRequestRecord
	for i := 0; i < f.others; i++ {
		out = append(out, salesforce.DeployRequestRecord{ID: fmt.Sprintf("0AfOTHER%d", i), Status: salesforce.StatusInProgress, CreatedDate: time.Now()})
	}
	for _, r := range f.started {
		if !r.CreatedDate.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeOrg) startedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.started)
}

func (f *fakeOrg) DeployStatus(ctx context.Context, id string) (*salesforce.DeployResult, error) {
	f.mu.Lock()
	i := min(f.polls, len(f.statuses)-1)
	f.polls++
	refresh := f.refreshTo
	f.refreshTo = nil
	cb := f.onRefresh
	f.mu.Unlock()
	if refresh != nil && cb != nil {
		cb(*refresh)
	}
	s := f.statuses[i]
	if s.err != nil {
		return nil, s.err
	}
	r := *s.result
	r.ID = id
	return &r, nil
}

func (f *fakeOrg) Cancel(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels++
	return nil
}

func (f *fakeOrg) SetCredential(ctx context.Context, pc salesforce.PrincipalCredentials) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.credErr != nil {
		return f.credErr
	}
	f.creds = append(f.creds, pc)
	return nil
}

func (f *fakeOrg) counts() (deploys, polls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deploys, f.polls
}

// fakeConnector hands out fake orgs by alias, counting work in progress.
type fakeConnector struct {
	orgs map[string]*fakeOrg
	busy *concurrency
}

func (c *fakeConnector) Connect(ctx context.Context, org store.Org, tokens store.Tokens, onRefresh func(store.Tokens)) (OrgClient, error) {
	f, ok := c.orgs[org.Alias]
	if !ok {
		return nil, fmt.Errorf("no fake for org %s", org.Alias)
	}
	f.mu.Lock()
	f.onRefresh = onRefresh
	f.concurrent = c.busy
	f.mu.Unlock()
	c.busy.enter()
	return &leaveOnDone{fakeOrg: f}, nil
}

// leaveOnDone marks the end of an org's work at its final poll, to measure
// how many orgs are worked on at once.
type leaveOnDone struct {
	*fakeOrg
	once sync.Once
}

func (l *leaveOnDone) DeployStatus(ctx context.Context, id string) (*salesforce.DeployResult, error) {
	r, err := l.fakeOrg.DeployStatus(ctx, id)
	if err == nil && r.Done {
		l.once.Do(l.concurrent.leave)
	}
	return r, err
}

func (l *leaveOnDone) Deploy(ctx context.Context, zip []byte, opts salesforce.DeployOptions) (string, error) {
	id, err := l.fakeOrg.Deploy(ctx, zip, opts)
	if err != nil {
		l.once.Do(l.concurrent.leave)
	}
	return id, err
}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func addOrg(t testing.TB, st *store.Store, alias string, kind store.OrgKind) store.Org {
	t.Helper()
	o, err := st.CreateOrg(context.Background(), store.Org{Alias: alias, Kind: kind, LoginURL: "https://login.salesforce.com",
		InstanceURL: "https://" + alias + ".my.salesforce.com", APIVersion: "66.0"}, store.Tokens{AccessToken: "at-" + alias, RefreshToken: "rt-" + alias})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func fastOptions() Options {
	return Options{PollInterval: time.Millisecond, MaxPollInterval: 5 * time.Millisecond, RetryDelay: time.Millisecond, StatusDeadline: 60 * time.Millisecond}
}

func inProgress(done, total int) step {
	return step{result: &salesforce.DeployResult{Status: salesforce.StatusInProgress, NumberComponentsTotal: total, NumberComponentsDeployed: done}}
}

func succeeded(n int) step {
	return step{result: &salesforce.DeployResult{Status: salesforce.StatusSucceeded, Done: true, Success: true, NumberComponentsTotal: n, NumberComponentsDeployed: n}}
}

func apiErr(kind error, status int) error {
	return &salesforce.APIError{Kind: kind, Op: "test", StatusCode: status, Message: "scripted"}
}

func TestDeployOutcomesWithAFakeClient(t *testing.T) {
	componentFailure := step{result: &salesforce.DeployResult{Status: salesforce.StatusFailed, Done: true,
		NumberComponentsTotal: 3, NumberComponentsDeployed: 2, NumberComponentErrors: 1,
		ComponentFailures: []salesforce.ComponentMessage{{ComponentType: "ApexClass", FullName: "StripeSync", FileName: "classes/StripeSync.cls",
			Problem: "Unexpected token 'x'.", ProblemType: "Error", LineNumber: 12, ColumnNumber: 5}}}}
	testFailure := step{result: &salesforce.DeployResult{Status: salesforce.StatusFailed, Done: true, NumberTestsTotal: 2, NumberTestErrors: 1,
		TestFailures: []salesforce.TestFailure{{Name: "StripeSync_Test", MethodName: "sendsCharge", Message: "System.AssertException: Assertion Failed"}}}}
	tests := []struct {
		name          string
		org           *fakeOrg
		wantStatus    store.JobStatus
		wantError     string // substring of Job.Error
		wantDeploys   int
		wantStarted   int // deploys the org received, when it matters
		wantOrgStatus store.OrgStatus
		wantCounts    store.Counts
	}{
		{
			name:        "success",
			org:         &fakeOrg{statuses: []step{inProgress(1, 3), inProgress(2, 3), succeeded(3)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 1,
			wantCounts:  store.Counts{ComponentsTotal: 3, ComponentsDeployed: 3},
		},
		{
			name:        "component failure keeps its file, line and problem",
			org:         &fakeOrg{statuses: []step{inProgress(0, 3), componentFailure}},
			wantStatus:  store.JobFailed,
			wantError:   "classes/StripeSync.cls:12:5: Unexpected token 'x'.",
			wantDeploys: 1,
			wantCounts:  store.Counts{ComponentsTotal: 3, ComponentsDeployed: 2, ComponentErrors: 1},
		},
		{
			name:        "test failure",
			org:         &fakeOrg{statuses: []step{testFailure}},
			wantStatus:  store.JobFailed,
			wantError:   "test StripeSync_Test.sendsCharge failed: System.AssertException",
			wantDeploys: 1,
			wantCounts:  store.Counts{TestsTotal: 2, TestErrors: 1},
		},
		{
			name:        "transient poll errors are ridden out",
			org:         &fakeOrg{statuses: []step{{err: apiErr(salesforce.ErrTransient, 503)}, {err: apiErr(salesforce.ErrTransient, 0)}, succeeded(2)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 1,
			wantCounts:  store.Counts{ComponentsTotal: 2, ComponentsDeployed: 2},
		},
		{
			name:        "a deploy Salesforce did not process is sent again",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 503), apiErr(salesforce.ErrTransient, 502)}, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 3,
			wantCounts:  store.Counts{ComponentsTotal: 1, ComponentsDeployed: 1},
		},
		{
			name:        "a deploy request dropped before Salesforce got it is found missing and sent again",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 0)}, reached: []bool{false}, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 2,
			wantStarted: 1,
			wantCounts:  store.Counts{ComponentsTotal: 1, ComponentsDeployed: 1},
		},
		{
			name:        "a deploy whose answer was lost is found in the org and not sent twice",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 0)}, reached: []bool{true}, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 1,
			wantStarted: 1,
			wantCounts:  store.Counts{ComponentsTotal: 1, ComponentsDeployed: 1},
		},
		{
			name:        "a 500 answer to a deploy that started is reconciled too",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 500)}, reached: []bool{true}, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 1,
			wantStarted: 1,
			wantCounts:  store.Counts{ComponentsTotal: 1, ComponentsDeployed: 1},
		},
		{
			name:        "a lost answer that cannot be looked up ends unknown, not sent twice",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 0)}, reached: []bool{true}, sinceErr: apiErr(salesforce.ErrTransient, 503), statuses: []step{succeeded(1)}},
			wantStatus:  store.JobUnknown,
			wantError:   "unknown: check the org",
			wantDeploys: 1,
			wantStarted: 1,
		},
		{
			name:        "a lost answer with two candidate deploys in the org ends unknown",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrTransient, 0)}, reached: []bool{true}, others: 1, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobUnknown,
			wantError:   "0AfOTHER0",
			wantDeploys: 1,
			wantStarted: 1,
		},
		{
			name:        "polls failing past the deadline end unknown with the deploy id, never failed",
			org:         &fakeOrg{statuses: []step{{err: apiErr(salesforce.ErrTransient, 503)}}},
			wantStatus:  store.JobUnknown,
			wantError:   "unknown: check the org. Deploy 0Af1",
			wantDeploys: 1,
		},
		{
			name: "REQUEST_LIMIT_EXCEEDED and other errors while polling are ridden out",
			org: &fakeOrg{statuses: []step{{err: apiErr(salesforce.ErrLimitExceeded, 403)}, {err: apiErr(salesforce.ErrInvalidRequest, 400)},
				{err: apiErr(salesforce.ErrNotFound, 404)}, {err: apiErr(salesforce.ErrTransient, 500)}, succeeded(2)}},
			wantStatus:  store.JobSucceeded,
			wantDeploys: 1,
			wantCounts:  store.Counts{ComponentsTotal: 2, ComponentsDeployed: 2},
		},
		{
			name:        "limit exceeded",
			org:         &fakeOrg{deployErrs: []error{apiErr(salesforce.ErrLimitExceeded, 403)}, statuses: []step{succeeded(1)}},
			wantStatus:  store.JobFailed,
			wantError:   "used up its Salesforce API request limit",
			wantDeploys: 1,
		},
		{
			name:          "reconnect required while polling marks the org and leaves the outcome unknown",
			org:           &fakeOrg{statuses: []step{{err: fmt.Errorf("after: %w", errors.Join(apiErr(salesforce.ErrAuthExpired, 401), apiErr(salesforce.ErrReconnectRequired, 400)))}}},
			wantStatus:    store.JobUnknown,
			wantError:     "org acme must be reconnected",
			wantDeploys:   1,
			wantOrgStatus: store.OrgReconnectRequired,
		},
		{
			name:        "canceled in Salesforce",
			org:         &fakeOrg{statuses: []step{{result: &salesforce.DeployResult{Status: salesforce.StatusCanceled, Done: true}}}},
			wantStatus:  store.JobCanceled,
			wantError:   "canceled in Salesforce",
			wantDeploys: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t, filepath.Join(t.TempDir(), "p.db"))
			org := addOrg(t, st, "acme", store.OrgSandbox)
			opts := fastOptions()
			if tt.wantStatus != store.JobUnknown {
				// Only the cases that end unknown wait out the status
				// deadline; the others ride out their errors on a
				// machine of any load.
				opts.StatusDeadline = time.Minute
			}
			svc := New(st, &fakeConnector{orgs: map[string]*fakeOrg{"acme": tt.org}}, opts)
			defer svc.Close()
			d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: []int64{org.ID}, CreatedBy: "test"})
			if err != nil {
				t.Fatal(err)
			}
			events, stop := svc.Subscribe(d.ID)
			defer stop()
			got, jobs, err := svc.Wait(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			j := jobs[0]
			if j.Status != tt.wantStatus {
				t.Errorf("job status = %s (%s), want %s", j.Status, j.Error, tt.wantStatus)
			}
			if tt.wantError != "" && !strings.Contains(j.Error, tt.wantError) {
				t.Errorf("job error = %q, want it to contain %q", j.Error, tt.wantError)
			}
			if tt.wantError == "" && j.Error != "" {
				t.Errorf("job error = %q, want none", j.Error)
			}
			if j.Counts != tt.wantCounts {
				t.Errorf("counts = %+v, want %+v", j.Counts, tt.wantCounts)
			}
			if deploys, _ := tt.org.counts(); deploys != tt.wantDeploys {
				t.Errorf("Deploy called %d times, want %d", deploys, tt.wantDeploys)
			}
			if n := tt.org.startedCount(); tt.wantStarted > 0 && n != tt.wantStarted {
				t.Errorf("the org received %d deploys, want %d", n, tt.wantStarted)
			}
			wantDeployment := store.DeploymentSucceeded
			switch tt.wantStatus {
			case store.JobFailed:
				wantDeployment = store.DeploymentFailed
			case store.JobCanceled:
				wantDeployment = store.DeploymentCanceled
			case store.JobUnknown:
				wantDeployment = store.DeploymentUnknown
			}
			if got.Status != wantDeployment {
				t.Errorf("deployment status = %s, want %s", got.Status, wantDeployment)
			}
			if tt.wantStatus == store.JobFailed && tt.wantCounts.ComponentErrors > 0 {
				r, err := ResultOf(j)
				if err != nil || r == nil || len(r.ComponentFailures) != 1 || r.ComponentFailures[0].LineNumber != 12 {
					t.Errorf("stored result lost its component failures: %+v, %v", r, err)
				}
			}
			o, _ := st.Org(ctx, org.ID)
			wantOrg := tt.wantOrgStatus
			if wantOrg == "" {
				wantOrg = store.OrgConnected
			}
			if o.Status != wantOrg {
				t.Errorf("org status = %s, want %s", o.Status, wantOrg)
			}
			var last Event
			n := 0
			for ev := range events {
				last = ev
				n++
			}
			if !last.Done || last.DeploymentStatus != wantDeployment || n < 2 {
				t.Errorf("events: %d, last %+v; want a final Done event with %s", n, last, wantDeployment)
			}
		})
	}
}
