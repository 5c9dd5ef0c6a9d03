package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/patchbay/patchbay/health"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

const statusUsage = "status [SPEC|NAME] [--org ALIAS...] [--start-schedules] [--json] [--db FILE]"

// runStatus is `patchbay status`: for each org (every connected one, or
// those named) and each integration deployed there (or the one named),
// read the new runs, check the org and say whether the integration is
// live and healthy, with the reasons and the steps left.
func runStatus(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "status", statusUsage)
	var orgs stringList
	fs.Var(&orgs, "org", "alias of an org to check (repeat, or separate with commas; default: every connected org)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	start := fs.Bool("start-schedules", false, "start the integration's schedules that the org does not have yet (runs System.schedule as anonymous Apex)")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) > 1 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("give at most one spec file or integration name")}
	}
	var fromFile *spec.Spec
	name := ""
	if len(pos) == 1 {
		name = pos[0]
		if ext := strings.ToLower(filepath.Ext(name)); ext == ".yaml" || ext == ".yml" || ext == ".json" || name == "-" {
			if fromFile, err = readSpecFile(env, name); err != nil {
				return failOnSpecError(env, err)
			}
			name = fromFile.Name
		}
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

	var targets []store.Org
	if len(orgs) == 0 {
		if targets, err = st.Orgs(ctx); err != nil {
			return err
		}
		if len(targets) == 0 {
			return &exitError{code: 2, err: errors.New("no org connected: connect one with patchbay org login")}
		}
	}
	for _, alias := range orgs {
		o, err := st.OrgByAlias(ctx, alias)
		if errors.Is(err, store.ErrNotFound) {
			return &exitError{code: 2, err: fmt.Errorf("no org named %s: connect it with patchbay org login --alias %s (see patchbay org list)", alias, alias)}
		}
		if err != nil {
			return err
		}
		targets = append(targets, o)
	}

	var reports []health.OrgReport
	var started []startedView
	for _, o := range targets {
		cl, err := connectOrg(ctx, cfg, st, o)
		if err != nil {
			reports = append(reports, health.OrgReport{Org: o.Alias, Integration: name, Error: health.FailureMessage(err)})
			continue
		}
		var specs []*spec.Spec
		if fromFile != nil {
			specs = []*spec.Spec{fromFile}
		} else {
			deployed, err := health.DeployedTo(ctx, st, o.ID)
			if err != nil {
				return err
			}
			for _, d := range deployed {
				if name == "" || d.Spec.Name == name {
					specs = append(specs, d.Spec)
				}
			}
			if name != "" && len(specs) == 0 {
				reports = append(reports, health.OrgReport{Org: o.Alias, Integration: name,
					Error: "patchbay has not deployed " + name + " to this org; give the spec file to check it anyway"})
				continue
			}
		}
		for _, s := range specs {
			if *start {
				sv, err := startSchedules(ctx, st, cl, o, s)
				started = append(started, sv...)
				if err != nil {
					reports = append(reports, health.OrgReport{Org: o.Alias, Integration: s.Name, Error: health.FailureMessage(err)})
					continue
				}
			}
			r, err := health.Evaluate(ctx, st, cl, o, s, time.Now(), health.DefaultThresholds)
			if err != nil {
				return err
			}
			reports = append(reports, r)
		}
	}

	if *asJSON {
		if reports == nil {
			reports = []health.OrgReport{}
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Started []startedView      `json:"started,omitempty"`
			Reports []health.OrgReport `json:"reports"`
		}{started, reports}); err != nil {
			return err
		}
	} else {
		printStatus(env, started, reports)
	}
	for _, r := range reports {
		if r.Error != "" || r.Status == health.Failing {
			return &exitError{code: 1, err: errSilent}
		}
	}
	return nil
}

// startedView is one schedule `status --start-schedules` started or found.
type startedView struct {
	Org         string `json:"org"`
	Integration string `json:"integration"`
	health.Started
}

// startSchedules starts an integration's missing schedules in one org and
// records what it did in the audit log.
func startSchedules(ctx context.Context, st *store.Store, cl *salesforce.Client, o store.Org, s *spec.Spec) ([]startedView, error) {
	t, err := health.NewTarget(s, o.InstanceURL, o.Username)
	if err != nil {
		return nil, err
	}
	res, err := health.StartSchedules(ctx, cl, t)
	var out []startedView
	var words []string
	for _, r := range res {
		out = append(out, startedView{Org: o.Alias, Integration: s.Name, Started: r})
		switch {
		case r.Already:
		case r.Error != "":
			words = append(words, r.Flow+" failed: "+r.Error)
		default:
			words = append(words, r.Flow+" started")
		}
	}
	if len(words) > 0 {
		if _, aerr := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "schedules.start", Target: "org:" + o.Alias,
			Detail: s.Name + ": " + strings.Join(words, "; ")}); aerr != nil {
			return out, errors.Join(err, aerr)
		}
	}
	return out, err
}

func printStatus(env *environment, started []startedView, reports []health.OrgReport) {
	for _, s := range started {
		switch {
		case s.Already:
			fmt.Fprintf(env.stdout, "%s: %s: the schedule %s was already started.\n", s.Org, s.Integration, s.Flow)
		case s.Error != "":
			fmt.Fprintf(env.stdout, "%s: %s: starting the schedule %s failed: %s\n", s.Org, s.Integration, s.Flow, oneLine(s.Error, 200))
		default:
			fmt.Fprintf(env.stdout, "%s: %s: started the schedule %s.\n", s.Org, s.Integration, s.Flow)
		}
	}
	if len(reports) == 0 {
		fmt.Fprintln(env.stdout, "No integration deployed by patchbay in these orgs; give a spec file to check one.")
		return
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ORG\tINTEGRATION\tHEALTH\tLIVE\tLAST SUCCESS\tFAILED (24H)\tREASON")
	for _, r := range reports {
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\t%s\tunknown\t-\t-\t-\t%s\n", r.Org, dash(r.Integration), oneLine(r.Error, 120))
			continue
		}
		live := "no"
		if r.Checklist.Live {
			live = "yes"
		}
		last := "-"
		if !r.Runs.LastSuccess.IsZero() {
			last = r.Runs.LastSuccess.Local().Format("2006-01-02 15:04")
		}
		reason := "-"
		if len(r.Reasons) > 0 {
			reason = r.Reasons[0].Text
			if len(r.Reasons) > 1 {
				reason += fmt.Sprintf(" (and %d more)", len(r.Reasons)-1)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d of %d\t%s\n", r.Org, r.Integration, r.Status, live, last,
			r.Runs.Failures, r.Runs.Failures+r.Runs.Successes, oneLine(reason, 120))
	}
	tw.Flush()
	for _, r := range reports {
		left := r.Checklist.Left()
		if r.Error != "" || len(left) == 0 {
			continue
		}
		fmt.Fprintf(env.stdout, "\nLeft to do in %s for %s:\n", r.Org, r.Integration)
		for _, s := range left {
			fmt.Fprintf(env.stdout, "  - %s: %s\n", s.Title, oneLine(s.Detail, 300))
			if s.How != "" {
				fmt.Fprintf(env.stdout, "    %s\n", oneLine(s.How, 400))
			}
			for _, line := range strings.Split(s.Fix, "\n") {
				if line != "" {
					fmt.Fprintf(env.stdout, "      %s\n", line)
				}
			}
			if s.Startable {
				fmt.Fprintf(env.stdout, "    or run patchbay status again with --org %s --start-schedules\n", r.Org)
			}
		}
	}
}
