package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/store"
)

const runsUsage = "runs SPEC|NAME --org ALIAS [--org ALIAS...] [--since 24h] [--status success|failure|retry] [--json] [--db FILE]"

// runRuns is `patchbay runs`: read the integration's new Integration_Log__c
// rows from each org into the store, then list the stored ones, newest
// first.
func runRuns(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 && args[0] == "replay" {
		return runRunsReplay(ctx, env, args[1:])
	}
	fs := newFlagSet(env, "runs", runsUsage)
	var orgs stringList
	fs.Var(&orgs, "org", "alias of an org whose runs to show (repeat, or separate with commas)")
	since := sinceFlag(24 * time.Hour)
	fs.Var(&since, "since", "show runs logged this long ago or later, like 90m, 24h or 7d (0: every run kept)")
	status := fs.String("status", "", "show only runs with this outcome: success, failure or retry")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) != 1 || len(orgs) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("give one spec file or integration name and at least one --org")}
	}
	if time.Duration(since) < 0 {
		return &exitError{code: 2, err: errors.New("--since must not be negative")}
	}
	wantStatus := ""
	if *status != "" {
		if wantStatus, err = runs.ParseStatus(*status); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--status: %w", err)}
		}
	}
	name, err := integrationNameArg(env, pos[0])
	if err != nil {
		return err
	}
	cfg := loadConfig(env.getenv)
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	now := time.Now()
	var from time.Time
	if time.Duration(since) > 0 {
		from = now.Add(-time.Duration(since))
	}
	var listed []runView
	var reads []orgRead
	failed := false
	for _, alias := range orgs {
		org, err := st.OrgByAlias(ctx, alias)
		if errors.Is(err, store.ErrNotFound) {
			return &exitError{code: 2, err: fmt.Errorf("no org named %s: connect it with patchbay org login --alias %s (see patchbay org list)", alias, alias)}
		}
		if err != nil {
			return err
		}
		read := orgRead{Org: alias}
		cl, err := connectOrg(ctx, cfg, st, org)
		var res runs.Result
		if err == nil {
			res, err = runs.Sync(ctx, st, cl, org.ID, name, runs.Options{})
		}
		if err != nil {
			failed = true
			read.Error = runs.FailureMessage(err)
		} else {
			read.New, read.Gap = res.New, res.Gap
		}
		cur, err := st.RunLogCursor(ctx, org.ID, name)
		if err != nil {
			return err
		}
		if !cur.SyncedAt.IsZero() {
			t := cur.SyncedAt
			read.ReadAt = &t
		}
		rows, err := st.RunLogs(ctx, store.RunLogFilter{OrgID: org.ID, Integration: name, Since: from, Status: wantStatus})
		if err != nil {
			return err
		}
		for _, r := range rows {
			listed = append(listed, newRunView(alias, r))
		}
		reads = append(reads, read)
	}

	if *asJSON {
		if listed == nil {
			listed = []runView{}
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Integration string    `json:"integration"`
			Orgs        []orgRead `json:"orgs"`
			Runs        []runView `json:"runs"`
		}{name, reads, listed}); err != nil {
			return err
		}
	} else {
		for _, r := range reads {
			switch {
			case r.Error != "" && r.ReadAt != nil:
				fmt.Fprintf(env.stderr, "%s: %s; showing the runs read %s\n", r.Org, r.Error, r.ReadAt.Local().Format("2006-01-02 15:04:05 MST"))
			case r.Error != "":
				fmt.Fprintf(env.stderr, "%s: %s\n", r.Org, r.Error)
			case r.Gap:
				fmt.Fprintf(env.stderr, "%s: more runs were logged since the last read than patchbay keeps (%d): the newest were read, some older ones were not\n", r.Org, store.MaxRunLogsPerOrg)
			}
		}
		printRuns(env, name, orgs, listed, time.Duration(since), wantStatus)
	}
	if failed {
		return &exitError{code: 1, err: errSilent}
	}
	return nil
}

