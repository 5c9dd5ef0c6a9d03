package web

import (
	"strings"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/specform"
)

// diagramNames gives the diagram the labels of the objects and fields a
// spec names: the spec's own first, then the org's (its cached schema),
// the API name where neither knows a label.
type diagramNames struct {
	cat     specform.Catalog
	objects map[string]string            // lower-case API name -> label
	fields  map[string]map[string]string // object -> lower-case field -> label
}

// newDiagramNames labels s's names from the spec and, when org is not nil,
// from an org's catalog.
func newDiagramNames(s *spec.Spec, org specform.Catalog) *diagramNames {
	cat := specform.SpecCatalog(s)
	if org != nil {
		cat = specform.Merge(cat, org)
	}
	return &diagramNames{cat: cat, fields: map[string]map[string]string{}}
}

// object is an object's label, or its API name.
func (n *diagramNames) object(api string) string {
	if n == nil || api == "" {
		return api
	}
	if n.objects == nil {
		n.objects = map[string]string{}
		for _, o := range n.cat.Objects() {
			if o.Label != "" {
				n.objects[strings.ToLower(o.API)] = o.Label
			}
		}
	}
	if l := n.objects[strings.ToLower(api)]; l != "" {
		return l
	}
	return api
}

// field is a field's label on object, or its API name. A path through a
// lookup ("Account.Region__c") keeps its API form.
func (n *diagramNames) field(object, api string) string {
	if n == nil || object == "" || api == "" || strings.Contains(api, ".") {
		return api
	}
	fs, ok := n.fields[object]
	if !ok {
		fs = map[string]string{}
		for _, f := range n.cat.Fields(object) {
			if f.Label != "" {
				fs[strings.ToLower(f.API)] = f.Label
			}
		}
		n.fields[object] = fs
	}
	if l := fs[strings.ToLower(api)]; l != "" {
		return l
	}
	return api
}
