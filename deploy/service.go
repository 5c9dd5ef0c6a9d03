package deploy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// ErrClosed reports that the service was closed before the deployment
// finished; its unfinished jobs stay in the store for Resume.
var ErrClosed = errors.New("deploy: service closed")

// Options tune a Service. Zero values mean the defaults shown.
type Options struct {
	// Workers bounds how many org deploys run at once (20).
	Workers int
	// PollInterval is the first delay between status polls (1s); it grows
	// by half after each poll up to MaxPollInterval (10s).
	PollInterval    time.Duration
	MaxPollInterval time.Duration
	// StatusDeadline is how long status polls may keep failing in a row
	// (Salesforce unavailable, REQUEST_LIMIT_EXCEEDED, any 4xx/5xx) before
	// the job is recorded unknown, never failed: the deploy goes on in the
	// org regardless (1h). Failed polls back off up to a tenth of it
	// (at most 5m, at least MaxPollInterval).
	StatusDeadline time.Duration
	// DeployRetries is how many more times a deploy request is sent when
	// Salesforce answered that it did not process it (502, 503, 504) (3),
	// waiting RetryDelay (2s) and doubling.
	DeployRetries int
	RetryDelay    time.Duration
	// Lease is how long a job stays reserved to this service without being
	// renewed (1m); it is renewed every third of it while the job runs, so
	// another process over the same database resumes a job only once this
	// one has stopped or died.
	Lease time.Duration
	// KeepFinished is how long a finished deployment's events stay
	// available to late subscribers (5m).
	KeepFinished time.Duration
	// Logger receives operational messages; nil discards them. No token or
	// secret is ever logged.
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = 20
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.MaxPollInterval <= 0 {
		o.MaxPollInterval = 10 * time.Second
	}
	if o.MaxPollInterval < o.PollInterval {
		o.MaxPollInterval = o.PollInterval
	}
	if o.StatusDeadline <= 0 {
		o.StatusDeadline = time.Hour
	}
	if o.DeployRetries < 0 {
		o.DeployRetries = 0
	} else if o.DeployRetries == 0 {
		o.DeployRetries = 3
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = 2 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.KeepFinished <= 0 {
		o.KeepFinished = 5 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Service deploys packages to orgs and keeps every job's state in the
// store. It is safe for concurrent use. Work started by Start or Resume
// runs until it finishes or the service is closed.
type Service struct {
	st   *store.Store
	conn Connector
	opts Options
	log  *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup
	owner  string // this service's name on the job leases it holds

	mu      sync.Mutex
	runs    map[int64]*tracker                          // by deployment id
	active  map[int64]*jobControl                       // by job id
	secrets map[int64][]salesforce.PrincipalCredentials // by deployment id, never logged
	zips    map[int64][]byte                            // by deployment id, shared by its jobs
}

// jobControl lets Cancel reach a running job, and stops it if its lease
// is lost to another process.
type jobControl struct {
	deploymentID int64
	cancel       chan struct{}
	once         sync.Once
	ctx          context.Context
	stop         context.CancelFunc
}

func (c *jobControl) requestCancel() { c.once.Do(func() { close(c.cancel) }) }

func (c *jobControl) canceled() bool {
	select {
	case <-c.cancel:
		return true
	default:
		return false
	}
}

// New returns a Service over st that connects to orgs with conn.
func New(st *store.Store, conn Connector, opts Options) *Service {
	opts.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{
		st: st, conn: conn, opts: opts, log: opts.Logger,
		ctx: ctx, cancel: cancel, sem: make(chan struct{}, opts.Workers), owner: newOwner(),
		runs: map[int64]*tracker{}, active: map[int64]*jobControl{}, secrets: map[int64][]salesforce.PrincipalCredentials{},
		zips: map[int64][]byte{},
	}
	s.wg.Add(1)
	go s.renewLeases()
	return s
}

// newOwner names a service on job leases: host, process and a random part.
func newOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// renewLeases keeps the leases of the jobs this service runs alive, and
// stops a job whose lease another process took over.
func (s *Service) renewLeases() {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		controls := make(map[int64]*jobControl, len(s.active))
		for id, c := range s.active {
			controls[id] = c
		}
		s.mu.Unlock()
		for id, c := range controls {
			ok, err := s.st.ClaimJob(s.ctx, id, s.owner, s.opts.Lease)
			switch {
			case err != nil && s.ctx.Err() == nil:
				s.log.Warn("renew job lease", "job", id, "err", err)
			case err == nil && !ok:
				// Finished just now, or taken over after we stalled.
				if j, err := s.st.Job(s.ctx, id); err == nil && !j.Status.Done() {
					s.log.Warn("job lease lost to another process", "job", id, "owner", j.Owner)
					c.stop()
				}
			}
		}
	}
}

// Close stops all work in progress and waits for it to stop. A deploy
// request already sent is let finish so its deploy id is recorded. Jobs that
// had not finished stay queued, deploying or polling in the store, for
// Resume, and their leases are released.
func (s *Service) Close() error {
	s.cancel()
	s.wg.Wait()
	return nil
}

// Request is one package to deploy to some orgs.
type Request struct {
	IntegrationID int64 // 0 for an uploaded zip
	SpecVersion   int
	ZipName       string
	Zip           []byte
	OrgIDs        []int64
	CheckOnly     bool
	// TestLevel is one of salesforce.TestLevels; empty means RunLocalTests.
	// See TestLevelFor.
	TestLevel string
	RunTests  []string
	CreatedBy string
	// Credentials are External Credential principal secrets to set in each
	// org after a successful (not check-only) deploy. They are kept in
	// memory only, unless KeepCredentials asks to store them encrypted so a
	// deploy resumed after a restart can still set them.
	Credentials     []salesforce.PrincipalCredentials
	KeepCredentials bool
	// validated maps an org to the Salesforce id of the validation to
	// deploy there instead of the package (QuickDeploy).
	validated map[int64]string
}

func credentialsKey(deploymentID int64) string {
	return fmt.Sprintf("deploy.%d.credentials", deploymentID)
}

// Start records the deployment and one queued job per org, then deploys to
// the orgs in the background and returns. Follow it with Subscribe or Wait.
// A request that cannot be honoured for some org (NoTestRun on production,
// an unknown org, components another integration deployed there: see
// OwnershipError) is refused whole, before anything is recorded.
func (s *Service) Start(ctx context.Context, req Request) (store.Deployment, []store.Job, error) {
	if s.ctx.Err() != nil {
		return store.Deployment{}, nil, ErrClosed
	}
	if len(req.Zip) == 0 {
		return store.Deployment{}, nil, errors.New("deploy: the package zip is empty")
	}
	if len(req.Zip) > salesforce.MaxZipSize {
		return store.Deployment{}, nil, fmt.Errorf("deploy: the package is %d bytes, over Salesforce's %d-byte limit", len(req.Zip), salesforce.MaxZipSize)
	}
	if len(req.OrgIDs) == 0 {
		return store.Deployment{}, nil, errors.New("deploy: no org to deploy to")
	}
	var targets []store.Target
	var orgs []store.Org
	var problems []error
	for _, id := range req.OrgIDs {
		org, err := s.st.Org(ctx, id)
		if err != nil {
			problems = append(problems, fmt.Errorf("org %d: %w", id, err))
			continue
		}
		orgs = append(orgs, org)
		level, err := TestLevelFor(org, req.TestLevel, req.RunTests)
		if err != nil {
			problems = append(problems, fmt.Errorf("org %s: %w", org.Alias, err))
			continue
		}
		targets = append(targets, store.Target{OrgID: id, TestLevel: level})
	}
	if len(problems) > 0 {
		return store.Deployment{}, nil, fmt.Errorf("deploy: %w", errors.Join(problems...))
	}
	if err := checkOwnership(ctx, s.st, req.IntegrationID, req.Zip, orgs); err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: %w", err)
	}
	d, jobs, err := s.st.CreateDeployment(ctx, store.NewDeployment{
		IntegrationID: req.IntegrationID, SpecVersion: req.SpecVersion, ZipName: req.ZipName, Zip: req.Zip,
		Options:   store.DeployOptions{CheckOnly: req.CheckOnly, TestLevel: req.TestLevel, RunTests: req.RunTests},
		CreatedBy: req.CreatedBy, Targets: targets, Owner: s.owner, Lease: s.opts.Lease,
	})
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: record deployment: %w", err)
	}
	if err := s.recordValidated(ctx, jobs, req.validated); err != nil {
		// A job without its record deploys the package itself, with the
		// validation's tests: slower, never wrong.
		s.log.Warn("quick deploy", "deployment", d.ID, "err", err)
	}
	if len(req.Credentials) > 0 && !req.CheckOnly {
		if req.KeepCredentials {
			// The deploy is recorded and goes on: a failure to keep the
			// credentials only means a resumed deploy cannot set them.
			b, err := json.Marshal(req.Credentials)
			if err == nil {
				err = s.st.SetSetting(ctx, credentialsKey(d.ID), string(b), true)
			}
			if err != nil {
				s.log.Error("keep credentials", "deployment", d.ID, "err", err)
			}
		}
		s.mu.Lock()
		s.secrets[d.ID] = req.Credentials
		s.mu.Unlock()
	}
	detail := fmt.Sprintf("%d orgs, %s", len(jobs), salesforce.TestLevelWords(req.TestLevel))
	if len(jobs) == 1 {
		detail = "1 org, " + salesforce.TestLevelWords(req.TestLevel)
	}
	if req.CheckOnly {
		detail += ", validation only"
	}
	if len(req.validated) > 0 {
		detail += ", deploying the validated package without running the tests again"
	}
	if _, err := s.st.Audit(ctx, store.AuditEntry{Actor: req.CreatedBy, Action: "deploy.start", Target: fmt.Sprint("deployment:", d.ID), Detail: detail}); err != nil {
		s.log.Warn("audit deploy start", "deployment", d.ID, "err", err)
	}
	s.launch(d.ID, jobs)
	return d, jobs, nil
}

