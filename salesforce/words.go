package salesforce

// testLevelWords says each test level the way the deploy form offers it.
var testLevelWords = map[string]string{
	TestLevelNoTestRun:         "Run no tests",
	TestLevelRunSpecifiedTests: "Run the package's tests",
	TestLevelRunLocalTests:     "Run all local tests",
	TestLevelRunAllTestsInOrg:  "Run all tests in the org",
	"":                         "Salesforce's default tests",
}

// TestLevelWords is a deploy test level in plain words, for pages, audit
// entries and CLI output: "RunSpecifiedTests" is "Run the package's tests".
// An unknown level is returned as Salesforce spelled it.
func TestLevelWords(level string) string {
	if w, ok := testLevelWords[level]; ok {
		return w
	}
	return level
}

// statusWords says each deploy status Salesforce reports in plain words.
var statusWords = map[string]string{
	StatusPending:          "Waiting in Salesforce's queue",
	StatusInProgress:       "In progress",
	StatusSucceeded:        "Succeeded",
	StatusSucceededPartial: "Partly succeeded",
	StatusFailed:           "Failed",
	StatusCanceling:        "Canceling",
	StatusCanceled:         "Canceled",
}

// StatusWords is a deploy status as Salesforce reports it ("InProgress")
// in plain words ("In progress"). An unknown status is returned as is.
func StatusWords(status string) string {
	if w, ok := statusWords[status]; ok {
		return w
	}
	return status
}
