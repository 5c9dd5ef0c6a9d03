package builder

import (
	"strings"
	"testing"
)

// TestAliasExamples checks that each alias row reads its own example and
// that the business's word is rewritten elsewhere, not in the definition.
func TestAliasExamples(t *testing.T) {
	for _, row := range aliasRows {
		if row.re.FindStringSubmatch(row.example) == nil {
			t.Errorf("%q does not read its own example", row.example)
		}
	}
	tests := []struct{ in, want string }{
		{"members are Contacts in Salesforce. when a member's status changes, post in #desk on Slack",
			"members are Contacts in Salesforce. when a contact's status changes, post in #desk on Slack"},
		{"We track listings as Opportunities; when a listing is won, email the seller",
			"We track listings as Opportunities; when a opportunity is won, email the seller"},
		// an object word is no alias, and a word that is no object leaves the text alone
		{"contacts are people. when a contact changes, post it", "contacts are people. when a contact changes, post it"},
		{"orders are urgent. when an order ships, post it", "orders are urgent. when an order ships, post it"},
	}
	for _, tt := range tests {
		if got := readAliases(tt.in); got != tt.want {
			t.Errorf("readAliases(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := readAliases(strings.Repeat("members are Contacts ", 2000)); !strings.HasPrefix(got, "members are Contacts") {
		t.Errorf("a long request lost its definition")
	}
}