// Resume restarts every unfinished job in the store that no one is working
// on: jobs with a Salesforce deploy id are polled again (never deployed
// twice), the others are deployed. A job leased by another process (still
// running, or dead less than Options.Lease ago) is taken over when its
// lease lapses without renewal. It returns how many jobs it resumed now.
func (s *Service) Resume(ctx context.Context) (int, error) {
	if s.ctx.Err() != nil {
		return 0, ErrClosed
	}
	s.forgetFinishedCredentials(ctx)
	jobs, err := s.st.UnfinishedJobs(ctx)
	if err != nil {
		return 0, fmt.Errorf("deploy: resume: %w", err)
	}
	byDeployment := map[int64][]store.Job{}
	var order []int64
	for _, j := range jobs {
		s.mu.Lock()
		_, running := s.active[j.ID]
		s.mu.Unlock()
		if running {
			continue
		}
		claimed, err := s.st.ClaimJob(ctx, j.ID, s.owner, s.opts.Lease)
		if err != nil {
			s.log.Warn("claim job", "job", j.ID, "err", err)
		}
		if err != nil || !claimed {
			s.retryLater(j)
			continue
		}
		if _, seen := byDeployment[j.DeploymentID]; !seen {
			order = append(order, j.DeploymentID)
		}
		byDeployment[j.DeploymentID] = append(byDeployment[j.DeploymentID], j)
	}
	n := 0
	for _, id := range order {
		if err := s.loadCredentials(ctx, id); err != nil {
			s.log.Warn("resume: kept credentials", "deployment", id, "err", err)
		}
		s.log.Info("resuming deployment", "deployment", id, "jobs", len(byDeployment[id]))
		n += s.launch(id, byDeployment[id])
	}
	return n, nil
}

