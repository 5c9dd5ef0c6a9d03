package sfsim

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testApexMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>`

func pkgXML(types string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">` + types + `<version>66.0</version></Package>`
}

func TestCheckZip(t *testing.T) {
	classA := "public with sharing class A {\n}\n"
	object := `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <fields><fullName>Message__c</fullName><label>Message</label><type>Text</type><length>80</length></fields>
    <label>Log</label>
</CustomObject>
`
	tests := []struct {
		name        string
		files       map[string]string
		wantFile    string // "" means no failure expected
		wantLine    int
		wantProblem string
		wantComps   int
	}{
		{
			name:      "a flat zip with a class passes",
			files:     map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantComps: 1,
		},
		{
			name:      "one top-level folder is accepted",
			files:     map[string]string{"zip/package.xml": pkgXML("<types><members>*</members><name>ApexClass</name></types>"), "zip/classes/A.cls": classA, "zip/classes/A.cls-meta.xml": testApexMeta},
			wantComps: 1,
		},
		{
			name:        "a README beside package.xml is a file not in package.xml",
			files:       map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "README.md": "# A\n", "classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "README.md",
			wantProblem: "Not in package.xml",
			wantComps:   1,
		},
		{
			name:      "destructive changes beside package.xml are manifests",
			files:     map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "destructiveChangesPost.xml": pkgXML(""), "classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantComps: 1,
		},
		{
			name:        "a zip without package.xml fails",
			files:       map[string]string{"classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "package.xml",
			wantProblem: "No package.xml found",
		},
		{
			name:        "a member missing from the zip fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>A</members><members>B</members><name>ApexClass</name></types>"), "classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "package.xml",
			wantProblem: "An object 'B' of type ApexClass was named in package.xml, but was not found in zipped directory",
			wantComps:   1,
		},
		{
			name:        "a file not named in package.xml fails",
			files:       map[string]string{"package.xml": pkgXML(""), "classes/A.cls": classA, "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "classes/A.cls",
			wantProblem: "not named in package.xml",
		},
		{
			name:        "an Apex class without its -meta.xml fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "classes/A.cls": classA},
			wantFile:    "classes/A.cls",
			wantProblem: "No metadata file found",
		},
		{
			name:        "a class whose name differs from its file fails at the name",
			files:       map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "classes/A.cls": "// A comment\npublic with sharing class B {\n}\n", "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "classes/A.cls",
			wantLine:    2,
			wantProblem: "The class name 'B' does not match the file name 'A'",
		},
		{
			name:        "an unclosed paren is reported where it breaks",
			files:       map[string]string{"package.xml": pkgXML("<types><members>A</members><name>ApexClass</name></types>"), "classes/A.cls": "public class A {\n    void f() {\n        g(1;\n    }\n}\n", "classes/A.cls-meta.xml": testApexMeta},
			wantFile:    "classes/A.cls",
			wantLine:    4,
			wantProblem: "Expecting ')' but was: '}'",
		},
		{
			name:        "a trigger named unlike its file fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>T</members><name>ApexTrigger</name></types>"), "triggers/T.trigger": "trigger Other on Account (after insert) {\n}\n", "triggers/T.trigger-meta.xml": strings.ReplaceAll(testApexMeta, "ApexClass", "ApexTrigger")},
			wantFile:    "triggers/T.trigger",
			wantLine:    1,
			wantProblem: "The trigger name 'Other' does not match the file name 'T'",
		},
		{
			name:        "malformed XML is reported with its line",
			files:       map[string]string{"package.xml": pkgXML("<types><members>Log__c</members><name>CustomObject</name></types>"), "objects/Log__c.object": "<?xml version=\"1.0\"?>\n<CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n  <label>Log</lable>\n</CustomObject>\n"},
			wantFile:    "objects/Log__c.object",
			wantLine:    3,
			wantProblem: "Error parsing file",
		},
		{
			name:        "a root element without the metadata namespace fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>Log__c</members><name>CustomObject</name></types>"), "objects/Log__c.object": "<CustomObject><label>Log</label></CustomObject>"},
			wantFile:    "objects/Log__c.object",
			wantProblem: "expected <CustomObject xmlns=\"http://soap.sforce.com/2006/04/metadata\">",
		},
		{
			name:        "the wrong root element fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>N</members><name>NamedCredential</name></types>"), "namedCredentials/N.namedCredential": `<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata"/>`},
			wantFile:    "namedCredentials/N.namedCredential",
			wantProblem: "the root element is <ExternalCredential",
		},
		{
			name:      "a custom field inside its object file passes",
			files:     map[string]string{"package.xml": pkgXML("<types><members>Log__c</members><name>CustomObject</name></types><types><members>Log__c.Message__c</members><name>CustomField</name></types>"), "objects/Log__c.object": object},
			wantComps: 2,
		},
		{
			name:      "a standard object file may carry only named fields (as sf sends them)",
			files:     map[string]string{"package.xml": pkgXML("<types><members>Opportunity.Message__c</members><name>CustomField</name></types>"), "objects/Opportunity.object": strings.Replace(object, "<label>Log</label>", "", 1)},
			wantComps: 1,
		},
		{
			name:        "a custom field missing from its object file fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>Log__c</members><name>CustomObject</name></types><types><members>Log__c.Other__c</members><name>CustomField</name></types>"), "objects/Log__c.object": object},
			wantFile:    "package.xml",
			wantProblem: "An object 'Log__c.Other__c' of type CustomField was named in package.xml",
			wantComps:   1,
		},
		{
			name:        "an unknown type in package.xml fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>X</members><name>Gizmo</name></types>")},
			wantFile:    "package.xml",
			wantProblem: "Unknown type name 'Gizmo'",
		},
		{
			name:        "an empty metadata file fails",
			files:       map[string]string{"package.xml": pkgXML("<types><members>P</members><name>PermissionSet</name></types>"), "permissionsets/P.permissionset": ""},
			wantFile:    "permissionsets/P.permissionset",
			wantProblem: "Premature end of file",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cr := checkZip(zipOf(t, tc.files), nil, "66.0")
			if cr.errorMessage != "" {
				t.Fatalf("deploy error %q", cr.errorMessage)
			}
			if tc.wantFile == "" {
				if len(cr.failures) != 0 {
					t.Fatalf("failures = %+v, want none", cr.failures)
				}
			} else {
				found := false
				for _, f := range cr.failures {
					if f.FileName == tc.wantFile && strings.Contains(f.Problem, tc.wantProblem) && (tc.wantLine == 0 || f.LineNumber == tc.wantLine) && f.ProblemType == "Error" && !f.Success {
						found = true
					}
				}
				if !found {
					t.Fatalf("failures = %+v, want one in %s line %d containing %q", cr.failures, tc.wantFile, tc.wantLine, tc.wantProblem)
				}
			}
			if len(cr.components) != tc.wantComps {
				t.Errorf("%d components pass, want %d", len(cr.components), tc.wantComps)
			}
		})
	}
}

