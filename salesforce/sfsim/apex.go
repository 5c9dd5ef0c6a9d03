package sfsim

import (
	"fmt"
	"strings"
)

// apexToken is one lexical token of Apex source.
type apexToken struct {
	kind      byte // 'i' identifier/keyword, 'p' punctuation, 'a' annotation, 's' string, 'n' number
	text      string
	line, col int
	off       int
}

// apexProblem is a compile error at a position.
type apexProblem struct {
	msg       string
	line, col int
}

// lexApex splits Apex source into tokens, skipping comments and whitespace.
func lexApex(src string) ([]apexToken, *apexProblem) {
	var toks []apexToken
	line, col := 1, 1
	i := 0
	adv := func(n int) {
		for k := 0; k < n && i < len(src); k++ {
			if src[i] == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
			adv(1)
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				adv(1)
			}
		case strings.HasPrefix(src[i:], "/*"):
			sl, sc := line, col
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return toks, &apexProblem{"Unexpected token '<EOF>': unterminated comment", sl, sc}
			}
			adv(end + 4)
		case c == '\'':
			sl, sc, start := line, col, i
			adv(1)
			for {
				if i >= len(src) || src[i] == '\n' {
					return toks, &apexProblem{"Unterminated string literal", sl, sc}
				}
				if src[i] == '\\' {
					adv(2)
					continue
				}
				if src[i] == '\'' {
					adv(1)
					break
				}
				adv(1)
			}
			toks = append(toks, apexToken{'s', src[start:i], sl, sc, start})
		case c == '@':
			sl, sc, start := line, col, i
			adv(1)
			for i < len(src) && isIdent(src[i]) {
				adv(1)
			}
			toks = append(toks, apexToken{'a', strings.ToLower(src[start+1 : i]), sl, sc, start})
		case isIdentStart(c):
			sl, sc, start := line, col, i
			for i < len(src) && isIdent(src[i]) {
				adv(1)
			}
			toks = append(toks, apexToken{'i', src[start:i], sl, sc, start})
		case c >= '0' && c <= '9':
			sl, sc, start := line, col, i
			for i < len(src) && (isIdent(src[i]) || src[i] == '.') {
				adv(1)
			}
			toks = append(toks, apexToken{'n', src[start:i], sl, sc, start})
		default:
			toks = append(toks, apexToken{'p', string(c), line, col, i})
			adv(1)
		}
	}
	return toks, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdent(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

var closerOf = map[string]string{"{": "}", "(": ")", "[": "]"}

// checkBalance finds the first unbalanced bracket, as the Apex compiler
// reports it.
func checkBalance(toks []apexToken, src string) *apexProblem {
	var stack []apexToken
	for _, t := range toks {
		if t.kind != 'p' {
			continue
		}
		switch t.text {
		case "{", "(", "[":
			stack = append(stack, t)
		case "}", ")", "]":
			if len(stack) == 0 {
				return &apexProblem{fmt.Sprintf("Unexpected token '%s'.", t.text), t.line, t.col}
			}
			open := stack[len(stack)-1]
			if closerOf[open.text] != t.text {
				return &apexProblem{fmt.Sprintf("Expecting '%s' but was: '%s'", closerOf[open.text], t.text), t.line, t.col}
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		line := strings.Count(src, "\n") + 1
		if strings.HasSuffix(src, "\n") {
			line--
		}
		return &apexProblem{fmt.Sprintf("Expecting '%s' but was: '<EOF>' (the '%s' at line %d, column %d is never closed)", closerOf[open.text], open.text, open.line, open.col), max(line, open.line), 1}
	}
	return nil
}

// apexUnit is what the simulator knows of one class or trigger.
type apexUnit struct {
	kind        string // "class", "interface", "enum", "trigger"
	name        string
	nameTok     apexToken
	sobject     string // a trigger's object
	isTest      bool
	testMethods []testMethod
	idents      map[string]bool // lower-case identifiers used
}

type testMethod struct {
	name  string
	fails bool // the body calls Assert.fail( or System.assert(false
}

// parseApex lexes, checks brackets and finds the top-level declaration.
func parseApex(src string, trigger bool) (*apexUnit, *apexProblem) {
	toks, p := lexApex(src)
	if p != nil {
		return nil, p
	}
	if p := checkBalance(toks, src); p != nil {
		return nil, p
	}
	u := &apexUnit{idents: map[string]bool{}}
	for _, t := range toks {
		if t.kind == 'i' {
			u.idents[strings.ToLower(t.text)] = true
		}
	}
	depth := 0
	classTest := false
	declAt := -1
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == 'p' && t.text == "(" && depth == 0 && i > 0 && toks[i-1].kind == 'a' {
			// Skip annotation arguments such as @IsTest(SeeAllData=false).
			for d := 0; i < len(toks); i++ {
				if toks[i].text == "(" {
					d++
				} else if toks[i].text == ")" {
					d--
					if d == 0 {
						break
					}
				}
			}
			continue
		}
		if t.kind == 'a' && t.text == "istest" {
			classTest = true
			continue
		}
		if t.kind != 'i' {
			continue
		}
		kw := strings.ToLower(t.text)
		if (!trigger && (kw == "class" || kw == "interface" || kw == "enum")) || (trigger && kw == "trigger") {
			if i+1 >= len(toks) || toks[i+1].kind != 'i' {
				return nil, &apexProblem{fmt.Sprintf("Unexpected token '%s'.", tokText(toks, i+1)), t.line, t.col}
			}
			u.kind, u.name, u.nameTok = kw, toks[i+1].text, toks[i+1]
			declAt = i
			break
		}
	}
	if declAt < 0 {
		what := "class, interface or enum"
		if trigger {
			what = "trigger"
		}
		line, col := 1, 1
		if len(toks) > 0 {
			line, col = toks[0].line, toks[0].col
		}
		return nil, &apexProblem{"Expecting a " + what + " declaration", line, col}
	}
	if trigger {
		if declAt+3 >= len(toks) || !strings.EqualFold(toks[declAt+2].text, "on") || toks[declAt+3].kind != 'i' {
			nt := toks[min(declAt+2, len(toks)-1)]
			return nil, &apexProblem{fmt.Sprintf("Expecting 'on' but was: '%s'", nt.text), nt.line, nt.col}
		}
		u.sobject = toks[declAt+3].text
		return u, nil
	}
	u.isTest = classTest
	// Test methods: @IsTest or testMethod at depth 1 of the class body.
	depth = 0
	pendingTest := false
	for i := declAt; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == 'p' && t.text == "{":
			if depth == 1 && pendingTest {
				end := matching(toks, i)
				body := strings.ToLower(src[t.off:toks[end].off])
				body = strings.Join(strings.Fields(body), "")
				name := "test"
				for j := i - 1; j > declAt; j-- {
					if toks[j].text == "(" && j > 0 && toks[j-1].kind == 'i' {
						name = toks[j-1].text
						break
					}
				}
				u.testMethods = append(u.testMethods, testMethod{name: name, fails: strings.Contains(body, "assert.fail(") || strings.Contains(body, "system.assert(false")})
				pendingTest = false
				i = end
				continue
			}
			depth++
		case t.kind == 'p' && t.text == "}":
			depth--
		case t.kind == 'p' && t.text == ";" && depth == 1:
			pendingTest = false
		case t.kind == 'i' && depth == 1 && (strings.EqualFold(t.text, "class") || strings.EqualFold(t.text, "interface") || strings.EqualFold(t.text, "enum")):
			pendingTest = false
		case depth == 1 && ((t.kind == 'a' && t.text == "istest") || (t.kind == 'i' && strings.EqualFold(t.text, "testmethod"))):
			pendingTest = true
		}
	}
	return u, nil
}

func tokText(toks []apexToken, i int) string {
	if i >= len(toks) {
		return "<EOF>"
	}
	return toks[i].text
}

// matching returns the index of the bracket closing toks[i].
func matching(toks []apexToken, i int) int {
	d := 0
	for j := i; j < len(toks); j++ {
		if toks[j].kind != 'p' {
			continue
		}
		switch toks[j].text {
		case "{", "(", "[":
			d++
		case "}", ")", "]":
			d--
			if d == 0 {
				return j
			}
		}
	}
	return len(toks) - 1
}
