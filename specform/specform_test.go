package specform

import (
	"net/url"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

const withBlankLines = `spec: patchbay/v1
name: Blank

systems:
  - {name: Api, url: https://api.example.com, auth: {type: bearer}}

# the one flow
flows:
  - name: F
    trigger: {type: schedule, cron: "0 0 2 * * ?"}
    steps:
      - id: get
        type: call
        system: Api
        method: GET
        path: /things
`

func TestEditsKeepTheAuthorsBlankLinesAndQuotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"nothing", url.Values{}, withBlankLines},
		{"a value", url.Values{"f.flows[0].steps[0].path": {"/items"}}, strings.Replace(withBlankLines, "/things", "/items", 1)},
		{"a new key", url.Values{"f.label": {"Blank it"}}, strings.Replace(withBlankLines, "name: Blank\n", "name: Blank\nlabel: Blank it\n", 1)},
		{"remove a step", url.Values{"op": {"remove:flows[0].steps[0]"}}, withBlankLines[:strings.Index(withBlankLines, "    steps:")]},
		{"change a step's type", url.Values{"f.flows[0].steps[0].type": {"create"}, "f.flows[0].steps[0].object": {"Case"}},
			strings.Replace(withBlankLines, "        type: call\n        system: Api\n        method: GET\n        path: /things\n", "        type: create\n        object: Case\n", 1)},
		{"change the trigger's type", url.Values{"f.flows[0].trigger.type": {"webhook"}, "f.flows[0].trigger.path": {"/in"}, "f.flows[0].trigger.on": {"update"}, "lists": {"f.flows[0].trigger.on"}},
			strings.Replace(withBlankLines, `{type: schedule, cron: "0 0 2 * * ?"}`, "{type: webhook, path: /in}", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Apply(withBlankLines, tc.form)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestABlankSpecStartsWithItsVersion(t *testing.T) {
	got, err := Apply("", url.Values{"f.name": {"Fresh"}, "op": {"add:flows:flow"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "spec: patchbay/v1\nname: Fresh\nflows:\n  - name: \"\"\n    trigger:\n      type: recordChange\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got, _ := Apply("", url.Values{}); got != "" {
		t.Errorf("an untouched blank form made %q", got)
	}
}

func TestProblemsGoToTheNearestControl(t *testing.T) {
	text := strings.Replace(withBlankLines, "system: Api", "system: Apx", 1) + "        query: {q: \"{!nope}\"}\n"
	_, err := spec.Load([]byte(text))
	if err == nil {
		t.Fatal("want problems")
	}
	f := Build(text, err, nil)
	st := f.Flows[0].Steps[0]
	if len(st.System.Errors) != 1 || !strings.Contains(st.System.Errors[0], "Apx") {
		t.Errorf("system errors %q", st.System.Errors)
	}
	if len(st.Query.Rows) != 1 || len(st.Query.Rows[0].Value.Errors) != 1 {
		t.Errorf("query row errors %+v", st.Query.Rows)
	}
	if len(f.Errors) != 0 {
		t.Errorf("problems left without a place: %q", f.Errors)
	}
}

func TestTheFieldPickersOfferWhatTheSpecNames(t *testing.T) {
	s := &spec.Spec{
		Objects: []spec.Object{{Name: "Invoice__c", Label: "Invoice", Fields: []spec.Field{{Name: "Total__c", Label: "Total", Type: spec.FieldCurrency}}}},
		Flows: []spec.Flow{{Trigger: spec.Trigger{Object: "Opportunity", When: []spec.Condition{{Field: "StageName"}, {Any: []spec.Condition{{Field: "Type"}}}}},
			Steps: []spec.Step{{Object: "Invoice__c", Fields: map[string]any{"Name": "x"}}}}},
	}
	c := SpecCatalog(s)
	if got := c.Objects(); len(got) != 2 || got[0] != (Name{API: "Invoice__c", Label: "Invoice"}) || got[1].API != "Opportunity" {
		t.Errorf("objects %v", got)
	}
	if got := c.Fields("Opportunity"); len(got) != 2 || got[0].API != "StageName" || got[1].API != "Type" {
		t.Errorf("Opportunity fields %v", got)
	}
	if got := c.Fields("Invoice__c"); len(got) != 2 || got[0] != (Name{API: "Total__c", Label: "Total", Type: "Currency"}) || got[1].API != "Name" {
		t.Errorf("Invoice__c fields %v", got)
	}
}

// fixedCatalog is a catalog with given names, as an org's would be.
type fixedCatalog map[string][]Name

func (f fixedCatalog) Objects() []Name             { return f[""] }
func (f fixedCatalog) Fields(object string) []Name { return f[object] }

func TestMergedNamesShowLabelAndType(t *testing.T) {
	org := fixedCatalog{"": {{API: "Opportunity", Label: "Opportunity"}},
		"Opportunity": {{API: "StageName", Label: "Stage", Type: "Picklist"}, {API: "Amount", Label: "Amount", Type: "Currency"}}}
	s := &spec.Spec{Flows: []spec.Flow{{Trigger: spec.Trigger{Object: "Opportunity", When: []spec.Condition{{Field: "StageName"}}}}}}
	// the spec names StageName without a label: the org's fills it in
	got := Merge(SpecCatalog(s), org).Fields("Opportunity")
	if len(got) != 2 || got[0] != (Name{API: "StageName", Label: "Stage", Type: "Picklist"}) {
		t.Fatalf("merged fields %v", got)
	}
	for _, tt := range []struct {
		n    Name
		want string
	}{
		{Name{API: "StageName", Label: "Stage", Type: "Picklist"}, "Stage · Picklist"},
		{Name{API: "X__c", Type: "Text"}, "Text"},
		{Name{API: "Account", Label: "Account"}, "Account"},
		{Name{API: "Y"}, ""},
	} {
		if got := tt.n.Detail(); got != tt.want {
			t.Errorf("%v.Detail() = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func FuzzApply(f *testing.F) {
	f.Add(withBlankLines, "f.flows[0].steps[0].path", "/x", "up:flows[0].steps[0]")
	f.Add("", "f.systems[0].name", "A", "add:systems:system")
	f.Add("a: [", "f.name", "", "remove:x#0")
	f.Fuzz(func(t *testing.T, text, name, value, op string) {
		out, err := Apply(text, url.Values{name: {value}, "op": {op}})
		if err != nil {
			return
		}
		if _, err := Parse(out); err != nil && strings.TrimSpace(out) != "" {
			t.Fatalf("the edit made text that does not parse: %v\n%s", err, out)
		}
	})
}
