// Package sfsim is a local Salesforce org simulator for tests, patchbay's
// demo mode and `patchbay sfsim`. One Server hosts several orgs on one
// listener and speaks enough of Salesforce's protocols for patchbay's client,
// the sf CLI and jsforce: OAuth 2.0 (web-server flow with PKCE, refresh
// token, JWT bearer, revoke, userinfo, identity URL), the REST API pieces a
// login needs (/services/data, limits, User, queries of Organization and
// ScratchOrgInfo), Connect REST named-credentials/credential, Metadata
// API deploys over REST and SOAP, and, by simulation since no Apex runs
// here, patchbay's generated replay resource under /services/apexrest
// (replay.go).
//
// Deploys are checked, not rubber-stamped: zip layout, package.xml against
// the files both ways, well-formed XML with the right root element and
// namespace, Apex meta files, class and trigger names against file names,
// balanced brackets, test classes and the test level, code coverage in
// production. Failures come back as componentFailures with file, line and
// column, as Salesforce reports them. What each org received is kept and can
// be inspected (Deployed, Deploys, Credentials).
//
// Faults (latency, 503 bursts, REQUEST_LIMIT_EXCEEDED, a session expiring
// mid-poll, dropped connections) are set with Options.Faults, SetFaults or
// POST /_sfsim/faults.
//
// Every org has the instance URL <base>/org/<alias>; requests without the
// prefix are routed by their access token, so clients that rebuild URLs from
// the host alone still work. Repeated slashes are collapsed before routing.
// Tokens and secrets are never logged.
//
// It may import salesforce for wire types only.
package sfsim
