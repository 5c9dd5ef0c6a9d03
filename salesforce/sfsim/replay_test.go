package sfsim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestApexRESTAnswersOnlyDeployedResources: a path no deployed class maps
// is Salesforce's 404, and a call without a session is refused.
func TestApexRESTAnswersOnlyDeployedResources(t *testing.T) {
	srv := New(Options{Orgs: []OrgOptions{{Alias: "prod"}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	tok, err := srv.IssueToken("prod", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		token string
		want  int
	}{
		{tok.AccessToken, http.StatusNotFound},
		{"", http.StatusUnauthorized},
	} {
		req, _ := http.NewRequest(http.MethodPost, tok.InstanceURL+"/services/apexrest/patchbay/StripeBilling/replay", strings.NewReader(`{"flow":"X","recordIds":["006000000000001AAA"]}`))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("token %t: %d, want %d", tc.token != "", resp.StatusCode, tc.want)
		}
	}
	if n := len(srv.Replays("prod")); n != 0 {
		t.Errorf("%d replays recorded", n)
	}
}

// TestAuditFieldsAreSetOnlyWhereTheOrgAllowsIt: CreatedDate can be given
// on create only with Set Audit Fields upon Record Creation.
func TestAuditFieldsAreSetOnlyWhereTheOrgAllowsIt(t *testing.T) {
	srv := New(Options{Orgs: []OrgOptions{{Alias: "plain"}, {Alias: "history", SetAuditFields: true}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	const created = "2026-11-28T09:30:00.000+0000"
	for _, tc := range []struct {
		alias string
		want  int
	}{{"plain", http.StatusBadRequest}, {"history", http.StatusCreated}} {
		tok, err := srv.IssueToken(tc.alias, "")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, tok.InstanceURL+"/services/data/v66.0/sobjects/Account", strings.NewReader(`{"Name":"Old","CreatedDate":"`+created+`"}`))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.alias, resp.StatusCode, tc.want)
		}
	}
	recs := srv.Records("history", "Account")
	if len(recs) != 1 || recs[0]["CreatedDate"] != created {
		t.Errorf("history org records %v", recs)
	}
}
