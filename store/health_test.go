package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestHealthReportsKeepTheLastCheckPerOrgAndIntegration(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.CreateOrg(ctx, Org{Alias: "org1", Kind: OrgProduction, LoginURL: "https://login.salesforce.com", InstanceURL: "https://x.my.salesforce.com", Status: OrgConnected}, Tokens{AccessToken: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HealthReport(ctx, o.ID, "Billing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("never checked: %v", err)
	}
	t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	if err := s.SaveHealthReport(ctx, HealthReport{OrgID: o.ID, Integration: "Billing", Status: "failing", Summary: "3 of 4 runs failed", Report: []byte(`{"a":1}`), CheckedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveHealthReport(ctx, HealthReport{OrgID: o.ID, Integration: "Billing", Status: "healthy", Live: true, Report: []byte(`{}`), CheckedAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	h, err := s.HealthReport(ctx, o.ID, "Billing")
	if err != nil || h.Status != "healthy" || !h.Live || h.Summary != "" || !h.CheckedAt.Equal(t0.Add(time.Hour)) || h.OrgAlias != "org1" {
		t.Fatalf("got %+v, %v", h, err)
	}
	if err := s.SaveHealthReport(ctx, HealthReport{OrgID: o.ID, Integration: "Other", Status: "unknown", CheckedAt: t0}); err != nil {
		t.Fatal(err)
	}
	all, err := s.HealthReports(ctx, "")
	if err != nil || len(all) != 2 || all[0].Integration != "Billing" {
		t.Fatalf("all: %+v, %v", all, err)
	}
	one, err := s.HealthReports(ctx, "Other")
	if err != nil || len(one) != 1 || one[0].Status != "unknown" {
		t.Fatalf("one: %+v, %v", one, err)
	}
	if err := s.DeleteOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.HealthReports(ctx, ""); len(all) != 0 {
		t.Errorf("reports outlive their org: %+v", all)
	}
}
