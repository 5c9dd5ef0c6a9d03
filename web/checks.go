package web

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/web/view"
)

// checkSpec parses and validates spec text and returns what the editor's
// checks panel shows. The spec is kept (for the summary and diagram)
// whenever the text can be read, even if it breaks validation rules.
func checkSpec(text string) view.Checks {
	if strings.TrimSpace(text) == "" {
		return view.Checks{Problems: []view.Problem{{Line: 1, Msg: "The spec is empty. Start with spec: patchbay/v1, a name and one flow."}}}
	}
	s, err := spec.Load([]byte(text))
	if err == nil {
		return view.Checks{Spec: s, Diagram: layoutDiagramTall(s), Valid: true, Unplanned: builder.UnplannedIn(text)}
	}
	ch := view.Checks{Problems: problems(err)}
	if parsed, perr := spec.Parse([]byte(text)); perr == nil {
		ch.Spec, ch.Diagram = parsed, layoutDiagramTall(parsed)
	}
	return ch
}

// checks is checkSpec, and for a valid spec also what only its files show:
// that Salesforce's deploy limits hold.
func (s *Server) checks(text string) view.Checks {
	ch := checkSpec(text)
	if ch.Valid {
		if limit := s.packageLimit(text); limit != nil {
			ch.Valid = false
			ch.Problems = append(ch.Problems, view.Problem{Msg: "Too large for Salesforce: " + limit.Error() + "."})
		}
	}
	return ch
}

// problems turns a spec error into the editor's problem list.
func problems(err error) []view.Problem {
	var es spec.Errors
	if !errors.As(err, &es) {
		return []view.Problem{{Msg: err.Error()}}
	}
	out := make([]view.Problem, 0, len(es))
	for _, e := range es {
		p := view.Problem{Path: e.Path, Line: e.Line, Msg: e.Msg}
		if p.Line == 0 {
			// YAML syntax errors carry their line in the message only.
			if m := yamlLine.FindStringSubmatch(e.Msg); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
			}
		}
		out = append(out, p)
	}
	return out
}

// yamlLine finds "line N:" in a YAML parser's message.
var yamlLine = regexp.MustCompile(`\bline (\d+)\b`)

// lineCount is the number of lines the editor's gutter shows.
func lineCount(text string) int {
	return strings.Count(text, "\n") + 1
}
