package deploy

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/patchbay/patchbay/store"
)

func TestTwoProcessesResumingTogetherDeployEachOrgOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	st1 := openStore(t, path)
	var targets []store.Target
	fakes := map[string]*fakeOrg{}
	for _, a := range []string{"a", "b", "c", "d", "e", "f"} {
		o := addOrg(t, st1, a, store.OrgSandbox)
		targets = append(targets, store.Target{OrgID: o.ID, TestLevel: "RunLocalTests"})
		fakes[a] = &fakeOrg{statuses: []step{inProgress(0, 1), succeeded(1)}}
	}
	d, _, err := st1.CreateDeployment(ctx, store.NewDeployment{Zip: []byte("zip"), Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	// Two processes, each with its own connection to the database, share
	// the same orgs.
	st2 := openStore(t, path)
	svc1 := New(st1, &fakeConnector{orgs: fakes, busy: &concurrency{}}, fastOptions())
	svc2 := New(st2, &fakeConnector{orgs: fakes, busy: &concurrency{}}, fastOptions())
	defer svc1.Close()
	defer svc2.Close()
	got := make(chan int, 2)
	for _, svc := range []*Service{svc1, svc2} {
		go func() {
			n, err := svc.Resume(ctx)
			if err != nil {
				t.Error(err)
			}
			got <- n
		}()
	}
	if n := <-got + <-got; n != len(targets) {
		t.Errorf("the two services resumed %d jobs in all, want %d", n, len(targets))
	}
	svc1.Wait(ctx, d.ID)
	svc2.Wait(ctx, d.ID)
	for a, f := range fakes {
		if n, _ := f.counts(); n != 1 {
			t.Errorf("org %s was deployed to %d times, want once", a, n)
		}
	}
	if dep, _ := st1.Deployment(ctx, d.ID); dep.Status != store.DeploymentSucceeded {
		t.Errorf("deployment %s", dep.Status)
	}
}

func TestAJobLeasedByADeadProcessIsTakenOverWhenItsLeaseLapses(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "p.db"))
	o := addOrg(t, st, "acme", store.OrgSandbox)
	// A process that died while holding the job for 300ms more.
	d, jobs, err := st.CreateDeployment(ctx, store.NewDeployment{Zip: []byte("zip"), Targets: []store.Target{{OrgID: o.ID}},
		Owner: "dead-host/1/x", Lease: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	fake := &fakeOrg{statuses: []step{succeeded(1)}}
	svc := New(st, &fakeConnector{orgs: map[string]*fakeOrg{"acme": fake}, busy: &concurrency{}}, fastOptions())
	defer svc.Close()
	n, err := svc.Resume(ctx)
	if err != nil || n != 0 {
		t.Fatalf("Resume = %d, %v; want 0 (the job is still leased)", n, err)
	}
	if deploys, _ := fake.counts(); deploys != 0 {
		t.Fatalf("a leased job was deployed")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, _ := st.Job(ctx, jobs[0].ID)
		if j.Status == store.JobSucceeded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job was not taken over: %s, owner %q", j.Status, j.Owner)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if deploys, _ := fake.counts(); deploys != 1 {
		t.Errorf("deployed %d times, want 1", deploys)
	}
	if dep, _ := st.Deployment(ctx, d.ID); dep.Status != store.DeploymentSucceeded {
		t.Errorf("deployment %s", dep.Status)
	}
}

func TestRunningJobsKeepTheirLeaseAndReleaseItWhenStopped(t *testing.T) {
	ctx := context.Background()
	opts := fastOptions()
	opts.Lease = time.Second
	endless := &fakeOrg{statuses: []step{inProgress(0, 1)}}
	svc, st, orgs, _ := setup(t, opts, map[string]*fakeOrg{"acme": endless}, nil)
	_, jobs, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: ids(orgs, "acme")})
	if err != nil {
		t.Fatal(err)
	}
	// Well past two lease periods, nobody else can claim it.
	time.Sleep(2500 * time.Millisecond)
	if ok, err := st.ClaimJob(ctx, jobs[0].ID, "intruder", time.Minute); err != nil || ok {
		t.Errorf("another owner claimed a running job (%v, %v)", ok, err)
	}
	svc.Close()
	if ok, err := st.ClaimJob(ctx, jobs[0].ID, "next", time.Minute); err != nil || !ok {
		t.Errorf("after Close the job could not be claimed (%v, %v)", ok, err)
	}
}
