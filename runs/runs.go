// Package runs reads the Integration_Log__c rows the generated runtime
// writes in each org back into patchbay: incrementally (by CreatedDate and
// Id, so reading again fetches only new rows), cached in the store per org
// and integration, and says what each row means in plain words.
package runs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// The log object and its fields, as generator/generator.go defines them.
// Other tools read these API names: they must not change.
const (
	Object         = "Integration_Log__c"
	FieldIntegr    = "Integration__c"
	FieldFlow      = "Flow__c"
	FieldStep      = "Step__c"
	FieldStatus    = "Status__c"
	FieldCode      = "Status_Code__c"
	FieldMessage   = "Message__c"
	FieldRecordID  = "Record_Id__c"
	FieldAttempt   = "Attempt__c"
	FieldStarted   = "Run_Started__c"
	fieldsSelected = "Id, CreatedDate, " + FieldIntegr + ", " + FieldFlow + ", " + FieldStep + ", " + FieldStatus + ", " +
		FieldCode + ", " + FieldMessage + ", " + FieldRecordID + ", " + FieldAttempt + ", " + FieldStarted
)

// statuses are the values Status__c takes (its picklist in the generated
// object), the word a person filters with, and what each means.
var statuses = []struct {
	value, flag, words string
}{
	{"Success", "success", "succeeded"},
	{"Failure", "failure", "failed"},
	{"Retry", "retry", "failed, will retry"},
}

// ParseStatus turns a --status word (success, failure, retry) into the
// Status__c value it selects.
func ParseStatus(flag string) (string, error) {
	for _, s := range statuses {
		if strings.EqualFold(flag, s.flag) {
			return s.value, nil
		}
	}
	return "", fmt.Errorf("unknown status %q: use success, failure or retry", flag)
}

// Words says what a Status__c value means; a value the runtime does not
// write is shown as it is.
func Words(status string) string {
	for _, s := range statuses {
		if s.value == status {
			return s.words
		}
	}
	if status == "" {
		return "no status"
	}
	return status
}

// Store is what reading runs needs from the store.
type Store interface {
	RunLogCursor(ctx context.Context, orgID int64, integration string) (store.RunLogCursor, error)
	SaveRunLogs(ctx context.Context, orgID int64, integration string, rows []store.RunLog, keep int, syncedAt time.Time) (int, error)
}

