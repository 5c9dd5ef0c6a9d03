package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func specText(name string) string {
	return fmt.Sprintf("spec: patchbay/v1\nname: %s\nflows: []\n", name)
}

// TestSpecNamesAreUniqueRegardlessOfCase creates and renames integrations:
// a spec name another integration has is refused, with a free suggestion,
// at create and at save, and nothing is written for a refused save.
func TestSpecNamesAreUniqueRegardlessOfCase(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	billing, err := s.CreateIntegration(ctx, "Billing", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSpecVersion(ctx, billing.ID, specText("Billing"), "ann", true); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateIntegration(ctx, "BILLING", "", "bob")
	var taken *NameTakenError
	if !errors.As(err, &taken) || !errors.Is(err, ErrConflict) || taken.Holder != "Billing" || taken.Suggestion != "BILLING2" {
		t.Fatalf("create with a taken name: %v (%+v)", err, taken)
	}
	other, err := s.CreateIntegration(ctx, "Invoices", "", "bob")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSpecVersion(ctx, other.ID, 0, specText("Invoices"), "bob", true); err != nil {
		t.Fatal(err)
	}
	_, err = s.SaveSpecVersion(ctx, other.ID, 1, specText("billing"), "bob", true)
	if !errors.As(err, &taken) || taken.Name != "billing" || taken.HolderID != billing.ID || taken.Suggestion != "billing2" {
		t.Fatalf("save renaming to a taken name: %v", err)
	}
	if in, _ := s.Integration(ctx, other.ID); in.LatestVersion != 1 || in.SpecName != "Invoices" {
		t.Errorf("after a refused rename: version %d, spec name %q", in.LatestVersion, in.SpecName)
	}
	// An unreadable text keeps the name; a rename to a free name frees the
	// old one.
	if _, err := s.SaveSpecVersion(ctx, other.ID, 1, "spec: [", "bob", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSpecVersion(ctx, billing.ID, 1, specText("Payments"), "ann", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSpecVersion(ctx, other.ID, 2, specText("Billing"), "bob", true); err != nil {
		t.Errorf("renaming to a name that was freed: %v", err)
	}
	// The integration name Billing is still taken (by the renamed one), the
	// spec name is not: a new integration gets a numbered name.
	if in, err := s.CreateIntegration(ctx, "Invoices", "", "cy"); err != nil || in.Name != "Invoices2" || in.SpecName != "Invoices" {
		t.Errorf("create with a free spec name and a taken integration name = %+v, %v", in, err)
	}
	if got, err := s.SuggestSpecName(ctx, "Payments"); err != nil || got != "Payments2" {
		t.Errorf("SuggestSpecName = %q, %v", got, err)
	}
}

// TestExistingIntegrationsGetTheirSpecNames simulates a database from
// before migration 0004, where two integrations' specs share a name: on
// open, the older one gets it, the newer one none until it is renamed.
func TestExistingIntegrationsGetTheirSpecNames(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	var ids []int64
	for _, name := range []string{"Billing", "Billing2", "Broken"} {
		in, err := s.CreateIntegration(ctx, name, "", "ann")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, in.ID)
	}
	for i, text := range []string{specText("Billing"), specText("Billing"), "spec: ["} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO spec_versions (integration_id, version, spec_text, author, created_at, valid) VALUES (?, 1, ?, 'ann', 0, 0)`, ids[i], text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE integrations SET spec_name = NULL`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(ctx, path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, want := range []string{"Billing", "", ""} {
		if in, err := s.Integration(ctx, ids[i]); err != nil || in.SpecName != want {
			t.Errorf("integration %d: spec name %q (%v), want %q", ids[i], in.SpecName, err, want)
		}
	}
	if _, err := s.SaveSpecVersion(ctx, ids[1], 1, specText("Billing"), "ann", true); !errors.Is(err, ErrConflict) {
		t.Errorf("saving the duplicate again: %v, want a NameTakenError", err)
	}
	if _, err := s.SaveSpecVersion(ctx, ids[1], 1, specText("Billing_Two"), "ann", true); err != nil {
		t.Errorf("saving it under a free name: %v", err)
	}
}