// retryLater tries to take over a job leased by another process once its
// lease lapses, and again after each renewal, until the job is finished.
func (s *Service) retryLater(j store.Job) {
	wait := time.Until(j.LeaseUntil) + 50*time.Millisecond
	time.AfterFunc(max(wait, 50*time.Millisecond), func() {
		if s.ctx.Err() != nil {
			return
		}
		cur, err := s.st.Job(s.ctx, j.ID)
		if err != nil || cur.Status.Done() {
			return
		}
		s.mu.Lock()
		_, running := s.active[j.ID]
		s.mu.Unlock()
		if running {
			return
		}
		claimed, err := s.st.ClaimJob(s.ctx, j.ID, s.owner, s.opts.Lease)
		if err != nil {
			s.log.Warn("take over job", "job", j.ID, "err", err)
			return
		}
		if !claimed {
			s.retryLater(cur)
			return
		}
		if err := s.loadCredentials(s.ctx, cur.DeploymentID); err != nil {
			s.log.Warn("take over job", "job", j.ID, "err", err)
		}
		s.log.Info("took over job after its lease lapsed", "job", j.ID, "deployment", cur.DeploymentID)
		s.launch(cur.DeploymentID, []store.Job{cur})
	})
}

// forgetCredentialsIfDone deletes the credentials kept for a deployment
// once every one of its jobs is final (succeeded, failed, canceled or
// unknown): no job will set them any more, so they are not kept.
func (s *Service) forgetCredentialsIfDone(ctx context.Context, deploymentID int64) {
	sctx, cancel := storeCtx(ctx)
	defer cancel()
	d, err := s.st.Deployment(sctx, deploymentID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Deleted: nothing will use them.
	case err != nil:
		s.log.Warn("read deployment to forget its credentials", "deployment", deploymentID, "err", err)
		return
	case d.Status == store.DeploymentRunning:
		return
	}
	err = s.st.DeleteSetting(sctx, credentialsKey(deploymentID))
	switch {
	case err == nil:
		s.log.Info("kept credentials deleted", "deployment", deploymentID)
	case !errors.Is(err, store.ErrNotFound):
		s.log.Error("delete kept credentials", "deployment", deploymentID, "err", err)
	}
}

