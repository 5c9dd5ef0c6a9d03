package sfsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// maxRecordsPerObject bounds the records an org keeps per object, so a
// test or a user cannot grow the simulator without limit.
const maxRecordsPerObject = 50000

var (
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dateTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$`)
)

// auditFields are the fields an org with Set Audit Fields upon Record
// Creation lets a create set.
var auditFields = map[string]bool{"CreatedDate": true, "CreatedById": true, "LastModifiedDate": true, "LastModifiedById": true}

// createRecord inserts a record as POST /sobjects/X does, with Salesforce's
// errors for unknown, read-only, missing required and badly typed fields.
func (s *Server) createRecord(rc *reqCtx, d *DescribeSObject, objs map[string]*DescribeSObject) {
	if !d.Createable {
		restErrorFields(rc, http.StatusBadRequest, "INVALID_TYPE", fmt.Sprintf("entity type %s does not support insert", d.Name), nil)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(rc.r.Body, 1<<20))
	var in map[string]any
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil || in == nil {
		restErrorFields(rc, http.StatusBadRequest, "JSON_PARSER_ERROR", "Unexpected character or end of input in the request body.", nil)
		return
	}
	rec := map[string]any{}
	for k, v := range in {
		if k == "attributes" {
			continue
		}
		f := d.Field(k)
		if f == nil {
			restErrorFields(rc, http.StatusBadRequest, "INVALID_FIELD",
				fmt.Sprintf("No such column '%s' on sobject of type %s", k, d.Name), nil)
			return
		}
		if !f.Createable && !(rc.sess.user.org.SetAuditFields && auditFields[f.Name]) {
			restErrorFields(rc, http.StatusBadRequest, "INVALID_FIELD_FOR_INSERT_UPDATE",
				fmt.Sprintf("Unable to create/update fields: %s. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", f.Name), []string{f.Name})
			return
		}
		val, code, msg := coerce(f, v)
		if code != "" {
			restErrorFields(rc, http.StatusBadRequest, code, msg, []string{f.Name})
			return
		}
		rec[f.Name] = val
	}
	var missing []string
	for _, f := range d.Fields {
		if _, set := rec[f.Name]; set {
			continue
		}
		switch {
		case f.DefaultedOnCreate && f.Type != "picklist":
			continue
		case f.Type == "picklist":
			if def := defaultPicklist(f); def != "" {
				rec[f.Name] = def
				continue
			}
			if f.DefaultedOnCreate {
				continue
			}
		}
		if !f.Nillable && f.Createable {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		restErrorFields(rc, http.StatusBadRequest, "REQUIRED_FIELD_MISSING",
			"Required fields are missing: ["+strings.Join(missing, ", ")+"]", missing)
		return
	}
	s.mu.Lock()
	o := rc.sess.user.org
	data := s.dataLocked(o)
	if len(data.records[d.Name]) >= maxRecordsPerObject {
		s.mu.Unlock()
		restErrorFields(rc, http.StatusBadRequest, "STORAGE_LIMIT_EXCEEDED", "storage limit exceeded", nil)
		return
	}
	for _, f := range d.Fields {
		if f.Type == "reference" && rec[f.Name] != nil {
			if !s.recordExistsLocked(data, f.ReferenceTo, rec[f.Name].(string)) {
				s.mu.Unlock()
				restErrorFields(rc, http.StatusBadRequest, "INVALID_CROSS_REFERENCE_KEY",
					fmt.Sprintf("invalid cross reference id"), []string{f.Name})
				return
			}
		}
	}
	if d.Name == "PermissionSetAssignment" {
		if code, msg := s.checkAssignmentLocked(o, rec); code != "" {
			s.mu.Unlock()
			restErrorFields(rc, http.StatusBadRequest, code, msg, nil)
			return
		}
	}
	id := s.insertLocked(o, d, rec, rc.sess.user.ID)
	s.mu.Unlock()
	rc.json(http.StatusCreated, map[string]any{"id": id, "success": true, "errors": []any{}})
}

// insertLocked stores rec, checked already, as a new record of d in o:
// it gets an Id, the audit fields (by the user byID, now) and the other
// fields' defaults. It returns the Id.
func (s *Server) insertLocked(o *org, d *DescribeSObject, rec map[string]any, byID string) string {
	data := s.dataLocked(o)
	prefix := d.KeyPrefix
	if len(prefix) != 3 {
		prefix = "a00"
	}
	data.seq++
	id := sfid(fmt.Sprintf("%s%s%06d", prefix, o.ID[3:9], data.seq))
	now := s.now().UTC().Format("2006-01-02T15:04:05.000+0000")
	for _, f := range d.Fields {
		if _, set := rec[f.Name]; set {
			continue
		}
		switch {
		case f.Name == "Id":
			rec["Id"] = id
		case f.Name == "OwnerId" || f.Name == "CreatedById" || f.Name == "LastModifiedById":
			rec[f.Name] = byID
		case f.Name == "CreatedDate" || f.Name == "LastModifiedDate" || f.Name == "SystemModstamp":
			rec[f.Name] = now
		case f.AutoNumber:
			rec[f.Name] = fmt.Sprintf("%08d", len(data.records[d.Name])+1)
		case f.Type == "boolean":
			rec[f.Name] = f.DefaultValue == true
		default:
			rec[f.Name] = nil
		}
	}
	if d.Field("Name") != nil && rec["Name"] == nil && (d.Field("LastName") != nil) {
		rec["Name"] = strings.TrimSpace(fmt.Sprint(valueOr(rec["FirstName"], "")) + " " + fmt.Sprint(valueOr(rec["LastName"], "")))
	}
	data.records[d.Name] = append(data.records[d.Name], rec)
	return id
}

func valueOr(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

func defaultPicklist(f DescribeField) string {
	for _, v := range f.PicklistValues {
		if v.DefaultValue && v.Active {
			return v.Value
		}
	}
	return ""
}

func (s *Server) recordExistsLocked(data *orgData, objects []string, id string) bool {
	for _, obj := range objects {
		for _, r := range data.records[obj] {
			if r["Id"] == id || (len(id) == 15 && strings.HasPrefix(r["Id"].(string), id)) {
				return true
			}
		}
	}
	if len(objects) > 0 && (objects[0] == "User" || objects[len(objects)-1] == "User") {
		return strings.HasPrefix(id, "005")
	}
	// Objects sfsim keeps no records of (Profile, UserRole, Group) accept
	// any well-formed id.
	for _, obj := range objects {
		if obj == "Profile" || obj == "UserRole" || obj == "Group" {
			return len(id) == 15 || len(id) == 18
		}
	}
	return false
}

// coerce checks a JSON value against a field's type and returns the value
// to store, or Salesforce's error code and message.
func coerce(f *DescribeField, v any) (any, string, string) {
	if v == nil {
		return nil, "", ""
	}
	bad := func(kind string) (any, string, string) {
		return nil, "JSON_PARSER_ERROR", fmt.Sprintf("Cannot deserialize instance of %s from %s value %v or request may be missing a required field", kind, jsonKind(v), v)
	}
	switch f.Type {
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, "", ""
		}
		return bad("boolean")
	case "int", "double", "currency", "percent":
		switch n := v.(type) {
		case json.Number:
			x, err := n.Float64()
			if err != nil {
				return bad("double")
			}
			return x, "", ""
		case string:
			var x float64
			if _, err := fmt.Sscan(n, &x); err != nil {
				return bad("double")
			}
			return x, "", ""
		}
		return bad("double")
	case "date":
		sv, ok := v.(string)
		if !ok || !dateRE.MatchString(sv) {
			return nil, "JSON_PARSER_ERROR", fmt.Sprintf("Cannot deserialize instance of date from %s value %v or request may be missing a required field", jsonKind(v), v)
		}
		if _, err := time.Parse("2006-01-02", sv); err != nil {
			return bad("date")
		}
		return sv, "", ""
	case "datetime":
		sv, ok := v.(string)
		if !ok || !dateTimeRE.MatchString(sv) {
			return bad("datetime")
		}
		return sv, "", ""
	}
	var sv string
	switch x := v.(type) {
	case string:
		sv = x
	case json.Number:
		sv = x.String()
	case bool:
		sv = fmt.Sprint(x)
	default:
		return bad("string")
	}
	if f.Type == "reference" {
		if len(sv) != 15 && len(sv) != 18 || !isAlnum(sv) {
			return nil, "MALFORMED_ID", fmt.Sprintf("%s: id value of incorrect type: %s", f.Label, sv)
		}
		return sv, "", ""
	}
	if f.Type == "picklist" && f.RestrictedPicklist {
		found := false
		for _, pv := range f.PicklistValues {
			if pv.Active && pv.Value == sv {
				found = true
			}
		}
		if !found {
			return nil, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", fmt.Sprintf("%s: bad value for restricted picklist field: %s", f.Label, sv)
		}
	}
	if f.Length > 0 && len([]rune(sv)) > f.Length {
		return nil, "STRING_TOO_LONG", fmt.Sprintf("%s: data value too large: %s (max length=%d)", f.Label, truncate(sv, 40), f.Length)
	}
	return sv, "", ""
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "VALUE_STRING"
	case bool:
		return "VALUE_" + strings.ToUpper(fmt.Sprint(v))
	case json.Number:
		return "VALUE_NUMBER_INT"
	case []any:
		return "START_ARRAY"
	}
	return "START_OBJECT"
}

// getRecord answers GET /sobjects/X/ID.
func (s *Server) getRecord(rc *reqCtx, d *DescribeSObject, id string) {
	s.mu.Lock()
	var found map[string]any
	for _, r := range s.dataLocked(rc.sess.user.org).records[d.Name] {
		if r["Id"] == id || (len(id) == 15 && strings.HasPrefix(r["Id"].(string), id)) {
			found = r
		}
	}
	var out map[string]any
	if found != nil {
		out = map[string]any{"attributes": recordAttributes(d.Name, found["Id"].(string))}
		for k, v := range found {
			out[k] = v
		}
	}
	s.mu.Unlock()
	if out == nil {
		restErrorFields(rc, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist", nil)
		return
	}
	rc.json(http.StatusOK, out)
}

func recordAttributes(obj, id string) map[string]string {
	return map[string]string{"type": obj, "url": "/services/data/v" + DefaultMaxAPIVersion + "/sobjects/" + obj + "/" + id}
}

// Records returns a copy of an org's records of one object, for tests.
func (s *Server) Records(alias, object string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return nil
	}
	var out []map[string]any
	for _, r := range s.dataLocked(o).records[object] {
		c := map[string]any{}
		for k, v := range r {
			c[k] = v
		}
		out = append(out, c)
	}
	return out
}
