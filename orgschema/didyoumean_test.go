package orgschema

import "testing"

func TestDidYouMeanMatchesAPINamesAndLabels(t *testing.T) {
	fields := []candidate{{"StageName", "Stage"}, {"CloseDate", "Close Date"}, {"ExpectedRevenue", "Expected Amount"},
		{"AccountId", "Account ID"}, {"Amount", "Amount"}, {"Invoice_Number__c", "Invoice Number"}}
	tests := []struct{ word, want string }{
		{"Stage_Name", "StageName"}, // an underscore too many
		{"Stage", "StageName"},      // the label
		{"Close_Date", "CloseDate"}, // the label written as a name
		{"Expected_Amount", "ExpectedRevenue"},
		{"Invoice_Number", "Invoice_Number__c"}, // the suffix forgotten
		{"Ammount", "Amount"},
		{"Description", ""}, // nothing close
	}
	for _, tt := range tests {
		if got := didYouMean(tt.word, fields); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
