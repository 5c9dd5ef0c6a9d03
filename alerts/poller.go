package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/patchbay/patchbay/health"
	"github.com/patchbay/patchbay/runs"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// Store is what the poller needs from the store.
type Store interface {
	health.Store
	SettingsStore
	Orgs(ctx context.Context) ([]store.Org, error)
}

// Connector opens a client for a stored org.
type Connector func(ctx context.Context, o store.Org) (*salesforce.Client, error)

// MaxBackoff bounds how long the poller leaves an org alone while its API
// requests are below the reserve or it cannot be reached.
const MaxBackoff = time.Hour

// Poller polls each org with deployed integrations for new failures.
// Per poll of an org it makes one /limits request and, when the org has
// API requests to spare, one query per integration (more only when the
// log grew past one page of 2,000 rows): at most (1 + integrations) ×
// 60 / interval-in-minutes requests an hour, and one an hour per
// MaxBackoff while below the reserve.
type Poller struct {
	Store   Store
	Connect Connector
	// HTTPClient posts webhooks; nil means a default with a timeout.
	HTTPClient *http.Client
	// Notifiers, when set, replace those the configuration builds (tests).
	Notifiers []Notifier
	Log       *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Integrations lists the integrations to watch in an org; nil means
	// those patchbay deployed there (health.DeployedTo).
	Integrations func(ctx context.Context, orgID int64) ([]string, error)

	mu    sync.Mutex
	state map[int64]*orgState
}

// orgState is when an org is next due and how far it has backed off.
type orgState struct {
	next    time.Time
	backoff time.Duration
}

