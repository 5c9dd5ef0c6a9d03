package specform

import "strings"

// maxMergeCells bounds the line-matching table (lines × lines) that keeps
// the original formatting; past it, the edited text is written as encoded.
const maxMergeCells = 4 << 20

// keepFormatting carries the original text's own formatting into the
// encoded edit. The YAML encoder writes some unchanged lines differently
// from how a person wrote them (quotes around a URL in a {...} map, blank
// lines dropped). orig is the person's text, plain the encoder's text of
// the unedited tree, edited the encoder's text after the edit: lines the
// edit left alone come from orig, with the blank and comment lines around
// them; changed lines come from edited.
func keepFormatting(orig, plain, edited string) string {
	if orig == plain {
		return edited
	}
	t, o, e := lines(orig), lines(plain), lines(edited)
	if len(t)*len(o) > maxMergeCells || len(o)*len(e) > maxMergeCells {
		return edited
	}
	// o line -> t line; t lines that are no o line (blank lines, some
	// comments) go before the o line that follows them.
	toT := make([]int, len(o))
	for i := range toT {
		toT[i] = -1
	}
	toO := make([]int, len(t))
	for i := range toO {
		toO[i] = -1
	}
	ops := diff(t, o)
	ti, oi := 0, 0
	for k := 0; k < len(ops); {
		if ops[k] == '=' {
			toT[oi], toO[ti] = ti, oi
			ti, oi, k = ti+1, oi+1, k+1
			continue
		}
		// A run of changes: pair each encoder line with the author's line
		// that says the same, written differently (quotes).
		var del, add []int
		for ; k < len(ops) && ops[k] != '='; k++ {
			if ops[k] == '-' {
				del = append(del, ti)
				ti++
			} else {
				add = append(add, oi)
				oi++
			}
		}
		next := 0
		for _, a := range add {
			for j := next; j < len(del); j++ {
				if sameLine(t[del[j]], o[a]) {
					toT[a], toO[del[j]] = del[j], a
					next = j + 1
					break
				}
			}
		}
	}
	extras := make([][]string, len(o)+1)
	at := len(o)
	for i := len(t) - 1; i >= 0; i-- {
		if toO[i] >= 0 {
			at = toO[i]
			continue
		}
		extras[at] = append([]string{t[i]}, extras[at]...)
	}
	var out []string
	ops = diff(o, e)
	oi, ei := 0, 0
	for _, op := range ops {
		switch op {
		case '=':
			out = append(out, extras[oi]...)
			if toT[oi] >= 0 {
				out = append(out, t[toT[oi]])
			} else {
				out = append(out, e[ei])
			}
			oi, ei = oi+1, ei+1
		case '-':
			oi++ // with the author's blank lines and comments before it
		case '+':
			out = append(out, e[ei])
			ei++
		}
	}
	out = append(out, extras[len(o)]...)
	s := strings.Join(out, "\n")
	if strings.HasSuffix(edited, "\n") {
		s += "\n"
	}
	return s
}

// sameLine reports whether two lines differ only in quoting and spaces.
func sameLine(a, b string) bool {
	norm := func(s string) string {
		return strings.Join(strings.Fields(strings.NewReplacer("'", "", `"`, "").Replace(s)), " ")
	}
	return norm(a) == norm(b)
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diff is a shortest edit script from a to b by longest common
// subsequence: '=' keep, '-' drop a line of a, '+' add a line of b.
func diff(a, b []string) []byte {
	n, m := len(a), len(b)
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	ops := make([]byte, 0, n+m)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, '=')
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, '-')
	}
	for ; j < m; j++ {
		ops = append(ops, '+')
	}
	return ops
}
