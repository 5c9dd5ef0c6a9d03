package spec

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits Validate enforces.
const (
	MaxSpecNameLength  = 30  // spec names prefix every generated class name
	MaxFlowNameLength  = 40  // flow names become part of class names
	MaxLabelLength     = 40  // Salesforce object and field labels
	MaxWebhookPath     = 255 // Apex REST urlMapping
	MaxURLLength       = 1000
	MaxTextLength      = 255
	MinLongTextLength  = 256
	MaxLongTextLength  = 131072
	MaxPrecision       = 18
	MaxRetryAttempts   = 5
	MaxTimeoutSeconds  = 120
	MinAPIVersionMajor = 56 // Named Credentials with External Credentials
	MaxAPIVersionMajor = 68
)

// Salesforce's limits on objects and picklists that Validate enforces.
const (
	// MaxPicklistValues and MaxPicklistValueLength are Salesforce's limits
	// for a custom picklist: "Restricted picklists have a combined active and
	// inactive limit of 1,000 values", "each value can have up to 255
	// characters" (Salesforce Help, Picklist Limitations,
	// help.salesforce.com/HTViewHelpDoc?id=picklist_limitations.htm).
	MaxPicklistValues      = 1000
	MaxPicklistValueLength = 255
	// MaxFieldsPerObject is the most custom fields one object can have.
	// Salesforce's limit depends on the edition (100 in Group and
	// Professional, 500 in Enterprise and Developer, 800 in Unlimited and
	// Performance: Salesforce Features and Editions Limits, "Custom fields
	// per object"); a spec cannot know its target's edition, so it is held
	// to the documented maximum, 800, and a smaller edition refuses the
	// deploy itself.
	MaxFieldsPerObject = 800
)

// Validate checks every rule of the spec contract (docs/spec.md and
// docs/spec.md) and Salesforce's naming rules, and type-checks
// every merge field. It returns nil or an Errors with every problem found,
// each with its path (no lines: Load adds them).
func Validate(s *Spec) error {
	if s == nil {
		return Errors{{Msg: "the spec is empty"}}
	}
	v := &validator{s: s}
	v.spec()
	v.secrets()
	return v.errs.err()
}

type validator struct {
	s    *Spec
	errs Errors
}

func (v *validator) add(path, format string, args ...any) { v.errs.add(path, format, args...) }

func (v *validator) spec() {
	s := v.s
	switch {
	case s.Spec == "":
		v.add("spec", "is required: spec: %s", Version)
	case s.Spec != Version:
		v.add("spec", "must be %q, got %q", Version, s.Spec)
	}
	v.apiName("name", s.Name, MaxSpecNameLength)
	v.text("label", s.Label, 80)
	v.oneLine("label", s.Label)
	v.text("description", s.Description, 32000)
	if s.APIVersion != "" {
		v.apiVersion(s.APIVersion)
	}
	if s.Package != nil {
		v.pkg(s.Package)
	}
	v.systems()
	v.objects()
	v.events()
	v.flows()
	v.requires()
}

// apiName checks a name that becomes part of Apex identifiers.
func (v *validator) apiName(path, name string, max int) {
	if name == "" {
		v.add(path, "is required")
		return
	}
	if err := CheckAPIName(name, max); err != nil {
		v.add(path, "%s", err)
	}
}

var apiVersionRE = regexp.MustCompile(`^([0-9]{2})\.0$`)

func (v *validator) apiVersion(ver string) {
	m := apiVersionRE.FindStringSubmatch(ver)
	if m == nil {
		v.add("apiVersion", "%q is not an API version like %q", ver, DefaultAPIVersion)
		return
	}
	major, _ := strconv.Atoi(m[1])
	if major < MinAPIVersionMajor || major > MaxAPIVersionMajor {
		v.add("apiVersion", "%s is out of range: %d.0 to %d.0", ver, MinAPIVersionMajor, MaxAPIVersionMajor)
	}
}

var semverRE = regexp.MustCompile(`^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$`)

func (v *validator) pkg(p *Package) {
	if p.Namespace != "" {
		if err := CheckNamespace(p.Namespace); err != nil {
			v.add("package.namespace", "%s", err)
		}
	}
	if p.Version != "" && !semverRE.MatchString(p.Version) {
		v.add("package.version", "%q is not a version like 1.0.0 (major.minor.patch)", p.Version)
	}
	v.text("package.name", p.Name, 255)
	v.oneLine("package.name", p.Name)
	if a := p.AncestorVersion; a != "" {
		switch {
		case p.Namespace == "":
			v.add("package.ancestorVersion", "only a managed package (with a namespace) has ancestors")
		case a != "HIGHEST" && a != "NONE" && !semverRE.MatchString(a):
			v.add("package.ancestorVersion", "%q is not HIGHEST, NONE or a version like 1.0.0", a)
		}
	}
	if p.Released && p.Version == "" {
		v.add("package.released", "say which version was released (package.version)")
	}
}

