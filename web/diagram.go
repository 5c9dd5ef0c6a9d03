package web

import (
	"fmt"
	"slices"
	"strings"

	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/specform"
	"github.com/patchbay/patchbay/web/view"
)

// Diagram geometry, in SVG user units.
const (
	nodeW      = 210
	nodeH      = 60
	gapX       = 36
	gapY       = 26
	laneTitleH = 26
	laneGap    = 30
	systemGap  = 34
	systemW    = 150
	systemH    = 44
	margin     = 16
	perRow     = 4
)

// layoutDiagram lays a spec out left to right, wrapping after a few boxes:
// for wide places such as the draft review.
func layoutDiagram(s *spec.Spec) view.Diagram { return layout(s, false, newDiagramNames(s, nil)) }

// layoutDiagramIn is layoutDiagram with the labels of an org's objects
// and fields (org may be nil).
func layoutDiagramIn(s *spec.Spec, org specform.Catalog) view.Diagram {
	return layout(s, false, newDiagramNames(s, org))
}

// layoutDiagramTall lays a spec out top to bottom, systems to the right of
// the calls that reach them: for the editor's narrow column.
func layoutDiagramTall(s *spec.Spec) view.Diagram { return layout(s, true, newDiagramNames(s, nil)) }

// layoutDiagramTallIn is layoutDiagramTall with an org's labels.
func layoutDiagramTallIn(s *spec.Spec, org specform.Catalog) view.Diagram {
	return layout(s, true, newDiagramNames(s, org))
}

// layout turns a spec, even a partly invalid one, into boxes and arrows:
// per flow a lane with the trigger and its steps in order, and beside each
// call step the system it reaches.
func layout(s *spec.Spec, tall bool, names *diagramNames) view.Diagram {
	d := view.Diagram{Width: margin*2 + perRow*nodeW + (perRow-1)*gapX}
	if tall {
		d.Width = margin*2 + nodeW + gapX + systemW
	}
	y := margin
	for fi, f := range s.Flows {
		title := f.Name
		if f.Label != "" {
			title = f.Label
		}
		d.Lanes = append(d.Lanes, view.Lane{X: margin, Y: y + 14, Title: clip(title, 60)})
		y += laneTitleH
		boxes := []view.Node{triggerNode(f.Trigger, fi, names)}
		for si, st := range f.Steps {
			boxes = append(boxes, stepNode(st, fi, si, names))
		}
		cols := perRow
		if tall {
			cols = 1
		}
		rowY := y
		var prev *view.Node
		for i := range boxes {
			col := i % cols
			if i > 0 && col == 0 {
				if tall {
					rowY += nodeH + gapY
				} else {
					rowY += nodeH + laneGap
					if rowHasSystems(f.Steps, i-cols, i) {
						rowY += systemGap + systemH - laneGap + gapY
					}
				}
			}
			b := &boxes[i]
			b.X, b.Y, b.W, b.H = margin+col*(nodeW+gapX), rowY, nodeW, nodeH
			if prev != nil {
				if prev.Y == b.Y {
					d.Edges = append(d.Edges, view.Edge{X1: prev.X + prev.W, Y1: prev.Y + nodeH/2, X2: b.X - 2, Y2: b.Y + nodeH/2})
				} else {
					d.Edges = append(d.Edges, view.Edge{X1: prev.X + nodeW/2, Y1: prev.Y + nodeH, X2: b.X + nodeW/2, Y2: b.Y - 2})
				}
			}
			d.Nodes = append(d.Nodes, *b)
			prev = b
			if i == 0 {
				continue
			}
			st := f.Steps[i-1]
			if st.Type != spec.StepCall || st.System == "" {
				continue
			}
			sys := view.Node{W: systemW, H: systemH, Class: "system", Kind: "SYSTEM",
				Label: clip(systemLabel(s, st.System), 18), TestID: fmt.Sprintf("diagram-system-%d-%d", fi, i-1)}
			if tall {
				sys.X, sys.Y = b.X+nodeW+gapX, b.Y+(nodeH-systemH)/2
				d.Edges = append(d.Edges, view.Edge{X1: b.X + nodeW, Y1: b.Y + nodeH/2, X2: sys.X - 2, Y2: b.Y + nodeH/2, Dashed: true})
			} else {
				sys.X, sys.Y = b.X+(nodeW-systemW)/2, b.Y+nodeH+systemGap
				d.Edges = append(d.Edges, view.Edge{X1: b.X + nodeW/2, Y1: b.Y + nodeH, X2: b.X + nodeW/2, Y2: sys.Y - 2, Dashed: true})
			}
			d.Nodes = append(d.Nodes, sys)
		}
		y = rowY + nodeH
		if !tall && rowHasSystems(f.Steps, (len(boxes)-1)/cols*cols, len(boxes)) {
			y += systemGap + systemH
		}
		y += laneGap
	}
	if len(s.Flows) == 0 {
		d.Lanes = append(d.Lanes, view.Lane{X: margin, Y: y + 14, Title: "No flows yet: add one under flows:"})
		y += laneTitleH + laneGap
	}
	d.Height = y
	if !tall {
		// Narrow the picture to the boxes actually drawn.
		right := 0
		for _, n := range d.Nodes {
			right = max(right, n.X+n.W)
		}
		if right > 0 {
			d.Width = right + margin
		}
	}
	return d
}

