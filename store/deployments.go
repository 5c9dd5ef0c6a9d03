package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// DeploymentSource says where a deployment's zip came from.
type DeploymentSource string

// Deployment sources.
const (
	SourceSpec DeploymentSource = "spec" // generated from an integration's spec version
	SourceZip  DeploymentSource = "zip"  // an uploaded zip, deployed as is
)

// DeploymentStatus sums up a deployment's jobs.
type DeploymentStatus string

// Deployment statuses. A deployment is running while any job is unfinished;
// then succeeded if every job succeeded, canceled if every job was canceled,
// failed if any job failed, unknown if some job's outcome could not be read
// from Salesforce and none failed, and failed otherwise (a mix of successes
// and cancellations).
const (
	DeploymentRunning   DeploymentStatus = "running"
	DeploymentSucceeded DeploymentStatus = "succeeded"
	DeploymentFailed    DeploymentStatus = "failed"
	DeploymentCanceled  DeploymentStatus = "canceled"
	DeploymentUnknown   DeploymentStatus = "unknown"
)

// JobStatus is where one org's deploy stands.
type JobStatus string

// Job statuses, in the order a job passes through them.
const (
	JobQueued    JobStatus = "queued"    // recorded, no request sent yet
	JobDeploying JobStatus = "deploying" // the deploy request is being sent
	JobPolling   JobStatus = "polling"   // Salesforce accepted it (AsyncID set); waiting for the result
	JobSucceeded JobStatus = "succeeded"
	JobFailed    JobStatus = "failed"
	JobCanceled  JobStatus = "canceled"
	// JobUnknown is final: Salesforce's answer could not be read (polls kept
	// failing past their deadline, or a lost deploy response could not be
	// reconciled). The deploy may have run: a person checks the org, with
	// the deploy id in the job's error when one is known.
	JobUnknown JobStatus = "unknown"
)

// Valid reports whether st is a known job status.
func (st JobStatus) Valid() bool {
	switch st {
	case JobQueued, JobDeploying, JobPolling, JobSucceeded, JobFailed, JobCanceled, JobUnknown:
		return true
	}
	return false
}

// Done reports whether st is final.
func (st JobStatus) Done() bool {
	return st == JobSucceeded || st == JobFailed || st == JobCanceled || st == JobUnknown
}

// DeployOptions are the options a deployment was asked for. Each job keeps
// the test level it actually runs with (production orgs may differ).
type DeployOptions struct {
	CheckOnly bool
	TestLevel string
	RunTests  []string
}

// Deployment is one package sent to one or more orgs. Its zip is read
// separately with DeploymentZip.
type Deployment struct {
	ID            int64
	IntegrationID int64 // 0 for an uploaded zip, or once the integration is deleted
	SpecVersion   int   // 0 for an uploaded zip
	Source        DeploymentSource
	ZipName       string
	ZipSHA256     string // hex
	ZipSize       int64
	Options       DeployOptions
	CreatedBy     string
	CreatedAt     time.Time
	Status        DeploymentStatus
	FinishedAt    time.Time // zero while running
}

// Job is one org's part of a deployment: its status, Salesforce's async id,
// and the DeployResult JSON with component and test failures. A job is
// recorded before its first request and kept whatever its outcome.
type Job struct {
	ID           int64
	DeploymentID int64
	OrgID        int64 // 0 once the org has been deleted
	OrgAlias     string
	Status       JobStatus
	TestLevel    string
	AsyncID      string // Salesforce's deploy id, set once the request was accepted
	// SendingAt is when the last deploy request was about to be sent; with
	// no AsyncID it means the request may have reached Salesforce, so the
	// org is searched for it before sending again.
	SendingAt  time.Time
	Attempt    int // deploy requests sent or polling sessions started
	Counts     Counts
	Result     json.RawMessage // the last DeployResult, as its producer wrote it
	Error      string          // why the job failed, for people
	CreatedAt  time.Time
	UpdatedAt  time.Time
	StartedAt  time.Time
	LastPollAt time.Time
	FinishedAt time.Time
	// Owner is the process working on the job while LeaseUntil lies ahead
	// (see ClaimJob); UpdateJob leaves both alone.
	Owner      string
	LeaseUntil time.Time
}

