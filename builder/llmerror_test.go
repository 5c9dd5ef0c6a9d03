package builder

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// refusedURL is an address where nothing listens: a port that was just
// closed.
func refusedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

func TestLLMFailuresAreExplainedInPlainWords(t *testing.T) {
	answering := func(status int, body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		return srv.URL + "/v1"
	}
	const apiError = `{"error": {"message": "internal detail sk-live-123", "type": "server_error"}}`
	for _, tc := range []struct {
		name string
		url  string
		want string
	}{
		{"refused", refusedURL(t), "could not be reached"},
		{"500", answering(http.StatusInternalServerError, apiError), "answered with an error (HTTP 500)"},
		{"401", answering(http.StatusUnauthorized, apiError), "refused the API key (HTTP 401)"},
		{"404", answering(http.StatusNotFound, apiError), "(HTTP 404)"},
		{"garbage", answering(http.StatusOK, `{"choices": [{"message": {"content": "not json at all"}}]}`), "did not produce a usable spec"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Config{Planner: PlannerLLM, BaseURL: tc.url, Model: "m", APIKey: "sk-test-key",
				RequestTimeout: 2 * time.Second, Timeout: 10 * time.Second, RetryBackoff: time.Millisecond, MaxRetries: -1, RepairRounds: -1})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Plan(context.Background(), "When an opportunity is closed won, create a Stripe invoice")
			// An endpoint that fails makes the offline planner answer, with
			// the explanation as its notice; an answer that is no spec is an
			// error, explained.
			msg, ok := ExplainLLMError(err)
			if err == nil {
				msg, ok = res.Fallback, res.Fallback != "" && res.Spec != nil
			}
			if !ok || !strings.Contains(msg, tc.want) {
				t.Fatalf("err %v explained as %q (%v), want %q", err, msg, ok, tc.want)
			}
			for _, leak := range []string{"sk-", "127.0.0.1", "internal detail"} {
				if strings.Contains(msg, leak) {
					t.Errorf("the explanation shows %q: %s", leak, msg)
				}
			}
		})
	}
	if _, err := New(Config{Planner: PlannerLLM, BaseURL: "http://x"}); err == nil {
		t.Fatal("a config without a model was accepted")
	} else if msg, ok := ExplainLLMError(err); !ok || !strings.Contains(msg, "Settings") {
		t.Errorf("config error explained as %q (%v)", msg, ok)
	}
	if _, ok := ExplainLLMError(errors.New("disk full")); ok {
		t.Error("an error that is not the planner's was explained as one")
	}
}
