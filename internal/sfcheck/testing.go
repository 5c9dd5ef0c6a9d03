package sfcheck

import (
	"testing"

	"github.com/patchbay/patchbay/internal/testenv"
)

// RequireTools skips t when the Salesforce tools are not installed, saying
// what is missing. When the environment variable CI is "true" a missing
// tool is a failure instead (t.Fatal): CI must run these checks.
func RequireTools(t testing.TB) {
	t.Helper()
	testenv.Need(t, "Salesforce's check tools (npm ci in tools/salesforce)", Available())
}

// RequireApexLS skips t when apex-ls cannot run (its jars or Java 21 are
// missing), saying what is missing; under CI=true that is a failure.
func RequireApexLS(t testing.TB) {
	t.Helper()
	testenv.Need(t, "apex-ls and Java 21 (scripts/java21.sh; npm ci in tools/salesforce)", ApexLSAvailable())
}
