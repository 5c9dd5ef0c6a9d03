// Package spectest makes random, always-valid patchbay/v1 specs for tests of
// the packages that consume specs: the generator runs them through
// Salesforce's Apex parser and Code Analyzer, the spec package checks that
// Validate, Format and the JSON Schema agree on them.
//
// It imports only the spec package.
package spectest
