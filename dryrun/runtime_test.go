package dryrun

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/spec"
)

// The generated runtime class has its own Apex tests
// (templates/apex/runtime_test.cls.tmpl), which Salesforce runs when the
// package deploys. TestAgreesWithTheApexRuntimeTests reads those assertions
// and evaluates each one with this package's twin of the runtime method,
// so the dry run and the org agree by construction: an Apex test that
// expects another value fails here too.

const runtimeTests = "../templates/apex/runtime_test.cls.tmpl"

var (
	areEqual   = regexp.MustCompile(`Assert\.areEqual\((.+), \{\{\.Runtime\}\}\.(\w+)\((.*)\), '[^']*'\);$`)
	isTrueEq   = regexp.MustCompile(`Assert\.isTrue\(\{\{\.Runtime\}\}\.(\w+)\((.*)\) == (.+), '[^']*'\);$`)
	isNullCall = regexp.MustCompile(`Assert\.isNull\(\{\{\.Runtime\}\}\.(\w+)\((.*)\), '[^']*'\);$`)
	isBoolCall = regexp.MustCompile(`Assert\.is(True|False)\(\{\{\.Runtime\}\}\.(test)\((.*)\), '[^']*'\);$`)
)

// apexArgs parses a comma-separated list of Apex literals: 'text', numbers,
// null, true/false, new List<Object>{ ... } and Date.newInstance(y, m, d).
func apexArgs(t *testing.T, s string) []any {
	t.Helper()
	var out []any
	s = strings.TrimSpace(s)
	for s != "" {
		v, rest := apexLiteral(t, s)
		out = append(out, v)
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	}
	return out
}

func apexLiteral(t *testing.T, s string) (any, string) {
	t.Helper()
	switch {
	case strings.HasPrefix(s, "'"):
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
				b.WriteByte(s[i])
			case '\'':
				return b.String(), s[i+1:]
			default:
				b.WriteByte(s[i])
			}
		}
		t.Fatalf("unterminated Apex string in %q", s)
	case strings.HasPrefix(s, "new List<Object>{"):
		end := strings.Index(s, "}")
		return apexArgs(t, s[len("new List<Object>{"):end]), s[end+1:]
	case strings.HasPrefix(s, "Date.newInstance("):
		end := strings.Index(s, ")")
		parts := apexArgs(t, s[len("Date.newInstance("):end])
		n := func(i int) int { d, _ := Num(parts[i]); return d.Int() }
		return Date{time.Date(n(0), time.Month(n(1)), n(2), 0, 0, 0, 0, time.UTC)}, s[end+1:]
	case strings.HasPrefix(s, "null"):
		return nil, s[4:]
	case strings.HasPrefix(s, "true"):
		return true, s[4:]
	case strings.HasPrefix(s, "false"):
		return false, s[5:]
	}
	end := strings.IndexAny(s, ",)")
	if end < 0 {
		end = len(s)
	}
	d, ok := ParseDecimal(strings.TrimSpace(s[:end]))
	if !ok {
		t.Fatalf("cannot read the Apex literal at %q", s)
	}
	return d, s[end:]
}

