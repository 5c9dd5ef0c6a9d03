package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/spec"
)

// planExitClarify is the exit status when the planner asks a question or
// refuses instead of answering with a spec.
const planExitClarify = 3

func runPlan(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "plan", "plan [--json] [--planner offline|llm] [--org ALIAS] [TEXT...]   (no TEXT: read standard input)")
	asJSON := fs.Bool("json", false, "print the spec as JSON with \"coverage\" (clause to spec path) and \"unplanned\" (clauses not planned) beside its keys, or the question or refusal")
	plannerName := fs.String("planner", "", "offline or llm (default: llm when PATCHBAY_LLM_BASE_URL is set, else offline)")
	orgAlias := fs.String("org", "", "plan with this connected org's schema: words map to its fields, and the LLM sees the objects the request names")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB), with --org")
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
	if *orgAlias != "" {
		if *dbPath != "" {
			cfg.DBPath = *dbPath
		}
		sch, err := plannerSchema(ctx, env, cfg, *orgAlias)
		if err != nil {
			return err
		}
		ctx = builder.WithOptions(ctx, builder.Options{Schema: sch})
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
			if err := writeJSON(env.stdout, map[string]any{"refuse": res.Refusal}); err != nil {
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
	for _, u := range res.Unplanned {
		fmt.Fprintf(env.stderr, "warning: not planned: %q; the spec is incomplete until you add it\n", u)
	}
	if *asJSON {
		out, err := planJSON(res)
		if err != nil {
			return err
		}
		return writeJSON(env.stdout, out)
	}
	out, err := spec.Format(res.Spec)
	if err != nil {
		return fmt.Errorf("formatting the spec: %w", err)
	}
	_, err = env.stdout.Write(out)
	return err
}

// plannerSchema is the org's schema for the planner, refreshed when older
// than the configured age.
func plannerSchema(ctx context.Context, env *environment, cfg config, alias string) (*builder.Schema, error) {
	if err := cfg.Validate(); err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	maxAge := cfg.SchemaMaxAge
	if maxAge <= 0 {
		maxAge = orgschema.DefaultMaxAge
	}
	schemas, st, err := orgSchemas(ctx, env, cfg, []string{alias}, maxAge)
	if err != nil {
		return nil, err
	}
	st.Close()
	return orgschema.PlannerSchema(alias, schemas[alias]), nil
}

// planJSON is the spec with the plan's coverage beside it, in the spec's
// own key order: "coverage" maps each action clause to the spec step it
// became and "unplanned" lists the clauses that became nothing. Both are
// always present.
func planJSON(res builder.Result) (json.RawMessage, error) {
	cov := res.Coverage
	if cov == nil {
		cov = []builder.Covered{}
	}
	un := res.Unplanned
	if un == nil {
		un = []string{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, v := range []any{res.Spec, cov, un} {
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("writing JSON: %w", err)
		}
	}
	parts := bytes.SplitN(bytes.TrimSpace(b.Bytes()), []byte("\n"), 3)
	obj := bytes.TrimSuffix(parts[0], []byte("}"))
	out := append(obj, []byte(`,"coverage":`)...)
	out = append(out, parts[1]...)
	out = append(out, []byte(`,"unplanned":`)...)
	out = append(out, parts[2]...)
	return append(out, '}'), nil
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
