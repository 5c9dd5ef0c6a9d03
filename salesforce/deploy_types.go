package salesforce

// Test levels a Metadata API deploy may run with.
const (
	TestLevelNoTestRun         = "NoTestRun"
	TestLevelRunSpecifiedTests = "RunSpecifiedTests"
	TestLevelRunLocalTests     = "RunLocalTests"
	TestLevelRunAllTestsInOrg  = "RunAllTestsInOrg"
)

// TestLevels lists the test levels patchbay offers, cheapest first.
var TestLevels = []string{TestLevelNoTestRun, TestLevelRunSpecifiedTests, TestLevelRunLocalTests, TestLevelRunAllTestsInOrg}

// DeployOptions are the Metadata API deploy options patchbay sets.
type DeployOptions struct {
	CheckOnly       bool     `json:"checkOnly"`
	TestLevel       string   `json:"testLevel,omitempty"`
	RunTests        []string `json:"runTests,omitempty"`
	RollbackOnError bool     `json:"rollbackOnError"`
	SinglePackage   bool     `json:"singlePackage"`
	IgnoreWarnings  bool     `json:"ignoreWarnings"`
}

// Deploy statuses as Salesforce reports them. Clients must tolerate others
// and stop polling on DeployResult.Done.
const (
	StatusPending          = "Pending"
	StatusInProgress       = "InProgress"
	StatusSucceeded        = "Succeeded"
	StatusSucceededPartial = "SucceededPartial"
	StatusFailed           = "Failed"
	StatusCanceling        = "Canceling"
	StatusCanceled         = "Canceled"
)

// DeployResult is the state of one Metadata API deploy, from
// checkDeployStatus (SOAP) or deployRequest/{id} (REST).
type DeployResult struct {
	ID                       string             `json:"id"`
	Status                   string             `json:"status"`
	Done                     bool               `json:"done"`
	Success                  bool               `json:"success"`
	CheckOnly                bool               `json:"checkOnly"`
	StateDetail              string             `json:"stateDetail,omitempty"`
	ErrorMessage             string             `json:"errorMessage,omitempty"`
	ErrorStatusCode          string             `json:"errorStatusCode,omitempty"`
	NumberComponentsTotal    int                `json:"numberComponentsTotal"`
	NumberComponentsDeployed int                `json:"numberComponentsDeployed"`
	NumberComponentErrors    int                `json:"numberComponentErrors"`
	NumberTestsTotal         int                `json:"numberTestsTotal"`
	NumberTestsCompleted     int                `json:"numberTestsCompleted"`
	NumberTestErrors         int                `json:"numberTestErrors"`
	ComponentSuccesses       []ComponentMessage `json:"componentSuccesses,omitempty"`
	ComponentFailures        []ComponentMessage `json:"componentFailures,omitempty"`
	TestFailures             []TestFailure      `json:"testFailures,omitempty"`
	TestSuccesses            []TestSuccess      `json:"testSuccesses,omitempty"`
	CodeCoverageWarnings     []CoverageWarning  `json:"codeCoverageWarnings,omitempty"`
}

// ComponentMessage is one component's outcome in a deploy (a DeployMessage).
type ComponentMessage struct {
	ComponentType string `json:"componentType"`
	FullName      string `json:"fullName"`
	FileName      string `json:"fileName"`
	Problem       string `json:"problem,omitempty"`
	ProblemType   string `json:"problemType,omitempty"`
	LineNumber    int    `json:"lineNumber,omitempty"`
	ColumnNumber  int    `json:"columnNumber,omitempty"`
	Success       bool   `json:"success"`
	Created       bool   `json:"created,omitempty"`
	Changed       bool   `json:"changed,omitempty"`
}

// TestFailure is one failed Apex test method.
type TestFailure struct {
	Name       string  `json:"name"`
	MethodName string  `json:"methodName"`
	Message    string  `json:"message"`
	StackTrace string  `json:"stackTrace,omitempty"`
	Time       float64 `json:"time,omitempty"`
}

// TestSuccess is one passed Apex test method.
type TestSuccess struct {
	Name       string  `json:"name"`
	MethodName string  `json:"methodName"`
	Time       float64 `json:"time,omitempty"`
}

// CoverageWarning is a code-coverage warning from a deploy's test run.
type CoverageWarning struct {
	Name    string `json:"name,omitempty"`
	Message string `json:"message"`
}
