package orgschema

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// DefaultMaxAge is how old a cached schema may be before Get refreshes it.
const DefaultMaxAge = 24 * time.Hour

// Store is what the schema cache needs from the store.
type Store interface {
	OrgSchema(ctx context.Context, orgID int64) (store.OrgSchema, error)
	SaveOrgSchema(ctx context.Context, orgID int64, data []byte, fetchedAt time.Time) error
	SetOrgSchemaError(ctx context.Context, orgID int64, msg string, at time.Time) error
}

// Describer reads an org's schema; *salesforce.Client implements it.
type Describer interface {
	DescribeOrg(ctx context.Context, prev *salesforce.OrgSchema, opts salesforce.DescribeOptions) (salesforce.OrgSchema, error)
}

// Cached is an org's schema as the store holds it.
type Cached struct {
	// Schema is nil when the org was never described successfully.
	Schema *salesforce.OrgSchema
	// FetchedAt is when Schema was read from the org.
	FetchedAt time.Time
	// Error is the last refresh's failure, in words for the admin; "" when
	// the last refresh succeeded.
	Error   string
	ErrorAt time.Time
}

// Stale reports whether the schema is missing or older than maxAge at now.
func (c Cached) Stale(now time.Time, maxAge time.Duration) bool {
	return c.Schema == nil || now.Sub(c.FetchedAt) > maxAge
}

// AgeLabel says how old the schema is ("fetched 3 hours ago"), or that
// there is none.
func (c Cached) AgeLabel(now time.Time) string {
	if c.Schema == nil {
		return "schema never fetched"
	}
	return "fetched " + humanAge(now.Sub(c.FetchedAt)) + " ago"
}

func humanAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Load returns an org's cached schema without contacting the org.
func Load(ctx context.Context, st Store, orgID int64) (Cached, error) {
	row, err := st.OrgSchema(ctx, orgID)
	if err != nil {
		return Cached{}, err
	}
	c := Cached{FetchedAt: row.FetchedAt, Error: row.Error, ErrorAt: row.ErrorAt}
	if row.Data != nil {
		s, err := decodeSchema(row.Data)
		if err != nil {
			return Cached{}, fmt.Errorf("orgschema: stored schema of org %d: %w", orgID, err)
		}
		c.Schema = s
	}
	return c, nil
}

// Refresh describes the org now and stores the result; on failure it
// records why (kept beside the previous schema, which stays usable) and
// returns the error.
func Refresh(ctx context.Context, st Store, orgID int64, d Describer, now func() time.Time) (Cached, error) {
	prev, err := Load(ctx, st, orgID)
	if err != nil {
		return Cached{}, err
	}
	s, err := d.DescribeOrg(ctx, prev.Schema, salesforce.DescribeOptions{})
	if err != nil {
		msg := FailureMessage(err)
		if serr := st.SetOrgSchemaError(ctx, orgID, msg, now()); serr != nil {
			return prev, errors.Join(err, serr)
		}
		prev.Error, prev.ErrorAt = msg, now()
		return prev, fmt.Errorf("orgschema: describing the org: %w", err)
	}
	s.FetchedAt = s.FetchedAt.UTC().Truncate(time.Microsecond) // the store's precision
	data, err := encodeSchema(s)
	if err != nil {
		return prev, fmt.Errorf("orgschema: encoding the schema: %w", err)
	}
	if err := st.SaveOrgSchema(ctx, orgID, data, s.FetchedAt); err != nil {
		return prev, err
	}
	return Cached{Schema: &s, FetchedAt: s.FetchedAt}, nil
}

// Get returns the org's schema, refreshing it first when it is missing or
// older than maxAge and d is not nil. A failed refresh of a schema that
// exists returns the old one with Error set, not an error: the caller
// labels it stale.
func Get(ctx context.Context, st Store, orgID int64, d Describer, maxAge time.Duration, now func() time.Time) (Cached, error) {
	c, err := Load(ctx, st, orgID)
	if err != nil || d == nil || !c.Stale(now(), maxAge) {
		return c, err
	}
	fresh, err := Refresh(ctx, st, orgID, d, now)
	if err != nil && fresh.Schema == nil {
		return fresh, err
	}
	return fresh, nil
}

// FailureMessage says in the admin's words why describing an org failed.
func FailureMessage(err error) string {
	var apiErr *salesforce.APIError
	code := ""
	if errors.As(err, &apiErr) {
		code = apiErr.Code
	}
	switch {
	case code == "API_DISABLED_FOR_ORG" || code == "API_CURRENTLY_DISABLED":
		return "API access is disabled for this org (its edition or the user's profile lacks \"API Enabled\")"
	case code == "INSUFFICIENT_ACCESS" || code == "INSUFFICIENT_ACCESS_OR_READONLY" || code == "FUNCTIONALITY_NOT_ENABLED":
		return "the connected user has no permission to read the org's objects"
	case errors.Is(err, salesforce.ErrLimitExceeded):
		return "the org's daily API request limit is used up; try again later"
	case errors.Is(err, salesforce.ErrReconnectRequired), errors.Is(err, salesforce.ErrAuthExpired):
		return "the org's connection has expired: reconnect it"
	case errors.Is(err, salesforce.ErrTransient):
		return "Salesforce did not answer; try again later"
	}
	return "describing the org failed: " + err.Error()
}

// maxSchemaJSON bounds a stored schema once decompressed.
const maxSchemaJSON = 512 << 20

// encodeSchema is the stored form of a schema: gzipped JSON (a large org's
// describe results shrink about tenfold).
func encodeSchema(s salesforce.OrgSchema) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(s); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeSchema reads a stored schema, gzipped or plain JSON.
func decodeSchema(data []byte) (*salesforce.OrgSchema, error) {
	var r io.Reader = bytes.NewReader(data)
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		r = zr
	}
	var s salesforce.OrgSchema
	dec := json.NewDecoder(io.LimitReader(r, maxSchemaJSON))
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	return &s, nil
}
