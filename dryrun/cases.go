package dryrun

import (
	"fmt"
	"time"
)

// RuntimeCase is one call of a runtime function or operator with the value
// this package computes for it. The generator writes each as an assertion
// in the generated runtime's Apex tests, so Salesforce itself checks, at
// every deploy, that the org computes what the dry run showed.
type RuntimeCase struct {
	// Method is the runtime class's method: upper, lower, trim, concat,
	// coalesce, cents, round, num (toNumber), text (toText), formatDate,
	// addDays, scrub (a log message), or test (an operator, its name the
	// first argument).
	Method string
	// Args are the method's arguments; concat and coalesce take one list.
	Args []any
	// Want is what the dry run computes: nil, string, bool, Decimal or Date.
	Want any
}

// RuntimeCases returns the cases, each with the value the dry run
// computes for it (not a value written by hand).
func RuntimeCases() []RuntimeCase {
	d := func(s string) Decimal {
		v, ok := ParseDecimal(s)
		if !ok {
			panic("dryrun: bad decimal in RuntimeCases: " + s)
		}
		return v
	}
	date := func(y, m, day int) Date { return Date{time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)} }
	calls := []RuntimeCase{
		{Method: "upper", Args: []any{"abc"}},
		{Method: "upper", Args: []any{nil}},
		{Method: "lower", Args: []any{"ABC"}},
		{Method: "trim", Args: []any{"  a b \t"}},
		{Method: "concat", Args: []any{[]any{"a", nil, d("1"), d("2.50")}}},
		{Method: "coalesce", Args: []any{[]any{nil, nil, "x"}}},
		{Method: "cents", Args: []any{d("19.99")}},
		{Method: "cents", Args: []any{"10"}},
		{Method: "cents", Args: []any{d("-0.005")}},
		{Method: "cents", Args: []any{nil}},
		{Method: "round", Args: []any{d("2.5"), nil}},
		{Method: "round", Args: []any{d("-2.5"), nil}},
		{Method: "round", Args: []any{"1.005", d("2")}},
		{Method: "round", Args: []any{d("7"), d("2")}},
		{Method: "num", Args: []any{" 42 "}},
		{Method: "num", Args: []any{"1,000"}},
		{Method: "num", Args: []any{true}},
		{Method: "text", Args: []any{d("10.50")}},
		{Method: "text", Args: []any{true}},
		{Method: "formatDate", Args: []any{"2024-03-01T15:04:05Z", "dd/MM/yyyy HH:mm"}},
		{Method: "formatDate", Args: []any{date(2024, 3, 1), "yyyy-MM-dd"}},
		{Method: "formatDate", Args: []any{"not a date", "yyyy"}},
		{Method: "addDays", Args: []any{date(2024, 2, 28), d("2")}},
		{Method: "test", Args: []any{"equals", "Closed Won", "closed won"}},
		{Method: "test", Args: []any{"equals", d("100"), "100.00"}},
		{Method: "test", Args: []any{"notEquals", nil, "x"}},
		{Method: "test", Args: []any{"greaterThan", "250000", d("100000")}},
		{Method: "test", Args: []any{"greaterThan", "abc", d("1")}},
		{Method: "test", Args: []any{"lessOrEqual", d("40"), d("40")}},
		{Method: "test", Args: []any{"greaterOrEqual", d("39.9"), d("40")}},
		{Method: "test", Args: []any{"lessThan", "apple", "banana"}},
		{Method: "test", Args: []any{"contains", "[VIP] Acme", "VIP"}},
		{Method: "test", Args: []any{"startsWith", "[VIP] Acme", "[VIP]"}},
		{Method: "test", Args: []any{"in", d("2"), []any{"1", "2"}}},
		{Method: "test", Args: []any{"isNull", "   ", nil}},
		{Method: "test", Args: []any{"isNotNull", false, nil}},
		{Method: "scrub", Args: []any{`{"error":"jane.doe@example.com paid with 4242 4242 4242 4242"}`}},
		{Method: "scrub", Args: []any{"Authorization: Bearer sk_live_abc; api_key=123&x=1"}},
		{Method: "scrub", Args: []any{"token 0123456789abcdef0123456789abcdef; order 12345"}},
	}
	r := &run{}
	for i, c := range calls {
		want, err := evalRuntime(r, c.Method, c.Args)
		if err != nil {
			panic(fmt.Sprintf("dryrun: runtime case %d (%s): %v", i, c.Method, err))
		}
		calls[i].Want = want
	}
	return calls
}

// evalRuntime evaluates one runtime method by its Apex name.
func evalRuntime(r *run, method string, args []any) (any, error) {
	switch method {
	case "concat", "coalesce":
		list, _ := args[0].([]any)
		return r.call(method, list)
	case "num":
		return numOrNil(args[0]), nil
	case "text":
		return textOrNil(args[0]), nil
	case "scrub":
		msg, _ := args[0].(string)
		return Scrub(msg), nil
	case "test":
		op, _ := args[0].(string)
		return Test(op, args[1], args[2]), nil
	}
	return r.call(method, args)
}
