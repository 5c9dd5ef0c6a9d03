package generator

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestShellWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"force-app", "force-app"},
		{"Orders_Integration", "Orders_Integration"},
		{"Pkg@1.0.0-1", "Pkg@1.0.0-1"},
		{"Billing $(touch x)", "'Billing $(touch x)'"},
		{"Bob's", `'Bob'\''s'`},
		{"`id`", "'`id`'"},
		{"a;b|c&d", "'a;b|c&d'"},
		{"~root", "'~root'"},
		{"*", "'*'"},
		{"a\nb", "'a\nb'"},
	}
	for _, tt := range tests {
		got := ShellWord(tt.in)
		if got != tt.want {
			t.Errorf("ShellWord(%q) = %s, want %s", tt.in, got, tt.want)
		}
		words, err := shellWords(got)
		if err != nil || len(words) != 1 || words[0] != tt.in {
			t.Errorf("ShellWord(%q) = %s parses as %q, %v", tt.in, got, words, err)
		}
	}
}

func FuzzShellWord(f *testing.F) {
	for _, s := range []string{"", "a'b", "$(x)", "`x`", "\\", "'", "''", "a b", "\n", "#", "~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := ShellWord(s)
		words, err := shellWords(w)
		if err != nil {
			t.Fatalf("ShellWord(%q) = %s: %v", s, w, err)
		}
		if len(words) != 1 || words[0] != s {
			t.Fatalf("ShellWord(%q) = %s parses as %q", s, w, words)
		}
	})
}

// errExpansion is returned by shellWords for text the shell would not take
// literally.
var errExpansion = errors.New("unquoted shell syntax")

// shellWords splits a command line into words as a POSIX shell does, and
// fails on anything that is not a plain word: an unquoted character that
// expands, redirects, separates commands, globs or starts a comment, a
// double-quoted string (inside which $ and ` still expand) or an unclosed
// quote. Outside quotes only letters, digits, _-.,/:@%+= and blanks are
// taken; a backslash takes the next character literally.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("%w: unclosed single quote at %d in %q", errExpansion, i, line)
			}
			cur.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '\\':
			if i+1 >= len(line) || line[i+1] == '\n' {
				return nil, fmt.Errorf("%w: line continuation at %d in %q", errExpansion, i, line)
			}
			cur.WriteByte(line[i+1])
			i++
			inWord = true
		case c < 0x80 && shellSafe(rune(c)), c >= 0x80:
			cur.WriteByte(c)
			inWord = true
		default:
			return nil, fmt.Errorf("%w: %q at %d in %q", errExpansion, c, i, line)
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

var fenceRE = regexp.MustCompile("^( {0,3})(`{3,}|~{3,})[ \t]*([^ \t`]*)")

// markdownCode returns what a reader of md could copy as code: the lines of
// every fenced block with its info word, and every inline code span (info
// "inline"). Prose outside code is scanned for spans after backslash escapes.
func markdownCode(md string) (blocks [][2]string) {
	var prose strings.Builder
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			prose.WriteString(lines[i] + "\n")
			continue
		}
		indent, fence, info := len(m[1]), m[2], m[3]
		var body []string
		for i++; i < len(lines); i++ {
			l := lines[i]
			if t := strings.TrimLeft(l, " "); len(l)-len(t) <= 3 && strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				break
			}
			for n := 0; n < indent && strings.HasPrefix(l, " "); n++ {
				l = l[1:]
			}
			body = append(body, l)
		}
		blocks = append(blocks, [2]string{info, strings.Join(body, "\n")})
	}
	p := prose.String()
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\':
			i++
		case p[i] == '`':
			n := 1
			for i+n < len(p) && p[i+n] == '`' {
				n++
			}
			rest := p[i+n:]
			closed := false
			for j := 0; j < len(rest); {
				if rest[j] != '`' {
					j++
					continue
				}
				k := j
				for k < len(rest) && rest[k] == '`' {
					k++
				}
				if k-j == n {
					blocks = append(blocks, [2]string{"inline", strings.ReplaceAll(rest[:j], "\n", " ")})
					i += n + k - 1
					closed = true
					break
				}
				j = k
			}
			if !closed {
				i += n - 1
			}
		}
	}
	return blocks
}

