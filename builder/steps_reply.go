package builder

import (
	"fmt"
	"regexp"

	"github.com/patchbay/patchbay/spec"
)

// Patterns used by replyStep.
var (
	statusCodeRe  = regexp.MustCompile(`\b([1-5][0-9][0-9])\b`)
	createdWordRe = regexp.MustCompile(`\b(created)\b`)
	idWordRe      = regexp.MustCompile(`\b(id|ids|record)\b`)
	resultWordRe  = regexp.MustCompile(`\b(result|response|data|id)\b`)
)

// replyStep adds a webhook reply, or an invocable output.
func (f *flowCtx) replyStep(lrest, verb string) {
	switch f.trig.Type {
	case spec.TriggerInvocable:
		if name, typ := paramFromPhrase(lrest); name != "" {
			f.addOutput(name, typ)
		}
	case spec.TriggerWebhook:
		for _, st := range f.steps {
			if st.Type == spec.StepReply {
				return
			}
		}
		st := spec.Step{Type: spec.StepReply, Status: 200}
		if m := statusCodeRe.FindStringSubmatch(lrest); m != nil {
			fmt.Sscanf(m[1], "%d", &st.Status)
		} else if createdWordRe.MatchString(lrest) {
			st.Status = 201
		}
		if f.lastRec != "" && idWordRe.MatchString(lrest) {
			st.Body = map[string]any{"id": "{!" + f.lastRec + ".Id}"}
		} else if f.lastCall >= 0 && resultWordRe.MatchString(lrest) {
			st.Body = map[string]any{"result": "{!" + f.steps[f.lastCall].ID + ".id}"}
		}
		st.ID = f.uniqueID("reply")
		f.steps = append(f.steps, st)
	}
}
