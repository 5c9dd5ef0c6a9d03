package generator

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestFlowBases(t *testing.T) {
	tests := []struct {
		name  string
		spec  string
		flows []string
		want  []string
	}{
		{"short names are joined", "Stripe", []string{"Invoice"}, []string{"StripeInvoice"}},
		{"long names are cut and hashed", "ThirtyCharacterSpecNameForTest", []string{"FortyCharacterFlowNameThatIsLongEnoughXy"},
			[]string{"ThirtyCharacterSpecNa" + "m" + shortHash("ThirtyCharacterSpecNameForTestFortyCharacterFlowNameThatIsLongEnoughXy")}},
		{"a shared prefix still gives distinct names", "Sync", []string{"SynchronizeAccountsWithTheBillingSystemA", "SynchronizeAccountsWithTheBillingSystemB"}, nil},
		{"names that differ only in case are told apart", "Acme", []string{"Orders", "ORDERS"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &spec.Spec{Name: tt.spec}
			for _, f := range tt.flows {
				s.Flows = append(s.Flows, spec.Flow{Name: f})
			}
			got := flowBases(s)
			seen := map[string]bool{}
			for _, b := range got {
				if len(b)+longestSuffix > maxApexName {
					t.Errorf("%s + suffix is longer than %d", b, maxApexName)
				}
				if seen[strings.ToLower(b)] {
					t.Errorf("%s is not unique in %v", b, got)
				}
				seen[strings.ToLower(b)] = true
			}
			if tt.want != nil {
				for i := range tt.want {
					if got[i] != tt.want[i] {
						t.Errorf("base %d = %s, want %s", i, got[i], tt.want[i])
					}
				}
			}
		})
	}
}

func TestTranslator(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"usd", `'usd'`},
		{42, `42`},
		{1.5, `Decimal.valueOf('1.5')`},
		{12345678901.0, `Decimal.valueOf('12345678901')`},
		{true, `true`},
		{nil, `null`},
		{"{!record.Account.Name}", `R.path(ctx, new List<String>{ 'record', 'Account', 'Name' })`},
		{"Invoice for {!record.Name}", `R.concat(new List<Object>{ 'Invoice for ', R.path(ctx, new List<String>{ 'record', 'Name' }) })`},
		{"{!cents(record.Amount)}", `R.cents(R.path(ctx, new List<String>{ 'record', 'Amount' }))`},
		{"{!round(x.y)}", `R.round(R.path(ctx, new List<String>{ 'x', 'y' }), 0)`},
		{"{!round(x.y, 2)}", `R.round(R.path(ctx, new List<String>{ 'x', 'y' }), 2)`},
		{"{!upper(lower(trim(a.b)))}", `R.upper(R.lower(R.trim(R.path(ctx, new List<String>{ 'a', 'b' }))))`},
		{"{!concat('a', 1, null)}", `R.concat(new List<Object>{ 'a', 1, null })`},
		{"{!coalesce(a.b, 'x')}", `R.coalesce(new List<Object>{ R.path(ctx, new List<String>{ 'a', 'b' }), 'x' })`},
		{"{!toNumber('3')}", `R.num('3')`},
		{"{!toText(-2)}", `R.text(-2)`},
		{"{!formatDate(lastRun, 'yyyy-MM-dd')}", `R.formatDate(R.path(ctx, new List<String>{ 'lastRun' }), R.text('yyyy-MM-dd'))`},
		{"{!now()}", `Datetime.now()`},
		{"{!today()}", `Date.today()`},
		{"{!addDays(today(), -1)}", `R.addDays(Date.today(), -1)`},
		{"{!'it\\'s'}", `'it\'s'`},
		{map[string]any{"b": 1, "a": []any{"x", false}}, `new Map<String, Object>{ 'a' => new List<Object>{ 'x', false }, 'b' => 1 }`},
		{map[string]any{}, `new Map<String, Object>()`},
	}
	for _, tt := range tests {
		tr := &translator{runtime: "R", ctx: "ctx"}
		got, err := tr.value(tt.in)
		if err != nil {
			t.Errorf("value(%#v): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("value(%#v)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestTranslatorCollectsRecordFields(t *testing.T) {
	tr := &translator{runtime: "R", ctx: "ctx", recordFields: map[string]bool{}}
	for _, v := range []string{"{!record.Account.Name}", "{!concat(record.Name, prior.Name, item.x)}"} {
		if _, err := tr.value(v); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(slices.Sorted(maps.Keys(tr.recordFields)), ",")
	if got != "Account.Name,Name" {
		t.Errorf("record fields = %s, want Account.Name,Name", got)
	}
}
