package sfcheck

import (
	"os"
	"testing"
)

// RequireTools skips t when the Salesforce tools are not installed, saying
// what is missing. When the environment variable CI is "true" a missing
// tool is a failure instead (t.Fatal): CI must run these checks.
func RequireTools(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and the Salesforce check tools are missing: %v", err)
		} else {
			t.Skipf("skipping: %v", err)
		}
	}
}

// RequireApexLS skips t when apex-ls cannot run (its jars or Java 21 are
// missing), saying what is missing; under CI=true that is a failure.
func RequireApexLS(t testing.TB) {
	t.Helper()
	if err := ApexLSAvailable(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and apex-ls cannot run: %v", err)
		} else {
			t.Skipf("skipping: %v", err)
		}
	}
}
