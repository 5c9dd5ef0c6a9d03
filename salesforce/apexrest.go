package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// ApexRESTError is a refusal an Apex REST resource answered itself: a 4xx
// status with a JSON body {"error": "..."} (the form patchbay's generated
// resources use).
type ApexRESTError struct {
	StatusCode int
	Message    string
}

func (e *ApexRESTError) Error() string {
	return fmt.Sprintf("salesforce: apex rest: %d: %s", e.StatusCode, e.Message)
}

// PostApexREST sends body as JSON to an Apex REST resource (path is below
// /services/apexrest, like /patchbay/Billing/replay) and decodes the JSON
// answer into out. A request that reached the org is not sent again: the
// resource may have acted. A 400 or 403 the resource answered with
// {"error": "..."} is an *ApexRESTError; anything else is an *APIError.
func (c *Client) PostApexREST(ctx context.Context, path string, body, out any) error {
	if !strings.HasPrefix(path, "/") || strings.Contains(path, "..") || strings.ContainsAny(path, "?#") {
		return fmt.Errorf("salesforce: apex rest: bad path %q: %w", path, ErrInvalidRequest)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("salesforce: apex rest: %w", err)
	}
	resp, status, err := c.do(ctx, request{op: "apex rest " + path, method: http.MethodPost, path: "/services/apexrest" + path,
		body: data, contentType: "application/json",
		ok: func(s int) bool {
			return s >= 200 && s < 300 || s == http.StatusBadRequest || s == http.StatusForbidden
		}})
	if err != nil {
		return err
	}
	if status == http.StatusBadRequest || status == http.StatusForbidden {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(resp, &e) != nil || e.Error == "" {
			// Salesforce's own error array, not the resource's answer.
			return errorFromResponse("apex rest "+path, &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}, resp)
		}
		return &ApexRESTError{StatusCode: status, Message: e.Error}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("salesforce: apex rest %s: decoding the answer: %w", path, err)
	}
	return nil
}
