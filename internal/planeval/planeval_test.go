package planeval

import (
	"encoding/json"
	"testing"
)

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%v: %s", err, s)
	}
	return m
}

// TestScore checks each matching rule of the evaluation with one example.
func TestScore(t *testing.T) {
	tests := []struct {
		name, expect, answer string
		clarify              bool
		points, total        int
	}{
		{"cron fields compare as sets (? = *, 7th field optional)",
			`{"flows":[{"trigger":{"type":"schedule","cron":"0 0 2 * * ?"}}]}`,
			`{"flows":[{"trigger":{"type":"schedule","cron":"0 0 2 ? * * *"}}]}`, false, 2, 2},
		{"day names are numbers, steps are lists",
			`{"flows":[{"trigger":{"cron":"0 0 0/4 ? * MON"}}]}`,
			`{"flows":[{"trigger":{"cron":"0 0 0,4,8,12,16,20 ? * 2"}}]}`, false, 1, 1},
		{"a different hour is a miss",
			`{"flows":[{"trigger":{"cron":"0 0 2 * * ?"}}]}`,
			`{"flows":[{"trigger":{"cron":"0 0 3 * * ?"}}]}`, false, 0, 1},
		{"systems match when one name contains the other, labels count",
			`{"systems":["Dynamics","Stripe"]}`,
			`{"systems":[{"name":"MicrosoftDynamics365"},{"name":"Billing","label":"Stripe"}],"flows":[]}`, false, 2, 2},
		{"numbers compare as numbers, lists as sets",
			`{"flows":[{"when":[{"field":"Amount","op":"greaterThan","value":100000},{"field":"Type","op":"in","value":["A","B"]}]}]}`,
			`{"flows":[{"trigger":{"when":[{"any":[{"field":"Type","op":"in","value":["b","a"]}]},{"field":"record.Amount","op":"greaterThan","value":"100,000"}]}}]}`, false, 6, 6},
		{"expected steps align in order as a subsequence; extra steps cost nothing",
			`{"flows":[{"steps":[{"type":"call","system":"Stripe","method":"POST"},{"type":"update","object":"Opportunity"}]}]}`,
			`{"systems":[{"name":"Stripe"}],"flows":[{"steps":[{"type":"create","object":"Task"},{"type":"call","system":"Stripe","method":"post"},{"type":"update","object":"Opportunity__c"}]}]}`, false, 5, 5},
		{"steps out of order lose the later one",
			`{"flows":[{"steps":[{"type":"update","object":"Opportunity"},{"type":"call","method":"POST"}]}]}`,
			`{"flows":[{"steps":[{"type":"call","method":"POST"},{"type":"update","object":"Opportunity"}]}]}`, false, 2, 4},
		{"flows pair best first",
			`{"flows":[{"trigger":{"type":"webhook","path":"/orders"}},{"trigger":{"type":"schedule"}}]}`,
			`{"flows":[{"trigger":{"type":"schedule"}},{"trigger":{"type":"webhook","path":"services/apexrest/orders/"}}]}`, false, 3, 3},
		{"a clarify case scores one point for a question",
			`{"clarify":true}`, ``, true, 1, 1},
		{"a clarify case answered with a spec scores nothing",
			`{"clarify":true}`, `{"flows":[]}`, false, 0, 1},
		{"a spec case answered with a question scores nothing, secrets included",
			`{"systems":["Stripe"],"mustNotContain":["sk_live_x"]}`, ``, true, 0, 2},
		{"a pasted secret in the spec is a miss",
			`{"mustNotContain":["hunter2"]}`, `{"description":"password hunter2","flows":[]}`, false, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Expect
			if err := json.Unmarshal([]byte(tt.expect), &e); err != nil {
				t.Fatal(err)
			}
			a := Answer{Clarify: tt.clarify, Raw: tt.answer}
			if tt.clarify {
				a.Raw = `{"clarify":"which one?"}`
			} else {
				a.Spec = mustJSON(t, tt.answer)
			}
			r := Score(Case{ID: "c", Expect: e}, a)
			if r.Points != tt.points || r.Total != tt.total {
				t.Errorf("scored %d/%d, want %d/%d; missed %v", r.Points, r.Total, tt.points, tt.total, r.Missed())
			}
		})
	}
}

func TestSummaryLine(t *testing.T) {
	rs := []Result{
		{Case: Case{Expect: Expect{Clarify: true}}, Points: 1, Total: 1},
		{Points: 3, Total: 4, Needless: false},
		{Points: 0, Total: 2, Needless: true},
	}
	got := Summarize(rs).String()
	want := "score: 57.1% facts (4/7), 1/3 cases perfect, clarify 1/1, needless clarify 1, errors 0"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
