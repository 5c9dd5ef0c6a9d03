package deploy

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// TestAValidationIsQuickDeployedWithoutSendingThePackageAgain validates in
// two simulated orgs, then quick deploys: each org receives a deploy of its
// own validation (deployRecentValidation), not a new package.
func TestAValidationIsQuickDeployedWithoutSendingThePackageAgain(t *testing.T) {
	ctx := context.Background()
	w := newSimWorld(t, 50*time.Millisecond, "prod", "uat")
	svc := New(w.st, w.conn, simOptions())
	defer svc.Close()
	v, _, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod", "uat"), CheckOnly: true,
		TestLevel: salesforce.TestLevelRunLocalTests, CreatedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	vd, vjobs, err := svc.Wait(ctx, v.ID)
	if err != nil || vd.Status != store.DeploymentSucceeded {
		t.Fatalf("validation %s, %v", vd.Status, err)
	}
	if orgs, until := QuickDeployable(vd, vjobs, time.Now()); len(orgs) != 2 || until.Sub(vd.FinishedAt) != QuickDeployWindow {
		t.Fatalf("quick deployable in %v until %v", orgs, until)
	}
	if orgs, _ := QuickDeployable(vd, vjobs, vd.FinishedAt.Add(QuickDeployWindow+time.Minute)); orgs != nil {
		t.Errorf("a validation older than 10 days is offered: %v", orgs)
	}

	d, _, err := svc.QuickDeploy(ctx, v.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	got, jobs, err := svc.Wait(ctx, d.ID)
	if err != nil || got.Status != store.DeploymentSucceeded || got.Options.CheckOnly {
		for _, j := range jobs {
			t.Logf("%s: %s %s", j.OrgAlias, j.Status, j.Error)
		}
		t.Fatalf("quick deploy %s (check only %v), %v", got.Status, got.Options.CheckOnly, err)
	}
	validationOf := map[string]string{}
	for _, j := range vjobs {
		validationOf[j.OrgAlias] = j.AsyncID
	}
	for _, a := range []string{"prod", "uat"} {
		deploys := w.srv.Deploys(a)
		if len(deploys) != 2 || deploys[1].QuickDeployOf != validationOf[a] || !deploys[1].Success || deploys[1].CheckOnly {
			t.Errorf("%s saw %+v; want the validation %s quick deployed", a, deploys, validationOf[a])
		}
	}
	// A deploy, or a validation already used, is not deployed again.
	if _, _, err := svc.QuickDeploy(ctx, d.ID, "test"); !errors.Is(err, ErrNotQuickDeployable) {
		t.Errorf("quick deploying a deploy: %v", err)
	}
	if as, ok := svc.QuickDeployedAs(ctx, v.ID); !ok || as != d.ID {
		t.Errorf("the validation is not known as deployed by %d: %d %v", d.ID, as, ok)
	}
	if _, _, err := svc.QuickDeploy(ctx, v.ID, "test"); !errors.Is(err, ErrNotQuickDeployable) {
		t.Errorf("quick deploying a validation twice: %v", err)
	}
}

func TestAValidationWithoutTestsIsNotQuickDeployable(t *testing.T) {
	finished := time.Now().Add(-time.Hour)
	d := store.Deployment{Options: store.DeployOptions{CheckOnly: true}, Status: store.DeploymentSucceeded, FinishedAt: finished}
	for _, tc := range []struct {
		name string
		d    store.Deployment
		jobs []store.Job
		want int
	}{
		{"tests ran", d, []store.Job{{OrgID: 1, AsyncID: "0Af1", Status: store.JobSucceeded, TestLevel: salesforce.TestLevelRunSpecifiedTests}}, 1},
		{"no tests", d, []store.Job{{OrgID: 1, AsyncID: "0Af1", Status: store.JobSucceeded, TestLevel: salesforce.TestLevelNoTestRun}}, 0},
		{"failed org", d, []store.Job{{OrgID: 1, AsyncID: "0Af1", Status: store.JobFailed, TestLevel: salesforce.TestLevelRunLocalTests}}, 0},
		{"org removed", d, []store.Job{{OrgID: 0, AsyncID: "0Af1", Status: store.JobSucceeded, TestLevel: salesforce.TestLevelRunLocalTests}}, 0},
		{"a deploy", store.Deployment{Status: store.DeploymentSucceeded, FinishedAt: finished},
			[]store.Job{{OrgID: 1, AsyncID: "0Af1", Status: store.JobSucceeded, TestLevel: salesforce.TestLevelRunLocalTests}}, 0},
	} {
		if orgs, _ := QuickDeployable(tc.d, tc.jobs, time.Now()); len(orgs) != tc.want {
			t.Errorf("%s: %v, want %d orgs", tc.name, orgs, tc.want)
		}
	}
}
