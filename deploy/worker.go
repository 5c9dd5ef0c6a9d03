package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// worker carries one job from wherever it stands to its end.
type worker struct {
	s   *Service
	tr  *tracker
	job store.Job
	ctl *jobControl
	org store.Org
}

// deployRequestTimeout bounds one deploy request (uploading the zip).
const deployRequestTimeout = 5 * time.Minute

// storeCtx returns a context for store writes that outlives a closing
// service: a deploy id Salesforce returned must be recorded even if the
// service is being closed, or a resume would deploy twice.
func storeCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}

// save writes the job and publishes msg with its new state.
func (w *worker) save(ctx context.Context, msg string) error {
	sctx, cancel := storeCtx(ctx)
	defer cancel()
	if err := w.s.st.UpdateJob(sctx, w.job); err != nil {
		w.s.log.Error("record job", "job", w.job.ID, "org", w.job.OrgAlias, "err", err)
		return fmt.Errorf("deploy: record job %d: %w", w.job.ID, err)
	}
	w.tr.publish(eventFor(w.job, msg))
	return nil
}

// finish records a final status and message. When it was the
// deployment's last job, the credentials kept for it are deleted.
func (w *worker) finish(ctx context.Context, status store.JobStatus, msg string) {
	w.job.Status = status
	if status != store.JobSucceeded {
		w.job.Error = msg
	}
	if w.save(ctx, msg) == nil {
		w.s.forgetCredentialsIfDone(ctx, w.job.DeploymentID)
	}
	w.s.log.Info("job finished", "deployment", w.job.DeploymentID, "org", w.job.OrgAlias, "status", status)
}

// run carries the job to its end, or returns early, leaving it resumable,
// when ctx ends.
func (w *worker) run(ctx context.Context) {
	j := &w.job
	if j.OrgID == 0 {
		w.finish(ctx, store.JobFailed, fmt.Sprintf("org %s was removed before the deploy ran", j.OrgAlias))
		return
	}
	org, err := w.s.st.Org(ctx, j.OrgID)
	if err != nil {
		if ctx.Err() == nil {
			w.finish(ctx, store.JobFailed, fmt.Sprintf("org %s: %v", j.OrgAlias, err))
		}
		return
	}
	w.org = org
	// A job left deploying with a send time may have started a deploy: it
	// is neither "canceled before it was sent" nor "failed" until the org
	// has been searched.
	maybeSent := j.AsyncID == "" && j.Status == store.JobDeploying && !j.SendingAt.IsZero()
	if j.AsyncID == "" && !maybeSent && w.ctl.canceled() {
		w.finish(ctx, store.JobCanceled, "canceled before it was sent")
		return
	}
	if org.Status == store.OrgReconnectRequired && j.AsyncID == "" {
		if maybeSent {
			w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. A deploy request was sent to %s at %s and got no answer, "+
				"and the org cannot be searched for it: %s. See Setup > Deployment Status in %s.",
				org.Alias, j.SendingAt.UTC().Format("15:04:05 UTC"), reconnectMessage(org), org.Alias))
			return
		}
		w.finish(ctx, store.JobFailed, reconnectMessage(org))
		return
	}
	tokens, err := w.s.st.OrgTokens(ctx, org.ID)
	if err != nil {
		if ctx.Err() == nil {
			w.finish(ctx, store.JobFailed, fmt.Sprintf("org %s: reading its tokens: %v", org.Alias, err))
		}
		return
	}
	client, err := w.s.conn.Connect(ctx, org, tokens, w.persistTokens(ctx))
	if err != nil {
		if ctx.Err() == nil {
			w.fail(ctx, err, "connect")
		}
		return
	}
	d, err := w.s.st.Deployment(ctx, j.DeploymentID)
	if err != nil {
		if ctx.Err() == nil {
			w.finish(ctx, store.JobFailed, fmt.Sprintf("reading the deployment: %v", err))
		}
		return
	}

	switch {
	case maybeSent:
		// A request was being sent when the last process stopped: it may
		// have reached Salesforce. Look for it before sending again.
		switch w.reconcile(ctx, client, d) {
		case foundDeploy:
			j.Attempt++
			if w.save(ctx, fmt.Sprintf("resumed: the deploy sent before the restart reached Salesforce (deploy %s); waiting for it", j.AsyncID)) != nil {
				return
			}
		case noDeploy:
			if w.ctl.canceled() {
				w.finish(ctx, store.JobCanceled, "canceled before it reached Salesforce")
				return
			}
			if !w.send(ctx, client, d) {
				return
			}
		default:
			return
		}
	case j.AsyncID == "":
		if !w.send(ctx, client, d) {
			return
		}
	default:
		j.Status = store.JobPolling
		j.Attempt++
		if w.save(ctx, fmt.Sprintf("resumed: waiting for Salesforce (deploy %s)", j.AsyncID)) != nil {
			return
		}
	}

	r, err := w.poll(ctx, client)
	if err != nil {
		if ctx.Err() == nil {
			w.unreadable(ctx, err)
		}
		return
	}
	w.record(r)
	switch {
	case r.Status == salesforce.StatusSucceeded && r.Success:
		if !d.Options.CheckOnly && !w.pushCredentials(ctx, client) {
			return
		}
		sctx, cancel := storeCtx(ctx)
		if err := w.s.st.TouchOrg(sctx, org.ID); err != nil {
			w.s.log.Warn("touch org", "org", org.Alias, "err", err)
		}
		cancel()
		w.finish(ctx, store.JobSucceeded, successMessage(r, d.Options.CheckOnly))
	case r.Status == salesforce.StatusCanceled:
		w.finish(ctx, store.JobCanceled, "canceled in Salesforce")
	default:
		msg := FirstError(r)
		if msg == "" {
			msg = "the deploy ended with status " + r.Status
		}
		w.finish(ctx, store.JobFailed, msg)
	}
}

