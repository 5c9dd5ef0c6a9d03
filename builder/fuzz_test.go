package builder

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// FuzzPlanOffline checks that no request makes the offline planner fail:
// every answer is a valid spec, a question or a refusal.
func FuzzPlanOffline(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "corpus.json"))
	if err != nil {
		f.Fatal(err)
	}
	var cases []struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		f.Add(c.Text)
	}
	f.Add("when 'a' is \"b\", every 99 hours at 25:61 post GET /{x}?y to q_9_q's __c")
	f.Fuzz(func(t *testing.T, text string) {
		res, err := NewOffline().Plan(context.Background(), text)
		if err != nil {
			t.Fatalf("Plan(%q): %v", text, err)
		}
		if res.Spec == nil && res.Question == "" && res.Refusal == "" {
			t.Fatalf("Plan(%q) gave no spec, question or refusal", text)
		}
		if res.Spec != nil {
			if err := spec.Validate(res.Spec); err != nil {
				t.Fatalf("Plan(%q) gave an invalid spec: %v", text, err)
			}
		}
	})
}
