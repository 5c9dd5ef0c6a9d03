package web

import (
	"fmt"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// generateText validates spec text and generates its bundle.
func (s *Server) generateText(text string) (*generator.Bundle, error) {
	if s.generate == nil {
		return nil, &problem{status: 503, title: "Unavailable", msg: "File generation is not available on this server."}
	}
	if b, ok := s.bundles.get(text); ok {
		return b, nil
	}
	sp, err := spec.Load([]byte(text))
	if err != nil {
		return nil, badRequest("This version has problems, so its files cannot be generated. Open it in the editor to see and fix them.")
	}
	b, err := s.generate(sp)
	if err != nil {
		return nil, fmt.Errorf("generating files: %w", err)
	}
	s.bundles.put(text, b)
	return b, nil
}
