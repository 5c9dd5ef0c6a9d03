package generator

import (
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestEventTriggerTestsDeliverEventsThatMeetAndFailTheConditions: the
// change-event and platform-event trigger tests, as the permission-set
// user, deliver an event that meets the flow's conditions and assert the
// job ran it once, and one that fails them and assert the job ran nothing,
// with typed values (an address in an Email field) the dry run confirms.
func TestEventTriggerTestsDeliverEventsThatMeetAndFailTheConditions(t *testing.T) {
	call := []spec.Step{{ID: "post", Type: spec.StepCall, System: "Erp", Method: "POST", Path: "/things"}}
	for _, tc := range []struct {
		name    string
		trigger spec.Trigger
		events  []spec.Event
		want    []string
		absent  []string
	}{
		{
			name: "platform event",
			trigger: spec.Trigger{Type: spec.TriggerPlatformEvent, Event: "Alert__e", When: []spec.Condition{
				{Field: "Amount__c", Op: spec.OpGreaterOrEqual, Value: 100},
				{Field: "Channel__c", Op: spec.OpStartsWith, Value: "#"},
			}},
			events: []spec.Event{{Name: "Alert__e", Label: "Alert", Fields: []spec.Field{
				{Name: "Amount__c", Label: "Amount", Type: spec.FieldNumber, Precision: 18, Scale: 2},
				{Name: "Channel__c", Label: "Channel", Type: spec.FieldText, Length: 80},
			}}},
			want: []string{
				"static void runsTheJobForAnEventThatMeetsTheConditions() {\n        Test.setMock(HttpCalloutMock.class, new Mock());\n        Alert__e ev = (Alert__e) ThingsTestData.record('Alert__e');\n        ThingsRuntime.put(ev, 'Amount__c', 100);\n        ThingsRuntime.put(ev, 'Channel__c', '#');\n        Database.SaveResult published;\n        // As the integration user, who holds the permission set.\n        System.runAs(integrationUser()) {\n            Test.startTest();\n            published = EventBus.publish(ev);\n            Test.getEventBus().deliver();\n            Test.stopTest();\n        }",
				"Assert.areEqual(1, ThingsFlowJob.processed, 'the published event that meets the conditions was handed to the job, which ran it once');",
				"static void skipsAnEventThatFailsTheConditions() {",
				"Assert.areEqual(0, ThingsFlowJob.processed, 'the published event that fails the conditions is not handed to the job');",
				"PermissionSet ps = [SELECT Id FROM PermissionSet WHERE Name = 'Things_Integration'",
			},
		},
		{
			name: "change event of an insert, with an Email field",
			trigger: spec.Trigger{Type: spec.TriggerChangeEvent, Object: "Lead", On: []string{spec.OnCreate}, When: []spec.Condition{
				{Field: "Email", Op: spec.OpIsNotNull},
			}},
			want: []string{
				"static void runsTheJobForACreatedRecordThatMeetsTheConditions() {\n        Test.setMock(HttpCalloutMock.class, new Mock());\n        Test.enableChangeDataCapture();\n        Lead rec = (Lead) ThingsTestData.record('Lead');\n        ThingsRuntime.put(rec, 'Email', 'sample@example.com');",
				"            insert as system rec;\n            Test.getEventBus().deliver();\n            Test.stopTest();",
				"Assert.areEqual(1, ThingsFlowJob.processed,",
				"static void skipsACreatedRecordThatFailsTheConditions() {",
				"Assert.areEqual(0, ThingsFlowJob.processed,",
			},
			absent: []string{"'Email', 'Test'"},
		},
		{
			name: "change event of an update: only the changed fields",
			trigger: spec.Trigger{Type: spec.TriggerChangeEvent, Object: "Opportunity", On: []string{spec.OnUpdate}, When: []spec.Condition{
				{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"},
			}},
			want: []string{
				"            insert as system rec;\n            Test.getEventBus().deliver();\n            ThingsRuntime.put(rec, 'StageName', 'Closed Won');\n            update as system rec;\n            Test.getEventBus().deliver();",
				"Assert.areEqual(1, ThingsFlowJob.processed, 'the change event of the updated record that meets the conditions was handed to the job, which ran it once');",
				"static void skipsAnUpdatedRecordThatFailsTheConditions() {",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &spec.Spec{Spec: spec.Version, Name: "Things", Events: tc.events,
				Systems: []spec.System{{Name: "Erp", URL: "https://erp.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
				Flows:   []spec.Flow{{Name: "Flow", Trigger: tc.trigger, Steps: call}},
			}
			b, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			test := fileText(t, b, "ThingsFlowTriggerTest.cls")
			for _, want := range tc.want {
				if !strings.Contains(test, want) {
					t.Errorf("the trigger test lacks\n%s\n----\n%s", want, test)
				}
			}
			for _, no := range tc.absent {
				if strings.Contains(test, no) {
					t.Errorf("the trigger test has %q:\n%s", no, test)
				}
			}
		})
	}
}
