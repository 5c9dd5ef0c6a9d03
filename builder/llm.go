package builder

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"text/template"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/patchbay/patchbay/spec"
)

// PromptVersion names the prompt set the LLM planner uses
// (builder/prompts/<version>/).
const PromptVersion = "v1"

//go:embed prompts
var promptFS embed.FS

// prompts are the parsed templates of one prompt version.
type prompts struct {
	system, user, repair, schema *template.Template
}

func loadPrompts(version string) (*prompts, error) {
	load := func(name string) (*template.Template, error) {
		b, err := promptFS.ReadFile("prompts/" + version + "/" + name)
		if err != nil {
			return nil, fmt.Errorf("builder: prompt %s/%s: %w", version, name, err)
		}
		t, err := template.New(name).Option("missingkey=error").Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("builder: prompt %s/%s: %w", version, name, err)
		}
		return t, nil
	}
	var p prompts
	var err error
	if p.system, err = load("system.md"); err != nil {
		return nil, err
	}
	if p.user, err = load("user.md"); err != nil {
		return nil, err
	}
	if p.repair, err = load("repair.md"); err != nil {
		return nil, err
	}
	if p.schema, err = load("schema.md"); err != nil {
		return nil, err
	}
	return &p, nil
}

func render(t *template.Template, data any) (string, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("builder: rendering prompt %s: %w", t.Name(), err)
	}
	return strings.TrimSpace(b.String()), nil
}

// LLM is the planner that asks an OpenAI-compatible chat model for a spec
// under the spec's JSON Schema, validates the answer and sends the
// validation errors back for repair.
type LLM struct {
	cfg     Config
	client  *openai.Client
	prompts *prompts
	schema  json.RawMessage
}

// NewLLM returns the LLM planner for cfg. BaseURL and Model are required.
func NewLLM(cfg Config) (*LLM, error) {
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return nil, fmt.Errorf("%w: the LLM planner needs a base URL (PATCHBAY_LLM_BASE_URL)", ErrConfig)
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, fmt.Errorf("%w: the LLM planner needs a model (PATCHBAY_LLM_MODEL)", ErrConfig)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 60 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Minute
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 3
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.RepairRounds == 0 {
		cfg.RepairRounds = 2
	}
	if cfg.RepairRounds < 0 {
		cfg.RepairRounds = 0
	}
	pr, err := loadPrompts(PromptVersion)
	if err != nil {
		return nil, err
	}
	schema, err := answerSchema()
	if err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	} else {
		oc.HTTPClient = &http.Client{}
	}
	return &LLM{cfg: cfg, client: openai.NewClientWithConfig(oc), prompts: pr, schema: schema}, nil
}

// answerSchema is the structured-output schema: a spec, or a clarifying
// question, or a refusal. The spec schema's $defs move to the root so its
// references still resolve.
func answerSchema() (json.RawMessage, error) {
	var root map[string]any
	if err := json.Unmarshal(spec.Schema(), &root); err != nil {
		return nil, fmt.Errorf("builder: the spec schema: %w", err)
	}
	defs := root["$defs"]
	delete(root, "$defs")
	delete(root, "$schema")
	delete(root, "$id")
	answer := map[string]any{
		"$defs": defs,
		"anyOf": []any{
			root,
			map[string]any{"type": "object", "additionalProperties": false, "required": []string{"clarify"},
				"properties": map[string]any{"clarify": map[string]any{"type": "string"}}},
			map[string]any{"type": "object", "additionalProperties": false, "required": []string{"refuse"},
				"properties": map[string]any{"refuse": map[string]any{"type": "string"}}},
		},
	}
	b, err := json.Marshal(answer)
	if err != nil {
		return nil, fmt.Errorf("builder: the answer schema: %w", err)
	}
	return b, nil
}

// Messages returns the chat messages the planner sends first for text:
// the system prompt and the request.
func (l *LLM) Messages(text string) ([]openai.ChatCompletionMessage, error) {
	return l.MessagesWith(text, Options{})
}

// MessagesWith is Messages with options: with a schema, the request is
// followed by the part of the org's schema it names (schemaSlice).
func (l *LLM) MessagesWith(text string, opts Options) ([]openai.ChatCompletionMessage, error) {
	sys, err := render(l.prompts.system, nil)
	if err != nil {
		return nil, err
	}
	user, err := render(l.prompts.user, promptRequest(text, opts))
	if err != nil {
		return nil, err
	}
	return []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: sys},
		{Role: openai.ChatMessageRoleUser, Content: user},
	}, nil
}

// ErrLLM reports an LLM planner failure: the endpoint failed after its
// retries, or no valid answer came within the repair rounds.
var ErrLLM = errors.New("builder: LLM planner")

