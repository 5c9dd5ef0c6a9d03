package salesforce

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Query runs a SOQL query with the REST API (GET /services/data/vXX.X/query)
// and calls page with each batch of records, following nextRecordsUrl until
// Salesforce says the result is done. Each call gets at most one batch
// (Salesforce's batch size, 2,000 by default), so memory stays bounded by
// what page keeps; bound the total with a LIMIT in the query. Returning an
// error from page stops the query with that error.
func (c *Client) Query(ctx context.Context, soql string, page func(records []json.RawMessage) error) error {
	return c.queryPages(ctx, "query", c.dataPath("/query?"+url.Values{"q": {soql}}.Encode()), page)
}

// QueryRows runs a SOQL query with c.Query and decodes every record into a
// T (a struct whose json tags are the field API names), calling each with
// every row in the order Salesforce returned them.
func QueryRows[T any](ctx context.Context, c *Client, soql string, each func(T) error) error {
	return c.Query(ctx, soql, func(records []json.RawMessage) error {
		for _, r := range records {
			var row T
			if err := json.Unmarshal(r, &row); err != nil {
				return &APIError{Kind: ErrTransient, Op: "query", Message: "unreadable record: " + err.Error()}
			}
			if err := each(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// queryPages gets a query result at path and its further pages.
func (c *Client) queryPages(ctx context.Context, op, path string, page func(records []json.RawMessage) error) error {
	for path != "" {
		data, _, err := c.do(ctx, request{op: op, method: http.MethodGet, path: path, idempotent: true})
		if err != nil {
			return err
		}
		var qr struct {
			Done           bool              `json:"done"`
			NextRecordsURL string            `json:"nextRecordsUrl"`
			Records        []json.RawMessage `json:"records"`
		}
		if err := json.Unmarshal(data, &qr); err != nil {
			return &APIError{Kind: ErrTransient, Op: op, Message: "unreadable response"}
		}
		if err := page(qr.Records); err != nil {
			return err
		}
		path = ""
		if !qr.Done && strings.HasPrefix(qr.NextRecordsURL, "/services/data/") {
			path = qr.NextRecordsURL
		}
	}
	return nil
}

// SOQLString quotes s as a SOQL string literal; every value put into a
// query goes through it.
func SOQLString(s string) string { return soqlString(s) }

// SOQLDateTime formats t as a SOQL dateTime literal (UTC, whole seconds).
func SOQLDateTime(t time.Time) string { return soqlDateTime(t) }

// ParseDateTime reads a dateTime as Salesforce writes it in JSON
// ("2026-12-03T08:00:00.000+0000").
func ParseDateTime(s string) (time.Time, error) { return sfDateTime(s) }
