package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

func init() {
	register(command{name: "deploy", summary: "deploy a spec or a Metadata API zip to connected orgs", run: runDeploy})
}

// stringList is a repeatable flag that also accepts comma-separated values.
type stringList []string

// String returns the values comma-separated.
func (l *stringList) String() string { return strings.Join(*l, ",") }

// Set adds one or more comma-separated values.
func (l *stringList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func runDeploy(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "deploy", "deploy SPEC|ZIP --org A [--org B ...] [--check-only] [--test-level L] [--tests T1,T2]\n       patchbay deploy --resume")
	var orgs, tests stringList
	fs.Var(&orgs, "org", "alias of an org to deploy to (repeat, or separate with commas)")
	checkOnly := fs.Bool("check-only", false, "validate only: run the deploy and its tests without saving anything")
	testLevel := fs.String("test-level", "", "NoTestRun (sandboxes only), RunSpecifiedTests, RunLocalTests (default) or RunAllTestsInOrg")
	fs.Var(&tests, "tests", "Apex test classes for RunSpecifiedTests, comma-separated")
	resume := fs.Bool("resume", false, "follow unfinished deploys (after an interruption) to their end")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	cfg := loadConfig(env.getenv)
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if len(tests) > 0 && *testLevel == "" {
		*testLevel = salesforce.TestLevelRunSpecifiedTests
	}
	if !*resume && (len(pos) != 1 || len(orgs) == 0) {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("give one spec or zip file and at least one --org")}
	}

	var zipData []byte
	var name string
	if !*resume {
		if zipData, err = packageFile(env, pos[0]); err != nil {
			return failOnSpecError(env, err)
		}
		name = filepath.Base(pos[0])
	}

	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	conn := &deploy.SalesforceConnector{ClientID: cfg.SFClientID, ClientSecret: cfg.SFClientSecret, AllowLoopback: true}
	svc := deploy.New(st, conn, deploy.Options{PollInterval: cfg.DeployPollInterval, Logger: slog.New(slog.DiscardHandler)})
	defer svc.Close()

	var ids []int64
	if *resume {
		n, err := st.UnfinishedJobs(ctx)
		if err != nil {
			return err
		}
		if len(n) == 0 {
			fmt.Fprintln(env.stdout, "No unfinished deploys.")
			return nil
		}
		if ids, err = resumeDeploys(ctx, env, st, svc); err != nil {
			return err
		}
	} else {
		var orgIDs []int64
		for _, alias := range orgs {
			o, err := st.OrgByAlias(ctx, alias)
			if errors.Is(err, store.ErrNotFound) {
				return &exitError{code: 2, err: fmt.Errorf("no org named %s: connect it with patchbay org login --alias %s (see patchbay org list)", alias, alias)}
			}
			if err != nil {
				return err
			}
			orgIDs = append(orgIDs, o.ID)
		}
		d, _, err := svc.Start(ctx, deploy.Request{ZipName: name, Zip: zipData, OrgIDs: orgIDs, CheckOnly: *checkOnly,
			TestLevel: *testLevel, RunTests: tests, CreatedBy: "cli"})
		if err != nil {
			return err
		}
		verb := "Deploying"
		if *checkOnly {
			verb = "Validating"
		}
		fmt.Fprintf(env.stdout, "%s %s to %s (deployment %d)\n", verb, name, strings.Join(orgs, ", "), d.ID)
		ids = []int64{d.ID}
	}

	failed := 0
	for _, id := range ids {
		n, err := followDeploy(ctx, env, svc, id)
		if err != nil {
			return err
		}
		failed += n
	}
	if failed > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d org deploy(s) did not succeed", failed)}
	}
	return nil
}

