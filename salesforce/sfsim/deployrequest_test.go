package sfsim_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func TestToolingDeployRequestQuery(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	clock := now
	srv, base := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "o", Sandbox: true, Users: []sfsim.UserOptions{{Username: "a@o.sfsim"}, {Username: "b@o.sfsim"}}}},
		Now: func() time.Time { return clock }})
	tokA, _ := srv.IssueToken("o", "a@o.sfsim")
	tokB, _ := srv.IssueToken("o", "b@o.sfsim")
	ca, _ := salesforce.New(tokA, salesforce.Options{AllowLoopback: true})
	cb, _ := salesforce.New(tokB, salesforce.Options{AllowLoopback: true})
	ctx := context.Background()
	zip := mdapiZip(t, "", goodMDAPI)
	first, err := ca.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	clock = now.Add(time.Minute)
	byB, err := cb.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	clock = now.Add(2 * time.Minute)
	second, err := ca.Deploy(ctx, zip, salesforce.DeployOptions{RollbackOnError: true, CheckOnly: true})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the client finds the connected user's deploys since a time", func(t *testing.T) {
		recs, err := ca.DeploysSince(ctx, now.Add(30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].ID != second || !recs[0].CheckOnly || !recs[0].CreatedDate.Equal(now.Add(2*time.Minute)) || recs[0].Status == "" {
			t.Errorf("DeploysSince = %+v; want only %s (check only, created at +2m), not %s of another user", recs, second, byB)
		}
		all, err := ca.DeploysSince(ctx, now)
		if err != nil || len(all) != 2 || all[0].ID != first || all[1].ID != second {
			t.Errorf("DeploysSince(now) = %+v, %v; want %s then %s", all, err, first, second)
		}
	})

	query := func(path, tok, q string) (int, string) {
		status, body := do(t, "GET", base+"/org/o/services/data/v66.0"+path+"?"+url.Values{"q": {q}}.Encode(), tok, "", nil)
		return status, string(body)
	}
	tests := []struct {
		name   string
		path   string
		q      string
		status int
		want   []string // substrings of the body
		not    []string
	}{
		{"fields, order and limit", "/tooling/query", "SELECT Id, Status, CreatedById FROM DeployRequest ORDER BY CreatedDate DESC LIMIT 2", 200,
			[]string{`"totalSize":2`, second, byB, `"type":"DeployRequest"`}, []string{first, `"CheckOnly"`}},
		{"a dateTime filter", "/tooling/query", "SELECT Id, CreatedDate FROM DeployRequest WHERE CreatedDate > 2026-12-03T08:00:30Z", 200,
			[]string{byB, second, `"CreatedDate":"2026-12-03T08:01:00.000+0000"`}, []string{first}},
		{"a boolean filter", "/tooling/query", "select Id from DeployRequest where CheckOnly = true", 200, []string{second}, []string{first, byB}},
		{"an unknown field is refused", "/tooling/query", "SELECT Id, Bogus FROM DeployRequest", 400, []string{"INVALID_FIELD", "Bogus"}, nil},
		{"a clause sfsim does not understand is refused, not guessed", "/tooling/query", "SELECT Id FROM DeployRequest WHERE Status IN ('Pending')", 400, []string{"MALFORMED_QUERY"}, nil},
		{"DeployRequest is a Tooling API object only", "/query", "SELECT Id FROM DeployRequest", 400, []string{"INVALID_TYPE"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := query(tt.path, tokA.AccessToken, tt.q)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q: %s", w, body)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q: %s", w, body)
				}
			}
			if status == 200 && !json.Valid([]byte(body)) {
				t.Errorf("invalid JSON: %s", body)
			}
		})
	}
}

func TestDropResponsesCarriesTheRequestOutButLosesTheAnswer(t *testing.T) {
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "o", Sandbox: true}}})
	tok, _ := srv.IssueToken("o", "")
	c, _ := salesforce.New(tok, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	srv.SetFaults(sfsim.Faults{DropResponses: 1})
	if _, err := c.Deploy(context.Background(), mdapiZip(t, "", goodMDAPI), salesforce.DeployOptions{RollbackOnError: true}); err == nil {
		t.Fatal("the deploy's answer arrived")
	}
	if n := len(srv.Deploys("o")); n != 1 {
		t.Errorf("the org has %d deploys, want the one whose answer was lost", n)
	}
}
