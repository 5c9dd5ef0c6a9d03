// Package store owns patchbay's SQLite database: the embedded numbered
// migrations, users and their server-side sessions, integrations and their
// spec versions, connected orgs with their OAuth tokens encrypted at rest
// (AES-GCM), deployments and the per-org jobs that record each deploy's
// progress and result, the audit log and settings.
//
// No SQL lives outside this package. Methods take a context first, return
// domain types and report a missing row as ErrNotFound, never as a nil value
// with a nil error.
//
// store may import spec and nothing else of patchbay: it must not import
// salesforce, deploy, web or cmd. Results of Salesforce deploys are kept as
// the JSON their producer wrote.
package store
