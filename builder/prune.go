package builder

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/patchbay/patchbay/spec"
)

var (
	condPathRe = regexp.MustCompile(`^flows\[(\d+)\]\.trigger\.when\[(\d+)\]`)
	stepPathRe = regexp.MustCompile(`^flows\[(\d+)\]\.steps\[(\d+)\]`)
)

// pruned is one thing prune removed.
type pruned struct {
	what string // "the condition on StageName in Won", "step post of Won"
	// widens is set for a condition: without it the flow runs for more
	// records than the request asked, so it is unplanned, not only an
	// assumption.
	widens bool
}

// prune removes the conditions and steps that validation points at, and
// the flows left without steps. It is the offline planner's safety net for
// phrasings its rules get wrong: a smaller valid spec beats no answer. It
// reports what it removed, and false when other problems remain.
func prune(s *spec.Spec, verr error) ([]pruned, bool) {
	var es spec.Errors
	if !errors.As(verr, &es) {
		return nil, false
	}
	conds := map[int]map[int]bool{}
	steps := map[int]map[int]bool{}
	for _, e := range es {
		switch {
		case condPathRe.MatchString(e.Path):
			m := condPathRe.FindStringSubmatch(e.Path)
			var f, i int
			fmt.Sscan(m[1], &f)
			fmt.Sscan(m[2], &i)
			if conds[f] == nil {
				conds[f] = map[int]bool{}
			}
			conds[f][i] = true
		case stepPathRe.MatchString(e.Path):
			m := stepPathRe.FindStringSubmatch(e.Path)
			var f, i int
			fmt.Sscan(m[1], &f)
			fmt.Sscan(m[2], &i)
			if steps[f] == nil {
				steps[f] = map[int]bool{}
			}
			steps[f][i] = true
		default:
			return nil, false
		}
	}
	var removed []pruned
	var flows []spec.Flow
	for fi, fl := range s.Flows {
		var when []spec.Condition
		for ci, c := range fl.Trigger.When {
			if conds[fi][ci] {
				removed = append(removed, pruned{fmt.Sprintf("the condition on %s in %s", c.Field, fl.Name), true})
				continue
			}
			when = append(when, c)
		}
		fl.Trigger.When = when
		var kept []spec.Step
		for si, st := range fl.Steps {
			if steps[fi][si] {
				removed = append(removed, pruned{what: fmt.Sprintf("step %s of %s", st.ID, fl.Name)})
				continue
			}
			kept = append(kept, st)
		}
		fl.Steps = kept
		if len(fl.Steps) == 0 {
			removed = append(removed, pruned{what: "flow " + fl.Name})
			continue
		}
		flows = append(flows, fl)
	}
	if len(flows) == 0 {
		return removed, false
	}
	s.Flows = flows
	return removed, true
}