// oneLine refuses a line break in a name that the generated README puts on a
// command line (the package name and the spec's label, its default): a
// Salesforce package name is one line, and a quoted line break would split
// the command the admin copies.
func (v *validator) oneLine(path, s string) {
	if strings.ContainsAny(s, "\r\n") {
		v.add(path, "must be one line; remove the line break")
	}
}

// text checks the length of a free-text value. Control characters are
// checked for every string of the spec by secrets().
func (v *validator) text(path, s string, max int) {
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		v.add(path, "is %d characters long; at most %d are allowed", n, max)
	}
}

// checkChars rejects invalid UTF-8 and control characters other than tab,
// new line and carriage return, which no generated file should carry.
func checkChars(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f {
			return fmt.Sprintf("holds a control character (%U)", r)
		}
	}
	return ""
}

// oneOf reports whether s is in list.
func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// enum checks a required value against its allowed words.
func (v *validator) enum(path, what, s string, list []string) bool {
	if s == "" {
		v.add(path, "is required (%s)", strings.Join(list, ", "))
		return false
	}
	if !oneOf(s, list) {
		msg := fmt.Sprintf("unknown %s %q", what, s)
		if sug := suggest(s, list); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		} else {
			msg += " (known: " + strings.Join(list, ", ") + ")"
		}
		v.add(path, "%s", msg)
		return false
	}
	return true
}

// forbid reports keys that are set but do not belong, naming what they
// belong to.
func (v *validator) forbid(path, owner string, keys map[string]bool) {
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if keys[k] {
			v.add(joinKey(path, k), "%s does not take %s", owner, k)
		}
	}
}

func (v *validator) systems() {
	seen := map[string]string{}
	for i, sys := range v.s.Systems {
		p := joinIndex("systems", i)
		v.apiName(p+".name", sys.Name, MaxNameLength)
		if sys.Name != "" {
			if prev, dup := seen[strings.ToLower(sys.Name)]; dup {
				v.add(p+".name", "system %q is defined twice (also %s)", sys.Name, prev)
			} else {
				seen[strings.ToLower(sys.Name)] = p
			}
		}
		v.text(p+".label", sys.Label, 80)
		v.systemURL(p+".url", sys.URL, true)
		v.auth(p+".auth", sys.Auth)
	}
}

// isLocalhost reports whether host names this machine.
func isLocalhost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// systemURL checks an endpoint URL: https (http only for localhost), a
// host, no user info, and when base is set no query or fragment.
func (v *validator) systemURL(path, raw string, base bool) {
	if raw == "" {
		v.add(path, "is required")
		return
	}
	if len(raw) > MaxURLLength {
		v.add(path, "is %d characters long; at most %d are allowed", len(raw), MaxURLLength)
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		v.add(path, "%q is not a URL", raw)
		return
	}
	if u.User != nil {
		if FindSecret(raw) != "" {
			return // reported as a secret
		}
		v.add(path, "must not hold a user name or password; secrets never go in a spec; enter them in Salesforce after install")
		return
	}
	if u.Host == "" || !u.IsAbs() {
		v.add(path, "%q must be an absolute URL like https://api.example.com", raw)
		return
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLocalhost(u.Hostname()) {
			v.add(path, "must use https (http is allowed only for localhost): %s", raw)
		}
	default:
		v.add(path, "must use https, not %s", u.Scheme)
	}
	if base && (u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#")) {
		v.add(path, "must not have a query or fragment; put query parameters on the call step")
	}
	if strings.ContainsAny(raw, " \t\n{}") {
		v.add(path, "must not contain spaces or merge fields")
	}
}

// headerNameRE matches an HTTP header name (an RFC 9110 token).
var headerNameRE = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func (v *validator) headerName(path, name string) {
	if !headerNameRE.MatchString(name) {
		v.add(path, "%q is not an HTTP header name", name)
	}
}

func (v *validator) auth(path string, a Auth) {
	if !v.enum(path+".type", "auth type", a.Type, AuthTypes) {
		return
	}
	oauth := a.Type == AuthOAuth2ClientCredentials || a.Type == AuthOAuth2JWTBearer
	v.forbid(path, "auth type "+a.Type, map[string]bool{
		"header":   a.Header != "" && a.Type != AuthAPIKey,
		"tokenUrl": a.TokenURL != "" && !oauth,
		"scope":    a.Scope != "" && !oauth,
	})
	if a.Type == AuthAPIKey && a.Header != "" {
		v.headerName(path+".header", a.Header)
	}
	if oauth {
		if a.TokenURL == "" {
			v.add(path+".tokenUrl", "is required for %s", a.Type)
		} else {
			v.systemURL(path+".tokenUrl", a.TokenURL, false)
		}
		v.text(path+".scope", a.Scope, 1000)
	}
}

