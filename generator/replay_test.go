package generator

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestReplayResourceCoversRecordFlows checks which packages get the replay
// resource, for which flows, at which path, and that the permission set
// grants its class.
func TestReplayResourceCoversRecordFlows(t *testing.T) {
	for _, tc := range []struct {
		file      string
		namespace string
		wantPath  string // "" when the package has no replay resource
		wantFlows []string
	}{
		{"../examples/stripe-invoice-on-closed-won.yaml", "", "/services/apexrest/acmebill/patchbay/StripeBilling/replay", []string{"InvoiceOnClosedWon"}},
		{"../examples/stripe-invoice-on-closed-won.yaml", "acme", "/services/apexrest/acme/patchbay/StripeBilling/replay", []string{"InvoiceOnClosedWon"}},
		{"../examples/hubspot-lead-cdc.yaml", "", "/services/apexrest/patchbay/HubSpotLeads/replay", []string{"LeadToContact", "LeadEmailChanged"}},
		// CustomerForAccount reads prior values: only the delete flow is replayed.
		{"../examples/quickbooks-client-credentials.yaml", "", "/services/apexrest/patchbay/QuickBooksSync/replay", []string{"ArchiveDeletedAccount"}},
		{"../examples/zendesk-ticket-webhook.yaml", "", "", nil},
		{"../examples/netsuite-nightly-invoices.yaml", "", "", nil},
	} {
		t.Run(tc.file+" "+tc.namespace, func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := spec.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			if tc.namespace != "" {
				if sp.Package == nil {
					sp.Package = &spec.Package{}
				}
				sp.Package.Namespace = tc.namespace
			}
			b, err := Generate(sp)
			if err != nil {
				t.Fatal(err)
			}
			class := ""
			var perms string
			for _, f := range b.Files {
				if strings.HasSuffix(f.Path, "Replay.cls") {
					class = string(f.Data)
				}
				if strings.HasSuffix(f.Path, ".permissionset-meta.xml") {
					perms = string(f.Data)
				}
			}
			if tc.wantPath == "" {
				if b.Setup.Replay != nil || class != "" {
					t.Fatalf("no flow can be replayed, yet setup %+v, class %q", b.Setup.Replay, class)
				}
				return
			}
			if b.Setup.Replay == nil || b.Setup.Replay.Path != tc.wantPath || !slices.Equal(b.Setup.Replay.Flows, tc.wantFlows) {
				t.Fatalf("replay setup %+v, want %s %v", b.Setup.Replay, tc.wantPath, tc.wantFlows)
			}
			mapping := "@RestResource(urlMapping='/patchbay/" + sp.Name + "/replay')"
			if !strings.Contains(class, mapping) || !strings.Contains(class, "global with sharing class") || !strings.Contains(class, "PermissionSetAssignment") {
				t.Errorf("the replay class lacks its mapping %s, sharing or permission check:\n%s", mapping, class)
			}
			for _, fl := range tc.wantFlows {
				if !strings.Contains(class, "when '"+fl+"'") {
					t.Errorf("the replay class does not replay %s", fl)
				}
			}
			if !strings.Contains(perms, "<apexClass>"+sp.Name+"Replay</apexClass>") {
				t.Errorf("the permission set does not grant the replay class:\n%s", perms)
			}
		})
	}
}

// TestFlowsReadingPriorValuesAreNotReplayable: the prior values are gone
// once a change is saved, so such a flow cannot run again faithfully.
func TestFlowsReadingPriorValuesAreNotReplayable(t *testing.T) {
	for _, tc := range []struct {
		m    flowModel
		want bool
	}{
		{flowModel{IsRecord: true}, true},
		{flowModel{IsCDC: true}, true},
		{flowModel{IsRecord: true, StorePrior: true}, false},
		{flowModel{IsEvent: true}, false},
		{flowModel{IsSchedule: true}, false},
		{flowModel{IsWebhook: true}, false},
		{flowModel{IsAction: true}, false},
	} {
		if got := tc.m.Replayable(); got != tc.want {
			t.Errorf("%+v: replayable %v, want %v", tc.m, got, tc.want)
		}
	}
}
