package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DeployRequestRecord is one row of the Tooling API's DeployRequest
// object: a deploy Salesforce received, whatever became of it.
type DeployRequestRecord struct {
	ID          string
	Status      string // Pending, InProgress, Succeeded, SucceededPartial, Failed, Canceling, Canceled
	CheckOnly   bool
	CreatedDate time.Time
	CreatedByID string
}

// soqlDateTime formats t as a SOQL dateTime literal (UTC, no quotes).
func soqlDateTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// sfDateTime parses Salesforce's JSON dateTime, "2026-12-03T08:00:00.000+0000".
func sfDateTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("salesforce: unreadable dateTime %q", s)
}

// soqlString quotes s as a SOQL string literal.
func soqlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}

// DeploysSince lists the deploys the connected user started in the org at
// or after since (Salesforce's clock), oldest first, from the Tooling API's
// DeployRequest. A deploy request whose response was lost shows up here if
// Salesforce received it, which is how a caller tells "not sent" from "sent
// but unanswered" before sending again.
func (c *Client) DeploysSince(ctx context.Context, since time.Time) ([]DeployRequestRecord, error) {
	userID := c.Token().UserID()
	if userID == "" {
		data, _, err := c.do(ctx, request{op: "userinfo", method: http.MethodGet, path: "/services/oauth2/userinfo", idempotent: true})
		if err != nil {
			return nil, err
		}
		var ui struct {
			UserID string `json:"user_id"`
		}
		if err := json.Unmarshal(data, &ui); err != nil || ui.UserID == "" {
			return nil, &APIError{Kind: ErrTransient, Op: "userinfo", Message: "no user id in response"}
		}
		userID = ui.UserID
	}
	q := "SELECT Id, Status, CheckOnly, CreatedDate, CreatedById FROM DeployRequest WHERE CreatedDate >= " +
		soqlDateTime(since) + " AND CreatedById = " + soqlString(userID) + " ORDER BY CreatedDate"
	path := c.dataPath("/tooling/query?" + url.Values{"q": {q}}.Encode())
	var out []DeployRequestRecord
	err := c.queryPages(ctx, "query DeployRequest", path, func(records []json.RawMessage) error {
		for _, raw := range records {
			var r struct {
				ID          string   `json:"Id"`
				Status      string   `json:"Status"`
				CheckOnly   flexBool `json:"CheckOnly"`
				CreatedDate string   `json:"CreatedDate"`
				CreatedByID string   `json:"CreatedById"`
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				return &APIError{Kind: ErrTransient, Op: "query DeployRequest", Message: "unreadable response"}
			}
			created, err := sfDateTime(r.CreatedDate)
			if err != nil {
				return &APIError{Kind: ErrTransient, Op: "query DeployRequest", Message: err.Error()}
			}
			out = append(out, DeployRequestRecord{ID: r.ID, Status: r.Status, CheckOnly: bool(r.CheckOnly), CreatedDate: created, CreatedByID: r.CreatedByID})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
