package view

import (
	"github.com/a-h/templ"

	"strings"

	"github.com/patchbay/patchbay/spec"
)

func orDash(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return s
}

func isCustom(name string) bool { return strings.HasSuffix(name, "__c") }

func stepTypes() []string { return spec.StepTypes }

func specformDoc(key string) string { return spec.FieldDoc(key) }

func joinNames(ns []string) string { return strings.Join(ns, ", ") }

// listAttr points an input at its datalist, when it has one.
func listAttr(id string) templ.Attributes {
	if id == "" {
		return templ.Attributes{}
	}
	return templ.Attributes{"list": id}
}

// invalidAttr marks a control whose value has problems.
func invalidAttr(bad bool) templ.Attributes {
	if !bad {
		return templ.Attributes{}
	}
	return templ.Attributes{"aria-invalid": "true"}
}
