package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRunLogsAreStoredOnceFilteredAndBounded(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.CreateOrg(ctx, Org{Alias: "org1", Kind: OrgProduction, LoginURL: "https://login.salesforce.com", InstanceURL: "https://x.my.salesforce.com", Status: OrgConnected}, Tokens{AccessToken: "a", RefreshToken: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := s.RunLogCursor(ctx, o.ID, "Billing"); err != nil || !c.CreatedAt.IsZero() {
		t.Fatalf("never read: %+v, %v", c, err)
	}
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	row := func(i int, status string) RunLog {
		return RunLog{ID: fmt.Sprintf("a01%012d", i), CreatedAt: t0.Add(time.Duration(i) * time.Minute), Flow: "Sync", Status: status, StatusCode: 200, Attempt: 1, Message: strings.Repeat("é", MaxRunMessage+5)}
	}
	var rows []RunLog
	for i := range 5 {
		st := "Success"
		if i%2 == 1 {
			st = "Failure"
		}
		rows = append(rows, row(i, st))
	}
	n, err := s.SaveRunLogs(ctx, o.ID, "Billing", rows, 4, t0.Add(time.Hour))
	if err != nil || n != 5 {
		t.Fatalf("first save: %d new, %v", n, err)
	}
	// Saving the same rows again adds none; the oldest past keep are gone.
	if n, err := s.SaveRunLogs(ctx, o.ID, "Billing", rows[3:], 4, t0.Add(2*time.Hour)); err != nil || n != 0 {
		t.Fatalf("again: %d new, %v", n, err)
	}
	got, err := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, Integration: "Billing"})
	if err != nil || len(got) != 4 || got[0].ID != rows[4].ID || got[3].ID != rows[1].ID {
		t.Fatalf("kept %d rows, newest first: %+v, %v", len(got), got, err)
	}
	if len([]rune(got[0].Message)) != MaxRunMessage || got[0].StatusCode != 200 || got[0].Attempt != 1 || !got[0].CreatedAt.Equal(rows[4].CreatedAt) {
		t.Errorf("row read back: %+v", got[0])
	}
	c, err := s.RunLogCursor(ctx, o.ID, "Billing")
	if err != nil || !c.CreatedAt.Equal(rows[4].CreatedAt) || c.ID != rows[4].ID || !c.SyncedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("cursor %+v, %v", c, err)
	}
	fails, _ := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, Integration: "Billing", Status: "Failure"})
	recent, _ := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, Integration: "Billing", Since: rows[3].CreatedAt})
	other, _ := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, Integration: "Other"})
	if len(fails) != 2 || len(recent) != 2 || len(other) != 0 {
		t.Errorf("failures %d, since row 3 %d, other integration %d", len(fails), len(recent), len(other))
	}
	if err := s.DeleteOrg(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID}); len(got) != 0 {
		t.Errorf("a deleted org's logs stay: %d", len(got))
	}
}

func TestRunLogCountsFailuresFirstAndOneRow(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o, err := s.CreateOrg(ctx, Org{Alias: "org1", Kind: OrgProduction, LoginURL: "https://login.salesforce.com", InstanceURL: "https://x.my.salesforce.com", Status: OrgConnected}, Tokens{AccessToken: "a", RefreshToken: "r"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	rows := []RunLog{
		{ID: "a01000000000001", CreatedAt: t0, Status: "Failure", Flow: "Sync", RecordID: "006A"},
		{ID: "a01000000000002", CreatedAt: t0.Add(time.Hour), Status: "Success", Flow: "Sync"},
		{ID: "a01000000000003", CreatedAt: t0.Add(2 * time.Hour), Status: "Retry", Flow: "Sync"},
		{ID: "a01000000000004", CreatedAt: t0.Add(3 * time.Hour), Status: "Success", Flow: "Sync", Step: "(run)"},
		{ID: "a01000000000005", CreatedAt: t0.Add(4 * time.Hour), Status: "Success", Flow: "Sync"},
	}
	if _, err := s.SaveRunLogs(ctx, o.ID, "Billing", rows, 0, t0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		since time.Time
		want  RunLogCounts
	}{
		{t0, RunLogCounts{Success: 2, Failure: 1, Retry: 1}},
		{t0.Add(90 * time.Minute), RunLogCounts{Success: 1, Retry: 1}},
		{t0.Add(5 * time.Hour), RunLogCounts{}},
	} {
		got, err := s.CountRunLogs(ctx, o.ID, "Billing", tc.since)
		if err != nil || got != tc.want {
			t.Errorf("since %s: %+v, %v; want %+v", tc.since, got, err, tc.want)
		}
	}
	first, err := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, Integration: "Billing", FailuresFirst: true})
	if err != nil || len(first) != 5 || first[0].ID != rows[0].ID || first[1].ID != rows[4].ID {
		t.Errorf("failures first: %+v, %v", first, err)
	}
	ofRecord, err := s.RunLogs(ctx, RunLogFilter{OrgID: o.ID, RecordID: "006A", Flow: "Sync"})
	if err != nil || len(ofRecord) != 1 || ofRecord[0].ID != rows[0].ID {
		t.Errorf("runs of record 006A: %+v, %v", ofRecord, err)
	}
	one, err := s.RunLog(ctx, o.ID, rows[0].ID)
	if err != nil || one.RecordID != "006A" {
		t.Errorf("one row: %+v, %v", one, err)
	}
	if _, err := s.RunLog(ctx, o.ID, "a01nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing row: %v", err)
	}
}
