package sfsim

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/salesforce"
)

// MetadataNamespace is the namespace of every metadata file's root element.
const MetadataNamespace = "http://soap.sforce.com/2006/04/metadata"

// mdType is a metadata type the simulator knows, in Metadata API format.
type mdType struct {
	name   string // ApexClass
	folder string // classes
	suffix string // cls
	meta   bool   // a content file plus <file>-meta.xml
}

var mdTypes = []mdType{
	{"ApexClass", "classes", "cls", true},
	{"ApexTrigger", "triggers", "trigger", true},
	{"ApexPage", "pages", "page", true},
	{"ApexComponent", "components", "component", true},
	{"StaticResource", "staticresources", "resource", true},
	{"CustomObject", "objects", "object", false},
	{"CustomMetadata", "customMetadata", "md", false},
	{"NamedCredential", "namedCredentials", "namedCredential", false},
	{"ExternalCredential", "externalCredentials", "externalCredential", false},
	{"ExternalAuthIdentityProvider", "externalAuthIdentityProviders", "externalAuthIdentityProvider", false},
	{"PermissionSet", "permissionsets", "permissionset", false},
	{"PermissionSetGroup", "permissionsetgroups", "permissionsetgroup", false},
	{"PlatformEventChannel", "platformEventChannels", "platformEventChannel", false},
	{"PlatformEventChannelMember", "platformEventChannelMembers", "platformEventChannelMember", false},
	{"PlatformEventSubscriberConfig", "PlatformEventSubscriberConfigs", "platformEventSubscriberConfig", false},
	{"RemoteSiteSetting", "remoteSiteSettings", "remoteSite", false},
	{"CspTrustedSite", "cspTrustedSites", "cspTrustedSite", false},
	{"CustomLabels", "labels", "labels", false},
	{"CustomTab", "tabs", "tab", false},
	{"CustomApplication", "applications", "app", false},
	{"CustomPermission", "customPermissions", "customPermission", false},
	{"Layout", "layouts", "layout", false},
	{"FlexiPage", "flexipages", "flexipage", false},
	{"Flow", "flows", "flow", false},
	{"Profile", "profiles", "profile", false},
	{"ConnectedApp", "connectedApps", "connectedApp", false},
	{"ExternalClientApplication", "externalClientApps", "eca", false},
	{"Queue", "queues", "queue", false},
}

// childTypes live inside their parent's file.
var childTypes = map[string]string{
	"CustomField": "CustomObject", "ValidationRule": "CustomObject", "ListView": "CustomObject",
	"RecordType": "CustomObject", "WebLink": "CustomObject", "CompactLayout": "CustomObject",
	"FieldSet": "CustomObject", "BusinessProcess": "CustomObject", "SharingReason": "CustomObject",
	"Index": "CustomObject", "CustomLabel": "CustomLabels",
}

// childElement is the element of the parent file holding a child type.
var childElement = map[string]string{
	"CustomField": "fields", "ValidationRule": "validationRules", "ListView": "listViews",
	"RecordType": "recordTypes", "WebLink": "webLinks", "CompactLayout": "compactLayouts",
	"FieldSet": "fieldSets", "BusinessProcess": "businessProcesses", "SharingReason": "sharingReasons",
	"Index": "indexes", "CustomLabel": "labels",
}

func typeByName(n string) (mdType, bool) {
	for _, t := range mdTypes {
		if t.name == n {
			return t, true
		}
	}
	return mdType{}, false
}

func typeByFolder(f string) (mdType, bool) {
	for _, t := range mdTypes {
		if t.folder == f {
			return t, true
		}
	}
	return mdType{}, false
}

// Component is one metadata component an org holds after a deploy.
type Component struct {
	Type     string `json:"type"`
	FullName string `json:"fullName"`
	// FileName is the path in the zip it came from.
	FileName string `json:"fileName"`
	// DeployID is the deploy that last wrote it.
	DeployID string `json:"deployId"`
	// Content is the main file's bytes (for Apex, the source).
	Content []byte `json:"-"`
	apex    *apexUnit
}

// checkResult is the outcome of checking a zip, before tests.
type checkResult struct {
	prefix       string // top-level folder, with its slash, or ""
	successes    []salesforce.ComponentMessage
	failures     []salesforce.ComponentMessage
	components   []*Component
	errorMessage string
	errorCode    string
}

