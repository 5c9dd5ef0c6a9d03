package generator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// apexLiteral decodes the Apex string literal at the start of s, returning
// its value and how many bytes it spans (quotes included). It follows Apex's
// escapes: \b \t \n \f \r \" \' \\ and \uXXXX.
func apexLiteral(s string) (string, int, error) {
	if !strings.HasPrefix(s, "'") {
		return "", 0, errors.New("literal does not start with '")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\'':
			return b.String(), i + 1, nil
		case '\n', '\r':
			return "", 0, errors.New("line break inside a literal")
		case '\\':
			if i+1 >= len(s) {
				return "", 0, errors.New("escape at end")
			}
			i++
			switch s[i] {
			case 'b':
				b.WriteByte('\b')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case '"', '\'', '\\':
				b.WriteByte(s[i])
			case 'u':
				if i+4 >= len(s) {
					return "", 0, errors.New("short \\u escape")
				}
				n, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
				if err != nil {
					return "", 0, fmt.Errorf("bad \\u escape: %w", err)
				}
				b.WriteRune(rune(n))
				i += 4
			default:
				return "", 0, fmt.Errorf("illegal escape \\%c", s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("literal is not closed")
}

func TestApexString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `''`},
		{"usd", `'usd'`},
		{"it's", `'it\'s'`},
		{`back\slash`, `'back\\slash'`},
		{"line\nbreak\r\ttab", `'line\nbreak\r\ttab'`},
		{"'); delete [SELECT Id FROM Account]; //", `'\'); delete [SELECT Id FROM Account]; //'`},
		{"Müller", `'M\u00fcller'`},
		{"\x00\x7f", `'\u0000\u007f'`},
		{"\u2028", `'\u2028'`},
		{"😀", "'😀'"},
		{"bad\xffutf8", `'bad\ufffdutf8'`},
		{`\u0027`, `'\\u0027'`},
	}
	for _, tt := range tests {
		if got := ApexString(tt.in); got != tt.want {
			t.Errorf("ApexString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzApexString(f *testing.F) {
	for _, s := range []string{"", "a'b", `\`, "\n", "x\u2028y", "😀", "\xff", `\u0027`, "*/", "'+'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit := ApexString(s)
		got, n, err := apexLiteral(lit + " + rest")
		if err != nil {
			t.Fatalf("ApexString(%q) = %s does not decode: %v", s, lit, err)
		}
		if n != len(lit) {
			t.Fatalf("ApexString(%q) = %s ends after %d bytes, not at its end", s, lit, n)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got != want {
			t.Fatalf("ApexString(%q) decodes to %q", s, got)
		}
		for _, r := range lit {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0xffff) {
				t.Fatalf("ApexString(%q) = %s holds raw character %U", s, lit, r)
			}
		}
	})
}

// xmlClean is what XMLText keeps of s: invalid UTF-8 and characters XML 1.0
// does not allow become U+FFFD.
func xmlClean(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Stripe & Co <b>", "Stripe &amp; Co &lt;b&gt;"},
		{`"quoted" 'single'`, "&quot;quoted&quot; &apos;single&apos;"},
		{"a\nb\r\tc", "a&#xA;b&#xD;&#x9;c"},
		{"nul\x00", "nul\uFFFD"},
		{"\xff", "\uFFFD"},
		{"\uFFFE", "\uFFFD"},
		{"]]>", "]]&gt;"},
	}
	for _, tt := range tests {
		if got := XMLText(tt.in); got != tt.want {
			t.Errorf("XMLText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzXMLText(f *testing.F) {
	for _, s := range []string{"", "<a>", "&amp;", "\r\n", "\x00", "\xff", "\uFFFE", "]]>", `"'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		esc := XMLText(s)
		for _, doc := range []string{
			"<label>" + esc + "</label>",
			`<label v="` + esc + `"/>`,
		} {
			var v struct {
				Text string `xml:",chardata"`
				Attr string `xml:"v,attr"`
			}
			if err := xml.NewDecoder(bytes.NewReader([]byte(doc))).Decode(&v); err != nil {
				t.Fatalf("XMLText(%q) = %q does not parse: %v", s, esc, err)
			}
			got := v.Text + v.Attr
			if want := xmlClean(s); got != want {
				t.Fatalf("XMLText(%q) = %q parses back to %q, want %q", s, esc, got, want)
			}
		}
	})
}
