package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/store"
)

const runsReplayUsage = "runs replay SPEC|NAME --org ALIAS --run ID [--run ID...] [--db FILE]"

// runRunsReplay is `patchbay runs replay`: ask one org to run the flows of
// chosen failed runs again (their ids from `patchbay runs`), record it in
// the audit log, then list the runs the org has logged since.
func runRunsReplay(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "runs replay", runsReplayUsage)
	alias := fs.String("org", "", "alias of the org the runs were logged in")
	var ids stringList
	fs.Var(&ids, "run", "id of a failed run to replay, as `patchbay runs` lists it (repeat, or separate with commas)")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) != 1 || *alias == "" || len(ids) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("give one spec file or integration name, --org and at least one --run")}
	}
	if len(ids) > runs.MaxReplay {
		return &exitError{code: 2, err: fmt.Errorf("give at most %d runs at once", runs.MaxReplay)}
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
	org, err := st.OrgByAlias(ctx, *alias)
	if errors.Is(err, store.ErrNotFound) {
		return &exitError{code: 2, err: fmt.Errorf("no org named %s: connect it with patchbay org login --alias %s (see patchbay org list)", *alias, *alias)}
	}
	if err != nil {
		return err
	}
	cl, err := connectOrg(ctx, cfg, st, org)
	if err != nil {
		return fmt.Errorf("%s: %s", org.Alias, runs.FailureMessage(err))
	}
	res, err := runs.Replay(ctx, st, cl, runs.ReplayRequest{Org: org, Integration: name, RunIDs: ids, Actor: "cli"}, runs.Options{})
	for _, sk := range res.Skipped {
		fmt.Fprintf(env.stderr, "%s: not replayed: %s\n", sk.RunID, sk.Reason)
	}
	if errors.Is(err, runs.ErrNothingToReplay) {
		return &exitError{code: 1, err: fmt.Errorf("%w: see patchbay runs %s --org %s --status failure", err, name, org.Alias)}
	}
	if err != nil {
		return err
	}
	failed := false
	for _, f := range res.Flows {
		if f.Error != "" {
			failed = true
			fmt.Fprintf(env.stderr, "%s: %s: the org did not replay %s: %s\n", org.Alias, f.Flow, strings.Join(f.RecordIDs, ", "), f.Error)
			continue
		}
		fmt.Fprintf(env.stdout, "%s: %s: %d record(s) enqueued again (job %s): %s\n", org.Alias, f.Flow, f.Enqueued, f.JobID, strings.Join(f.RecordIDs, ", "))
	}
	if res.ReadError != "" {
		fmt.Fprintf(env.stderr, "%s: %s\n", org.Alias, res.ReadError)
	}
	if res.Enqueued() > 0 {
		rows := res.NewRuns
		if len(rows) == 0 {
			fmt.Fprintf(env.stdout, "The org runs replays in the background: see the new runs with patchbay runs %s --org %s\n", name, org.Alias)
		} else {
			fmt.Fprintln(env.stdout, "Runs logged since:")
			var listed []runView
			for _, r := range rows {
				listed = append(listed, newRunView(org.Alias, r))
			}
			printRuns(env, name, []string{org.Alias}, listed, 0, "")
		}
	}
	if failed {
		return &exitError{code: 1, err: errSilent}
	}
	return nil
}
