package alerts_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/patchbay/patchbay/alerts"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// clock is a settable clock shared by the simulator and the poller.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func (c *clock) add(d time.Duration) { c.set(c.now().Add(d)) }

// world is one simulated org with an integration deployed, the store and
// a poller watching it.
type world struct {
	srv    *sfsim.Server
	tok    salesforce.Token
	st     *store.Store
	clock  *clock
	poller *alerts.Poller
	name   string
}

const integration = "Nightly"

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{clock: &clock{}, name: integration}
	w.srv = sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}, Now: w.clock.now})
	ts := httptest.NewServer(w.srv)
	t.Cleanup(ts.Close)
	w.srv.SetBaseURL(ts.URL)
	var err error
	if w.tok, err = w.srv.IssueToken("prod", ""); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load([]byte(`spec: patchbay/v1
name: Nightly
systems:
  - {name: Acme, url: https://acme.example.com, auth: {type: none}}
flows:
  - name: Sweep
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - {id: ping, type: call, system: Acme, method: GET, path: /ping}
`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := generator.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	zip, _ := b.MetadataZip()
	cl, _ := salesforce.New(w.tok, salesforce.Options{AllowLoopback: true})
	ctx := context.Background()
	id, err := cl.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true, SinglePackage: true, TestLevel: salesforce.TestLevelRunLocalTests})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := cl.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond}); err != nil || !r.Success {
		t.Fatalf("deploy: %+v %v", r, err)
	}
	w.st, err = store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.st.Close() })
	if _, err := w.st.CreateOrg(ctx, store.Org{Alias: "prod", Kind: store.OrgProduction, InstanceURL: w.tok.InstanceURL, Status: store.OrgConnected},
		store.Tokens{AccessToken: w.tok.AccessToken}); err != nil {
		t.Fatal(err)
	}
	w.clock.set(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	w.poller = &alerts.Poller{Store: w.st, Now: w.clock.now,
		Connect: func(ctx context.Context, o store.Org) (*salesforce.Client, error) {
			return salesforce.New(w.tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
		},
		Integrations: func(context.Context, int64) ([]string, error) { return []string{integration}, nil }}
	return w
}

// fail writes a failure row as the runtime does, at the clock's time.
func (w *world) fail(t *testing.T, msg string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"Integration__c": w.name, "Flow__c": "Sweep", "Status__c": "Failure", "Status_Code__c": 500, "Message__c": msg, "Attempt__c": 3})
	req, _ := http.NewRequest(http.MethodPost, w.tok.InstanceURL+"/services/data/v66.0/sobjects/Integration_Log__c", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("log row: %s", resp.Status)
	}
}

// apiUsed is how many API requests the org has served.
func (w *world) apiUsed() int {
	l := w.srv.Limits("prod")[salesforce.LimitDailyAPIRequests]
	return l.Max - l.Remaining
}

// smtpServer is an in-process SMTP server that keeps the messages it
// receives.
type smtpServer struct {
	addr string
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &smtpServer{addr: ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { io.WriteString(conn, line+"\r\n") }
	say("220 localhost test SMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-localhost")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpt = append(s.rcpt, strings.TrimSpace(line[len("RCPT TO:"):]))
			s.mu.Unlock()
			say("250 OK")
		case cmd == "DATA":
			say("354 go on")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, msg.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

func (s *smtpServer) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

// hook is a Slack-compatible webhook receiver.
type hook struct {
	mu    sync.Mutex
	texts []string
}

func startHook(t *testing.T) (*hook, string) {
	h := &hook{}
	ts := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var in struct {
			Text string `json:"text"`
		}
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil || in.Text == "" {
			http.Error(rw, "bad payload", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.texts = append(h.texts, in.Text)
		h.mu.Unlock()
		io.WriteString(rw, "ok")
	}))
	t.Cleanup(ts.Close)
	return h, ts.URL + "/services/T000/B000/XXXX"
}

func (h *hook) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.texts...)
}

