package deploy

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/patchbay/patchbay/salesforce"
)

// CredentialsSetKey is the setting in which a job records the External
// Credentials whose secrets patchbay set in its org after the deploy (a
// JSON list of their names; never a secret), so that the outcome says
// what was done and what is left, org by org.
func CredentialsSetKey(jobID int64) string {
	return fmt.Sprintf("deploy.job.%d.credentials-set", jobID)
}

// recordCredentialsSet keeps which External Credentials were set in the
// job's org. A failure to record is logged: the outcome then lists them as
// left to do, which is never a false claim.
func (w *worker) recordCredentialsSet(ctx context.Context, creds []salesforce.PrincipalCredentials) {
	if len(creds) == 0 {
		return
	}
	names := make([]string, 0, len(creds))
	for _, pc := range creds {
		names = append(names, pc.ExternalCredential)
	}
	b, err := json.Marshal(names)
	if err == nil {
		sctx, cancel := storeCtx(ctx)
		err = w.s.st.SetSetting(sctx, CredentialsSetKey(w.job.ID), string(b), false)
		cancel()
	}
	if err != nil {
		w.s.log.Warn("record credentials set", "job", w.job.ID, "org", w.job.OrgAlias, "err", err)
	}
}
