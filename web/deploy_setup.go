package web

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/deploy"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// plainUsername is a Salesforce username that can be pasted into a shell
// command as it is; any other is not printed in a command.
var plainUsername = regexp.MustCompile(`^[A-Za-z0-9._@+-]+$`)

// orgSetups says, for each org a deployment installed the package in, what
// patchbay did there and what is left before the integration runs: derived
// from the deployed spec version and from what the deploy recorded, never
// from what was merely asked for. It reports false when the deployment's
// spec is not known here (an uploaded zip, a deleted integration).
func (s *Server) orgSetups(ctx context.Context, d store.Deployment, jobs []store.Job) ([]view.OrgSetup, bool) {
	if d.IntegrationID == 0 || d.SpecVersion == 0 {
		return nil, false
	}
	sv, err := s.store.SpecVersion(ctx, d.IntegrationID, d.SpecVersion)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("reading the deployed spec", "deployment", d.ID, "err", err)
		}
		return nil, false
	}
	sp, err := spec.Load([]byte(sv.Text))
	if err != nil {
		return nil, false
	}
	b, err := s.generateText(sv.Text)
	if err != nil {
		s.log.Warn("generating the deployed spec", "deployment", d.ID, "err", err)
		return nil, false
	}
	var out []view.OrgSetup
	for _, j := range jobs {
		if j.Status != store.JobSucceeded {
			continue
		}
		var o store.Org
		if j.OrgID != 0 {
			if o, err = s.store.Org(ctx, j.OrgID); err != nil {
				o = store.Org{}
			}
		}
		out = append(out, orgSetup(j.OrgAlias, sp, b.Setup, s.credentialsSet(ctx, j.ID), o))
	}
	return out, true
}

// credentialsSet reads which External Credentials the deploy set in a
// job's org; none when it recorded nothing.
func (s *Server) credentialsSet(ctx context.Context, jobID int64) map[string]bool {
	v, err := s.store.SettingValue(ctx, deploy.CredentialsSetKey(jobID))
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("reading the credentials set", "job", jobID, "err", err)
		}
		return nil
	}
	var names []string
	if err := json.Unmarshal([]byte(v), &names); err != nil {
		s.log.Warn("reading the credentials set", "job", jobID, "err", err)
		return nil
	}
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	return set
}

// orgSetup lists one org's done and remaining steps, in the order an admin
// takes them. o is the stored org (zero when it is gone).
func orgSetup(org string, sp *spec.Spec, su generator.Setup, set map[string]bool, o store.Org) view.OrgSetup {
	instance := strings.TrimRight(o.InstanceURL, "/")
	target := "<this org's username>"
	if plainUsername.MatchString(o.Username) {
		target = o.Username
	}
	out := view.OrgSetup{Org: org}
	creds := map[string]generator.Credential{}
	for _, c := range generator.Credentials(sp) {
		creds[c.System] = c
	}
	for _, sys := range sp.Systems {
		if sys.Auth.Type == spec.AuthNone {
			continue
		}
		c, ok := creds[sys.Name]
		if !ok {
			out.Left = append(out.Left, view.SetupStep{Text: "Set up how " + labelOrName(sys.Label, sys.Name) +
				" signs in, in Setup → Named Credentials → External Credentials."})
			continue
		}
		if set[c.ExternalCredential] {
			out.Done = append(out.Done, "patchbay entered the credentials of "+c.Label+" (External Credential "+c.ExternalCredential+").")
			continue
		}
		out.Left = append(out.Left, view.SetupStep{Text: "Enter the credentials of " + c.Label + " in Setup → Named Credentials → External Credentials → " +
			c.ExternalCredential + ", principal " + c.Principal + "."})
	}
	out.Left = append(out.Left, view.SetupStep{
		Text: "Assign the permission set " + su.PermissionSet + " to every user who runs the integration (Setup → Permission Sets), or run:",
		Code: "sf org assign permset --name " + su.PermissionSet + " --target-org " + target,
	})
	for _, sc := range su.Jobs() {
		out.Left = append(out.Left, view.SetupStep{
			Text: "Start the schedule " + sc.Job + " (" + spec.CronWords(sc.Cron) + "): run this once in the Developer Console, Execute Anonymous:",
			Code: sc.Apex,
		})
	}
	base := instance
	if base == "" {
		base = "https://<this org's domain>"
	}
	for _, w := range su.Webhooks {
		step := view.SetupStep{
			Text: "Expose the webhook " + w.Flow + " (" + strings.Join(w.Methods, ", ") + "). Authenticated callers use the address below; " +
				"for callers without a Salesforce sign-in, create a Salesforce Site whose guest user has the permission set, and use the Site's address with the same path.",
			Code: base + w.Path,
		}
		out.Left = append(out.Left, step)
		if w.Signed {
			out.Left = append(out.Left, view.SetupStep{Text: "Set the signing secret of " + w.Flow + " that the sender uses, in Execute Anonymous:", Code: w.SecretApex})
		}
	}
	return out
}
