package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// maxApexName is Apex's limit on class and trigger names.
const maxApexName = 40

// longestSuffix is the longest suffix added to a flow's base name
// ("ScheduleTest"), so base names are cut to fit it.
const longestSuffix = len("ScheduleTest")

// hashLen is the number of hex digits of the stable hash that replaces the
// cut-off end of a long name.
const hashLen = 6

// shorten fits name into max characters: unchanged when it fits, otherwise
// its start followed by a short hash of the whole name.
func shorten(name string, max int) string {
	if len(name) <= max {
		return name
	}
	return name[:max-hashLen] + shortHash(name)
}

// hashed always replaces the end of name with a hash of key, fitting max.
func hashed(name, key string, max int) string {
	keep := len(name)
	if keep > max-hashLen {
		keep = max - hashLen
	}
	return name[:keep] + shortHash(key)
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:hashLen]
}

// flowBases returns each flow's base name (spec name + flow name), fitted so
// that every suffix keeps it within Apex's 40 characters and unique
// case-insensitively across the spec's flows.
func flowBases(s *spec.Spec) []string {
	budget := maxApexName - longestSuffix
	bases := make([]string, len(s.Flows))
	count := map[string]int{}
	for i, f := range s.Flows {
		bases[i] = shorten(s.Name+f.Name, budget)
		count[strings.ToLower(bases[i])]++
	}
	for i, f := range s.Flows {
		if count[strings.ToLower(bases[i])] > 1 {
			bases[i] = hashed(s.Name+f.Name, s.Name+"\x00"+f.Name, budget)
		}
	}
	return bases
}

// checkUnique reports type names that clash case-insensitively; Apex type
// names are case-insensitive.
func checkUnique(names []string) error {
	seen := map[string]string{}
	var dups []string
	for _, n := range names {
		k := strings.ToLower(n)
		if prev, ok := seen[k]; ok {
			dups = append(dups, fmt.Sprintf("%s and %s", prev, n))
			continue
		}
		seen[k] = n
		if len(n) > maxApexName {
			dups = append(dups, fmt.Sprintf("%s is longer than %d characters", n, maxApexName))
		}
	}
	if len(dups) > 0 {
		sort.Strings(dups)
		return fmt.Errorf("generated Apex names clash: %s", strings.Join(dups, "; "))
	}
	return nil
}

// labelOf returns label, or a readable form of the API name when label is empty.
func labelOf(label, name string) string {
	if label != "" {
		return label
	}
	name = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "__c"), "__e"), "__mdt")
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case r == '_':
			b.WriteByte(' ')
			prevLower = false
			continue
		case r >= 'A' && r <= 'Z' && prevLower:
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prevLower = r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if out != "" && out[0] >= 'a' && out[0] <= 'z' {
		out = strings.ToUpper(out[:1]) + out[1:]
	}
	return out
}

// limitLabel cuts a label to Salesforce's 40-character label limit.
func limitLabel(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return strings.TrimSpace(string(r[:40]))
	}
	return s
}

// pluralOf returns an English plural for a label.
func pluralOf(label string) string {
	switch {
	case strings.HasSuffix(label, "s"), strings.HasSuffix(label, "x"), strings.HasSuffix(label, "sh"), strings.HasSuffix(label, "ch"):
		return label + "es"
	case strings.HasSuffix(label, "y") && len(label) > 1 && !strings.ContainsAny(label[len(label)-2:len(label)-1], "aeiou"):
		return label[:len(label)-1] + "ies"
	}
	return label + "s"
}
