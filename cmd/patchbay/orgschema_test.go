package main

import (
	"context"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func TestValidateAgainstOrgsNamesWhatEachOrgLacks(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}, {Alias: "org2", Sandbox: true}}})
	connectSimOrgs(t, w)
	ctx := context.Background()
	const specFile = "../../orgschema/testdata/regions.yaml"

	code, out, errOut := w.run(ctx, "org", "refresh", "org1", "org2")
	if code != 0 || !strings.Contains(out, "org1: 27 objects") || !strings.Contains(out, "org2: 26 objects") {
		t.Fatalf("org refresh = %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = w.run(ctx, "validate", specFile, "--org", "org1")
	if code != 0 || !strings.Contains(out, "regions.yaml: valid in org1") {
		t.Fatalf("validate --org org1 = %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = w.run(ctx, "validate", specFile, "--org", "org1", "--org", "org2")
	if code != 1 || strings.Contains(out, "valid") {
		t.Fatalf("validate --org org1 --org org2 = %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		specFile + `:12: flows[0].trigger.when[0].value: "Negotiation/Review" is not a value of Opportunity.StageName in org2`,
		specFile + ":13: flows[0].trigger.when[1].field: Region__c is not a field of Account in org2",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "in org1") {
		t.Errorf("org1 was blamed:\n%s", errOut)
	}
	if code, _, errOut = w.run(ctx, "validate", specFile, "--org", "nope"); code == 0 || !strings.Contains(errOut, "nope: no such org") {
		t.Errorf("unknown org = %d %s", code, errOut)
	}
	// Without --org nothing but the spec itself is checked.
	if code, out, _ = w.run(ctx, "validate", specFile); code != 0 || !strings.Contains(out, "valid") {
		t.Errorf("plain validate = %d %s", code, out)
	}
}
