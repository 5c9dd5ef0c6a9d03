package generator

// runtimeModel is what runtime.cls.tmpl and runtime_test.cls.tmpl print:
// the integration's shared runtime class and its test.
type runtimeModel struct {
	Runtime               string
	RuntimeTest           string
	Name                  string
	SettingKey            string // the integration's Integration_Log_Setting__c row
	Label                 string
	HasWebhookSecret      bool
	HasRecordIds          bool
	Schemes               map[string]bool // webhook signature schemes in use
	HasSignedWebhook      bool
	HasTimestampedWebhook bool
	DryRunAssertions      []string // Apex assertions that the runtime agrees with the dry run
}

// secretsModel is what secrets.cls.tmpl and secrets_test.cls.tmpl print:
// the class an admin sets webhook secrets with.
type secretsModel struct {
	Secrets     string
	SecretsTest string
	Runtime     string
	Label       string
	Prefix      string // "ns." with a package namespace, else ""
}

// testDataModel is what testdata.cls.tmpl prints: the test-data factory.
type testDataModel struct {
	Class   string
	Runtime string
	Label   string
	Objects []objectLines
}

// objectLines are the statements the test-data factory runs on a new
// record of one object.
type objectLines struct {
	Name  string
	Lines []string
}
