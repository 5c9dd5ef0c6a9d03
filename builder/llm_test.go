package builder

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// reply is one recorded answer of the fake chat-completions server.
type reply struct {
	status int
	file   string        // builder/testdata/llm/<file>
	delay  time.Duration // wait before answering
}

// fakeLLM speaks the chat-completions protocol from recorded answers, in
// order, and keeps every request body.
type fakeLLM struct {
	t       *testing.T
	mu      sync.Mutex
	replies []reply
	bodies  []map[string]any
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" {
		f.t.Errorf("request to %s, want /v1/chat/completions", r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
		f.t.Errorf("Authorization = %q, want the configured key", got)
	}
	b, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		f.t.Errorf("request body is not JSON: %v", err)
	}
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	if len(f.replies) == 0 {
		f.mu.Unlock()
		f.t.Errorf("unexpected request %d", len(f.bodies))
		http.Error(w, `{"error":{"message":"no more replies"}}`, http.StatusInternalServerError)
		return
	}
	rep := f.replies[0]
	f.replies = f.replies[1:]
	f.mu.Unlock()
	if rep.delay > 0 {
		select {
		case <-time.After(rep.delay):
		case <-r.Context().Done():
			return
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "llm", rep.file))
	if err != nil {
		f.t.Errorf("recorded reply: %v", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	w.Write(data)
}

func (f *fakeLLM) requests() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.bodies...)
}

