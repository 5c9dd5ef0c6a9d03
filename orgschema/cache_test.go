package orgschema_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

type failing struct{ err error }

func (f failing) DescribeOrg(context.Context, *salesforce.OrgSchema, salesforce.DescribeOptions) (salesforce.OrgSchema, error) {
	return salesforce.OrgSchema{}, f.err
}

func TestCacheRefreshesWhenOldAndKeepsTheOldSchemaOnFailure(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o, err := st.CreateOrg(ctx, store.Org{Alias: "org1", Kind: store.OrgProduction, LoginURL: "https://login.salesforce.com", InstanceURL: "https://x.my.salesforce.com", Status: store.OrgConnected}, store.Tokens{AccessToken: "a"})
	if err != nil {
		t.Fatal(err)
	}
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	tok, _ := srv.IssueToken("org1", "")
	cl, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now().UTC()
	now := func() time.Time { return clock }
	c, err := orgschema.Get(ctx, st, o.ID, cl, time.Hour, now)
	if err != nil || c.Schema == nil || c.Schema.Object("Opportunity") == nil {
		t.Fatalf("first Get = %+v, %v", c.Error, err)
	}
	first := c.FetchedAt
	// Young enough: no refresh, even with a describer that would fail.
	c, err = orgschema.Get(ctx, st, o.ID, failing{errors.New("boom")}, time.Hour, now)
	if err != nil || !c.FetchedAt.Equal(first) || c.Error != "" {
		t.Fatalf("fresh Get = %+v, %v", c, err)
	}
	// Old: a refresh is tried; its failure is recorded and the old schema kept.
	clock = clock.Add(3 * time.Hour)
	limit := &salesforce.APIError{Kind: salesforce.ErrLimitExceeded, Op: "describe global", Code: "REQUEST_LIMIT_EXCEEDED"}
	c, err = orgschema.Get(ctx, st, o.ID, failing{limit}, time.Hour, now)
	if err != nil || c.Schema == nil || !strings.Contains(c.Error, "API request limit") || c.AgeLabel(first.Add(3*time.Hour)) != "fetched 3 hours ago" {
		t.Fatalf("stale Get = error %q label %q, %v", c.Error, c.AgeLabel(first.Add(3*time.Hour)), err)
	}
	loaded, _ := orgschema.Load(ctx, st, o.ID)
	if loaded.Error == "" || loaded.Schema == nil {
		t.Errorf("the failure was not stored beside the old schema: %+v", loaded.Error)
	}
	if !loaded.Stale(clock, time.Hour) {
		t.Error("a 3-hour-old schema is not stale at a 1-hour maximum age")
	}
}
