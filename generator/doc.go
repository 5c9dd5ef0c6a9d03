// Package generator turns a valid spec into a Salesforce DX project: Apex
// classes and triggers with their tests, Named and External Credentials, a
// permission set, custom objects and platform events, the Change Data Capture
// selections, sfdx-project.json for a managed 2GP package, package.xml and a
// README, and packs that bundle as an SFDX zip or a Metadata API zip.
//
// Generation is a pure function of the spec: no network, database, clock or
// tool version reaches the output, iteration is sorted and zips carry fixed
// timestamps, so the same spec always gives the same bytes. Every string that
// reaches Apex goes through ApexString and every string that reaches XML
// through XMLText.
//
// It imports spec and templates, and no database, HTTP framework or LLM client.
package generator
