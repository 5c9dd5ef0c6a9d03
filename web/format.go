package web

import (
	"fmt"

	"github.com/patchbay/patchbay/spec"
)

// formatSpec prints a spec as the YAML people edit.
func formatSpec(s *spec.Spec) (string, error) {
	b, err := spec.Format(s)
	if err != nil {
		return "", fmt.Errorf("formatting spec: %w", err)
	}
	return string(b), nil
}
