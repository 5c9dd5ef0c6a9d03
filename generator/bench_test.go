package generator

import (
	"fmt"
	"os"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// manyFlows builds a valid spec with n flows, cycling through the trigger
// types, each with a call and a record step.
func manyFlows(n int) *spec.Spec {
	s := &spec.Spec{
		Spec: spec.Version, Name: "Bench",
		Systems: []spec.System{{Name: "Api", URL: "https://api.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
		Objects: []spec.Object{{Name: "Account", Fields: []spec.Field{{Name: "Remote_Id__c", Type: spec.FieldText, Length: 64}}}},
	}
	for i := 0; i < n; i++ {
		f := spec.Flow{Name: fmt.Sprintf("Flow%04d", i)}
		call := spec.Step{ID: "remote", Type: spec.StepCall, System: "Api", Method: "POST", Path: "/v1/things",
			Body: map[string]any{"format": "json", "fields": map[string]any{"name": "{!record.Name}", "n": i}}}
		save := spec.Step{ID: "save", Type: spec.StepUpdate, Object: "Account", Fields: map[string]any{"Remote_Id__c": "{!remote.id}"}}
		switch i % 3 {
		case 0:
			f.Trigger = spec.Trigger{Type: spec.TriggerRecordChange, Object: "Account", On: []string{"update"},
				When: []spec.Condition{{Field: "Name", Op: spec.OpChanged}}}
			f.Steps = []spec.Step{call, save}
		case 1:
			f.Trigger = spec.Trigger{Type: spec.TriggerChangeEvent, Object: "Account", On: []string{"create"}}
			f.Steps = []spec.Step{call, save}
		case 2:
			f.Trigger = spec.Trigger{Type: spec.TriggerSchedule, Cron: "0 0 2 * * ?"}
			call.Body = nil
			call.Method = "GET"
			f.Steps = []spec.Step{call}
		}
		s.Flows = append(s.Flows, f)
	}
	return s
}

func benchGenerate(b *testing.B, s *spec.Spec) {
	b.Helper()
	if _, err := Generate(s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		bundle, err := Generate(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bundle.MetadataZip(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateOneFlow(b *testing.B) { benchGenerate(b, manyFlows(1)) }

func BenchmarkGenerateTypicalExample(b *testing.B) {
	data, err := os.ReadFile("../examples/stripe-invoice-on-closed-won.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		b.Fatal(err)
	}
	benchGenerate(b, s)
}

func BenchmarkGenerate50Flows(b *testing.B)  { benchGenerate(b, manyFlows(50)) }
func BenchmarkGenerate500Flows(b *testing.B) { benchGenerate(b, manyFlows(500)) }

// TestManyFlowsGenerate keeps the benchmark spec valid and its names unique.
func TestManyFlowsGenerate(t *testing.T) {
	b, err := Generate(manyFlows(500))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files) < 500*4 {
		t.Fatalf("got %d files for 500 flows", len(b.Files))
	}
}
