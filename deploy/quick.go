package deploy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// QuickDeployWindow is how long Salesforce keeps a successful validation
// deployable without running its tests again (deployRecentValidation).
const QuickDeployWindow = 10 * 24 * time.Hour

// ErrNotQuickDeployable reports a deployment that is not a validation
// Salesforce would quick deploy: not check-only, not successful, run
// without tests, or older than QuickDeployWindow.
var ErrNotQuickDeployable = errors.New("deploy: not a validation that can be quick deployed")

// quickDeployer is the part of an org client that deploys a validation
// (*salesforce.Client implements it).
type quickDeployer interface {
	QuickDeploy(ctx context.Context, validatedID string) (string, error)
}

// validatedKey is the setting in which a quick deploy's job keeps the
// Salesforce id of the validation it deploys in its org.
func validatedKey(jobID int64) string {
	return fmt.Sprintf("deploy.job.%d.validated-id", jobID)
}

// QuickDeployable returns the orgs a finished deployment validated the
// package in and that Salesforce would quick deploy (tests ran and passed,
// within QuickDeployWindow of now), and until when.
func QuickDeployable(d store.Deployment, jobs []store.Job, now time.Time) (orgIDs []int64, until time.Time) {
	if !d.Options.CheckOnly || d.Status != store.DeploymentSucceeded || d.FinishedAt.IsZero() {
		return nil, time.Time{}
	}
	until = d.FinishedAt.Add(QuickDeployWindow)
	if !now.Before(until) {
		return nil, time.Time{}
	}
	for _, j := range jobs {
		if j.Status == store.JobSucceeded && j.AsyncID != "" && j.OrgID != 0 && j.TestLevel != salesforce.TestLevelNoTestRun {
			orgIDs = append(orgIDs, j.OrgID)
		}
	}
	if len(orgIDs) == 0 {
		return nil, time.Time{}
	}
	return orgIDs, until
}

// QuickDeploy deploys the package a successful validation checked, to the
// orgs it was validated in, without running the tests again: each job asks
// Salesforce to deploy its org's validation. createdBy is who asked.
func (s *Service) QuickDeploy(ctx context.Context, validationID int64, createdBy string) (store.Deployment, []store.Job, error) {
	v, err := s.st.Deployment(ctx, validationID)
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: quick deploy: %w", err)
	}
	vjobs, err := s.st.Jobs(ctx, validationID)
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: quick deploy: %w", err)
	}
	orgIDs, _ := QuickDeployable(v, vjobs, time.Now())
	if _, used := s.QuickDeployedAs(ctx, validationID); len(orgIDs) == 0 || used {
		return store.Deployment{}, nil, ErrNotQuickDeployable
	}
	validated := map[int64]string{}
	for _, j := range vjobs {
		validated[j.OrgID] = j.AsyncID
	}
	zip, err := s.st.DeploymentZip(ctx, validationID)
	if err != nil {
		return store.Deployment{}, nil, fmt.Errorf("deploy: quick deploy: %w", err)
	}
	d, jobs, err := s.Start(ctx, Request{IntegrationID: v.IntegrationID, SpecVersion: v.SpecVersion, ZipName: v.ZipName, Zip: zip,
		OrgIDs: orgIDs, TestLevel: v.Options.TestLevel, RunTests: v.Options.RunTests, CreatedBy: createdBy, validated: validated})
	if err != nil {
		return d, jobs, err
	}
	// Salesforce deploys a validation once: remember it was.
	if err := s.st.SetSetting(ctx, quickDeployedKey(validationID), strconv.FormatInt(d.ID, 10), false); err != nil {
		s.log.Warn("record quick deploy", "validation", validationID, "deployment", d.ID, "err", err)
	}
	return d, jobs, nil
}

func quickDeployedKey(validationID int64) string {
	return fmt.Sprintf("deploy.%d.quick-deployed-as", validationID)
}

// QuickDeployedAs returns the deployment that quick deployed a validation,
// if one did.
func (s *Service) QuickDeployedAs(ctx context.Context, validationID int64) (int64, bool) {
	v, err := s.st.SettingValue(ctx, quickDeployedKey(validationID))
	if err != nil {
		return 0, false
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil
}

// recordValidated keeps, before the jobs run, which validation each job
// deploys.
func (s *Service) recordValidated(ctx context.Context, jobs []store.Job, validated map[int64]string) error {
	for _, j := range jobs {
		if id := validated[j.OrgID]; id != "" {
			if err := s.st.SetSetting(ctx, validatedKey(j.ID), id, false); err != nil {
				return fmt.Errorf("deploy: record the validation to deploy: %w", err)
			}
		}
	}
	return nil
}

// request sends the job's deploy: the package, or, for a quick deploy,
// the org's validation.
func (w *worker) request(ctx context.Context, client OrgClient, zip []byte, opts salesforce.DeployOptions) (string, error) {
	sctx, cancel := storeCtx(ctx)
	vid, err := w.s.st.SettingValue(sctx, validatedKey(w.job.ID))
	cancel()
	switch {
	case errors.Is(err, store.ErrNotFound):
		return client.Deploy(ctx, zip, opts)
	case err != nil:
		return "", fmt.Errorf("reading the validation to deploy: %w", err)
	}
	qd, ok := client.(quickDeployer)
	if !ok {
		return "", errors.New("this connection cannot deploy a validation")
	}
	return qd.QuickDeploy(ctx, vid)
}