// Outcome says what one poll of one org did.
type Outcome struct {
	Org string
	// Skipped: not due yet (backing off or polled within the interval).
	Skipped bool
	// BackedOff: the org's API requests left were below the reserve (or it
	// could not be read); the integrations were not read.
	BackedOff bool
	Alerts    []Alert
	Err       error
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Run polls until ctx ends, checking every minute which orgs are due.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(MinInterval)
	defer t.Stop()
	for {
		if _, err := p.Tick(ctx); err != nil && ctx.Err() == nil {
			p.log().Warn("alert poll", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick polls each org that is due, once, and sends the alerts its
// failures call for. It does nothing while alerts are off.
func (p *Poller) Tick(ctx context.Context) ([]Outcome, error) {
	cfg, err := Load(ctx, p.Store)
	if err != nil {
		return nil, err
	}
	if !cfg.Enabled {
		return nil, nil
	}
	if cfg.Interval < MinInterval {
		cfg.Interval = MinInterval
	}
	notifiers := p.Notifiers
	if notifiers == nil {
		notifiers = Notifiers(cfg, p.HTTPClient)
	}
	orgs, err := p.Store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, o := range orgs {
		if o.Status == store.OrgReconnectRequired {
			continue
		}
		out = append(out, p.pollOrg(ctx, cfg, notifiers, o))
	}
	return out, nil
}

func (p *Poller) due(orgID int64, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.state[orgID]
	return st == nil || !now.Before(st.next)
}

// schedule sets when an org is due next: after the interval, or after a
// backoff that doubles while the org stays short, up to MaxBackoff.
func (p *Poller) schedule(orgID int64, now time.Time, interval time.Duration, short bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == nil {
		p.state = map[int64]*orgState{}
	}
	st := p.state[orgID]
	if st == nil {
		st = &orgState{}
		p.state[orgID] = st
	}
	if !short {
		st.backoff = 0
		st.next = now.Add(interval)
		return
	}
	if st.backoff == 0 {
		st.backoff = 2 * interval
	} else {
		st.backoff *= 2
	}
	st.backoff = min(st.backoff, max(MaxBackoff, interval))
	st.next = now.Add(st.backoff)
}

func (p *Poller) pollOrg(ctx context.Context, cfg Config, notifiers []Notifier, o store.Org) Outcome {
	out := Outcome{Org: o.Alias}
	now := p.now()
	if !p.due(o.ID, now) {
		out.Skipped = true
		return out
	}
	deployed, err := p.integrations(ctx, o.ID)
	if err != nil || len(deployed) == 0 {
		out.Err = err
		p.schedule(o.ID, now, cfg.Interval, false)
		return out
	}
	cl, err := p.Connect(ctx, o)
	if err == nil {
		var limits map[string]salesforce.Limit
		if limits, err = cl.Limits(ctx); err == nil {
			l, ok := limits[salesforce.LimitDailyAPIRequests]
			if ok && l.Max > 0 && l.Remaining*100 < cfg.Reserve*l.Max {
				out.BackedOff = true
				p.schedule(o.ID, now, cfg.Interval, true)
				p.log().Info("alert poll backs off: API requests below the reserve", "org", o.Alias, "remaining", l.Remaining, "max", l.Max, "reserve_percent", cfg.Reserve)
				return out
			}
		}
	}
	if err != nil {
		out.BackedOff, out.Err = true, err
		p.schedule(o.ID, now, cfg.Interval, true)
		return out
	}
	p.schedule(o.ID, now, cfg.Interval, false)
	for _, name := range deployed {
		if _, err := runs.Sync(ctx, p.Store, cl, o.ID, name, runs.Options{Now: p.now}); err != nil {
			out.Err = errors.Join(out.Err, fmt.Errorf("%s: %w", name, err))
			if errors.Is(err, salesforce.ErrLimitExceeded) {
				p.schedule(o.ID, now, cfg.Interval, true)
				return out
			}
			continue
		}
		a, err := p.judge(ctx, cfg, o, name, now)
		if err != nil {
			out.Err = errors.Join(out.Err, err)
			continue
		}
		if a == nil {
			continue
		}
		var sendErr error
		for _, n := range notifiers {
			sendErr = errors.Join(sendErr, n.Notify(ctx, *a))
		}
		if sendErr != nil {
			out.Err = errors.Join(out.Err, sendErr)
			continue
		}
		if err := p.Store.SetSetting(ctx, sentKey(o.ID, name), strconv.FormatInt(now.Unix(), 10), false); err != nil {
			out.Err = errors.Join(out.Err, err)
		}
		out.Alerts = append(out.Alerts, *a)
	}
	return out
}

func (p *Poller) integrations(ctx context.Context, orgID int64) ([]string, error) {
	if p.Integrations != nil {
		return p.Integrations(ctx, orgID)
	}
	deployed, err := health.DeployedTo(ctx, p.Store, orgID)
	var names []string
	for _, d := range deployed {
		names = append(names, d.Spec.Name)
	}
	return names, err
}

// sentKey is the setting that records when an alert about an integration
// in an org was last sent.
func sentKey(orgID int64, integration string) string {
	return fmt.Sprintf("alerts.sent.%d.%s", orgID, integration)
}

// judge returns the alert an integration's stored failures call for, or
// nil: below the threshold, or alerted about within the window already.
func (p *Poller) judge(ctx context.Context, cfg Config, o store.Org, integration string, now time.Time) (*Alert, error) {
	since := now.Add(-cfg.Window)
	if v, err := p.Store.SettingValue(ctx, sentKey(o.ID, integration)); err == nil {
		if sec, perr := strconv.ParseInt(v, 10, 64); perr == nil && time.Unix(sec, 0).After(since) {
			return nil, nil
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	rows, err := p.Store.RunLogs(ctx, store.RunLogFilter{OrgID: o.ID, Integration: integration, Since: since, Status: "Failure", Limit: cfg.Threshold})
	if err != nil {
		return nil, err
	}
	if len(rows) < cfg.Threshold {
		return nil, nil
	}
	all, err := p.Store.RunLogs(ctx, store.RunLogFilter{OrgID: o.ID, Integration: integration, Since: since, Status: "Failure"})
	if err != nil {
		return nil, err
	}
	return &Alert{Org: o.Alias, Integration: integration, Failures: len(all), Threshold: cfg.Threshold, Window: cfg.Window, Latest: rows[0], At: now}, nil
}
