package generator

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"testing"
	"time"
)

// unzip returns a zip's entries as path -> contents, checking timestamps.
func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var names []string
	for _, f := range zr.File {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v, want the fixed time", f.Name, f.Modified.Format(time.RFC3339))
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
		names = append(names, f.Name)
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("zip entries are not sorted")
	}
	return out
}

// TestMetadataZipLayout checks the Metadata API layout of every example:
// package.xml at the root and nothing else there (the Metadata API reports a
// README as a file not in package.xml: issue 11 item 10), no source-format
// paths, fields inlined into objects, and package.xml listing exactly what
// the zip holds.
func TestMetadataZipLayout(t *testing.T) {
	for name, b := range exampleBundles(t) {
		data, err := b.MetadataZip()
		if err != nil {
			t.Fatal(err)
		}
		files := unzip(t, data)
		for _, must := range []string{"package.xml", "objects/Integration_Log__c.object"} {
			if _, ok := files[must]; !ok {
				t.Errorf("%s: no %s", name, must)
			}
		}
		components := map[string]bool{}
		for p, content := range files {
			switch {
			case strings.HasPrefix(p, "force-app/"), strings.HasPrefix(p, "manifest/"), strings.Contains(p, "/fields/"):
				t.Errorf("%s: source-format path %s", name, p)
			case strings.HasSuffix(p, "-meta.xml") && !strings.HasSuffix(p, ".cls-meta.xml") && !strings.HasSuffix(p, ".trigger-meta.xml"):
				t.Errorf("%s: %s keeps its -meta.xml suffix", name, p)
			}
			dir, file, _ := strings.Cut(p, "/")
			typ := map[string]string{
				"classes": "ApexClass", "triggers": "ApexTrigger", "objects": "CustomObject", "namedCredentials": "NamedCredential",
				"externalCredentials": "ExternalCredential", "permissionsets": "PermissionSet", "platformEventChannelMembers": "PlatformEventChannelMember",
				"customMetadata": "CustomMetadata",
			}[dir]
			if typ == "" && p != "package.xml" {
				t.Errorf("%s: the zip holds %s, which is neither package.xml nor a component", name, p)
			}
			if typ == "" || strings.HasSuffix(file, "-meta.xml") {
				continue
			}
			member := file[:strings.LastIndex(file, ".")]
			components[typ+":"+member] = true
			if typ == "CustomObject" {
				var obj struct {
					Fields []struct {
						FullName string `xml:"fullName"`
					} `xml:"fields"`
				}
				if err := xml.Unmarshal([]byte(content), &obj); err != nil {
					t.Errorf("%s: %s: %v", name, p, err)
				}
				for _, f := range obj.Fields {
					components["CustomField:"+member+"."+f.FullName] = true
				}
			}
		}
		var pkg struct {
			Types []struct {
				Members []string `xml:"members"`
				Name    string   `xml:"name"`
			} `xml:"types"`
			Version string `xml:"version"`
		}
		if err := xml.Unmarshal([]byte(files["package.xml"]), &pkg); err != nil {
			t.Fatalf("%s: package.xml: %v", name, err)
		}
		listed := map[string]bool{}
		for _, ty := range pkg.Types {
			for _, m := range ty.Members {
				listed[ty.Name+":"+m] = true
				if !components[ty.Name+":"+m] {
					t.Errorf("%s: package.xml lists %s %s, which the zip does not hold", name, ty.Name, m)
				}
			}
		}
		for c := range components {
			if !listed[c] {
				t.Errorf("%s: the zip holds %s, which package.xml does not list", name, c)
			}
		}
		if pkg.Version != "66.0" {
			t.Errorf("%s: package.xml version %q", name, pkg.Version)
		}
	}
}

// TestProjectZipHoldsTheBundle checks that the project zip is the bundle as is.
func TestProjectZipHoldsTheBundle(t *testing.T) {
	b := &Bundle{Files: []File{{Path: "b/x.txt", Data: []byte("2")}, {Path: "a.txt", Data: []byte("1")}}}
	data, err := b.ProjectZip()
	if err != nil {
		t.Fatal(err)
	}
	got := unzip(t, data)
	want := map[string]string{"a.txt": "1", "b/x.txt": "2"}
	if len(got) != len(want) || got["a.txt"] != "1" || got["b/x.txt"] != "2" {
		t.Errorf("project zip = %v, want %v", got, want)
	}
}
