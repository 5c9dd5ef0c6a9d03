package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/specform"
)

// maxCatalogObjects bounds the objects one org offers the form's pickers.
const maxCatalogObjects = 2000

// orgCatalog offers an org's described objects and fields, with their
// labels, to the form's pickers.
type orgCatalog struct{ sch *salesforce.OrgSchema }

// Objects lists the org's objects, at most maxCatalogObjects.
func (o orgCatalog) Objects() []specform.Name {
	out := make([]specform.Name, 0, min(len(o.sch.Objects), maxCatalogObjects))
	for _, obj := range o.sch.Objects {
		if len(out) == maxCatalogObjects {
			break
		}
		out = append(out, specform.Name{API: obj.Name, Label: obj.Label})
	}
	return out
}

// Fields lists an object's fields as the org describes them.
func (o orgCatalog) Fields(object string) []specform.Name {
	obj := o.sch.Object(object)
	if obj == nil {
		return nil
	}
	out := make([]specform.Name, 0, len(obj.Fields))
	for _, f := range obj.Fields {
		out = append(out, specform.Name{API: f.Name, Label: f.Label, Type: setupType(f)})
	}
	return out
}

// setupTypes name describe types as Setup's field list does.
var setupTypes = map[string]string{
	"string": "Text", "textarea": "Text Area", "picklist": "Picklist", "multipicklist": "Picklist (Multi-Select)",
	"double": "Number", "int": "Number", "long": "Number", "currency": "Currency", "percent": "Percent",
	"boolean": "Checkbox", "date": "Date", "datetime": "Date/Time", "time": "Time", "email": "Email",
	"phone": "Phone", "url": "URL", "id": "ID", "address": "Address", "location": "Geolocation",
	"encryptedstring": "Text (Encrypted)", "combobox": "Picklist",
}

// setupType is a field's type as an admin reads it: "Lookup(Account)",
// "Auto Number", "Formula (Number)", "Text".
func setupType(f salesforce.Field) string {
	t := setupTypes[f.Type]
	if t == "" {
		t = f.Type
	}
	switch {
	case f.Type == "reference" && len(f.ReferenceTo) > 0:
		return "Lookup(" + strings.Join(f.ReferenceTo, ", ") + ")"
	case f.AutoNumber:
		return "Auto Number"
	case f.Calculated:
		return "Formula (" + t + ")"
	}
	return t
}

// formCatalog is what the form's pickers offer besides the spec's own
// names: the cached schemas of the orgs the user may deploy to (the same
// orgs the editor checks against by default). It never calls Salesforce;
// an org whose schema was never read adds nothing.
func (s *Server) formCatalog(c echo.Context) specform.Catalog {
	orgs, err := s.defaultCheckOrgs(c)
	if err != nil {
		return nil
	}
	var cats []specform.Catalog
	for _, o := range orgs {
		sch, _, err := s.cachedSchema(c.Request().Context(), o.ID)
		if err == nil && sch != nil {
			cats = append(cats, orgCatalog{sch})
		}
	}
	if len(cats) == 0 {
		return nil
	}
	return specform.Merge(cats...)
}

// Values lists a picklist field's active values as the org describes them.
func (o orgCatalog) Values(object, field string) []specform.Name {
	obj := o.sch.Object(object)
	if obj == nil {
		return nil
	}
	for _, f := range obj.Fields {
		if f.Name != field {
			continue
		}
		var out []specform.Name
		for _, v := range f.PicklistValues {
			if v.Active {
				out = append(out, specform.Name{API: v.Value, Label: v.Label})
			}
		}
		return out
	}
	return nil
}
