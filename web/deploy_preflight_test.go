package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/store"
)

// regionSpec reads Account.Region__c, which Demo Production has and Demo
// Sandbox lacks, and compares StageName with a value only the production
// org's Stage picklist holds.
const regionSpec = `spec: patchbay/v1
name: RegionSync
systems:
  - {name: Erp, url: https://erp.example.com, auth: {type: bearer}}
flows:
  - name: WonDeals
    trigger:
      type: recordChange
      object: Opportunity
      on: [update]
      when:
        - {field: StageName, op: changedTo, value: Negotiation/Review}
        - {field: Account.Region__c, op: equals, value: EMEA}
    steps:
      - id: push
        type: call
        system: Erp
        method: POST
        path: /deals
        body:
          format: json
          fields:
            region: "{!record.Account.Region__c}"
`

func TestDeployPreflightBlocksTheOrgThatLacksAFieldUnlessAnAdminOverrides(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	sv, err := a.st.AddSpecVersion(ctx, a.exampleID(), regionSpec, "ada", true)
	if err != nil {
		t.Fatal(err)
	}
	path := "/integrations/" + itoa64(a.exampleID()) + "/versions/" + itoa64(int64(sv.Version)) + "/deploy"
	form := url.Values{"mode": {"check"}, "tests": {"RunLocalTests"}, "org": {itoa64(a.orgID("Demo Production")), itoa64(a.orgID("Demo Sandbox"))}}

	c := a.as("ada")
	rec := c.post(path, form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	d := doc(t, rec)
	if got := testid(d, "deploy-error").Text(); !strings.Contains(got, "does not match Demo Sandbox") || strings.Contains(got, "Demo Production") {
		t.Errorf("error: %q", got)
	}
	got := testid(d, "preflight").Text()
	for _, want := range []string{
		"line 13: flows[0].trigger.when[1].field: Region__c is not a field of Account in Demo Sandbox",
		`line 12: flows[0].trigger.when[0].value: "Negotiation/Review" is not a value of Opportunity.StageName in Demo Sandbox`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("preflight lacks %q:\n%s", want, got)
		}
	}
	if testid(d, "override-schema").Length() != 1 {
		t.Error("an admin is not offered the override")
	}
	if deps, _ := a.st.Deployments(ctx, store.DeploymentFilter{}); len(deps) != 0 {
		t.Fatalf("a blocked deploy was started: %+v", deps)
	}
	// An editor's override is not one.
	ed := url.Values{"mode": {"check"}, "tests": {"RunLocalTests"}, "org": {itoa64(a.orgID("Demo Sandbox"))}, "override_schema": {"1"}}
	rec = a.as("eddie").post(path, ed)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	if testid(doc(t, rec), "override-schema").Length() != 0 {
		t.Error("an editor is offered the override")
	}
	// Production alone passes.
	rec = c.post(path, url.Values{"mode": {"check"}, "tests": {"RunLocalTests"}, "org": {itoa64(a.orgID("Demo Production"))}})
	wantStatus(t, rec, http.StatusSeeOther)
	// The override deploys and is audited.
	form.Set("override_schema", "1")
	wantStatus(t, c.post(path, form), http.StatusSeeOther)
	log, _ := a.st.AuditLog(ctx, 50, 0)
	audited := false
	for _, e := range log {
		if e.Action == "deploy.preflight_override" && strings.Contains(e.Detail, "Demo Sandbox") && e.Actor == "ada" {
			audited = true
		}
	}
	if !audited {
		t.Errorf("the override was not audited: %+v", log)
	}
}