func (v *validator) objects() {
	seen := map[string]string{}
	for i, o := range v.s.Objects {
		p := joinIndex("objects", i)
		if o.Name == "" {
			v.add(p+".name", "is required")
		} else if strings.Contains(o.Name, "__") {
			if err := checkSuffixed(o.Name, SuffixCustom, "custom object", false); err != nil {
				v.add(p+".name", "%s", err)
			}
		} else if err := CheckObjectName(o.Name); err != nil {
			v.add(p+".name", "%s", err)
		}
		if o.Name != "" {
			if prev, dup := seen[strings.ToLower(o.Name)]; dup {
				v.add(p+".name", "object %q is listed twice (also %s)", o.Name, prev)
			} else {
				seen[strings.ToLower(o.Name)] = p
			}
		}
		custom := IsCustomName(o.Name)
		if !custom {
			v.forbid(p, "a standard object (it only receives new fields)", map[string]bool{
				"label": o.Label != "", "pluralLabel": o.PluralLabel != "",
			})
		}
		v.text(p+".label", o.Label, MaxLabelLength)
		v.text(p+".pluralLabel", o.PluralLabel, MaxLabelLength)
		v.text(p+".description", o.Description, 1000)
		if !custom && len(o.Fields) == 0 && o.Name != "" {
			v.add(p+".fields", "a standard object is listed only to add fields; list at least one")
		}
		if len(o.Fields) > MaxFieldsPerObject {
			v.add(p+".fields", "an object holds at most %d custom fields (Salesforce's limit in its largest editions); this one lists %d", MaxFieldsPerObject, len(o.Fields))
		}
		v.fields(p+".fields", o.Fields, false)
	}
}

func (v *validator) events() {
	seen := map[string]string{}
	for i, e := range v.s.Events {
		p := joinIndex("events", i)
		if e.Name == "" {
			v.add(p+".name", "is required")
		} else if err := checkSuffixed(e.Name, SuffixEvent, "platform event", false); err != nil {
			v.add(p+".name", "%s", err)
		} else if prev, dup := seen[strings.ToLower(e.Name)]; dup {
			v.add(p+".name", "event %q is listed twice (also %s)", e.Name, prev)
		} else {
			seen[strings.ToLower(e.Name)] = p
		}
		v.text(p+".label", e.Label, MaxLabelLength)
		v.text(p+".pluralLabel", e.PluralLabel, MaxLabelLength)
		v.text(p+".description", e.Description, 1000)
		if len(e.Fields) == 0 {
			v.add(p+".fields", "a platform event needs at least one field")
		}
		v.fields(p+".fields", e.Fields, true)
	}
}

// EventFieldTypes are the field types a platform event may have.
var EventFieldTypes = []string{FieldText, FieldLongTextArea, FieldNumber, FieldCheckbox, FieldDate, FieldDateTime}

// EffectivePrecisionScale returns a numeric field's precision and scale,
// applying the defaults of docs/spec.md: precision 18, scale 0 for
// Number and 2 for Currency and Percent.
func (f Field) EffectivePrecisionScale() (precision, scale int) {
	precision, scale = f.Precision, f.Scale
	if precision == 0 {
		precision = MaxPrecision
		if f.Type != FieldNumber && scale == 0 {
			scale = 2
		}
	}
	return precision, scale
}

