package orgschema

import (
	"slices"
	"testing"

	"github.com/patchbay/patchbay/salesforce"
)

func TestPlannerSchemaKeepsActiveValuesAndLookups(t *testing.T) {
	if PlannerSchema("org1", nil) != nil {
		t.Error("no schema should give nil")
	}
	s := &salesforce.OrgSchema{Objects: []salesforce.SObject{{
		SObjectInfo: salesforce.SObjectInfo{Name: "Quote", Label: "Quote", LabelPlural: "Quotes"},
		Fields: []salesforce.Field{
			{Name: "Status", Label: "Status", Type: "picklist", Createable: true, PicklistValues: []salesforce.PicklistValue{
				{Value: "Draft", Active: true}, {Value: "Old", Active: false}, {Value: "Approved", Active: true}}},
			{Name: "OpportunityId", Label: "Opportunity ID", Type: "reference", ReferenceTo: []string{"Opportunity"}, RelationshipName: "Opportunity"},
		},
	}}}
	got := PlannerSchema("org1", s)
	if got.Org != "org1" || len(got.Objects) != 1 || got.Objects[0].LabelPlural != "Quotes" {
		t.Fatalf("PlannerSchema = %+v", got)
	}
	f := got.Objects[0].Fields
	if !slices.Equal(f[0].Values, []string{"Draft", "Approved"}) || !f[0].Createable {
		t.Errorf("Status = %+v, want the active values", f[0])
	}
	if f[1].Relationship != "Opportunity" || !slices.Equal(f[1].ReferenceTo, []string{"Opportunity"}) {
		t.Errorf("OpportunityId = %+v", f[1])
	}
}