// readmeCommands returns the command lines of a README: every line of a
// fenced sh block, and every other code (inline or fenced) that starts with
// the sf command, so that no spec text can place a command outside a block
// the generator quoted.
func readmeCommands(md string) []string {
	var cmds []string
	for _, b := range markdownCode(md) {
		for _, l := range strings.Split(b[1], "\n") {
			l = strings.TrimSpace(l)
			if b[0] == "sh" && l != "" || strings.HasPrefix(l, "sf ") || l == "sf" {
				cmds = append(cmds, l)
			}
		}
	}
	return cmds
}

// readmeFor generates the docusign example with the given texts and returns
// its README, or ok false when the texts make the spec invalid.
func readmeFor(t *testing.T, label, pkgName, description, flowLabel string) (string, bool) {
	t.Helper()
	data, err := os.ReadFile("../examples/docusign-flow-action.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	s.Label, s.Description = label, description
	s.Flows[0].Label, s.Flows[0].Trigger.Label = flowLabel, flowLabel
	s.Systems[0].Label = flowLabel
	if pkgName != "" {
		s.Package = &spec.Package{Name: pkgName}
	}
	if spec.Validate(s) != nil {
		return "", false
	}
	b, err := Generate(s)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	for _, f := range b.Files {
		if f.Path == "README.md" {
			return string(f.Data), true
		}
	}
	t.Fatal("no README.md")
	return "", false
}

// checkReadmeCommands fails when a command line of md does not parse as
// plain shell words, or when the package commands do not carry want as the
// package name word for word.
func checkReadmeCommands(t *testing.T, md, want string) {
	t.Helper()
	cmds := readmeCommands(md)
	if len(cmds) < 6 {
		t.Fatalf("README has %d command lines, want at least 6:\n%s", len(cmds), md)
	}
	found := false
	for _, c := range cmds {
		words, err := shellWords(c)
		if err != nil {
			t.Fatalf("README command %q: %v\n%s", c, err, md)
		}
		if len(words) > 4 && words[1] == "package" && words[2] == "create" {
			found = true
			if words[4] != want {
				t.Fatalf("sf package create names %q, want %q", words[4], want)
			}
		}
	}
	if !found {
		t.Fatalf("no sf package create line in README:\n%s", md)
	}
}

// TestReadmeCommandsQuoteSpecText is issue 8 item 3: a label like
// "Billing $(touch x)" ran when the admin pasted the README's commands.
func TestReadmeCommandsQuoteSpecText(t *testing.T) {
	for _, label := range []string{"Billing $(touch x)", "Bob's `id` ; rm -rf ~ | x & y > z", `a"b\c`, "*"} {
		md, ok := readmeFor(t, label, "", "", "Send")
		if !ok {
			t.Fatalf("label %q: spec invalid", label)
		}
		checkReadmeCommands(t, md, label)
	}
	md, ok := readmeFor(t, "L", "P", "```sh\nsf deploy $(touch x)\n```\n\n    sf x `y`\n<pre>sf `z`</pre> `sf $(w)`", "`sf $(v)`")
	if !ok {
		t.Fatal("spec invalid")
	}
	checkReadmeCommands(t, md, "P")
}

func FuzzReadmeCommands(f *testing.F) {
	f.Add("Billing $(touch x)", "", "", "Send")
	f.Add("L", "Bob's `pkg`", "```sh\nsf $(x)\n```", "`sf $(y)`")
	f.Add("L", "", "    sf `x`\n~~~\nsf ;\n~~~", "[a](b)")
	f.Fuzz(func(t *testing.T, label, pkgName, description, flowLabel string) {
		md, ok := readmeFor(t, label, pkgName, description, flowLabel)
		if !ok {
			return
		}
		want := pkgName
		if want == "" {
			want = label
			if want == "" {
				want = "DocuSignEnvelopes"
			}
		}
		checkReadmeCommands(t, md, want)
	})
}
