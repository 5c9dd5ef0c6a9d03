package sfcheck

import (
	"context"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
)

// TestApexLSFindsSemanticErrors: testdata/apexls-bad parses cleanly but
// names an unknown type, an unknown method of its own class, an unknown
// field on a standard object and on its own custom object, and a class that
// only exists in another project. apex-ls must report each one at its line
// (so the check can fail), and nothing on the lines that resolve.
//
// testdata/good is checked first in the same JVM and defines the class the
// bad project names: it must still be unknown there, so projects checked
// one after another do not see each other's types.
func TestApexLSFindsSemanticErrors(t *testing.T) {
	RequireApexLS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ls, err := StartApexLS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ls.Close()

	good, err := ls.Check(ctx, "testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range good {
		if f.Severity <= DefaultFailSeverity {
			t.Errorf("good fixture: %s", f)
		}
	}

	bad, err := ls.Check(ctx, "testdata/apexls-bad")
	if err != nil {
		t.Fatal(err)
	}
	const file = "force-app/main/default/classes/SemanticErrors.cls"
	want := []struct {
		name    string
		line    int
		message string
	}{
		{"unknown type", 24, "No type declaration found for 'Strnig'"},
		{"unknown method", 25, "No matching method found for 'doesNotExist' on 'InvoiceService' taking arguments 'Schema.Invoice__c'"},
		{"unknown field on a standard object", 26, "Unknown field 'Stripe_Customer_Id__c' on SObject 'Schema.Account'"},
		{"unknown field on the project's object", 27, "Unknown field 'Tax__c' on SObject 'Schema.Invoice__c'"},
		{"class of another project", 28, "No variable or type found for 'OrderSyncHandler' on 'SemanticErrors'"},
	}
	for _, w := range want {
		found := false
		for _, f := range bad {
			found = found || (f.Tool == ToolApexLS && f.Rule == "Missing" && f.Severity == 1 &&
				f.File == file && f.Line == w.line && f.Message == w.message)
		}
		if !found {
			t.Errorf("%s: no apex-ls/Missing finding at %s:%d %q; got:\n%s", w.name, file, w.line, w.message, lines(bad))
		}
	}
	if len(bad) != len(want) {
		t.Errorf("got %d findings, want exactly %d (the resolving lines must stay clean):\n%s", len(bad), len(want), lines(bad))
	}
}

func TestJavaMajor(t *testing.T) {
	for _, tt := range []struct {
		out  string
		want int
	}{
		{`openjdk version "21.0.13" 2026-10-20`, 21},
		{`openjdk version "17.0.15" 2025-04-15`, 17},
		{`java version "1.8.0_392"`, 8},
		{`no java here`, 0},
	} {
		if got := javaMajor(tt.out); got != tt.want {
			t.Errorf("javaMajor(%q) = %d, want %d", tt.out, got, tt.want)
		}
	}
}

// TestApexLSGapsFilterOnlyByName: each known apex-ls gap is filtered only
// for the names it is about; an unknown object the spec does not name, or
// one the package defines, is still a defect.
func TestApexLSGapsFilterOnlyByName(t *testing.T) {
	b := &generator.Bundle{Files: []generator.File{
		{Path: "force-app/main/default/objects/Integration_Log__c/Integration_Log__c.object-meta.xml"},
		{Path: "force-app/main/default/objects/Order_Placed__e/Order_Placed__e.object-meta.xml"},
	}}
	specText := `{"objects":["Invoice__c","Order_Placed__e","Integration_Log__c"]}`
	tests := []struct {
		message string
		want    bool
	}{
		{"No matching method found for 'add' on 'System.List<EventBus.ChangeEventHeader>' taking arguments 'Object', wrong argument types for calling 'public virtual void add(EventBus.ChangeEventHeader listElement)'", true},
		{"No matching method found for 'add' on 'System.List<String>' taking arguments 'Object', wrong argument types for calling 'public virtual void add(String listElement)'", false},
		{"No type declaration found for 'Schema.Invoice__ChangeEvent'", true},
		{"No type declaration found for 'Schema.Invoice__c'", true},
		{"No type declaration found for 'List<Schema.Invoice__c>'", true},
		{"No variable or type found for 'Invoice__c' on 'acme.StripeJob'", true},
		// The spec does not name it: a generator typo, not an org object.
		{"No type declaration found for 'Schema.Integration_Logs__c'", false},
		// The package defines it: apex-ls must resolve it.
		{"No type declaration found for 'Schema.Order_Placed__e'", false},
		{"No type declaration found for 'Schema.Integration_Log__c'", false},
		{"Unknown field 'Tax__c' on SObject 'Schema.Invoice__c'", false},
		{"No type declaration found for 'Strnig'", false},
	}
	for _, tt := range tests {
		_, got := filtered(Finding{Message: tt.message}, specText, b)
		if got != tt.want {
			t.Errorf("filtered(%q) = %v, want %v", tt.message, got, tt.want)
		}
	}
}