func (v *validator) fields(path string, fields []Field, event bool) {
	seen := map[string]string{}
	for i, f := range fields {
		p := joinIndex(path, i)
		if f.Name == "" {
			v.add(p+".name", "is required")
		} else if err := checkSuffixed(f.Name, SuffixCustom, "custom field", false); err != nil {
			v.add(p+".name", "%s", err)
		} else if prev, dup := seen[strings.ToLower(f.Name)]; dup {
			v.add(p+".name", "field %q is listed twice (also %s)", f.Name, prev)
		} else {
			seen[strings.ToLower(f.Name)] = p
		}
		v.text(p+".label", f.Label, MaxLabelLength)
		v.text(p+".description", f.Description, 1000)
		types := FieldTypes
		if event {
			types = EventFieldTypes
		}
		if !v.enum(p+".type", "field type", f.Type, types) {
			if event && oneOf(f.Type, FieldTypes) {
				v.errs[len(v.errs)-1].Msg = fmt.Sprintf("platform event fields cannot be %s (types: %s)", f.Type, strings.Join(EventFieldTypes, ", "))
			}
			continue
		}
		text := f.Type == FieldText || f.Type == FieldLongTextArea
		number := f.Type == FieldNumber || f.Type == FieldCurrency || f.Type == FieldPercent
		keyable := f.Type == FieldText || f.Type == FieldNumber || f.Type == FieldEmail
		owner := f.Type + " field"
		v.forbid(p, owner, map[string]bool{
			"length":      f.Length != 0 && !text,
			"precision":   f.Precision != 0 && !number,
			"scale":       f.Scale != 0 && !number,
			"values":      f.Values != nil && f.Type != FieldPicklist,
			"referenceTo": f.ReferenceTo != "" && f.Type != FieldLookup,
			"externalId":  f.ExternalID && (!keyable || event),
			"unique":      f.Unique && (!keyable || event),
			"required":    f.Required && f.Type == FieldCheckbox,
		})
		switch f.Type {
		case FieldText:
			if f.Length < 1 || f.Length > MaxTextLength {
				v.add(p+".length", "a Text field needs a length from 1 to %d, got %d", MaxTextLength, f.Length)
			}
		case FieldLongTextArea:
			if f.Length < MinLongTextLength || f.Length > MaxLongTextLength {
				v.add(p+".length", "a LongTextArea field needs a length from %d to %d, got %d", MinLongTextLength, MaxLongTextLength, f.Length)
			}
		case FieldNumber, FieldCurrency, FieldPercent:
			if f.Precision < 0 || f.Precision > MaxPrecision {
				v.add(p+".precision", "must be from 1 to %d, got %d", MaxPrecision, f.Precision)
			}
			prec, _ := f.EffectivePrecisionScale()
			if f.Scale < 0 || f.Scale > prec {
				v.add(p+".scale", "must be from 0 to the precision %d, got %d", prec, f.Scale)
			}
		case FieldPicklist:
			if len(f.Values) == 0 {
				v.add(p+".values", "a Picklist field needs at least one value")
			}
			vals := map[string]bool{}
			for j, val := range f.Values {
				vp := joinIndex(p+".values", j)
				switch {
				case strings.TrimSpace(val) == "":
					v.add(vp, "a picklist value must not be empty")
				case vals[strings.ToLower(val)]:
					v.add(vp, "%q is listed twice", val)
				}
				vals[strings.ToLower(val)] = true
				v.text(vp, val, MaxPicklistValueLength)
			}
			if len(f.Values) > MaxPicklistValues {
				v.add(p+".values", "a picklist holds at most %d values (Salesforce's limit); this one has %d", MaxPicklistValues, len(f.Values))
			}
		case FieldLookup:
			if f.ReferenceTo == "" {
				v.add(p+".referenceTo", "a Lookup field needs referenceTo (the object it points to)")
			} else if err := CheckObjectName(f.ReferenceTo); err != nil {
				v.add(p+".referenceTo", "%s", err)
			}
		}
	}
}

// objectDef returns the spec's definition of a custom object, if any.
func (v *validator) objectDef(name string) (Object, bool) {
	for _, o := range v.s.Objects {
		if o.Name == name {
			return o, true
		}
	}
	return Object{}, false
}

// eventDef returns the spec's definition of a platform event, if any.
func (v *validator) eventDef(name string) (Event, bool) {
	for _, e := range v.s.Events {
		if e.Name == name {
			return e, true
		}
	}
	return Event{}, false
}

func fieldNames(fields []Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

func (v *validator) flows() {
	if len(v.s.Flows) == 0 {
		v.add("flows", "a spec needs at least one flow")
		return
	}
	seen := map[string]string{}
	paths := map[string]string{}
	for i, f := range v.s.Flows {
		p := joinIndex("flows", i)
		v.apiName(p+".name", f.Name, MaxFlowNameLength)
		if f.Name != "" {
			if prev, dup := seen[strings.ToLower(f.Name)]; dup {
				v.add(p+".name", "flow %q is defined twice (also %s)", f.Name, prev)
			} else {
				seen[strings.ToLower(f.Name)] = p
			}
		}
		v.text(p+".label", f.Label, 80)
		v.text(p+".description", f.Description, 1000)
		v.trigger(p+".trigger", f.Trigger)
		if f.Trigger.Type == TriggerWebhook && f.Trigger.Path != "" {
			if prev, dup := paths[f.Trigger.Path]; dup {
				v.add(p+".trigger.path", "webhook path %s is already used by %s", f.Trigger.Path, prev)
			} else {
				paths[f.Trigger.Path] = p
			}
		}
		v.steps(i)
		if f.OnError != nil && f.OnError.Retry != nil {
			r := f.OnError.Retry
			if r.Attempts < 0 || r.Attempts > MaxRetryAttempts {
				v.add(p+".onError.retry.attempts", "must be from 0 to %d, got %d", MaxRetryAttempts, r.Attempts)
			}
			if r.Backoff != "" {
				v.enum(p+".onError.retry.backoff", "backoff", r.Backoff, []string{BackoffFixed, BackoffExponential})
			}
		}
	}
}
