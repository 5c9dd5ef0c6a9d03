package sfsim

import (
	"bytes"
	"embed"
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The simulated orgs' schema: schema/standard.json is the describe of the
// standard objects integrations use (written by scripts/sfsim_schema.py
// from Salesforce's Object Reference); schema/org-<profile>.json adds an
// org's own custom objects and fields, removes what it lacks and replaces
// picklists it customised. Objects and fields a successful deploy writes
// are added on top, parsed from the deployed objects/*.object files.
//
//go:embed schema/*.json
var schemaFS embed.FS

// DescribeField is one field of a describe result, in the REST wire format.
type DescribeField struct {
	Name               string          `json:"name"`
	Label              string          `json:"label"`
	Type               string          `json:"type"`
	SoapType           string          `json:"soapType"`
	Length             int             `json:"length"`
	ByteLength         int             `json:"byteLength"`
	Precision          int             `json:"precision"`
	Scale              int             `json:"scale"`
	Digits             int             `json:"digits"`
	Nillable           bool            `json:"nillable"`
	Createable         bool            `json:"createable"`
	Updateable         bool            `json:"updateable"`
	DefaultedOnCreate  bool            `json:"defaultedOnCreate"`
	Calculated         bool            `json:"calculated"`
	AutoNumber         bool            `json:"autoNumber"`
	RestrictedPicklist bool            `json:"restrictedPicklist"`
	NameField          bool            `json:"nameField"`
	Unique             bool            `json:"unique"`
	ExternalID         bool            `json:"externalId"`
	Custom             bool            `json:"custom"`
	IDLookup           bool            `json:"idLookup"`
	Filterable         bool            `json:"filterable"`
	Sortable           bool            `json:"sortable"`
	ReferenceTo        []string        `json:"referenceTo"`
	RelationshipName   *string         `json:"relationshipName"`
	PicklistValues     []PicklistValue `json:"picklistValues"`
	DefaultValue       any             `json:"defaultValue"`
}

// PicklistValue is one value of a picklist field's describe.
type PicklistValue struct {
	Active       bool    `json:"active"`
	DefaultValue bool    `json:"defaultValue"`
	Label        string  `json:"label"`
	ValidFor     *string `json:"validFor"`
	Value        string  `json:"value"`
}

// DescribeSObject is an sobject's describe, in the REST wire format.
type DescribeSObject struct {
	Name          string            `json:"name"`
	Label         string            `json:"label"`
	LabelPlural   string            `json:"labelPlural"`
	KeyPrefix     string            `json:"keyPrefix"`
	Custom        bool              `json:"custom"`
	CustomSetting bool              `json:"customSetting"`
	Createable    bool              `json:"createable"`
	Updateable    bool              `json:"updateable"`
	Deletable     bool              `json:"deletable"`
	Queryable     bool              `json:"queryable"`
	Retrieveable  bool              `json:"retrieveable"`
	Searchable    bool              `json:"searchable"`
	Triggerable   bool              `json:"triggerable"`
	Layoutable    bool              `json:"layoutable"`
	Fields        []DescribeField   `json:"fields,omitempty"`
	URLs          map[string]string `json:"urls"`
}

// Field returns the field named name (case-insensitively, as Salesforce
// matches API names), or nil.
func (d *DescribeSObject) Field(name string) *DescribeField {
	for i := range d.Fields {
		if strings.EqualFold(d.Fields[i].Name, name) {
			return &d.Fields[i]
		}
	}
	return nil
}

// orgOverlay is an org's schema/org-<profile>.json.
type orgOverlay struct {
	Objects   []DescribeSObject          `json:"objects"`
	Fields    map[string][]DescribeField `json:"fields"`
	Remove    []string                   `json:"remove"`
	Picklists map[string][]string        `json:"picklists"`
}

// schemaProfiles maps org aliases to their overlay: the first simulated
// org (and the demo's production org) is the customised one, the second
// (the demo's sandbox) lacks its newer fields. Other orgs have the
// standard objects only.
var schemaProfiles = map[string]string{
	"org1": "full", "sim": "full", "production": "full",
	"org2": "lean", "sandbox": "lean",
}

var (
	standardOnce sync.Once
	standardObjs []DescribeSObject
	overlays     map[string]orgOverlay
	schemaErr    error
)

func loadStandard() {
	standardOnce.Do(func() {
		data, err := schemaFS.ReadFile("schema/standard.json")
		if err == nil {
			err = json.Unmarshal(data, &standardObjs)
		}
		overlays = map[string]orgOverlay{}
		for _, p := range []string{"full", "lean"} {
			var ov orgOverlay
			b, rerr := schemaFS.ReadFile("schema/org-" + p + ".json")
			if rerr == nil {
				rerr = json.Unmarshal(b, &ov)
			}
			if rerr != nil && err == nil {
				err = rerr
			}
			overlays[p] = ov
		}
		schemaErr = err
	})
}

// orgData is the record and schema state of one org, created on first use.
type orgData struct {
	started   time.Time
	records   map[string][]map[string]any // by object API name
	cursors   map[string]*queryCursor
	seq       int
	limits    map[string]*Limit // operate.go
	limitsDay string            // the UTC day limits count
	// scheduled maps a CronTrigger's id to the class it runs (operate.go).
	scheduled map[string]string
}

func (s *Server) dataLocked(o *org) *orgData {
	if o.data == nil {
		o.data = &orgData{started: s.now().UTC().Truncate(time.Second), records: map[string][]map[string]any{}, cursors: map[string]*queryCursor{}}
	}
	return o.data
}

// schemaLocked builds an org's schema: the standard objects, its overlay,
// then what deploys added. The result is a fresh copy the caller may keep.
func (s *Server) schemaLocked(o *org) (map[string]*DescribeSObject, time.Time) {
	loadStandard()
	modified := s.dataLocked(o).started
	out := map[string]*DescribeSObject{}
	for _, d := range standardObjs {
		c := cloneObject(d)
		out[d.Name] = &c
	}
	for _, d := range setupObjects() {
		out[d.Name] = d
	}
	s.setupRecordsLocked(o)
	ov := overlays[schemaProfiles[o.Alias]]
	for _, d := range ov.Objects {
		c := cloneObject(d)
		out[d.Name] = &c
	}
	for obj, fs := range ov.Fields {
		if d := out[obj]; d != nil {
			d.Fields = append(d.Fields, fs...)
		}
	}
	for _, r := range ov.Remove {
		obj, field, _ := strings.Cut(r, ".")
		if d := out[obj]; d != nil {
			d.Fields = slices.DeleteFunc(d.Fields, func(f DescribeField) bool { return f.Name == field })
		}
	}
	for k, vals := range ov.Picklists {
		obj, field, _ := strings.Cut(k, ".")
		if d := out[obj]; d != nil {
			if f := d.Field(field); f != nil {
				f.PicklistValues = picklist(vals, "")
			}
		}
	}
	for _, j := range o.history {
		if j.applied && j.completed.After(modified) && touchesSchema(j.components) {
			modified = j.completed.UTC().Truncate(time.Second)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(o.components)) {
		c := o.components[key]
		switch c.Type {
		case "CustomObject":
			applyObjectXML(out, c.FullName, c.Content)
		case "CustomField":
			obj, _, _ := strings.Cut(c.FullName, ".")
			applyFieldXML(out, obj, c.Content)
		}
	}
	for _, d := range out {
		d.URLs = objectURLs(s.opts.MaxAPIVersion, d.Name)
	}
	return out, modified
}

func touchesSchema(cs []*Component) bool {
	for _, c := range cs {
		if c.Type == "CustomObject" || c.Type == "CustomField" {
			return true
		}
	}
	return false
}

func cloneObject(d DescribeSObject) DescribeSObject {
	d.Fields = slices.Clone(d.Fields)
	return d
}

func objectURLs(version, name string) map[string]string {
	base := "/services/data/v" + version + "/sobjects/" + name
	return map[string]string{"sobject": base, "describe": base + "/describe", "rowTemplate": base + "/{ID}"}
}

func picklist(vals []string, def string) []PicklistValue {
	out := make([]PicklistValue, 0, len(vals))
	for _, v := range vals {
		out = append(out, PicklistValue{Active: true, Label: v, Value: v, DefaultValue: v == def})
	}
	return out
}

// objectXML is the part of a CustomObject file the describe reflects.
type objectXML struct {
	Label       string     `xml:"label"`
	PluralLabel string     `xml:"pluralLabel"`
	NameField   *fieldXML  `xml:"nameField"`
	Fields      []fieldXML `xml:"fields"`
}

// fieldXML is the part of a CustomField the describe reflects.
type fieldXML struct {
	FullName         string `xml:"fullName"`
	Label            string `xml:"label"`
	Type             string `xml:"type"`
	Length           int    `xml:"length"`
	Precision        int    `xml:"precision"`
	Scale            int    `xml:"scale"`
	Required         bool   `xml:"required"`
	ExternalID       bool   `xml:"externalId"`
	Unique           bool   `xml:"unique"`
	ReferenceTo      string `xml:"referenceTo"`
	RelationshipName string `xml:"relationshipName"`
	Formula          string `xml:"formula"`
	DefaultValue     string `xml:"defaultValue"`
	ValueSet         struct {
		Restricted bool `xml:"restricted"`
		Values     []struct {
			FullName string `xml:"fullName"`
			Default  bool   `xml:"default"`
			Label    string `xml:"label"`
		} `xml:"valueSetDefinition>value"`
	} `xml:"valueSet"`
}

// applyObjectXML adds a deployed CustomObject to the schema: a new custom
// object with its system fields, or new fields on an existing object.
func applyObjectXML(out map[string]*DescribeSObject, name string, content []byte) {
	var ox objectXML
	if err := xml.NewDecoder(bytes.NewReader(content)).Decode(&ox); err != nil {
		return // the deploy check already refused malformed files
	}
	d := out[name]
	if d == nil {
		if !strings.HasSuffix(name, "__c") {
			return
		}
		d = newCustomObject(name, ox)
		out[name] = d
	}
	for _, fx := range ox.Fields {
		addField(d, fx)
	}
}

func applyFieldXML(out map[string]*DescribeSObject, obj string, content []byte) {
	var fx fieldXML
	if d := out[obj]; d != nil && xml.NewDecoder(bytes.NewReader(content)).Decode(&fx) == nil {
		addField(d, fx)
	}
}

func newCustomObject(name string, ox objectXML) *DescribeSObject {
	label := ox.Label
	if label == "" {
		label = strings.ReplaceAll(strings.TrimSuffix(name, "__c"), "_", " ")
	}
	plural := ox.PluralLabel
	if plural == "" {
		plural = label
	}
	d := &DescribeSObject{Name: name, Label: label, LabelPlural: plural, KeyPrefix: "a0" + string(rune('A'+len(name)%26)),
		Custom: true, Createable: true, Updateable: true, Deletable: true, Queryable: true, Retrieveable: true,
		Searchable: true, Triggerable: true, Layoutable: true}
	user := "User"
	sys := func(n, l, t string, ref string) DescribeField {
		f := DescribeField{Name: n, Label: l, Type: t, SoapType: soapTypes[t], DefaultedOnCreate: true, Filterable: true, Sortable: true}
		if t == "id" || t == "reference" {
			f.Length, f.ByteLength = 18, 18
		}
		if ref != "" {
			f.ReferenceTo = []string{ref}
			rel := strings.TrimSuffix(n, "Id")
			f.RelationshipName = &rel
		}
		return f
	}
	id := sys("Id", "Record ID", "id", "")
	id.IDLookup = true
	owner := sys("OwnerId", "Owner ID", "reference", user)
	owner.ReferenceTo = []string{"Group", "User"}
	owner.Createable, owner.Updateable = true, true
	nameF := DescribeField{Name: "Name", Label: label + " Name", Type: "string", SoapType: "xsd:string", Length: 80, ByteLength: 240,
		Createable: true, Updateable: true, Nillable: true, NameField: true, Filterable: true, Sortable: true, IDLookup: true}
	if ox.NameField != nil {
		if ox.NameField.Label != "" {
			nameF.Label = ox.NameField.Label
		}
		if ox.NameField.Type == "AutoNumber" {
			nameF.AutoNumber, nameF.Createable, nameF.Updateable, nameF.DefaultedOnCreate, nameF.Length = true, false, false, true, 30
		}
	}
	deleted := sys("IsDeleted", "Deleted", "boolean", "")
	d.Fields = []DescribeField{id, owner, deleted, nameF,
		sys("CreatedDate", "Created Date", "datetime", ""), sys("CreatedById", "Created By ID", "reference", user),
		sys("LastModifiedDate", "Last Modified Date", "datetime", ""), sys("LastModifiedById", "Last Modified By ID", "reference", user),
		sys("SystemModstamp", "System Modstamp", "datetime", "")}
	return d
}

var soapTypes = map[string]string{
	"id": "tns:ID", "reference": "tns:ID", "string": "xsd:string", "textarea": "xsd:string", "picklist": "xsd:string",
	"multipicklist": "xsd:string", "combobox": "xsd:string", "email": "xsd:string", "phone": "xsd:string", "url": "xsd:string",
	"boolean": "xsd:boolean", "currency": "xsd:double", "double": "xsd:double", "percent": "xsd:double", "int": "xsd:int",
	"date": "xsd:date", "datetime": "xsd:dateTime",
}

// metadataTypes maps a CustomField's Metadata API type to its describe type.
var metadataTypes = map[string]string{
	"Text": "string", "TextArea": "textarea", "LongTextArea": "textarea", "Html": "textarea", "EncryptedText": "encryptedstring",
	"Number": "double", "Currency": "currency", "Percent": "percent", "Checkbox": "boolean", "Date": "date",
	"DateTime": "datetime", "Time": "time", "Email": "email", "Phone": "phone", "Url": "url", "Picklist": "picklist",
	"MultiselectPicklist": "multipicklist", "Lookup": "reference", "MasterDetail": "reference", "AutoNumber": "string",
}

func addField(d *DescribeSObject, fx fieldXML) {
	if fx.FullName == "" {
		return
	}
	typ := metadataTypes[fx.Type]
	if typ == "" {
		typ = "string"
	}
	f := DescribeField{Name: fx.FullName, Label: fx.Label, Type: typ, SoapType: soapTypes[typ], Custom: true,
		Length: fx.Length, ByteLength: fx.Length * 3, Precision: fx.Precision, Scale: fx.Scale,
		Nillable: !fx.Required && typ != "boolean", Createable: true, Updateable: true,
		ExternalID: fx.ExternalID, Unique: fx.Unique, IDLookup: fx.ExternalID || fx.Unique, Filterable: true, Sortable: true,
		ReferenceTo: []string{}, PicklistValues: []PicklistValue{}}
	if f.Label == "" {
		f.Label = strings.ReplaceAll(strings.TrimSuffix(fx.FullName, "__c"), "_", " ")
	}
	switch {
	case fx.Formula != "":
		f.Calculated, f.Createable, f.Updateable = true, false, false
	case fx.Type == "AutoNumber":
		f.AutoNumber, f.Createable, f.Updateable, f.DefaultedOnCreate, f.Length = true, false, false, true, 30
	case fx.Type == "MasterDetail":
		f.Nillable = false
	case typ == "boolean":
		f.DefaultedOnCreate, f.DefaultValue = true, fx.DefaultValue == "true"
	}
	if typ == "reference" {
		f.Length, f.ByteLength = 18, 18
		if fx.ReferenceTo != "" {
			f.ReferenceTo = []string{fx.ReferenceTo}
		}
		rel := fx.RelationshipName
		if rel == "" {
			rel = strings.TrimSuffix(fx.FullName, "__c")
		}
		rel += "__r"
		f.RelationshipName = &rel
	}
	if typ == "picklist" || typ == "multipicklist" {
		f.RestrictedPicklist = fx.ValueSet.Restricted
		for _, v := range fx.ValueSet.Values {
			l := v.Label
			if l == "" {
				l = v.FullName
			}
			f.PicklistValues = append(f.PicklistValues, PicklistValue{Active: true, Label: l, Value: v.FullName, DefaultValue: v.Default})
		}
	}
	if old := d.Field(fx.FullName); old != nil {
		*old = f
		return
	}
	d.Fields = append(d.Fields, f)
}

// Describe returns an org's describe of one object (as the REST API would),
// for tests and the demo.
func (s *Server) Describe(alias, object string) (DescribeSObject, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return DescribeSObject{}, false
	}
	objs, _ := s.schemaLocked(o)
	d := lookupObject(objs, object)
	if d == nil {
		return DescribeSObject{}, false
	}
	return *d, true
}

func lookupObject(objs map[string]*DescribeSObject, name string) *DescribeSObject {
	if d := objs[name]; d != nil {
		return d
	}
	for k, d := range objs {
		if strings.EqualFold(k, name) {
			return d
		}
	}
	return nil
}

// notModified answers 304 when the request's If-Modified-Since is not
// before modified, and otherwise sets Last-Modified.
func notModified(rc *reqCtx, modified time.Time) bool {
	if ims := rc.r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !modified.After(t) {
			rc.w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	rc.w.Header().Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	return false
}

// handleSObjects serves /sobjects (describeGlobal), /sobjects/X/describe,
// POST /sobjects/X (create) and GET /sobjects/X/ID.
func (s *Server) handleSObjects(rc *reqCtx, version, rest string) {
	if schemaErr != nil {
		rc.restError(http.StatusInternalServerError, "UNKNOWN_EXCEPTION", "sfsim schema: "+schemaErr.Error())
		return
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	s.mu.Lock()
	objs, modified := s.schemaLocked(rc.sess.user.org)
	s.mu.Unlock()
	switch {
	case rest == "":
		if rc.r.Method != http.MethodGet {
			rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed. Allowed are GET,HEAD")
			return
		}
		if notModified(rc, modified) {
			return
		}
		list := make([]DescribeSObject, 0, len(objs))
		for _, k := range slices.Sorted(maps.Keys(objs)) {
			d := *objs[k]
			d.Fields = nil
			d.URLs = objectURLs(version, d.Name)
			list = append(list, d)
		}
		rc.json(http.StatusOK, map[string]any{"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": list})
		return
	}
	d := lookupObject(objs, parts[0])
	if d == nil {
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	switch {
	case len(parts) == 2 && parts[1] == "describe" && rc.r.Method == http.MethodGet:
		if notModified(rc, modified) {
			return
		}
		out := *d
		out.URLs = objectURLs(version, d.Name)
		rc.json(http.StatusOK, out)
	case len(parts) == 1 && rc.r.Method == http.MethodPost:
		s.createRecord(rc, d, objs)
	case len(parts) == 1 && rc.r.Method == http.MethodGet:
		out := *d
		out.Fields = nil
		rc.json(http.StatusOK, map[string]any{"objectDescribe": out, "recentItems": []any{}})
	case len(parts) == 2 && rc.r.Method == http.MethodGet:
		s.getRecord(rc, d, parts[1])
	default:
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	}
}

func restErrorFields(rc *reqCtx, status int, code, msg string, fields []string) {
	if fields == nil {
		fields = []string{}
	}
	rc.json(status, []map[string]any{{"message": msg, "errorCode": code, "fields": fields}})
}

func itoa(n int) string { return strconv.Itoa(n) }

// isUserRecordPath reports whether rest is /sobjects/User/<id>, which the
// identity code answers from the org's users.
func isUserRecordPath(rest string) bool {
	id, ok := strings.CutPrefix(rest, "/sobjects/User/")
	return ok && id != "describe" && !strings.Contains(id, "/")
}
