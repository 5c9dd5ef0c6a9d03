package salesforce_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func TestQueryFollowsNextRecordsURLAndStopsOnAPageError(t *testing.T) {
	var paths []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/services/data/v66.0/query" && r.URL.Query().Get("q") == "SELECT Id, Name FROM Account":
			w.Write([]byte(`{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01gX-2","records":[{"attributes":{"type":"Account"},"Id":"001A","Name":"a"},{"Id":"001B","Name":"b"}]}`))
		case r.URL.Path == "/services/data/v66.0/query/01gX-2":
			w.Write([]byte(`{"totalSize":3,"done":true,"records":[{"Id":"001C","Name":"c"}]}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`[{"errorCode":"MALFORMED_QUERY","message":"unexpected"}]`))
		}
	}))
	defer ts.Close()
	c, err := salesforce.New(salesforce.Token{AccessToken: "t", InstanceURL: ts.URL}, salesforce.Options{AllowLoopback: true, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = salesforce.QueryRows(context.Background(), c, "SELECT Id, Name FROM Account", func(a struct {
		ID   string `json:"Id"`
		Name string `json:"Name"`
	}) error {
		got = append(got, a.ID+"="+a.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "001A=a,001B=b,001C=c" || len(paths) != 2 {
		t.Fatalf("rows %v from %v", got, paths)
	}

	stop := errors.New("enough")
	pages := 0
	err = c.Query(context.Background(), "SELECT Id, Name FROM Account", func([]json.RawMessage) error { pages++; return stop })
	if !errors.Is(err, stop) || pages != 1 {
		t.Fatalf("stopping: err %v after %d pages", err, pages)
	}

	err = c.Query(context.Background(), "SELECT Nope FROM Account", func([]json.RawMessage) error { return nil })
	var apiErr *salesforce.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(err.Error(), "MALFORMED_QUERY") {
		t.Fatalf("a refused query: %v", err)
	}
}

// TestQueryAgainstSfsimComparesDateTimesAsInstants writes records through
// the REST API and reads back those created at or after a second: a
// record's CreatedDate (…T10:00:00.000+0000) equals the literal …T10:00:00Z.
func TestQueryAgainstSfsimComparesDateTimesAsInstants(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}}, Now: func() time.Time { return now }})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	tok, _ := srv.IssueToken("org1", "")
	c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"early", "at", "late"} {
		now = time.Date(2026, 12, 3, 9, 59, 59+i, 0, time.UTC)
		req, _ := http.NewRequest(http.MethodPost, tok.InstanceURL+"/services/data/v66.0/sobjects/Account", bytes.NewReader([]byte(`{"Name":"`+name+`"}`)))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("create %s: %v %v", name, err, resp.Status)
		}
		resp.Body.Close()
	}
	var got []string
	q := "SELECT Name, CreatedDate FROM Account WHERE CreatedDate >= " + salesforce.SOQLDateTime(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)) + " ORDER BY CreatedDate"
	err = salesforce.QueryRows(context.Background(), c, q, func(a struct {
		Name        string `json:"Name"`
		CreatedDate string `json:"CreatedDate"`
	}) error {
		if _, err := salesforce.ParseDateTime(a.CreatedDate); err != nil {
			return err
		}
		got = append(got, a.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "at,late" {
		t.Fatalf("records at or after 10:00:00: %v", got)
	}
}
