package builder

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/patchbay/patchbay/spec"
)

// Planner turns a request into a Result: a spec, a clarifying question or a
// refusal.
type Planner interface {
	Plan(ctx context.Context, text string) (Result, error)
}

// Result is what a planner made of one request. Exactly one of Spec,
// Question and Refusal is set.
type Result struct {
	// Spec is the planned integration; it has passed validation.
	Spec *spec.Spec
	// Assumptions are sentences for the user about what the planner chose
	// where the request did not say ("assumed Stripe uses a bearer token").
	Assumptions []string
	// Coverage maps each action clause of the request to the spec step it
	// became, so a reader can see which words produced which lines.
	Coverage []Covered
	// Unplanned lists the action clauses the planner could not turn into a
	// step. A spec with unplanned clauses is incomplete: it does less than
	// the request asks.
	Unplanned []string
	// Question is a clarifying question when the request is too vague or
	// asks for something a spec cannot express.
	Question string
	// Refusal is the reason the request was refused because it is
	// destructive or weakens security.
	Refusal string
	// Fallback is set when the LLM planner's endpoint failed and the
	// offline planner answered instead; it says why, for the user.
	Fallback string
	// Planner names the planner that answered: "offline" or "llm".
	Planner string
	// Usage is the LLM token usage; zero for the offline planner.
	Usage Usage
}

// Usage counts the tokens an LLM planner spent on one request, over every
// round.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	TotalTokens      int
	// Rounds is the number of chat completions answered, repairs included.
	Rounds int
}

// Planner names accepted by Config.Planner.
const (
	PlannerOffline = "offline"
	PlannerLLM     = "llm"
)

// Config chooses and configures a planner.
type Config struct {
	// Planner is PlannerOffline (the default when empty) or PlannerLLM.
	Planner string
	// BaseURL is the OpenAI-compatible endpoint, e.g. https://api.openai.com/v1.
	BaseURL string
	// Model is the chat model name.
	Model string
	// APIKey authenticates to the endpoint; it may be empty for local servers.
	APIKey string
	// RequestTimeout bounds one chat completion (default 60s).
	RequestTimeout time.Duration
	// Timeout bounds a whole Plan call, retries and repairs included
	// (default 3m).
	Timeout time.Duration
	// MaxRetries is how often a request is retried after a 429 or 5xx
	// answer or a timeout (default 3; negative means none).
	MaxRetries int
	// RetryBackoff is the first retry's wait, doubled each retry and capped
	// at 8 times its value (default 1s).
	RetryBackoff time.Duration
	// RepairRounds is how often validation errors are sent back to the
	// model (default 2; negative means none).
	RepairRounds int
	// HTTPClient is the client used for the endpoint (default a new one).
	HTTPClient *http.Client
}

// ErrConfig reports a configuration that cannot make a planner.
var ErrConfig = errors.New("builder: invalid configuration")

// New returns the planner cfg asks for.
func New(cfg Config) (Planner, error) {
	switch cfg.Planner {
	case "", PlannerOffline:
		return NewOffline(), nil
	case PlannerLLM:
		l, err := NewLLM(cfg)
		if err != nil {
			return nil, err
		}
		return l, nil
	default:
		return nil, fmt.Errorf("%w: unknown planner %q (want %q or %q)", ErrConfig, cfg.Planner, PlannerOffline, PlannerLLM)
	}
}

// Plan plans text with the offline planner.
func Plan(ctx context.Context, text string) (Result, error) {
	return NewOffline().Plan(ctx, text)
}
