package spectest

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// TestRandomSpecsRoundTripThroughFormat checks Load(Format(s)) == s.
func TestRandomSpecsRoundTripThroughFormat(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		s := Seeded(seed)
		out, err := spec.Format(s)
		if err != nil {
			t.Fatalf("seed %d: Format: %v", seed, err)
		}
		s2, err := spec.Load(out)
		if err != nil {
			t.Fatalf("seed %d: formatted spec does not load: %v\n%s", seed, err, out)
		}
		if diff := cmp.Diff(s, s2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("seed %d: round trip differs (-before +after):\n%s\n%s", seed, diff, out)
		}
	}
}

// TestRandomSpecsMatchTheSchema checks that the JSON Schema accepts what
// Validate accepts, as the LLM planner relies on both agreeing.
func TestRandomSpecsMatchTheSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(0); seed < 200; seed++ {
		out, err := spec.Format(Seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := yaml.Unmarshal(out, &v); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Fatalf("seed %d: schema rejects a valid spec: %v\n%s", seed, err, out)
		}
	}
}
