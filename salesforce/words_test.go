package salesforce

import "testing"

func TestTestLevelsAndStatusesAreSaidInPlainWords(t *testing.T) {
	for _, tc := range []struct {
		fn       func(string) string
		in, want string
	}{
		{TestLevelWords, TestLevelRunSpecifiedTests, "Run the package's tests"},
		{TestLevelWords, TestLevelRunLocalTests, "Run all local tests"},
		{TestLevelWords, TestLevelRunAllTestsInOrg, "Run all tests in the org"},
		{TestLevelWords, TestLevelNoTestRun, "Run no tests"},
		{TestLevelWords, "", "Salesforce's default tests"},
		{TestLevelWords, "SomeFutureLevel", "SomeFutureLevel"},
		{StatusWords, StatusPending, "Waiting in Salesforce's queue"},
		{StatusWords, StatusInProgress, "In progress"},
		{StatusWords, StatusSucceeded, "Succeeded"},
		{StatusWords, StatusSucceededPartial, "Partly succeeded"},
		{StatusWords, StatusFailed, "Failed"},
		{StatusWords, StatusCanceling, "Canceling"},
		{StatusWords, StatusCanceled, "Canceled"},
	} {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, level := range TestLevels {
		if TestLevelWords(level) == level {
			t.Errorf("test level %s has no words", level)
		}
	}
}
