package builder

import (
	"fmt"
	"os"
	"testing"

	"github.com/patchbay/patchbay/spec"
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

func TestDebugPlan(t *testing.T) {
	text := os.Getenv("PBTEXT")
	if text == "" {
		t.Skip()
	}
	p := newPlan()
	res := p.run(text)
	if res.Spec != nil {
		for _, f := range res.Spec.Flows {
			fmt.Printf("FLOW %+v\n", f.Trigger)
			for _, s := range f.Steps {
				fmt.Printf("  STEP %+v\n", s)
			}
		}
		fmt.Println(spec.Validate(res.Spec))
	}
	fmt.Printf("Q %q R %q\nA %q\n", res.Question, res.Refusal, res.Assumptions)
}

func TestDebugConds(t *testing.T) {
	text := os.Getenv("PBCLAUSE")
	if text == "" {
		t.Skip()
	}
	p := newPlan()
	c := &condParser{p: p, orig: text, low: lowerASCII(text), object: os.Getenv("PBOBJ")}
	c.inLists()
	fmt.Printf("after inLists %+v\n", c.conds)
	c.fields(false)
	fmt.Printf("after fields %+v\n", c.conds)
	cond, end, ok := c.comparison("Country", 35)
	fmt.Println(cond, end, ok)
}
