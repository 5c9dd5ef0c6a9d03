package generator

import (
	"archive/zip"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// zipTime is the fixed modification time of every zip entry, so the same
// bundle always gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ProjectZip returns the SFDX project as a zip: the bundle's files as they
// are, sorted, with fixed timestamps.
func (b *Bundle) ProjectZip() ([]byte, error) {
	return writeZip(b.Files)
}

// MetadataZip returns the bundle in Metadata API format: package.xml at the
// root and nothing else there (the Metadata API reports any other file as not
// in package.xml; the README stays in the project zip), each source folder's
// files without the force-app/main/default prefix, XML types without the
// -meta.xml suffix, and each object's fields inlined into objects/X.object.
func (b *Bundle) MetadataZip() ([]byte, error) {
	files, err := b.metadataFiles()
	if err != nil {
		return nil, err
	}
	return writeZip(files)
}

// metadataFiles converts the source-format files to Metadata API format.
func (b *Bundle) metadataFiles() ([]File, error) {
	var out []File
	type object struct {
		def    []byte
		fields map[string][]byte
	}
	objects := map[string]*object{}
	obj := func(name string) *object {
		if objects[name] == nil {
			objects[name] = &object{fields: map[string][]byte{}}
		}
		return objects[name]
	}
	for _, f := range b.Files {
		switch {
		case f.Path == "manifest/package.xml":
			out = append(out, File{Path: "package.xml", Data: f.Data})
		case strings.HasPrefix(f.Path, srcDir):
			rel := strings.TrimPrefix(f.Path, srcDir)
			parts := strings.Split(rel, "/")
			if parts[0] == "objects" {
				switch {
				case len(parts) == 3 && parts[2] == parts[1]+".object-meta.xml":
					obj(parts[1]).def = f.Data
				case len(parts) == 4 && parts[2] == "fields":
					obj(parts[1]).fields[strings.TrimSuffix(parts[3], ".field-meta.xml")] = f.Data
				default:
					return nil, fmt.Errorf("metadata zip: unexpected object file %s", f.Path)
				}
				continue
			}
			switch {
			case strings.HasSuffix(rel, ".cls-meta.xml"), strings.HasSuffix(rel, ".trigger-meta.xml"):
				// Code types keep their -meta.xml companion.
			case strings.HasSuffix(rel, "-meta.xml"):
				rel = strings.TrimSuffix(rel, "-meta.xml")
			}
			out = append(out, File{Path: rel, Data: f.Data})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(objects)) {
		o := objects[name]
		data, err := inlineFields(name, o.def, o.fields)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: "objects/" + name + ".object", Data: data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

const (
	xmlDecl     = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	objectOpen  = `<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n"
	objectClose = "</CustomObject>\n"
	fieldOpen   = `<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">` + "\n"
	fieldClose  = "</CustomField>\n"
)

// inlineFields builds objects/X.object: the object's elements with each
// field as a <fields> element, fields sorted by name. A standard object that
// only receives fields has no definition of its own.
func inlineFields(name string, def []byte, fields map[string][]byte) ([]byte, error) {
	var body string
	if def != nil {
		s := string(def)
		if !strings.HasPrefix(s, xmlDecl+objectOpen) || !strings.HasSuffix(s, objectClose) {
			return nil, fmt.Errorf("metadata zip: objects/%s: unexpected object file layout", name)
		}
		body = strings.TrimSuffix(strings.TrimPrefix(s, xmlDecl+objectOpen), objectClose)
	}
	// Elements stay in alphabetical order, as Salesforce retrieves them:
	// <fields> goes before the first element named after it.
	var before, after strings.Builder
	for _, line := range strings.SplitAfter(body, "\n") {
		tag := strings.TrimLeft(line, " ")
		if after.Len() == 0 && (!strings.HasPrefix(tag, "<") || tag[1:] < "fields") {
			before.WriteString(line)
		} else {
			after.WriteString(line)
		}
	}
	var b strings.Builder
	b.WriteString(xmlDecl + objectOpen)
	b.WriteString(before.String())
	for _, fname := range slices.Sorted(maps.Keys(fields)) {
		s := string(fields[fname])
		if !strings.HasPrefix(s, xmlDecl+fieldOpen) || !strings.HasSuffix(s, fieldClose) {
			return nil, fmt.Errorf("metadata zip: objects/%s/fields/%s: unexpected field file layout", name, fname)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(s, xmlDecl+fieldOpen), fieldClose)
		b.WriteString("    <fields>\n")
		for _, line := range strings.SplitAfter(inner, "\n") {
			if line != "" {
				b.WriteString("    " + line)
			}
		}
		b.WriteString("    </fields>\n")
	}
	b.WriteString(after.String())
	b.WriteString(objectClose)
	return []byte(b.String()), nil
}

// writeZip writes files, sorted by path, with fixed timestamps and modes.
func writeZip(files []File) ([]byte, error) {
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range sorted {
		h := &zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Path, err)
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Path, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}