// forgetFinishedCredentials deletes credentials kept for deployments that
// have finished (by a process that stopped before deleting them, or before
// they were deleted at the end of a deployment).
func (s *Service) forgetFinishedCredentials(ctx context.Context) {
	settings, err := s.st.Settings(ctx)
	if err != nil {
		s.log.Warn("list kept credentials", "err", err)
		return
	}
	for _, st := range settings {
		var id int64
		if _, err := fmt.Sscanf(st.Key, "deploy.%d.credentials", &id); err != nil || credentialsKey(id) != st.Key {
			continue
		}
		s.forgetCredentialsIfDone(ctx, id)
	}
}

// loadCredentials reads a deployment's kept credentials, if any, into
// memory for the jobs about to run.
func (s *Service) loadCredentials(ctx context.Context, deploymentID int64) error {
	v, err := s.st.SettingValue(ctx, credentialsKey(deploymentID))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("deploy: resume deployment %d: %w", deploymentID, err)
	}
	var creds []salesforce.PrincipalCredentials
	if err := json.Unmarshal([]byte(v), &creds); err != nil {
		s.log.Warn("kept credentials unreadable", "deployment", deploymentID)
		return nil
	}
	s.mu.Lock()
	s.secrets[deploymentID] = creds
	s.mu.Unlock()
	return nil
}

// launch runs jobs of one deployment in the background and returns how
// many it started.
func (s *Service) launch(deploymentID int64, jobs []store.Job) int {
	s.mu.Lock()
	var started []store.Job
	var controls []*jobControl
	for _, j := range jobs {
		if _, running := s.active[j.ID]; running {
			continue
		}
		c := &jobControl{deploymentID: deploymentID, cancel: make(chan struct{})}
		c.ctx, c.stop = context.WithCancel(s.ctx)
		s.active[j.ID] = c
		started = append(started, j)
		controls = append(controls, c)
	}
	if len(started) == 0 {
		s.mu.Unlock()
		return 0
	}
	tr := s.runs[deploymentID]
	if tr == nil || tr.pending == 0 {
		// A finished tracker kept for late subscribers is replaced.
		tr = newTracker(deploymentID)
		s.runs[deploymentID] = tr
	}
	tr.pending += len(started)
	s.wg.Add(len(started))
	s.mu.Unlock()
	for i, j := range started {
		tr.publish(eventFor(j, statusMessage(j)))
		go s.runJob(tr, j, controls[i])
	}
	return len(started)
}

// runJob runs one job in a worker slot and does the bookkeeping after.
func (s *Service) runJob(tr *tracker, j store.Job, c *jobControl) {
	defer s.wg.Done()
	defer func() {
		c.stop()
		// Free the job at once for a process that resumes it.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := s.st.ReleaseJob(ctx, j.ID, s.owner); err != nil {
			s.log.Warn("release job lease", "job", j.ID, "err", err)
		}
		cancel()
		s.mu.Lock()
		delete(s.active, j.ID)
		tr.pending--
		s.mu.Unlock()
		s.settle(tr)
	}()
	select {
	case s.sem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	defer func() { <-s.sem }()
	w := &worker{s: s, tr: tr, job: j, ctl: c}
	w.run(c.ctx)
}

