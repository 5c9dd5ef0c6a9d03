package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// A Template is a spec value as text with merge fields: literal text and
// `{!expr}` parts in order. A value that is exactly one merge field keeps the
// expression's type (see Template.Single).
type Template struct {
	Parts []Part
}

// Part is one piece of a Template: literal text, or an expression when Expr
// is non-nil.
type Part struct {
	Text string
	Expr Expr
}

// Single returns the template's expression when the template is exactly one
// merge field and nothing else.
func (t Template) Single() (Expr, bool) {
	if len(t.Parts) == 1 && t.Parts[0].Expr != nil {
		return t.Parts[0].Expr, true
	}
	return nil, false
}

// HasExpr reports whether the template holds any merge field.
func (t Template) HasExpr() bool {
	for _, p := range t.Parts {
		if p.Expr != nil {
			return true
		}
	}
	return false
}

// Expr is a parsed merge-field expression.
type Expr interface {
	// String prints the expression back in spec syntax.
	String() string
	exprNode()
}

// Path is a dotted reference such as record.Account.Name or invoice.id.
type Path struct {
	Segments []string
}

// Root is the name the path starts from (record, prior, event, a step id...).
func (p *Path) Root() string { return p.Segments[0] }

// Call is a function call such as cents(record.Amount).
type Call struct {
	Func string
	Args []Expr
}

// StringLit is a single-quoted string literal.
type StringLit struct {
	Value string
}

// NumberLit is a number literal, kept as written.
type NumberLit struct {
	Value string
}

// BoolLit is true or false.
type BoolLit struct {
	Value bool
}

// NullLit is null.
type NullLit struct{}

func (*Path) exprNode()      {}
func (*Call) exprNode()      {}
func (*StringLit) exprNode() {}
func (*NumberLit) exprNode() {}
func (*BoolLit) exprNode()   {}
func (*NullLit) exprNode()   {}

// String prints the path as written: record.Account.Name.
func (p *Path) String() string { return strings.Join(p.Segments, ".") }

// String prints the call with its arguments: cents(record.Amount).
func (c *Call) String() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.String()
	}
	return c.Func + "(" + strings.Join(args, ", ") + ")"
}

// String prints the literal single-quoted, escaping ' and \.
func (s *StringLit) String() string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s.Value) + "'"
}

// String prints the number as written.
func (n *NumberLit) String() string { return n.Value }

// String prints true or false.
func (b *BoolLit) String() string { return strconv.FormatBool(b.Value) }

// String prints null.
func (*NullLit) String() string { return "null" }

// ExprError is a problem in a template, at a byte offset of its text.
type ExprError struct {
	Offset int
	Msg    string
}

// Error says where in the text the problem is, counting from 1.
func (e *ExprError) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Offset+1, e.Msg)
}

// maxExprDepth bounds nested calls so a hostile value cannot exhaust the stack.
const maxExprDepth = 32

// ParseTemplate splits text into literal parts and parsed `{!...}` merge fields.
func ParseTemplate(text string) (Template, error) {
	var t Template
	i := 0
	for i < len(text) {
		start := strings.Index(text[i:], "{!")
		if start < 0 {
			t.Parts = append(t.Parts, Part{Text: text[i:]})
			break
		}
		start += i
		if start > i {
			t.Parts = append(t.Parts, Part{Text: text[i:start]})
		}
		p := &exprParser{src: text, pos: start + 2}
		p.skipSpace()
		e, err := p.expr(0)
		if err != nil {
			return Template{}, err
		}
		p.skipSpace()
		if p.pos >= len(text) {
			return Template{}, &ExprError{Offset: start, Msg: "merge field is not closed with }"}
		}
		if text[p.pos] != '}' {
			return Template{}, &ExprError{Offset: p.pos, Msg: fmt.Sprintf("unexpected %q in merge field", text[p.pos])}
		}
		t.Parts = append(t.Parts, Part{Expr: e})
		i = p.pos + 1
	}
	return t, nil
}

