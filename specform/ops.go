package specform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/patchbay/patchbay/spec"
)

// Templates are what Add appends: a new list item with only the keys a
// person must fill, empty, so the checks point at them.
var templates = map[string]func(siblings *yaml.Node) *yaml.Node{
	"system": func(*yaml.Node) *yaml.Node {
		return mapping("name", "", "url", "", "auth", mapping("type", spec.AuthNone))
	},
	"object": func(*yaml.Node) *yaml.Node { return mapping("name", "") },
	"field":  func(*yaml.Node) *yaml.Node { return mapping("name", "", "type", "Text") },
	"flow": func(*yaml.Node) *yaml.Node {
		return mapping("name", "", "trigger", mapping("type", spec.TriggerRecordChange))
	},
	"condition": func(*yaml.Node) *yaml.Node { return mapping("field", "", "op", "equals") },
	"any": func(*yaml.Node) *yaml.Node {
		return mapping("any", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{mapping("field", "", "op", "equals")}})
	},
	"all": func(*yaml.Node) *yaml.Node {
		return mapping("all", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{mapping("field", "", "op", "equals")}})
	},
}

func init() {
	for _, t := range spec.StepTypes {
		templates["step:"+t] = func(siblings *yaml.Node) *yaml.Node {
			return mapping("id", newStepID(siblings, t), "type", t)
		}
	}
}

// newStepID is the first of <type>1, <type>2... no sibling step uses: a
// step needs an id, and the admin may rename it.
func newStepID(siblings *yaml.Node, typ string) string {
	used := map[string]bool{}
	if siblings != nil {
		for _, s := range siblings.Content {
			used[strings.ToLower(scalar(s, "id"))] = true
		}
	}
	for i := 1; ; i++ {
		id := typ + strconv.Itoa(i)
		if !used[strings.ToLower(id)] {
			return id
		}
	}
}

// mapping builds a block mapping from key, value pairs; a value is a
// string or a node.
func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := 0; i+1 < len(kv); i += 2 {
		var v *yaml.Node
		switch x := kv[i+1].(type) {
		case string:
			v = strNode(x)
			if x == "" {
				v.Style = yaml.DoubleQuotedStyle
			}
		case *yaml.Node:
			v = x
		}
		m.Content = append(m.Content, strNode(kv[i].(string)), v)
	}
	return m
}

// Add appends a new item made from the named template to the list named
// list (flows[0].steps with template step:call).
func (d *Document) Add(list, template string) error {
	mk, ok := templates[template]
	if !ok {
		return fmt.Errorf("nothing called %q to add", template)
	}
	p, err := parsePath(list)
	if err != nil {
		return err
	}
	if len(p.segs) == 0 || p.segs[len(p.segs)-1].key == "" {
		return fmt.Errorf("%s: not a list", list)
	}
	parent := d.walk(p.segs[:len(p.segs)-1], true)
	if parent == nil || parent.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a list", list)
	}
	key := p.segs[len(p.segs)-1].key
	seq := get(parent, key)
	if seq == nil {
		seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		insertKey(parent, kindOf(p.segs[:len(p.segs)-1]), key, seq)
	} else if seq.Kind != yaml.SequenceNode {
		if seq.Kind == yaml.ScalarNode && (seq.Tag == "!!null" || seq.Value == "") {
			*seq = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", HeadComment: seq.HeadComment, LineComment: seq.LineComment}
		} else {
			return fmt.Errorf("%s: not a list", list)
		}
	}
	item := mk(seq)
	// Match the neighbours: a list of one-line {a: b} items gets another.
	if n := len(seq.Content); n > 0 && seq.Content[n-1].Kind == yaml.MappingNode && seq.Content[n-1].Style&yaml.FlowStyle != 0 {
		item.Style = yaml.FlowStyle
	}
	if seq.Style&yaml.FlowStyle != 0 && item.Kind == yaml.MappingNode && item.Style&yaml.FlowStyle == 0 {
		seq.Style &^= yaml.FlowStyle
	}
	seq.Content = append(seq.Content, item)
	d.changed = true
	return nil
}

// container returns the list or table holding the item or row at p, and
// the item's index in the list (a row's index counts rows).
func (d *Document) container(name string) (*yaml.Node, int, path, error) {
	p, err := parsePath(name)
	if err != nil {
		return nil, 0, p, err
	}
	last := p.segs[len(p.segs)-1]
	if last.key != "" || last.new || p.part != "" || len(p.segs) < 2 {
		return nil, 0, p, fmt.Errorf("%s: not a list item or row", name)
	}
	c := d.walk(p.segs[:len(p.segs)-1], false)
	switch {
	case c == nil:
		return nil, 0, p, fmt.Errorf("%s: not found", name)
	case last.row && c.Kind == yaml.MappingNode && 2*last.idx+1 < len(c.Content):
	case !last.row && c.Kind == yaml.SequenceNode && last.idx < len(c.Content):
	default:
		return nil, 0, p, fmt.Errorf("%s: not found", name)
	}
	return c, last.idx, p, nil
}

// Remove deletes the list item or table row named name; a list left empty
// is removed with its key.
func (d *Document) Remove(name string) error {
	c, i, p, err := d.container(name)
	if err != nil {
		return err
	}
	if p.segs[len(p.segs)-1].row {
		c.Content = slices.Delete(c.Content, 2*i, 2*i+2)
	} else {
		c.Content = slices.Delete(c.Content, i, i+1)
	}
	d.changed = true
	if listSegs := p.segs[:len(p.segs)-1]; len(c.Content) == 0 && len(listSegs) > 0 {
		if parent := d.walk(listSegs[:len(listSegs)-1], false); parent != nil && listSegs[len(listSegs)-1].key != "" {
			if k := keyIndex(parent, listSegs[len(listSegs)-1].key); k >= 0 {
				parent.Content = slices.Delete(parent.Content, k, k+2)
				d.prune(listSegs[:len(listSegs)-1])
			}
		}
	}
	return nil
}

// Move moves the list item or table row named name one place up (by -1)
// or down (by 1); at either end it stays.
func (d *Document) Move(name string, by int) error {
	c, i, p, err := d.container(name)
	if err != nil {
		return err
	}
	j := i + by
	if p.segs[len(p.segs)-1].row {
		if j < 0 || 2*j+1 >= len(c.Content) {
			return nil
		}
		c.Content[2*i], c.Content[2*j] = c.Content[2*j], c.Content[2*i]
		c.Content[2*i+1], c.Content[2*j+1] = c.Content[2*j+1], c.Content[2*i+1]
	} else {
		if j < 0 || j >= len(c.Content) {
			return nil
		}
		c.Content[i], c.Content[j] = c.Content[j], c.Content[i]
	}
	d.changed = true
	return nil
}
