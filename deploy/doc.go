// Package deploy sends one Metadata API package to many connected orgs at
// once. Each org's deploy is a store.Job recorded before its first request
// and updated at every status change; jobs run concurrently with a bounded
// number of workers, are polled to the end with backoff, and are resumed
// after a restart: a job that already has a Salesforce deploy id is polled
// again and never deployed twice. A deploy request whose answer was lost
// (or a process killed between send and record) is looked for in the org
// (Tooling API DeployRequest, since the recorded send time) before it is
// sent again. A deploy whose status cannot be read ends "unknown: check
// the org" with its deploy id, never "failed". Progress is published to subscribers
// (the web app streams it over server-sent events; the CLI prints it).
//
// deploy imports salesforce and store. It declares the small OrgClient
// interface it needs so that tests can use a fake; SalesforceConnector
// supplies real clients. It must not import web or cmd, and it never logs a
// token or a credential secret.
package deploy
