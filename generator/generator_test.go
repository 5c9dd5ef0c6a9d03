package generator

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/patchbay/patchbay/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden generates every testdata/<case>/spec.yaml and compares the whole
// bundle with testdata/<case>/want, or the error with testdata/<case>/error.txt.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	for _, specPath := range cases {
		dir := filepath.Dir(specPath)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(specPath)
			if err != nil {
				t.Fatal(err)
			}
			got, genErr := generateYAML(data)
			errPath := filepath.Join(dir, "error.txt")
			wantDir := filepath.Join(dir, "want")
			if *update {
				os.RemoveAll(wantDir)
				os.Remove(errPath)
				if genErr != nil {
					writeFile(t, errPath, []byte(genErr.Error()+"\n"))
					return
				}
				for p, d := range got {
					writeFile(t, filepath.Join(wantDir, p), []byte(d))
				}
				return
			}
			if wantErr, err := os.ReadFile(errPath); err == nil {
				if genErr == nil {
					t.Fatalf("Generate succeeded, want error:\n%s", wantErr)
				}
				if diff := cmp.Diff(string(wantErr), genErr.Error()+"\n"); diff != "" {
					t.Fatalf("error (-want +got):\n%s", diff)
				}
				return
			}
			if genErr != nil {
				t.Fatalf("Generate: %v", genErr)
			}
			want := readTree(t, wantDir)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("bundle (-want +got):\n%s\n(run go test ./generator -update to accept)", diff)
			}
		})
	}
}

// generateYAML loads a spec and generates it, returning path -> contents.
func generateYAML(data []byte) (map[string]string, error) {
	s, err := spec.Load(data)
	if err != nil {
		return nil, err
	}
	b, err := Generate(s)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range b.Files {
		out[f.Path] = string(f.Data)
	}
	return out, nil
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	return out
}

// TestEveryExampleHasAGoldenCase keeps examples/ and the golden cases in step.
func TestEveryExampleHasAGoldenCase(t *testing.T) {
	examples, _ := filepath.Glob("../examples/*.yaml")
	if len(examples) < 8 {
		t.Fatalf("want at least 8 examples, have %d", len(examples))
	}
	cases := map[string]string{}
	specs, _ := filepath.Glob("testdata/*/spec.yaml")
	for _, p := range specs {
		data, _ := os.ReadFile(p)
		cases[string(data)] = p
	}
	for _, ex := range examples {
		data, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cases[string(data)]; !ok {
			t.Errorf("%s has no golden case with the same spec.yaml", ex)
		}
	}
}

// TestExamplesUseEveryFeature checks that the examples together use every
// trigger type, step type, operator, function, auth type and field type.
func TestExamplesUseEveryFeature(t *testing.T) {
	seen := map[string]bool{}
	examples, _ := filepath.Glob("../examples/*.yaml")
	var all strings.Builder
	for _, ex := range examples {
		data, _ := os.ReadFile(ex)
		all.Write(data)
		s, err := spec.Load(data)
		if err != nil {
			t.Fatalf("%s: %v", ex, err)
		}
		if s.Package != nil && s.Package.Namespace != "" {
			seen["namespace"] = true
		}
		for _, sys := range s.Systems {
			seen["auth:"+sys.Auth.Type] = true
		}
		for _, o := range s.Objects {
			for _, f := range o.Fields {
				seen["field:"+f.Type] = true
			}
		}
		for _, f := range s.Flows {
			seen["trigger:"+f.Trigger.Type] = true
			var visit func(cs []spec.Condition)
			visit = func(cs []spec.Condition) {
				for _, c := range cs {
					if c.Any != nil {
						seen["any"] = true
					}
					visit(c.Any)
					visit(c.All)
					if c.Op != "" {
						seen["op:"+c.Op] = true
					}
				}
			}
			visit(f.Trigger.When)
			for _, on := range f.Trigger.On {
				seen["on:"+on] = true
			}
			for _, st := range f.Steps {
				seen["step:"+st.Type] = true
				if st.ForEach != "" {
					seen["forEach"] = true
				}
				if st.Type == spec.StepCall {
					seen["method:"+st.Method] = true
					if b, ok := st.CallBody(); ok {
						seen["body:"+b.Format] = true
					}
				}
			}
			if f.OnError != nil {
				if f.OnError.Retry != nil {
					seen["backoff:"+f.OnError.Retry.Backoff] = true
				}
				if !f.Logs() {
					seen["log:false"] = true
				}
			}
			if f.Trigger.Verify != nil {
				seen["verify"] = true
			}
		}
	}
	for fn := range spec.Funcs {
		if strings.Contains(all.String(), fn+"(") {
			seen["func:"+fn] = true
		}
	}
	var want []string
	for _, a := range spec.AuthTypes {
		want = append(want, "auth:"+a)
	}
	for _, f := range spec.FieldTypes {
		want = append(want, "field:"+f)
	}
	for _, tr := range spec.TriggerTypes {
		want = append(want, "trigger:"+tr)
	}
	for _, op := range spec.Operators {
		want = append(want, "op:"+op)
	}
	for _, st := range spec.StepTypes {
		want = append(want, "step:"+st)
	}
	for _, m := range spec.HTTPMethods {
		want = append(want, "method:"+m)
	}
	for fn := range spec.Funcs {
		want = append(want, "func:"+fn)
	}
	for _, on := range spec.OnEvents {
		want = append(want, "on:"+on)
	}
	want = append(want, "any", "forEach", "body:json", "body:form", "backoff:fixed", "backoff:exponential", "log:false", "verify", "namespace")
	sort.Strings(want)
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no example uses %s", w)
		}
	}
}

