package builder

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// llmFailures say in plain words why the LLM planner failed, first match
// first. Each message is safe to show: it names no address, key or
// response body.
var llmFailures = []struct {
	match func(err error, status int) bool
	say   func(status int) string
}{
	{ // a local server that is not running: connection refused
		func(err error, _ int) bool { var op *net.OpError; return errors.As(err, &op) && op.Op == "dial" },
		func(int) string {
			return "The language model endpoint could not be reached: nothing answered at its address."
		},
	},
	{
		func(err error, _ int) bool { var dns *net.DNSError; return errors.As(err, &dns) },
		func(int) string {
			return "The language model endpoint could not be reached: its host name is not known."
		},
	},
	{
		func(err error, _ int) bool { return errors.Is(err, context.DeadlineExceeded) || isTimeout(err) },
		func(int) string { return "The language model did not answer in time." },
	},
	{
		func(_ error, status int) bool {
			return status == http.StatusUnauthorized || status == http.StatusForbidden
		},
		func(status int) string {
			return fmt.Sprintf("The language model endpoint refused the API key (HTTP %d). An administrator can change or clear it in Settings.", status)
		},
	},
	{
		func(_ error, status int) bool { return status == http.StatusNotFound },
		func(int) string {
			return "The language model endpoint does not know that address or model (HTTP 404). Check the endpoint and model in Settings."
		},
	},
	{
		func(_ error, status int) bool { return status == http.StatusTooManyRequests },
		func(int) string { return "The language model endpoint is busy and asked to wait (HTTP 429)." },
	},
	{
		func(_ error, status int) bool { return status >= 400 },
		func(status int) string {
			return fmt.Sprintf("The language model endpoint answered with an error (HTTP %d).", status)
		},
	},
	{
		func(err error, _ int) bool { return errors.Is(err, ErrConfig) },
		func(int) string {
			return "The language model is not fully set up: an administrator can complete it in Settings."
		},
	},
	{
		func(err error, _ int) bool { return errors.Is(err, ErrLLM) },
		func(int) string { return "The language model did not produce a usable spec." },
	},
}

// ExplainLLMError says why the LLM planner failed, in words safe to show
// to the person who asked, and reports whether err is such a failure (an
// unreachable, refusing or erring endpoint, or an incomplete setup). Any
// other error is not explained here.
func ExplainLLMError(err error) (string, bool) {
	if err == nil || !errors.Is(err, ErrLLM) && !errors.Is(err, ErrConfig) {
		return "", false
	}
	status := httpStatus(err)
	for _, f := range llmFailures {
		if f.match(err, status) {
			return f.say(status), true
		}
	}
	return "The language model could not draft the spec.", true
}
