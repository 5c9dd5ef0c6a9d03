package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OrgKind is the kind of Salesforce login an org uses.
type OrgKind string

// Org kinds.
const (
	OrgProduction OrgKind = "production" // login.salesforce.com
	OrgSandbox    OrgKind = "sandbox"    // test.salesforce.com
	OrgCustom     OrgKind = "custom"     // a My Domain login URL
)

// Valid reports whether k is a known org kind.
func (k OrgKind) Valid() bool { return k == OrgProduction || k == OrgSandbox || k == OrgCustom }

// OrgStatus is whether patchbay can use an org's tokens.
type OrgStatus string

// Org statuses.
const (
	OrgConnected         OrgStatus = "connected"
	OrgReconnectRequired OrgStatus = "reconnect_required" // the refresh token was refused
)

// Valid reports whether st is a known org status.
func (st OrgStatus) Valid() bool { return st == OrgConnected || st == OrgReconnectRequired }

// Org is a connected Salesforce org. Its tokens are kept apart (OrgTokens)
// so that listing and rendering orgs never handles them.
type Org struct {
	ID          int64
	Alias       string
	Kind        OrgKind
	LoginURL    string
	InstanceURL string
	OrgID       string // Salesforce's 18-character org id
	Username    string
	APIVersion  string
	Status      OrgStatus
	ConnectedAt time.Time
	LastUsedAt  time.Time // zero until first used
}

// Tokens are an org's OAuth tokens, stored encrypted.
type Tokens struct {
	AccessToken  string
	RefreshToken string
}

const (
	purposeAccess  = "orgs.access_token"
	purposeRefresh = "orgs.refresh_token"
)

func (s *Store) sealTokens(t Tokens) (access, refresh []byte, err error) {
	if access, err = s.sec.seal(purposeAccess, t.AccessToken); err != nil {
		return nil, nil, err
	}
	if refresh, err = s.sec.seal(purposeRefresh, t.RefreshToken); err != nil {
		return nil, nil, err
	}
	return access, refresh, nil
}

func checkOrg(o Org) error {
	if strings.TrimSpace(o.Alias) == "" {
		return errors.New("store: org alias is empty")
	}
	if !o.Kind.Valid() {
		return fmt.Errorf("store: unknown org kind %q", o.Kind)
	}
	if !o.Status.Valid() {
		return fmt.Errorf("store: unknown org status %q", o.Status)
	}
	return nil
}

// CreateOrg adds an org with its tokens. A zero Status means connected and
// a zero ConnectedAt means now. An alias already taken gives ErrConflict.
func (s *Store) CreateOrg(ctx context.Context, o Org, t Tokens) (Org, error) {
	if o.Status == "" {
		o.Status = OrgConnected
	}
	if o.ConnectedAt.IsZero() {
		o.ConnectedAt = s.now()
	}
	o.ConnectedAt = fromMicros(toMicros(o.ConnectedAt))
	o.Alias = strings.TrimSpace(o.Alias)
	if err := checkOrg(o); err != nil {
		return Org{}, err
	}
	access, refresh, err := s.sealTokens(t)
	if err != nil {
		return Org{}, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO orgs (alias, kind, login_url, instance_url, sf_org_id, username, api_version, status,
		access_token, refresh_token, connected_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Alias, string(o.Kind), o.LoginURL, o.InstanceURL, o.OrgID, o.Username, o.APIVersion, string(o.Status),
		access, refresh, toMicros(o.ConnectedAt), nullMicros(o.LastUsedAt))
	if err != nil {
		return Org{}, conflict(err, "create org "+o.Alias)
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return Org{}, fmt.Errorf("store: create org: %w", err)
	}
	return o, nil
}

// UpdateOrg rewrites an org's fields (not its tokens) by ID.
func (s *Store) UpdateOrg(ctx context.Context, o Org) error {
	if err := checkOrg(o); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE orgs SET alias = ?, kind = ?, login_url = ?, instance_url = ?, sf_org_id = ?, username = ?,
		api_version = ?, status = ?, connected_at = ?, last_used_at = ? WHERE id = ?`,
		strings.TrimSpace(o.Alias), string(o.Kind), o.LoginURL, o.InstanceURL, o.OrgID, o.Username, o.APIVersion, string(o.Status),
		toMicros(o.ConnectedAt), nullMicros(o.LastUsedAt), o.ID)
	if err != nil {
		return conflict(err, "update org "+o.Alias)
	}
	return checkAffected(res, "org", o.ID)
}

const orgColumns = `id, alias, kind, login_url, instance_url, sf_org_id, username, api_version, status, connected_at, last_used_at`

func scanOrg(row rowScanner) (Org, error) {
	var o Org
	var kind, status string
	var connected int64
	var lastUsed sql.NullInt64
	if err := row.Scan(&o.ID, &o.Alias, &kind, &o.LoginURL, &o.InstanceURL, &o.OrgID, &o.Username, &o.APIVersion, &status, &connected, &lastUsed); err != nil {
		return Org{}, err
	}
	o.Kind, o.Status = OrgKind(kind), OrgStatus(status)
	o.ConnectedAt, o.LastUsedAt = fromMicros(connected), fromNullMicros(lastUsed)
	return o, nil
}

// Org returns the org with the given id.
func (s *Store) Org(ctx context.Context, id int64) (Org, error) {
	o, err := scanOrg(s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = ?`, id))
	if err != nil {
		return Org{}, notFound(err, "org", id)
	}
	return o, nil
}

