package view

import (
	"strings"
)

// auditActionWords says each audit action in plain words; the stored
// action ("deploy.start") stays what tools and exports filter on.
var auditActionWords = map[string]string{
	"deploy.start":          "Started a deployment",
	"spec.save":             "Saved a version",
	"integration.create":    "Created an integration",
	"integration.rename":    "Renamed an integration",
	"integration.archive":   "Archived an integration",
	"integration.unarchive": "Unarchived an integration",
	"generate":              "Generated the files",
	"download":              "Downloaded a package",
	"org.connect.start":     "Started connecting an org",
	"org.connect":           "Connected an org",
	"org.disconnect":        "Disconnected an org",
	"org.check":             "Checked an org's connection",
	"org.logout":            "Logged out of an org",
	"user.create":           "Added a user",
	"user.role":             "Changed a user's role",
	"user.signin":           "Signed in",
	"user.signin.failed":    "Failed to sign in",
	"user.signin.locked":    "Was refused sign-in after too many attempts",
	"user.passwd":           "Changed a password",
	"settings.save":         "Saved the settings",
	"try.fetch":             "Read a sample record for a dry run",
}

// AuditActionWords is an audit action in plain words: "deploy.start" is
// "Started a deployment". An action without words of its own is spelled
// out from its parts ("user.signin.failed": "User signin failed").
func AuditActionWords(action string) string {
	if w, ok := auditActionWords[action]; ok {
		return w
	}
	s := strings.ReplaceAll(strings.ReplaceAll(action, ".", " "), "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// auditTargets says what each kind of audit target is and where it is
// shown: "integration:2" is "Integration 2", linking to /integrations/2.
var auditTargets = map[string]struct {
	word string
	path string // "" when the target has no page
}{
	"integration": {"Integration", "/integrations/"},
	"deployment":  {"Deployment", "/deployments/"},
	"org":         {"Org", ""},
	"user":        {"User", ""},
	"login":       {"Sign-in page", ""},
}

// AuditTargetWords says what an audit entry is about ("integration:2":
// "Integration 2") and the page that shows it, if any.
func AuditTargetWords(target string) (words, href string) {
	kind, id, ok := strings.Cut(target, ":")
	t, known := auditTargets[kind]
	switch {
	case !ok && target == "settings":
		return "Settings", "/settings"
	case !ok || !known:
		return target, ""
	case t.path != "" && id != "" && strings.Trim(id, "0123456789") == "":
		return t.word + " " + id, t.path + id
	}
	return t.word + " " + id, ""
}
