package view

import "testing"

func TestAuditActionsAndTargetsAreSaidInPlainWords(t *testing.T) {
	for _, tc := range []struct{ action, want string }{
		{"deploy.start", "Started a deployment"},
		{"spec.save", "Saved a version"},
		{"org.disconnect", "Disconnected an org"},
		{"integration.rename", "Renamed an integration"},
		{"integration.archive", "Archived an integration"},
		{"integration.unarchive", "Unarchived an integration"},
		{"user.signin", "Signed in"},
		{"user.passkey.added", "User passkey added"},
		{"", ""},
	} {
		if got := AuditActionWords(tc.action); got != tc.want {
			t.Errorf("action %q: %q, want %q", tc.action, got, tc.want)
		}
	}
	for _, tc := range []struct{ target, words, href string }{
		{"integration:2", "Integration 2", "/integrations/2"},
		{"deployment:14", "Deployment 14", "/deployments/14"},
		{"org:3", "Org 3", ""},
		{"user:ada", "User ada", ""},
		{"login:https://login.salesforce.com", "Sign-in page https://login.salesforce.com", ""},
		{"settings", "Settings", "/settings"},
		{"integration:../x", "Integration ../x", ""},
		{"something", "something", ""},
	} {
		w, h := AuditTargetWords(tc.target)
		if w != tc.words || h != tc.href {
			t.Errorf("target %q: %q %q, want %q %q", tc.target, w, h, tc.words, tc.href)
		}
	}
}
