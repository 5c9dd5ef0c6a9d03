package builder

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPromptSchemaGolden pins the user prompt with an org chosen: the
// request is followed by the objects it names and their fields.
func TestPromptSchemaGolden(t *testing.T) {
	l, _ := newTestLLM(t, nil, nil)
	msgs, err := l.MessagesWith("When a quote is approved, send the quote's SAP number to SAP.", Options{Schema: loadGroundSchema(t, "org1")})
	if err != nil {
		t.Fatal(err)
	}
	got := "# prompt " + PromptVersion + ", user message with org1's schema\n\n" + msgs[1].Content + "\n"
	golden := filepath.Join("testdata", "prompt_schema.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./builder -run TestPromptSchemaGolden -update)", err)
	}
	if string(want) != got {
		t.Errorf("rendered prompt differs from %s; run with -update if the change is intended\n--- got ---\n%s", golden, got)
	}
}

// bigSchema is an org with n objects of 300 fields each, Opportunity and
// Quote among them, each with a custom field the request names last.
func bigSchema(n int) *Schema {
	s := &Schema{Org: "big"}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Object%03d__c", i)
		switch i {
		case 7:
			name = "Opportunity"
		case 8:
			name = "Quote"
		}
		o := SchemaObject{Name: name, Label: strings.TrimSuffix(name, "__c"), Custom: strings.HasSuffix(name, "__c")}
		for j := 0; j < 300; j++ {
			o.Fields = append(o.Fields, SchemaField{Name: fmt.Sprintf("Field%03d", j), Label: fmt.Sprintf("Field %d", j), Type: "picklist", Createable: true, Updateable: true,
				Values: []string{"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi"}})
		}
		o.Fields = append(o.Fields, SchemaField{Name: "SAP_Order_Number__c", Label: "SAP Order Number", Type: "string", Createable: true, Updateable: true})
		s.Objects = append(s.Objects, o)
	}
	return s
}

// TestSchemaSliceIsBounded checks the prompt's schema against a 500-object
// org: only the objects the request names, within MaxSchemaPrompt bytes,
// the named field listed first, and a count of what was left out.
func TestSchemaSliceIsBounded(t *testing.T) {
	sch := bigSchema(500)
	text := "When an opportunity is closed won, send the quote's SAP order number to SAP."
	got := schemaSlice(text, sch, MaxSchemaPrompt)
	if len(got) > MaxSchemaPrompt || len(got) < MaxSchemaPrompt/2 {
		t.Errorf("slice is %d bytes, want at most %d and not far below", len(got), MaxSchemaPrompt)
	}
	for _, want := range []string{
		"Opportunity (\"Opportunity\"):\n- SAP_Order_Number__c \"SAP Order Number\" string\n",
		"Quote (\"Quote\"):\n- SAP_Order_Number__c \"SAP Order Number\" string\n",
		"more fields not listed)",
		"Alpha | Beta", "| ... 2 more",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("slice lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Object0") {
		t.Errorf("slice lists objects the request does not name:\n%s", got)
	}
	if schemaSlice("Every night, call the weather API.", sch, MaxSchemaPrompt) != "" {
		t.Error("a request naming no object got a schema")
	}
	if strings.Index(got, "Opportunity (") > strings.Index(got, "Quote (") {
		t.Error("objects are not in the order the request names them")
	}
}

// TestLLMPlanSendsTheSchema checks that the schema in the options reaches
// the model with the request.
func TestLLMPlanSendsTheSchema(t *testing.T) {
	l, fake := newTestLLM(t, []reply{{status: 200, file: "clarify.json"}}, nil)
	ctx := WithOptions(context.Background(), Options{Schema: loadGroundSchema(t, "org2")})
	if _, err := l.Plan(ctx, "When a quote is approved, send the quote's SAP number to SAP."); err != nil {
		t.Fatal(err)
	}
	reqs := fake.requests()
	if len(reqs) == 0 {
		t.Fatal("no request reached the model")
	}
	body := fmt.Sprint(reqs[0]["messages"])
	for _, want := range []string{"The admin chose the org org2", `SAP_Quote_Number__c "SAP Quote Number" string`} {
		if !strings.Contains(body, want) {
			t.Errorf("the request to the model lacks %q", want)
		}
	}
}

func BenchmarkSchemaSlice500(b *testing.B) {
	sch := bigSchema(500)
	text := "When an opportunity is closed won, send the quote's SAP order number to SAP."
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		schemaSlice(text, sch, MaxSchemaPrompt)
	}
}

func BenchmarkGroundedPlan500(b *testing.B) {
	ctx := WithOptions(context.Background(), Options{Schema: bigSchema(500)})
	text := "When a quote is approved, send the quote's SAP order number and grand total to SAP."
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := NewOffline().Plan(ctx, text); err != nil {
			b.Fatal(err)
		}
	}
}
