package generator

import (
	"os"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestSetupMatchesTheReadme keeps the steps a deploy outcome lists equal
// to the README's "After install".
func TestSetupMatchesTheReadme(t *testing.T) {
	for _, tc := range []struct {
		file               string
		schedules, hooks   int
		permissionSet      string
		wantApex, wantPath string
	}{
		{"../examples/netsuite-nightly-invoices.yaml", 1, 0, "NetSuiteInvoices_Integration", "System.schedule('", ""},
		{"../examples/zendesk-ticket-webhook.yaml", 0, 1, "ZendeskTickets_Integration", ".setSecret('", "/services/apexrest/zendesk/tickets"},
		{"../examples/stripe-invoice-on-closed-won.yaml", 0, 0, "", "", ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := spec.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Generate(sp)
			if err != nil {
				t.Fatal(err)
			}
			var readme string
			for _, f := range b.Files {
				if f.Path == "README.md" {
					readme = string(f.Data)
				}
			}
			su := b.Setup
			if len(su.Schedules) != tc.schedules || len(su.Webhooks) != tc.hooks {
				t.Fatalf("setup %+v", su)
			}
			if tc.permissionSet != "" && su.PermissionSet != tc.permissionSet {
				t.Errorf("permission set %q", su.PermissionSet)
			}
			if !strings.Contains(readme, "--name "+su.PermissionSet) {
				t.Errorf("the README assigns another permission set than %q", su.PermissionSet)
			}
			if !strings.Contains(su.Sweep.Apex, "Sweep.CRON") || !strings.Contains(readme, su.Sweep.Apex) {
				t.Errorf("sweep %q is not the README's", su.Sweep.Apex)
			}
			for _, s := range su.Schedules {
				if !strings.HasPrefix(s.Apex, tc.wantApex) || !strings.Contains(readme, s.Apex) {
					t.Errorf("schedule %q is not the README's", s.Apex)
				}
			}
			for _, w := range su.Webhooks {
				if w.Path != tc.wantPath || !strings.Contains(readme, "https://<your domain>"+w.Path) {
					t.Errorf("webhook path %q is not the README's", w.Path)
				}
				if !w.Signed || !strings.Contains(w.SecretApex, tc.wantApex) || !strings.Contains(readme, w.SecretApex) {
					t.Errorf("webhook secret %q is not the README's", w.SecretApex)
				}
			}
		})
	}
}
