package spec

// Lines maps a path in a spec (flows[0].trigger.when[1].field) to the line
// of its value in the text it was decoded from.
type Lines map[string]int

// Line returns the line of path, or of its longest known prefix; 0 when
// unknown (a nil Lines, a spec not decoded from text).
func (l Lines) Line(path string) int { return lineOf(l, path) }

// LoadLines is Load that also returns the line of every path, so checks
// made after validation (against an org's schema, say) can name lines too.
func LoadLines(data []byte) (*Spec, Lines, error) {
	s, err := Load(data)
	if err != nil {
		return nil, nil, err
	}
	_, lines, _ := parse(data)
	return s, lines, nil
}