// runtimeMethod evaluates one runtime method by its Apex name.
func runtimeMethod(name string, args []any) (any, bool, error) {
	switch name {
	case "upper", "lower", "trim", "cents", "round", "formatDate", "addDays", "concat", "coalesce", "num", "text", "test", "urlEncode":
	default:
		return nil, false, nil
	}
	if args == nil {
		return nil, true, nil
	}
	r := &run{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	switch name {
	case "upper", "lower", "trim", "cents", "round", "formatDate", "addDays":
		v, err := r.call(name, args)
		return v, true, err
	case "concat", "coalesce":
		list, _ := args[0].([]any)
		v, err := r.call(name, list)
		return v, true, err
	case "num":
		return numOrNil(args[0]), true, nil
	case "text":
		return textOrNil(args[0]), true, nil
	case "test":
		return Test(fmt.Sprint(args[0]), args[1], args[2]), true, nil
	case "urlEncode":
		s, _ := Text(args[0])
		return strings.ReplaceAll(javaURLEncode(s), "+", "%20"), true, nil
	}
	return nil, false, nil
}

// apexEquals compares as Assert.areEqual and == do: numbers by value.
func apexEquals(want, got any) bool {
	if wd, ok := want.(Decimal); ok {
		gd, ok := got.(Decimal)
		return ok && wd.Cmp(gd) == 0
	}
	if wd, ok := want.(Date); ok {
		gd, ok := got.(Date)
		return ok && wd.Equal(gd.Time)
	}
	return want == got
}

func TestAgreesWithTheApexRuntimeTests(t *testing.T) {
	src, err := os.ReadFile(runtimeTests)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for n, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		at := fmt.Sprintf("%s:%d", runtimeTests, n+1)
		var name, rawArgs, rawWant string
		var want any
		var wantNull bool
		switch {
		case areEqual.MatchString(line):
			m := areEqual.FindStringSubmatch(line)
			name, rawArgs, rawWant = m[2], m[3], m[1]
		case isTrueEq.MatchString(line):
			m := isTrueEq.FindStringSubmatch(line)
			name, rawArgs, rawWant = m[1], m[2], m[3]
		case isNullCall.MatchString(line):
			m := isNullCall.FindStringSubmatch(line)
			name, rawArgs, wantNull = m[1], m[2], true
		case isBoolCall.MatchString(line):
			m := isBoolCall.FindStringSubmatch(line)
			name, rawArgs, want = m[2], m[3], m[1] == "True"
		default:
			continue
		}
		if _, known, _ := runtimeMethod(name, nil); !known {
			continue
		}
		args := apexArgs(t, rawArgs)
		if rawWant != "" {
			want, _ = apexLiteral(t, rawWant)
		}
		got, _, err := runtimeMethod(name, args)
		checked++
		switch {
		case err != nil:
			t.Errorf("%s: %s%v: %v", at, name, args, err)
		case wantNull && got != nil:
			t.Errorf("%s: %s%v = %v, the Apex test expects null", at, name, args, got)
		case !wantNull && !apexEquals(want, got):
			t.Errorf("%s: %s%v = %#v, the Apex test expects %#v", at, name, args, got, want)
		}
	}
	if checked < 25 {
		t.Errorf("checked %d assertions of %s, want at least 25: did its form change?", checked, runtimeTests)
	}
}

