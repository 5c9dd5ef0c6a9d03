package dryrun

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Values a dry run works with mirror what the generated Apex holds in its
// Map<String, Object> context: nil (null), string, bool, Decimal (Apex's
// Integer, Long and Decimal: a number with a scale), Date, Datetime,
// Record (an SObject), map[string]any (a parsed JSON object) and []any (a
// list).

// Decimal is an Apex Decimal: an unscaled integer and a scale, so 10.50
// prints as "10.50" the way Decimal.toPlainString does, and 1.5 * 100 is
// 150.0.
type Decimal struct {
	unscaled *big.Int
	scale    int
}

var decimalText = regexp.MustCompile(`^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$`)

// ParseDecimal reads a number as Apex's Decimal.valueOf does: digits with
// an optional sign, fraction and exponent. ok is false for anything else.
func ParseDecimal(s string) (Decimal, bool) {
	m := decimalText.FindStringSubmatch(s)
	if m == nil || m[2]+m[3] == "" || len(s) > 400 {
		return Decimal{}, false
	}
	digits := m[2] + m[3]
	scale := len(m[3])
	if m[4] != "" {
		exp, err := strconv.Atoi(m[4])
		if err != nil || exp > 300 || exp < -300 {
			return Decimal{}, false
		}
		scale -= exp
	}
	u, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return Decimal{}, false
	}
	if m[1] == "-" {
		u.Neg(u)
	}
	d := Decimal{unscaled: u, scale: scale}
	if scale < 0 {
		d = d.SetScale(0)
	}
	return d, true
}

// IntDecimal is a whole number, as an Apex Integer.
func IntDecimal(n int64) Decimal { return Decimal{unscaled: big.NewInt(n), scale: 0} }

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// SetScale rounds (half up, away from zero on ties) or pads d to scale
// decimals, as Decimal.setScale(scale, RoundingMode.HALF_UP).
func (d Decimal) SetScale(scale int) Decimal {
	switch {
	case scale == d.scale:
		return d
	case scale > d.scale:
		return Decimal{unscaled: new(big.Int).Mul(d.unscaled, pow10(scale-d.scale)), scale: scale}
	}
	div := pow10(d.scale - scale)
	q, r := new(big.Int).QuoRem(d.unscaled, div, new(big.Int))
	twice := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
	if twice.Cmp(div) >= 0 {
		if d.unscaled.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Decimal{unscaled: q, scale: scale}
}

// Mul multiplies, the scale being the sum of the scales (as Apex does).
func (d Decimal) Mul(o Decimal) Decimal {
	return Decimal{unscaled: new(big.Int).Mul(d.unscaled, o.unscaled), scale: d.scale + o.scale}
}

// Cmp compares values, whatever their scales: -1, 0 or 1.
func (d Decimal) Cmp(o Decimal) int {
	s := max(d.scale, o.scale)
	return d.SetScale(s).unscaled.Cmp(o.SetScale(s).unscaled)
}

// Int returns the whole part (Decimal.intValue), clamped to int32.
func (d Decimal) Int() int {
	q := new(big.Int).Quo(d.unscaled, pow10(max(d.scale, 0)))
	if !q.IsInt64() || q.Int64() > 1<<31-1 {
		return 1<<31 - 1
	}
	if q.Int64() < -(1 << 31) {
		return -(1 << 31)
	}
	return int(q.Int64())
}

// String prints d as Decimal.toPlainString: no exponent, its scale kept.
func (d Decimal) String() string {
	if d.unscaled == nil {
		return "0"
	}
	neg := d.unscaled.Sign() < 0
	digits := new(big.Int).Abs(d.unscaled).String()
	if d.scale > 0 {
		if len(digits) <= d.scale {
			digits = strings.Repeat("0", d.scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-d.scale] + "." + digits[len(digits)-d.scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// MarshalJSON writes the number as JSON.serialize does.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// Date is an Apex Date (no time of day).
type Date struct{ time.Time }

// Datetime is an Apex Datetime, in GMT.
type Datetime struct{ time.Time }

// String prints a date as text() does: yyyy-MM-dd.
func (d Date) String() string { return d.UTC().Format("2006-01-02") }

// String prints a date-time as text() does: yyyy-MM-ddTHH:mm:ssZ in GMT.
func (d Datetime) String() string { return d.UTC().Format("2006-01-02T15:04:05Z") }

// MarshalJSON writes a date as JSON.serialize does.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// MarshalJSON writes a date-time as JSON.serialize does (with milliseconds).
func (d Datetime) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.UTC().Format("2006-01-02T15:04:05.000Z"))
}

// Record is an SObject: field names are matched ignoring case, as the
// runtime's field lookup does; a relationship is a nested Record.
type Record map[string]any

// Get returns the field's value, matching its name exactly first, then
// ignoring case.
func (r Record) Get(name string) any {
	if v, ok := r[name]; ok {
		return v
	}
	for _, k := range slices.Sorted(maps.Keys(r)) {
		if strings.EqualFold(k, name) {
			return r[k]
		}
	}
	return nil
}

// Text returns v as text, as the runtime's text(): ISO 8601 for dates and
// times, plain digits for numbers, JSON for maps and lists; nil for nil.
func Text(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case Decimal:
		return x.String(), true
	case Date:
		return x.String(), true
	case Datetime:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case map[string]any, []any, Record:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x), true
		}
		return string(b), true
	}
	return fmt.Sprint(v), true
}

// Num returns v as a number, as the runtime's num(): numbers as they are,
// text parsed after trimming; ok is false (null) otherwise.
func Num(v any) (Decimal, bool) {
	switch x := v.(type) {
	case nil:
		return Decimal{}, false
	case Decimal:
		return x, true
	}
	s, _ := Text(v)
	s = javaTrim(s)
	if s == "" {
		return Decimal{}, false
	}
	return ParseDecimal(s)
}

func isNumber(v any) bool { _, ok := v.(Decimal); return ok }

// ToDatetime returns v as a date-time: dates at midnight GMT, ISO 8601
// text parsed; ok is false otherwise.
func ToDatetime(v any) (Datetime, bool) {
	switch x := v.(type) {
	case nil:
		return Datetime{}, false
	case Datetime:
		return x, true
	case Date:
		return Datetime{x.UTC()}, true
	}
	s, _ := Text(v)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Datetime{t.UTC()}, true
		}
	}
	return Datetime{}, false
}

// fromJSON turns a decoded JSON value (decoded with UseNumber) into dry-run
// values: numbers keep the scale they were written with, as
// JSON.deserializeUntyped gives Integer for 5 and Decimal 5.0 for 5.0.
func fromJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if d, ok := ParseDecimal(x.String()); ok {
			return d
		}
		return x.String()
	case float64:
		d, _ := ParseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
		return d
	case int:
		return IntDecimal(int64(x))
	case int64:
		return IntDecimal(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromJSON(e)
		}
		return out
	}
	return v
}

// ParseJSON parses a JSON document as JSON.deserializeUntyped does.
func ParseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return fromJSON(v), nil
}

// recordFromJSON turns a sample record (a JSON object) into a Record, its
// nested objects into related records.
func recordFromJSON(m map[string]any) Record {
	r := Record{}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			r[k] = recordFromJSON(sub)
			continue
		}
		r[k] = fromJSON(v)
	}
	return r
}
