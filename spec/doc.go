// Package spec owns the patchbay/v1 integration spec: its types, strict
// YAML/JSON decoding, validation with path-precise errors, merge-field
// expressions, Salesforce naming rules and Apex reserved words, and the JSON
// Schema that the LLM planner and outside tools use.
//
// It imports none of patchbay's other packages, and no database, HTTP
// framework or LLM client.
package spec
