package builder

import (
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

func (f *flowCtx) addInput(name, typ string) {
	for _, in := range f.trig.Inputs {
		if strings.EqualFold(in.Name, name) {
			return
		}
	}
	f.trig.Inputs = append(f.trig.Inputs, spec.Param{Name: name, Type: typ, Required: true})
}

func (f *flowCtx) addOutput(name, typ string) {
	for _, o := range f.trig.Outputs {
		if strings.EqualFold(o.Name, name) {
			return
		}
	}
	f.trig.Outputs = append(f.trig.Outputs, spec.Param{Name: name, Type: typ})
}

// Patterns used by paramFromPhrase.
var (
	toTheCallerRe  = regexp.MustCompile(`\b(to|back to|from|in|into|for|as)\s+(the\s+)?(flow|caller|screen|user)\b.*$`)
	numericParamRe = regexp.MustCompile(`^(amount|limit|total|price|count|quantity|score|balance|rate|percent|percentage|cost|value|revenue)$`)
)

// paramFromPhrase turns "a Quote Id" or "an account's tax number" into a
// param name and type.
func paramFromPhrase(phrase string) (string, string) {
	if m := apiParamRe.FindStringSubmatch(phrase); m != nil {
		if strings.HasSuffix(m[1], "Id") {
			return m[1], "Id"
		}
		return m[1], "Text"
	}
	lp := lowerASCII(phrase)
	lp = toTheCallerRe.ReplaceAllString(lp, "")
	var ws []string
	for _, w := range strings.Fields(lp) {
		w = strings.Trim(w, ".,;:!?()")
		w = strings.TrimSuffix(w, "'s")
		if nounSkip[w] && w != "customer" && w != "owner" || w == "given" || w == "an" || w == "as" || w == "input" || w == "output" || w == "parameter" || w == "its" {
			continue
		}
		if nounStop.MatchString(w) && len(ws) > 0 {
			break
		}
		if nounStop.MatchString(w) {
			continue
		}
		ws = append(ws, w)
		if len(ws) == 4 {
			break
		}
	}
	if len(ws) == 0 {
		return "", ""
	}
	name := camel(strings.Join(ws, " "))
	last := ws[len(ws)-1]
	typ := "Text"
	switch {
	case last == "id" || last == "ids":
		typ = "Id"
		if len(ws) == 1 {
			name = "RecordId"
		}
	case numericParamRe.MatchString(last):
		typ = "Number"
	case last == "date" || last == "day":
		typ = "Date"
	case last == "email":
		typ = "Email"
	default:
		if o, _, _ := objectAt(strings.Join(ws, " "), 0); o != "" && len(ws) == 1 {
			name, typ = strings.TrimSuffix(o, "__c")+"Id", "Id"
		}
	}
	name = apiName(name, 35)
	if name == "" {
		return "", ""
	}
	if spec.IsReservedWord(name) || spec.CheckAPIName(name, spec.MaxNameLength) != nil {
		name += "Value"
	}
	if spec.CheckAPIName(name, spec.MaxNameLength) != nil {
		return "", ""
	}
	return name, typ
}

// Patterns used by inputParam.
var (
	// the inputs of an action, listed: "the Order id and amount", "the
	// Order id + amount", "the SKU & quantity", "the email plus the zip"
	paramListSepRe = regexp.MustCompile(`(?i)\s+and\s+|,\s*|\s*\+\s*|\s+&\s+|\s+plus\s+`)
)

var apiParamRe = regexp.MustCompile(`^\s*(?:an?\s+|the\s+)?([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\s*$`)

// inputParam reads "takes a Quote Id".
func (f *flowCtx) inputParam(rest string) {
	if f.trig.Type != spec.TriggerInvocable {
		return
	}
	for _, part := range paramListSepRe.Split(rest, -1) {
		if name, typ := paramFromPhrase(part); name != "" {
			f.addInput(name, typ)
		}
	}
}