// OrgByAlias returns the org with the given alias.
func (s *Store) OrgByAlias(ctx context.Context, alias string) (Org, error) {
	o, err := scanOrg(s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE alias = ?`, strings.TrimSpace(alias)))
	if err != nil {
		return Org{}, notFound(err, "org", alias)
	}
	return o, nil
}

// OrgBySalesforceID returns the connected org with Salesforce's org id
// (15 or 18 characters; compared on the first 15, which are the id), so
// that one org is never connected twice under two names.
func (s *Store) OrgBySalesforceID(ctx context.Context, sfOrgID string) (Org, error) {
	id := strings.TrimSpace(sfOrgID)
	if len(id) < 15 {
		return Org{}, notFound(sql.ErrNoRows, "org", sfOrgID)
	}
	o, err := scanOrg(s.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE substr(sf_org_id, 1, 15) = ? ORDER BY id LIMIT 1`, id[:15]))
	if err != nil {
		return Org{}, notFound(err, "org", sfOrgID)
	}
	return o, nil
}

// Orgs lists every org by alias.
func (s *Store) Orgs(ctx context.Context) ([]Org, error) {
	return queryList(ctx, s, "orgs", `SELECT `+orgColumns+` FROM orgs ORDER BY alias`, scanOrg)
}

// OrgTokens returns an org's decrypted tokens.
func (s *Store) OrgTokens(ctx context.Context, id int64) (Tokens, error) {
	var access, refresh []byte
	if err := s.db.QueryRowContext(ctx, `SELECT access_token, refresh_token FROM orgs WHERE id = ?`, id).Scan(&access, &refresh); err != nil {
		return Tokens{}, notFound(err, "org", id)
	}
	var t Tokens
	var err error
	if t.AccessToken, err = s.sec.open(purposeAccess, access); err != nil {
		return Tokens{}, fmt.Errorf("store: org %d access token: %w", id, err)
	}
	if t.RefreshToken, err = s.sec.open(purposeRefresh, refresh); err != nil {
		return Tokens{}, fmt.Errorf("store: org %d refresh token: %w", id, err)
	}
	return t, nil
}

// SetOrgTokens replaces an org's tokens (after a refresh or a new login).
// An empty RefreshToken keeps the stored one, since Salesforce's refresh
// responses usually carry none.
func (s *Store) SetOrgTokens(ctx context.Context, id int64, t Tokens) error {
	access, refresh, err := s.sealTokens(t)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE orgs SET access_token = ?, refresh_token = COALESCE(?, refresh_token) WHERE id = ?`,
		access, refresh, id)
	if err != nil {
		return fmt.Errorf("store: set org tokens: %w", err)
	}
	return checkAffected(res, "org", id)
}

// SetOrgStatus marks an org connected or reconnect_required.
func (s *Store) SetOrgStatus(ctx context.Context, id int64, status OrgStatus) error {
	if !status.Valid() {
		return fmt.Errorf("store: unknown org status %q", status)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE orgs SET status = ? WHERE id = ?`, string(status), id)
	if err != nil {
		return fmt.Errorf("store: set org status: %w", err)
	}
	return checkAffected(res, "org", id)
}

// TouchOrg records that an org was used now.
func (s *Store) TouchOrg(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE orgs SET last_used_at = ? WHERE id = ?`, toMicros(s.now()), id)
	if err != nil {
		return fmt.Errorf("store: touch org: %w", err)
	}
	return checkAffected(res, "org", id)
}

// DeleteOrg removes an org and its tokens. Deployment jobs that targeted it
// are kept, with the alias they had.
func (s *Store) DeleteOrg(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM orgs WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete org: %w", err)
	}
	return checkAffected(res, "org", id)
}
