package spec

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Parse decodes a spec from YAML or JSON without validating it.
func Parse(data []byte) (*Spec, error) {
	var generic any
	if err := yaml.Unmarshal(data, &generic); err != nil {
		return nil, fmt.Errorf("spec is not valid YAML or JSON: %w", err)
	}
	b, err := json.Marshal(generic)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return &s, nil
}
