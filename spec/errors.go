package spec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Error is one problem in a spec: where it is (a path such as
// flows[0].steps[1].system, and the line when the spec was decoded from text)
// and what is wrong.
type Error struct {
	Path string
	Line int
	Msg  string
}

// Error formats the problem as `line 12: path: message`, leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in a spec. Parse, Validate and Load return it
// as their error so that callers can show each problem beside its field.
type Errors []*Error

// Error prints one problem per line, sorted by line, then path.
func (es Errors) Error() string {
	sorted := append(Errors(nil), es...)
	sorted.sort()
	lines := make([]string, len(sorted))
	for i, e := range sorted {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sort orders the problems by line, then path, keeping the order in which
// problems at the same place were found.
func (es Errors) sort() {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Path < es[j].Path
	})
}

// err returns es as an error, or nil when it holds no problem, so that a nil
// Errors never hides inside a non-nil error interface.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	es.sort()
	return es
}

// add records a problem at path.
func (es *Errors) add(path, format string, args ...any) {
	*es = append(*es, &Error{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// addLine records a problem at path on a known line.
func (es *Errors) addLine(path string, line int, format string, args ...any) {
	*es = append(*es, &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// joinKey appends a map key or struct key to a path: `fields.Amount__c`, or
// `fields["odd key"]` when the key is not a plain name.
func joinKey(path, key string) string {
	plain := key != ""
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(isIdentPart(c) || c == '-') {
			plain = false
			break
		}
	}
	if !plain {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// joinIndex appends a list index to a path: `steps[2]`.
func joinIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
