package web

import (
	"context"
	"errors"
	"time"

	"github.com/patchbay/patchbay/health"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// HealthStore is the part of the store the health pages use. *store.Store implements it.
type HealthStore interface {
	health.Store
	HealthReports(ctx context.Context, integration string) ([]store.HealthReport, error)
	HealthReport(ctx context.Context, orgID int64, integration string) (store.HealthReport, error)
}

// errNoHealthStore means the server's store cannot keep health reports.
var errNoHealthStore = errors.New("this store keeps no health reports")

// healthStore returns the store as a HealthStore.
func (s *Server) healthStore() (HealthStore, error) {
	hs, ok := s.store.(HealthStore)
	if !ok {
		return nil, errNoHealthStore
	}
	return hs, nil
}

// deployedIn is an org with the spec of an integration deployed there.
type deployedIn struct {
	org  store.Org
	spec *spec.Spec
}

// deployedOrgs lists the orgs an integration was deployed to successfully,
// each with the spec version deployed there last.
func (s *Server) deployedOrgs(ctx context.Context, hs HealthStore, integrationID int64) ([]deployedIn, error) {
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []deployedIn
	for _, o := range orgs {
		deps, err := health.DeployedTo(ctx, hs, o.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range deps {
			if d.IntegrationID == integrationID {
				out = append(out, deployedIn{org: o, spec: d.Spec})
			}
		}
	}
	return out, nil
}

// checkHealth checks an integration in one org now and stores the report.
func (s *Server) checkHealth(ctx context.Context, hs HealthStore, d deployedIn) (health.OrgReport, error) {
	cl, err := s.orgClient(ctx, d.org)
	if err != nil {
		r := health.OrgReport{Org: d.org.Alias, Integration: d.spec.Name, Error: health.FailureMessage(err)}
		r.CheckedAt = time.Now()
		return r, health.Save(ctx, hs, d.org.ID, r)
	}
	return health.Evaluate(ctx, hs, cl, d.org, d.spec, time.Now(), health.DefaultThresholds)
}

// OrgClient connects to a stored org as the pages do, with the Salesforce
// app from the settings, storing refreshed tokens: for the alert poller.
func (s *Server) OrgClient(ctx context.Context, o store.Org) (*salesforce.Client, error) {
	return s.orgClient(ctx, o)
}
