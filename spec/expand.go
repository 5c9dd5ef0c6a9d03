package spec

import "go.yaml.in/yaml/v3"

// MaxExpansion is how many times larger, in nodes, a document may grow when
// its aliases (*name) and merge keys (<<) are expanded. Authors share a
// retry policy or an auth block a few times; a document that grows more is
// an alias bomb ("billion laughs") and is refused before anything decodes it.
const MaxExpansion = 10

// expander replaces aliases by the nodes they name and merge keys by the
// pairs they bring in, counting every node of the result against a budget.
type expander struct {
	errs   Errors
	budget int                 // nodes the expanded document may still hold
	limit  int                 // the whole budget, for messages
	active map[*yaml.Node]bool // anchors being expanded, to refuse cycles
	// outer is the outermost alias being expanded, where a bomb is reported:
	// the line the author wrote it on, not a line deep inside what it names.
	outer     *yaml.Node
	outerPath string
}

// expandAliases returns root with every alias and merge key expanded, or
// false with the problem recorded in errs. Expanded nodes keep the line they
// were written on, so a problem inside a shared block points at the block;
// a path that is not in the source (a merged key) takes the line of the
// nearest key that is. The result has at most MaxExpansion times the nodes
// of the source and no more depth than MaxDepth (checkTree checks that).
func expandAliases(root *yaml.Node) (*yaml.Node, Errors) {
	source := countNodes(root)
	e := &expander{budget: MaxExpansion * source, limit: MaxExpansion * source, active: map[*yaml.Node]bool{}}
	out, ok := e.expand(root, "", 1)
	if !ok {
		return nil, e.errs
	}
	return out, nil
}

// countNodes counts the nodes written in the source, not following aliases.
func countNodes(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

func (e *expander) expand(n *yaml.Node, path string, depth int) (*yaml.Node, bool) {
	if depth > MaxDepth {
		e.errs.addLine(path, n.Line, "the spec nests more than %d levels deep", MaxDepth)
		return nil, false
	}
	if n.Kind == yaml.AliasNode {
		target := n.Alias
		if target == nil {
			e.errs.addLine(path, n.Line, "alias *%s names no anchor", n.Value)
			return nil, false
		}
		if e.active[target] {
			e.errs.addLine(path, n.Line, "alias *%s is inside the value it names (&%s on line %d), so it never ends", n.Value, n.Value, target.Line)
			return nil, false
		}
		if e.outer == nil {
			e.outer, e.outerPath = n, path
			defer func() { e.outer = nil }()
		}
		return e.expand(target, path, depth)
	}
	e.budget--
	if e.budget < 0 {
		at, p := n, path
		if e.outer != nil {
			at, p = e.outer, e.outerPath
		}
		e.errs.addLine(p, at.Line, "alias *%s makes the spec more than %d times larger than written (over %d values): refused as an alias bomb; write the values out or use fewer aliases", at.Value, MaxExpansion, e.limit)
		return nil, false
	}
	if n.Anchor != "" {
		e.active[n] = true
		defer delete(e.active, n)
	}
	c := *n
	c.Anchor = ""
	c.Alias = nil
	if len(n.Content) == 0 {
		return &c, true
	}
	if n.Kind == yaml.MappingNode {
		return e.mapping(n, &c, path, depth)
	}
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		p := path
		if n.Kind == yaml.SequenceNode {
			p = joinIndex(path, i)
		}
		x, ok := e.expand(k, p, depth+1)
		if !ok {
			return nil, false
		}
		c.Content[i] = x
	}
	return &c, true
}

// mapping expands a mapping's pairs. A merge key (<<: *base, or a list of
// them) brings in the pairs of the maps it names that the mapping does not
// set itself, earlier maps first, as YAML's merge key type defines
// (yaml.org/type/merge.html). Explicit keys keep their order and duplicates
// among them stay for eachKey to report.
func (e *expander) mapping(n, c *yaml.Node, path string, depth int) (*yaml.Node, bool) {
	var merges []*yaml.Node
	var content []*yaml.Node
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge" {
			if len(merges) > 0 {
				e.errs.addLine(path, kn.Line, "a map takes one merge key (<<); list several maps in it instead: <<: [*a, *b]")
				return nil, false
			}
			merges = append(merges, vn)
			continue
		}
		k, ok := e.expand(kn, path, depth+1)
		if !ok {
			return nil, false
		}
		p := path
		if k.Kind == yaml.ScalarNode {
			p = joinKey(path, k.Value)
			explicit[k.Value] = true
		}
		v, ok := e.expand(vn, p, depth+1)
		if !ok {
			return nil, false
		}
		content = append(content, k, v)
	}
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			x, ok := e.expand(src, path, depth)
			if !ok {
				return nil, false
			}
			if x.Kind != yaml.MappingNode {
				e.errs.addLine(path, src.Line, "a merge key (<<) takes a map or a list of maps, like <<: *defaults; got %s", kindName(x))
				return nil, false
			}
			for i := 0; i+1 < len(x.Content); i += 2 {
				kn := x.Content[i]
				if kn.Kind == yaml.ScalarNode {
					if explicit[kn.Value] {
						continue // the mapping's own value wins
					}
					explicit[kn.Value] = true
				}
				content = append(content, kn, x.Content[i+1])
			}
		}
	}
	c.Content = content
	return c, true
}