// Plan asks the model for a spec, repairing invalid answers.
func (l *LLM) Plan(ctx context.Context, text string) (Result, error) {
	caller := ctx
	ctx, cancel := context.WithTimeout(ctx, l.cfg.Timeout)
	defer cancel()
	res := Result{Planner: PlannerLLM}
	masked, hadSecret := maskSecrets(normalize(text))
	if hadSecret {
		res.Assumptions = append(res.Assumptions, "ignored a secret pasted into the request: it was not sent to the model or copied into the spec; enter it in Salesforce (the system's External Credential) after install")
	}
	if r := refusal(lowerASCII(masked)); r != "" {
		res.Refusal = r
		return res, nil
	}
	if t, ok := stripInjection(masked); ok {
		// text that instructs the planner never reaches the model
		masked = t
		res.Assumptions = append(res.Assumptions, "ignored text that gives the planner instructions instead of describing the integration")
	}
	msgs, err := l.MessagesWith(masked, OptionsFrom(ctx))
	if err != nil {
		return res, err
	}
	mode := openai.ChatCompletionResponseFormatTypeJSONSchema
	var lastErr error
	for round := 0; round <= l.cfg.RepairRounds; round++ {
		content, err := l.complete(ctx, &msgs, &mode, &res.Usage)
		if err != nil {
			if caller.Err() != nil || !errors.Is(err, ErrLLM) {
				return res, err
			}
			return fallBack(caller, text, res, err)
		}
		a, perr := parseAnswer(content)
		switch {
		case perr != nil:
			lastErr = perr
		case a.refuse != "":
			res.Refusal = a.refuse
			return res, nil
		case a.clarify != "":
			res.Question = a.clarify
			return res, nil
		default:
			res.Spec = a.spec
			if spec.FindSecret(content) == "" {
				return finishLLM(res, masked), nil
			}
			res.Spec = nil
			lastErr = errors.New("the answer contains something that looks like a secret; secrets never go in a spec")
		}
		if round == l.cfg.RepairRounds {
			break
		}
		repair, err := render(l.prompts.repair, struct{ Errors string }{lastErr.Error()})
		if err != nil {
			return res, err
		}
		msgs = append(msgs,
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: content},
			openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: repair})
	}
	return res, fmt.Errorf("%w: no valid spec after %d repair round(s): %w", ErrLLM, l.cfg.RepairRounds, lastErr)
}

// complete runs one chat completion with retries on 429, 5xx and
// timeouts, falling back from json_schema to json_object mode when the
// server rejects the former.
func (l *LLM) complete(ctx context.Context, msgs *[]openai.ChatCompletionMessage, mode *openai.ChatCompletionResponseFormatType, usage *Usage) (string, error) {
	backoff := l.cfg.RetryBackoff
	for attempt := 0; ; attempt++ {
		req := openai.ChatCompletionRequest{Model: l.cfg.Model, Messages: *msgs, Temperature: 0}
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: *mode}
		if *mode == openai.ChatCompletionResponseFormatTypeJSONSchema {
			req.ResponseFormat.JSONSchema = &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "patchbay_plan", Description: "a patchbay/v1 spec, or a clarifying question, or a refusal",
				Schema: l.schema, Strict: false,
			}
		}
		rctx, cancel := context.WithTimeout(ctx, l.cfg.RequestTimeout)
		resp, err := l.client.CreateChatCompletion(rctx, req)
		cancel()
		if err == nil {
			usage.Rounds++
			usage.PromptTokens += resp.Usage.PromptTokens
			usage.CompletionTokens += resp.Usage.CompletionTokens
			usage.TotalTokens += resp.Usage.TotalTokens
			if len(resp.Choices) == 0 {
				return "", fmt.Errorf("%w: the endpoint answered with no choices", ErrLLM)
			}
			return resp.Choices[0].Message.Content, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("%w: %w", ErrLLM, ctx.Err())
		}
		status := httpStatus(err)
		if *mode == openai.ChatCompletionResponseFormatTypeJSONSchema && (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) && mentionsFormat(err) {
			*mode = openai.ChatCompletionResponseFormatTypeJSONObject
			sch, rerr := render(l.prompts.schema, struct{ Schema string }{string(spec.Schema())})
			if rerr != nil {
				return "", rerr
			}
			*msgs = append([]openai.ChatCompletionMessage{(*msgs)[0], {Role: openai.ChatMessageRoleSystem, Content: sch}}, (*msgs)[1:]...)
			attempt--
			continue
		}
		retryable := status == http.StatusTooManyRequests || status >= 500 || errors.Is(err, context.DeadlineExceeded) || isTimeout(err)
		if !retryable || attempt >= l.cfg.MaxRetries {
			return "", fmt.Errorf("%w: chat completion failed after %d attempt(s): %w", ErrLLM, attempt+1, err)
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return "", fmt.Errorf("%w: %w", ErrLLM, ctx.Err())
		}
		if backoff < 8*l.cfg.RetryBackoff {
			backoff *= 2
		}
	}
}

