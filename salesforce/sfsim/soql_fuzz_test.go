package sfsim

import "testing"

// FuzzParseSOQL: the parser never panics, and what it accepts names an
// object and at least one field.
func FuzzParseSOQL(f *testing.F) {
	for _, s := range []string{"SELECT Id FROM Account", "SELECT Name, Account.Name FROM Opportunity WHERE Amount > 5 AND StageName IN ('a','b') ORDER BY Name DESC NULLS LAST LIMIT 3 OFFSET 1", "SELECT Id FROM Lead WHERE Name LIKE '%x\\'y_'", "SELECT", "SELECT Id FROM Case WHERE CreatedDate > 2024-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		pq, err := parseSOQL(q)
		if err == nil && (pq.object == "" || len(pq.fields) == 0) {
			t.Fatalf("%q parsed to %+v", q, pq)
		}
	})
}
