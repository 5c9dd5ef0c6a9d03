package web

import (
	"bytes"
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// formatSpec prints a spec as the YAML people edit, keys in the order of
// the spec's types.
func formatSpec(s *spec.Spec) (string, error) {
	j, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("formatting spec: %w", err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(j, &n); err != nil {
		return "", fmt.Errorf("formatting spec: %w", err)
	}
	blockStyle(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return "", fmt.Errorf("formatting spec: %w", err)
	}
	return buf.String(), nil
}

// blockStyle turns JSON's flow style into YAML's block style and drops
// needless quotes.
func blockStyle(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = 0
	}
	if n.Kind == yaml.ScalarNode && n.Style == yaml.DoubleQuotedStyle {
		n.Style = 0
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}
