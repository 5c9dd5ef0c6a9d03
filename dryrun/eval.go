package dryrun

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/spec"
)

// Each function below is the Go twin of a method of the generated runtime
// class (templates/apex/runtime.cls.tmpl): the same conversions, nulls and
// rounding. A change to one is a change to both; TestFunctions pins the
// values the Apex tests expect.

// path returns the value at the dotted path below root: maps, lists (by
// index) and records (fields matched ignoring case), as runtime.path.
func path(root any, segments []string) any {
	cur := root
	for _, seg := range segments {
		if cur == nil {
			return nil
		}
		switch x := cur.(type) {
		case map[string]any:
			cur = x[seg]
		case Record:
			cur = x.Get(seg)
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	return cur
}

// toList is runtime.toList: a list as is, null as empty, anything else as
// a list of one.
func toList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

func textOrNil(v any) any {
	if s, ok := Text(v); ok {
		return s
	}
	return nil
}

func numOrNil(v any) any {
	if d, ok := Num(v); ok {
		return d
	}
	return nil
}

// call evaluates one function on evaluated arguments.
func (r *run) call(name string, args []any) (any, error) {
	arg := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	switch name {
	case "upper", "lower", "trim":
		s, ok := Text(arg(0))
		if !ok {
			return nil, nil
		}
		switch name {
		case "upper":
			return strings.ToUpper(s), nil
		case "lower":
			return strings.ToLower(s), nil
		}
		return javaTrim(s), nil
	case "concat":
		var b strings.Builder
		for _, a := range args {
			s, _ := Text(a)
			b.WriteString(s)
		}
		return b.String(), nil
	case "coalesce":
		for _, a := range args {
			if a != nil {
				return a, nil
			}
		}
		return nil, nil
	case "cents":
		d, ok := Num(arg(0))
		if !ok {
			return nil, nil
		}
		return d.Mul(IntDecimal(100)).SetScale(0), nil
	case "round":
		d, ok := Num(arg(0))
		if !ok {
			return nil, nil
		}
		places := 0
		if p, ok := Num(arg(1)); ok {
			places = p.Int()
		}
		if places < 0 || places > 32 {
			return nil, fmt.Errorf("round: %d decimal places is out of range", places)
		}
		return d.SetScale(places), nil
	case "toNumber":
		return numOrNil(arg(0)), nil
	case "toText":
		return textOrNil(arg(0)), nil
	case "formatDate":
		dt, ok := ToDatetime(arg(0))
		if !ok {
			return nil, nil
		}
		pattern, _ := Text(arg(1))
		return FormatJava(dt.Time, pattern)
	case "now":
		return Datetime{r.now.UTC()}, nil
	case "today":
		t := r.now.UTC()
		return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}, nil
	case "addDays":
		days := 0
		if n, ok := Num(arg(1)); ok {
			days = n.Int()
		}
		if d, ok := arg(0).(Date); ok {
			return Date{d.AddDate(0, 0, days)}, nil
		}
		dt, ok := ToDatetime(arg(0))
		if !ok {
			return nil, nil
		}
		return Datetime{dt.AddDate(0, 0, days)}, nil
	}
	return nil, fmt.Errorf("unknown function %s", name)
}

// expr evaluates one parsed expression against the context.
func (r *run) expr(e spec.Expr, ctx map[string]any) (any, error) {
	switch x := e.(type) {
	case *spec.StringLit:
		return x.Value, nil
	case *spec.NumberLit:
		d, ok := ParseDecimal(x.Value)
		if !ok {
			return nil, fmt.Errorf("%s is not a number", x.Value)
		}
		return d, nil
	case *spec.BoolLit:
		return x.Value, nil
	case *spec.NullLit:
		return nil, nil
	case *spec.Path:
		return path(ctx, x.Segments), nil
	case *spec.Call:
		args := make([]any, len(x.Args))
		for i, a := range x.Args {
			v, err := r.expr(a, ctx)
			if err != nil {
				return nil, err
			}
			args[i] = v
		}
		return r.call(x.Func, args)
	}
	return nil, fmt.Errorf("unsupported expression %T", e)
}

// value evaluates a spec value: a literal, text with merge fields (one
// merge field keeps its type; text around merge fields makes text, nulls
// counting as empty), a map or a list.
func (r *run) value(v any, ctx map[string]any) (any, error) {
	switch x := v.(type) {
	case nil, bool:
		return x, nil
	case int:
		return IntDecimal(int64(x)), nil
	case int64:
		return IntDecimal(x), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, fmt.Errorf("%v is not a number", x)
		}
		d, _ := ParseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
		return d, nil
	case string:
		tpl, err := spec.ParseTemplate(x)
		if err != nil {
			return nil, err
		}
		if e, ok := tpl.Single(); ok {
			return r.expr(e, ctx)
		}
		if !tpl.HasExpr() {
			return x, nil
		}
		var b strings.Builder
		for _, p := range tpl.Parts {
			if p.Expr == nil {
				b.WriteString(p.Text)
				continue
			}
			v, err := r.expr(p.Expr, ctx)
			if err != nil {
				return nil, err
			}
			s, _ := Text(v)
			b.WriteString(s)
		}
		return b.String(), nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			v, err := r.value(x[k], ctx)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = v
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			v, err := r.value(e, ctx)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = v
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of type %T", v)
}

// same is the runtime's equality: numbers by value when either side is a
// number, otherwise text compared exactly (case included); null equals
// only null.
func same(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if isNumber(a) || isNumber(b) {
		x, ok1 := Num(a)
		y, ok2 := Num(b)
		return ok1 && ok2 && x.Cmp(y) == 0
	}
	sa, _ := Text(a)
	sb, _ := Text(b)
	return sa == sb
}

// compare is the runtime's ordering; ok is false when either side is null
// or a number is compared with text that is not one.
func compare(a, b any) (int, bool) {
	if a == nil || b == nil {
		return 0, false
	}
	if isNumber(a) || isNumber(b) {
		x, ok1 := Num(a)
		y, ok2 := Num(b)
		if !ok1 || !ok2 {
			return 0, false
		}
		return x.Cmp(y), true
	}
	sa, _ := Text(a)
	sb, _ := Text(b)
	return strings.Compare(sa, sb), true
}

// Test reports whether a condition holds, as runtime.test: op is one of
// the spec's operators other than the changed ones.
func Test(op string, actual, expected any) bool {
	switch op {
	case spec.OpEquals:
		return same(actual, expected)
	case spec.OpNotEquals:
		return !same(actual, expected)
	case spec.OpGreaterThan, spec.OpGreaterOrEqual, spec.OpLessThan, spec.OpLessOrEqual:
		c, ok := compare(actual, expected)
		if !ok {
			return false
		}
		switch op {
		case spec.OpGreaterThan:
			return c > 0
		case spec.OpGreaterOrEqual:
			return c >= 0
		case spec.OpLessThan:
			return c < 0
		}
		return c <= 0
	case spec.OpContains, spec.OpStartsWith:
		a, ok1 := Text(actual)
		e, ok2 := Text(expected)
		if !ok1 || !ok2 {
			return false
		}
		if op == spec.OpContains {
			return strings.Contains(a, e)
		}
		return strings.HasPrefix(a, e)
	case spec.OpIn:
		for _, e := range toList(expected) {
			if same(actual, e) {
				return true
			}
		}
		return false
	case spec.OpIsNull:
		s, isText := actual.(string)
		return actual == nil || (isText && strings.TrimSpace(s) == "")
	case spec.OpIsNotNull:
		return !Test(spec.OpIsNull, actual, nil)
	}
	return false
}

// javaTrim is Apex's String.trim: it removes characters up to and
// including the space (U+0020) from both ends, nothing else.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}
