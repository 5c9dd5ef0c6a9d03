package sfsim

import (
	"strings"
	"testing"
)

// FuzzParseApex checks the Apex scanner never panics and that any problem
// it reports points into the source.
func FuzzParseApex(f *testing.F) {
	for _, s := range []string{
		"public class A {}",
		"@IsTest private class T { @IsTest static void m() { Assert.fail('x'); } }",
		"trigger T on Account (before insert) { for (Account a : Trigger.new) {} }",
		"public class A { String s = 'it\\'s'; /* } */ // {\n}",
		"class {", "}", "'", "/*", "@", "trigger", "public class A { void f() { g(1; } }",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, trigger bool) {
		u, p := parseApex(src, trigger)
		if p != nil {
			lines := strings.Count(src, "\n") + 1
			if p.line < 1 || p.line > lines || p.msg == "" {
				t.Fatalf("problem %+v outside the %d-line source", p, lines)
			}
			return
		}
		if u == nil || u.name == "" {
			t.Fatalf("no problem and no declaration for %q", src)
		}
	})
}

// FuzzCheckXML checks the XML check never panics on any input.
func FuzzCheckXML(f *testing.F) {
	for _, s := range []string{
		`<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"><label>L</label></CustomObject>`,
		`<CustomObject><label>L</lable></CustomObject>`, ``, `<?xml version="1.0"?>`, `<a/><b/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if p := checkXML(data, "CustomObject"); p != nil && p.msg == "" {
			t.Fatal("a problem without a message")
		}
	})
}