func httpStatus(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

func mentionsFormat(err error) bool {
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "response_format") || strings.Contains(m, "json_schema") || strings.Contains(m, "schema")
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// answer is a parsed model answer.
type answer struct {
	spec    *spec.Spec
	clarify string
	refuse  string
}

// parseAnswer reads the model's JSON: a clarification, a refusal or a spec,
// which must pass strict decoding and validation.
func parseAnswer(content string) (answer, error) {
	body := extractJSON(content)
	if body == "" {
		return answer{}, errors.New("the answer is not a JSON object")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &probe); err != nil {
		return answer{}, fmt.Errorf("the answer is not valid JSON: %w", err)
	}
	if raw, ok := probe["refuse"]; ok && len(probe) <= 2 {
		// {"refuse": "why"}, or {"clarify": "why", "refuse": true} (a model that copies the shape the CLI once printed)
		var why string
		if json.Unmarshal(raw, &why) != nil || why == "" {
			json.Unmarshal(probe["clarify"], &why)
		}
		var yes bool
		if json.Unmarshal(raw, &yes) == nil && !yes {
			why = ""
			json.Unmarshal(probe["clarify"], &why)
			if strings.TrimSpace(why) == "" {
				return answer{}, errors.New("clarify must be a question (a non-empty string)")
			}
			return answer{clarify: why}, nil
		}
		if strings.TrimSpace(why) == "" {
			why = "the request is destructive or weakens security"
		}
		return answer{refuse: why}, nil
	}
	if raw, ok := probe["clarify"]; ok && len(probe) == 1 {
		var q string
		if err := json.Unmarshal(raw, &q); err != nil || strings.TrimSpace(q) == "" {
			return answer{}, errors.New("clarify must be a question (a non-empty string)")
		}
		return answer{clarify: q}, nil
	}
	s, err := spec.Load([]byte(body))
	if err != nil {
		return answer{}, err
	}
	return answer{spec: s}, nil
}

// extractJSON returns the outermost JSON object in s, tolerating a ```json
// fence or text around it.
func extractJSON(s string) string {
	start := strings.Index(s, "{")
	end := strings.LastIndex(s, "}")
	if start < 0 || end < start {
		return ""
	}
	return s[start : end+1]
}

// finishLLM runs the safety pass over the model's spec and writes its
// description and flow labels from the plan, as the offline planner does.
func finishLLM(res Result, text string) Result {
	res.Spec.Description = describe(res.Spec)
	for i := range res.Spec.Flows {
		res.Spec.Flows[i].Label = labelFromName(res.Spec.Flows[i].Name)
	}
	if res.Spec.Label != "" {
		res.Spec.Label = specLabel(res.Spec)
	}
	if r := safetyRefusal(res.Spec, text); r != "" {
		return Result{Refusal: r, Assumptions: res.Assumptions, Planner: res.Planner, Usage: res.Usage}
	}
	res.Coverage, res.Unplanned = coverSpec(res.Spec, text)
	return res
}

// fallBack plans text with the offline planner after the model's endpoint
// failed, and says so first among the assumptions: the draft is the
// offline planner's, not the model's.
func fallBack(ctx context.Context, text string, llm Result, cause error) (Result, error) {
	res, err := NewOffline().Plan(ctx, text)
	if err != nil {
		return llm, errors.Join(cause, err)
	}
	why, ok := ExplainLLMError(cause)
	if !ok {
		why = fmt.Sprintf("The language model endpoint failed (%s).", endpointProblem(cause))
	}
	notice := why + " patchbay's offline planner drafted this instead: nothing left this computer."
	res.Assumptions = append([]string{notice}, res.Assumptions...)
	res.Usage = llm.Usage
	res.Fallback = notice
	return res, nil
}

// endpointProblem is a short, secret-free account of an endpoint error.
func endpointProblem(err error) string {
	switch status := httpStatus(err); {
	case status == http.StatusTooManyRequests:
		return "rate limited"
	case status >= 500:
		return fmt.Sprintf("HTTP %d", status)
	case status > 0:
		return fmt.Sprintf("HTTP %d", status)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "timed out"
	}
	return "no answer"
}
