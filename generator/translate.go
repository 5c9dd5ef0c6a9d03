package generator

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// translator turns spec values and expressions into Apex expressions of
// static type Object (or a more specific type that converts to Object). It is
// the one place expressions become Apex: literal text goes through
// ApexString, names through ApexString as map keys, so no spec value can end
// a string literal or add a statement.
type translator struct {
	runtime string // the runtime helper class
	ctx     string // the Apex variable holding the context map
	// recordFields collects record.* paths (without "record.") for the SOQL query.
	recordFields map[string]bool
	// recordIDs collects literal record ids; they are read from the
	// Org_Record_Id__mdt setting instead of being hard-coded (nil: keep them).
	recordIDs map[string]bool
}

// idShape is what a Salesforce record id looks like (the shape Code
// Analyzer's AvoidHardcodingId rule looks for).
var idShape = regexp.MustCompile(`^[a-zA-Z0-9]{5}0[a-zA-Z0-9]{9}([a-zA-Z0-9]{3})?$`)

// recordIDSetting is the Org_Record_Id__mdt record holding a literal id.
func recordIDSetting(id string) string { return "Id_" + id }

// lit returns literal text as Apex. Record ids in a spec are org-specific:
// they become settings an admin can change per org, not hard-coded ids.
func (t *translator) lit(s string) string {
	if t.recordIDs != nil && idShape.MatchString(s) {
		t.recordIDs[s] = true
		return t.runtime + ".orgRecordId(" + ApexString(recordIDSetting(s)) + ")"
	}
	return ApexString(s)
}

// value translates a spec value: a literal, a template string, a map or a list.
func (t *translator) value(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(x), nil
	case string:
		return t.template(x)
	case int:
		return t.number(strconv.Itoa(x)), nil
	case int64:
		return t.number(strconv.FormatInt(x, 10)), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "", fmt.Errorf("%v is not a number Apex can hold", x)
		}
		return t.number(strconv.FormatFloat(x, 'f', -1, 64)), nil
	case map[string]any:
		return t.mapLit(x)
	case []any:
		items := make([]string, len(x))
		for i, e := range x {
			s, err := t.value(e)
			if err != nil {
				return "", fmt.Errorf("[%d]: %w", i, err)
			}
			items[i] = s
		}
		if len(items) == 0 {
			return "new List<Object>()", nil
		}
		return "new List<Object>{ " + strings.Join(items, ", ") + " }", nil
	}
	return "", fmt.Errorf("unsupported value of type %T", v)
}

// mapLit translates a map with sorted keys.
func (t *translator) mapLit(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "new Map<String, Object>()", nil
	}
	keys := slices.Sorted(maps.Keys(m))
	items := make([]string, len(keys))
	for i, k := range keys {
		s, err := t.value(m[k])
		if err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
		items[i] = ApexString(k) + " => " + s
	}
	return "new Map<String, Object>{ " + strings.Join(items, ", ") + " }", nil
}

// number prints a number literal: small integers as Apex Integer literals,
// everything else through Decimal.valueOf so no value overflows.
func (t *translator) number(lit string) string {
	digits := strings.TrimPrefix(lit, "-")
	if len(digits) <= 9 && !strings.ContainsAny(digits, ".eE") {
		if n, err := strconv.Atoi(lit); err == nil {
			return strconv.Itoa(n)
		}
	}
	return "Decimal.valueOf(" + ApexString(lit) + ")"
}

// template translates text with merge fields. Text that is exactly one merge
// field keeps the expression's type; other text becomes a concatenation.
func (t *translator) template(text string) (string, error) {
	tpl, err := spec.ParseTemplate(text)
	if err != nil {
		return "", err
	}
	if e, ok := tpl.Single(); ok {
		return t.expr(e)
	}
	if !tpl.HasExpr() {
		return t.lit(text), nil
	}
	parts := make([]string, 0, len(tpl.Parts))
	for _, p := range tpl.Parts {
		if p.Expr == nil {
			parts = append(parts, t.lit(p.Text))
			continue
		}
		s, err := t.expr(p.Expr)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return t.runtime + ".concat(new List<Object>{ " + strings.Join(parts, ", ") + " })", nil
}

// pathTemplate translates a call path: literal text as is, merge fields URL-encoded.
func (t *translator) pathTemplate(text string) (string, error) {
	tpl, err := spec.ParseTemplate(text)
	if err != nil {
		return "", err
	}
	if !tpl.HasExpr() {
		return ApexString(text), nil
	}
	parts := make([]string, 0, len(tpl.Parts))
	for _, p := range tpl.Parts {
		if p.Expr == nil {
			parts = append(parts, ApexString(p.Text))
			continue
		}
		s, err := t.expr(p.Expr)
		if err != nil {
			return "", err
		}
		parts = append(parts, t.runtime+".urlEncode("+s+")")
	}
	return strings.Join(parts, " + "), nil
}

// funcs maps spec functions to runtime helpers taking their arguments in order.
var funcs = map[string]string{
	"upper": "upper", "lower": "lower", "trim": "trim", "cents": "cents",
	"round": "round", "toNumber": "num", "toText": "text", "addDays": "addDays",
}

// expr translates one parsed expression.
func (t *translator) expr(e spec.Expr) (string, error) {
	switch x := e.(type) {
	case *spec.StringLit:
		return t.lit(x.Value), nil
	case *spec.NumberLit:
		return t.number(x.Value), nil
	case *spec.BoolLit:
		return strconv.FormatBool(x.Value), nil
	case *spec.NullLit:
		return "null", nil
	case *spec.Path:
		if x.Root() == "record" && len(x.Segments) > 1 && t.recordFields != nil {
			t.recordFields[strings.Join(x.Segments[1:], ".")] = true
		}
		segs := make([]string, len(x.Segments))
		for i, s := range x.Segments {
			segs[i] = ApexString(s)
		}
		return t.runtime + ".path(" + t.ctx + ", new List<String>{ " + strings.Join(segs, ", ") + " })", nil
	case *spec.Call:
		args := make([]string, len(x.Args))
		for i, a := range x.Args {
			s, err := t.expr(a)
			if err != nil {
				return "", err
			}
			args[i] = s
		}
		fn, ok := spec.Funcs[x.Func]
		if !ok {
			return "", fmt.Errorf("unknown function %s", x.Func)
		}
		if len(args) < fn.MinArgs || (fn.MaxArgs >= 0 && len(args) > fn.MaxArgs) {
			return "", fmt.Errorf("%s takes %d to %d arguments, got %d", x.Func, fn.MinArgs, fn.MaxArgs, len(args))
		}
		switch x.Func {
		case "now":
			return "Datetime.now()", nil
		case "today":
			return "Date.today()", nil
		case "concat", "coalesce":
			return t.runtime + "." + x.Func + "(new List<Object>{ " + strings.Join(args, ", ") + " })", nil
		case "formatDate":
			return t.runtime + ".formatDate(" + args[0] + ", " + t.runtime + ".text(" + args[1] + "))", nil
		case "round":
			if len(args) == 1 {
				args = append(args, "0")
			}
		}
		return t.runtime + "." + funcs[x.Func] + "(" + strings.Join(args, ", ") + ")", nil
	}
	return "", fmt.Errorf("unsupported expression %T", e)
}
