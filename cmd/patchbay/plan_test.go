package main

import (
	"encoding/json"
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
			s, err := spec.Load([]byte(stdout))
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
			if q, _ := got["clarify"].(string); strings.TrimSpace(q) == "" {
				t.Errorf("no clarify text: %v", got)
			}
			if refuse, _ := got["refuse"].(bool); refuse != tt.wantRefuse {
				t.Errorf("refuse = %v, want %v (%v)", refuse, tt.wantRefuse, got)
			}
		})
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