func (cr *checkResult) fail(typ, fullName, file string, line, col int, problem string) {
	cr.failures = append(cr.failures, salesforce.ComponentMessage{
		ComponentType: typ, FullName: fullName, FileName: file, Problem: problem, ProblemType: "Error",
		LineNumber: line, ColumnNumber: col, Success: false,
	})
}

// pkgManifest is package.xml.
type pkgManifest struct {
	XMLName xml.Name `xml:"Package"`
	Types   []struct {
		Members []string `xml:"members"`
		Name    string   `xml:"name"`
	} `xml:"types"`
	Version string `xml:"version"`
}

// compFiles are the files of one component in the zip.
type compFiles struct {
	typ      mdType
	fullName string
	content  string // path of the content file
	meta     string // path of the -meta.xml, if any
}

// checkZip checks a deploy zip the way the Metadata API does before it
// compiles and runs tests. existing is the org's current components.
func checkZip(data []byte, existing map[string]*Component, maxVersion string) *checkResult {
	cr := &checkResult{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		cr.errorCode, cr.errorMessage = "INVALID_ZIP", "The zip file is not valid: "+err.Error()
		return cr
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		name := strings.TrimPrefix(path.Clean("/"+f.Name), "/")
		rc, err := f.Open()
		if err != nil {
			cr.errorCode, cr.errorMessage = "INVALID_ZIP", "The zip file is not valid: "+err.Error()
			return cr
		}
		b, err := io.ReadAll(io.LimitReader(rc, 600<<20))
		rc.Close()
		if err != nil {
			cr.errorCode, cr.errorMessage = "INVALID_ZIP", "The zip file is not valid: "+err.Error()
			return cr
		}
		files[name] = b
		names = append(names, name)
	}
	sort.Strings(names)
	// Optional single top-level folder (SDR zips under "zip/", others
	// under "unpackaged/").
	if _, ok := files["package.xml"]; !ok && len(names) > 0 {
		top, _, _ := strings.Cut(names[0], "/")
		all := true
		for _, n := range names {
			if !strings.HasPrefix(n, top+"/") {
				all = false
			}
		}
		if _, ok := files[top+"/package.xml"]; all && ok {
			cr.prefix = top + "/"
		}
	}
	pkgPath := cr.prefix + "package.xml"
	pkgData, ok := files[pkgPath]
	if !ok {
		cr.fail("", "package.xml", "package.xml", 0, 0, "No package.xml found")
		return cr
	}
	if p := checkXML(pkgData, "Package"); p != nil {
		cr.fail("", "package.xml", pkgPath, p.line, p.col, p.msg)
		return cr
	}
	var pkg pkgManifest
	if err := xml.Unmarshal(pkgData, &pkg); err != nil {
		cr.fail("", "package.xml", pkgPath, 0, 0, "Error parsing file: "+err.Error())
		return cr
	}
	if v := strings.TrimSpace(pkg.Version); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err != nil || f < 20 || f > mustFloat(maxVersion) {
			cr.fail("", "package.xml", pkgPath, 0, 0, fmt.Sprintf("Invalid API version specified in package.xml: %s (this org supports up to %s)", v, maxVersion))
			return cr
		}
	}

	// Index the component files.
	comps := map[string]*compFiles{} // type/fullName
	var order []string
	for _, n := range names {
		rel := strings.TrimPrefix(n, cr.prefix)
		if rel == "package.xml" || strings.HasPrefix(rel, "destructiveChanges") && strings.HasSuffix(rel, ".xml") && !strings.Contains(rel, "/") {
			continue
		}
		if !strings.Contains(rel, "/") {
			// A file beside package.xml that is not a manifest (a README) is
			// no component, so it cannot be named in package.xml and the
			// Metadata API reports it, as for any other unnamed file:
			// "workflows/Account.workflow (Account.Test_Task) -- Error: Not in
			// package.xml" (salesforce.stackexchange.com/questions/45924).
			cr.fail("", rel, n, 0, 0, "Not in package.xml")
			continue
		}
		folder, file, ok := strings.Cut(rel, "/")
		t, known := typeByFolder(folder)
		if !ok || !known || strings.Contains(file, "/") {
			cr.fail("", rel, n, 0, 0, "Unknown type or unexpected file found in package directory: "+rel)
			continue
		}
		isMeta := strings.HasSuffix(file, "-meta.xml")
		base := strings.TrimSuffix(file, "-meta.xml")
		if !strings.HasSuffix(base, "."+t.suffix) || (isMeta && !t.meta) {
			cr.fail(t.name, base, n, 0, 0, fmt.Sprintf("Unexpected file found in package directory: %s (a %s file must be named <name>.%s)", rel, t.name, t.suffix))
			continue
		}
		full := strings.TrimSuffix(base, "."+t.suffix)
		key := t.name + "/" + full
		c := comps[key]
		if c == nil {
			c = &compFiles{typ: t, fullName: full}
			comps[key] = c
			order = append(order, key)
		}
		if isMeta {
			c.meta = n
		} else {
			c.content = n
		}
	}

	// Members against files, both ways.
	named := map[string]bool{}
	wildcard := map[string]bool{}
	hasChildren := map[string]bool{} // parent files that carry named children
	var children []*Component
	for _, ty := range pkg.Types {
		name := strings.TrimSpace(ty.Name)
		_, known := typeByName(name)
		parent, child := childTypes[name]
		if !known && !child {
			cr.fail("", "package.xml", pkgPath, 0, 0, fmt.Sprintf("Unknown type name '%s' specified in package.xml", name))
			continue
		}
		for _, m := range ty.Members {
			m = strings.TrimSpace(m)
			if m == "*" {
				wildcard[name] = true
				continue
			}
			named[name+"/"+m] = true
			if child {
				parentName, childName, ok := strings.Cut(m, ".")
				if parent == "CustomLabels" {
					parentName, childName, ok = "CustomLabels", m, true
				}
				pc := comps[parent+"/"+parentName]
				notFound := fmt.Sprintf("An object '%s' of type %s was named in package.xml, but was not found in zipped directory", m, name)
				switch {
				case !ok:
					cr.fail(name, m, pkgPath, 0, 0, notFound)
				case pc != nil && pc.content != "":
					hasChildren[parent+"/"+parentName] = true
					if !hasChild(files[pc.content], childElement[name], childName) {
						cr.fail(name, m, pkgPath, 0, 0, notFound)
						break
					}
					children = append(children, &Component{Type: name, FullName: m, FileName: pc.content})
				default:
					cr.fail(name, m, pkgPath, 0, 0, notFound)
				}
				continue
			}
			if c := comps[name+"/"+m]; c == nil || c.content == "" {
				cr.fail(name, m, pkgPath, 0, 0, fmt.Sprintf("An object '%s' of type %s was named in package.xml, but was not found in zipped directory", m, name))
			}
		}
	}
	for _, key := range order {
		c := comps[key]
		if named[key] || wildcard[c.typ.name] || hasChildren[key] {
			continue
		}
		file := c.content
		if file == "" {
			file = c.meta
		}
		cr.fail(c.typ.name, c.fullName, file, 0, 0, fmt.Sprintf("An object '%s' of type %s was found in the zipped directory, but it is not named in package.xml", c.fullName, c.typ.name))
	}

	// Each component's files. A parent file sent only for its children (a
	// standard object's fields) is checked but is not a component itself.
	for _, key := range order {
		c := comps[key]
		container := !named[key] && !wildcard[c.typ.name]
		if container && !hasChildren[key] {
			continue
		}
		comp := &Component{Type: c.typ.name, FullName: c.fullName, FileName: c.content}
		ok := true
		if c.content == "" {
			cr.fail(c.typ.name, c.fullName, c.meta, 0, 0, fmt.Sprintf("No content file found for %s (expected %s)", c.meta, strings.TrimSuffix(c.meta, "-meta.xml")))
			continue
		}
		comp.Content = files[c.content]
		if c.typ.meta {
			if c.meta == "" {
				cr.fail(c.typ.name, c.fullName, c.content, 0, 0, fmt.Sprintf("No metadata file found for %s: expected %s-meta.xml", strings.TrimPrefix(c.content, cr.prefix), strings.TrimPrefix(c.content, cr.prefix)))
				continue
			}
			if p := checkXML(files[c.meta], c.typ.name); p != nil {
				cr.fail(c.typ.name, c.fullName, c.meta, p.line, p.col, p.msg)
				continue
			}
			if p := checkAPIVersion(files[c.meta], maxVersion); p != nil {
				cr.fail(c.typ.name, c.fullName, c.meta, p.line, p.col, p.msg)
				continue
			}
		}
		switch c.typ.name {
		case "ApexClass", "ApexTrigger":
			u, p := parseApex(string(comp.Content), c.typ.name == "ApexTrigger")
			if p != nil {
				cr.fail(c.typ.name, c.fullName, c.content, p.line, p.col, p.msg)
				ok = false
				break
			}
			if !strings.EqualFold(u.name, c.fullName) {
				what := "class"
				if c.typ.name == "ApexTrigger" {
					what = "trigger"
				}
				cr.fail(c.typ.name, c.fullName, c.content, u.nameTok.line, u.nameTok.col,
					fmt.Sprintf("The %s name '%s' does not match the file name '%s'", what, u.name, c.fullName))
				ok = false
				break
			}
			comp.apex = u
		case "StaticResource", "ApexPage", "ApexComponent":
		default:
			if p := checkXML(comp.Content, c.typ.name); p != nil {
				cr.fail(c.typ.name, c.fullName, c.content, p.line, p.col, p.msg)
				ok = false
			}
		}
		if !ok {
			// Children of a broken parent file fail with it.
			kept := children[:0]
			for _, ch := range children {
				if ch.FileName != c.content {
					kept = append(kept, ch)
				}
			}
			children = kept
			continue
		}
		if !container {
			cr.components = append(cr.components, comp)
		}
	}
	for _, ch := range children {
		ch.Content = files[ch.FileName]
		cr.components = append(cr.components, ch)
	}
	return cr
}

func mustFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

var lineColRE = regexp.MustCompile(`line (\d+)`)

// checkXML checks well-formedness, the root element and its namespace.
func checkXML(data []byte, root string) *apexProblem {
	if len(bytes.TrimSpace(data)) == 0 {
		return &apexProblem{"Error parsing file: Premature end of file.", 1, 1}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth := 0
	sawRoot := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			msg := err.Error()
			if m := lineColRE.FindStringIndex(msg); m != nil {
				msg = strings.TrimSpace(msg[m[1]:])
				msg = strings.TrimPrefix(msg, ": ")
			}
			return &apexProblem{"Error parsing file: " + msg, line, 1}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if sawRoot {
					line, col := d.InputPos()
					return &apexProblem{"Error parsing file: The markup in the document following the root element must be well-formed.", line, col}
				}
				sawRoot = true
				if t.Name.Local != root || t.Name.Space != MetadataNamespace {
					line, col := d.InputPos()
					return &apexProblem{fmt.Sprintf("Error parsing file: the root element is <%s xmlns=%q>, expected <%s xmlns=%q>", t.Name.Local, t.Name.Space, root, MetadataNamespace), line, col}
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if !sawRoot {
		return &apexProblem{"Error parsing file: Premature end of file.", 1, 1}
	}
	return nil
}

// checkAPIVersion checks an Apex -meta.xml's apiVersion.
func checkAPIVersion(meta []byte, maxVersion string) *apexProblem {
	var m struct {
		APIVersion string `xml:"apiVersion"`
	}
	_ = xml.Unmarshal(meta, &m)
	v := strings.TrimSpace(m.APIVersion)
	if v == "" {
		return &apexProblem{"Required field is missing: apiVersion", 1, 1}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 20 || f > mustFloat(maxVersion) {
		return &apexProblem{fmt.Sprintf("Invalid apiVersion %s: this org supports versions up to %s", v, maxVersion), 1, 1}
	}
	return nil
}

// hasChild reports whether a parent file (a .object or .labels) holds a
// child element with the given fullName.
func hasChild(parent []byte, element, name string) bool {
	d := xml.NewDecoder(bytes.NewReader(parent))
	depth := 0
	inChild := false
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && t.Name.Local == element {
				inChild = true
			}
			if inChild && depth == 3 && t.Name.Local == "fullName" {
				var v string
				if d.DecodeElement(&v, &t) == nil && strings.TrimSpace(v) == name {
					return true
				}
				depth--
			}
		case xml.EndElement:
			if depth == 2 {
				inChild = false
			}
			depth--
		}
	}
}
