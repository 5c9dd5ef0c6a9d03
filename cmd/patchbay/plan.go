package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/spec"
)

// planExitClarify is the exit status when the planner asks a question or
// refuses instead of answering with a spec.
const planExitClarify = 3

func runPlan(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "plan", "plan [--json] [--planner offline|llm] [TEXT...]   (no TEXT: read standard input)")
	asJSON := fs.Bool("json", false, "print the spec, question or refusal as JSON")
	plannerName := fs.String("planner", "", "offline or llm (default: llm when PATCHBAY_LLM_BASE_URL is set, else offline)")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	text := strings.Join(words, " ")
	if len(words) == 0 || text == "-" {
		b, err := io.ReadAll(io.LimitReader(env.stdin, 1<<20))
		if err != nil {
			return fmt.Errorf("reading the request: %w", err)
		}
		text = string(b)
	}
	if strings.TrimSpace(text) == "" {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("no request: pass it as arguments or on standard input")}
	}
	cfg := loadConfig(env.getenv)
	bc := builder.Config{Planner: *plannerName, BaseURL: cfg.LLMBaseURL, Model: cfg.LLMModel, APIKey: cfg.OpenAIAPIKey}
	if bc.Planner == "" {
		bc.Planner = builder.PlannerOffline
		if cfg.LLMBaseURL != "" {
			bc.Planner = builder.PlannerLLM
		}
	}
	if bc.Planner == builder.PlannerLLM {
		if err := cfg.Validate(); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	planner, err := builder.New(bc)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	res, err := planner.Plan(ctx, text)
	if err != nil {
		return err
	}
	for _, a := range res.Assumptions {
		fmt.Fprintf(env.stderr, "note: %s\n", a)
	}
	if res.Usage.Rounds > 0 {
		fmt.Fprintf(env.stderr, "note: %d LLM round(s), %d prompt + %d completion tokens\n", res.Usage.Rounds, res.Usage.PromptTokens, res.Usage.CompletionTokens)
	}
	switch {
	case res.Refusal != "":
		if *asJSON {
			if err := writeJSON(env.stdout, map[string]any{"clarify": res.Refusal, "refuse": true}); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(env.stdout, "Refused: %s\n", res.Refusal)
		}
		return &exitError{code: planExitClarify, err: errSilent}
	case res.Question != "":
		if *asJSON {
			if err := writeJSON(env.stdout, map[string]any{"clarify": res.Question}); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(env.stdout, "Question: %s\n", res.Question)
		}
		return &exitError{code: planExitClarify, err: errSilent}
	case res.Spec == nil:
		return errors.New("the planner returned neither a spec nor a question")
	}
	if *asJSON {
		return writeJSON(env.stdout, res.Spec)
	}
	out, err := spec.Format(res.Spec)
	if err != nil {
		return fmt.Errorf("formatting the spec: %w", err)
	}
	_, err = env.stdout.Write(out)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}
