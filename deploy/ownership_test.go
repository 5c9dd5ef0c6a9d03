package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/store"
)

// manifestZip returns a Metadata API zip whose package.xml lists the
// components, given as "Type Member".
func manifestZip(t *testing.T, components ...string) []byte {
	t.Helper()
	var types strings.Builder
	for _, c := range components {
		typ, member, _ := strings.Cut(c, " ")
		fmt.Fprintf(&types, "<types><members>%s</members><name>%s</name></types>", member, typ)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("package.xml")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">%s<version>66.0</version></Package>`, types.String())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestADeployCannotOverwriteAnotherIntegrationsComponents deploys
// integration A to an org, then packages that share A's component names
// (in any letter case): another integration's, or an uploaded zip's, are
// refused for that org before anything is recorded; A's own next version,
// other orgs and shared objects are not.
func TestADeployCannotOverwriteAnotherIntegrationsComponents(t *testing.T) {
	ctx := context.Background()
	svc, st, orgs, _ := setup(t, fastOptions(),
		map[string]*fakeOrg{"sbx": {statuses: []step{succeeded(3)}}, "other": {statuses: []step{succeeded(3)}}}, nil)
	a, err := st.CreateIntegration(ctx, "Billing", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.CreateIntegration(ctx, "Invoices", "", "bob")
	if err != nil {
		t.Fatal(err)
	}
	deployed := func(req Request) error {
		t.Helper()
		d, _, err := svc.Start(ctx, req)
		if err != nil {
			return err
		}
		if d, _, err := svc.Wait(ctx, d.ID); err != nil || d.Status != store.DeploymentSucceeded {
			t.Fatalf("deployment %d: %s, %v", d.ID, d.Status, err)
		}
		return nil
	}
	if err := deployed(Request{IntegrationID: a.ID, SpecVersion: 1, Zip: manifestZip(t, "ApexClass BillingRuntime", "NamedCredential Stripe", "CustomObject Integration_Log__c"), OrgIDs: ids(orgs, "sbx")}); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Deployments(ctx, store.DeploymentFilter{})

	tests := []struct {
		name    string
		req     Request
		refused string // the component named in the refusal; "" for none
	}{
		{"another integration's class, in other case", Request{IntegrationID: b.ID, SpecVersion: 1, Zip: manifestZip(t, "ApexClass billingruntime"), OrgIDs: ids(orgs, "other", "sbx")}, "ApexClass billingruntime"},
		{"another integration's credential", Request{IntegrationID: b.ID, SpecVersion: 2, Zip: manifestZip(t, "ApexClass InvoicesRuntime", "NamedCredential Stripe"), OrgIDs: ids(orgs, "sbx")}, "NamedCredential Stripe"},
		{"an uploaded zip with the class", Request{Zip: manifestZip(t, "ApexClass BillingRuntime"), OrgIDs: ids(orgs, "sbx"), CheckOnly: true}, "ApexClass BillingRuntime"},
		{"a shared object only", Request{IntegrationID: b.ID, SpecVersion: 3, Zip: manifestZip(t, "ApexClass InvoicesRuntime", "CustomObject Integration_Log__c"), OrgIDs: ids(orgs, "sbx")}, ""},
		{"the same components in another org", Request{IntegrationID: b.ID, SpecVersion: 4, Zip: manifestZip(t, "ApexClass BillingRuntime"), OrgIDs: ids(orgs, "other")}, ""},
		{"the owner's next version", Request{IntegrationID: a.ID, SpecVersion: 2, Zip: manifestZip(t, "ApexClass BillingRuntime", "ApexClass BillingNew"), OrgIDs: ids(orgs, "sbx")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n0, _ := st.Deployments(ctx, store.DeploymentFilter{})
			err := deployed(tt.req)
			var own *OwnershipError
			if tt.refused == "" {
				if err != nil {
					t.Fatalf("Start: %v", err)
				}
				return
			}
			if !errors.As(err, &own) || own.Org != "sbx" || own.Owner != "Billing" || !strings.Contains(err.Error(), tt.refused) ||
				!strings.Contains(err.Error(), `deployed by integration "Billing"`) || !strings.Contains(err.Error(), "would overwrite them") {
				t.Fatalf("Start err = %v; want an OwnershipError naming %s", err, tt.refused)
			}
			if n1, _ := st.Deployments(ctx, store.DeploymentFilter{}); len(n1) != len(n0) {
				t.Errorf("a refused deploy recorded a deployment")
			}
		})
	}
	if len(before) != 1 {
		t.Fatalf("%d deployments before the cases", len(before))
	}
}
