package web

import (
	"fmt"
	"math/rand/v2"
	"runtime"
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
		ops, ok := lineDiff(c.old, c.new)
		if !ok {
			t.Fatalf("diff of %q -> %q refused", c.old, c.new)
		}
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
	ops, _ := lineDiff(strings.Join(old, "\n"), strings.Join(nw, "\n"))
	hs := hunks(ops, 3)
	if len(hs) != 2 {
		t.Fatalf("got %d hunks, want 2", len(hs))
	}
	if hs[0].OldStart != 1 || hs[1].OldStart != 28 {
		t.Errorf("hunks start at old lines %d and %d, want 1 and 28", hs[0].OldStart, hs[1].OldStart)
	}
	if ops, _ := lineDiff("same", "same"); hunks(ops, 3) != nil {
		t.Error("equal texts gave hunks")
	}
}

// lcsEdits is the edit distance (removed plus added lines) by the textbook
// quadratic dynamic programme, for checking lineDiff on small inputs.
func lcsEdits(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return len(a) + len(b) - 2*prev[len(b)]
}

// TestLineDiffIsShortestOnRandomTexts compares lineDiff with the quadratic
// programme on many small texts over a tiny alphabet, where lines repeat
// and the middle snake search meets in every way it can.
func TestLineDiffIsShortestOnRandomTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() []string {
		l := make([]string, r.IntN(30))
		for i := range l {
			l[i] = string(rune('a' + r.IntN(4)))
		}
		return l
	}
	for i := 0; i < 3000; i++ {
		a, b := gen(), gen()
		ops, ok := lineDiff(strings.Join(a, "\n"), strings.Join(b, "\n"))
		if !ok {
			t.Fatalf("refused %q -> %q", a, b)
		}
		ra, rb := apply(ops)
		if ra != strings.Join(a, "\n") || rb != strings.Join(b, "\n") {
			t.Fatalf("diff of %q -> %q rebuilt %q -> %q", a, b, ra, rb)
		}
		n := 0
		for j, op := range ops {
			if op.Kind != ' ' {
				n++
			}
			if (op.Kind != '+' && op.OldNum == 0) || (op.Kind != '-' && op.NewNum == 0) {
				t.Fatalf("op %d of %q -> %q lacks its line numbers: %+v", j, a, b, op)
			}
		}
		if want := lcsEdits(a, b); n != want {
			t.Fatalf("diff of %q -> %q has %d changes, shortest has %d", a, b, n, want)
		}
	}
}

// numbered returns n lines "prefix i".
func numbered(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %d\n", prefix, i)
	}
	return b.String()
}

// edited returns text with every step-th line changed.
func edited(text string, step int) string {
	lines := splitLines(text)
	for i := 0; i < len(lines); i += step {
		lines[i] += " (edited)"
	}
	return strings.Join(lines, "\n") + "\n"
}

// allocatedBytes is how many bytes f allocates, from the runtime's count.
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLineDiffMemoryIsLinear is the denial of service that was: two
// 4,000-line versions sharing no line made the old diff keep a copy of its
// work array per step (about 1 GB). Now such texts are refused as too
// different for a few hundred kilobytes, and a diff that is computed
// allocates in proportion to its input: ten times the lines, about ten
// times the bytes, never a hundred.
func TestLineDiffMemoryIsLinear(t *testing.T) {
	oldText, newText := numbered("old", 4000), numbered("new", 4000)
	var ok bool
	got := allocatedBytes(func() { _, ok = lineDiff(oldText, newText) })
	if ok {
		t.Error("two unrelated 4,000-line texts were diffed line by line; want too different")
	}
	if limit := uint64(100 * (len(oldText) + len(newText))); got > limit {
		t.Errorf("refusing two 4,000-line texts allocated %d bytes, want under %d", got, limit)
	}
	// Two unrelated 2,000-line texts are within the limits (4,000 changes):
	// the search runs to its full depth, in linear space.
	oldText, newText = numbered("old", 2000), numbered("new", 2000)
	got = allocatedBytes(func() { _, ok = lineDiff(oldText, newText) })
	if !ok {
		t.Error("two unrelated 2,000-line texts were refused")
	}
	if limit := uint64(100 * (len(oldText) + len(newText))); got > limit {
		t.Errorf("diffing two unrelated 2,000-line texts allocated %d bytes, want under %d", got, limit)
	}

	perByte := func(lines int) float64 {
		a := numbered("line", lines)
		b := edited(a, 500)
		var ok bool
		n := allocatedBytes(func() { _, ok = lineDiff(a, b) })
		if !ok {
			t.Fatalf("%d lines with every 500th edited were refused", lines)
		}
		return float64(n) / float64(len(a)+len(b))
	}
	small, large := perByte(5000), perByte(50000)
	if large > 3*small {
		t.Errorf("bytes allocated per input byte grew from %.1f at 5,000 lines to %.1f at 50,000: not linear", small, large)
	}
}

// TestLineDiffRefusesPastItsLimits checks each limit: too many lines, too
// many changed lines, and too much search work for texts that share every
// line but in a different order.
func TestLineDiffRefusesPastItsLimits(t *testing.T) {
	if _, ok := lineDiff(numbered("x", diffMaxLines+1), numbered("x", 10)); ok {
		t.Error("a text over the line limit was diffed")
	}
	if _, ok := lineDiff(numbered("x", 20000), edited(numbered("x", 20000), 1)); ok {
		t.Error("20,000 changed lines were diffed")
	}
	// The same 30,000 lines, the second copy with its halves swapped: the
	// multiset lower bound is zero but the edit distance is 30,000.
	a := splitLines(numbered("x", 30000))
	b := append(append([]string{}, a[15000:]...), a[:15000]...)
	if _, ok := lineDiff(strings.Join(a, "\n"), strings.Join(b, "\n")); ok {
		t.Error("a rotation with 30,000 changes was diffed")
	}
}

// BenchmarkLineDiff150k diffs two 150,000-line texts: one with every
// 1,500th line edited (100 changes, computed), and one pair with nothing in
// common (refused). Run with -benchmem; allocations stay proportional to
// the input.
func BenchmarkLineDiff150k(b *testing.B) {
	base := numbered("line", 150000)
	for _, bc := range []struct {
		name     string
		old, new string
		ok       bool
	}{
		{"100 edits", base, edited(base, 1500), true},
		{"unrelated", base, numbered("other", 150000), false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.old) + len(bc.new)))
			for b.Loop() {
				if _, ok := lineDiff(bc.old, bc.new); ok != bc.ok {
					b.Fatalf("ok = %t, want %t", ok, bc.ok)
				}
			}
		})
	}
}