// ParseExpr parses a value that must be exactly one merge field, such as a
// forEach value "{!invoices.items}".
func ParseExpr(text string) (Expr, error) {
	t, err := ParseTemplate(text)
	if err != nil {
		return nil, err
	}
	e, ok := t.Single()
	if !ok {
		return nil, &ExprError{Offset: 0, Msg: "must be exactly one merge field, like {!orders.items}"}
	}
	return e, nil
}

type exprParser struct {
	src string
	pos int
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *exprParser) errorf(format string, args ...any) error {
	return &ExprError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *exprParser) expr(depth int) (Expr, error) {
	if depth > maxExprDepth {
		return nil, p.errorf("expression nests deeper than %d calls", maxExprDepth)
	}
	if p.pos >= len(p.src) {
		return nil, p.errorf("expression expected before end of text")
	}
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.stringLit()
	case isDigit(c) || c == '-' || c == '.':
		return p.numberLit()
	case isIdentStart(c):
		name := p.ident()
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == '(' {
			return p.call(name, depth)
		}
		switch name {
		case "true", "false":
			return &BoolLit{Value: name == "true"}, nil
		case "null":
			return &NullLit{}, nil
		}
		return p.path(name)
	case c == '}':
		return nil, p.errorf("empty merge field")
	default:
		return nil, p.errorf("unexpected %q in merge field", c)
	}
}

func (p *exprParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) && isIdentPart(p.src[p.pos]) {
		p.pos++
	}
	return p.src[start:p.pos]
}

// path reads the segments after the first. Segments after the root may hold
// hyphens (request.headers.X-Signature) or be list indexes (data.0.id).
func (p *exprParser) path(root string) (Expr, error) {
	segs := []string{root}
	for p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && (isIdentPart(p.src[p.pos]) || p.src[p.pos] == '-') {
			p.pos++
		}
		if p.pos == start {
			return nil, p.errorf("name expected after '.'")
		}
		seg := p.src[start:p.pos]
		if seg[0] == '-' || seg[len(seg)-1] == '-' {
			return nil, &ExprError{Offset: start, Msg: fmt.Sprintf("%q is not a valid name", seg)}
		}
		segs = append(segs, seg)
	}
	return &Path{Segments: segs}, nil
}

func (p *exprParser) call(name string, depth int) (Expr, error) {
	p.pos++ // (
	c := &Call{Func: name}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ')' {
		p.pos++
		return c, nil
	}
	for {
		p.skipSpace()
		arg, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, arg)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.errorf("%s( is not closed with )", name)
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return c, nil
		default:
			return nil, p.errorf("expected , or ) in the arguments of %s, found %q", name, p.src[p.pos])
		}
	}
}

func (p *exprParser) stringLit() (Expr, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '\\':
			if p.pos+1 >= len(p.src) {
				return nil, &ExprError{Offset: start, Msg: "string literal is not closed with '"}
			}
			next := p.src[p.pos+1]
			if next != '\'' && next != '\\' {
				return nil, p.errorf(`unknown escape \%c in string literal (only \' and \\)`, next)
			}
			b.WriteByte(next)
			p.pos += 2
		case '\'':
			p.pos++
			return &StringLit{Value: b.String()}, nil
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return nil, &ExprError{Offset: start, Msg: "string literal is not closed with '"}
}

func (p *exprParser) numberLit() (Expr, error) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits, dot := 0, false
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if isDigit(c) {
			digits++
		} else if c == '.' && !dot {
			dot = true
		} else {
			break
		}
		p.pos++
	}
	lit := p.src[start:p.pos]
	if digits == 0 || strings.HasSuffix(lit, ".") || strings.HasPrefix(strings.TrimPrefix(lit, "-"), ".") {
		return nil, &ExprError{Offset: start, Msg: fmt.Sprintf("%q is not a number", lit)}
	}
	return &NumberLit{Value: lit}, nil
}

