package builder

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugChunks(t *testing.T) {
	text := os.Getenv("PBTEXT")
	if text == "" {
		t.Skip()
	}
	p := newPlan()
	text = p.maskQuotes(normalize(text))
	for _, seg := range splitFlows(text) {
		fmt.Printf("SEG %q\n", seg)
		f := &flowCtx{p: p, seg: seg, low: lowerASCII(seg), ids: map[string]bool{}, lastCall: -1}
		f.clauses = clauseSpans(f.low)
		fmt.Printf("CLAUSES %q\n", f.clauseText())
		for _, c := range chunks(f.actionText()) {
			v, k, _ := startsWithVerb(lowerASCII(c))
			fmt.Printf("CHUNK %q verb=%s kind=%s\n", c, v, k)
		}
	}
}
