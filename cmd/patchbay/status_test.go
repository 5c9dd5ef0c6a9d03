package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/health"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
)

func TestStatusChecksTheOrgStartsSchedulesAndTurnsHealthy(t *testing.T) {
	w := newCLIWorld(t, sfsim.Options{Orgs: simOrgs(), DeployDuration: 20 * time.Millisecond})
	connectSimOrgs(t, w)
	ctx := context.Background()
	specFile := filepath.Join("..", "..", "examples", "netsuite-nightly-invoices.yaml")
	s, err := readSpecFile(&environment{}, specFile)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := w.run(ctx, "deploy", specFile, "--org", "prod"); code != 0 {
		t.Fatalf("deploy: exit %d\n%s\n%s", code, out, errOut)
	}

	code, out, errOut := w.run(ctx, "status", specFile, "--org", "prod")
	if code != 1 || !strings.Contains(out, "failing") || !strings.Contains(out, "Left to do in prod for "+s.Name) ||
		!strings.Contains(out, "sf org assign permset --name ") || !strings.Contains(out, "System.schedule(") || !strings.Contains(out, "--start-schedules") {
		t.Fatalf("right after deploy: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// The admin enters the credentials and assigns the permission set in
	// the org; patchbay starts the schedules.
	setSimCredentials(t, w, "prod", s)
	b, _ := generator.Generate(s)
	if err := w.srv.AssignPermissionSet("prod", "admin@prod.sfsim", b.Setup.PermissionSet); err != nil {
		t.Fatal(err)
	}
	code, out, _ = w.run(ctx, "status", specFile, "--org", "prod", "--start-schedules")
	if !strings.Contains(out, "started the schedule "+b.Setup.Schedules[0].Flow) || !strings.Contains(out, "No run logged yet") || code != 0 {
		t.Fatalf("after the steps: exit %d\n%s", code, out)
	}
	if jobs := w.srv.ScheduledJobs("prod"); len(jobs) != 2 || !slices.Contains(jobs, s.Name+" sweep") {
		t.Fatalf("jobs in the org: %v", jobs)
	}
	writeSimLog(t, w, "prod", map[string]any{"Integration__c": s.Name, "Flow__c": s.Flows[0].Name, "Status__c": "Success", "Attempt__c": 1})

	code, out, errOut = w.run(ctx, "status", specFile, "--org", "prod", "--json")
	var got struct {
		Reports []health.OrgReport `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 0 || len(got.Reports) != 1 || got.Reports[0].Status != health.Healthy || !got.Reports[0].Checklist.Live || got.Reports[0].Runs.Successes != 1 {
		t.Fatalf("healthy: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, ok := got.Reports[0].Limits[salesforce.LimitDailyAPIRequests]; !ok {
		t.Errorf("no API use in %s", out)
	}
	code, out, _ = w.run(ctx, "status", specFile, "--org", "prod", "--start-schedules")
	if code != 0 || !strings.Contains(out, "was already started") || len(w.srv.ScheduledJobs("prod")) != 2 {
		t.Errorf("starting again: exit %d\n%s", code, out)
	}
}

// setSimCredentials enters a spec's credentials in a simulated org, as an
// admin does in Setup.
func setSimCredentials(t *testing.T, w *cliWorld, alias string, s *spec.Spec) {
	t.Helper()
	tok, err := w.srv.IssueToken(alias, "")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range generator.Credentials(s) {
		vals := map[string]salesforce.CredentialValue{}
		for _, k := range c.Keys {
			vals[k.Name] = salesforce.CredentialValue{Value: "v", Encrypted: k.Secret}
		}
		if err := cl.SetCredential(context.Background(), salesforce.PrincipalCredentials{ExternalCredential: c.ExternalCredential,
			AuthenticationProtocol: c.Protocol, PrincipalName: c.Principal, PrincipalType: c.PrincipalType, Credentials: vals}); err != nil {
			t.Fatal(err)
		}
	}
}
