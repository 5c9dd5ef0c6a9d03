// Package demo is patchbay's demo mode: two simulated Salesforce orgs on
// this computer (salesforce/sfsim), connected in the store, an example
// integration planned, and a few days of runs written into an org once the
// integration is deployed there. `patchbay serve --demo` starts it; the web
// app knows only that it runs in demo mode.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// Sentence is the request the demo's example integration is planned
// from, and the one the new-integration page suggests first.
const Sentence = "When an opportunity is closed won, create a Stripe invoice and save its id"

// Demo is the demo mode's simulated Salesforce: two orgs on this computer,
// already connected.
type Demo struct {
	Sim      *sfsim.Server
	LoginURL string

	store  Store
	mu     sync.Mutex
	seeded map[string]int // log rows written per simulated org (runs.go)
	// life ends when the demo is closed (stop), and with it any seeding.
	life context.Context
	stop context.CancelFunc
}

// demoOrgs are the simulated orgs and the names they get in patchbay.
var demoOrgs = []struct {
	simAlias, alias string
	sandbox         bool
}{
	{"production", "Demo Production", false},
	{"sandbox", "Demo Sandbox", true},
}

// Planner plans the example integration (builder.Plan or the settings'
// planner).
type Planner interface {
	Plan(ctx context.Context, text string) (builder.Result, error)
}

// Store is what demo setup writes to.
type Store interface {
	Orgs(ctx context.Context) ([]store.Org, error)
	CreateOrg(ctx context.Context, o store.Org, t store.Tokens) (store.Org, error)
	UpdateOrg(ctx context.Context, o store.Org) error
	SetOrgTokens(ctx context.Context, id int64, t store.Tokens) error
	SetSetting(ctx context.Context, key, value string, secret bool) error
	Integrations(ctx context.Context) ([]store.Integration, error)
	CreateIntegration(ctx context.Context, name, label, by string) (store.Integration, error)
	AddSpecVersion(ctx context.Context, integrationID int64, text, author string, valid bool) (store.SpecVersion, error)
	LatestSpecVersion(ctx context.Context, integrationID int64) (store.SpecVersion, error)
}

// Start starts the org simulator on a loopback port, points the
// Salesforce app settings at it, connects (or reconnects, after a restart)
// the two demo orgs, and, when there is no integration yet, plans the
// example integration with planner. deployDuration is how long a simulated
// deploy takes, so progress can be watched.
func Start(ctx context.Context, st Store, planner Planner, deployDuration time.Duration) (*Demo, error) {
	d := &Demo{store: st, seeded: map[string]int{}}
	d.life, d.stop = context.WithCancel(context.Background())
	// Deploys bring run history with them (demo_runs.go); the orgs allow
	// setting CreatedDate so that it spans a few days.
	opts := sfsim.Options{AutoApprove: true, DeployDuration: deployDuration, OnDeployed: d.onDeployed}
	for _, o := range demoOrgs {
		opts.Orgs = append(opts.Orgs, sfsim.OrgOptions{Alias: o.simAlias, Name: o.alias, Sandbox: o.sandbox, SetAuditFields: true})
	}
	sim := sfsim.New(opts)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: starting the org simulator: %w", err)
	}
	d.Sim, d.LoginURL = sim, base
	if err := d.connect(ctx, st); err != nil {
		_ = sim.Close()
		return nil, err
	}
	if planner != nil {
		if err := seedExample(ctx, st, planner); err != nil {
			_ = sim.Close()
			return nil, err
		}
	}
	return d, nil
}

// Logins are the simulated orgs' own login addresses by kind of org, for
// web.Options.DemoLogins.
func (d *Demo) Logins() map[store.OrgKind]string {
	out := map[store.OrgKind]string{}
	for _, o := range demoOrgs {
		kind := store.OrgProduction
		if o.sandbox {
			kind = store.OrgSandbox
		}
		out[kind] = strings.TrimRight(d.LoginURL, "/") + "/org/" + o.simAlias
	}
	return out
}

// Close stops the simulator.
func (d *Demo) Close() error {
	d.stop() // seeding still under way ends instead of writing to a closed simulator
	return d.Sim.Close()
}

func (d *Demo) connect(ctx context.Context, st Store) error {
	if err := st.SetSetting(ctx, store.SettingSalesforceClientID, sfsim.DefaultClientID, false); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := st.SetSetting(ctx, store.SettingSalesforceClientSecret, sfsim.DefaultClientSecret, true); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	existing, err := st.Orgs(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	byAlias := map[string]store.Org{}
	for _, o := range existing {
		byAlias[o.Alias] = o
	}
	infos := map[string]sfsim.OrgInfo{}
	for _, oi := range d.Sim.Orgs() {
		infos[oi.Alias] = oi
	}
	for _, do := range demoOrgs {
		tok, err := d.Sim.IssueToken(do.simAlias, "")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		kind := store.OrgProduction
		if do.sandbox {
			kind = store.OrgSandbox
		}
		info := infos[do.simAlias]
		username := ""
		if len(info.Usernames) > 0 {
			username = info.Usernames[0]
		}
		o := store.Org{Alias: do.alias, Kind: kind, LoginURL: d.LoginURL, InstanceURL: tok.InstanceURL, OrgID: info.ID,
			Username: username, APIVersion: sfsim.DefaultMaxAPIVersion, Status: store.OrgConnected, ConnectedAt: time.Now()}
		tokens := store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
		if prev, ok := byAlias[do.alias]; ok {
			o.ID = prev.ID
			if err := st.UpdateOrg(ctx, o); err != nil {
				return fmt.Errorf("demo: reconnecting %s: %w", do.alias, err)
			}
			if err := st.SetOrgTokens(ctx, o.ID, tokens); err != nil {
				return fmt.Errorf("demo: reconnecting %s: %w", do.alias, err)
			}
			continue
		}
		if _, err := st.CreateOrg(ctx, o, tokens); err != nil {
			return fmt.Errorf("demo: connecting %s: %w", do.alias, err)
		}
	}
	return nil
}

// seedExample plans the example integration when there is none yet.
func seedExample(ctx context.Context, st Store, planner Planner) error {
	list, err := st.Integrations(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(list) > 0 {
		return nil
	}
	res, err := planner.Plan(ctx, Sentence)
	if err != nil {
		return fmt.Errorf("demo: planning the example: %w", err)
	}
	if res.Spec == nil {
		return errors.New("demo: the planner did not produce the example integration")
	}
	b, err := spec.Format(res.Spec)
	if err != nil {
		return fmt.Errorf("demo: formatting the example: %w", err)
	}
	text := string(b)
	in, err := st.CreateIntegration(ctx, res.Spec.Name, res.Spec.Label, "demo")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := st.AddSpecVersion(ctx, in.ID, text, "demo", true); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}
