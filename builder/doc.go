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
// The offline planner reads requests as admins write them, not only as the
// rules phrase them: before planning it corrects misspelt words by edit
// distance against its own vocabulary (typo.go; English words one slip from
// that vocabulary are kept as written), spells out clipped units and
// contractions, and rewrites idioms into plain phrases (phrases.go: "at the
// top of every hour", "send back a 200", "can u make it so that ...").
// Requests that describe two flows are split at list markers, "also",
// "separately" and similar turns; a clause that speaks of "it" with an action
// of its own continues the record of the flow before.
//
// Both planners meet one contract (coverage.go, safetypass.go). Every
// action clause of a request becomes a step (Result.Coverage maps the
// clause to its spec path), a question that quotes it, or an entry in
// Result.Unplanned; a draft with unplanned clauses is incomplete, and
// MarkUnplanned carries the clauses into the editor as comments above the
// spec. One safety pass over every finished spec refuses bulk deletion,
// sensitive fields sent without authentication or to public capture
// services, and unauthenticated endpoints that return data; the
// description and labels are written from the plan, and sentences that
// instruct the planner never reach it or the spec. When the LLM endpoint
// fails, the offline planner answers and Result.Fallback says so.
//
// testdata/unseen*.json hold requests written in a held-out style before the
// planner was tuned on them; their facts are logged by the tests, and every
// spec planned from them must validate and generate.
//
// builder imports spec and nothing else of patchbay; all LLM-client code lives
// in llm.go.
package builder
