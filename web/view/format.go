package view

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/store"
)

// when formats a time for people: the date and minute, in UTC.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

func idPath(prefix string, id int64, suffix string) string {
	return prefix + strconv.FormatInt(id, 10) + suffix
}

func versionPath(id int64, v int, suffix string) string {
	return fmt.Sprintf("/integrations/%d/versions/%d%s", id, v, suffix)
}

func integrationTitle(in store.Integration) string {
	if in.Label != "" {
		return in.Label
	}
	return in.Name
}

func kindLabel(k store.OrgKind) string {
	switch k {
	case store.OrgProduction:
		return "Production"
	case store.OrgSandbox:
		return "Sandbox"
	case store.OrgCustom:
		return "My Domain"
	}
	return string(k)
}

func deploymentBadge(st store.DeploymentStatus) string {
	switch st {
	case store.DeploymentSucceeded:
		return "badge ok"
	case store.DeploymentFailed:
		return "badge bad"
	case store.DeploymentUnknown:
		return "badge warn"
	case store.DeploymentRunning:
		return "badge info"
	}
	return "badge"
}

func deploymentWord(st store.DeploymentStatus) string {
	switch st {
	case store.DeploymentSucceeded:
		return "Succeeded"
	case store.DeploymentFailed:
		return "Failed"
	case store.DeploymentRunning:
		return "Running"
	case store.DeploymentCanceled:
		return "Canceled"
	case store.DeploymentUnknown:
		return "Unknown: check the orgs"
	}
	return string(st)
}

func orgHealth(o store.Org) (string, string) {
	if o.Status == store.OrgReconnectRequired {
		return "badge bad", "Reconnect needed"
	}
	return "badge ok", "Connected"
}

func modeWord(d store.Deployment) string {
	if d.Options.CheckOnly {
		return "Validation only"
	}
	return "Deploy"
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func joinComma(s []string) string { return strings.Join(s, ", ") }
