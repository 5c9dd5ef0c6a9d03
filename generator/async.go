package generator

import (
	"maps"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// Per-transaction callout limits the generated jobs are sized against
// (Apex Developer Guide, "Execution Governors and Limits" and "Callout Limits
// and Limitations", developer.salesforce.com/docs/atlas.en-us.apexcode.meta/
// apexcode/apex_gov_limits.htm): "A single Apex transaction can make a
// maximum of 100 callouts" and "The maximum cumulative timeout for callouts
// by a single Apex transaction is 120 seconds". A chunk keeps 10 callouts in
// reserve for the steps' own needs (a for-each call goes on in the next job).
const (
	maxChunkCallouts     = 90
	calloutBudgetMillis  = 120_000
	maxChunkWorks        = 50
	chunkWithoutCallouts = 200
)

// chunkSize is how many works one job execution handles: each work runs one
// segment of steps per execution, so the chunk is bounded by the segment
// with the most calls (at most 90 callouts per execution) and by the segment
// whose calls' timeouts add up most (all within 120 seconds). A for-each
// call makes an unknown number of calls: its work runs alone, and the
// runtime pauses it when the next call would not fit.
func chunkSize(segs []segmentModel) int {
	most, longest := 0, 0
	for _, seg := range segs {
		millis := 0
		for _, c := range seg.Calls {
			if c.ForEach {
				return 1
			}
			millis += c.TimeoutMillis
		}
		most = max(most, len(seg.Calls))
		longest = max(longest, millis)
	}
	if most == 0 {
		return chunkWithoutCallouts
	}
	n := min(maxChunkWorks, maxChunkCallouts/most)
	if longest > 0 {
		n = min(n, calloutBudgetMillis/longest)
	}
	return max(1, n)
}

// keepSets returns, as Apex list literals indexed by segment, what a work
// waiting for that segment keeps of its context when it is handed to the
// next job: the paths the steps of that segment and later ones read (KEEP),
// and the keys kept whole (WHOLE): the segment's own call answers, so that a
// retried or paused work does not send them again, and a scheduled run's
// times. The trigger record is not kept: every job loads it again.
func keepSets(f spec.Flow, m *flowModel) (keep, whole string) {
	segOf := map[string]int{}
	for _, seg := range m.Segments {
		for _, c := range seg.Calls {
			segOf[c.ID] = seg.Index
		}
		for _, c := range seg.DMLs {
			segOf[c.ID] = seg.Index
		}
	}
	n := len(m.Segments)
	paths := make([]map[string]bool, n)
	keys := make([]map[string]bool, n)
	for i := range n {
		paths[i], keys[i] = map[string]bool{}, map[string]bool{}
		if m.IsSchedule {
			keys[i]["lastRun"], keys[i]["runStarted"] = true, true
		}
	}
	for _, st := range f.Steps {
		k, ok := segOf[ApexString(st.ID)]
		if !ok {
			continue
		}
		if st.Type == spec.StepCall {
			keys[k][st.ID] = true
		}
		visitPaths(append(stepValues(st), st.ForEach), func(p *spec.Path) {
			root := p.Root()
			if root == "item" || (root == "record" && (m.IsRecord || m.IsCDC)) {
				return
			}
			for s := 0; s <= k; s++ {
				paths[s][strings.Join(p.Segments, ".")] = true
			}
		})
	}
	return setList(paths), setList(keys)
}

// setList writes sets of text as an Apex List<Set<String>> body.
func setList(sets []map[string]bool) string {
	out := make([]string, len(sets))
	for i, set := range sets {
		if len(set) == 0 {
			out[i] = "new Set<String>()"
			continue
		}
		var items []string
		for _, v := range slices.Sorted(maps.Keys(set)) {
			items = append(items, ApexString(v))
		}
		out[i] = "new Set<String>{ " + strings.Join(items, ", ") + " }"
	}
	return strings.Join(out, ", ")
}