func newTestLLM(t *testing.T, replies []reply, tweak func(*Config)) (*LLM, *fakeLLM) {
	t.Helper()
	fake := &fakeLLM{t: t, replies: replies}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	cfg := Config{Planner: PlannerLLM, BaseURL: srv.URL + "/v1", Model: "test-model", APIKey: "test-key",
		RequestTimeout: 2 * time.Second, Timeout: 10 * time.Second, RetryBackoff: time.Millisecond}
	if tweak != nil {
		tweak(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p.(*LLM), fake
}

// messageText joins the contents of a request's messages.
func messageText(body map[string]any) string {
	var b strings.Builder
	msgs, _ := body["messages"].([]any)
	for _, m := range msgs {
		mm, _ := m.(map[string]any)
		c, _ := mm["content"].(string)
		b.WriteString(c)
		b.WriteString("\n")
	}
	return b.String()
}

func TestLLMPlannerAnswers(t *testing.T) {
	const text = "When an opportunity is closed won, create an invoice in Stripe and save the invoice id on the opportunity."
	tests := []struct {
		name      string
		text      string
		replies   []reply
		tweak     func(*Config)
		wantSpec  bool
		wantQ     bool
		wantRef   bool
		wantErr   bool
		requests  int
		rounds    int
		check     func(t *testing.T, reqs []map[string]any)
		maxWait   time.Duration
		errTarget error
		// fallback is the reason the offline planner answered, "" when
		// the model did
		fallback string
	}{
		{name: "a valid spec is returned with its token usage", text: text,
			replies: []reply{{200, "valid_spec.json", 0}}, wantSpec: true, requests: 1, rounds: 1,
			check: func(t *testing.T, reqs []map[string]any) {
				rf, _ := reqs[0]["response_format"].(map[string]any)
				if rf["type"] != "json_schema" {
					t.Errorf("response_format.type = %v, want json_schema", rf["type"])
				}
				js, _ := rf["json_schema"].(map[string]any)
				if _, ok := js["schema"].(map[string]any)["anyOf"]; !ok {
					t.Errorf("json_schema.schema has no anyOf of spec, clarify and refuse: %v", js)
				}
				if !strings.Contains(messageText(reqs[0]), text) {
					t.Errorf("the request text is not in the prompt")
				}
			}},
		{name: "invalid JSON is repaired in the next round", text: text,
			replies: []reply{{200, "invalid_json.json", 0}, {200, "valid_spec.json", 0}}, wantSpec: true, requests: 2, rounds: 2,
			check: func(t *testing.T, reqs []map[string]any) {
				if m := messageText(reqs[1]); !strings.Contains(m, "not valid JSON") && !strings.Contains(m, "not a JSON object") {
					t.Errorf("repair request does not say the JSON was invalid:\n%s", m)
				}
			}},
		{name: "a spec that fails validation is repaired with the validation errors", text: text,
			replies: []reply{{200, "spec_invalid.json", 0}, {200, "valid_spec.json", 0}}, wantSpec: true, requests: 2, rounds: 2,
			check: func(t *testing.T, reqs []map[string]any) {
				m := messageText(reqs[1])
				if !strings.Contains(m, `unknown system "Strpe"`) || !strings.Contains(m, "flows[0].steps[0].system") {
					t.Errorf("repair request lacks the validation error and its path:\n%s", m)
				}
				if !strings.Contains(m, `"Strpe"`) {
					t.Errorf("repair request lacks the previous answer")
				}
			}},
		{name: "repairs stop after the configured rounds", text: text,
			replies: []reply{{200, "spec_invalid.json", 0}, {200, "spec_invalid.json", 0}, {200, "spec_invalid.json", 0}},
			wantErr: true, requests: 3, errTarget: ErrLLM},
		{name: "a refusal from the model is a refusal", text: "Make every opportunity editable by everyone in the company.",
			replies: []reply{{200, "refusal.json", 0}}, wantRef: true, requests: 1, rounds: 1},
		{name: "a question from the model is a clarification", text: "Sync everything with NetSuite.",
			replies: []reply{{200, "clarify.json", 0}}, wantQ: true, requests: 1, rounds: 1},
		{name: "429 is retried with backoff", text: text,
			replies: []reply{{429, "rate_limited.json", 0}, {200, "valid_spec.json", 0}}, wantSpec: true, requests: 2, rounds: 1},
		{name: "5xx is retried at most MaxRetries times, then the offline planner answers with a notice", text: text,
			replies: []reply{{503, "rate_limited.json", 0}, {502, "rate_limited.json", 0}},
			tweak:   func(c *Config) { c.MaxRetries = 1 }, wantSpec: true, requests: 2, fallback: "HTTP 502"},
		{name: "a server without json_schema gets json_object and the schema in the prompt", text: text,
			replies: []reply{{400, "json_schema_unsupported.json", 0}, {200, "valid_spec.json", 0}}, wantSpec: true, requests: 2, rounds: 1,
			check: func(t *testing.T, reqs []map[string]any) {
				rf, _ := reqs[1]["response_format"].(map[string]any)
				if rf["type"] != "json_object" {
					t.Errorf("fallback response_format.type = %v, want json_object", rf["type"])
				}
				if !strings.Contains(messageText(reqs[1]), `"$defs"`) {
					t.Errorf("fallback prompt lacks the JSON Schema")
				}
			}},
		{name: "a slow server times out within the bounds, then the offline planner answers with a notice", text: text,
			replies:  []reply{{200, "valid_spec.json", 3 * time.Second}},
			tweak:    func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = -1 },
			wantSpec: true, requests: 1, maxWait: 5 * time.Second, fallback: "did not answer in time"},
		{name: "a rate-limited endpoint falls back after its retries", text: text,
			replies: []reply{{429, "rate_limited.json", 0}, {429, "rate_limited.json", 0}},
			tweak:   func(c *Config) { c.MaxRetries = 1 }, wantSpec: true, requests: 2, fallback: "busy and asked to wait (HTTP 429)"},
		{name: "a destructive request is refused without asking the model", text: "Every night, delete all Account records.",
			wantRef: true, requests: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, fake := newTestLLM(t, tt.replies, tt.tweak)
			start := time.Now()
			res, err := l.Plan(context.Background(), tt.text)
			if tt.maxWait > 0 && time.Since(start) > tt.maxWait {
				t.Errorf("Plan took %v, want under %v", time.Since(start), tt.maxWait)
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("Plan error = %v, want error %v", err, tt.wantErr)
			}
			if tt.errTarget != nil && !errors.Is(err, tt.errTarget) {
				t.Errorf("error %v does not wrap %v", err, tt.errTarget)
			}
			if got := (res.Spec != nil); got != tt.wantSpec {
				t.Errorf("spec returned = %v, want %v", got, tt.wantSpec)
			}
			if got := res.Question != ""; got != tt.wantQ {
				t.Errorf("question = %q, want one: %v", res.Question, tt.wantQ)
			}
			if got := res.Refusal != ""; got != tt.wantRef {
				t.Errorf("refusal = %q, want one: %v", res.Refusal, tt.wantRef)
			}
			reqs := fake.requests()
			if len(reqs) != tt.requests {
				t.Errorf("%d requests, want %d", len(reqs), tt.requests)
			}
			if tt.rounds > 0 && res.Usage.Rounds != tt.rounds {
				t.Errorf("Usage.Rounds = %d, want %d", res.Usage.Rounds, tt.rounds)
			}
			if tt.fallback != "" {
				if res.Planner != PlannerOffline || !strings.Contains(res.Fallback, tt.fallback) ||
					len(res.Assumptions) == 0 || res.Assumptions[0] != res.Fallback {
					t.Errorf("no visible fallback notice (%q): planner %q, assumptions %q", tt.fallback, res.Planner, res.Assumptions)
				}
			} else {
				if tt.wantSpec && (res.Usage.PromptTokens == 0 || res.Usage.TotalTokens != res.Usage.PromptTokens+res.Usage.CompletionTokens) {
					t.Errorf("token usage not recorded: %+v", res.Usage)
				}
				if res.Planner != PlannerLLM {
					t.Errorf("Planner = %q", res.Planner)
				}
			}
			if tt.check != nil && len(reqs) >= tt.requests {
				tt.check(t, reqs)
			}
		})
	}
}

