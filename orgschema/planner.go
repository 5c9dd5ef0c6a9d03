package orgschema

import (
	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/salesforce"
)

// PlannerSchema is the part of an org's schema the planners read
// (builder.Options): objects and fields with their labels, types, lookups
// and active picklist values. org names the org in the planner's
// assumptions and questions. It is nil when s is.
func PlannerSchema(org string, s *salesforce.OrgSchema) *builder.Schema {
	if s == nil {
		return nil
	}
	out := &builder.Schema{Org: org, Objects: make([]builder.SchemaObject, 0, len(s.Objects))}
	for _, o := range s.Objects {
		po := builder.SchemaObject{Name: o.Name, Label: o.Label, LabelPlural: o.LabelPlural, Custom: o.Custom,
			Fields: make([]builder.SchemaField, 0, len(o.Fields))}
		for _, f := range o.Fields {
			pf := builder.SchemaField{Name: f.Name, Label: f.Label, Type: f.Type, ReferenceTo: f.ReferenceTo,
				Relationship: f.RelationshipName, Createable: f.Createable, Updateable: f.Updateable, ExternalID: f.ExternalID}
			for _, v := range f.PicklistValues {
				if v.Active {
					pf.Values = append(pf.Values, v.Value)
				}
			}
			po.Fields = append(po.Fields, pf)
		}
		out.Objects = append(out.Objects, po)
	}
	return out
}
