// Package testenv decides what a test does when a tool it needs (Salesforce's
// npm tools, Chromium, Java, a word list) is missing: skip with a message on a
// developer's machine, fail under CI=true, where every tool must be present.
// With -short (make check) such tests skip even when the tool is there, so
// the inner loop stays fast and needs no npm or browser.
package testenv

import (
	"os"
	"testing"
)

// CI reports whether the tests run in CI (CI=true), where a missing tool is
// a failure.
func CI() bool { return os.Getenv("CI") == "true" }

// Need skips or fails t when a tool it needs is unusable. what names the
// tool and how to install it; missing is why it cannot be used (nil when it
// can). Under -short the test is skipped whatever missing is.
func Need(t testing.TB, what string, missing error) {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: skipping a test that needs %s", what)
		return
	}
	if missing == nil {
		return
	}
	if CI() {
		t.Fatalf("CI=true and %s is missing: %v", what, missing)
		return
	}
	t.Skipf("skipping: %s is missing: %v", what, missing)
}
