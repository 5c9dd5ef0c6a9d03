package sfsim

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The SOQL subset sfsim answers for the objects in an org's schema:
//
//	SELECT field[, parent.field...] FROM object
//	  [WHERE cond [AND cond...]]     cond: field (= != < <= > >=) literal | field [NOT] IN (literal, ...) | field LIKE 'pattern'
//	  [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], ...]
//	  [LIMIT n] [OFFSET n]
//
// Literals are 'strings', numbers, true, false, null and dates
// (2024-01-31) or date-times. Anything else is refused as Salesforce
// refuses it (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE); OR and
// parentheses are outside the subset and refused with a message saying so.

// soqlQuery is a parsed query.
type soqlQuery struct {
	fields  []string
	object  string
	where   []soqlCond
	orderBy []soqlOrder
	limit   int // -1: none
	offset  int
}

type soqlCond struct {
	field  string
	op     string // = != < <= > >= IN NOT IN LIKE
	values []soqlLit
}

type soqlLit struct {
	kind string // string number bool null date
	s    string
	n    float64
	b    bool
}

type soqlOrder struct {
	field      string
	desc       bool
	nullsFirst bool
}

// soqlError is a query refused with Salesforce's error code.
type soqlError struct{ code, msg string }

func (e *soqlError) Error() string { return e.code + ": " + e.msg }

type soqlTok struct {
	kind string // ident string number punct eof
	text string
	pos  int
}

var soqlDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2}))?$`)

func soqlLex(q string) ([]soqlTok, error) {
	var out []soqlTok
	r := []rune(q)
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(r) && r[j] != '\''; j++ {
				if r[j] == '\\' && j+1 < len(r) {
					j++
					switch r[j] {
					case 'n':
						b.WriteRune('\n')
					case 't':
						b.WriteRune('\t')
					default:
						b.WriteRune(r[j])
					}
					continue
				}
				b.WriteRune(r[j])
			}
			if j >= len(r) {
				return nil, &soqlError{"MALFORMED_QUERY", "line 1:" + itoa(i) + " mismatched character '<EOF>' expecting '''"}
			}
			out = append(out, soqlTok{"string", b.String(), i})
			i = j + 1
		case unicode.IsLetter(c) || c == '_' || unicode.IsDigit(c) || (c == '-' && i+1 < len(r) && unicode.IsDigit(r[i+1])):
			j := i + 1
			for j < len(r) && (unicode.IsLetter(r[j]) || unicode.IsDigit(r[j]) || strings.ContainsRune("_.:+-", r[j])) {
				if (r[j] == '+' || r[j] == '-') && !(unicode.IsDigit(r[i]) || r[i] == '-') {
					break
				}
				j++
			}
			text := string(r[i:j])
			kind := "ident"
			if unicode.IsDigit(c) || c == '-' {
				kind = "number"
				if soqlDateRE.MatchString(text) {
					kind = "date"
				}
			}
			out = append(out, soqlTok{kind, text, i})
			i = j
		case strings.ContainsRune("!<>", c) && i+1 < len(r) && r[i+1] == '=':
			out = append(out, soqlTok{"punct", string(r[i : i+2]), i})
			i += 2
		case strings.ContainsRune(",()=<>*", c):
			out = append(out, soqlTok{"punct", string(c), i})
			i++
		default:
			return nil, &soqlError{"MALFORMED_QUERY", fmt.Sprintf("line 1:%d no viable alternative at character '%c'", i, c)}
		}
	}
	return append(out, soqlTok{"eof", "<EOF>", len(r)}), nil
}

type soqlParser struct {
	toks []soqlTok
	i    int
}

func (p *soqlParser) peek() soqlTok { return p.toks[p.i] }
func (p *soqlParser) next() soqlTok {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}
func (p *soqlParser) kw(word string) bool {
	if t := p.peek(); t.kind == "ident" && strings.EqualFold(t.text, word) {
		p.next()
		return true
	}
	return false
}
func (p *soqlParser) unexpected() error {
	return &soqlError{"MALFORMED_QUERY", "unexpected token: " + p.peek().text}
}

var soqlReserved = map[string]bool{"FROM": true, "WHERE": true, "ORDER": true, "LIMIT": true, "OFFSET": true, "AND": true, "OR": true, "SELECT": true, "BY": true, "NOT": true, "IN": true, "LIKE": true}

// parseSOQL parses the subset above.
func parseSOQL(q string) (*soqlQuery, error) {
	toks, err := soqlLex(q)
	if err != nil {
		return nil, err
	}
	p := &soqlParser{toks: toks}
	out := &soqlQuery{limit: -1}
	if !p.kw("SELECT") {
		return nil, p.unexpected()
	}
	for {
		t := p.next()
		if t.kind != "ident" || soqlReserved[strings.ToUpper(t.text)] {
			p.i--
			return nil, p.unexpected()
		}
		if p.peek().text == "(" {
			return nil, &soqlError{"MALFORMED_QUERY", "sfsim: functions and subqueries (" + t.text + "(...)) are outside the SOQL subset it answers"}
		}
		out.fields = append(out.fields, t.text)
		if p.peek().text != "," {
			break
		}
		p.next()
	}
	if !p.kw("FROM") {
		return nil, p.unexpected()
	}
	t := p.next()
	if t.kind != "ident" || soqlReserved[strings.ToUpper(t.text)] {
		p.i--
		return nil, p.unexpected()
	}
	out.object = t.text
	if p.kw("WHERE") {
		for {
			c, err := p.cond()
			if err != nil {
				return nil, err
			}
			out.where = append(out.where, c)
			if p.kw("AND") {
				continue
			}
			if t := p.peek(); t.kind == "ident" && strings.EqualFold(t.text, "OR") {
				return nil, &soqlError{"MALFORMED_QUERY", "sfsim: OR is outside the SOQL subset it answers (conditions joined by AND only)"}
			}
			break
		}
	}
	if p.kw("ORDER") {
		if !p.kw("BY") {
			return nil, p.unexpected()
		}
		for {
			t := p.next()
			if t.kind != "ident" {
				p.i--
				return nil, p.unexpected()
			}
			o := soqlOrder{field: t.text}
			if p.kw("DESC") {
				o.desc = true
			} else {
				p.kw("ASC")
			}
			o.nullsFirst = !o.desc
			if p.kw("NULLS") {
				switch {
				case p.kw("FIRST"):
					o.nullsFirst = true
				case p.kw("LAST"):
					o.nullsFirst = false
				default:
					return nil, p.unexpected()
				}
			}
			out.orderBy = append(out.orderBy, o)
			if p.peek().text != "," {
				break
			}
			p.next()
		}
	}
	for _, clause := range []string{"LIMIT", "OFFSET"} {
		if p.kw(clause) {
			t := p.next()
			n, err := strconv.Atoi(t.text)
			if t.kind != "number" || err != nil || n < 0 {
				p.i--
				return nil, p.unexpected()
			}
			if clause == "LIMIT" {
				out.limit = n
			} else {
				out.offset = n
			}
		}
	}
	if p.peek().kind != "eof" {
		return nil, p.unexpected()
	}
	return out, nil
}

func (p *soqlParser) cond() (soqlCond, error) {
	if p.peek().text == "(" {
		return soqlCond{}, &soqlError{"MALFORMED_QUERY", "sfsim: parenthesised conditions are outside the SOQL subset it answers"}
	}
	t := p.next()
	if t.kind != "ident" || soqlReserved[strings.ToUpper(t.text)] {
		p.i--
		return soqlCond{}, p.unexpected()
	}
	c := soqlCond{field: t.text}
	switch op := p.peek(); {
	case op.kind == "punct" && slices.Contains([]string{"=", "!=", "<", "<=", ">", ">="}, op.text):
		p.next()
		c.op = op.text
		l, err := p.literal()
		if err != nil {
			return c, err
		}
		c.values = []soqlLit{l}
	case p.kw("LIKE"):
		c.op = "LIKE"
		l, err := p.literal()
		if err != nil {
			return c, err
		}
		if l.kind != "string" {
			return c, &soqlError{"MALFORMED_QUERY", "LIKE needs a quoted pattern"}
		}
		c.values = []soqlLit{l}
	default:
		c.op = "IN"
		if p.kw("NOT") {
			c.op = "NOT IN"
		}
		if !p.kw("IN") || p.peek().text != "(" {
			return c, p.unexpected()
		}
		p.next()
		for {
			l, err := p.literal()
			if err != nil {
				return c, err
			}
			c.values = append(c.values, l)
			if p.peek().text == ")" {
				p.next()
				break
			}
			if p.next().text != "," {
				p.i--
				return c, p.unexpected()
			}
		}
	}
	return c, nil
}

func (p *soqlParser) literal() (soqlLit, error) {
	t := p.next()
	switch t.kind {
	case "string":
		return soqlLit{kind: "string", s: t.text}, nil
	case "date":
		return soqlLit{kind: "date", s: t.text}, nil
	case "number":
		n, err := strconv.ParseFloat(t.text, 64)
		if err == nil {
			return soqlLit{kind: "number", n: n, s: t.text}, nil
		}
	case "ident":
		switch strings.ToLower(t.text) {
		case "true", "false":
			return soqlLit{kind: "bool", b: strings.EqualFold(t.text, "true")}, nil
		case "null":
			return soqlLit{kind: "null"}, nil
		}
	}
	p.i--
	return soqlLit{}, p.unexpected()
}

// resolved is a field path checked against the schema.
type resolvedPath struct {
	rel   *DescribeField // the lookup, for a parent path
	field *DescribeField
	name  string // canonical path
}

// resolveField checks a field or one-level relationship path (Account.Name).
func resolveField(objs map[string]*DescribeSObject, d *DescribeSObject, path, q string) (resolvedPath, error) {
	invalid := func(name, entity string) error {
		return &soqlError{"INVALID_FIELD", fmt.Sprintf("\n%s\n^\nERROR at Row:1:Column:1\nNo such column '%s' on entity '%s'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.", truncate(q, 200), name, entity)}
	}
	relName, fieldName, parent := strings.Cut(path, ".")
	if !parent {
		f := d.Field(path)
		if f == nil {
			return resolvedPath{}, invalid(path, d.Name)
		}
		return resolvedPath{field: f, name: f.Name}, nil
	}
	if strings.Contains(fieldName, ".") {
		return resolvedPath{}, &soqlError{"MALFORMED_QUERY", "sfsim: relationship paths deeper than one level are outside the SOQL subset it answers"}
	}
	for i := range d.Fields {
		rf := &d.Fields[i]
		if rf.RelationshipName == nil || !strings.EqualFold(*rf.RelationshipName, relName) || len(rf.ReferenceTo) == 0 {
			continue
		}
		pd := lookupObject(objs, rf.ReferenceTo[0])
		if pd == nil {
			break
		}
		f := pd.Field(fieldName)
		if f == nil {
			return resolvedPath{}, invalid(fieldName, pd.Name)
		}
		return resolvedPath{rel: rf, field: f, name: *rf.RelationshipName + "." + f.Name}, nil
	}
	return resolvedPath{}, &soqlError{"INVALID_FIELD", fmt.Sprintf("\n%s\n^\nERROR at Row:1:Column:1\nDidn't understand relationship '%s' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.", truncate(q, 200), relName)}
}

// queryCursor holds the rest of a query's rows for nextRecordsUrl.
type queryCursor struct {
	rows  []map[string]any
	batch int
}

const maxCursors = 20

// runSOQL answers GET /query for objects in the org's schema.
func (s *Server) runSOQL(rc *reqCtx, version, q string) {
	pq, err := parseSOQL(q)
	if err != nil {
		e := err.(*soqlError)
		restErrorFields(rc, http.StatusBadRequest, e.code, e.msg, nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := rc.sess.user.org
	objs, _ := s.schemaLocked(o)
	d := lookupObject(objs, pq.object)
	if d == nil {
		restErrorFields(rc, http.StatusBadRequest, "INVALID_TYPE", fmt.Sprintf("\n%s\n     ^\nERROR at Row:1:Column:1\nsObject type '%s' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", truncate(q, 200), pq.object), nil)
		return
	}
	rows, qerr := s.evalLocked(o, objs, d, pq, q)
	if qerr != nil {
		restErrorFields(rc, http.StatusBadRequest, qerr.code, qerr.msg, nil)
		return
	}
	batch := queryBatchSize(rc.r.Header.Get("Sforce-Query-Options"))
	data := s.dataLocked(o)
	rc.json(http.StatusOK, s.pageLocked(data, version, rows, 0, batch))
}

func queryBatchSize(h string) int {
	for _, part := range strings.Split(h, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(k, "batchSize") {
			if n, err := strconv.Atoi(v); err == nil {
				return min(max(n, 200), 2000)
			}
		}
	}
	return 2000
}

func (s *Server) pageLocked(data *orgData, version string, rows []map[string]any, from, batch int) map[string]any {
	end := min(from+batch, len(rows))
	out := map[string]any{"totalSize": len(rows), "done": end >= len(rows), "records": nonNil(rows[from:end])}
	if end < len(rows) {
		data.seq++
		id := sfid(fmt.Sprintf("01gSIM%09d", data.seq))
		if len(data.cursors) >= maxCursors {
			for k := range data.cursors {
				delete(data.cursors, k)
				break
			}
		}
		data.cursors[id] = &queryCursor{rows: rows, batch: batch}
		out["nextRecordsUrl"] = fmt.Sprintf("/services/data/v%s/query/%s-%d", version, id, end)
	}
	return out
}

func nonNil(rows []map[string]any) []map[string]any {
	if rows == nil {
		return []map[string]any{}
	}
	return rows
}

// nextPage answers GET /query/<locator>-<offset>.
func (s *Server) nextPage(rc *reqCtx, version, locator string) {
	id, offs, _ := strings.Cut(locator, "-")
	from, err := strconv.Atoi(offs)
	s.mu.Lock()
	defer s.mu.Unlock()
	data := s.dataLocked(rc.sess.user.org)
	c := data.cursors[id]
	if c == nil || err != nil || from < 0 || from > len(c.rows) {
		restErrorFields(rc, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator", nil)
		return
	}
	rc.json(http.StatusOK, s.pageLocked(data, version, c.rows, from, c.batch))
}

func (s *Server) evalLocked(o *org, objs map[string]*DescribeSObject, d *DescribeSObject, pq *soqlQuery, q string) ([]map[string]any, *soqlError) {
	return evalData(s.dataLocked(o), objs, d, pq, q)
}

// evalData runs a parsed query over data's records.
func evalData(data *orgData, objs map[string]*DescribeSObject, d *DescribeSObject, pq *soqlQuery, q string) ([]map[string]any, *soqlError) {
	asErr := func(err error) *soqlError { return err.(*soqlError) }
	var sel []resolvedPath
	for _, f := range pq.fields {
		rp, err := resolveField(objs, d, f, q)
		if err != nil {
			return nil, asErr(err)
		}
		sel = append(sel, rp)
	}
	type condR struct {
		soqlCond
		path resolvedPath
	}
	var conds []condR
	for _, c := range pq.where {
		rp, err := resolveField(objs, d, c.field, q)
		if err != nil {
			return nil, asErr(err)
		}
		for _, v := range c.values {
			if e := checkLiteral(rp.field, c.op, v); e != nil {
				return nil, e
			}
		}
		conds = append(conds, condR{c, rp})
	}
	var orders []resolvedPath
	for _, ob := range pq.orderBy {
		rp, err := resolveField(objs, d, ob.field, q)
		if err != nil {
			return nil, asErr(err)
		}
		orders = append(orders, rp)
	}
	get := func(rec map[string]any, rp resolvedPath) any {
		if rp.rel == nil {
			return rec[rp.field.Name]
		}
		parent := findRecord(data, rp.rel.ReferenceTo, rec[rp.rel.Name])
		if parent == nil {
			return nil
		}
		return parent[rp.field.Name]
	}
	var matched []map[string]any
	for _, rec := range data.records[d.Name] {
		ok := true
		for _, c := range conds {
			if !condHolds(get(rec, c.path), c.soqlCond) {
				ok = false
				break
			}
		}
		if ok {
			matched = append(matched, rec)
		}
	}
	if len(orders) > 0 {
		slices.SortStableFunc(matched, func(a, b map[string]any) int {
			for i, rp := range orders {
				av, bv := get(a, rp), get(b, rp)
				ob := pq.orderBy[i]
				switch {
				case av == nil && bv == nil:
					continue
				case av == nil:
					return map[bool]int{true: -1, false: 1}[ob.nullsFirst]
				case bv == nil:
					return map[bool]int{true: 1, false: -1}[ob.nullsFirst]
				}
				c := compareValues(av, bv)
				if ob.desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
	}
	if pq.offset > 0 {
		matched = matched[min(pq.offset, len(matched)):]
	}
	if pq.limit >= 0 && len(matched) > pq.limit {
		matched = matched[:pq.limit]
	}
	out := make([]map[string]any, 0, len(matched))
	for _, rec := range matched {
		row := map[string]any{"attributes": recordAttributes(d.Name, rec["Id"].(string))}
		for _, rp := range sel {
			if rp.rel == nil {
				row[rp.field.Name] = rec[rp.field.Name]
				continue
			}
			relName := *rp.rel.RelationshipName
			parent := findRecord(data, rp.rel.ReferenceTo, rec[rp.rel.Name])
			if parent == nil {
				row[relName] = nil
				continue
			}
			pm, _ := row[relName].(map[string]any)
			if pm == nil {
				pm = map[string]any{"attributes": recordAttributes(parentType(data, rp.rel.ReferenceTo, parent), parent["Id"].(string))}
				row[relName] = pm
			}
			pm[rp.field.Name] = parent[rp.field.Name]
		}
		out = append(out, row)
	}
	return out, nil
}

func findRecord(data *orgData, objects []string, id any) map[string]any {
	sid, _ := id.(string)
	if sid == "" {
		return nil
	}
	for _, obj := range objects {
		for _, r := range data.records[obj] {
			if r["Id"] == sid {
				return r
			}
		}
	}
	return nil
}

func parentType(data *orgData, objects []string, rec map[string]any) string {
	for _, obj := range objects {
		for _, r := range data.records[obj] {
			if r["Id"] == rec["Id"] {
				return obj
			}
		}
	}
	return objects[0]
}

var numericTypes = map[string]bool{"int": true, "double": true, "currency": true, "percent": true}

// checkLiteral refuses a literal of the wrong kind for the field, as
// Salesforce does before running a query.
func checkLiteral(f *DescribeField, op string, v soqlLit) *soqlError {
	if v.kind == "null" {
		if op != "=" && op != "!=" {
			return &soqlError{"MALFORMED_QUERY", "null can only be compared with = or !="}
		}
		return nil
	}
	want := "string"
	switch {
	case numericTypes[f.Type]:
		want = "number"
	case f.Type == "boolean":
		want = "bool"
	case f.Type == "date" || f.Type == "datetime":
		want = "date"
	}
	if op == "LIKE" && want != "string" {
		return &soqlError{"INVALID_QUERY_FILTER_OPERATOR", fmt.Sprintf("invalid operator on %s field: %s", f.Type, f.Name)}
	}
	if v.kind != want {
		if v.kind == "string" && want != "string" {
			return &soqlError{"INVALID_QUERY_FILTER_OPERATOR", fmt.Sprintf("value of filter criterion for field '%s' must be of type %s and should not be enclosed in quotes", f.Name, soqlTypeName(f.Type))}
		}
		return &soqlError{"INVALID_QUERY_FILTER_OPERATOR", fmt.Sprintf("value of filter criterion for field '%s' must be of type %s", f.Name, soqlTypeName(f.Type))}
	}
	return nil
}

func soqlTypeName(t string) string {
	switch t {
	case "int", "double", "currency", "percent":
		return "double"
	case "string", "textarea", "picklist", "email", "phone", "url", "combobox", "reference", "id":
		return "string"
	}
	return t
}

func litValue(l soqlLit) any {
	switch l.kind {
	case "number":
		return l.n
	case "bool":
		return l.b
	case "null":
		return nil
	}
	return l.s
}

func condHolds(v any, c soqlCond) bool {
	switch c.op {
	case "IN", "NOT IN":
		in := false
		for _, l := range c.values {
			if v != nil && compareValues(v, litValue(l)) == 0 {
				in = true
			}
		}
		return in == (c.op == "IN")
	case "LIKE":
		sv, ok := v.(string)
		return ok && likeMatch(strings.ToLower(sv), strings.ToLower(c.values[0].s))
	}
	lv := litValue(c.values[0])
	if v == nil || lv == nil {
		eq := v == nil && lv == nil
		switch c.op {
		case "=":
			return eq
		case "!=":
			return !eq
		}
		return false
	}
	cmp := compareValues(v, lv)
	switch c.op {
	case "=":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return false
}

// compareValues orders two stored values: numbers numerically, booleans
// false first, strings case-insensitively (as SOQL compares text).
func compareValues(a, b any) int {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case string:
		// Date-times compare as instants: a stored CreatedDate
		// (2026-12-03T10:00:00.000+0000) equals the literal
		// 2026-12-03T10:00:00Z, as in Salesforce.
		if y, ok := b.(string); ok {
			if tx, ok := soqlInstant(x); ok {
				if ty, ok := soqlInstant(y); ok {
					return tx.Compare(ty)
				}
			}
		}
	}
	return strings.Compare(strings.ToLower(fmt.Sprint(a)), strings.ToLower(fmt.Sprint(b)))
}

// soqlInstant reads a date-time as records store it or a query writes it.
func soqlInstant(s string) (time.Time, bool) {
	if len(s) < 20 || s[10] != 'T' {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999Z07:00", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// likeMatch matches SOQL LIKE: % any run, _ one character.
func likeMatch(s, pat string) bool {
	sr, pr := []rune(s), []rune(pat)
	// dp over pattern positions, bounded by len(s)*len(pat).
	cur := make([]bool, len(pr)+1)
	cur[0] = true
	for j := 1; j <= len(pr) && pr[j-1] == '%'; j++ {
		cur[j] = true
	}
	for i := 1; i <= len(sr); i++ {
		next := make([]bool, len(pr)+1)
		for j := 1; j <= len(pr); j++ {
			switch pr[j-1] {
			case '%':
				next[j] = next[j-1] || cur[j]
			case '_':
				next[j] = cur[j-1]
			default:
				next[j] = cur[j-1] && pr[j-1] == sr[i-1]
			}
		}
		cur = next
	}
	return cur[len(pr)]
}
