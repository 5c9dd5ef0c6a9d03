package deploy

import (
	"fmt"
	"slices"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// TestLevelFor returns the test level a deploy runs with in an org of the
// given kind. An empty requested level means RunLocalTests everywhere.
// NoTestRun is refused for production and custom-domain orgs (a My Domain
// login may be production), as Salesforce refuses it there.
// RunSpecifiedTests needs at least one test, and tests are accepted only
// with it.
func TestLevelFor(kind store.OrgKind, requested string, runTests []string) (string, error) {
	level := requested
	if level == "" {
		level = salesforce.TestLevelRunLocalTests
	}
	if !slices.Contains(salesforce.TestLevels, level) {
		return "", fmt.Errorf("unknown test level %q (want one of %v)", requested, salesforce.TestLevels)
	}
	if level == salesforce.TestLevelNoTestRun && kind != store.OrgSandbox {
		return "", fmt.Errorf("test level NoTestRun is allowed only for sandboxes, and this is a %s org: use RunLocalTests or RunSpecifiedTests", kind)
	}
	if level == salesforce.TestLevelRunSpecifiedTests && len(runTests) == 0 {
		return "", fmt.Errorf("test level RunSpecifiedTests needs the tests to run")
	}
	if level != salesforce.TestLevelRunSpecifiedTests && len(runTests) > 0 {
		return "", fmt.Errorf("tests to run were given with test level %s; they need RunSpecifiedTests", level)
	}
	return level, nil
}
