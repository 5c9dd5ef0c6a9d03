package web

import "strings"

// diffOp is one line of a line diff.
type diffOp struct {
	Kind   byte // ' ' same, '-' removed, '+' added
	Text   string
	OldNum int // 1-based line in the old text, 0 for added lines
	NewNum int // 1-based line in the new text, 0 for removed lines
}

// diffHunk is a run of changes with a few lines of context around them.
type diffHunk struct {
	OldStart, NewStart int
	Ops                []diffOp
}

// splitLines splits text into lines without their line endings.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// Limits on the line diff. Myers' algorithm takes time proportional to the
// lines times the edit distance, so a viewer who saved two large, unrelated
// versions could otherwise keep a core busy; past any of these the page
// says the texts are too different to compare line by line and shows both.
const (
	diffMaxLines = 200_000    // lines on either side
	diffMaxEdits = 5_000      // changed lines (the edit distance)
	diffMaxWork  = 50_000_000 // diagonal steps of the search, about 0.1 s
)

// lineDiff computes a shortest edit script between two texts and returns
// every line tagged same, removed or added. It uses Myers' O(ND) algorithm
// in its linear-space form (the middle snake, divide and conquer), so
// memory grows with the number of lines, never with lines times edits. ok
// is false, and ops nil, when the texts are past the diff limits.
func lineDiff(oldText, newText string) (ops []diffOp, ok bool) {
	a, b := splitLines(oldText), splitLines(newText)
	if len(a) > diffMaxLines || len(b) > diffMaxLines {
		return nil, false
	}
	d := newDiffer(a, b)
	if d.lowerBound() > diffMaxEdits {
		return nil, false
	}
	d.ops = make([]diffOp, 0, max(len(a), len(b)))
	if !d.compare(0, len(a), 0, len(b)) || d.edits > diffMaxEdits {
		return nil, false
	}
	return d.ops, true
}

// differ holds one diff's state: the lines as small integers (equal lines,
// equal numbers), the two furthest-reaching arrays reused by every middle
// snake search, the work done so far and the script being built.
type differ struct {
	a, b   []string
	ia, ib []int32
	vf, vb []int
	work   int
	edits  int
	ops    []diffOp
}

func newDiffer(a, b []string) *differ {
	d := &differ{a: a, b: b, ia: make([]int32, len(a)), ib: make([]int32, len(b))}
	ids := make(map[string]int32, len(a))
	for i, l := range a {
		id, ok := ids[l]
		if !ok {
			id = int32(len(ids))
			ids[l] = id
		}
		d.ia[i] = id
	}
	for i, l := range b {
		id, ok := ids[l]
		if !ok {
			id = int32(len(ids))
			ids[l] = id
		}
		d.ib[i] = id
	}
	n := len(a) + len(b) + 2
	d.vf, d.vb = make([]int, 2*n+1), make([]int, 2*n+1)
	return d
}

// lowerBound is an edit distance no script can beat: every copy of a line
// that one side has more of than the other must be removed or added. Two
// unrelated texts are refused by it before any search.
func (d *differ) lowerBound() int {
	count := make([]int, len(d.ia)+len(d.ib))
	for _, id := range d.ia {
		count[id]++
	}
	for _, id := range d.ib {
		count[id]--
	}
	n := 0
	for _, c := range count {
		n += max(c, -c)
	}
	return n
}

// compare appends the script turning a[a0:a1] into b[b0:b1]; it reports
// false when the work or edit budget ran out.
func (d *differ) compare(a0, a1, b0, b1 int) bool {
	for a0 < a1 && b0 < b1 && d.ia[a0] == d.ib[b0] {
		d.same(a0, b0)
		a0, b0 = a0+1, b0+1
	}
	// The common suffix is appended after the middle part.
	end := a1
	for a1 > a0 && b1 > b0 && d.ia[a1-1] == d.ib[b1-1] {
		a1, b1 = a1-1, b1-1
	}
	switch {
	case a0 == a1:
		for y := b0; y < b1; y++ {
			d.ops = append(d.ops, diffOp{Kind: '+', Text: d.b[y], NewNum: y + 1})
		}
		d.edits += b1 - b0
	case b0 == b1:
		for x := a0; x < a1; x++ {
			d.ops = append(d.ops, diffOp{Kind: '-', Text: d.a[x], OldNum: x + 1})
		}
		d.edits += a1 - a0
	default:
		x, y, u, v, ok := d.middleSnake(a0, a1, b0, b1)
		if !ok || !d.compare(a0, x, b0, y) {
			return false
		}
		for i := 0; i < u-x; i++ {
			d.same(x+i, y+i)
		}
		if !d.compare(u, a1, v, b1) {
			return false
		}
	}
	if d.edits > diffMaxEdits {
		return false
	}
	for i := 0; i < end-a1; i++ {
		d.same(a1+i, b1+i)
	}
	return true
}

