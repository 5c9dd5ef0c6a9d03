package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestDeploymentsAndJobs(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	prod, _ := s.CreateOrg(ctx, newOrg("prod", OrgProduction), Tokens{})
	sbx, _ := s.CreateOrg(ctx, newOrg("sbx", OrgSandbox), Tokens{})
	in, _ := s.CreateIntegration(ctx, "Stripe_Sync", "", "ann")
	zip := []byte("PK\x03\x04 not really a zip")
	d, jobs, err := s.CreateDeployment(ctx, NewDeployment{
		IntegrationID: in.ID, SpecVersion: 3, ZipName: "stripe.zip", Zip: zip, CreatedBy: "ann",
		Options: DeployOptions{TestLevel: "RunSpecifiedTests", RunTests: []string{"A_Test", "B_Test"}},
		Targets: []Target{{OrgID: prod.ID, TestLevel: "RunLocalTests"}, {OrgID: sbx.ID, TestLevel: "RunSpecifiedTests"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Source != SourceSpec || d.Status != DeploymentRunning || d.ZipSize != int64(len(zip)) || len(d.ZipSHA256) != 64 {
		t.Errorf("deployment = %+v", d)
	}
	if len(jobs) != 2 || jobs[0].OrgAlias != "prod" || jobs[0].Status != JobQueued || jobs[0].TestLevel != "RunLocalTests" {
		t.Fatalf("jobs = %+v", jobs)
	}
	got, err := s.Deployment(ctx, d.ID)
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Errorf("Deployment = %+v, %v\nwant %+v", got, err, d)
	}
	if b, err := s.DeploymentZip(ctx, d.ID); err != nil || string(b) != string(zip) {
		t.Errorf("DeploymentZip = %q, %v", b, err)
	}
	if open, err := s.UnfinishedJobs(ctx); err != nil || len(open) != 2 {
		t.Errorf("UnfinishedJobs = %d, %v", len(open), err)
	}

	// The production job fails with its component errors; they are kept.
	failed := jobs[0]
	failed.Status, failed.AsyncID, failed.Attempt = JobFailed, "0Af000000000001", 1
	failed.Counts = Counts{ComponentsTotal: 4, ComponentsDeployed: 3, ComponentErrors: 1}
	failed.Result = json.RawMessage(`{"componentFailures":[{"fileName":"classes/A.cls","lineNumber":7,"problem":"Unexpected token"}]}`)
	failed.Error = "classes/A.cls:7: Unexpected token"
	failed.StartedAt = time.Now()
	if err := s.UpdateJob(ctx, failed); err != nil {
		t.Fatal(err)
	}
	if d2, _ := s.Deployment(ctx, d.ID); d2.Status != DeploymentRunning {
		t.Errorf("with one job open the deployment is %q", d2.Status)
	}
	done := jobs[1]
	done.Status = JobSucceeded
	if err := s.UpdateJob(ctx, done); err != nil {
		t.Fatal(err)
	}
	d3, _ := s.Deployment(ctx, d.ID)
	if d3.Status != DeploymentFailed || d3.FinishedAt.IsZero() {
		t.Errorf("after both finished: %+v", d3)
	}
	back, err := s.Job(ctx, failed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Counts != failed.Counts || back.AsyncID != failed.AsyncID || back.Error != failed.Error ||
		string(back.Result) != string(failed.Result) || back.FinishedAt.IsZero() || back.StartedAt.IsZero() {
		t.Errorf("Job = %+v", back)
	}
	if open, err := s.UnfinishedJobs(ctx); err != nil || len(open) != 0 {
		t.Errorf("UnfinishedJobs after all finished = %+v, %v", open, err)
	}

	// Deleting the org and the integration keeps the record.
	if err := s.DeleteOrg(ctx, prod.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteIntegration(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	kept, err := s.Jobs(ctx, d.ID)
	if err != nil || len(kept) != 2 || kept[0].OrgID != 0 || kept[0].OrgAlias != "prod" || kept[0].Error == "" {
		t.Errorf("jobs after deleting the org = %+v, %v", kept, err)
	}
	if d4, err := s.Deployment(ctx, d.ID); err != nil || d4.IntegrationID != 0 || d4.Status != DeploymentFailed {
		t.Errorf("deployment after deleting the integration = %+v, %v", d4, err)
	}
	if list, err := s.Deployments(ctx, DeploymentFilter{}); err != nil || len(list) != 1 {
		t.Errorf("Deployments = %+v, %v", list, err)
	}

	for name, err := range map[string]error{
		"Deployment":    func() error { _, err := s.Deployment(ctx, 999); return err }(),
		"DeploymentZip": func() error { _, err := s.DeploymentZip(ctx, 999); return err }(),
		"Jobs":          func() error { _, err := s.Jobs(ctx, 999); return err }(),
		"Job":           func() error { _, err := s.Job(ctx, 999); return err }(),
		"UpdateJob":     s.UpdateJob(ctx, Job{ID: 999, Status: JobFailed}),
		"CreateDeployment to a missing org": func() error {
			_, _, err := s.CreateDeployment(ctx, NewDeployment{Zip: zip, Targets: []Target{{OrgID: 999}}})
			return err
		}(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
	// A failed CreateDeployment leaves nothing behind.
	if list, _ := s.Deployments(ctx, DeploymentFilter{}); len(list) != 1 {
		t.Errorf("a failed CreateDeployment left %d deployments", len(list))
	}
}

func TestDeploymentStatusFollowsItsJobs(t *testing.T) {
	tests := []struct {
		name string
		jobs []JobStatus
		want DeploymentStatus
	}{
		{"all succeeded", []JobStatus{JobSucceeded, JobSucceeded}, DeploymentSucceeded},
		{"one still polling", []JobStatus{JobSucceeded, JobPolling}, DeploymentRunning},
		{"one failed", []JobStatus{JobSucceeded, JobFailed}, DeploymentFailed},
		{"all canceled", []JobStatus{JobCanceled, JobCanceled}, DeploymentCanceled},
		{"canceled and succeeded", []JobStatus{JobCanceled, JobSucceeded}, DeploymentFailed},
		{"one unknown, one succeeded", []JobStatus{JobUnknown, JobSucceeded}, DeploymentUnknown},
		{"one unknown, one failed", []JobStatus{JobUnknown, JobFailed}, DeploymentFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			var targets []Target
			for i := range tt.jobs {
				o, err := s.CreateOrg(ctx, newOrg(fmt.Sprint("org", i), OrgSandbox), Tokens{})
				if err != nil {
					t.Fatal(err)
				}
				targets = append(targets, Target{OrgID: o.ID})
			}
			d, jobs, err := s.CreateDeployment(ctx, NewDeployment{Zip: []byte("zip"), Targets: targets})
			if err != nil {
				t.Fatal(err)
			}
			if d.Source != SourceZip {
				t.Errorf("source = %q, want zip", d.Source)
			}
			for i, st := range tt.jobs {
				jobs[i].Status = st
				if err := s.UpdateJob(ctx, jobs[i]); err != nil {
					t.Fatal(err)
				}
			}
			got, _ := s.Deployment(ctx, d.ID)
			if got.Status != tt.want {
				t.Errorf("status = %q, want %q", got.Status, tt.want)
			}
			if (tt.want == DeploymentRunning) != got.FinishedAt.IsZero() {
				t.Errorf("finished at %v with status %q", got.FinishedAt, got.Status)
			}
		})
	}
}

func TestJobsKeepTheirSendTimeAndDeploymentsStillCascade(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, _ := s.CreateOrg(ctx, newOrg("prod", OrgProduction), Tokens{})
	d, jobs, err := s.CreateDeployment(ctx, NewDeployment{Zip: []byte("zip"), Targets: []Target{{OrgID: o.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	j := jobs[0]
	j.Status, j.SendingAt = JobDeploying, sent
	if err := s.UpdateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Job(ctx, j.ID); !got.SendingAt.Equal(sent) {
		t.Errorf("SendingAt = %v, want %v", got.SendingAt, sent)
	}
	j.Status, j.AsyncID = JobPolling, "0AfX"
	if err := s.UpdateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if ids, err := s.OrgDeployIDs(ctx, o.ID); err != nil || !ids["0AfX"] || len(ids) != 1 {
		t.Errorf("OrgDeployIDs = %v, %v", ids, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM deployments WHERE id = ?`, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Job(ctx, j.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a job outlived its deployment: %v", err)
	}
}

func TestConcurrentWritesUnderWAL(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	// A second Store on the same file stands for a second process.
	s2, err := Open(ctx, path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var targets []Target
	for i := 0; i < 8; i++ {
		o, err := s.CreateOrg(ctx, newOrg(fmt.Sprint("org", i), OrgSandbox), Tokens{AccessToken: "a"})
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, Target{OrgID: o.ID})
	}
	d, jobs, err := s.CreateDeployment(ctx, NewDeployment{Zip: []byte("zip"), Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 25
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs)*rounds*3)
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := []*Store{s, s2}[i%2]
			for r := 0; r < rounds; r++ {
				j.Status, j.Attempt = JobPolling, r
				j.LastPollAt = time.Now()
				if r == rounds-1 {
					j.Status = JobSucceeded
				}
				if err := st.UpdateJob(ctx, j); err != nil {
					errs <- err
				}
				if _, err := st.Audit(ctx, AuditEntry{Actor: "t", Action: "poll"}); err != nil {
					errs <- err
				}
				if err := st.SetOrgTokens(ctx, j.OrgID, Tokens{AccessToken: fmt.Sprint("a", r)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	log, err := s.AuditLog(ctx, 10000, 0)
	if err != nil || len(log) != len(jobs)*rounds {
		t.Errorf("audit entries = %d, %v; want %d", len(log), err, len(jobs)*rounds)
	}
	got, _ := s.Deployment(ctx, d.ID)
	if got.Status != DeploymentSucceeded {
		t.Errorf("deployment status = %q", got.Status)
	}
	for _, j := range jobs {
		back, _ := s.Job(ctx, j.ID)
		if back.Attempt != rounds-1 {
			t.Errorf("job %d attempt = %d", j.ID, back.Attempt)
		}
	}
}

func TestJobLeases(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	o, _ := s.CreateOrg(ctx, newOrg("acme", OrgSandbox), Tokens{})
	_, jobs, err := s.CreateDeployment(ctx, NewDeployment{Zip: []byte("z"), Targets: []Target{{OrgID: o.ID}}, Owner: "a", Lease: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	id := jobs[0].ID
	if j, _ := s.Job(ctx, id); j.Owner != "a" || !j.LeaseUntil.Equal(now.Add(time.Minute)) {
		t.Fatalf("new job lease = %q until %v", j.Owner, j.LeaseUntil)
	}
	steps := []struct {
		name    string
		advance time.Duration
		do      func() (bool, error)
		want    bool
	}{
		{"another owner cannot claim a live lease", 0, func() (bool, error) { return s.ClaimJob(ctx, id, "b", time.Minute) }, false},
		{"the owner renews it", 30 * time.Second, func() (bool, error) { return s.ClaimJob(ctx, id, "a", time.Minute) }, true},
		{"still live after the first expiry", 45 * time.Second, func() (bool, error) { return s.ClaimJob(ctx, id, "b", time.Minute) }, false},
		{"a lapsed lease is taken over", time.Minute, func() (bool, error) { return s.ClaimJob(ctx, id, "b", time.Minute) }, true},
		{"the old owner lost it", 0, func() (bool, error) { return s.ClaimJob(ctx, id, "a", time.Minute) }, false},
		{"a released lease is free at once", 0, func() (bool, error) {
			if err := s.ReleaseJob(ctx, id, "b"); err != nil {
				return false, err
			}
			return s.ClaimJob(ctx, id, "a", time.Minute)
		}, true},
		{"releasing another's lease does nothing", 0, func() (bool, error) {
			if err := s.ReleaseJob(ctx, id, "b"); err != nil {
				return false, err
			}
			return s.ClaimJob(ctx, id, "b", time.Minute)
		}, false},
		{"a finished job cannot be claimed", 2 * time.Minute, func() (bool, error) {
			j, _ := s.Job(ctx, id)
			j.Status = JobSucceeded
			if err := s.UpdateJob(ctx, j); err != nil {
				return false, err
			}
			return s.ClaimJob(ctx, id, "b", time.Minute)
		}, false},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		got, err := st.do()
		if err != nil || got != st.want {
			t.Errorf("%s: claimed %v, %v; want %v", st.name, got, err, st.want)
		}
	}
	if _, err := s.ClaimJob(ctx, 999, "a", time.Minute); !errors.Is(err, ErrNotFound) {
		t.Errorf("claiming a missing job: %v", err)
	}
}

func TestMigration5KeepsDeploymentsAndJobsOfAnOlderDatabase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var before []migration
	for _, m := range ms {
		if m.version < 5 {
			before = append(before, m)
		}
	}
	// A database at the schema before migration 5.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "old.db")+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := &Store{db: db, sec: s.sec, now: time.Now}
	if err := old.apply(ctx, before); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO orgs (id, alias, kind, login_url, instance_url, status, connected_at) VALUES (1, 'prod', 'production', 'https://login.salesforce.com', 'https://x.my.salesforce.com', 'connected', 1)`,
		`INSERT INTO deployments (id, source, zip_sha256, zip, check_only, created_at, status) VALUES (7, 'zip', 'ab', x'00', 0, 1, 'running')`,
		`INSERT INTO deployment_jobs (id, deployment_id, org_id, org_alias, status, async_id, created_at, updated_at, owner, lease_until) VALUES (3, 7, 1, 'prod', 'polling', '0AfX', 1, 1, 'p', 5)`,
	} {
		if _, err := old.db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.apply(ctx, ms); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	j, err := old.Job(ctx, 3)
	if err != nil || j.DeploymentID != 7 || j.AsyncID != "0AfX" || j.Status != JobPolling || j.Owner != "p" || !j.SendingAt.IsZero() {
		t.Fatalf("job after migration = %+v, %v", j, err)
	}
	j.Status = JobUnknown
	if err := old.UpdateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	if d, err := old.Deployment(ctx, 7); err != nil || d.Status != DeploymentUnknown {
		t.Errorf("deployment after an unknown job = %+v, %v", d, err)
	}
	var fkErrors int
	if err := old.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fkErrors); err != nil || fkErrors != 0 {
		t.Errorf("foreign key check: %d problems, %v", fkErrors, err)
	}
}
