package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
)

// The demo's run history. A simulated org runs no Apex, so it logs no runs
// of its own: once an integration is deployed to a demo org, the demo
// writes a few days of Integration_Log__c rows there, as the generated
// runtime would have (successes, retries that then succeeded, and a few
// final failures), through the org's standard REST record create, with
// CreatedDate set in the past (the demo orgs allow Set Audit Fields upon
// Record Creation). The Runs tab then reads them back like any org's.

// demoRunDays is how far back the seeded runs go.
const demoRunDays = 4

// demoRunOutcome is what one seeded run did.
type demoRunOutcome int

const (
	demoSucceeded     demoRunOutcome = iota
	demoRetryThenOK                  // failed once, then succeeded
	demoFailedForGood                // failed every attempt
)

// demoRunPlan are the seeded runs of one flow, newest first: how long ago
// and how each went. Two final failures, one in the last day.
var demoRunPlan = []struct {
	ago     time.Duration
	outcome demoRunOutcome
}{
	{35 * time.Minute, demoSucceeded},
	{5 * time.Hour, demoRetryThenOK},
	{14 * time.Hour, demoFailedForGood},
	{20 * time.Hour, demoSucceeded},
	{27 * time.Hour, demoSucceeded},
	{33 * time.Hour, demoSucceeded},
	{42 * time.Hour, demoFailedForGood},
	{50 * time.Hour, demoRetryThenOK},
	{61 * time.Hour, demoSucceeded},
	{70 * time.Hour, demoSucceeded},
	{80 * time.Hour, demoSucceeded},
	{93 * time.Hour, demoSucceeded},
}

// demoRecordFields are the fields a seeded record of an object gets, for
// the objects whose required fields go beyond a name.
var demoRecordFields = map[string]func(n int) map[string]any{
	"Opportunity": func(n int) map[string]any {
		return map[string]any{"Name": fmt.Sprintf("Demo deal %d", n), "StageName": "Closed Won", "CloseDate": time.Now().UTC().Format("2006-01-02")}
	},
	"Case": func(n int) map[string]any {
		return map[string]any{"Subject": fmt.Sprintf("Demo case %d", n), "Status": "New", "Origin": "Web"}
	},
	"Lead": func(n int) map[string]any {
		return map[string]any{"LastName": fmt.Sprintf("Demo %d", n), "Company": "Demo Co"}
	},
	"Contact": func(n int) map[string]any { return map[string]any{"LastName": fmt.Sprintf("Demo %d", n)} },
}

// onDeployed seeds run history for each integration a deploy to a demo
// org brought, once per org and integration.
func (d *Demo) onDeployed(alias string, components []string) {
	ctx, cancel := context.WithTimeout(d.life, time.Minute)
	defer cancel()
	n, err := d.seedRuns(ctx, alias, components)
	if err != nil && d.life.Err() == nil {
		slog.Default().Warn("demo: seeding runs", "org", alias, "err", err)
	}
	d.mu.Lock()
	d.seeded[alias] += n
	d.mu.Unlock()
}

// SeededRuns counts the log rows the demo wrote in a simulated org.
func (d *Demo) SeededRuns(simAlias string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seeded[simAlias]
}

func (d *Demo) seedRuns(ctx context.Context, alias string, components []string) (int, error) {
	if d.store == nil {
		return 0, nil
	}
	list, err := d.store.Integrations(ctx)
	if err != nil {
		return 0, err
	}
	tok, err := d.Sim.IssueToken(alias, "")
	if err != nil {
		return 0, err
	}
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		return 0, err
	}
	w := demoWriter{tok: tok}
	total := 0
	for _, in := range list {
		if in.SpecName == "" || !slices.Contains(components, "ApexClass/"+generator.ReplayClass(in.SpecName)) {
			continue
		}
		v, err := d.store.LatestSpecVersion(ctx, in.ID)
		if err != nil {
			return total, err
		}
		sp, err := spec.Load([]byte(v.Text))
		if err != nil || sp.Name != in.SpecName {
			continue // the deployed version is not the latest: nothing to seed from
		}
		logged := 0
		err = salesforce.QueryRows(ctx, cl, "SELECT Id FROM Integration_Log__c WHERE Integration__c = "+salesforce.SOQLString(sp.Name)+" LIMIT 1",
			func(struct{ Id string }) error { logged++; return nil })
		if err != nil {
			return total, err
		}
		if logged > 0 {
			continue // seeded before, or the org has runs of its own
		}
		for _, f := range sp.Flows {
			n, err := w.seedFlow(ctx, sp.Name, f)
			total += n
			if err != nil {
				return total, fmt.Errorf("%s %s: %w", sp.Name, f.Name, err)
			}
		}
	}
	return total, nil
}