// send records that the job is deploying, sends the package and records
// the deploy id. It reports whether polling should follow.
func (w *worker) send(ctx context.Context, client OrgClient, d store.Deployment) bool {
	j := &w.job
	zipBytes, err := w.s.zip(ctx, j.DeploymentID)
	if err != nil {
		if ctx.Err() == nil {
			w.finish(ctx, store.JobFailed, fmt.Sprintf("reading the package: %v", err))
		}
		return false
	}
	opts := salesforce.DeployOptions{
		CheckOnly:       d.Options.CheckOnly,
		TestLevel:       j.TestLevel,
		RollbackOnError: true,
		SinglePackage:   singlePackage(zipBytes),
	}
	if j.TestLevel == salesforce.TestLevelRunSpecifiedTests {
		opts.RunTests = d.Options.RunTests
	}
	j.Status = store.JobDeploying
	j.Attempt++
	j.Error = ""
	if j.StartedAt.IsZero() {
		j.StartedAt = time.Now()
	}
	delay := w.s.opts.RetryDelay
	for try := 0; ; try++ {
		// "sending" is recorded before every request: after a lost
		// answer or a crash, the org is searched for a deploy created
		// since then before anything is sent again.
		j.SendingAt = time.Now()
		if w.save(ctx, "sending the package") != nil {
			return false
		}
		// A deploy request in flight is allowed to finish even when the
		// service is closing, so that the id it returns is recorded: an
		// abandoned request might have started a deploy that a resume would
		// then start again.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deployRequestTimeout)
		id, err := w.request(dctx, client, zipBytes, opts)
		cancel()
		if err == nil {
			w.accepted(ctx, client, id, fmt.Sprintf("Salesforce accepted deploy %s", id))
			return true
		}
		if ctx.Err() != nil {
			// Left deploying with SendingAt: a resume reconciles.
			return false
		}
		if notProcessed(err) && try < w.s.opts.DeployRetries {
			w.tr.publish(eventFor(*j, fmt.Sprintf("Salesforce is unavailable; sending again in %s", delay.Round(time.Millisecond))))
			if !sleep(ctx, delay) {
				return false
			}
			delay *= 2
			continue
		}
		if !mayHaveReached(err) {
			w.fail(ctx, err, "deploy")
			return false
		}
		w.tr.publish(eventFor(*j, fmt.Sprintf("the answer to the deploy request was lost (%v); looking for the deploy in the org", err)))
		if !sleep(ctx, delay) {
			return false
		}
		switch w.reconcile(ctx, client, d) {
		case foundDeploy:
			return true
		case noDeploy:
			if w.ctl.canceled() {
				w.finish(ctx, store.JobCanceled, "canceled before it reached Salesforce")
				return false
			}
			if try >= w.s.opts.DeployRetries {
				w.fail(ctx, err, "deploy")
				return false
			}
			w.tr.publish(eventFor(*j, "the deploy request did not reach Salesforce; sending it again"))
			delay *= 2
		default:
			return false
		}
	}
}

