package specform

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Form field names. Controls are "f." + their path; lists name, in
// ListsField, the controls whose values form one list (checkboxes, or a
// text of comma-separated values); OpField is the button pressed.
const (
	ControlPrefix = "f."
	ListsField    = "lists"
	OpField       = "op"
)

// Apply applies a posted form to text, the spec the form was built from:
// every control whose value differs from the document is set, blank new
// rows that were filled in are added, and then the pressed button's
// operation runs: "add:LIST:TEMPLATE", "remove:ITEM", "up:ITEM",
// "down:ITEM", or "" / "apply" for none. Nothing else of the text changes;
// when nothing changed, the text comes back as it was.
func Apply(text string, form url.Values) (string, error) {
	d, err := Parse(text)
	if err != nil {
		return "", err
	}
	lists := map[string]bool{}
	for _, l := range form[ListsField] {
		lists[l] = true
	}
	var names []string
	for k := range form {
		if strings.HasPrefix(k, ControlPrefix) && !lists[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	// Lists first: a type changed among the controls then drops the lists
	// the new type does not take (a trigger's on).
	for _, l := range slices.Sorted(func(yield func(string) bool) {
		for l := range lists {
			if !yield(l) {
				return
			}
		}
	}) {
		var vs []string
		for _, v := range form[l] {
			vs = append(vs, splitList(v)...)
		}
		name := strings.TrimPrefix(l, ControlPrefix)
		p, err := parsePath(name)
		if err != nil {
			return "", err
		}
		kind := kindText
		switch p.lastKey() {
		case "expect":
			kind = kindInt
		case "value":
			kind = kindLiteral
		}
		set := p.lastKey() == "on" || p.lastKey() == "methods"
		if err := d.SetList(name, vs, kind, set); err != nil {
			return "", err
		}
	}
	var removedRows []string
	for _, k := range names {
		name := strings.TrimPrefix(k, ControlPrefix)
		v := form.Get(k)
		switch {
		case strings.Contains(name, "#new."):
			continue
		case strings.HasSuffix(name, ".k") && strings.TrimSpace(v) == "":
			removedRows = append(removedRows, name) // after the other edits, last row first
			continue
		}
		if err := d.Set(name, v); err != nil {
			return "", err
		}
	}
	sort.Slice(removedRows, func(i, j int) bool { return rowIndex(removedRows[i]) > rowIndex(removedRows[j]) })
	for _, name := range removedRows {
		if err := d.Set(name, ""); err != nil {
			return "", err
		}
	}
	for _, k := range names {
		if table, ok := strings.CutSuffix(strings.TrimPrefix(k, ControlPrefix), "#new.k"); ok {
			if err := d.AddRow(table, form.Get(k), form.Get(ControlPrefix+table+"#new.v")); err != nil {
				return "", err
			}
		}
	}
	if err := d.do(form.Get(OpField)); err != nil {
		return "", err
	}
	return d.Text()
}

var rowRE = regexp.MustCompile(`#(\d+)\.k$`)

func rowIndex(name string) int {
	m := rowRE.FindStringSubmatch(name)
	if m == nil {
		return -1
	}
	n := 0
	fmt.Sscan(m[1], &n)
	return n
}

// splitList reads a list typed as text: one value per line, or separated
// by commas.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
}

// do runs one button's operation.
func (d *Document) do(op string) error {
	verb, arg, _ := strings.Cut(op, ":")
	switch verb {
	case "", "apply", "save":
		return nil
	case "add":
		list, template, ok := strings.Cut(arg, ":")
		if !ok {
			return fmt.Errorf("bad operation %q", op)
		}
		return d.Add(list, template)
	case "remove":
		return d.Remove(arg)
	case "up":
		return d.Move(arg, -1)
	case "down":
		return d.Move(arg, 1)
	}
	return fmt.Errorf("unknown operation %q", op)
}