// Counts are a deploy's component and test tallies.
type Counts struct {
	ComponentsTotal    int
	ComponentsDeployed int
	ComponentErrors    int
	TestsTotal         int
	TestsCompleted     int
	TestErrors         int
}

// NewDeployment is what CreateDeployment records.
type NewDeployment struct {
	IntegrationID int64 // 0 for an uploaded zip
	SpecVersion   int
	ZipName       string
	Zip           []byte
	Options       DeployOptions
	CreatedBy     string
	Targets       []Target
	// Owner, when set, holds each new job's lease for Lease from now, so
	// no other process resumes them while their creator works on them.
	Owner string
	Lease time.Duration
}

// Target is one org a deployment goes to and the test level it runs there.
type Target struct {
	OrgID     int64
	TestLevel string
}

// CreateDeployment records a deployment and a queued job per target in one
// transaction, so every org's deploy exists before any request is sent.
func (s *Store) CreateDeployment(ctx context.Context, nd NewDeployment) (Deployment, []Job, error) {
	if len(nd.Zip) == 0 {
		return Deployment{}, nil, errors.New("store: deployment zip is empty")
	}
	if len(nd.Targets) == 0 {
		return Deployment{}, nil, errors.New("store: deployment has no target org")
	}
	sum := sha256.Sum256(nd.Zip)
	now := fromMicros(toMicros(s.now()))
	d := Deployment{
		IntegrationID: nd.IntegrationID, SpecVersion: nd.SpecVersion, Source: SourceZip,
		ZipName: nd.ZipName, ZipSHA256: hex.EncodeToString(sum[:]), ZipSize: int64(len(nd.Zip)),
		Options: nd.Options, CreatedBy: nd.CreatedBy, CreatedAt: now, Status: DeploymentRunning,
	}
	if nd.IntegrationID != 0 {
		d.Source = SourceSpec
	}
	runTests, err := json.Marshal(nonNil(nd.Options.RunTests))
	if err != nil {
		return Deployment{}, nil, fmt.Errorf("store: create deployment: %w", err)
	}
	var jobs []Job
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO deployments (integration_id, spec_version, source, zip_name, zip_sha256, zip,
			check_only, test_level, run_tests, created_by, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullID(d.IntegrationID), d.SpecVersion, string(d.Source), d.ZipName, d.ZipSHA256, nd.Zip,
			d.Options.CheckOnly, d.Options.TestLevel, string(runTests), d.CreatedBy, toMicros(now), string(d.Status))
		if err != nil {
			return fmt.Errorf("store: create deployment: %w", err)
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store: create deployment: %w", err)
		}
		seen := map[int64]bool{}
		for _, t := range nd.Targets {
			if seen[t.OrgID] {
				return fmt.Errorf("store: create deployment: org %d targeted twice", t.OrgID)
			}
			seen[t.OrgID] = true
			var alias string
			if err := tx.QueryRowContext(ctx, `SELECT alias FROM orgs WHERE id = ?`, t.OrgID).Scan(&alias); err != nil {
				return notFound(err, "org", t.OrgID)
			}
			j := Job{DeploymentID: d.ID, OrgID: t.OrgID, OrgAlias: alias, Status: JobQueued, TestLevel: t.TestLevel, CreatedAt: now, UpdatedAt: now}
			if nd.Owner != "" && nd.Lease > 0 {
				j.Owner, j.LeaseUntil = nd.Owner, fromMicros(toMicros(now.Add(nd.Lease)))
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO deployment_jobs (deployment_id, org_id, org_alias, status, test_level, created_at, updated_at,
				owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, j.DeploymentID, j.OrgID, j.OrgAlias, string(j.Status), j.TestLevel,
				toMicros(now), toMicros(now), j.Owner, toMicros(j.LeaseUntil))
			if err != nil {
				return fmt.Errorf("store: create deployment job: %w", err)
			}
			if j.ID, err = res.LastInsertId(); err != nil {
				return fmt.Errorf("store: create deployment job: %w", err)
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	if err != nil {
		return Deployment{}, nil, err
	}
	return d, jobs, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

const deploymentColumns = `id, integration_id, spec_version, source, zip_name, zip_sha256, length(zip), check_only, test_level, run_tests,
	created_by, created_at, status, finished_at`

func scanDeployment(row rowScanner) (Deployment, error) {
	var d Deployment
	var integ, finished sql.NullInt64
	var source, runTests, status string
	var created int64
	if err := row.Scan(&d.ID, &integ, &d.SpecVersion, &source, &d.ZipName, &d.ZipSHA256, &d.ZipSize, &d.Options.CheckOnly,
		&d.Options.TestLevel, &runTests, &d.CreatedBy, &created, &status, &finished); err != nil {
		return Deployment{}, err
	}
	d.IntegrationID, d.Source, d.Status = integ.Int64, DeploymentSource(source), DeploymentStatus(status)
	d.CreatedAt, d.FinishedAt = fromMicros(created), fromNullMicros(finished)
	if err := json.Unmarshal([]byte(runTests), &d.Options.RunTests); err != nil {
		return Deployment{}, fmt.Errorf("run_tests: %w", err)
	}
	if len(d.Options.RunTests) == 0 {
		d.Options.RunTests = nil
	}
	return d, nil
}

// Deployment returns the deployment with the given id.
func (s *Store) Deployment(ctx context.Context, id int64) (Deployment, error) {
	d, err := scanDeployment(s.db.QueryRowContext(ctx, `SELECT `+deploymentColumns+` FROM deployments WHERE id = ?`, id))
	if err != nil {
		return Deployment{}, notFound(err, "deployment", id)
	}
	return d, nil
}

// DeploymentZip returns the zip a deployment sends.
func (s *Store) DeploymentZip(ctx context.Context, id int64) ([]byte, error) {
	var zip []byte
	if err := s.db.QueryRowContext(ctx, `SELECT zip FROM deployments WHERE id = ?`, id).Scan(&zip); err != nil {
		return nil, notFound(err, "deployment", id)
	}
	return zip, nil
}

// DeploymentFilter narrows Deployments. Zero fields do not filter.
type DeploymentFilter struct {
	IntegrationID int64
	Limit         int // default 50
}

// Deployments lists deployments, newest first.
func (s *Store) Deployments(ctx context.Context, f DeploymentFilter) ([]Deployment, error) {
	q := `SELECT ` + deploymentColumns + ` FROM deployments`
	var args []any
	if f.IntegrationID != 0 {
		q += ` WHERE integration_id = ?`
		args = append(args, f.IntegrationID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	return queryList(ctx, s, "deployments", q, scanDeployment, args...)
}

const jobColumns = `id, deployment_id, org_id, org_alias, status, test_level, async_id, attempt,
	components_total, components_deployed, component_errors, tests_total, tests_completed, test_errors,
	result, error, created_at, updated_at, started_at, last_poll_at, finished_at, owner, lease_until, sending_at`

func scanJob(row rowScanner) (Job, error) {
	var j Job
	var org, started, polled, finished, sending sql.NullInt64
	var status, result string
	var created, updated, lease int64
	c := &j.Counts
	if err := row.Scan(&j.ID, &j.DeploymentID, &org, &j.OrgAlias, &status, &j.TestLevel, &j.AsyncID, &j.Attempt,
		&c.ComponentsTotal, &c.ComponentsDeployed, &c.ComponentErrors, &c.TestsTotal, &c.TestsCompleted, &c.TestErrors,
		&result, &j.Error, &created, &updated, &started, &polled, &finished, &j.Owner, &lease, &sending); err != nil {
		return Job{}, err
	}
	if lease > 0 {
		j.LeaseUntil = fromMicros(lease)
	}
	j.OrgID, j.Status = org.Int64, JobStatus(status)
	if result != "" {
		j.Result = json.RawMessage(result)
	}
	j.CreatedAt, j.UpdatedAt = fromMicros(created), fromMicros(updated)
	j.StartedAt, j.LastPollAt, j.FinishedAt = fromNullMicros(started), fromNullMicros(polled), fromNullMicros(finished)
	j.SendingAt = fromNullMicros(sending)
	return j, nil
}

func (s *Store) queryJobs(ctx context.Context, where string, args ...any) ([]Job, error) {
	return queryList(ctx, s, "jobs", `SELECT `+jobColumns+` FROM deployment_jobs WHERE `+where+` ORDER BY id`, scanJob, args...)
}

// Job returns the job with the given id.
func (s *Store) Job(ctx context.Context, id int64) (Job, error) {
	j, err := scanJob(s.db.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM deployment_jobs WHERE id = ?`, id))
	if err != nil {
		return Job{}, notFound(err, "deployment job", id)
	}
	return j, nil
}

// Jobs lists a deployment's jobs in the order they were created. A
// deployment that does not exist gives ErrNotFound.
func (s *Store) Jobs(ctx context.Context, deploymentID int64) ([]Job, error) {
	jobs, err := s.queryJobs(ctx, `deployment_id = ?`, deploymentID)
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		if _, err := s.Deployment(ctx, deploymentID); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// UnfinishedJobs lists every job not yet succeeded, failed or canceled,
// oldest first: the work to resume after a restart.
func (s *Store) UnfinishedJobs(ctx context.Context) ([]Job, error) {
	return s.queryJobs(ctx, `status IN ('queued', 'deploying', 'polling')`)
}

// OrgDeployIDs lists the Salesforce deploy ids recorded by any job for the
// org, so that a deploy found in the org can be told apart from ones
// patchbay already knows.
func (s *Store) OrgDeployIDs(ctx context.Context, orgID int64) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT async_id FROM deployment_jobs WHERE org_id = ? AND async_id != ''`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: org deploy ids: %w", err)
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: org deploy ids: %w", err)
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: org deploy ids: %w", err)
	}
	return ids, nil
}

// ClaimJob gives owner the right to work on an unfinished job until ttl
// from now, and renews it when owner holds it already. It reports false,
// with no error, when another owner's lease has not lapsed or the job is
// finished; a job that does not exist gives ErrNotFound.
func (s *Store) ClaimJob(ctx context.Context, id int64, owner string, ttl time.Duration) (bool, error) {
	if owner == "" || ttl <= 0 {
		return false, errors.New("store: claim job: owner and a positive lease are required")
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE deployment_jobs SET owner = ?, lease_until = ?
		WHERE id = ? AND status IN ('queued', 'deploying', 'polling') AND (owner = ? OR lease_until <= ?)`,
		owner, toMicros(now.Add(ttl)), id, owner, toMicros(now))
	if err != nil {
		return false, fmt.Errorf("store: claim job %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim job %d: %w", id, err)
	}
	if n == 0 {
		if _, err := s.Job(ctx, id); err != nil {
			return false, err
		}
	}
	return n == 1, nil
}

// ReleaseJob ends owner's lease on a job, so that another process may take
// it over at once. Releasing a job owner does not hold does nothing.
func (s *Store) ReleaseJob(ctx context.Context, id int64, owner string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE deployment_jobs SET lease_until = 0 WHERE id = ? AND owner = ?`, id, owner); err != nil {
		return fmt.Errorf("store: release job %d: %w", id, err)
	}
	return nil
}

// UpdateJob writes a job's progress: status, async id, attempt, counts,
// result, error and times (UpdatedAt is set to now; a final status with no
// FinishedAt gets now). When the last job of a deployment finishes, the
// deployment's status and finish time are set in the same transaction.
func (s *Store) UpdateJob(ctx context.Context, j Job) error {
	if !j.Status.Valid() {
		return fmt.Errorf("store: unknown job status %q", j.Status)
	}
	now := s.now()
	if j.Status.Done() && j.FinishedAt.IsZero() {
		j.FinishedAt = now
	}
	c := j.Counts
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE deployment_jobs SET status = ?, test_level = ?, async_id = ?, attempt = ?,
			components_total = ?, components_deployed = ?, component_errors = ?, tests_total = ?, tests_completed = ?, test_errors = ?,
			result = ?, error = ?, updated_at = ?, started_at = ?, last_poll_at = ?, finished_at = ?, sending_at = ? WHERE id = ?`,
			string(j.Status), j.TestLevel, j.AsyncID, j.Attempt,
			c.ComponentsTotal, c.ComponentsDeployed, c.ComponentErrors, c.TestsTotal, c.TestsCompleted, c.TestErrors,
			string(j.Result), j.Error, toMicros(now), nullMicros(j.StartedAt), nullMicros(j.LastPollAt), nullMicros(j.FinishedAt),
			nullMicros(j.SendingAt), j.ID)
		if err != nil {
			return fmt.Errorf("store: update job %d: %w", j.ID, err)
		}
		if err := checkAffected(res, "deployment job", j.ID); err != nil {
			return err
		}
		return s.settleDeployment(ctx, tx, j.ID, now)
	})
}

// settleDeployment sets the status of the deployment owning job jobID from
// its jobs.
func (s *Store) settleDeployment(ctx context.Context, tx *sql.Tx, jobID int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT status, COUNT(*) FROM deployment_jobs
		WHERE deployment_id = (SELECT deployment_id FROM deployment_jobs WHERE id = ?) GROUP BY status`, jobID)
	if err != nil {
		return fmt.Errorf("store: settle deployment: %w", err)
	}
	counts := map[JobStatus]int{}
	total := 0
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return fmt.Errorf("store: settle deployment: %w", err)
		}
		counts[JobStatus(st)] = n
		total += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: settle deployment: %w", err)
	}
	status := DeploymentRunning
	switch {
	case counts[JobQueued]+counts[JobDeploying]+counts[JobPolling] > 0:
	case counts[JobSucceeded] == total:
		status = DeploymentSucceeded
	case counts[JobCanceled] == total:
		status = DeploymentCanceled
	case counts[JobUnknown] > 0 && counts[JobFailed] == 0:
		status = DeploymentUnknown
	default:
		status = DeploymentFailed
	}
	finished := sql.NullInt64{}
	if status != DeploymentRunning {
		finished = nullMicros(now)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deployments SET status = ?, finished_at = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(finished_at, ?) END
		WHERE id = (SELECT deployment_id FROM deployment_jobs WHERE id = ?)`, string(status), finished, finished, jobID); err != nil {
		return fmt.Errorf("store: settle deployment: %w", err)
	}
	return nil
}

// DeployedPackage is a package an integration deployed successfully (not
// check-only) to an org: the newest deployment of each distinct zip.
type DeployedPackage struct {
	DeploymentID    int64
	IntegrationID   int64
	IntegrationName string
	SpecVersion     int
}

// DeployedPackages lists, oldest first, the packages integrations other
// than except deployed successfully to the org, for telling whose
// components an org already has. Deployments of uploaded zips and of
// deleted integrations belong to no integration and are left out. Read
// each package's zip with DeploymentZip.
func (s *Store) DeployedPackages(ctx context.Context, orgID, except int64) ([]DeployedPackage, error) {
	return queryList(ctx, s, "deployed packages", `SELECT MAX(d.id), d.integration_id, i.name, d.spec_version
		FROM deployments d
		JOIN integrations i ON i.id = d.integration_id
		JOIN deployment_jobs j ON j.deployment_id = d.id
		WHERE j.org_id = ? AND j.status = 'succeeded' AND d.check_only = 0 AND d.integration_id != ?
		GROUP BY d.integration_id, d.zip_sha256
		ORDER BY 1`, func(r rowScanner) (DeployedPackage, error) {
		var p DeployedPackage
		err := r.Scan(&p.DeploymentID, &p.IntegrationID, &p.IntegrationName, &p.SpecVersion)
		return p, err
	}, orgID, except)
}
