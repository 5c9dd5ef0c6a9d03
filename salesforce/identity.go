package salesforce

import (
	"context"
	"encoding/json"

	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Org types as patchbay records them.
const (
	OrgTypeProduction = "production"
	OrgTypeSandbox    = "sandbox"
)

// Identity describes the org and user behind a connection.
type Identity struct {
	OrgID        string `json:"orgId"`
	UserID       string `json:"userId"`
	Username     string `json:"username"`
	OrgName      string `json:"orgName"`
	InstanceName string `json:"instanceName"`
	InstanceURL  string `json:"instanceUrl"`
	// OrgType is OrgTypeProduction or OrgTypeSandbox.
	OrgType string `json:"orgType"`
	// Edition is Organization.OrganizationType, e.g. "Developer Edition".
	Edition       string   `json:"edition"`
	IsSandbox     bool     `json:"isSandbox"`
	APIVersions   []string `json:"apiVersions"`
	MaxAPIVersion string   `json:"maxApiVersion"`
}

// Identity reads the user (userinfo), the org (Organization) and the API
// versions the org offers.
func (c *Client) Identity(ctx context.Context) (*Identity, error) {
	data, _, err := c.do(ctx, request{op: "userinfo", method: http.MethodGet, path: "/services/oauth2/userinfo", idempotent: true})
	if err != nil {
		return nil, err
	}
	var ui struct {
		UserID            string `json:"user_id"`
		OrganizationID    string `json:"organization_id"`
		PreferredUsername string `json:"preferred_username"`
	}
	if err := json.Unmarshal(data, &ui); err != nil {
		return nil, &APIError{Kind: ErrTransient, Op: "userinfo", Message: "unreadable response"}
	}
	id := &Identity{OrgID: ui.OrganizationID, UserID: ui.UserID, Username: ui.PreferredUsername, InstanceURL: c.Token().InstanceURL}
	versions, err := c.APIVersions(ctx)
	if err != nil {
		return nil, err
	}
	id.APIVersions = versions
	if len(versions) > 0 {
		id.MaxAPIVersion = versions[len(versions)-1]
	}
	version := c.opts.APIVersion
	if id.MaxAPIVersion != "" && versionLess(id.MaxAPIVersion, version) {
		version = id.MaxAPIVersion
	}
	q := url.Values{"q": {"SELECT Id, Name, InstanceName, IsSandbox, OrganizationType, NamespacePrefix FROM Organization"}}
	data, _, err = c.do(ctx, request{op: "query Organization", method: http.MethodGet, path: "/services/data/v" + version + "/query?" + q.Encode(), idempotent: true})
	if err != nil {
		return nil, err
	}
	var qr struct {
		Records []struct {
			ID               string   `json:"Id"`
			Name             string   `json:"Name"`
			InstanceName     string   `json:"InstanceName"`
			IsSandbox        flexBool `json:"IsSandbox"`
			OrganizationType string   `json:"OrganizationType"`
		} `json:"records"`
	}
	if err := json.Unmarshal(data, &qr); err != nil || len(qr.Records) == 0 {
		return nil, &APIError{Kind: ErrTransient, Op: "query Organization", Message: "no Organization record"}
	}
	o := qr.Records[0]
	id.OrgName, id.InstanceName, id.IsSandbox, id.Edition = o.Name, o.InstanceName, bool(o.IsSandbox), o.OrganizationType
	if id.OrgID == "" {
		id.OrgID = o.ID
	}
	id.OrgType = OrgTypeProduction
	if id.IsSandbox {
		id.OrgType = OrgTypeSandbox
	}
	return id, nil
}

// APIVersions lists the org's API versions (GET /services/data), oldest
// first.
func (c *Client) APIVersions(ctx context.Context) ([]string, error) {
	data, _, err := c.do(ctx, request{op: "API versions", method: http.MethodGet, path: "/services/data", idempotent: true})
	if err != nil {
		return nil, err
	}
	var vs []struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &vs); err != nil {
		return nil, &APIError{Kind: ErrTransient, Op: "API versions", Message: "unreadable response"}
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if _, err := strconv.ParseFloat(v.Version, 64); err == nil {
			out = append(out, v.Version)
		}
	}
	sort.Slice(out, func(i, j int) bool { return versionLess(out[i], out[j]) })
	return out, nil
}

// versionLess compares API versions like "9.0" and "66.0" numerically.
func versionLess(a, b string) bool {
	am, an, _ := strings.Cut(a, ".")
	bm, bn, _ := strings.Cut(b, ".")
	ai, _ := strconv.Atoi(am)
	bi, _ := strconv.Atoi(bm)
	if ai != bi {
		return ai < bi
	}
	ani, _ := strconv.Atoi(an)
	bni, _ := strconv.Atoi(bn)
	return ani < bni
}
