package spec

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// secretPatterns match well-known shapes of credentials.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@{}]+:[^/\s@{}]+@`),
	regexp.MustCompile(`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}`),
	regexp.MustCompile(`\bxox[abpr]-[A-Za-z0-9-]{8,}`),
	regexp.MustCompile(`\bghp_[A-Za-z0-9]{20,}`),
	regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{20,}`),
	regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`),
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY`),
	regexp.MustCompile(`(?i)\bBearer\s+[A-Za-z0-9._~+/=-]{20,}`),
}

// secretHeaders are request headers whose literal values are credentials.
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "x-api-key": true, "api-key": true,
	"apikey": true, "x-apikey": true, "x-auth-token": true, "x-access-token": true,
	"x-api-token": true, "api-token": true, "x-secret": true, "cookie": true, "x-client-secret": true,
}

// secretMessage is the message of every secret problem; shown is at most the
// first 8 characters of what was found.
func secretMessage(found string) string {
	shown := found
	if r := []rune(shown); len(r) > 8 {
		shown = string(r[:8])
	}
	return "looks like a secret (" + shown + "…): secrets never go in a spec; enter them in Salesforce after install"
}

// FindSecret returns what in s looks like a credential, or "" when nothing
// does.
func FindSecret(s string) string {
	for _, re := range secretPatterns {
		if m := re.FindString(s); m != "" {
			return m
		}
	}
	return ""
}

// secrets walks every string of the spec, keys included, and reports values
// that look like credentials or hold control characters, and literal values
// of credential headers.
func (v *validator) secrets() {
	v.walkStrings("", reflect.ValueOf(v.s).Elem())
	for fi, f := range v.s.Flows {
		for si, st := range f.Steps {
			for _, k := range slices.Sorted(maps.Keys(st.Headers)) {
				if !secretHeaders[strings.ToLower(k)] {
					continue
				}
				val, ok := st.Headers[k].(string)
				if !ok || val == "" || FindSecret(val) != "" {
					continue // non-text values are reported elsewhere; patterns already did
				}
				t, err := ParseTemplate(val)
				if err != nil || t.HasExpr() {
					continue
				}
				v.add(joinKey(joinIndex(joinIndex("flows", fi)+".steps", si)+".headers", k), "%s", secretMessage(val))
			}
		}
	}
}

func (v *validator) walkStrings(path string, x reflect.Value) {
	switch x.Kind() {
	case reflect.String:
		if m := FindSecret(x.String()); m != "" {
			v.add(path, "%s", secretMessage(m))
		}
		if msg := checkChars(x.String()); msg != "" {
			v.add(path, "%s", msg)
		}
	case reflect.Pointer, reflect.Interface:
		if !x.IsNil() {
			v.walkStrings(path, x.Elem())
		}
	case reflect.Struct:
		names, index := structFields(x.Type())
		for _, n := range names {
			v.walkStrings(joinKey(path, n), x.Field(index[n]))
		}
	case reflect.Slice:
		for i := 0; i < x.Len(); i++ {
			v.walkStrings(joinIndex(path, i), x.Index(i))
		}
	case reflect.Map:
		if x.Type().Key().Kind() != reflect.String {
			return
		}
		keys := make([]string, 0, x.Len())
		for _, k := range x.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := joinKey(path, k)
			if m := FindSecret(k); m != "" {
				v.add(p, "%s", secretMessage(m))
			}
			if msg := checkChars(k); msg != "" {
				v.add(p, "the key %s", msg)
			}
			v.walkStrings(p, x.MapIndex(reflect.ValueOf(k).Convert(x.Type().Key())))
		}
	}
}
