package store

import (
	"context"
	"testing"
	"time"
)

func TestOrgSchemaKeepsTheLastGoodSchemaAfterAFailure(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.CreateOrg(ctx, Org{Alias: "org1", Kind: OrgProduction, LoginURL: "https://login.salesforce.com", InstanceURL: "https://x.my.salesforce.com", Status: OrgConnected}, Tokens{AccessToken: "a", RefreshToken: "r"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.OrgSchema(ctx, o.ID)
	if err != nil || got.Data != nil || got.Age(time.Now()) != -1 {
		t.Fatalf("never fetched = %+v, %v", got, err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.SaveOrgSchema(ctx, o.ID, []byte(`{"objects":[]}`), at); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOrgSchemaError(ctx, o.ID, "API disabled", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err = s.OrgSchema(ctx, o.ID)
	if err != nil || string(got.Data) != `{"objects":[]}` || !got.FetchedAt.Equal(at) || got.Error != "API disabled" || got.Age(at.Add(2*time.Hour)) != 2*time.Hour {
		t.Fatalf("after a failure = %+v, %v", got, err)
	}
	if err := s.SaveOrgSchema(ctx, o.ID, []byte(`{}`), at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.OrgSchema(ctx, o.ID); got.Error != "" {
		t.Errorf("a successful refresh kept the error %q", got.Error)
	}
	if err := s.DeleteOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.OrgSchema(ctx, o.ID); got.Data != nil {
		t.Error("the schema outlived its org")
	}
}