// packageFile returns the zip to deploy: a .zip as it is, or a spec
// (.yaml, .yml, .json, or - for standard input) validated, generated and
// packed as a Metadata API zip.
func packageFile(env *environment, path string) ([]byte, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".zip":
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading the package: %w", err)
		}
		return b, nil
	case ".yaml", ".yml", ".json", "":
		if filepath.Ext(path) == "" && path != "-" {
			break
		}
		s, err := readSpecFile(env, path)
		if err != nil {
			return nil, err
		}
		b, err := generator.Generate(s)
		if err != nil {
			return nil, &specFileError{file: path, err: err}
		}
		z, err := b.MetadataZip()
		if err != nil {
			return nil, fmt.Errorf("packing %s: %w", path, err)
		}
		return z, nil
	}
	return nil, &exitError{code: 2, err: fmt.Errorf("%s: expected a spec (.yaml, .yml, .json) or a Metadata API .zip", path)}
}

// resumeDeploys resumes every unfinished job and returns their deployments.
func resumeDeploys(ctx context.Context, env *environment, st *store.Store, svc *deploy.Service) ([]int64, error) {
	jobs, err := st.UnfinishedJobs(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := svc.Resume(ctx); err != nil {
		return nil, err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, j := range jobs {
		if seen[j.DeploymentID] {
			continue
		}
		seen[j.DeploymentID] = true
		if !svc.Follows(j.DeploymentID) {
			fmt.Fprintf(env.stdout, "Deployment %d is being run by another patchbay process (or one that stopped less than a minute ago); try again later.\n", j.DeploymentID)
			continue
		}
		ids = append(ids, j.DeploymentID)
		fmt.Fprintf(env.stdout, "Resuming deployment %d\n", j.DeploymentID)
	}
	return ids, nil
}

// followDeploy prints a deployment's progress, then its result table, and
// returns how many of its jobs did not succeed.
func followDeploy(ctx context.Context, env *environment, svc *deploy.Service, id int64) (int, error) {
	events, stop := svc.Subscribe(id)
	defer stop()
	last := map[int64]string{}
	width := 0
loop:
	for {
		select {
		case ev, ok := <-events:
			if !ok || ev.Done {
				break loop
			}
			width = max(width, len(ev.Org))
			line := fmt.Sprintf("%-*s  %-9s  %s", width, ev.Org, ev.Status, ev.Message)
			if last[ev.JobID] != line {
				last[ev.JobID] = line
				fmt.Fprintln(env.stdout, line)
			}
		case <-ctx.Done():
			svc.Close()
			fmt.Fprintln(env.stderr, "Interrupted. Deploys already sent go on in Salesforce; 'patchbay deploy --resume' follows them to the end.")
			return 0, &exitError{code: 130, err: errSilent}
		}
	}
	_, jobs, err := svc.Wait(ctx, id)
	if err != nil {
		return 0, err
	}
	fmt.Fprintln(env.stdout)
	printJobs(env.stdout, jobs)
	failed := 0
	for _, j := range jobs {
		if j.Status != store.JobSucceeded {
			failed++
		}
	}
	return failed, nil
}

// printJobs writes the result table: org, status, components, tests and
// the first error with its file and line.
func printJobs(w io.Writer, jobs []store.Job) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORG\tSTATUS\tCOMPONENTS\tTESTS\tFIRST ERROR")
	for _, j := range jobs {
		c := j.Counts
		components := "-"
		if c.ComponentsTotal > 0 {
			components = fmt.Sprintf("%d/%d", c.ComponentsDeployed, c.ComponentsTotal)
			if c.ComponentErrors > 0 {
				components += fmt.Sprintf(" (%d failed)", c.ComponentErrors)
			}
		}
		tests := "-"
		if c.TestsTotal > 0 {
			tests = fmt.Sprintf("%d/%d", c.TestsCompleted, c.TestsTotal)
			if c.TestErrors > 0 {
				tests += fmt.Sprintf(" (%d failed)", c.TestErrors)
			}
		}
		firstErr := ""
		if j.Status != store.JobSucceeded {
			firstErr = j.Error
			if r, err := deploy.ResultOf(j); err == nil && r != nil {
				if fe := deploy.FirstError(r); fe != "" {
					firstErr = fe
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.OrgAlias, j.Status, components, tests, firstErr)
	}
	tw.Flush()
}
