package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

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
	fs := newFlagSet(env, "deploy", "deploy SPEC|ZIP --org A [--org B ...] [--check-only] [--test-level L] [--tests T1,T2] [--credentials FILE [--remember-credentials]]\n       patchbay deploy --resume")
	var orgs, tests stringList
	fs.Var(&orgs, "org", "alias of an org to deploy to (repeat, or separate with commas)")
	checkOnly := fs.Bool("check-only", false, "validate only: run the deploy and its tests without saving anything")
	testLevel := fs.String("test-level", "", "NoTestRun (sandboxes only), RunSpecifiedTests, RunLocalTests (default) or RunAllTestsInOrg")
	fs.Var(&tests, "tests", "Apex test classes for RunSpecifiedTests, comma-separated")
	resume := fs.Bool("resume", false, "follow unfinished deploys (after an interruption) to their end")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	credFile := fs.String("credentials", "", "YAML or JSON file (chmod 600) mapping system → credential key → value, set on each org after a successful deploy of a spec")
	rememberCreds := fs.Bool("remember-credentials", false, "keep the --credentials values encrypted in the database until every org's deploy has ended, so that a resumed deploy can still set them")
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
	switch {
	case *credFile != "" && *resume:
		return &exitError{code: 2, err: errors.New("--credentials goes with a new deploy, not --resume (a resumed deploy sets the credentials kept with --remember-credentials)")}
	case *credFile != "" && *checkOnly:
		return &exitError{code: 2, err: errors.New("--credentials needs a deploy: a --check-only run changes nothing, so it sets no credentials")}
	case *rememberCreds && *credFile == "":
		return &exitError{code: 2, err: errors.New("--remember-credentials needs --credentials FILE")}
	}

	var zipData []byte
	var name string
	var creds []salesforce.PrincipalCredentials
	if !*resume {
		var s *spec.Spec
		if zipData, s, err = packageFile(env, pos[0]); err != nil {
			return failOnSpecError(env, err)
		}
		name = filepath.Base(pos[0])
		if *credFile != "" {
			if s == nil {
				return &exitError{code: 2, err: errors.New("--credentials needs a spec file: a zip does not say which credentials its systems take")}
			}
			if creds, err = readCredentials(*credFile, generator.Credentials(s)); err != nil {
				return &exitError{code: 2, err: err}
			}
		}
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
			TestLevel: *testLevel, RunTests: tests, CreatedBy: "cli", Credentials: creds, KeepCredentials: *rememberCreds})
		if err != nil {
			return err
		}
		verb := "Deploying"
		if *checkOnly {
			verb = "Validating"
		}
		fmt.Fprintf(env.stdout, "%s %s to %s (deployment %d)\n", verb, name, strings.Join(orgs, ", "), d.ID)
		if len(creds) > 0 {
			var ecs []string
			for _, pc := range creds {
				ecs = append(ecs, pc.ExternalCredential)
			}
			kept := ""
			if *rememberCreds {
				kept = "; kept encrypted for a resumed deploy, and deleted once every org's deploy has ended"
			}
			fmt.Fprintf(env.stdout, "Credentials of %s are set in each org once it is deployed%s\n", strings.Join(ecs, ", "), kept)
		}
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

// packageFile returns the zip to deploy: a .zip as it is (and no spec), or
// a spec (.yaml, .yml, .json, or - for standard input) validated, generated
// and packed as a Metadata API zip, with the spec.
func packageFile(env *environment, path string) ([]byte, *spec.Spec, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".zip":
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the package: %w", err)
		}
		return b, nil, nil
	case ".yaml", ".yml", ".json", "":
		if filepath.Ext(path) == "" && path != "-" {
			break
		}
		s, err := readSpecFile(env, path)
		if err != nil {
			return nil, nil, err
		}
		b, err := generator.Generate(s)
		if err != nil {
			return nil, nil, &specFileError{file: path, err: err}
		}
		z, err := b.MetadataZip()
		if err != nil {
			return nil, nil, fmt.Errorf("packing %s: %w", path, err)
		}
		return z, s, nil
	}
	return nil, nil, &exitError{code: 2, err: fmt.Errorf("%s: expected a spec (.yaml, .yml, .json) or a Metadata API .zip", path)}
}

// readCredentials reads a --credentials file: a YAML or JSON map of system
// name to credential key to value, checked against the credentials the
// spec's systems take (want). It refuses a file that group or others may
// read, and never puts a value in an error. Every key of a system given must
// be there; systems left out are set up later in Setup.
func readCredentials(path string, want []generator.Credential) ([]salesforce.PrincipalCredentials, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("credentials file: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("credentials file %s can be read by others (mode %04o): chmod 600 %s, then run again", path, info.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials file: %w", err)
	}
	var given map[string]map[string]string
	if err := yaml.Unmarshal(data, &given); err != nil {
		// The decoder's message may quote the file; say only where to look.
		return nil, fmt.Errorf("credentials file %s is not a YAML or JSON map of system to key to value, such as Stripe: {Token: ...}", path)
	}
	if len(given) == 0 {
		return nil, fmt.Errorf("credentials file %s is empty", path)
	}
	bySystem := map[string]generator.Credential{}
	var known []string
	for _, c := range want {
		bySystem[c.System] = c
		known = append(known, c.System+" ("+strings.Join(keyNames(c), ", ")+")")
	}
	knownText := "this spec has no system that takes credentials"
	if len(known) > 0 {
		knownText = "the systems that take them are " + strings.Join(known, "; ")
	}
	systems := make([]string, 0, len(given))
	for sys := range given {
		systems = append(systems, sys)
	}
	sort.Strings(systems)
	var out []salesforce.PrincipalCredentials
	for _, sys := range systems {
		c, ok := bySystem[sys]
		if !ok {
			return nil, fmt.Errorf("credentials file %s: no system %q takes credentials: %s", path, sys, knownText)
		}
		names := keyNames(c)
		values := map[string]salesforce.CredentialValue{}
		for k, v := range given[sys] {
			if !slices.Contains(names, k) {
				return nil, fmt.Errorf("credentials file %s: %s has no key %q: it takes %s", path, sys, k, strings.Join(names, ", "))
			}
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("credentials file %s: %s.%s is empty", path, sys, k)
			}
			values[k] = salesforce.CredentialValue{Value: v, Encrypted: true}
		}
		for _, k := range names {
			if _, ok := values[k]; !ok {
				return nil, fmt.Errorf("credentials file %s: %s lacks %q: give all of %s, or leave %s out to enter them in Setup", path, sys, k, strings.Join(names, ", "), sys)
			}
		}
		out = append(out, salesforce.PrincipalCredentials{ExternalCredential: c.ExternalCredential, AuthenticationProtocol: c.Protocol,
			PrincipalName: c.Principal, PrincipalType: c.PrincipalType, Credentials: values})
	}
	return out, nil
}

// keyNames lists a credential's key names in order.
func keyNames(c generator.Credential) []string {
	out := make([]string, 0, len(c.Keys))
	for _, k := range c.Keys {
		out = append(out, k.Name)
	}
	return out
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
		if j.Status == store.JobUnknown {
			// The stored result is the last progress read, not an outcome.
			firstErr = j.Error
		} else if j.Status != store.JobSucceeded {
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