func TestFailuresPastTheThresholdAlertOncePerWindowByEmailAndWebhook(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	mail := startSMTP(t)
	h, hookURL := startHook(t)
	host, port, _ := net.SplitHostPort(mail.addr)
	cfg := alerts.Config{Enabled: true, Threshold: 3, Window: time.Hour, Interval: 5 * time.Minute, Reserve: 20, WebhookURL: hookURL,
		Email: alerts.Email{Host: host, Port: mustAtoi(t, port), From: "patchbay@example.com", To: []string{"ops@example.com"}}}
	if p := cfg.Validate(); len(p) != 0 {
		t.Fatalf("config: %+v", p)
	}
	if err := alerts.Save(ctx, w.st, cfg, false); err != nil {
		t.Fatal(err)
	}
	w.fail(t, "first")
	w.fail(t, "second")
	out, err := w.poller.Tick(ctx)
	if err != nil || len(out) != 1 || out[0].Err != nil || len(out[0].Alerts) != 0 {
		t.Fatalf("two failures: %+v %v", out, err)
	}
	w.clock.add(time.Minute)
	w.fail(t, "third: Bad Gateway\n<html>")
	if out, _ := w.poller.Tick(ctx); !out[0].Skipped {
		t.Fatalf("polled again within the interval: %+v", out)
	}
	w.clock.add(5 * time.Minute)
	out, _ = w.poller.Tick(ctx)
	if len(out[0].Alerts) != 1 || out[0].Err != nil {
		t.Fatalf("three failures: %+v", out)
	}
	msgs, texts := mail.messages(), h.got()
	if len(msgs) != 1 || len(texts) != 1 {
		t.Fatalf("sent %d emails and %d webhook posts", len(msgs), len(texts))
	}
	for _, text := range []string{msgs[0], texts[0]} {
		for _, want := range []string{"Nightly failed 3 times in prod in the last hour", "threshold: 3", "HTTP 500: third: Bad Gateway", "patchbay runs Nightly --org 'prod' --status failure"} {
			if !strings.Contains(text, want) {
				t.Errorf("alert lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "<html>") {
			t.Errorf("a message's second line reached the alert:\n%s", text)
		}
	}
	if !strings.Contains(msgs[0], "To: ops@example.com") || !strings.Contains(msgs[0], "Subject: ") {
		t.Errorf("email headers:\n%s", msgs[0])
	}
	// More failures in the same window: no second alert.
	w.fail(t, "fourth")
	w.clock.add(5 * time.Minute)
	if out, _ := w.poller.Tick(ctx); len(out[0].Alerts) != 0 {
		t.Fatalf("alerted twice in one window: %+v", out)
	}
	// A window later, still failing: alerted again.
	w.clock.add(time.Hour)
	for range 3 {
		w.fail(t, "again")
	}
	w.clock.add(time.Minute)
	if out, _ := w.poller.Tick(ctx); len(out[0].Alerts) != 1 || out[0].Alerts[0].Failures != 3 {
		t.Fatalf("next window: %+v", out)
	}
}

func TestAlertsOffMeansNoRequests(t *testing.T) {
	w := newWorld(t)
	before := w.apiUsed()
	if out, err := w.poller.Tick(context.Background()); err != nil || out != nil {
		t.Fatalf("%+v %v", out, err)
	}
	if w.apiUsed() != before {
		t.Errorf("the poller used the API with alerts off")
	}
}

// pollHour polls for one simulated hour, a tick a minute as Run does, and
// returns the org's API requests it made.
func pollHour(t testing.TB, w *world) int {
	t.Helper()
	before := w.apiUsed()
	for range 60 {
		if _, err := w.poller.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		w.clock.add(time.Minute)
	}
	return w.apiUsed() - before
}

func TestThePollersAPIUsePerHourIsBoundedAndBacksOffBelowTheReserve(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	h, hookURL := startHook(t)
	cfg := alerts.Config{Enabled: true, Threshold: 3, Window: time.Hour, Interval: 5 * time.Minute, Reserve: 20, WebhookURL: hookURL}
	if err := alerts.Save(ctx, w.st, cfg, false); err != nil {
		t.Fatal(err)
	}
	// One integration, polled every 5 minutes: /limits and one query, 12
	// times an hour.
	got := pollHour(t, w)
	t.Logf("API requests per org-hour, 1 integration, 5-minute interval: %d", got)
	if got != 24 {
		t.Errorf("made %d API requests in an hour, want 12 polls × 2", got)
	}
	// Below the reserve: only /limits, ever less often.
	if err := w.srv.SetLimit("prod", salesforce.LimitDailyAPIRequests, sfsim.Limit{Max: 15000, Remaining: 2000}); err != nil {
		t.Fatal(err)
	}
	got = pollHour(t, w)
	t.Logf("below the reserve, first hour: %d", got)
	if got > 4 {
		t.Errorf("below the reserve: %d requests in an hour", got)
	}
	got = pollHour(t, w)
	t.Logf("below the reserve, second hour: %d", got)
	if got > 2 {
		t.Errorf("below the reserve, later: %d requests in an hour", got)
	}
	if len(h.got()) != 0 {
		t.Errorf("alerts with no failures: %v", h.got())
	}
	// Above the reserve again: back to the interval.
	_ = w.srv.SetLimit("prod", salesforce.LimitDailyAPIRequests, sfsim.Limit{Max: 15000, Remaining: 14000})
	w.clock.add(alerts.MaxBackoff)
	if got := pollHour(t, w); got != 24 {
		t.Errorf("recovered: %d requests in an hour, want 24", got)
	}
}

// BenchmarkPollerAPIRequestsPerOrgHour measures the poller's API requests
// per org and hour against the simulator's counter, by integrations
// watched, at the default interval.
func BenchmarkPollerAPIRequestsPerOrgHour(b *testing.B) {
	for _, n := range []int{1, 5} {
		b.Run(strconv.Itoa(n)+" integrations", func(b *testing.B) {
			w := newWorld(b)
			names := make([]string, n)
			for i := range names {
				names[i] = integration
				if i > 0 {
					names[i] += strconv.Itoa(i)
				}
			}
			w.poller.Integrations = func(context.Context, int64) ([]string, error) { return names, nil }
			if err := alerts.Save(context.Background(), w.st, alerts.Config{Enabled: true, Threshold: 3, Window: time.Hour, Interval: alerts.DefaultInterval, Reserve: 20,
				WebhookURL: "http://127.0.0.1:1/unused"}, false); err != nil {
				b.Fatal(err)
			}
			var total int
			for b.Loop() {
				total += pollHour(b, w)
			}
			b.ReportMetric(float64(total)/float64(b.N), "requests/org-hour")
		})
	}
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
