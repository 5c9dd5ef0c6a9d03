package specform

import (
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Name is an object or field as a picker offers it: its API name and, when
// known, its label and (for a field) its type.
type Name struct {
	API   string
	Label string
	// Type is a field's type as Setup names it ("Text", "Picklist",
	// "Lookup(Account)"); "" when unknown or for an object.
	Type string
}

// Detail is what a picker shows beside the API name: the label and the
// type, as far as they are known ("Invoice Number · Text").
func (n Name) Detail() string {
	switch {
	case n.Label != "" && n.Type != "":
		return n.Label + " · " + n.Type
	case n.Type != "":
		return n.Type
	}
	return n.Label
}

// Catalog supplies the object and field names the form's pickers offer.
// The spec itself is one source (SpecCatalog); a connected org's described
// schema is another, and catalogs combine with Merge.
type Catalog interface {
	// Objects lists the objects to offer, by API name.
	Objects() []Name
	// Fields lists the fields of object to offer.
	Fields(object string) []Name
}

// specCatalog offers the objects and fields a spec defines or already uses.
type specCatalog struct {
	objects []Name
	fields  map[string][]Name
	values  map[string][]Name // picklist values by "Object.Field"
}

// SpecCatalog offers the objects and fields s defines (with their labels)
// and those its triggers and steps already name. s may be invalid or nil.
func SpecCatalog(s *spec.Spec) Catalog {
	c := &specCatalog{fields: map[string][]Name{}, values: map[string][]Name{}}
	if s == nil {
		return c
	}
	addObj := func(n, label string) {
		if n == "" {
			return
		}
		if i := slices.IndexFunc(c.objects, func(o Name) bool { return o.API == n }); i >= 0 {
			if c.objects[i].Label == "" {
				c.objects[i].Label = label
			}
			return
		}
		c.objects = append(c.objects, Name{API: n, Label: label})
	}
	addTyped := func(obj, n, label, typ string) {
		if obj == "" || n == "" {
			return
		}
		fs := c.fields[obj]
		if i := slices.IndexFunc(fs, func(f Name) bool { return f.API == n }); i >= 0 {
			if fs[i].Label == "" {
				fs[i].Label = label
			}
			if fs[i].Type == "" {
				fs[i].Type = typ
			}
			return
		}
		c.fields[obj] = append(fs, Name{API: n, Label: label, Type: typ})
	}
	addField := func(obj, n, label string) { addTyped(obj, n, label, "") }
	for _, o := range s.Objects {
		addObj(o.Name, o.Label)
		for _, f := range o.Fields {
			addTyped(o.Name, f.Name, f.Label, specFieldType(f))
			for _, v := range f.Values {
				c.values[o.Name+"."+f.Name] = append(c.values[o.Name+"."+f.Name], Name{API: v})
			}
		}
	}
	for _, e := range s.Events {
		addObj(e.Name, e.Label)
		for _, f := range e.Fields {
			addTyped(e.Name, f.Name, f.Label, specFieldType(f))
		}
	}
	var conds func(obj string, cs []spec.Condition)
	conds = func(obj string, cs []spec.Condition) {
		for _, cd := range cs {
			addField(obj, cd.Field, "")
			conds(obj, cd.Any)
			conds(obj, cd.All)
		}
	}
	for _, f := range s.Flows {
		obj := f.Trigger.Object
		if obj == "" {
			obj = f.Trigger.Event
		}
		addObj(obj, "")
		conds(obj, f.Trigger.When)
		for _, st := range f.Steps {
			target := st.Object
			if st.Type == spec.StepPublish {
				target = st.Event
			}
			addObj(target, "")
			addField(target, st.ExternalID, "")
			for _, k := range slices.Sorted(func(yield func(string) bool) {
				for k := range st.Fields {
					if !yield(k) {
						return
					}
				}
			}) {
				addField(target, k, "")
			}
		}
	}
	return c
}

// specFieldType names a spec field's type as Setup does.
func specFieldType(f spec.Field) string {
	if f.Type == spec.FieldLookup && f.ReferenceTo != "" {
		return "Lookup(" + f.ReferenceTo + ")"
	}
	return f.Type
}

func (c *specCatalog) Objects() []Name { return c.objects }

func (c *specCatalog) Fields(object string) []Name { return c.fields[object] }

// Values lists the values of a picklist field the spec defines.
func (c *specCatalog) Values(object, field string) []Name { return c.values[object+"."+field] }

// merged offers every catalog's names, the first catalog's label winning.
// ValueCatalog is a Catalog that also knows a field's picklist values,
// which the condition builder offers for its value.
type ValueCatalog interface {
	Values(object, field string) []Name
}

// values asks c for a field's picklist values, if it knows any.
func values(c Catalog, object, field string) []Name {
	if vc, ok := c.(ValueCatalog); ok {
		return vc.Values(object, field)
	}
	return nil
}

type merged []Catalog

// Values combines the picklist values the merged catalogs know.
func (m merged) Values(object, field string) []Name {
	return mergeNames(func(c Catalog) []Name { return values(c, object, field) }, m)
}

// Merge combines catalogs: an org's schema and the spec's own names.
func Merge(cs ...Catalog) Catalog { return merged(cs) }

func (m merged) Objects() []Name {
	return mergeNames(func(c Catalog) []Name { return c.Objects() }, m)
}

func (m merged) Fields(object string) []Name {
	return mergeNames(func(c Catalog) []Name { return c.Fields(object) }, m)
}

// mergeNames lists each name once, the first catalog's label and type
// winning and a later catalog filling in what an earlier one lacks.
func mergeNames(get func(Catalog) []Name, cs []Catalog) []Name {
	var out []Name
	seen := map[string]int{}
	for _, c := range cs {
		for _, n := range get(c) {
			k := strings.ToLower(n.API)
			i, ok := seen[k]
			if !ok {
				seen[k] = len(out)
				out = append(out, n)
				continue
			}
			if out[i].Label == "" {
				out[i].Label = n.Label
			}
			if out[i].Type == "" {
				out[i].Type = n.Type
			}
		}
	}
	return out
}