// TestFunctions covers what the Apex tests do not: nulls, scales, patterns.
func TestFunctions(t *testing.T) {
	d := func(s string) Decimal { v, _ := ParseDecimal(s); return v }
	tests := []struct {
		fn   string
		args []any
		want string // Text of the result, or "null"
	}{
		{"cents", []any{d("19.99")}, "1999"},
		{"cents", []any{"10"}, "1000"},
		{"cents", []any{d("-0.005")}, "-1"},
		{"cents", []any{nil}, "null"},
		{"round", []any{d("2.5")}, "3"},
		{"round", []any{d("-2.5")}, "-3"},
		{"round", []any{d("1.005"), d("2")}, "1.01"},
		{"round", []any{d("7"), d("2")}, "7.00"},
		{"toNumber", []any{" 42 "}, "42"},
		{"toNumber", []any{"1,000"}, "null"},
		{"toNumber", []any{true}, "null"},
		{"toText", []any{d("10.50")}, "10.50"},
		{"toText", []any{true}, "true"},
		{"toText", []any{map[string]any{"b": d("1"), "a": "x"}}, `{"a":"x","b":1}`},
		{"concat", []any{"a", nil, d("1.0")}, "a1.0"},
		{"upper", []any{nil}, "null"},
		{"trim", []any{"\t a \n"}, "a"},
		{"formatDate", []any{"2024-03-01T15:04:05Z", "dd/MM/yyyy HH:mm"}, "01/03/2024 15:04"},
		{"formatDate", []any{"2024-03-01T15:04:05.000+0000", "EEE, d MMM yy h:mm a"}, "Fri, 1 Mar 24 3:04 PM"},
		{"formatDate", []any{"2024-03-01", "yyyy-MM-dd'T'HH:mm:ss'Z'"}, "2024-03-01T00:00:00Z"},
		{"formatDate", []any{"not a date", "yyyy"}, "null"},
		{"addDays", []any{"2024-02-28T10:00:00Z", d("2")}, "2024-03-01T10:00:00Z"},
		{"addDays", []any{nil, d("2")}, "null"},
		{"today", nil, "2024-03-01"},
		{"now", nil, "2024-03-01T12:00:00Z"},
	}
	r := &run{now: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.fn, tt.args), func(t *testing.T) {
			v, err := r.call(tt.fn, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := Text(v)
			if !ok {
				got = "null"
			}
			if got != tt.want {
				t.Errorf("= %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOperators(t *testing.T) {
	d := func(s string) Decimal { v, _ := ParseDecimal(s); return v }
	tests := []struct {
		op               string
		actual, expected any
		want             bool
	}{
		{"equals", "Closed Won", "closed won", false}, // exact, as String.equals
		{"equals", d("100"), "100.00", true},
		{"equals", nil, nil, true},
		{"equals", nil, "", false},
		{"equals", true, "true", true},
		{"notEquals", nil, "x", true},
		{"greaterThan", "250000", d("100000"), true},
		{"greaterThan", "abc", d("1"), false},
		{"lessOrEqual", d("40"), d("40"), true},
		{"lessThan", "apple", "banana", true},
		{"contains", "[VIP] Acme", "VIP", true},
		{"contains", nil, "x", false},
		{"startsWith", "[VIP] Acme", "[VIP]", true},
		{"in", "b", []any{"a", "b"}, true},
		{"in", d("2"), []any{"1", "2"}, true},
		{"isNull", "   ", nil, true},
		{"isNull", d("0"), nil, false},
		{"isNotNull", false, nil, true},
	}
	for _, tt := range tests {
		if got := Test(tt.op, tt.actual, tt.expected); got != tt.want {
			t.Errorf("Test(%s, %#v, %#v) = %v, want %v", tt.op, tt.actual, tt.expected, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"10.50", "10.50"}, {"-0.5", "-0.5"}, {"1e3", "1000"}, {"1.5e-2", "0.015"}, {".5", "0.5"}, {"7.", "7"},
	} {
		d, ok := ParseDecimal(tt.in)
		if !ok || d.String() != tt.want {
			t.Errorf("ParseDecimal(%q) = %q, %v; want %q", tt.in, d.String(), ok, tt.want)
		}
	}
	for _, bad := range []string{"", "-", "1,000", "abc", "1e999", "..5", "0x10"} {
		if _, ok := ParseDecimal(bad); ok {
			t.Errorf("ParseDecimal(%q) accepted", bad)
		}
	}
	if got := strconv.Quote(IntDecimal(3).Mul(IntDecimal(100)).String()); got != `"300"` {
		t.Errorf("3*100 = %s", got)
	}
}

func FuzzFormatJava(f *testing.F) {
	for _, p := range []string{"yyyy-MM-dd", "EEE, d MMM yy", "'quoted''s' HH:mm", "'unterminated", "qqq"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if len(pattern) > 200 {
			return
		}
		_, _ = FormatJava(time.Date(2024, 3, 1, 15, 4, 5, 0, time.UTC), pattern)
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "-1.50", "1e3", "abc", "9999999999999999999999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDecimal(s)
		if !ok {
			return
		}
		back, ok := ParseDecimal(d.String())
		if !ok || back.Cmp(d) != 0 {
			t.Errorf("%q -> %q does not read back", s, d.String())
		}
	})
}

// TestRuntimeCasesCoverEveryFunctionAndOperator keeps the cases the
// generated Apex tests assert complete: every function but now() and
// today() (which depend on the clock), and every operator but the changed
// ones (which need prior values).
func TestRuntimeCasesCoverEveryFunctionAndOperator(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range RuntimeCases() {
		seen[c.Method] = true
		if c.Method == "test" {
			seen["op:"+c.Args[0].(string)] = true
		}
	}
	methods := map[string]string{"toNumber": "num", "toText": "text"}
	for name := range spec.Funcs {
		if name == "now" || name == "today" {
			continue
		}
		m := name
		if alt, ok := methods[name]; ok {
			m = alt
		}
		if !seen[m] {
			t.Errorf("no runtime case for the function %s", name)
		}
	}
	for _, op := range spec.Operators {
		if spec.OpNeedsPrior(op) {
			continue
		}
		if !seen["op:"+op] {
			t.Errorf("no runtime case for the operator %s", op)
		}
	}
}