// accepted records the deploy id Salesforce gave (or that was found in the
// org) and moves the job to polling.
func (w *worker) accepted(ctx context.Context, client OrgClient, id, msg string) {
	j := &w.job
	j.AsyncID = id
	j.Status = store.JobPolling
	// The id must reach the store, or a resume would look for the deploy
	// again: retry, and poll on with the id in memory if the store stays
	// unwritable.
	for attempt := 0; attempt < 3; attempt++ {
		if w.save(ctx, msg) == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if w.ctl.canceled() {
		w.requestSalesforceCancel(ctx, client)
	}
}

// reconciliation is what a search of the org for a deploy request found.
type reconciliation int

const (
	// foundDeploy: the deploy is in the org; the job adopted its id.
	foundDeploy reconciliation = iota
	// noDeploy: the org has no such deploy; sending it cannot deploy twice.
	noDeploy
	// undecided: the search failed or was ambiguous; the job has ended
	// unknown (or the service is closing).
	undecided
)

// clockSkew is how far Salesforce's clock may run behind this machine's:
// the org is searched for deploys created since SendingAt minus this.
const clockSkew = time.Minute

// reconcile searches the org (Tooling API DeployRequest) for a deploy this
// job sent at SendingAt whose answer was lost: one created since then by
// the connected user, with the same check-only flag, and not already
// recorded by a job. One is adopted; none means it was never received;
// several, or a search that keeps failing, end the job unknown.
func (w *worker) reconcile(ctx context.Context, client OrgClient, d store.Deployment) reconciliation {
	j := &w.job
	since := j.SendingAt.Add(-clockSkew)
	var recs []salesforce.DeployRequestRecord
	var err error
	delay := w.s.opts.RetryDelay
	for try := 0; try < 3; try++ {
		if recs, err = client.DeploysSince(ctx, since); err == nil || ctx.Err() != nil {
			break
		}
		if !sleep(ctx, delay) {
			break
		}
		delay *= 2
	}
	if ctx.Err() != nil {
		return undecided
	}
	if err != nil {
		w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. The deploy request sent to %s at %s got no answer, "+
			"and looking for it in the org failed (%v). See Setup > Deployment Status in %s: if no deploy was started then, deploy again",
			w.org.Alias, j.SendingAt.UTC().Format("15:04:05 UTC"), err, w.org.Alias))
		return undecided
	}
	sctx, cancel := storeCtx(ctx)
	known, err := w.s.st.OrgDeployIDs(sctx, w.org.ID)
	cancel()
	if err != nil {
		w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. The deploy request sent to %s got no answer, and patchbay could not read its own records: %v", w.org.Alias, err))
		return undecided
	}
	var match []string
	for _, r := range recs {
		if known[r.ID] || r.CheckOnly != d.Options.CheckOnly || r.CreatedDate.Before(since) {
			continue
		}
		match = append(match, r.ID)
	}
	switch len(match) {
	case 0:
		return noDeploy
	case 1:
		w.accepted(ctx, client, match[0], fmt.Sprintf("the deploy request reached Salesforce: found deploy %s in the org", match[0]))
		return foundDeploy
	}
	w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. The deploy request sent to %s got no answer, and the org has %d deploys "+
		"started since then by the same user (%s); patchbay cannot tell which is this one. See Setup > Deployment Status in %s",
		w.org.Alias, len(match), strings.Join(match, ", "), w.org.Alias))
	return undecided
}

