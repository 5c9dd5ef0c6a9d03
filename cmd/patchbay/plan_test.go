package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestPlanPrintsAValidSpec(t *testing.T) {
	const text = "When an opportunity is closed won, create a Stripe invoice and save its id"
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"yaml from arguments", "", []string{"plan", "--planner", "offline", text}},
		{"json from standard input", text, []string{"plan", "--json", "--planner", "offline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.stdin, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			out := []byte(stdout)
			if slices.Contains(tt.args, "--json") {
				// the spec's keys, with the plan's coverage beside them
				var m map[string]json.RawMessage
				if err := json.Unmarshal(out, &m); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				if m["coverage"] == nil || m["unplanned"] == nil {
					t.Errorf("no coverage or unplanned key in\n%s", stdout)
				}
				delete(m, "coverage")
				delete(m, "unplanned")
				out, _ = json.Marshal(m)
			}
			s, err := spec.Load(out)
			if err != nil {
				t.Fatalf("planned spec does not load: %v\n%s", err, stdout)
			}
			if len(s.Flows) != 1 || s.Flows[0].Trigger.Object != "Opportunity" {
				t.Errorf("planned %d flows, trigger %+v", len(s.Flows), s.Flows)
			}
			if _, ok := s.System("Stripe"); !ok {
				t.Errorf("no Stripe system in\n%s", stdout)
			}
		})
	}
}

func TestPlanAsksOrRefusesWithExitThree(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantRefuse bool
	}{
		{"ambiguous request gets a question", "Sync everything between Salesforce and NetSuite.", false},
		{"destructive request is refused", "Every night delete all contact records in Salesforce.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", "plan", "--json", "--planner", "offline", tt.text)
			if code != 3 {
				t.Fatalf("exit %d, want 3; stdout %q stderr %q", code, stdout, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("not JSON: %v: %q", err, stdout)
			}
			// a question is {"clarify": "question"}, a refusal {"refuse":
			// "why"} (issue 9, item 8): one key, never both
			key, other := "clarify", "refuse"
			if tt.wantRefuse {
				key, other = "refuse", "clarify"
			}
			if q, _ := got[key].(string); strings.TrimSpace(q) == "" {
				t.Errorf("no %s text: %v", key, got)
			}
			if _, ok := got[other]; ok {
				t.Errorf("%s answered with a %q key too: %v", key, other, got)
			}
		})
	}
}

// TestPlanJSONCarriesCoverage checks that plan --json puts "coverage" and
// "unplanned" beside the spec's own keys, which keep their shape.
func TestPlanJSONCarriesCoverage(t *testing.T) {
	tests := []struct {
		text          string
		wantCovered   []string // clause → path
		wantUnplanned string
	}{
		{"When a Lead is created, look up the company in Clearbit and fill in the industry and employee count.",
			[]string{"look up the company in Clearbit=flows[0].steps[0]", "fill in the industry and employee count=flows[0].steps[1]"}, ""},
		{"When a case is escalated, post it to #support in Slack and register it with our Entitlements service",
			[]string{"post it to #support in Slack=flows[0].steps[0]"}, "register it with our Entitlements service"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(t, "", "plan", "--json", "--planner", "offline", tt.text)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var got struct {
			Spec      string `json:"spec"`
			Flows     []any  `json:"flows"`
			Coverage  []struct{ Text, Path string }
			Unplanned []string
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("not JSON: %v: %q", err, stdout)
		}
		if got.Spec != "patchbay/v1" || len(got.Flows) == 0 {
			t.Errorf("the spec's own keys are missing: %s", stdout)
		}
		var cov []string
		for _, c := range got.Coverage {
			cov = append(cov, c.Text+"="+c.Path)
		}
		for _, w := range tt.wantCovered {
			if !slices.Contains(cov, w) {
				t.Errorf("coverage %q lacks %q", cov, w)
			}
		}
		if tt.wantUnplanned == "" && len(got.Unplanned) > 0 || tt.wantUnplanned != "" && (len(got.Unplanned) == 0 || !strings.Contains(got.Unplanned[0], tt.wantUnplanned)) {
			t.Errorf("unplanned %q, want one mentioning %q", got.Unplanned, tt.wantUnplanned)
		}
		if tt.wantUnplanned != "" && !strings.Contains(stderr, "not planned") {
			t.Errorf("no warning about the unplanned clause on stderr: %q", stderr)
		}
	}
}

func TestPlanNeverCopiesAPastedSecret(t *testing.T) {
	const secret = "sk_live_51HxYzAbCdEfGhIjKlMnOpQr"
	code, stdout, stderr := runCLI(t, "", "plan", "--json", "--planner", "offline",
		"When a case is escalated, post it to Slack. Our Slack token is "+secret)
	if code != 0 && code != 3 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Errorf("the pasted secret reached the output:\n%s\n%s", stdout, stderr)
	}
}