func exampleBundles(t testing.TB) map[string]*Bundle {
	t.Helper()
	examples, _ := filepath.Glob("../examples/*.yaml")
	out := map[string]*Bundle{}
	for _, ex := range examples {
		data, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			t.Fatalf("%s: %v", ex, err)
		}
		b, err := Generate(s)
		if err != nil {
			t.Fatalf("%s: %v", ex, err)
		}
		out[filepath.Base(ex)] = b
	}
	return out
}

// allBundles adds the golden cases that generate to the examples.
func allBundles(t testing.TB) map[string]*Bundle {
	t.Helper()
	out := exampleBundles(t)
	specs, _ := filepath.Glob("testdata/*/spec.yaml")
	for _, p := range specs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			continue // a case that must fail
		}
		b, err := Generate(s)
		if err != nil {
			continue
		}
		out[filepath.Base(filepath.Dir(p))] = b
	}
	return out
}

// TestGenerationIsDeterministic generates every example twice and compares
// both zips byte for byte.
func TestGenerationIsDeterministic(t *testing.T) {
	first := exampleBundles(t)
	second := exampleBundles(t)
	for name, b := range first {
		for _, z := range []struct {
			kind string
			fn   func(*Bundle) ([]byte, error)
		}{{"metadata", (*Bundle).MetadataZip}, {"project", (*Bundle).ProjectZip}} {
			a, err := z.fn(b)
			if err != nil {
				t.Fatalf("%s %s zip: %v", name, z.kind, err)
			}
			c, err := z.fn(second[name])
			if err != nil {
				t.Fatalf("%s %s zip: %v", name, z.kind, err)
			}
			if !bytes.Equal(a, c) {
				t.Errorf("%s: %s zips differ between two runs", name, z.kind)
			}
		}
		if !sort.SliceIsSorted(b.Files, func(i, j int) bool { return b.Files[i].Path < b.Files[j].Path }) {
			t.Errorf("%s: bundle files are not sorted", name)
		}
	}
}

const metadataNS = "http://soap.sforce.com/2006/04/metadata"

// TestEveryXMLFileParsesWithTheMetadataNamespace re-parses every XML file of
// both zips of every example.
func TestEveryXMLFileParsesWithTheMetadataNamespace(t *testing.T) {
	for name, b := range allBundles(t) {
		for _, z := range []struct {
			kind string
			fn   func(*Bundle) ([]byte, error)
		}{{"metadata", (*Bundle).MetadataZip}, {"project", (*Bundle).ProjectZip}} {
			data, err := z.fn(b)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range zr.File {
				if !isXMLPath(f.Name) {
					continue
				}
				n++
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				content, _ := io.ReadAll(rc)
				rc.Close()
				root, err := xmlRoot(content)
				if err != nil {
					t.Errorf("%s %s %s: %v", name, z.kind, f.Name, err)
					continue
				}
				if root.Space != metadataNS {
					t.Errorf("%s %s %s: root <%s> has namespace %q", name, z.kind, f.Name, root.Local, root.Space)
				}
			}
			if n == 0 {
				t.Errorf("%s %s: no XML files", name, z.kind)
			}
		}
	}
}

