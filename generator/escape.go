package generator

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ApexString returns s as a single-quoted Apex string literal. It is the one
// path by which spec text reaches Apex source: backslash and quote are escaped,
// control characters and every non-ASCII character of the Basic Multilingual
// Plane become \uXXXX escapes, invalid UTF-8 becomes U+FFFD, so no value can
// end the literal early or break the line it is on.
func ApexString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			switch {
			case r < 0x20 || (r >= 0x7f && r <= 0xffff):
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// XMLText escapes s for XML element text and attribute values. It is the one
// path by which spec text reaches XML. Markup characters become entities;
// tab, newline and carriage return become character references so that XML
// parsers keep them (attribute normalisation, CR folding); characters that XML
// 1.0 does not allow, and invalid UTF-8, become U+FFFD.
func XMLText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune('\uFFFD')
			continue
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			if !xmlChar(r) {
				b.WriteRune('\uFFFD')
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether r is a character XML 1.0 allows (the Char production).
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// ShellWord returns s as one POSIX shell word. It is the one path by which
// spec text reaches a command line in generated docs: a word made only of
// characters no shell treats specially is left bare; anything else is put in
// single quotes, inside which nothing expands, with each embedded single quote
// closed, escaped and reopened, and the empty string is an empty quoted pair:
//
//	Billing $(touch x)  ->  'Billing $(touch x)'
//	Bob's               ->  'Bob'\''s'
func ShellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !shellSafe(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellSafe reports whether r means only itself anywhere in an unquoted POSIX
// shell word that is not the command name.
func shellSafe(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("_-.,/:@%+=", r)
}

// ShellCommand joins words into one command line, each through ShellWord.
func ShellCommand(words ...string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = ShellWord(w)
	}
	return strings.Join(q, " ")
}

// MarkdownText escapes spec text for the prose of a generated Markdown file.
// It is the one path by which spec text reaches Markdown outside code: the
// characters that open code spans, fences, HTML and links (\ ` ~ < > [ ]) get
// a backslash, and leading blanks of each line are dropped, so no spec text
// can make an indented code block or a copyable command.
func MarkdownText(s string) string {
	var b strings.Builder
	lineStart := true
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		if r == '\r' {
			r = '\n'
		}
		if lineStart && (r == ' ' || r == '\t') {
			continue
		}
		lineStart = r == '\n'
		if strings.ContainsRune("\\`~<>[]", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shellBlock renders command lines as a fenced sh code block, each line
// prefixed with indent. The fence is longer than any run of backticks in the
// commands, so no command can close it.
func shellBlock(indent string, cmds []string) string {
	n := 3
	for _, c := range cmds {
		run := 0
		for _, r := range c {
			if r == '`' {
				run++
				n = max(n, run+1)
			} else {
				run = 0
			}
		}
	}
	fence := strings.Repeat("`", n)
	var b strings.Builder
	b.WriteString(indent + fence + "sh\n")
	for _, c := range cmds {
		b.WriteString(indent + c + "\n")
	}
	b.WriteString(indent + fence)
	return b.String()
}