func TestParseApex(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		trigger     bool
		wantName    string
		wantTest    bool
		wantMethods []testMethod
		wantProblem string
		wantLine    int
	}{
		{name: "braces in strings and comments do not count", src: "public class A { // {\n String s = '}{'; /* } */ }\n", wantName: "A"},
		{name: "escaped quotes stay inside the string", src: "public class A { String s = 'it\\'s }'; }", wantName: "A"},
		{
			name: "a test class with annotated and testMethod methods", src: "@IsTest(SeeAllData=false)\nprivate class ATest {\n  @TestSetup static void setup() {}\n  @IsTest static void ok() { A.run(); }\n  static testMethod void old() {}\n  @IsTest static void bad() { Assert.fail('x'); }\n  private class Mock implements HttpCalloutMock { public HttpResponse respond(HttpRequest r) { return null; } }\n}\n",
			wantName: "ATest", wantTest: true, wantMethods: []testMethod{{"ok", false}, {"old", false}, {"bad", true}},
		},
		{name: "an extra closing brace", src: "public class A {\n}\n}\n", wantProblem: "Unexpected token '}'.", wantLine: 3},
		{name: "an unterminated string", src: "public class A {\n String s = 'oops;\n}\n", wantProblem: "Unterminated string literal", wantLine: 2},
		{name: "an unterminated comment", src: "public class A {\n/* never ends\n}\n", wantProblem: "unterminated comment", wantLine: 2},
		{name: "no declaration", src: "// nothing here\n", wantProblem: "Expecting a class"},
		{name: "a trigger", src: "trigger AccountTrigger on Account (after insert, after update) {\n}\n", trigger: true, wantName: "AccountTrigger"},
		{name: "a trigger without on", src: "trigger T Account (after insert) {}", trigger: true, wantProblem: "Expecting 'on'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, p := parseApex(tc.src, tc.trigger)
			if tc.wantProblem != "" {
				if p == nil || !strings.Contains(p.msg, tc.wantProblem) || (tc.wantLine != 0 && p.line != tc.wantLine) {
					t.Fatalf("problem = %+v, want %q at line %d", p, tc.wantProblem, tc.wantLine)
				}
				return
			}
			if p != nil {
				t.Fatalf("unexpected problem %+v", p)
			}
			if u.name != tc.wantName || u.isTest != tc.wantTest {
				t.Errorf("name %q test %v, want %q %v", u.name, u.isTest, tc.wantName, tc.wantTest)
			}
			if len(u.testMethods) != len(tc.wantMethods) {
				t.Fatalf("test methods = %+v, want %+v", u.testMethods, tc.wantMethods)
			}
			for i := range u.testMethods {
				if u.testMethods[i] != tc.wantMethods[i] {
					t.Errorf("test method %d = %+v, want %+v", i, u.testMethods[i], tc.wantMethods[i])
				}
			}
		})
	}
}

func TestIDs(t *testing.T) {
	tests := []struct{ in, fallback, want string }{
		{"001A0000006Vm9r", "", "001A0000006Vm9rIAC"},
		{"001A0000006Vm9rIAC", "", "001A0000006Vm9rIAC"},
		{"", "00DSIM000000001", "00DSIM0000000012BA"},
		{"00D-bad", "00DSIM000000001", "00DSIM0000000012BA"},
	}
	for _, tc := range tests {
		if got := normalID(tc.in, tc.fallback); got != tc.want {
			t.Errorf("normalID(%q, %q) = %q, want %q", tc.in, tc.fallback, got, tc.want)
		}
	}
}
