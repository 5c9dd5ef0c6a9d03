package deploy

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/salesforce"
)

func TestProgressIsSaidInPlainWords(t *testing.T) {
	for _, tc := range []struct {
		r    salesforce.DeployResult
		want string
	}{
		{salesforce.DeployResult{Status: salesforce.StatusInProgress, NumberComponentsTotal: 7, NumberComponentsDeployed: 3}, "In progress: components 3/7"},
		{salesforce.DeployResult{Status: salesforce.StatusPending}, "Waiting in Salesforce's queue"},
		{salesforce.DeployResult{Status: salesforce.StatusInProgress, NumberComponentsTotal: 2, NumberComponentsDeployed: 2, NumberTestsTotal: 4, NumberTestsCompleted: 1, StateDetail: "Running Test: A.b"},
			"In progress: components 2/2, tests 1/4 (Running Test: A.b)"},
	} {
		got := progressMessage(&tc.r)
		if got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.r, got, tc.want)
		}
		if strings.Contains(got, "InProgress") {
			t.Errorf("developer word in %q", got)
		}
	}
}
