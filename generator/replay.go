package generator

import (
	"strings"
)

// ReplayPathPrefix and ReplayPathSuffix surround a spec's name in the URL
// mapping of its replay resource: /patchbay/<name>/replay.
const (
	ReplayPathPrefix = "/patchbay/"
	ReplayPathSuffix = "/replay"
)

// ReplaySetup is the replay entry point a package has: the Apex REST
// resource that runs a flow again for given records.
type ReplaySetup struct {
	// Path is the resource's path after the org's domain, with the
	// namespace: /services/apexrest/ns/patchbay/Billing/replay.
	Path string
	// Flows are the flows it replays: those started by a record change or
	// a change event whose steps do not read the prior values.
	Flows []string
}

// replayModel is what the replay templates print.
type replayModel struct {
	Class, TestClass string
	Runtime          string
	Label            string
	URLMapping       string // ApexString
	Path             string // for comments
	PermissionSet    string // ApexString
	Flows            []*flowModel
}

// Replayable says whether a flow's failed runs can be run again from the
// record id a log row holds: flows started by a record change or a change
// event. A record-change flow whose steps read the prior values cannot:
// those values are gone once the change is saved.
func (m *flowModel) Replayable() bool {
	return (m.IsRecord || m.IsCDC) && !m.StorePrior
}

// ReplayClass is the replay resource's Apex class in the package of the
// spec named name (when a flow can be replayed).
func ReplayClass(name string) string {
	return shorten(name, maxApexName-len("ReplayTest")) + "Replay"
}

func (g *gen) replayClassName() string { return ReplayClass(g.spec.Name) }

// replay generates the replay resource and its test when a flow can be
// replayed.
func (g *gen) replay() error {
	m := replayModel{Class: g.replayClassName(), Runtime: g.runtime, Label: labelOf(g.spec.Label, g.spec.Name),
		Path: ReplayPathPrefix + g.spec.Name + ReplayPathSuffix, PermissionSet: ApexString(g.permissionSetName())}
	m.TestClass = m.Class + "Test"
	m.URLMapping = ApexString(m.Path)
	for _, f := range g.flows {
		if f.Replayable() {
			m.Flows = append(m.Flows, f)
		}
	}
	if len(m.Flows) == 0 {
		return nil
	}
	if err := g.class(m.Class, "replay.cls.tmpl", m); err != nil {
		return err
	}
	return g.class(m.TestClass, "replay_test.cls.tmpl", m)
}

// replaySetup is the package's replay entry point, nil when it has none.
func (g *gen) replaySetup(nsPath string) *ReplaySetup {
	var flows []string
	for _, f := range g.flows {
		if f.Replayable() {
			flows = append(flows, f.FlowName)
		}
	}
	if len(flows) == 0 {
		return nil
	}
	return &ReplaySetup{Path: "/services/apexrest/" + nsPath + strings.TrimPrefix(ReplayPathPrefix, "/") + g.spec.Name + ReplayPathSuffix, Flows: flows}
}
