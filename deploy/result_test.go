package deploy

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

func TestFirstError(t *testing.T) {
	tests := []struct {
		name string
		r    *salesforce.DeployResult
		want string
	}{
		{"no result", nil, ""},
		{"a success", &salesforce.DeployResult{Success: true}, ""},
		{"a component with line and column", &salesforce.DeployResult{ComponentFailures: []salesforce.ComponentMessage{
			{FileName: "classes/A.cls", LineNumber: 3, ColumnNumber: 9, Problem: "Unexpected token"}, {FileName: "classes/B.cls", Problem: "later"}}},
			"classes/A.cls:3:9: Unexpected token"},
		{"a component without a file or line", &salesforce.DeployResult{ComponentFailures: []salesforce.ComponentMessage{{FullName: "Acme__c", Problem: "duplicate"}}},
			"Acme__c: duplicate"},
		{"a failed test", &salesforce.DeployResult{TestFailures: []salesforce.TestFailure{{Name: "A_Test", MethodName: "works", Message: "boom"}}},
			"test A_Test.works failed: boom"},
		{"a class without coverage", &salesforce.DeployResult{CodeCoverageWarnings: []salesforce.CoverageWarning{{Name: "A", Message: "0%"}}},
			"code coverage: A: 0%"},
		{"overall coverage", &salesforce.DeployResult{CodeCoverageWarnings: []salesforce.CoverageWarning{{Message: "Average 12%"}}},
			"code coverage: Average 12%"},
		{"only an error message", &salesforce.DeployResult{ErrorMessage: "INVALID_OPERATION: nope"}, "INVALID_OPERATION: nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FirstError(tt.r); got != tt.want {
				t.Errorf("FirstError = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKeptCredentialsArePushedByAResumedDeploy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	st := openStore(t, path)
	o := addOrg(t, st, "acme", store.OrgSandbox)
	creds := []salesforce.PrincipalCredentials{{ExternalCredential: "Stripe", PrincipalName: "Key",
		Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: "sk_live_kept", Encrypted: true}}}}
	first := &fakeConnector{orgs: map[string]*fakeOrg{"acme": {statuses: []step{inProgress(0, 1)}}}, busy: &concurrency{}}
	svc := New(st, first, fastOptions())
	d, jobs, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: []int64{o.ID}, Credentials: creds, KeepCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	if !svc.Running(d.ID) || !svc.Follows(d.ID) {
		t.Error("a started deployment is not reported running")
	}
	for {
		if j, _ := st.Job(ctx, jobs[0].ID); j.AsyncID != "" {
			break
		}
		time.Sleep(time.Millisecond)
	}
	svc.Close()

	fake := &fakeOrg{statuses: []step{succeeded(1)}}
	svc2 := New(st, &fakeConnector{orgs: map[string]*fakeOrg{"acme": fake}, busy: &concurrency{}}, fastOptions())
	defer svc2.Close()
	if n, err := svc2.Resume(ctx); err != nil || n != 1 {
		t.Fatalf("Resume = %d, %v", n, err)
	}
	if _, _, err := svc2.Wait(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if svc2.Running(d.ID) || !svc2.Follows(d.ID) {
		t.Error("a finished deployment: want not running, still followed for a while")
	}
	if len(fake.creds) != 1 || fake.creds[0].Credentials["ApiKey"].Value != "sk_live_kept" {
		t.Errorf("the resumed deploy pushed %d credentials", len(fake.creds))
	}
	if deploys, _ := fake.counts(); deploys != 0 {
		t.Errorf("the resumed deploy was sent again")
	}
	if _, err := st.SettingValue(ctx, credentialsKey(d.ID)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the kept credentials outlived the deployment: %v", err)
	}
}

func TestKeptCredentialsAreDeletedWhenEveryJobIsFinal(t *testing.T) {
	creds := []salesforce.PrincipalCredentials{{ExternalCredential: "Stripe", PrincipalName: "Key",
		Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: "sk_live_kept", Encrypted: true}}}}
	tests := []struct {
		name string
		orgs map[string]*fakeOrg
		want store.DeploymentStatus
	}{
		{"succeeded", map[string]*fakeOrg{"a": {statuses: []step{succeeded(1)}}, "b": {statuses: []step{succeeded(1)}}}, store.DeploymentSucceeded},
		{"one failed", map[string]*fakeOrg{"a": {statuses: []step{succeeded(1)}}, "b": {deployErrs: []error{apiErr(salesforce.ErrInvalidRequest, 400)}}}, store.DeploymentFailed},
		{"one unknown", map[string]*fakeOrg{"a": {statuses: []step{succeeded(1)}}, "b": {statuses: []step{{err: apiErr(salesforce.ErrTransient, 503)}}}}, store.DeploymentUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t, filepath.Join(t.TempDir(), "p.db"))
			a, b := addOrg(t, st, "a", store.OrgSandbox), addOrg(t, st, "b", store.OrgSandbox)
			svc := New(st, &fakeConnector{orgs: tt.orgs, busy: &concurrency{}}, fastOptions())
			defer svc.Close()
			d, _, err := svc.Start(ctx, Request{Zip: []byte("zip"), OrgIDs: []int64{a.ID, b.ID}, Credentials: creds, KeepCredentials: true})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := svc.Wait(ctx, d.ID)
			if err != nil || got.Status != tt.want {
				t.Fatalf("deployment %s, %v; want %s", got.Status, err, tt.want)
			}
			if _, err := st.SettingValue(ctx, credentialsKey(d.ID)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the kept credentials are still stored: %v", err)
			}
		})
	}
}

func TestResumeDeletesCredentialsLeftByFinishedDeployments(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "p.db"))
	o := addOrg(t, st, "acme", store.OrgSandbox)
	d, jobs, err := st.CreateDeployment(ctx, store.NewDeployment{Zip: []byte("zip"), Targets: []store.Target{{OrgID: o.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	jobs[0].Status = store.JobSucceeded
	if err := st.UpdateJob(ctx, jobs[0]); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, credentialsKey(d.ID), `[{"externalCredential":"Stripe"}]`, true); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, credentialsKey(9999), `[]`, true); err != nil { // its deployment is gone
		t.Fatal(err)
	}
	svc := New(st, &fakeConnector{orgs: map[string]*fakeOrg{}}, fastOptions())
	defer svc.Close()
	if _, err := svc.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{d.ID, 9999} {
		if _, err := st.SettingValue(ctx, credentialsKey(id)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("credentials of deployment %d are still stored: %v", id, err)
		}
	}
}
