package runs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// MaxReplay bounds the runs one replay takes: the generated resource takes
// at most this many record ids a call.
const MaxReplay = 200

// ReplayPath is the Apex REST path (below /services/apexrest) of the
// replay resource an integration's package has. patchbay deploys with the
// Metadata API, which gives the classes no namespace, so the path has
// none.
func ReplayPath(integration string) string {
	return generator.ReplayPathPrefix + integration + generator.ReplayPathSuffix
}

// ReplayStore is what a replay needs from the store.
type ReplayStore interface {
	Store
	RunLog(ctx context.Context, orgID int64, sfID string) (store.RunLog, error)
	RunLogs(ctx context.Context, f store.RunLogFilter) ([]store.RunLog, error)
	Audit(ctx context.Context, e store.AuditEntry) (store.AuditEntry, error)
}

// ReplayRequest names failed runs of one integration in one org to run
// again.
type ReplayRequest struct {
	Org         store.Org
	Integration string
	// RunIDs are Integration_Log__c Ids of stored rows.
	RunIDs []string
	// Actor is who asks, for the audit log.
	Actor string
}

// FlowReplay is one call of the replay resource: a flow and its records.
type FlowReplay struct {
	Flow      string
	RecordIDs []string
	// Enqueued and JobID are what the org answered.
	Enqueued int
	JobID    string
	// Error says in words why the org refused or could not be reached.
	Error string
}

// Skipped is a chosen run that was not replayed, and why.
type Skipped struct {
	RunID, Reason string
}

// ReplayResult says what a replay did.
type ReplayResult struct {
	// Started is when the replay began: runs logged from then on are its.
	Started time.Time
	Flows   []FlowReplay
	Skipped []Skipped
	// Read is the log read after the calls; ReadError says why it failed.
	Read      Result
	ReadError string
	// NewRuns are the stored runs logged since the replay began, newest
	// first: the replay's, once the org has run them.
	NewRuns []store.RunLog
}

// Since is the time from which logged runs are the replay's: when it
// began, to the second (CreatedDate's precision in Salesforce).
func (r ReplayResult) Since() time.Time { return r.Started.Truncate(time.Second) }

// Enqueued counts the records the org accepted.
func (r ReplayResult) Enqueued() int {
	n := 0
	for _, f := range r.Flows {
		n += f.Enqueued
	}
	return n
}

// ErrNothingToReplay means none of the chosen runs can be replayed.
var ErrNothingToReplay = errors.New("none of the chosen runs can be replayed")

// Replay asks an org to run the flows of chosen failed runs again, through
// the replay resource the integration's package has: one call per flow,
// audited, then reads the log so that runs the org has already written
// are stored. Only final failures with a record are replayed; the others
// are listed in Skipped with the reason.
func Replay(ctx context.Context, st ReplayStore, cl *salesforce.Client, req ReplayRequest, opts Options) (ReplayResult, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	res := ReplayResult{Started: now()}
	if len(req.RunIDs) > MaxReplay {
		return res, fmt.Errorf("choose at most %d runs to replay at once", MaxReplay)
	}
	var order []string
	byFlow := map[string][]string{}
	for _, id := range req.RunIDs {
		r, err := st.RunLog(ctx, req.Org.ID, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && r.Integration != req.Integration {
			res.Skipped = append(res.Skipped, Skipped{id, "no such run of " + req.Integration + " in " + req.Org.Alias})
			continue
		}
		if err != nil {
			return res, err
		}
		if reason := notReplayable(r); reason != "" {
			res.Skipped = append(res.Skipped, Skipped{id, reason})
			continue
		}
		if _, ok := byFlow[r.Flow]; !ok {
			order = append(order, r.Flow)
		}
		if !slices.Contains(byFlow[r.Flow], r.RecordID) {
			byFlow[r.Flow] = append(byFlow[r.Flow], r.RecordID)
		}
	}
	if len(order) == 0 {
		return res, ErrNothingToReplay
	}
	for _, flow := range order {
		fr := FlowReplay{Flow: flow, RecordIDs: byFlow[flow]}
		var answer struct {
			Enqueued int    `json:"enqueued"`
			JobID    string `json:"jobId"`
		}
		err := cl.PostApexREST(ctx, ReplayPath(req.Integration), map[string]any{"flow": flow, "recordIds": fr.RecordIDs}, &answer)
		detail := fmt.Sprintf("%s %s: %d record(s) %s", req.Integration, flow, len(fr.RecordIDs), strings.Join(fr.RecordIDs, ", "))
		if err != nil {
			fr.Error = ReplayFailureMessage(err)
			detail += ": refused: " + fr.Error
		} else {
			fr.Enqueued, fr.JobID = answer.Enqueued, answer.JobID
			detail += fmt.Sprintf(": %d enqueued, job %s", fr.Enqueued, fr.JobID)
		}
		if _, err := st.Audit(ctx, store.AuditEntry{Actor: req.Actor, Action: "runs.replay", Target: fmt.Sprintf("org:%d", req.Org.ID), Detail: detail}); err != nil {
			return res, err
		}
		res.Flows = append(res.Flows, fr)
	}
	if res.Enqueued() > 0 {
		read, err := Sync(ctx, st, cl, req.Org.ID, req.Integration, opts)
		res.Read = read
		if err != nil {
			res.ReadError = FailureMessage(err)
		}
		if res.NewRuns, err = st.RunLogs(ctx, store.RunLogFilter{OrgID: req.Org.ID, Integration: req.Integration, Since: res.Since(), Limit: MaxListed}); err != nil {
			return res, err
		}
	}
	return res, nil
}

// CanReplay says whether a stored run can be replayed: a final failure
// that names its flow and record.
func CanReplay(r store.RunLog) bool { return notReplayable(r) == "" }

// notReplayable says why a stored run cannot be replayed, "" when it can.
func notReplayable(r store.RunLog) string {
	switch {
	case r.Status != "Failure":
		return "only failed runs are replayed; this one " + Words(r.Status)
	case r.RecordID == "":
		return "the run names no record to run the flow for"
	case r.Flow == "":
		return "the run names no flow"
	}
	return ""
}

// ReplayFailureMessage says in words why the org did not replay.
func ReplayFailureMessage(err error) string {
	var refused *salesforce.ApexRESTError
	var apiErr *salesforce.APIError
	switch {
	case errors.As(err, &refused):
		return refused.Message
	case errors.As(err, &apiErr) && apiErr.Code == "NOT_FOUND":
		return "the org has no replay entry point for this integration: deploy it again (packages generated before replay existed lack it), or its flow is not one that can be replayed"
	case errors.Is(err, ErrNoLog), errors.Is(err, salesforce.ErrLimitExceeded), errors.Is(err, salesforce.ErrReconnectRequired),
		errors.Is(err, salesforce.ErrAuthExpired), errors.Is(err, salesforce.ErrTransient):
		return FailureMessage(err)
	}
	return "the replay call failed: " + err.Error()
}
