package spec_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// TestSchemaFileMatchesTheGoTypes keeps spec/schema.json equal to Schema();
// run with -update (or -update-schema) to rewrite it.
func TestSchemaFileMatchesTheGoTypes(t *testing.T) {
	got := spec.Schema()
	if flag.Lookup("update").Value.String() == "true" {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatalf("%v (run go test ./spec -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("schema.json differs from spec.Schema(); run go test ./spec -update")
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
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
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

// asJSON turns a YAML document into the JSON value the schema validates.
func asJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSchemaAcceptsEveryValidSpecAndExample checks the schema against
// testdata/valid and the repository's examples. Each file is loaded and
// formatted first: YAML lets `apiVersion: 66.0` stand for the text "66.0",
// which the decoder accepts and the schema (typed as JSON) would not.
func TestSchemaAcceptsEveryValidSpecAndExample(t *testing.T) {
	sch := compileSchema(t)
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	examples, _ := filepath.Glob("../examples/*.yaml")
	if len(examples) == 0 {
		t.Log("no ../examples/*.yaml yet; checking testdata/valid only")
	}
	for _, file := range append(valid, examples...) {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := spec.Load(data)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			norm, err := spec.Format(s)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(asJSON(t, norm)); err != nil {
				t.Errorf("schema rejects %s: %v", file, err)
			}
		})
	}
}

// TestSchemaRejectsWrongShapes makes sure the schema is not vacuous.
func TestSchemaRejectsWrongShapes(t *testing.T) {
	sch := compileSchema(t)
	base, err := os.ReadFile("testdata/valid/spec_md_example_outbound_on_record_change.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
	}{
		{"unknown key", "method: POST", "mehtod: POST"},
		{"unknown step type", "type: call", "type: fetch"},
		{"unknown operator", "op: changedTo", "op: becomes"},
		{"wrong spec version", "spec: patchbay/v1", "spec: patchbay/v2"},
		{"status on a call step", "method: POST", "method: POST\n        status: 200"},
		{"form body with an unknown key", "format: form", "format: form\n          encoding: utf8"},
		{"call without a path", "path: /v1/invoices", ""},
		{"timeout too long", "method: POST", "method: POST\n        timeoutSeconds: 999"},
		{"unknown key on a flow", "    onError:", "    onErrors:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(string(base), tt.old, tt.new, 1)
			if text == string(base) {
				t.Fatalf("%q not found in the base spec", tt.old)
			}
			if err := sch.Validate(asJSON(t, []byte(text))); err == nil {
				t.Errorf("schema accepts a spec with %s", tt.name)
			}
		})
	}
}

// TestSchemaDescribesEveryKeyOfTheGoTypes checks that each struct field of
// the spec types appears in the schema under its json name.
func TestSchemaDescribesEveryKeyOfTheGoTypes(t *testing.T) {
	var doc struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties           map[string]any `json:"properties"`
			AdditionalProperties *bool          `json:"additionalProperties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(spec.Schema(), &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]any{
		"Package": spec.Package{}, "System": spec.System{}, "Auth": spec.Auth{}, "Object": spec.Object{},
		"Event": spec.Event{}, "Field": spec.Field{}, "Flow": spec.Flow{}, "Trigger": spec.Trigger{},
		"Verify": spec.Verify{}, "Param": spec.Param{}, "Condition": spec.Condition{}, "Step": spec.Step{},
		"OnError": spec.OnError{}, "Retry": spec.Retry{},
	}
	check := func(name string, props map[string]any, v any) {
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			key, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if _, ok := props[key]; !ok {
				t.Errorf("schema of %s lacks %q", name, key)
			}
		}
		if len(props) != rt.NumField() {
			t.Errorf("schema of %s has %d keys, the Go type %d", name, len(props), rt.NumField())
		}
	}
	check("Spec", doc.Properties, spec.Spec{})
	for name, v := range types {
		def, ok := doc.Defs[name]
		if !ok {
			t.Errorf("schema has no $defs/%s", name)
			continue
		}
		if def.AdditionalProperties == nil || *def.AdditionalProperties {
			t.Errorf("$defs/%s allows additional properties", name)
		}
		check(name, def.Properties, v)
	}
}
