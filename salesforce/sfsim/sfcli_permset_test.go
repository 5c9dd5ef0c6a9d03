package sfsim_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/salesforce"
)

// TestSFCLIAssignsAPermissionSet runs the command patchbay's checklist
// shows, `sf org assign permset`, against a simulated org, and reads the
// assignment back as patchbay's check does.
func TestSFCLIAssignsAPermissionSet(t *testing.T) {
	sf := newSFCLI(t)
	srv, c, b := deployExample(t, "clearbit-enrichment")
	tok, _ := srv.IssueToken("prod", "")
	if out, code := sf.run(sf.dir, []string{"SF_ACCESS_TOKEN=" + tok.AccessToken},
		"org", "login", "access-token", "--instance-url", tok.InstanceURL, "--no-prompt", "--alias", "prod", "--json"); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, tail(string(out), 3000))
	}
	out, code := sf.run(sf.dir, nil, "org", "assign", "permset", "--name", b.Setup.PermissionSet, "--target-org", "prod", "--json")
	if code != 0 {
		t.Fatalf("assign permset exited %d:\n%s", code, tail(string(out), 3000))
	}
	n := 0
	q := "SELECT Id, AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = " + salesforce.SOQLString(b.Setup.PermissionSet)
	if err := salesforce.QueryRows(context.Background(), c, q, func(json.RawMessage) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("%d assignments after sf assigned it (%v)", n, err)
	}
	// Again: Salesforce refuses the duplicate, and so does the simulator.
	if out, code := sf.run(sf.dir, nil, "org", "assign", "permset", "--name", b.Setup.PermissionSet, "--target-org", "prod", "--json"); code == 0 || !strings.Contains(string(out), "Duplicate") {
		t.Errorf("assigning twice: exit %d\n%s", code, tail(string(out), 2000))
	}
}
