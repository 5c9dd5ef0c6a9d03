package specform

import (
	"fmt"
	"strconv"
	"strings"
)

// seg is one step of a control path: a mapping key, a sequence index, or
// the index of a mapping entry (a row of a mapping table such as a step's
// fields), with New for the blank row at the end of a table.
type seg struct {
	key string
	idx int
	row bool
	new bool
}

// path is where a control's value lives in the document. Its text form,
// used as the control's name, is the spec's own error path syntax
// (flows[0].steps[1].system), with `#n` for row n of a mapping table and
// `.k` / `.v` for that row's key or value: flows[0].steps[1].fields#2.v.
type path struct {
	segs []seg
	// part is "k" or "v" for a row's key or value, else "".
	part string
}

// String writes the path in control-name form.
func (p path) String() string {
	var b strings.Builder
	for i, s := range p.segs {
		switch {
		case s.row && s.new:
			b.WriteString("#new")
		case s.row:
			b.WriteString("#" + strconv.Itoa(s.idx))
		case s.key != "":
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteString("[" + strconv.Itoa(s.idx) + "]")
		}
	}
	if p.part != "" {
		b.WriteString("." + p.part)
	}
	return b.String()
}

// key, index and row extend a path; they copy, so a path can be shared.
func (p path) key(k string) path      { return p.with(seg{key: k}) }
func (p path) index(i int) path       { return p.with(seg{idx: i}) }
func (p path) rowAt(i int) path       { return p.with(seg{idx: i, row: true}) }
func (p path) newRow() path           { return p.with(seg{row: true, new: true}) }
func (p path) withPart(k string) path { q := p; q.part = k; return q }

func (p path) with(s seg) path {
	segs := make([]seg, len(p.segs), len(p.segs)+1)
	copy(segs, p.segs)
	return path{segs: append(segs, s)}
}

// lastKey is the last mapping key of the path ("" for none).
func (p path) lastKey() string {
	for i := len(p.segs) - 1; i >= 0; i-- {
		if p.segs[i].key != "" {
			return p.segs[i].key
		}
	}
	return ""
}

// parsePath reads a control name. Keys are the spec's key names, so they
// are plain identifiers.
func parsePath(s string) (path, error) {
	var p path
	if s == "" {
		return p, fmt.Errorf("empty path")
	}
	if strings.HasSuffix(s, ".k") || strings.HasSuffix(s, ".v") {
		if i := strings.LastIndexByte(s, '#'); i >= 0 && !strings.Contains(s[i:len(s)-2], ".") {
			p.part = s[len(s)-1:]
			s = s[:len(s)-2]
		}
	}
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == '.':
			i++
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return p, fmt.Errorf("bad path %q", s)
			}
			n, err := strconv.Atoi(s[i+1 : i+j])
			if err != nil || n < 0 {
				return p, fmt.Errorf("bad index in %q", s)
			}
			p.segs = append(p.segs, seg{idx: n})
			i += j + 1
		case c == '#':
			j := i + 1
			for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != '#' {
				j++
			}
			if s[i+1:j] == "new" {
				p.segs = append(p.segs, seg{row: true, new: true})
			} else {
				n, err := strconv.Atoi(s[i+1 : j])
				if err != nil || n < 0 {
					return p, fmt.Errorf("bad row in %q", s)
				}
				p.segs = append(p.segs, seg{idx: n, row: true})
			}
			i = j
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != '#' {
				j++
			}
			k := s[i:j]
			for _, r := range k {
				if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
					return p, fmt.Errorf("bad key in %q", s)
				}
			}
			p.segs = append(p.segs, seg{key: k})
			i = j
		}
	}
	if len(p.segs) == 0 || p.part != "" && !p.segs[len(p.segs)-1].row {
		return p, fmt.Errorf("bad path %q", s)
	}
	return p, nil
}