// settle ends a tracker whose jobs have all stopped: with a final event
// when the deployment finished, without one when the service was closed.
func (s *Service) settle(tr *tracker) {
	s.mu.Lock()
	if tr.pending > 0 {
		s.mu.Unlock()
		return
	}
	current := s.runs[tr.id] == tr
	if current {
		delete(s.secrets, tr.id)
		delete(s.zips, tr.id)
	}
	s.mu.Unlock()
	if !current || s.ctx.Err() != nil {
		s.forget(tr)
		tr.finish(nil)
		return
	}
	// Late subscribers still get the replay and the final event for a while.
	time.AfterFunc(s.opts.KeepFinished, func() { s.forget(tr) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := s.st.Deployment(ctx, tr.id)
	if err != nil {
		s.log.Error("read finished deployment", "deployment", tr.id, "err", err)
		tr.finish(nil)
		return
	}
	if d.Status == store.DeploymentRunning {
		// Its other jobs are run elsewhere (their lease was lost).
		s.forget(tr)
		tr.finish(nil)
		return
	}
	final := Event{DeploymentID: d.ID, Done: true, DeploymentStatus: d.Status, At: time.Now(), Message: "deployment " + string(d.Status)}
	tr.finish(&final)
}

// forget drops a finished tracker unless a newer one replaced it.
func (s *Service) forget(tr *tracker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.runs[tr.id] == tr {
		delete(s.runs, tr.id)
	}
}

// Subscribe follows a deployment this service is running or finished
// lately (Options.KeepFinished). The channel first carries the latest state
// of each job, then every change, then a final event with Done set, and is
// closed after it. For any other deployment (finished long ago, or run by
// another process) the channel is closed at once: read its state from the
// store. Call cancel when done listening.
func (s *Service) Subscribe(deploymentID int64) (<-chan Event, func()) {
	s.mu.Lock()
	tr := s.runs[deploymentID]
	s.mu.Unlock()
	if tr == nil {
		ch := make(chan Event)
		close(ch)
		return ch, func() {}
	}
	return tr.subscribe()
}

// Running reports whether this service is running jobs of the deployment.
func (s *Service) Running(deploymentID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	tr := s.runs[deploymentID]
	return tr != nil && tr.pending > 0
}

// zip returns a deployment's package, read from the store once and shared
// by its jobs (a package may be tens of megabytes and go to many orgs).
func (s *Service) zip(ctx context.Context, deploymentID int64) ([]byte, error) {
	s.mu.Lock()
	z, ok := s.zips[deploymentID]
	s.mu.Unlock()
	if ok {
		return z, nil
	}
	z, err := s.st.DeploymentZip(ctx, deploymentID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if _, running := s.runs[deploymentID]; running {
		s.zips[deploymentID] = z
	}
	s.mu.Unlock()
	return z, nil
}

// Follows reports whether Subscribe delivers events for the deployment:
// this service is running its jobs or finished them lately.
func (s *Service) Follows(deploymentID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[deploymentID] != nil
}

// Wait blocks until this service has no more jobs of the deployment to
// run, then returns the deployment and its jobs from the store. It returns
// ErrClosed if the service was closed first.
func (s *Service) Wait(ctx context.Context, deploymentID int64) (store.Deployment, []store.Job, error) {
	s.mu.Lock()
	tr := s.runs[deploymentID]
	s.mu.Unlock()
	if tr != nil {
		select {
		case <-tr.done:
		case <-ctx.Done():
			return store.Deployment{}, nil, fmt.Errorf("deploy: wait for deployment %d: %w", deploymentID, ctx.Err())
		}
	}
	if s.ctx.Err() != nil {
		return store.Deployment{}, nil, ErrClosed
	}
	d, err := s.st.Deployment(ctx, deploymentID)
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: %w", err)
	}
	jobs, err := s.st.Jobs(ctx, deploymentID)
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: %w", err)
	}
	return d, jobs, nil
}

// Cancel asks every unfinished job of a deployment run by this service to
// stop: a job not yet sent is canceled at once, and a deploy in progress is
// canceled in Salesforce and polled until Salesforce confirms. It returns
// how many jobs it asked.
func (s *Service) Cancel(deploymentID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.active {
		if c.deploymentID == deploymentID {
			c.requestCancel()
			n++
		}
	}
	return n
}

func eventFor(j store.Job, msg string) Event {
	return Event{DeploymentID: j.DeploymentID, JobID: j.ID, OrgID: j.OrgID, Org: j.OrgAlias, Status: j.Status, Counts: j.Counts, Message: msg, At: time.Now()}
}

func statusMessage(j store.Job) string {
	switch j.Status {
	case store.JobQueued:
		return "queued"
	case store.JobDeploying:
		return "sending the package"
	case store.JobPolling:
		return "waiting for Salesforce (deploy " + j.AsyncID + ")"
	}
	if j.Error != "" {
		return j.Error
	}
	return string(j.Status)
}