// Options tune a Sync.
type Options struct {
	// Keep bounds the rows read per sync and kept per org and integration;
	// 0 means store.MaxRunLogsPerOrg.
	Keep int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Result says what a Sync read.
type Result struct {
	// Fetched is how many rows the org returned; New how many of them were
	// not stored before.
	Fetched, New int
	// Gap is set when more rows were written since the last sync than one
	// sync reads (Keep): the newest were read, some older ones were not.
	Gap bool
}

// ErrNoLog means the org has no Integration_Log__c object (the package is
// not deployed there) or the connected user cannot read it.
var ErrNoLog = errors.New("the org has no Integration_Log__c the connected user can read: deploy the integration there, or assign its permission set")

// logRow is an Integration_Log__c record as the REST API returns it.
type logRow struct {
	ID          string   `json:"Id"`
	CreatedDate string   `json:"CreatedDate"`
	Integration string   `json:"Integration__c"`
	Flow        *string  `json:"Flow__c"`
	Step        *string  `json:"Step__c"`
	Status      *string  `json:"Status__c"`
	StatusCode  *float64 `json:"Status_Code__c"`
	Message     *string  `json:"Message__c"`
	RecordID    *string  `json:"Record_Id__c"`
	Attempt     *float64 `json:"Attempt__c"`
	RunStarted  *string  `json:"Run_Started__c"`
}

// Sync reads the rows of integration's log in one org written since the
// last sync and stores them. The first sync reads the newest Keep rows;
// later ones read from the newest row stored on, so an unchanged log costs
// one query that returns at most the rows of that row's second.
func Sync(ctx context.Context, st Store, cl *salesforce.Client, orgID int64, integration string, opts Options) (Result, error) {
	keep := opts.Keep
	if keep <= 0 || keep > store.MaxRunLogsPerOrg {
		keep = store.MaxRunLogsPerOrg
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	cur, err := st.RunLogCursor(ctx, orgID, integration)
	if err != nil {
		return Result{}, err
	}
	q := "SELECT " + fieldsSelected + " FROM " + Object + " WHERE " + FieldIntegr + " = " + salesforce.SOQLString(integration)
	if !cur.CreatedAt.IsZero() {
		q += " AND CreatedDate >= " + salesforce.SOQLDateTime(cur.CreatedAt)
	}
	q += fmt.Sprintf(" ORDER BY CreatedDate DESC, Id DESC LIMIT %d", keep)
	var res Result
	var rows []store.RunLog
	err = salesforce.QueryRows(ctx, cl, q, func(r logRow) error {
		res.Fetched++
		row, err := r.toStore(orgID, integration)
		if err != nil {
			return err
		}
		if !cur.CreatedAt.IsZero() && (row.CreatedAt.Before(cur.CreatedAt) || row.CreatedAt.Equal(cur.CreatedAt) && row.ID <= cur.ID) {
			return nil // read before
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		var apiErr *salesforce.APIError
		if errors.As(err, &apiErr) && (apiErr.Code == "INVALID_TYPE" || apiErr.Code == "INVALID_FIELD") {
			return Result{}, fmt.Errorf("%w (%s)", ErrNoLog, apiErr.Message)
		}
		return Result{}, fmt.Errorf("reading %s: %w", Object, err)
	}
	if res.Fetched >= keep && !cur.CreatedAt.IsZero() && len(rows) == res.Fetched {
		res.Gap = true
	}
	res.New, err = st.SaveRunLogs(ctx, orgID, integration, rows, keep, now())
	return res, err
}

func (r logRow) toStore(orgID int64, integration string) (store.RunLog, error) {
	created, err := salesforce.ParseDateTime(r.CreatedDate)
	if err != nil {
		return store.RunLog{}, fmt.Errorf("%s %s: CreatedDate: %w", Object, r.ID, err)
	}
	out := store.RunLog{OrgID: orgID, Integration: integration, ID: r.ID, CreatedAt: created,
		Flow: str(r.Flow), Step: str(r.Step), Status: str(r.Status), RecordID: str(r.RecordID)}
	out.Message = str(r.Message)
	if len(out.Message) > 4*store.MaxRunMessage {
		out.Message = strings.ToValidUTF8(out.Message[:4*store.MaxRunMessage], "") // the store keeps MaxRunMessage characters
	}
	if r.StatusCode != nil {
		out.StatusCode = int(*r.StatusCode)
	}
	if r.Attempt != nil {
		out.Attempt = int(*r.Attempt)
	}
	if r.RunStarted != nil && *r.RunStarted != "" {
		if out.RunStarted, err = salesforce.ParseDateTime(*r.RunStarted); err != nil {
			return store.RunLog{}, fmt.Errorf("%s %s: %s: %w", Object, r.ID, FieldStarted, err)
		}
	}
	return out, nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// FailureMessage says in words why a Sync failed, for the admin.
func FailureMessage(err error) string {
	switch {
	case errors.Is(err, ErrNoLog):
		return ErrNoLog.Error() // the org's own message quotes the whole query
	case errors.Is(err, salesforce.ErrLimitExceeded):
		return "the org's daily API request limit is used up; try again later"
	case errors.Is(err, salesforce.ErrReconnectRequired), errors.Is(err, salesforce.ErrAuthExpired):
		return "the org's connection has expired: reconnect it with patchbay org login"
	case errors.Is(err, salesforce.ErrTransient):
		return "Salesforce did not answer; try again later"
	}
	return "reading the log failed: " + err.Error()
}

// FirstLine is a message's first line, without control characters (they
// come from the org), cut to n characters with an ellipsis when anything
// was left out.
func FirstLine(s string, n int) string {
	s = strings.TrimSpace(s)
	first, _, more := strings.Cut(s, "\n")
	first = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, first)
	first = strings.Join(strings.Fields(first), " ")
	if utf8.RuneCountInString(first) > n {
		first = string([]rune(first)[:n-1])
		more = true
	}
	if more {
		first += "…"
	}
	return first
}
