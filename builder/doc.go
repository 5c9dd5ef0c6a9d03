// Package builder turns a plain-English integration request into a
// patchbay/v1 spec (see docs/spec.md).
//
// Two planners share one interface: the offline rule planner, the default,
// which needs no network and answers in milliseconds, and the LLM planner,
// which asks any OpenAI-compatible endpoint for a spec under the spec's JSON
// Schema and repairs what fails validation. Either one may instead ask a
// clarifying question or refuse a destructive or security-weakening request.
// Every spec a planner returns has passed validation.
//
// builder imports spec and nothing else of patchbay; all LLM-client code lives
// in llm.go.
package builder
