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

// lineDiff computes a shortest edit script between two texts with Myers'
// O(ND) algorithm and returns every line tagged same, removed or added.
func lineDiff(oldText, newText string) []diffOp {
	a, b := splitLines(oldText), splitLines(newText)
	n, m := len(a), len(b)
	maxD := n + m
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		snapshot := make([]int, len(v))
		copy(snapshot, v)
		trace = append(trace, snapshot)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Walk the trace backwards to recover the script.
	var ops []diffOp
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[offset+k-1] < vd[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			ops = append(ops, diffOp{Kind: ' ', Text: a[x-1], OldNum: x, NewNum: y})
			x--
			y--
		}
		if d == 0 {
			break
		}
		if x == prevX {
			ops = append(ops, diffOp{Kind: '+', Text: b[y-1], NewNum: y})
		} else {
			ops = append(ops, diffOp{Kind: '-', Text: a[x-1], OldNum: x})
		}
		x, y = prevX, prevY
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
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
