package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestFindIntegrations searches names, labels, spec names and spec
// descriptions regardless of case (beyond ASCII too), leaves archived
// integrations out unless asked, and counts what was searched.
func TestFindIntegrations(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	mk := func(name, label, desc string) Integration {
		t.Helper()
		in, err := s.CreateIntegration(ctx, name, label, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if desc != "" {
			if _, err := s.AddSpecVersion(ctx, in.ID, "spec: patchbay/v1\nname: "+name+"\ndescription: "+desc+"\nflows: []\n", "ann", true); err != nil {
				t.Fatal(err)
			}
		}
		return in
	}
	mk("Stripe_Invoices", "Invoices to Stripe", "Bills closed-won opportunities")
	mk("Zendesk_Cases", "Réclamations Zendesk", "")
	slack := mk("Slack_Escalations", "", "Posts escalated CASES to a channel")
	if changed, err := s.SetIntegrationArchived(ctx, slack.ID, true, "bob"); err != nil || !changed {
		t.Fatalf("archive: %v, %v", changed, err)
	}
	names := func(m IntegrationMatches) string {
		var out []string
		for _, in := range m.Integrations {
			out = append(out, in.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		f        IntegrationFilter
		want     string
		searched int
	}{
		{IntegrationFilter{}, "Zendesk_Cases,Stripe_Invoices", 2},
		{IntegrationFilter{WithArchived: true}, "Slack_Escalations,Zendesk_Cases,Stripe_Invoices", 3},
		{IntegrationFilter{Query: "  STRIPE "}, "Stripe_Invoices", 2},   // name and label
		{IntegrationFilter{Query: "closed-WON"}, "Stripe_Invoices", 2},  // description
		{IntegrationFilter{Query: "zendesk_cases"}, "Zendesk_Cases", 2}, // spec name
		{IntegrationFilter{Query: "RÉCLAMATIONS"}, "Zendesk_Cases", 2},  // non-ASCII case
		{IntegrationFilter{Query: "cases"}, "Zendesk_Cases", 2},         // archived left out
		{IntegrationFilter{Query: "cases", WithArchived: true}, "Slack_Escalations,Zendesk_Cases", 3},
		{IntegrationFilter{Query: "nothing like it"}, "", 2},
		{IntegrationFilter{Query: strings.Repeat("x", 500)}, "", 2},
	} {
		m, err := s.FindIntegrations(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(m); got != tc.want || m.Searched != tc.searched || m.Archived != 1 {
			t.Errorf("%+v: got %q of %d (%d archived), want %q of %d (1 archived)", tc.f, got, m.Searched, m.Archived, tc.want, tc.searched)
		}
	}
}

// TestArchiveKeepsEverything archives and unarchives: the state and who
// did it are recorded, a repeat changes nothing, versions are kept and the
// spec name stays taken while archived.
func TestArchiveKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	in, err := s.CreateIntegration(ctx, "Stripe_Sync", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSpecVersion(ctx, in.ID, specText("Stripe_Sync"), "ann", true); err != nil {
		t.Fatal(err)
	}
	if changed, err := s.SetIntegrationArchived(ctx, in.ID, true, "bob"); err != nil || !changed {
		t.Fatalf("archive: %v, %v", changed, err)
	}
	if changed, err := s.SetIntegrationArchived(ctx, in.ID, true, "cy"); err != nil || changed {
		t.Fatalf("archive again: %v, %v; want no change", changed, err)
	}
	got, err := s.Integration(ctx, in.ID)
	if err != nil || !got.Archived() || got.ArchivedBy != "bob" || got.LatestVersion != 1 || got.SpecName != "Stripe_Sync" {
		t.Fatalf("archived integration = %+v, %v", got, err)
	}
	var taken *NameTakenError
	if _, err := s.CreateIntegration(ctx, "stripe_sync", "", "cy"); !errors.As(err, &taken) {
		t.Errorf("an archived integration's spec name must stay taken: %v", err)
	}
	if changed, err := s.SetIntegrationArchived(ctx, in.ID, false, "cy"); err != nil || !changed {
		t.Fatalf("unarchive: %v, %v", changed, err)
	}
	if got, err := s.Integration(ctx, in.ID); err != nil || got.Archived() || got.ArchivedBy != "" {
		t.Errorf("unarchived integration = %+v, %v", got, err)
	}
	if _, err := s.SetIntegrationArchived(ctx, 999, true, "cy"); !errors.Is(err, ErrNotFound) {
		t.Errorf("archive a missing integration: %v, want ErrNotFound", err)
	}
}

// TestOpenFillsDescriptions checks that integrations from before migration
// 0010 get their newest readable version's description on Open.
func TestOpenFillsDescriptions(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	in, err := s.CreateIntegration(ctx, "Stripe_Sync", "", "ann")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSpecVersion(ctx, in.ID, "spec: patchbay/v1\nname: Stripe_Sync\ndescription: Sends invoices\nflows: []\n", "ann", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE integrations SET description = NULL`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Integration(ctx, in.ID); err != nil || got.Description != "Sends invoices" {
		t.Errorf("description after Open = %q, %v", got.Description, err)
	}
}