// demoWriter writes records through an org's standard REST API.
type demoWriter struct {
	tok salesforce.Token
}

// seedFlow writes the planned runs of one record-change flow: records of
// its object, then their log rows. Flows of other kinds get none.
func (w demoWriter) seedFlow(ctx context.Context, integration string, f spec.Flow) (int, error) {
	if f.Trigger.Type != spec.TriggerRecordChange && f.Trigger.Type != spec.TriggerChangeEvent || !f.Logs() {
		return 0, nil
	}
	var step *spec.Step
	for i := range f.Steps {
		if f.Steps[i].Type == spec.StepCall {
			step = &f.Steps[i]
			break
		}
	}
	if step == nil {
		return 0, nil // only calls are logged
	}
	okStatus := 200
	if len(step.Expect) > 0 {
		okStatus = step.Expect[0]
	}
	attempts := 1
	if f.OnError != nil && f.OnError.Retry != nil {
		attempts += f.OnError.Retry.Attempts
	}
	fields := demoRecordFields[f.Trigger.Object]
	if fields == nil {
		fields = func(n int) map[string]any { return map[string]any{"Name": fmt.Sprintf("Demo %d", n)} }
	}
	var records []string
	for n := 1; n <= 4; n++ {
		id, err := w.create(ctx, f.Trigger.Object, fields(n))
		if err != nil {
			return 0, err
		}
		records = append(records, id)
	}
	now := time.Now().UTC()
	written := 0
	row := func(at time.Time, record, status string, code, attempt int, message string) error {
		r := map[string]any{"Integration__c": integration, "Flow__c": f.Name, "Step__c": step.ID, "Status__c": status,
			"Status_Code__c": code, "Record_Id__c": record, "Attempt__c": attempt, "CreatedDate": at.Format("2006-01-02T15:04:05.000+0000")}
		if message != "" {
			r["Message__c"] = message
		}
		if _, err := w.create(ctx, "Integration_Log__c", r); err != nil {
			return err
		}
		written++
		return nil
	}
	unavailable := `{"error":{"message":"The service is temporarily unavailable. Try again later."}}`
	declined := fmt.Sprintf(`{"error":{"message":"%s refused the request: the customer has no default payment method.","type":"invalid_request_error"}}`, step.System)
	for i, p := range demoRunPlan {
		at, record := now.Add(-p.ago), records[i%len(records)]
		var err error
		switch {
		case p.outcome == demoSucceeded || attempts == 1 && p.outcome == demoRetryThenOK:
			err = row(at, record, "Success", okStatus, 1, "")
		case p.outcome == demoRetryThenOK:
			if err = row(at, record, "Retry", 503, 1, unavailable); err == nil {
				err = row(at.Add(time.Minute), record, "Success", okStatus, 2, "")
			}
		default:
			for a := 1; a < attempts && err == nil; a++ {
				err = row(at.Add(time.Duration(a-1)*time.Minute), record, "Retry", 503, a, unavailable)
			}
			if err == nil {
				err = row(at.Add(time.Duration(attempts-1)*time.Minute), record, "Failure", 400, attempts, declined)
			}
		}
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// create inserts a record with POST /sobjects/OBJECT and returns its id.
func (w demoWriter) create(ctx context.Context, object string, fields map[string]any) (string, error) {
	body, err := json.Marshal(fields)
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.tok.InstanceURL+"/services/data/v"+sfsim.DefaultMaxAPIVersion+"/sobjects/"+object, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+w.tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	var out struct {
		ID string `json:"id"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(data, &out) != nil || out.ID == "" {
		return "", fmt.Errorf("creating a %s: %s %s", object, resp.Status, strings.TrimSpace(string(data)))
	}
	return out.ID, nil
}