// Type is the static type of an expression.
type Type int

// Expression types. TypeAny is a value whose type is only known at run time,
// such as a field of a call's JSON response.
const (
	TypeAny Type = iota
	TypeText
	TypeNumber
	TypeBoolean
	TypeDate
	TypeDateTime
	TypeNull
)

var typeNames = [...]string{"any", "text", "number", "boolean", "date", "datetime", "null"}

// String names the type in messages: text, number, date...
func (t Type) String() string {
	if t < 0 || int(t) >= len(typeNames) {
		return "Type(" + strconv.Itoa(int(t)) + ")"
	}
	return typeNames[t]
}

// Func describes a function that expressions may call.
type Func struct {
	Name    string
	MinArgs int
	MaxArgs int // -1: any number
	// Args lists the accepted types of each argument; the last entry applies
	// to the rest. An empty entry accepts any type.
	Args [][]Type
	// Result is the result type; TypeAny with SameAsArg0 means "the type of
	// the first argument".
	Result     Type
	SameAsArg0 bool
	Doc        string
}

// Funcs lists the functions expressions may call, by name.
var Funcs = map[string]Func{
	"upper":      {Name: "upper", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{TypeText}}, Result: TypeText, Doc: "upper(x): x in upper case"},
	"lower":      {Name: "lower", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{TypeText}}, Result: TypeText, Doc: "lower(x): x in lower case"},
	"trim":       {Name: "trim", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{TypeText}}, Result: TypeText, Doc: "trim(x): x without leading and trailing white space"},
	"concat":     {Name: "concat", MinArgs: 1, MaxArgs: -1, Args: [][]Type{{}}, Result: TypeText, Doc: "concat(a, b, ...): the values joined as text"},
	"coalesce":   {Name: "coalesce", MinArgs: 1, MaxArgs: -1, Args: [][]Type{{}}, Result: TypeAny, SameAsArg0: true, Doc: "coalesce(a, b, ...): the first value that is not null"},
	"cents":      {Name: "cents", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{TypeNumber}}, Result: TypeNumber, Doc: "cents(x): x times 100, rounded to a whole number"},
	"round":      {Name: "round", MinArgs: 1, MaxArgs: 2, Args: [][]Type{{TypeNumber}, {TypeNumber}}, Result: TypeNumber, Doc: "round(x, places): x rounded half up to places decimals (default 0)"},
	"toNumber":   {Name: "toNumber", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{}}, Result: TypeNumber, Doc: "toNumber(x): x as a number"},
	"toText":     {Name: "toText", MinArgs: 1, MaxArgs: 1, Args: [][]Type{{}}, Result: TypeText, Doc: "toText(x): x as text"},
	"formatDate": {Name: "formatDate", MinArgs: 2, MaxArgs: 2, Args: [][]Type{{TypeDate, TypeDateTime}, {TypeText}}, Result: TypeText, Doc: "formatDate(x, 'pattern'): a date or datetime formatted with a Java-style pattern"},
	"now":        {Name: "now", MinArgs: 0, MaxArgs: 0, Result: TypeDateTime, Doc: "now(): the current date and time"},
	"today":      {Name: "today", MinArgs: 0, MaxArgs: 0, Result: TypeDate, Doc: "today(): the current date"},
	"addDays":    {Name: "addDays", MinArgs: 2, MaxArgs: 2, Args: [][]Type{{TypeDate, TypeDateTime}, {TypeNumber}}, Result: TypeAny, SameAsArg0: true, Doc: "addDays(x, n): x plus n days"},
}

// String prints the template back in spec syntax: literal text and
// `{!expr}` parts. ParseTemplate(t.String()) gives back t.
func (t Template) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Expr != nil {
			b.WriteString("{!")
			b.WriteString(p.Expr.String())
			b.WriteString("}")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}