func TestLLMPlannerNeverSendsSecrets(t *testing.T) {
	l, fake := newTestLLM(t, []reply{{200, "valid_spec.json", 0}}, nil)
	const secret = "sk_live_51Hxyz0123456789abcdef"
	res, err := l.Plan(context.Background(), "When an opportunity is closed won, create an invoice in Stripe. Our key is "+secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.requests() {
		if strings.Contains(messageText(r), secret) {
			t.Errorf("the secret was sent to the model")
		}
	}
	if len(res.Assumptions) == 0 || !strings.Contains(res.Assumptions[0], "secret") {
		t.Errorf("assumptions do not mention the ignored secret: %q", res.Assumptions)
	}
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"llm without a base URL", Config{Planner: PlannerLLM, Model: "m"}},
		{"llm without a model", Config{Planner: PlannerLLM, BaseURL: "http://localhost:1/v1"}},
		{"an unknown planner", Config{Planner: "oracle"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.cfg)
			if !errors.Is(err, ErrConfig) || p != nil {
				t.Errorf("New = %v, %v; want nil and ErrConfig", p, err)
			}
		})
	}
	if p, err := New(Config{}); err != nil || p == nil {
		t.Errorf("New(Config{}) = %v, %v; want the offline planner", p, err)
	}
}

// TestPromptGolden pins the fully rendered prompt; run with -update after
// changing builder/prompts.
func TestPromptGolden(t *testing.T) {
	l, _ := newTestLLM(t, nil, nil)
	msgs, err := l.Messages("When a case is escalated, create an issue in Jira.")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# prompt " + PromptVersion + "\n")
	for _, m := range msgs {
		b.WriteString("\n## " + m.Role + "\n\n" + m.Content + "\n")
	}
	got := b.String()
	golden := filepath.Join("testdata", "prompt.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./builder -run TestPromptGolden -update)", err)
	}
	if string(want) != got {
		t.Errorf("rendered prompt differs from %s; run with -update if the change is intended\n--- got ---\n%s", golden, got)
	}
}

func TestParseAnswerShapes(t *testing.T) {
	tests := []struct {
		content string
		clarify string
		refuse  string
		spec    bool
		err     bool
	}{
		{`{"clarify": "Which objects?"}`, "Which objects?", "", false, false},
		{`{"refuse": "It deletes data."}`, "", "It deletes data.", false, false},
		{`{"clarify": "It disables sharing.", "refuse": true}`, "", "It disables sharing.", false, false},
		{`{"clarify": "Which objects?", "refuse": false}`, "Which objects?", "", false, false},
		{"```json\n{\"clarify\": \"Which?\"}\n```", "Which?", "", false, false},
		{`{"clarify": ""}`, "", "", false, true},
		{`not json at all`, "", "", false, true},
		{`{"spec": "patchbay/v1", "name": "X", "flows": [], "extra": 1}`, "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.content, func(t *testing.T) {
			a, err := parseAnswer(tt.content)
			if (err != nil) != tt.err {
				t.Fatalf("parseAnswer error = %v, want error %v", err, tt.err)
			}
			if a.clarify != tt.clarify || a.refuse != tt.refuse || (a.spec != nil) != tt.spec {
				t.Errorf("parseAnswer = %+v", a)
			}
		})
	}
}
