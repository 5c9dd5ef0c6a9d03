package generator

import (
	"strings"
	"testing"
)

// TestEventTriggersRunAsTheUserTheSpecNames: a platform event flow with
// runAs and batchSize gets a PlatformEventSubscriberConfig naming its
// trigger, in package.xml; without them none, and the README says the
// Automated Process user's callouts fail.
func TestEventTriggersRunAsTheUserTheSpecNames(t *testing.T) {
	with := generateFile(t, "testdata/an_event_trigger_runs_as_the_integration_user_it_names/spec.yaml")
	without := generateFile(t, "../examples/slack-alert-platform-event.yaml")
	get := func(b *Bundle, suffix string) string {
		for _, f := range b.Files {
			if strings.HasSuffix(f.Path, suffix) {
				return string(f.Data)
			}
		}
		return ""
	}
	cfg := get(with, ".platformEventSubscriberConfig-meta.xml")
	for _, want := range []string{
		"<batchSize>200</batchSize>",
		"<platformEventConsumer>SlackAlertsPostDealAlertTrigger</platformEventConsumer>",
		"<user>integration@acme.example</user>",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %s:\n%s", want, cfg)
		}
	}
	if !strings.Contains(get(with, "manifest/package.xml"), "<name>PlatformEventSubscriberConfig</name>") {
		t.Error("package.xml does not list the config")
	}
	if !strings.Contains(get(with, "README.md"), "runs as `integration@acme.example`") {
		t.Error("README does not name the running user")
	}
	if get(without, ".platformEventSubscriberConfig-meta.xml") != "" {
		t.Error("a config without user or batch size was generated")
	}
	if !strings.Contains(get(without, "README.md"), "runs as the Automated Process user") {
		t.Error("README does not warn about the Automated Process user")
	}
}