func isXMLPath(p string) bool {
	if strings.HasSuffix(p, ".xml") {
		return true
	}
	if strings.HasSuffix(p, ".md") && strings.Contains("/"+p, "/customMetadata/") {
		return true
	}
	for _, ext := range []string{".object", ".namedCredential", ".externalCredential", ".permissionset", ".platformEventChannelMember"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

// xmlRoot parses a whole document and returns its root element's name.
func xmlRoot(data []byte) (xml.Name, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var root xml.Name
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return root, err
		}
		if se, ok := tok.(xml.StartElement); ok && root.Local == "" {
			root = se.Name
		}
	}
	if root.Local == "" {
		return root, errors.New("no root element")
	}
	return root, nil
}

var apexDecl = regexp.MustCompile(`(?m)^(?:@RestResource\([^\n]*\)\n)?(?:@IsTest\n)?(?:global|public|private)?\s*(?:with sharing |without sharing |inherited sharing )?class (\w+)|^trigger (\w+) on `)

// TestApexIsStructurallySound checks every Apex file of every example and
// golden case: balanced braces and parentheses outside strings and comments,
// the declared name equal to the file name, a sharing keyword on every
// top-level class, and none of the forbidden constructs.
func TestApexIsStructurallySound(t *testing.T) {
	for name, b := range allBundles(t) {
		for _, f := range b.Files {
			isClass := strings.HasSuffix(f.Path, ".cls")
			isTrigger := strings.HasSuffix(f.Path, ".trigger")
			if !isClass && !isTrigger {
				continue
			}
			src := string(f.Data)
			if err := balanced(src); err != nil {
				t.Errorf("%s %s: %v", name, f.Path, err)
			}
			base := filepath.Base(f.Path)
			want := strings.TrimSuffix(strings.TrimSuffix(base, ".cls"), ".trigger")
			m := apexDecl.FindStringSubmatch(src)
			if m == nil {
				t.Errorf("%s %s: no class or trigger declaration", name, f.Path)
				continue
			}
			got := m[1] + m[2]
			if got != want {
				t.Errorf("%s %s: declares %s", name, f.Path, got)
			}
			if len(got) > 40 {
				t.Errorf("%s %s: name longer than 40 characters", name, f.Path)
			}
			if isClass && !strings.Contains(src, "@IsTest") && !strings.Contains(src, "with sharing class "+got) {
				t.Errorf("%s %s: class without with sharing", name, f.Path)
			}
			code := stripApex(src)
			for _, bad := range []string{"without sharing", "SECURITY_ENFORCED", "'Authorization'", "'http://", "'https://", "Database.query(", "catch (Exception e) {}"} {
				if strings.Contains(code, bad) || strings.Contains(src, bad) && bad != "without sharing" {
					t.Errorf("%s %s: contains %q", name, f.Path, bad)
				}
			}
		}
	}
}

// stripApex blanks out comments, keeping string literals.
func stripApex(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch {
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
		default:
			b.WriteByte(src[i])
		}
	}
	return b.String()
}

// balanced checks braces, brackets and parentheses outside string literals
// and comments.
func balanced(src string) error {
	var stack []byte
	pairs := map[byte]byte{')': '(', ']': '[', '}': '{'}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return errors.New("unclosed comment")
			}
			i += end + 3
		case c == '\'':
			_, lit, err := apexLiteral(src[i:])
			if err != nil {
				return err
			}
			i += lit - 1
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, c)
		case c == ')' || c == ']' || c == '}':
			if len(stack) == 0 || stack[len(stack)-1] != pairs[c] {
				return errors.New("unbalanced " + string(c))
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return errors.New("unclosed " + string(stack))
	}
	return nil
}