func (d *differ) same(x, y int) {
	d.ops = append(d.ops, diffOp{Kind: ' ', Text: d.a[x], OldNum: x + 1, NewNum: y + 1})
}

// middleSnake finds the middle snake of a shortest edit script from
// a[a0:a1] to b[b0:b1] (Myers 1986, section 4b): it runs the search
// forwards from the start and backwards from the end until the two meet,
// and returns where the snake starts (x, y) and ends (u, v). Both ranges
// are non-empty and differ in their first and last lines, so the snake
// splits the problem into two with smaller edit distances.
func (d *differ) middleSnake(a0, a1, b0, b1 int) (x, y, u, v int, ok bool) {
	n, m := a1-a0, b1-b0
	delta := n - m
	odd := delta&1 != 0
	off := n + m + 1
	vf, vb := d.vf, d.vb
	vf[off+1], vb[off+1] = 0, 0
	for D := 0; D <= (n+m+1)/2; D++ {
		d.work += 2*D + 2
		if d.work > diffMaxWork {
			return 0, 0, 0, 0, false
		}
		// Forward: furthest x on diagonal k = x - y after D edits.
		for k := -D; k <= D; k += 2 {
			var px int
			if k == -D || (k != D && vf[off+k-1] < vf[off+k+1]) {
				px = vf[off+k+1]
			} else {
				px = vf[off+k-1] + 1
			}
			py := px - k
			sx := px
			for px < n && py < m && d.ia[a0+px] == d.ib[b0+py] {
				px++
				py++
			}
			d.work += px - sx
			vf[off+k] = px
			// Reversed, this diagonal is delta-k; the backward search has
			// done D-1 edits there.
			if c := delta - k; odd && c >= -(D-1) && c <= D-1 && px+vb[off+c] >= n {
				return a0 + sx, b0 + sx - k, a0 + px, b0 + py, true
			}
		}
		// Backward: the same search over both texts reversed.
		for k := -D; k <= D; k += 2 {
			var px int
			if k == -D || (k != D && vb[off+k-1] < vb[off+k+1]) {
				px = vb[off+k+1]
			} else {
				px = vb[off+k-1] + 1
			}
			py := px - k
			sx := px
			for px < n && py < m && d.ia[a1-1-px] == d.ib[b1-1-py] {
				px++
				py++
			}
			d.work += px - sx
			vb[off+k] = px
			if c := delta - k; !odd && c >= -D && c <= D && px+vf[off+c] >= n {
				return a1 - px, b1 - py, a1 - sx, b1 - (sx - k), true
			}
		}
	}
	// Unreachable: the searches meet by D = ceil((n+m)/2).
	return 0, 0, 0, 0, false
}

// hunks groups a diff into runs of changes with context lines around each;
// it returns nil when the texts are equal.
func hunks(ops []diffOp, context int) []diffHunk {
	var out []diffHunk
	i := 0
	for i < len(ops) {
		if ops[i].Kind == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		// Extend while changes are within 2*context of each other.
		for end < len(ops) {
			if ops[end].Kind != ' ' {
				end++
				continue
			}
			j := end
			for j < len(ops) && ops[j].Kind == ' ' {
				j++
			}
			if j < len(ops) && j-end <= 2*context {
				end = j
				continue
			}
			end = min(end+context, len(ops))
			break
		}
		h := diffHunk{Ops: ops[start:end]}
		h.OldStart, h.NewStart = firstNums(h.Ops)
		out = append(out, h)
		i = end
	}
	return out
}

func firstNums(ops []diffOp) (int, int) {
	o, n := 0, 0
	for _, op := range ops {
		if o == 0 && op.OldNum > 0 {
			o = op.OldNum
		}
		if n == 0 && op.NewNum > 0 {
			n = op.NewNum
		}
	}
	return o, n
}
