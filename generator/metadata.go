package generator

import "github.com/patchbay/patchbay/spec"

// objectModel is what object.tmpl prints for a CustomObject: each element
// when set ("" leaves it out), in the order Salesforce retrieves them.
type objectModel struct {
	CustomSettingsType string // "List" for a list custom setting
	DeploymentStatus   string
	Description        string
	EnableFeeds        string // "true", "false" or "" (left out)
	EnableReports      string // "true", "false" or "" (left out)
	EventType          string // platform events: "HighVolume"
	Label              string
	NameField          *nameField
	PluralLabel        string
	PublishBehavior    string // platform events
	SharingModel       string
	Visibility         string
}

// nameField is a custom object's Name field: Text, or an AutoNumber with
// its display format.
type nameField struct {
	DisplayFormat string
	Label         string
	Type          string
}

// autoNumber is an AutoNumber name field.
func autoNumber(format, label string) *nameField {
	return &nameField{DisplayFormat: format, Label: label, Type: "AutoNumber"}
}

// fieldModel is what field.tmpl prints for a CustomField: each element when
// set ("" or 0 leaves it out), in the order Salesforce retrieves them.
type fieldModel struct {
	FullName           string
	DefaultValue       string
	DeleteConstraint   string
	Description        string
	ExternalID         string // "true", "false" or "" (left out)
	FieldManageability string // custom metadata fields
	EventField         bool   // a platform event's field: prints isFilteringDisabled, isNameField, isSortingDisabled
	Label              string
	Length             int
	Precision          int
	ReferenceTo        string
	RelationshipLabel  string
	RelationshipName   string
	Required           string // "true", "false" or "" (left out)
	HasScale           bool
	Scale              int
	Type               string
	Unique             string // "true", "false" or "" (left out)
	Picklist           bool   // prints a restricted value set of Values
	Values             []string
	VisibleLines       int
}

// metadataTextField is a Text field of a custom metadata type the
// subscriber sets.
func metadataTextField(name, label string, length int) fieldModel {
	return fieldModel{FullName: name, ExternalID: "false", FieldManageability: "SubscriberControlled",
		Label: label, Length: length, Required: "false", Type: spec.FieldText, Unique: "false"}
}

// customFieldModel is the CustomField of a spec field of object; event
// says object is a platform event.
func customFieldModel(object string, f spec.Field, event bool) fieldModel {
	fm := fieldModel{FullName: f.Name, Description: f.Description, EventField: event,
		Label: limitLabel(labelOf(f.Label, f.Name)), Type: f.Type}
	switch f.Type {
	case spec.FieldCheckbox:
		fm.DefaultValue = "false"
	case spec.FieldLookup:
		fm.DeleteConstraint = "SetNull"
		if f.Required {
			fm.DeleteConstraint = "Restrict"
		}
		fm.ReferenceTo = f.ReferenceTo
		fm.RelationshipLabel = limitLabel(pluralOf(labelOf("", object)))
		fm.RelationshipName = childRelationshipName(object, f.Name)
	case spec.FieldText:
		fm.Length = orDefault(f.Length, 255)
	case spec.FieldLongTextArea:
		fm.Length = orDefault(f.Length, 32768)
		fm.VisibleLines = 5
	case spec.FieldNumber, spec.FieldCurrency, spec.FieldPercent:
		fm.Precision = orDefault(f.Precision, 18)
		fm.HasScale, fm.Scale = true, f.Scale
		if f.Precision == 0 && f.Type != spec.FieldNumber {
			fm.Scale = 2
		}
	case spec.FieldPicklist:
		fm.Picklist, fm.Values = true, f.Values
	}
	if f.ExternalID {
		fm.ExternalID = "true"
	}
	if f.Required && f.Type != spec.FieldCheckbox {
		fm.Required = "true"
	}
	if f.Unique {
		fm.Unique = "true"
	} else if f.ExternalID && f.Type == spec.FieldText {
		fm.Unique = "false"
	}
	return fm
}

// metaModel is what meta.xml.tmpl prints: the -meta.xml of an Apex class
// or trigger.
type metaModel struct {
	Kind       string // ApexClass or ApexTrigger
	APIVersion string
}

// externalCredentialModel is what externalCredential.tmpl prints for a
// system's External Credential.
type externalCredentialModel struct {
	Protocol   string
	Parameters []ecParam
	Label      string
}

// namedCredentialModel is what namedCredential.tmpl prints for a system's
// Named Credential.
type namedCredentialModel struct {
	GenerateAuthorizationHeader bool
	Label                       string
	URL                         string
	ExternalCredential          string
}

// customMetadataModel is what customMetadata.tmpl prints: one
// Org_Record_Id__mdt record.
type customMetadataModel struct {
	Label string
	Value string // the record id
}

// permissionSetModel is what permissionSet.tmpl prints: the integration's
// permission set.
type permissionSetModel struct {
	Classes     []string
	Principals  []string // ExternalCredential-Principal
	Fields      []fieldPerm
	Objects     []objectPerm
	Label       string
	Description string
}

// manifestModel is what package.xml.tmpl prints: every component of the
// source by metadata type.
type manifestModel struct {
	Types   []pkgType
	Version string
}

// readmeModel is what readme.md.tmpl prints: the project's README, for
// the admin who installs it.
type readmeModel struct {
	Label, Description, Name string
	APIVersion               string
	Namespace                string
	Systems                  []systemModel
	Flows                    []flowSummary
	PermissionSet            string
	Schedules, Webhooks      []flowSummary
	CDC                      string   // the objects with Change Data Capture flows, comma-separated
	Actions                  []string // the labels of the invocable actions
	SecretsClass             string   // the class that sets webhook secrets, with namespace, or ""
	Replay                   *ReplaySetup
	Subscribers              []subscriberModel
	Sweep                    string // the Execute Anonymous line scheduling the sweep
	SweepClass               string
	SettingKey               string
	RecordIDs                []string
	Requires                 []string
	TestData                 string // the test-data factory class, or "" when no test creates records
	AssignCommand            []string
	DeployCommands           []string
	PackageCommands          []string
	AnalyzerCommand          []string
}
