package deploy

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/store"
)

// The deploy rules: who may deploy where, and which tests a deploy runs.
// They live here, not in the web handlers or the CLI, so every way into a
// deploy (the form, quick deploy, a retry, the CLI) applies the same ones.

// IsSandbox reports whether an org is a sandbox: connected through
// test.salesforce.com, or through a My Domain sandbox login host
// (NAME--SANDBOX.sandbox.my.salesforce.com). Any other custom domain may be
// production, so it is not taken for a sandbox.
func IsSandbox(o store.Org) bool {
	switch o.Kind {
	case store.OrgSandbox:
		return true
	case store.OrgCustom:
		u, err := url.Parse(o.LoginURL)
		return err == nil && strings.HasSuffix(strings.ToLower(u.Hostname()), ".sandbox.my.salesforce.com")
	}
	return false
}

// MayDeploy reports whether u may deploy to org o: administrators anywhere,
// editors to sandboxes only, viewers nowhere.
func MayDeploy(u store.User, o store.Org) bool {
	switch u.Role {
	case store.RoleAdmin:
		return true
	case store.RoleEditor:
		return IsSandbox(o)
	}
	return false
}

// NotAllowedError says that a user may not deploy to an org, and why, in
// words for the user.
type NotAllowedError struct {
	Org  store.Org
	Role store.Role
}

func (e *NotAllowedError) Error() string {
	if e.Role == store.RoleEditor {
		return "editors can deploy to sandboxes only; " + e.Org.Alias + " is a production org: ask an administrator to deploy it"
	}
	return "your account cannot deploy: ask an administrator for the editor role"
}

// Authorize returns a *NotAllowedError for the first org u may not deploy
// to, or nil when u may deploy to all of them.
func Authorize(u store.User, orgs []store.Org) error {
	for _, o := range orgs {
		if !MayDeploy(u, o) {
			return &NotAllowedError{Org: o, Role: u.Role}
		}
	}
	return nil
}

// TestsPackage is the test choice "this package's own tests": the
// package's test classes with RunSpecifiedTests, or RunLocalTests when the
// package has none.
const TestsPackage = "package"

// ErrNoTestChoice is returned by ChooseTests for a choice that is neither
// TestsPackage nor a test level a form may ask for.
var ErrNoTestChoice = errors.New("choose which tests to run")

// ChooseTests turns a test choice (TestsPackage or a test level other than
// RunSpecifiedTests) into the test level and tests to deploy with, given the
// package's test classes.
func ChooseTests(choice string, packageTests []string) (level string, runTests []string, err error) {
	switch {
	case choice == TestsPackage && len(packageTests) > 0:
		return salesforce.TestLevelRunSpecifiedTests, packageTests, nil
	case choice == TestsPackage:
		return salesforce.TestLevelRunLocalTests, nil, nil
	case choice == salesforce.TestLevelRunSpecifiedTests || !slices.Contains(salesforce.TestLevels, choice):
		return "", nil, ErrNoTestChoice
	}
	return choice, nil, nil
}

// TestLevelError says that a test level cannot be used for an org.
type TestLevelError struct {
	Org   store.Org
	Level string
}

func (e *TestLevelError) Error() string {
	return fmt.Sprintf("%s is not a sandbox, and Salesforce requires tests when deploying to production: test level %s is allowed only for sandboxes", e.Org.Alias, e.Level)
}

// TestLevelFor returns the test level a deploy runs with in org o. An empty
// requested level means RunLocalTests everywhere. NoTestRun is refused, with
// a *TestLevelError, for any org IsSandbox does not recognise, as Salesforce
// refuses it in production. RunSpecifiedTests needs at least one test, and
// tests are accepted only with it.
func TestLevelFor(o store.Org, requested string, runTests []string) (string, error) {
	level := requested
	if level == "" {
		level = salesforce.TestLevelRunLocalTests
	}
	if !slices.Contains(salesforce.TestLevels, level) {
		return "", fmt.Errorf("unknown test level %q (want one of %v)", requested, salesforce.TestLevels)
	}
	if level == salesforce.TestLevelNoTestRun && !IsSandbox(o) {
		return "", &TestLevelError{Org: o, Level: level}
	}
	if level == salesforce.TestLevelRunSpecifiedTests && len(runTests) == 0 {
		return "", fmt.Errorf("test level RunSpecifiedTests needs the tests to run")
	}
	if level != salesforce.TestLevelRunSpecifiedTests && len(runTests) > 0 {
		return "", fmt.Errorf("tests to run were given with test level %s; they need RunSpecifiedTests", level)
	}
	return level, nil
}
