package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

var (
	// apiNamePattern is an object or field API name, namespaced or custom.
	apiNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,79}$`)
	// recordIDPattern is a 15- or 18-character record id.
	recordIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$`)
)

// Record reads one record through the REST API
// (/sobjects/{object}/{id}), only the named fields when fields is not
// empty. The answer's "attributes" entry is dropped; field names are as
// Salesforce spells them. An object, id or field name of the wrong shape is
// refused before anything is sent.
func (c *Client) Record(ctx context.Context, object, id string, fields []string) (map[string]any, error) {
	if !apiNamePattern.MatchString(object) {
		return nil, fmt.Errorf("salesforce: %q is not an object name", object)
	}
	if !recordIDPattern.MatchString(id) {
		return nil, fmt.Errorf("salesforce: %q is not a record id (15 or 18 letters and digits)", id)
	}
	path := c.dataPath("/sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(id))
	if len(fields) > 0 {
		for _, f := range fields {
			if !apiNamePattern.MatchString(f) {
				return nil, fmt.Errorf("salesforce: %q is not a field name", f)
			}
		}
		path += "?fields=" + url.QueryEscape(strings.Join(fields, ","))
	}
	op := "read " + object + " " + id
	body, _, err := c.do(ctx, request{op: op, method: http.MethodGet, path: path, idempotent: true})
	if err != nil {
		return nil, err
	}
	var rec map[string]any
	if err := json.Unmarshal(body, &rec); err != nil {
		return nil, &APIError{Kind: ErrTransient, Op: op, Err: fmt.Errorf("decoding: %w", err)}
	}
	delete(rec, "attributes")
	return rec, nil
}