// integrationNameArg is the integration a SPEC|NAME argument names: a spec
// file's (or standard input's, for "-") name, or the name itself.
func integrationNameArg(env *environment, arg string) (string, error) {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".yaml", ".yml", ".json":
	default:
		if arg != "-" {
			return arg, nil
		}
	}
	s, err := readSpecFile(env, arg)
	if err != nil {
		return "", failOnSpecError(env, err)
	}
	return s.Name, nil
}

// sinceFlag is a duration that also takes whole days ("7d").
type sinceFlag time.Duration

func (f *sinceFlag) String() string { return time.Duration(*f).String() }

// Set reads "7d" as seven days and anything else as time.ParseDuration does.
func (f *sinceFlag) Set(v string) error {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return fmt.Errorf("%q: use a whole number of days, like 7d", v)
		}
		*f = sinceFlag(time.Duration(n) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("%q: use a duration like 90m, 24h or 7d", v)
	}
	*f = sinceFlag(d)
	return nil
}

// orgRead is what reading one org's log gave.
type orgRead struct {
	Org    string     `json:"org"`
	New    int        `json:"new"`
	Gap    bool       `json:"gap,omitempty"`
	ReadAt *time.Time `json:"read_at,omitempty"`
	Error  string     `json:"error,omitempty"`
}

// runView is one log row as `patchbay runs` shows it.
type runView struct {
	Org        string     `json:"org"`
	ID         string     `json:"id"`
	When       time.Time  `json:"when"`
	Flow       string     `json:"flow"`
	Step       string     `json:"step,omitempty"`
	RecordID   string     `json:"record_id,omitempty"`
	Status     string     `json:"status"`
	Outcome    string     `json:"outcome"`
	HTTPStatus int        `json:"http_status,omitempty"`
	Attempt    int        `json:"attempt,omitempty"`
	Message    string     `json:"message,omitempty"`
	RunStarted *time.Time `json:"run_started,omitempty"`
}

func newRunView(alias string, r store.RunLog) runView {
	v := runView{Org: alias, ID: r.ID, When: r.CreatedAt, Flow: r.Flow, Step: r.Step, RecordID: r.RecordID, Status: r.Status,
		Outcome: runs.Words(r.Status), HTTPStatus: r.StatusCode, Attempt: r.Attempt, Message: r.Message}
	if !r.RunStarted.IsZero() {
		t := r.RunStarted
		v.RunStarted = &t
	}
	return v
}

// printRuns writes the table: one run a line, newest first.
func printRuns(env *environment, name string, orgs []string, rows []runView, since time.Duration, status string) {
	if len(rows) == 0 {
		window, which := "", ""
		if since > 0 {
			window = " in the last " + strings.TrimSuffix(strings.TrimSuffix(since.String(), "0s"), "0m")
		}
		if status != "" {
			which = " with the outcome \"" + runs.Words(status) + "\""
		}
		fmt.Fprintf(env.stdout, "No runs of %s logged in %s%s%s.\n", name, strings.Join(orgs, ", "), window, which)
		return
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	multi := len(orgs) > 1
	if multi {
		fmt.Fprint(tw, "ORG\t")
	}
	fmt.Fprintln(tw, "WHEN\tRUN\tFLOW\tRECORD\tSTATUS\tHTTP\tATTEMPT\tMESSAGE")
	for _, r := range rows {
		if multi {
			fmt.Fprintf(tw, "%s\t", r.Org)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.When.Local().Format("2006-01-02 15:04:05 MST"), oneLine(r.ID, 18), dash(oneLine(r.Flow, 80)), dash(oneLine(r.RecordID, 40)), oneLine(r.Outcome, 40),
			dashInt(r.HTTPStatus), dashInt(r.Attempt), oneLine(r.Message, 80))
	}
	tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dashInt(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

// oneLine cuts a message to its first line and at most n characters, with
// an ellipsis when anything was left out (runs.FirstLine).
func oneLine(s string, n int) string { return runs.FirstLine(s, n) }
