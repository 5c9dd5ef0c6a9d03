package salesforce_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func TestDescribeOrg(t *testing.T) {
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}, {Alias: "org2"}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	ctx := context.Background()
	schemas := map[string]salesforce.OrgSchema{}
	for _, alias := range []string{"org1", "org2"} {
		tok, _ := srv.IssueToken(alias, "")
		c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.DescribeOrg(ctx, nil, salesforce.DescribeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		schemas[alias] = s
		opp := s.Object("Opportunity")
		if opp == nil || opp.Field("StageName") == nil || opp.Field("AccountId").RelationshipName != "Account" {
			t.Fatalf("%s: Opportunity = %+v", alias, opp)
		}
		// A second fetch sends If-Modified-Since and keeps the objects.
		time.Sleep(1100 * time.Millisecond)
		again, err := c.DescribeOrg(ctx, &s, salesforce.DescribeOptions{})
		if err != nil || len(again.Objects) != len(s.Objects) {
			t.Fatalf("refresh: %v, %d objects, want %d", err, len(again.Objects), len(s.Objects))
		}
		_, nm, err := c.DescribeSObject(ctx, "Account", s.FetchedAt.Add(time.Second))
		if err != nil || !nm {
			t.Errorf("DescribeSObject with If-Modified-Since after the schema's time = notModified %v, %v", nm, err)
		}
	}
	if schemas["org1"].Object("Account").Field("Region__c") == nil || schemas["org2"].Object("Account").Field("Region__c") != nil {
		t.Error("org1 and org2 should differ on Account.Region__c")
	}
	if _, _, err := mustClient(t, srv, "org1").DescribeSObject(ctx, "Nope__c", time.Time{}); err == nil {
		t.Error("describing an unknown object succeeded")
	}
}

func mustClient(t *testing.T, srv *sfsim.Server, alias string) *salesforce.Client {
	tok, _ := srv.IssueToken(alias, "")
	c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDescribeOrgKeepsPlatformEventsAndSkipsCompanions(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/services/data/v66.0/sobjects", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"sobjects":[{"name":"Account","queryable":true},{"name":"AccountHistory","queryable":true},{"name":"AccountChangeEvent","queryable":false},{"name":"Order_Shipped__e","queryable":false},{"name":"Secret","queryable":false}]}`)
	})
	mux.HandleFunc("/services/data/v66.0/sobjects/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/services/data/v66.0/sobjects/"), "/describe")
		fmt.Fprintf(w, `{"name":%q,"fields":[{"name":"Id","type":"id","relationshipName":null}]}`, name)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c, err := salesforce.New(salesforce.Token{AccessToken: "t", InstanceURL: ts.URL}, salesforce.Options{AllowLoopback: true, APIVersion: "66.0"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.DescribeOrg(context.Background(), nil, salesforce.DescribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range s.Objects {
		names = append(names, o.Name)
	}
	if got := strings.Join(names, ","); got != "Account,Order_Shipped__e" {
		t.Errorf("described %s, want Account,Order_Shipped__e", got)
	}
}
