package spec

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// reservedWords are Apex's reserved keywords (salesforce.md section 9), in
// lower case. after, before, count, excludes, first, includes, last, order,
// sharing and with are allowed as identifiers and are not listed.
var reservedWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`abstract activate and any array as asc autonomous begin bigdecimal blob
		boolean break bulk by byte case cast catch char class collect commit const continue currency date
		datetime decimal default delete desc do double else end enum exception exit export extends false
		final finally float for from global goto group having hint if implements import in inner insert
		instanceof int integer interface into join like limit list long loop map merge new not null nulls
		number object of on or outer override package parallel pragma private protected public retrieve
		return rollback select set short sobject sort static string super switch synchronized system
		testmethod then this throw time transaction trigger true try undelete update upsert using virtual
		void webservice when where while`) {
		reservedWords[w] = true
	}
}

// IsReservedWord reports whether s is an Apex reserved keyword, compared
// without regard to case, and so may not name a class, variable or method.
func IsReservedWord(s string) bool {
	return reservedWords[strings.ToLower(s)]
}

// ReservedWords returns Apex's reserved keywords in lower case, sorted.
func ReservedWords() []string {
	words := make([]string, 0, len(reservedWords))
	for w := range reservedWords {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// Suffixes of Salesforce names.
const (
	SuffixCustom       = "__c"
	SuffixRelationship = "__r"
	SuffixEvent        = "__e"
	SuffixMetadata     = "__mdt"
)

// MaxNameLength is the longest custom object or field name before its
// suffix, and the longest Apex class or trigger name.
const MaxNameLength = 40

// MaxNamespaceLength is the longest namespace prefix.
const MaxNamespaceLength = 15

// checkName checks the shape of an API name: a letter first, then letters,
// digits and underscores, no `__` and no trailing `_`, at most max characters.
// It does not look at reserved words.
func checkName(name string, max int) error {
	if name == "" {
		return errors.New("is empty")
	}
	if c := name[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return fmt.Errorf("%q must start with a letter", name)
	}
	for i := 0; i < len(name); i++ {
		if !isIdentPart(name[i]) {
			return fmt.Errorf("%q may hold only letters, digits and _", name)
		}
	}
	if strings.Contains(name, "__") {
		return fmt.Errorf("%q may not contain __", name)
	}
	if strings.HasSuffix(name, "_") {
		return fmt.Errorf("%q may not end with _", name)
	}
	if max > 0 && len(name) > max {
		return fmt.Errorf("%q is %d characters long; at most %d are allowed", name, len(name), max)
	}
	return nil
}

// CheckAPIName checks a name that becomes part of an Apex identifier (spec,
// system, flow and step names): Salesforce's API-name rules, at most max
// characters (no limit when max is 0), and not an Apex reserved word.
func CheckAPIName(name string, max int) error {
	if err := checkName(name, max); err != nil {
		return err
	}
	if IsReservedWord(name) {
		return fmt.Errorf("%q is an Apex reserved word", name)
	}
	return nil
}

// CheckNamespace checks a namespace prefix: 1 to 15 letters and digits,
// a letter first.
func CheckNamespace(ns string) error {
	if ns == "" || len(ns) > MaxNamespaceLength {
		return fmt.Errorf("%q must be 1 to %d characters long", ns, MaxNamespaceLength)
	}
	if c := ns[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return fmt.Errorf("%q must start with a letter", ns)
	}
	for i := 0; i < len(ns); i++ {
		if c := ns[i]; !(isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("%q may hold only letters and digits", ns)
		}
	}
	return nil
}

// IsCustomName reports whether name ends with the custom suffix `__c`.
func IsCustomName(name string) bool { return strings.HasSuffix(name, SuffixCustom) }

// IsStandardObject reports whether name is shaped like a standard object
// name (Opportunity, Case): an API name with no `__` suffix.
func IsStandardObject(name string) bool {
	return !strings.Contains(name, "__") && checkName(name, MaxNameLength) == nil
}

// TrimSuffix returns name without its `__c`, `__e`, `__r` or `__mdt` suffix.
func TrimSuffix(name string) string {
	for _, s := range []string{SuffixCustom, SuffixEvent, SuffixRelationship, SuffixMetadata} {
		if strings.HasSuffix(name, s) {
			return strings.TrimSuffix(name, s)
		}
	}
	return name
}

// RelationshipName returns the relationship name of a custom lookup field:
// Signer__c gives Signer__r. Other names are returned unchanged.
func RelationshipName(field string) string {
	if IsCustomName(field) {
		return strings.TrimSuffix(field, SuffixCustom) + SuffixRelationship
	}
	return field
}

// splitNamespace splits `ns__Name__c` into "ns" and "Name__c". Names with no
// namespace return "" and the name.
func splitNamespace(name, suffix string) (ns, rest string) {
	base := strings.TrimSuffix(name, suffix)
	if i := strings.Index(base, "__"); i >= 0 {
		return base[:i], base[i+2:] + suffix
	}
	return "", name
}

// checkSuffixed checks a name that must end with suffix, such as a custom
// object, custom field or platform event name, optionally with a namespace
// prefix when allowNS is set.
func checkSuffixed(name, suffix, what string, allowNS bool) error {
	if !strings.HasSuffix(name, suffix) {
		return fmt.Errorf("%s name %q must end with %s", what, name, suffix)
	}
	ns, rest := "", name
	if allowNS {
		ns, rest = splitNamespace(name, suffix)
		if ns != "" {
			if err := CheckNamespace(ns); err != nil {
				return fmt.Errorf("namespace of %q: %w", name, err)
			}
		}
	}
	base := strings.TrimSuffix(rest, suffix)
	if err := checkName(base, MaxNameLength); err != nil {
		return fmt.Errorf("%s name %q before %s: %w", what, name, suffix, err)
	}
	return nil
}

// CheckObjectName checks the name of a Salesforce object used by a step or
// trigger: a standard object (Opportunity, Case, Order) or a custom one
// (Invoice__c, acme__Invoice__c).
func CheckObjectName(name string) error {
	if name == "" {
		return errors.New("object name is empty")
	}
	if strings.Contains(name, "__") {
		return checkSuffixed(name, SuffixCustom, "custom object", true)
	}
	if err := checkName(name, MaxNameLength); err != nil {
		return fmt.Errorf("object name %w", err)
	}
	return nil
}

// CheckFieldName checks a field API name used in a step or condition: a
// standard field (Name, StageName) or a custom one (Amount__c,
// acme__Amount__c).
func CheckFieldName(name string) error {
	if name == "" {
		return errors.New("field name is empty")
	}
	if strings.Contains(name, "__") {
		return checkSuffixed(name, SuffixCustom, "custom field", true)
	}
	if err := checkName(name, MaxNameLength); err != nil {
		return fmt.Errorf("field name %w", err)
	}
	return nil
}

// CheckEventName checks a platform event name: Invoice_Synced__e, or with a
// namespace acme__Invoice_Synced__e.
func CheckEventName(name string) error {
	if name == "" {
		return errors.New("event name is empty")
	}
	return checkSuffixed(name, SuffixEvent, "platform event", true)
}

// checkFieldPath checks a dotted field reference such as Account.Name or
// Signer__r.Email: relationship names, then a field name.
func checkFieldPath(path string) error {
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		if i < len(segs)-1 && strings.HasSuffix(seg, SuffixRelationship) {
			if err := checkSuffixed(seg, SuffixRelationship, "relationship", true); err != nil {
				return err
			}
			continue
		}
		if err := CheckFieldName(seg); err != nil {
			return err
		}
	}
	return nil
}
