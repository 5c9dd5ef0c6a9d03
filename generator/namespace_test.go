package generator

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// namespacedSpec is a small managed-package spec: an action with an input
// and an output, and a change-event flow that writes a field of its own.
func namespacedSpec(version string, released bool) *spec.Spec {
	return &spec.Spec{Spec: spec.Version, Name: "Billing",
		Package: &spec.Package{Name: "Billing", Namespace: "acme", Version: version, Released: released},
		Systems: []spec.System{{Name: "Stripe", URL: "https://api.stripe.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
		Objects: []spec.Object{
			{Name: "Contact", Fields: []spec.Field{{Name: "Synced__c", Type: spec.FieldCheckbox}}},
			{Name: "Invoice__c", Fields: []spec.Field{{Name: "Account__c", Type: spec.FieldLookup, ReferenceTo: "Account"}}},
		},
		Flows: []spec.Flow{
			{Name: "Charge", Trigger: spec.Trigger{Type: spec.TriggerInvocable, Label: "Charge",
				Inputs:  []spec.Param{{Name: "amount", Type: "Number"}},
				Outputs: []spec.Param{{Name: "chargeId", Type: "Text"}}},
				Steps: []spec.Step{{ID: "charge", Type: spec.StepCall, System: "Stripe", Method: "POST", Path: "/v1/charges"}}},
			{Name: "Sync", Trigger: spec.Trigger{Type: spec.TriggerChangeEvent, Object: "Contact", On: []string{spec.OnUpdate}},
				Steps: []spec.Step{
					{ID: "push", Type: spec.StepCall, System: "Stripe", Method: "POST", Path: "/v1/customers"},
					{ID: "mark", Type: spec.StepUpdate, Object: "Contact", Fields: map[string]any{"Synced__c": true}},
				}},
		},
	}
}

// TestNamespacedPackagesWorkOnceInstalled: with a namespace, changed
// fields arrive as ns__Field__c, so the change-event guard against the
// flow's own updates lists both forms; child relationships are named after
// the child object; sfdx-project.json names the ancestor after 1.0.0.
func TestNamespacedPackagesWorkOnceInstalled(t *testing.T) {
	b, err := Generate(namespacedSpec("1.1.0", false))
	if err != nil {
		t.Fatal(err)
	}
	job := fileText(t, b, "BillingSyncJob.cls")
	if !strings.Contains(job, "OWN_FIELDS = new Set<String>{ 'LastModifiedById', 'LastModifiedDate', 'Synced__c', 'SystemModstamp', 'acme__Synced__c' }") {
		t.Errorf("the self-loop guard does not know the namespaced field:\n%s", job)
	}
	lookup := fileText(t, b, "Account__c.field-meta.xml")
	if !strings.Contains(lookup, "<relationshipName>Invoice_Account</relationshipName>") {
		t.Errorf("the child relationship is not named after the child object:\n%s", lookup)
	}
	project := fileText(t, b, "sfdx-project.json")
	if !strings.Contains(project, `"ancestorVersion": "HIGHEST"`) || !strings.Contains(project, `"namespace": "acme"`) {
		t.Errorf("sfdx-project.json:\n%s", project)
	}
	first, err := Generate(namespacedSpec("1.0.0", false))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fileText(t, first, "sfdx-project.json"), "ancestorVersion") {
		t.Error("the first version has no ancestor")
	}
	runtime := fileText(t, b, "BillingRuntime.cls")
	if !strings.Contains(runtime, "return field(rec, namespace + '__' + name);") || !strings.Contains(runtime, "name = namespace + '__' + name;") {
		t.Error("the runtime does not try the package namespace for dynamic field names")
	}
}

// TestChildRelationshipNamesDoNotCollide: two objects with a lookup named
// alike to the same parent get two relationship names.
func TestChildRelationshipNamesDoNotCollide(t *testing.T) {
	a, b := childRelationshipName("Invoice__c", "Account__c"), childRelationshipName("Order__c", "Account__c")
	if a == b {
		t.Errorf("both are %s", a)
	}
	long := childRelationshipName("A_Very_Long_Custom_Object_Name_Here__c", "And_A_Very_Long_Lookup_Field_Name__c")
	if len(long) > maxRelationshipName || strings.Contains(long, "__") {
		t.Errorf("%q is not a valid relationship name", long)
	}
}

// TestReleasedGlobalApexIsKept: once a version is released, a next spec
// must raise the version and keep every global class and member.
func TestReleasedGlobalApexIsKept(t *testing.T) {
	released := namespacedSpec("1.0.0", true)
	tests := []struct {
		name   string
		change func(s *spec.Spec)
		want   string
	}{
		{"a new version that adds a flow", func(s *spec.Spec) {
			s.Flows = append(s.Flows, spec.Flow{Name: "Refund", Trigger: spec.Trigger{Type: spec.TriggerInvocable, Label: "Refund"},
				Steps: []spec.Step{{ID: "refund", Type: spec.StepCall, System: "Stripe", Method: "POST", Path: "/v1/refunds"}}})
		}, ""},
		{"the same version number", func(s *spec.Spec) { s.Package.Version = "1.0.0" }, "version 1.0.0 was released; give this one a higher version number"},
		{"another namespace", func(s *spec.Spec) { s.Package.Namespace = "other" }, "a package keeps its namespace"},
		{"a removed action", func(s *spec.Spec) { s.Flows = s.Flows[1:] }, "BillingChargeAction: global class Request"},
		{"a renamed input", func(s *spec.Spec) { s.Flows[0].Trigger.Inputs[0].Name = "total" }, "BillingChargeAction.Request: global Decimal amount"},
		{"an output of another type", func(s *spec.Spec) { s.Flows[0].Trigger.Outputs[0].Type = "Number" }, "BillingChargeAction.Result: global String chargeId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := namespacedSpec("1.1.0", false)
			tt.change(next)
			err := CheckUpgrade(released, next)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckUpgrade: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckUpgrade: %v, want an error with %q", err, tt.want)
			}
		})
	}
	// Before a release, anything may change.
	next := namespacedSpec("1.0.0", false)
	next.Flows = next.Flows[1:]
	if err := CheckUpgrade(namespacedSpec("1.0.0", false), next); err != nil {
		t.Errorf("an unreleased version was held to its API: %v", err)
	}
}
