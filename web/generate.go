package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// generated is what generating a text gave: its bundle, or the refusal of
// a package too large for Salesforce (kept too, so that the editor's
// as-you-type checks do not generate a refused spec again and again).
type generated struct {
	bundle  *generator.Bundle
	refused *generator.LimitError
}

// newBundleCache returns the cache of generated bundles, bounded by their
// bytes (maxBytes, or DefaultBundleCacheBytes when 0).
func newBundleCache(maxBytes int64) *lru[generated] {
	if maxBytes <= 0 {
		maxBytes = DefaultBundleCacheBytes
	}
	return newLRU(maxBytes, func(g generated) int64 {
		var n int64
		if g.bundle != nil {
			for _, f := range g.bundle.Files {
				n += int64(len(f.Path)+len(f.Data)) + 64 // 64: the File and slice header
			}
		}
		return n
	})
}

// generateText validates spec text and generates its bundle. A package
// Salesforce would refuse for its size is a 400 naming the limit.
func (s *Server) generateText(text string) (*generator.Bundle, error) {
	if s.generate == nil {
		return nil, &problem{status: 503, title: "Unavailable", msg: "File generation is not available on this server."}
	}
	if g, ok := s.bundles.get(text); ok {
		if g.refused != nil {
			return nil, tooLarge(g.refused)
		}
		return g.bundle, nil
	}
	sp, err := spec.Load([]byte(text))
	if err != nil {
		return nil, badRequest("This version has problems, so its files cannot be generated. Open it in the editor to see and fix them.")
	}
	b, err := s.generate(sp)
	var limit *generator.LimitError
	if errors.As(err, &limit) {
		s.bundles.put(text, generated{refused: limit})
		return nil, tooLarge(limit)
	}
	if err != nil {
		return nil, fmt.Errorf("generating files: %w", err)
	}
	s.bundles.put(text, generated{bundle: b})
	return b, nil
}

// tooLarge is the answer for a package over Salesforce's deploy limits.
func tooLarge(limit *generator.LimitError) error {
	return &problem{status: http.StatusBadRequest, title: "Too large for Salesforce", msg: "This version cannot be deployed: " + limit.Error() + ".", err: limit}
}

// packageLimit returns why Salesforce would refuse the package of a valid
// spec for its size, or nil (also when the text is not valid or files
// cannot be generated here: other checks report that).
func (s *Server) packageLimit(text string) *generator.LimitError {
	if s.generate == nil {
		return nil
	}
	_, err := s.generateText(text)
	var limit *generator.LimitError
	if errors.As(err, &limit) {
		return limit
	}
	return nil
}
