package generator

import (
	"regexp"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// TestParentConditionsAreCheckedInTheJob: a condition on a parent's field
// (Account.Industry) is not in Trigger.new, so the trigger must not test it
// (it would always read null); the job queries it with the record, as a
// path through the relationship, and checks it there.
func TestParentConditionsAreCheckedInTheJob(t *testing.T) {
	for _, kind := range []string{spec.TriggerRecordChange, spec.TriggerChangeEvent} {
		t.Run(kind, func(t *testing.T) {
			// The trigger checks the stage's change: a change event of an
			// update holds the changed field.
			s := &spec.Spec{Spec: spec.Version, Name: "Deals",
				Systems: []spec.System{{Name: "Erp", URL: "https://erp.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
				Flows: []spec.Flow{{Name: "Won",
					Trigger: spec.Trigger{Type: kind, Object: "Opportunity", On: []string{spec.OnUpdate}, When: []spec.Condition{
						{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"},
						{Field: "Account.Industry", Op: spec.OpEquals, Value: "Retail"},
					}},
					Steps: []spec.Step{{ID: "post", Type: spec.StepCall, System: "Erp", Method: "POST", Path: "/deals"}}}},
			}
			b, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			job := fileText(t, b, "DealsWonJob.cls")
			matches := regexp.MustCompile(`(?s)Boolean matches\(Map<String, Object> ctx\) \{(.*?)\n    \}`).FindStringSubmatch(job)
			if matches == nil || strings.Contains(matches[1], "Account") || !strings.Contains(matches[1], "'StageName'") {
				t.Errorf("the trigger's check should test StageName and not the parent field:\n%v", matches)
			}
			if !strings.Contains(job, "SELECT Id, Account.Industry FROM Opportunity WHERE Id IN :ids WITH USER_MODE") {
				t.Errorf("the job does not query the parent field in user mode:\n%s", job)
			}
			if !strings.Contains(job, "private static Boolean matchesLoaded(Map<String, Object> ctx) {\n        return DealsRuntime.test('equals', DealsRuntime.path(ctx, new List<String>{ 'record', 'Account', 'Industry' }), 'Retail');") {
				t.Errorf("the job does not check the parent field through the relationship:\n%s", job)
			}
			if !strings.Contains(job, "batch = meetingLoadedConditions(batch);") {
				t.Errorf("the job does not drop works whose parent fails the conditions")
			}
			test := fileText(t, b, "DealsWonJobTest.cls")
			for _, want := range []string{
				"setPath(meets, new List<String>{ 'Account', 'Industry' }, 'Retail');",
				"Assert.isTrue(DealsWonJob.matchesLoaded(meetsCtx)",
				"Assert.isFalse(DealsWonJob.matchesLoaded(failsCtx)",
			} {
				if !strings.Contains(test, want) {
					t.Errorf("the job test lacks %q", want)
				}
			}
		})
	}
}

// TestUnchangedFieldsOfAChangeEventAreCheckedInTheJob: the change event of
// an update holds only the fields that changed, so a condition that compares
// no change (Industry equals Technology) would read an empty field whenever
// another one changed. The job checks it on the record it loads; the trigger
// keeps the comparisons of changes, which the event can answer. A create's
// change event holds every field set, so the trigger checks it there.
func TestUnchangedFieldsOfAChangeEventAreCheckedInTheJob(t *testing.T) {
	for _, tc := range []struct {
		name      string
		on        []string
		when      []spec.Condition
		trigger   string // what matches() returns
		loaded    string // what matchesLoaded() returns, "" for none
		queryWant string
	}{
		{"an update: the unchanged field is loaded", []string{spec.OnUpdate},
			[]spec.Condition{{Field: "Rating", Op: spec.OpChangedTo, Value: "Hot"}, {Field: "Industry", Op: spec.OpEquals, Value: "Technology"}},
			"(AcctsRuntime.changed(ctx, 'Rating') && AcctsRuntime.test('equals', AcctsRuntime.path(ctx, new List<String>{ 'record', 'Rating' }), 'Hot'))",
			"AcctsRuntime.test('equals', AcctsRuntime.path(ctx, new List<String>{ 'record', 'Industry' }), 'Technology')",
			"SELECT Id, Industry FROM Account WHERE Id IN :ids WITH USER_MODE"},
		{"a create or an update: every comparison is loaded", []string{spec.OnCreate, spec.OnUpdate},
			[]spec.Condition{{Field: "Industry", Op: spec.OpEquals, Value: "Technology"}},
			"true",
			"AcctsRuntime.test('equals', AcctsRuntime.path(ctx, new List<String>{ 'record', 'Industry' }), 'Technology')",
			"SELECT Id, Industry FROM Account WHERE Id IN :ids WITH USER_MODE"},
		{"a create: the event holds the field", []string{spec.OnCreate},
			[]spec.Condition{{Field: "Industry", Op: spec.OpEquals, Value: "Technology"}},
			"AcctsRuntime.test('equals', AcctsRuntime.path(ctx, new List<String>{ 'record', 'Industry' }), 'Technology')",
			"", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &spec.Spec{Spec: spec.Version, Name: "Accts",
				Systems: []spec.System{{Name: "Erp", URL: "https://erp.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
				Flows: []spec.Flow{{Name: "Sync",
					Trigger: spec.Trigger{Type: spec.TriggerChangeEvent, Object: "Account", On: tc.on, When: tc.when},
					Steps:   []spec.Step{{ID: "post", Type: spec.StepCall, System: "Erp", Method: "POST", Path: "/accounts"}}}},
			}
			b, err := Generate(s)
			if err != nil {
				t.Fatal(err)
			}
			job := fileText(t, b, "AcctsSyncJob.cls")
			if want := "Boolean matches(Map<String, Object> ctx) {\n        return " + tc.trigger + ";"; !strings.Contains(job, want) {
				t.Errorf("the trigger's check is not\n%s\n----\n%s", want, job)
			}
			loaded := regexp.MustCompile(`(?s)Boolean matchesLoaded\(Map<String, Object> ctx\) \{\n        return (.*?);\n`).FindStringSubmatch(job)
			switch {
			case tc.loaded == "" && loaded != nil:
				t.Errorf("the job checks %s, want nothing", loaded[1])
			case tc.loaded != "" && (loaded == nil || loaded[1] != tc.loaded):
				t.Errorf("the job checks %v, want %s", loaded, tc.loaded)
			}
			if tc.queryWant != "" && !strings.Contains(job, tc.queryWant) {
				t.Errorf("the job does not load the field:\n%s", job)
			}
		})
	}
}

// TestConditionSamplesMeetAndFail: the tests' sample records are checked
// with the dry run: one meets the conditions, the other fails them; and a
// value the tests cannot type (a date literal) gives no sample at all.
func TestConditionSamplesMeetAndFail(t *testing.T) {
	tests := []struct {
		name  string
		on    []string
		when  []spec.Condition
		found bool
	}{
		{"equals", []string{spec.OnCreate}, []spec.Condition{{Field: "Name", Op: spec.OpEquals, Value: "Acme"}}, true},
		{"a range", []string{spec.OnCreate}, []spec.Condition{{Field: "Amount", Op: spec.OpGreaterThan, Value: 10}, {Field: "Amount", Op: spec.OpLessOrEqual, Value: 11}}, true},
		{"an any group whose first branch contradicts", []string{spec.OnCreate}, []spec.Condition{
			{Field: "Type", Op: spec.OpIsNotNull},
			{Any: []spec.Condition{{Field: "Type", Op: spec.OpIsNull}, {Field: "Type", Op: spec.OpIn, Value: []any{"New", "Renewal"}}}}}, true},
		{"changes", []string{spec.OnUpdate}, []spec.Condition{
			{Field: "StageName", Op: spec.OpChangedFrom, Value: "Open"}, {Field: "Amount", Op: spec.OpChanged}}, true},
		{"a parent field", []string{spec.OnCreate}, []spec.Condition{{Field: "Account.Industry", Op: spec.OpNotEquals, Value: "Retail"}}, true},
		{"a date literal", []string{spec.OnCreate}, []spec.Condition{{Field: "CloseDate", Op: spec.OpGreaterThan, Value: "2026-01-01"}}, false},
		{"a contradiction", []string{spec.OnCreate}, []spec.Condition{{Field: "Amount", Op: spec.OpGreaterThan, Value: 10}, {Field: "Amount", Op: spec.OpLessThan, Value: 5}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := spec.Flow{Name: "F", Trigger: spec.Trigger{Type: spec.TriggerRecordChange, Object: "Opportunity", On: tt.on, When: tt.when}}
			s := &spec.Spec{Spec: spec.Version, Name: "S", Flows: []spec.Flow{f}}
			meet, fail, ok := conditionSamples(s, f, tt.when)
			if ok != tt.found {
				t.Fatalf("found = %v, want %v (meet %v, fail %v)", ok, tt.found, meet, fail)
			}
			if !ok {
				return
			}
			if !conditionsHold(s, f, tt.when, meet) {
				t.Errorf("the meeting sample %v fails the conditions", meet)
			}
			if conditionsHold(s, f, tt.when, fail) {
				t.Errorf("the failing sample %v meets the conditions", fail)
			}
		})
	}
}

// fileText returns the text of the bundle file whose path ends in name.
func fileText(t *testing.T, b *Bundle, name string) string {
	t.Helper()
	for _, f := range b.Files {
		if f.Path == name || strings.HasSuffix(f.Path, "/"+name) {
			return string(f.Data)
		}
	}
	t.Fatalf("no file %s in the bundle", name)
	return ""
}

// TestTriggerTestsSaveRecordsThatMeetAndFailTheConditions: the trigger
// test saves, as the permission-set user, a record built by the test-data
// factory with values that meet the flow's conditions and asserts the job
// ran it once, and one that fails them and asserts the job ran nothing.
func TestTriggerTestsSaveRecordsThatMeetAndFailTheConditions(t *testing.T) {
	s := &spec.Spec{Spec: spec.Version, Name: "Deals",
		Systems: []spec.System{{Name: "Erp", URL: "https://erp.example.com", Auth: spec.Auth{Type: spec.AuthBearer}}},
		Flows: []spec.Flow{{Name: "Won",
			Trigger: spec.Trigger{Type: spec.TriggerRecordChange, Object: "Opportunity", On: []string{spec.OnUpdate}, When: []spec.Condition{
				{Field: "StageName", Op: spec.OpChangedTo, Value: "Closed Won"},
				{Field: "Amount", Op: spec.OpGreaterThan, Value: 1000},
			}},
			Steps: []spec.Step{{ID: "post", Type: spec.StepCall, System: "Erp", Method: "POST", Path: "/deals"}}}},
	}
	b, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	test := fileText(t, b, "DealsWonTriggerTest.cls")
	for _, want := range []string{
		"static void runsTheJobForARecordThatMeetsTheConditions() {\n        Test.setMock(HttpCalloutMock.class, new Mock());\n        Opportunity rec = (Opportunity) DealsTestData.record('Opportunity');\n        insert as system rec;\n        DealsRuntime.put(rec, 'Amount', 1001);\n        DealsRuntime.put(rec, 'StageName', 'Closed Won');\n        System.runAs(integrationUser()) {\n            Test.startTest();\n            update as user rec;",
		"Assert.areEqual(1, DealsWonJob.processed, 'the record that meets the conditions was handed to the job, which ran it once');",
		"static void skipsARecordThatFailsTheConditions() {",
		"Assert.areEqual(0, DealsWonJob.processed, 'a record that fails the conditions is not handed to the job');",
	} {
		if !strings.Contains(test, want) {
			t.Errorf("the trigger test lacks\n%s\n----\n%s", want, test)
		}
	}
	factory := fileText(t, b, "DealsTestData.cls")
	for _, want := range []string{"rec.put('StageName', 'Prospecting');", "Test_Record_Default__mdt.getAll().values()", "DealsRuntime.put(rec, d.Field_Name__c, d.Value__c);"} {
		if !strings.Contains(factory, want) {
			t.Errorf("the test-data factory lacks %q:\n%s", want, factory)
		}
	}
	for _, f := range b.Files {
		if strings.HasSuffix(f.Path, ".permissionset-meta.xml") && strings.Contains(string(f.Data), "DealsTestData") {
			t.Error("the permission set grants the test-only factory class")
		}
	}
}