// mayHaveReached reports a deploy request error after which Salesforce may
// have started the deploy: no answer arrived (dropped connection, timeout)
// or the server failed in a way that does not say it did nothing.
func mayHaveReached(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ae *salesforce.APIError
	if !errors.As(err, &ae) || !errors.Is(err, salesforce.ErrTransient) {
		return false
	}
	return !notProcessed(err)
}

// notProcessed reports an error after which Salesforce certainly did not
// start the deploy, so sending it again cannot deploy twice.
func notProcessed(err error) bool {
	var ae *salesforce.APIError
	if !errors.As(err, &ae) || !errors.Is(err, salesforce.ErrTransient) {
		return false
	}
	switch ae.StatusCode {
	case 502, 503, 504, 429:
		return true
	}
	return false
}

// poll reads the deploy's status until it is done, recording every change.
// A failed poll (Salesforce unavailable, REQUEST_LIMIT_EXCEEDED, any other
// error) says nothing about the deploy, which goes on in the org: polling
// backs off and goes on until Options.StatusDeadline has passed without an
// answer, then returns the last error.
func (w *worker) poll(ctx context.Context, client OrgClient) (*salesforce.DeployResult, error) {
	j := &w.job
	interval := w.s.opts.PollInterval
	maxErrDelay := max(w.s.opts.MaxPollInterval, min(5*time.Minute, w.s.opts.StatusDeadline/10))
	errDelay := time.Duration(0)
	var failingSince time.Time
	cancelAsked := false
	for {
		if !cancelAsked && w.ctl.canceled() {
			cancelAsked = true
			w.requestSalesforceCancel(ctx, client)
		}
		r, err := client.DeployStatus(ctx, j.AsyncID)
		j.LastPollAt = time.Now()
		delay := interval
		switch {
		case err == nil:
			failingSince, errDelay = time.Time{}, 0
			if r.Done {
				return r, nil
			}
			before := j.Counts
			prevResult := string(j.Result)
			w.record(r)
			if j.Counts != before || string(j.Result) != prevResult {
				// A failed write is logged and retried with the next
				// change: the deploy goes on in Salesforce regardless.
				w.save(ctx, progressMessage(r))
			}
			interval = min(interval+interval/2, w.s.opts.MaxPollInterval)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case needsReconnect(err):
			return nil, err
		default:
			if failingSince.IsZero() {
				failingSince = time.Now()
			}
			if time.Since(failingSince) >= w.s.opts.StatusDeadline {
				return nil, &unreadableError{since: failingSince, err: err}
			}
			errDelay = min(max(2*errDelay, interval), maxErrDelay)
			delay = errDelay
			w.tr.publish(eventFor(*j, fmt.Sprintf("could not read the deploy's status (%s); trying again in %s", pollProblem(err), delay.Round(time.Millisecond))))
		}
		if !sleep(ctx, delay) {
			return nil, ctx.Err()
		}
	}
}

// unreadableError is a deploy whose status polls kept failing past the
// deadline.
type unreadableError struct {
	since time.Time
	err   error
}

func (e *unreadableError) Error() string {
	return fmt.Sprintf("no status since %s: %v", e.since.UTC().Format("15:04:05 UTC"), e.err)
}

func (e *unreadableError) Unwrap() error { return e.err }

// pollProblem says in plain words why a status poll failed.
func pollProblem(err error) string {
	switch {
	case errors.Is(err, salesforce.ErrLimitExceeded):
		return "the org's API request limit is used up: " + err.Error()
	case errors.Is(err, salesforce.ErrTransient):
		return "Salesforce was unavailable: " + err.Error()
	}
	return err.Error()
}

// needsReconnect reports an error after which the org's saved login is
// refused: no further call can succeed until someone reconnects it.
func needsReconnect(err error) bool {
	return errors.Is(err, salesforce.ErrReconnectRequired) ||
		errors.Is(err, salesforce.ErrAuthExpired) && !errors.Is(err, salesforce.ErrTransient)
}