// rowHasSystems reports whether any box in [from, to) of a lane is a call
// step with a system (box 0 is the trigger, so box i is step i-1).
func rowHasSystems(steps []spec.Step, from, to int) bool {
	for i := max(from, 1); i < to && i-1 < len(steps); i++ {
		if steps[i-1].Type == spec.StepCall && steps[i-1].System != "" {
			return true
		}
	}
	return false
}

func systemLabel(s *spec.Spec, name string) string {
	if sys, ok := s.System(name); ok {
		if sys.Label != "" {
			return sys.Label
		}
		return sys.Name
	}
	return name + " (unknown)"
}

func triggerNode(t spec.Trigger, fi int, names *diagramNames) view.Node {
	n := view.Node{Class: "trigger", Kind: "WHEN", TestID: fmt.Sprintf("diagram-trigger-%d", fi)}
	switch t.Type {
	case spec.TriggerRecordChange:
		n.Label = orDash(names.object(t.Object)) + " " + onWords(t.On)
		n.Detail = ""
		n.Title = t.Object
		if len(t.When) > 0 {
			n.Detail = conditionText(t.When[0], t.Object, names)
			n.Title += ": " + conditionText(t.When[0], t.Object, nil)
			if len(t.When) > 1 {
				n.Detail += fmt.Sprintf(" +%d", len(t.When)-1)
			}
		}
	case spec.TriggerChangeEvent:
		n.Label = "Change event on " + orDash(names.object(t.Object))
		n.Title = t.Object
		n.Detail = strings.Join(t.On, ", ")
	case spec.TriggerPlatformEvent:
		n.Label = "Event " + orDash(t.Event)
	case spec.TriggerSchedule:
		n.Label = "On a schedule"
		n.Detail = spec.CronWords(t.Cron)
	case spec.TriggerWebhook:
		n.Label = "A webhook is called"
		n.Detail = strings.Join(t.Methods, ",") + " " + t.Path
	case spec.TriggerInvocable:
		n.Label = "Called from Flow"
		n.Detail = t.Label
	default:
		n.Label = "Unknown trigger"
		n.Detail = t.Type
	}
	n.Label, n.Detail = clip(n.Label, 26), clip(n.Detail, 28)
	return n
}

// onWords says which record events a trigger listens to.
func onWords(on []string) string {
	if len(on) == 1 {
		switch on[0] {
		case spec.OnCreate:
			return "is created"
		case spec.OnUpdate:
			return "is updated"
		case spec.OnDelete:
			return "is deleted"
		case spec.OnUndelete:
			return "is restored"
		}
	}
	return "changes"
}

// opWords are the condition operators as people read them.
var opWords = map[string]string{
	spec.OpEquals: "=", spec.OpNotEquals: "≠", spec.OpGreaterThan: ">", spec.OpGreaterOrEqual: "≥",
	spec.OpLessThan: "<", spec.OpLessOrEqual: "≤", spec.OpContains: "contains", spec.OpStartsWith: "starts with",
	spec.OpIn: "in", spec.OpIsNull: "is empty", spec.OpIsNotNull: "is not empty", spec.OpChanged: "changed",
	spec.OpChangedTo: "→", spec.OpChangedFrom: "changed from",
}

// conditionText says a condition in words, naming its field by label
// when names knows it (names may be nil: API names).
func conditionText(c spec.Condition, object string, names *diagramNames) string {
	if c.IsGroup() {
		return "one of several conditions"
	}
	op := opWords[c.Op]
	if op == "" {
		op = c.Op
	}
	field := names.field(object, c.Field)
	if !spec.OpTakesValue(c.Op) {
		return field + " " + op
	}
	return fmt.Sprintf("%s %s %v", field, op, c.Value)
}

func stepNode(st spec.Step, fi, si int, names *diagramNames) view.Node {
	n := view.Node{Kind: strings.ToUpper(orDash(st.Type)), TestID: fmt.Sprintf("diagram-step-%d-%d", fi, si)}
	switch st.Type {
	case spec.StepCall:
		n.Class = "call"
		n.Label = "Call " + orDash(st.System)
		n.Detail = strings.TrimSpace(st.Method + " " + st.Path)
	case spec.StepCreate, spec.StepUpdate, spec.StepUpsert:
		n.Class = "record"
		verb := map[string]string{spec.StepCreate: "Create", spec.StepUpdate: "Update", spec.StepUpsert: "Upsert"}[st.Type]
		n.Label = verb + " " + orDash(names.object(st.Object))
		n.Detail = fieldList(st.Fields, st.Object, names)
		n.Title = verb + " " + st.Object + ": " + fieldList(st.Fields, st.Object, nil)
	case spec.StepPublish:
		n.Class = "other"
		n.Label = "Publish " + orDash(st.Event)
	case spec.StepReply:
		n.Class = "other"
		n.Label = fmt.Sprintf("Reply %d", st.Status)
	default:
		n.Class = "other"
		n.Label = "Unknown step"
	}
	if st.ForEach != "" {
		n.Kind += " · FOR EACH"
	}
	n.Kind = clip(st.ID+" · "+n.Kind, 26)
	n.Label, n.Detail = clip(n.Label, 27), clip(n.Detail, 28)
	return n
}

// fieldList lists a step's fields, by label when names knows them.
func fieldList(m map[string]any, object string, names *diagramNames) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = names.field(object, k)
	}
	return strings.Join(keys, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
