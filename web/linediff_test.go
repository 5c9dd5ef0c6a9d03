package web

import (
	"fmt"
	"strings"
	"testing"
)

// apply rebuilds both sides from a diff, which must give back the inputs.
func apply(ops []diffOp) (string, string) {
	var a, b []string
	for _, op := range ops {
		if op.Kind != '+' {
			a = append(a, op.Text)
		}
		if op.Kind != '-' {
			b = append(b, op.Text)
		}
	}
	return strings.Join(a, "\n"), strings.Join(b, "\n")
}

func TestLineDiffReproducesBothSidesAndIsMinimal(t *testing.T) {
	cases := []struct {
		old, new string
		changes  int
	}{
		{"", "", 0},
		{"a\nb\nc", "a\nb\nc", 0},
		{"a\nb\nc", "a\nx\nc", 2},
		{"", "a\nb", 2},
		{"a\nb", "", 2},
		{"a\nb\nc\nd\ne", "b\nc\nd\ne\nf", 2},
		{"name: A\nflows:\n  - x\n", "name: B\nflows:\n  - x\n  - y\n", 3},
	}
	for _, c := range cases {
		ops := lineDiff(c.old, c.new)
		a, b := apply(ops)
		if a != strings.TrimSuffix(c.old, "\n") || b != strings.TrimSuffix(c.new, "\n") {
			t.Errorf("diff of %q -> %q rebuilt %q -> %q", c.old, c.new, a, b)
		}
		n := 0
		for _, op := range ops {
			if op.Kind != ' ' {
				n++
			}
		}
		if n != c.changes {
			t.Errorf("diff of %q -> %q has %d changed lines, want %d", c.old, c.new, n, c.changes)
		}
	}
}

func TestHunksKeepContextAndSplitDistantChanges(t *testing.T) {
	var old, nw []string
	for i := 0; i < 40; i++ {
		old = append(old, fmt.Sprintf("line %d", i+1))
		nw = append(nw, fmt.Sprintf("line %d", i+1))
	}
	nw[2], nw[30] = "changed early", "changed late"
	hs := hunks(lineDiff(strings.Join(old, "\n"), strings.Join(nw, "\n")), 3)
	if len(hs) != 2 {
		t.Fatalf("got %d hunks, want 2", len(hs))
	}
	if hs[0].OldStart != 1 || hs[1].OldStart != 28 {
		t.Errorf("hunks start at old lines %d and %d, want 1 and 28", hs[0].OldStart, hs[1].OldStart)
	}
	if hunks(lineDiff("same", "same"), 3) != nil {
		t.Error("equal texts gave hunks")
	}
}