// unreadable ends a job whose deploy Salesforce accepted but whose outcome
// could not be read: unknown, with the deploy id, never failed. The
// credentials are not set (they are set only after a known success).
func (w *worker) unreadable(ctx context.Context, err error) {
	org := w.org
	if needsReconnect(err) {
		sctx, cancel := storeCtx(ctx)
		if serr := w.s.st.SetOrgStatus(sctx, org.ID, store.OrgReconnectRequired); serr != nil {
			w.s.log.Error("mark org reconnect_required", "org", org.Alias, "err", serr)
		}
		cancel()
		w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. Deploy %s was accepted, but its result could not be read: %s "+
			"See Setup > Deployment Status in %s for its outcome.", w.job.AsyncID, reconnectMessage(org), org.Alias))
		return
	}
	w.finish(ctx, store.JobUnknown, fmt.Sprintf("unknown: check the org. Deploy %s was accepted, but Salesforce did not say how it ended (%s). "+
		"See Setup > Deployment Status in %s for its outcome; no credentials were set.", w.job.AsyncID, pollProblem(err), org.Alias))
}

func (w *worker) requestSalesforceCancel(ctx context.Context, client OrgClient) {
	if err := client.Cancel(ctx, w.job.AsyncID); err != nil {
		w.tr.publish(eventFor(w.job, fmt.Sprintf("could not cancel: %v", err)))
		return
	}
	w.tr.publish(eventFor(w.job, "cancel requested"))
}

// record copies a result's counts and JSON into the job.
func (w *worker) record(r *salesforce.DeployResult) {
	w.job.Counts = store.Counts{
		ComponentsTotal:    r.NumberComponentsTotal,
		ComponentsDeployed: r.NumberComponentsDeployed,
		ComponentErrors:    r.NumberComponentErrors,
		TestsTotal:         r.NumberTestsTotal,
		TestsCompleted:     r.NumberTestsCompleted,
		TestErrors:         r.NumberTestErrors,
	}
	if b, err := json.Marshal(r); err == nil {
		w.job.Result = b
	}
}

// pushCredentials sets the deployment's External Credential secrets in the
// org. It reports whether the job may finish as a success.
func (w *worker) pushCredentials(ctx context.Context, client OrgClient) bool {
	w.s.mu.Lock()
	creds := w.s.secrets[w.job.DeploymentID]
	w.s.mu.Unlock()
	for _, pc := range creds {
		if err := client.SetCredential(ctx, pc); err != nil {
			if ctx.Err() != nil {
				return false
			}
			w.finish(ctx, store.JobFailed, fmt.Sprintf("deployed, but setting the credentials of %s (principal %s) failed: %v",
				pc.ExternalCredential, pc.PrincipalName, err))
			return false
		}
		w.tr.publish(eventFor(w.job, fmt.Sprintf("credentials of %s set", pc.ExternalCredential)))
	}
	w.recordCredentialsSet(ctx, creds)
	return true
}

// persistTokens returns the callback that stores refreshed tokens.
func (w *worker) persistTokens(ctx context.Context) func(store.Tokens) {
	return func(t store.Tokens) {
		sctx, cancel := storeCtx(ctx)
		defer cancel()
		if err := w.s.st.SetOrgTokens(sctx, w.org.ID, t); err != nil {
			w.s.log.Error("store refreshed tokens", "org", w.org.Alias, "err", err)
			return
		}
		if w.org.Status != store.OrgConnected {
			if err := w.s.st.SetOrgStatus(sctx, w.org.ID, store.OrgConnected); err == nil {
				w.org.Status = store.OrgConnected
			}
		}
		w.s.log.Info("access token refreshed", "org", w.org.Alias)
	}
}

