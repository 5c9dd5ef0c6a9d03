package spec

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Format prints a spec as YAML for people: keys in the order of the Go
// types (the order spec.md uses), empty values left out, map keys sorted,
// short lists of scalars on one line, multi-line text as literal blocks.
// Parse(Format(s)) gives back an equal spec.
func Format(s *Spec) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("format spec: nil spec")
	}
	n, err := toNode(reflect.ValueOf(s).Elem())
	if err != nil {
		return nil, fmt.Errorf("format spec: %w", err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, fmt.Errorf("format spec: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("format spec: %w", err)
	}
	// The YAML encoder quotes the key "on" because YAML 1.1 read it as a
	// boolean. The spec's own decoder reads it as text, and spec.md writes
	// it bare, so the trigger key is printed as people write it.
	return bareOnKey.ReplaceAll(buf.Bytes(), []byte("${1}on:")), nil
}

// bareOnKey matches the quoted map key "on" at the start of a line or of a
// flow-map entry. Inside a double-quoted scalar a quote is escaped, so
// text cannot match.
var bareOnKey = regexp.MustCompile(`(?m)(^\s*(?:- )?|[{,] )"on":`)

func scalar(tag, value string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	if tag != "!!str" {
		return n
	}
	switch {
	case strings.Contains(value, "\n") && !strings.ContainsAny(value, "\r\t") && !strings.Contains(value, " \n") && strings.TrimRight(value, " ") == value:
		n.Style = yaml.LiteralStyle
	case needsQuotes(value):
		// Double quotes read better than YAML's default single quotes,
		// which double every ' inside merge fields.
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// isEmpty reports whether a value is left out of the output.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map:
		return v.Len() == 0 && (v.Kind() == reflect.String || v.IsNil())
	case reflect.Int:
		return v.Int() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return false
}

func toNode(v reflect.Value) (*yaml.Node, error) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return scalar("!!null", "null"), nil
		}
		return toNode(v.Elem())
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		names, index := structFields(v.Type())
		for _, name := range names {
			sf := v.Type().Field(index[name])
			fv := v.Field(index[name])
			// Required numbers (retry attempts) print even when zero; every
			// other empty value is left out.
			required := !strings.Contains(sf.Tag.Get("json"), "omitempty") && fv.Kind() == reflect.Int
			if isEmpty(fv) && !required {
				continue
			}
			c, err := toNode(fv)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, scalar("!!str", name), c)
		}
		flowIfSmall(n)
		return n, nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("cannot format a map with %s keys", v.Type().Key())
		}
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		keys = slices.Sorted(maps.Keys(setOf(keys)))
		if len(keys) == 2 && keys[0] == "fields" && keys[1] == "format" {
			keys[0], keys[1] = "format", "fields" // a call body reads format first
		}
		for _, k := range keys {
			c, err := toNode(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, scalar("!!str", k), c)
		}
		return n, nil
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		allScalar := true
		for i := 0; i < v.Len(); i++ {
			c, err := toNode(v.Index(i))
			if err != nil {
				return nil, err
			}
			if c.Kind != yaml.ScalarNode || c.Style == yaml.LiteralStyle || len(c.Value) > 40 {
				allScalar = false
			}
			n.Content = append(n.Content, c)
		}
		if allScalar && v.Len() <= 8 {
			n.Style = yaml.FlowStyle
		}
		return n, nil
	case reflect.String:
		return scalar("!!str", v.String()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return scalar("!!int", strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return scalar("!!int", strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%v is not a number a spec can hold", f)
		}
		if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
			return scalar("!!int", strconv.FormatInt(int64(f), 10)), nil
		}
		return scalar("!!float", strconv.FormatFloat(f, 'g', -1, 64)), nil
	case reflect.Bool:
		return scalar("!!bool", strconv.FormatBool(v.Bool())), nil
	}
	return nil, fmt.Errorf("cannot format a %s", v.Type())
}

// flowIfSmall prints a map of a few short scalars on one line, like
// spec.md's {name: Stripe_Invoice_Id__c, type: Text, length: 64}.
func flowIfSmall(n *yaml.Node) {
	if len(n.Content) > 10 {
		return
	}
	width := 0
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode && !(c.Kind == yaml.SequenceNode && c.Style == yaml.FlowStyle) {
			return
		}
		if c.Style == yaml.LiteralStyle {
			return
		}
		for _, cc := range c.Content {
			width += len(cc.Value) + 2
		}
		width += len(c.Value) + 2
	}
	if width > 70 {
		return
	}
	n.Style = yaml.FlowStyle
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.Tag == "!!str" && c.Style == 0 && needsQuotesInFlow(c.Value) {
			c.Style = yaml.DoubleQuotedStyle
		}
	}
}

// needsQuotes reports whether YAML would quote s when printed plain.
func needsQuotes(s string) bool {
	out, err := yaml.Marshal(s)
	return err != nil || len(out) > 0 && (out[0] == '\'' || out[0] == '"')
}

// needsQuotesInFlow reports whether YAML would quote s inside {...}.
func needsQuotesInFlow(s string) bool {
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle,
		Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}}})
	return err != nil || bytes.HasPrefix(out, []byte("['")) || bytes.HasPrefix(out, []byte(`["`))
}

func setOf(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}
