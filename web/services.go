package web

import (
	"context"
	"time"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// Store is the part of the database the web app uses. *store.Store
// implements it; tests use the real store on a temporary file.
type Store interface {
	Authenticate(ctx context.Context, username, password string) (store.User, error)
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, store.Session, error)
	Session(ctx context.Context, token string) (store.Session, error)
	DeleteSession(ctx context.Context, token string) error

	Users(ctx context.Context) ([]store.User, error)
	CreateUser(ctx context.Context, username, email, password string, role store.Role) (store.User, error)
	SetRole(ctx context.Context, userID int64, role store.Role) error

	CreateIntegration(ctx context.Context, name, label, by string) (store.Integration, error)
	SuggestSpecName(ctx context.Context, name string) (string, error)
	Integration(ctx context.Context, id int64) (store.Integration, error)
	Integrations(ctx context.Context) ([]store.Integration, error)
	FindIntegrations(ctx context.Context, f store.IntegrationFilter) (store.IntegrationMatches, error)
	RenameIntegration(ctx context.Context, id int64, label, by string) error
	SetIntegrationArchived(ctx context.Context, id int64, archived bool, by string) (bool, error)
	AddSpecVersion(ctx context.Context, integrationID int64, text, author string, valid bool) (store.SpecVersion, error)
	SaveSpecVersion(ctx context.Context, integrationID int64, base int, text, author string, valid bool) (store.SpecVersion, error)
	SpecVersion(ctx context.Context, integrationID int64, version int) (store.SpecVersion, error)
	LatestSpecVersion(ctx context.Context, integrationID int64) (store.SpecVersion, error)
	SpecVersions(ctx context.Context, integrationID int64) ([]store.SpecVersion, error)

	Orgs(ctx context.Context) ([]store.Org, error)
	Org(ctx context.Context, id int64) (store.Org, error)
	OrgBySalesforceID(ctx context.Context, sfOrgID string) (store.Org, error)
	CreateOrg(ctx context.Context, o store.Org, t store.Tokens) (store.Org, error)
	UpdateOrg(ctx context.Context, o store.Org) error
	SetOrgTokens(ctx context.Context, id int64, t store.Tokens) error
	OrgTokens(ctx context.Context, id int64) (store.Tokens, error)
	SetOrgStatus(ctx context.Context, id int64, status store.OrgStatus) error
	DeleteOrg(ctx context.Context, id int64) error

	OrgSchema(ctx context.Context, orgID int64) (store.OrgSchema, error)
	SaveOrgSchema(ctx context.Context, orgID int64, data []byte, fetchedAt time.Time) error
	SetOrgSchemaError(ctx context.Context, orgID int64, msg string, at time.Time) error

	Deployment(ctx context.Context, id int64) (store.Deployment, error)
	Deployments(ctx context.Context, f store.DeploymentFilter) ([]store.Deployment, error)
	Jobs(ctx context.Context, deploymentID int64) ([]store.Job, error)
	Job(ctx context.Context, id int64) (store.Job, error)

	RunLogCursor(ctx context.Context, orgID int64, integration string) (store.RunLogCursor, error)
	SaveRunLogs(ctx context.Context, orgID int64, integration string, rows []store.RunLog, keep int, syncedAt time.Time) (int, error)
	RunLogs(ctx context.Context, f store.RunLogFilter) ([]store.RunLog, error)
	RunLog(ctx context.Context, orgID int64, sfID string) (store.RunLog, error)
	CountRunLogs(ctx context.Context, orgID int64, integration string, since time.Time) (store.RunLogCounts, error)

	Audit(ctx context.Context, e store.AuditEntry) (store.AuditEntry, error)
	AuditLog(ctx context.Context, limit int, before int64) ([]store.AuditEntry, error)

	Settings(ctx context.Context) ([]store.Setting, error)
	SetSetting(ctx context.Context, key, value string, secret bool) error
	SettingValue(ctx context.Context, key string) (string, error)
	DeleteSetting(ctx context.Context, key string) error
}

// Planner turns a plain-English request into a spec, a question or a
// refusal (builder.Planner).
type Planner interface {
	Plan(ctx context.Context, text string) (builder.Result, error)
}

// Generator turns a valid spec into files (generator.Generate).
type Generator func(s *spec.Spec) (*generator.Bundle, error)

// Zipper packs a bundle as a Metadata API zip (kind "metadata") or an SFDX
// project zip (kind "project").
type Zipper func(b *generator.Bundle, kind string) ([]byte, error)

// Deployer sends packages to orgs and reports progress (deploy.Service).
type Deployer interface {
	Start(ctx context.Context, req deploy.Request) (store.Deployment, []store.Job, error)
	Subscribe(deploymentID int64) (<-chan deploy.Event, func())
	// QuickDeploy deploys a successful validation without running its
	// tests again; QuickDeployedAs names the deployment that did.
	QuickDeploy(ctx context.Context, validationID int64, createdBy string) (store.Deployment, []store.Job, error)
	QuickDeployedAs(ctx context.Context, validationID int64) (int64, bool)
}
