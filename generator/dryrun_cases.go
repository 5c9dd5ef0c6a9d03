package generator

import (
	"fmt"
	"strings"

	"github.com/patchbay/patchbay/dryrun"
)

// dryRunAssertions writes dryrun.RuntimeCases as Apex assertions against
// the runtime class: each expected value is what patchbay's dry run
// computes, so running the generated tests in an org checks that the org
// computes the same. Every value goes through apexValue, and through
// ApexString for text.
func dryRunAssertions(runtime string) ([]string, error) {
	var out []string
	for i, c := range dryrun.RuntimeCases() {
		args := make([]string, len(c.Args))
		for k, a := range c.Args {
			v, err := apexValue(a)
			if err != nil {
				return nil, fmt.Errorf("runtime case %d: %w", i, err)
			}
			args[k] = v
		}
		call := runtime + "." + c.Method + "(" + strings.Join(args, ", ") + ")"
		msg := ApexString(fmt.Sprintf("%s, as patchbay's dry run computes it (case %d)", c.Method, i+1))
		switch w := c.Want.(type) {
		case nil:
			out = append(out, fmt.Sprintf("Assert.isNull(%s, %s);", call, msg))
		case dryrun.Decimal:
			out = append(out, fmt.Sprintf("Assert.isTrue(%s == Decimal.valueOf(%s), %s);", call, ApexString(w.String()), msg))
		default:
			want, err := apexValue(w)
			if err != nil {
				return nil, fmt.Errorf("runtime case %d: %w", i, err)
			}
			out = append(out, fmt.Sprintf("Assert.areEqual(%s, %s, %s);", want, call, msg))
		}
	}
	return out, nil
}

// apexValue writes a dry-run value as an Apex expression.
func apexValue(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case string:
		return ApexString(x), nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case dryrun.Decimal:
		return "Decimal.valueOf(" + ApexString(x.String()) + ")", nil
	case dryrun.Date:
		return fmt.Sprintf("Date.newInstance(%d, %d, %d)", x.Year(), int(x.Month()), x.Day()), nil
	case []any:
		items := make([]string, len(x))
		for i, e := range x {
			s, err := apexValue(e)
			if err != nil {
				return "", err
			}
			items[i] = s
		}
		return "new List<Object>{ " + strings.Join(items, ", ") + " }", nil
	}
	return "", fmt.Errorf("no Apex literal for %T", v)
}