// fail ends the job after an error from op, marking the org
// reconnect_required when its refresh token was refused.
func (w *worker) fail(ctx context.Context, err error, op string) {
	org := w.org
	switch {
	case errors.Is(err, salesforce.ErrReconnectRequired),
		errors.Is(err, salesforce.ErrAuthExpired) && !errors.Is(err, salesforce.ErrTransient):
		sctx, cancel := storeCtx(ctx)
		if serr := w.s.st.SetOrgStatus(sctx, org.ID, store.OrgReconnectRequired); serr != nil {
			w.s.log.Error("mark org reconnect_required", "org", org.Alias, "err", serr)
		}
		cancel()
		w.finish(ctx, store.JobFailed, reconnectMessage(org)+fmt.Sprintf(" (%s: %v)", op, err))
	case errors.Is(err, salesforce.ErrLimitExceeded):
		w.finish(ctx, store.JobFailed, fmt.Sprintf("org %s has used up its Salesforce API request limit; the deploy was not completed. "+
			"Limits recover over a rolling 24 hours: deploy again later (%s)", org.Alias, op))
	case errors.Is(err, salesforce.ErrTransient):
		msg := fmt.Sprintf("Salesforce was unavailable (%s): %v", op, err)
		if w.job.AsyncID != "" {
			msg += fmt.Sprintf("; deploy %s may still finish: see Setup > Deployment Status in org %s", w.job.AsyncID, org.Alias)
		}
		w.finish(ctx, store.JobFailed, msg)
	default:
		w.finish(ctx, store.JobFailed, fmt.Sprintf("%s: %v", op, err))
	}
}

func reconnectMessage(org store.Org) string {
	return fmt.Sprintf("org %s must be reconnected: Salesforce refused its saved login. "+
		"Run `patchbay org login --alias %s` or reconnect it on the Orgs page, then deploy again", org.Alias, org.Alias)
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// singlePackage reports whether the zip has package.xml at its root (as
// opposed to under one top-level folder).
func singlePackage(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return true
	}
	for _, f := range zr.File {
		if f.Name == "package.xml" {
			return true
		}
	}
	return false
}

func progressMessage(r *salesforce.DeployResult) string {
	msg := salesforce.StatusWords(r.Status)
	if r.NumberComponentsTotal > 0 {
		msg += fmt.Sprintf(": components %d/%d", r.NumberComponentsDeployed+r.NumberComponentErrors, r.NumberComponentsTotal)
	}
	if r.NumberTestsTotal > 0 {
		msg += fmt.Sprintf(", tests %d/%d", r.NumberTestsCompleted+r.NumberTestErrors, r.NumberTestsTotal)
	}
	if r.StateDetail != "" {
		msg += " (" + r.StateDetail + ")"
	}
	return msg
}

func successMessage(r *salesforce.DeployResult, checkOnly bool) string {
	verb := "deployed"
	if checkOnly {
		verb = "validated"
	}
	msg := fmt.Sprintf("%s %d components", verb, r.NumberComponentsDeployed)
	if r.NumberTestsTotal > 0 {
		msg += fmt.Sprintf(", %d tests passed", r.NumberTestsCompleted)
	}
	return msg
}

// FirstError returns the first problem in a deploy result, for people:
// "classes/Foo.cls:12:5: Unexpected token", a failed test with its message,
// a coverage warning or Salesforce's error message; "" when there is none.
func FirstError(r *salesforce.DeployResult) string {
	if r == nil {
		return ""
	}
	for _, f := range r.ComponentFailures {
		loc := f.FileName
		if loc == "" {
			loc = f.FullName
		}
		if f.LineNumber > 0 {
			loc += fmt.Sprintf(":%d", f.LineNumber)
			if f.ColumnNumber > 0 {
				loc += fmt.Sprintf(":%d", f.ColumnNumber)
			}
		}
		return loc + ": " + f.Problem
	}
	for _, f := range r.TestFailures {
		return fmt.Sprintf("test %s.%s failed: %s", f.Name, f.MethodName, f.Message)
	}
	for _, c := range r.CodeCoverageWarnings {
		if c.Name != "" {
			return "code coverage: " + c.Name + ": " + c.Message
		}
		return "code coverage: " + c.Message
	}
	return r.ErrorMessage
}

// ResultOf decodes a job's stored DeployResult; nil when it has none.
func ResultOf(j store.Job) (*salesforce.DeployResult, error) {
	if len(j.Result) == 0 {
		return nil, nil
	}
	var r salesforce.DeployResult
	if err := json.Unmarshal(j.Result, &r); err != nil {
		return nil, fmt.Errorf("deploy: job %d result: %w", j.ID, err)
	}
	return &r, nil
}
