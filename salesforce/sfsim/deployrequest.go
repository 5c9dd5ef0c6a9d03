package sfsim

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/salesforce"
)

// deployRequestFields are the DeployRequest fields sfsim answers, by their
// lower-case name, as the Tooling API spells them.
var deployRequestFields = map[string]string{
	"id": "Id", "status": "Status", "checkonly": "CheckOnly", "type": "Type",
	"createddate": "CreatedDate", "createdbyid": "CreatedById", "startdate": "StartDate", "completeddate": "CompletedDate",
	"errormessage": "ErrorMessage", "errorstatuscode": "ErrorStatusCode", "statedetail": "StateDetail",
	"numbercomponentstotal": "NumberComponentsTotal", "numbercomponentsdeployed": "NumberComponentsDeployed",
	"numbercomponenterrors": "NumberComponentErrors", "numberteststotal": "NumberTestsTotal",
	"numbertestscompleted": "NumberTestsCompleted", "numbertesterrors": "NumberTestErrors",
	"runtestsenabled": "RunTestsEnabled", "rollbackonerror": "RollbackOnError", "ignorewarnings": "IgnoreWarnings",
}

var deployRequestSOQL = regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)\s+FROM\s+DeployRequest\b(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?)?(?:\s+LIMIT\s+(\d+))?\s*$`)

// condition is one "Field op literal" of a WHERE clause.
var conditionRE = regexp.MustCompile(`(?is)^\s*(\w+)\s*(=|!=|<>|<=|>=|<|>)\s*('(?:[^'\\]|\\.)*'|\S+)\s*$`)

// sfDateTimeLayout is how the REST API writes dateTime values.
const sfDateTimeLayout = "2006-01-02T15:04:05.000-0700"

// handleDeployRequestQuery answers a Tooling API SOQL query on
// DeployRequest: the deploys of the session's org, with a WHERE clause of
// comparisons joined by AND, ORDER BY one field and LIMIT. Anything else is
// refused as Salesforce refuses it, never answered approximately.
func (s *Server) handleDeployRequestQuery(rc *reqCtx, q string) {
	m := deployRequestSOQL.FindStringSubmatch(q)
	if m == nil {
		rc.restError(http.StatusBadRequest, "MALFORMED_QUERY", "sfsim understands SELECT fields FROM DeployRequest [WHERE a op b AND …] [ORDER BY f [ASC|DESC]] [LIMIT n]")
		return
	}
	var fields []string
	for _, f := range strings.Split(m[1], ",") {
		name, ok := deployRequestFields[strings.ToLower(strings.TrimSpace(f))]
		if !ok {
			rc.restError(http.StatusBadRequest, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity 'DeployRequest'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.", strings.TrimSpace(f)))
			return
		}
		fields = append(fields, name)
	}
	type cond struct {
		field, op string
		lit       any
	}
	var conds []cond
	if m[2] != "" {
		for _, part := range regexp.MustCompile(`(?i)\s+AND\s+`).Split(m[2], -1) {
			cm := conditionRE.FindStringSubmatch(part)
			if cm == nil {
				rc.restError(http.StatusBadRequest, "MALFORMED_QUERY", "sfsim understands WHERE clauses of Field op literal joined by AND; got: "+truncate(part, 100))
				return
			}
			name, ok := deployRequestFields[strings.ToLower(cm[1])]
			if !ok {
				rc.restError(http.StatusBadRequest, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity 'DeployRequest'.", cm[1]))
				return
			}
			lit, err := soqlLiteral(cm[3])
			if err != nil {
				rc.restError(http.StatusBadRequest, "MALFORMED_QUERY", err.Error())
				return
			}
			conds = append(conds, cond{field: name, op: cm[2], lit: lit})
		}
	}
	order, desc := "", strings.EqualFold(m[4], "DESC")
	if m[3] != "" {
		name, ok := deployRequestFields[strings.ToLower(m[3])]
		if !ok {
			rc.restError(http.StatusBadRequest, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity 'DeployRequest'.", m[3]))
			return
		}
		order = name
	}
	limit := -1
	if m[5] != "" {
		limit, _ = strconv.Atoi(m[5])
	}

	s.mu.Lock()
	var rows []map[string]any
	for _, j := range rc.sess.user.org.history {
		row := s.deployRequestRowLocked(j)
		keep := true
		for _, c := range conds {
			if !compareSOQL(row[c.field], c.op, c.lit) {
				keep = false
				break
			}
		}
		if keep {
			rows = append(rows, row)
		}
	}
	s.mu.Unlock()
	if order != "" {
		slices.SortStableFunc(rows, func(a, b map[string]any) int {
			c := compareDeployValues(a[order], b[order])
			if desc {
				return -c
			}
			return c
		})
	}
	if limit >= 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	records := make([]map[string]any, 0, len(rows))
	for _, row := range rows {
		rec := map[string]any{"attributes": map[string]string{"type": "DeployRequest", "url": "/services/data/v66.0/tooling/sobjects/DeployRequest/" + row["Id"].(string)}}
		for _, f := range fields {
			v := row[f]
			if t, ok := v.(time.Time); ok {
				if t.IsZero() {
					v = nil
				} else {
					v = t.UTC().Format(sfDateTimeLayout)
				}
			}
			rec[f] = v
		}
		records = append(records, rec)
	}
	rc.json(http.StatusOK, map[string]any{"size": len(records), "totalSize": len(records), "done": true, "queryLocator": nil, "entityTypeName": "DeployRequest", "records": records})
}

// deployRequestRowLocked is a deploy as the DeployRequest object shows it.
func (s *Server) deployRequestRowLocked(j *deployJob) map[string]any {
	r := s.resultLocked(j)
	var completed time.Time
	if j.done {
		completed = j.completed
	}
	var start time.Time
	if r.Status != salesforce.StatusPending || j.done {
		start = j.created.Add(j.duration / 3)
		if j.done && completed.Before(start) {
			start = completed
		}
	}
	typ := "Deploy"
	if j.opts.CheckOnly {
		typ = "Validate"
	}
	return map[string]any{
		"Id": j.id, "Status": r.Status, "CheckOnly": j.opts.CheckOnly, "Type": typ,
		"CreatedDate": j.created.Truncate(time.Millisecond), "CreatedById": j.user.ID, "StartDate": start, "CompletedDate": completed,
		"ErrorMessage": nilIfEmpty(r.ErrorMessage), "ErrorStatusCode": nilIfEmpty(r.ErrorStatusCode), "StateDetail": nilIfEmpty(r.StateDetail),
		"NumberComponentsTotal": r.NumberComponentsTotal, "NumberComponentsDeployed": r.NumberComponentsDeployed,
		"NumberComponentErrors": r.NumberComponentErrors, "NumberTestsTotal": r.NumberTestsTotal,
		"NumberTestsCompleted": r.NumberTestsCompleted, "NumberTestErrors": r.NumberTestErrors,
		"RunTestsEnabled": r.NumberTestsTotal > 0, "RollbackOnError": j.opts.RollbackOnError, "IgnoreWarnings": j.opts.IgnoreWarnings,
	}
}

// soqlLiteral reads a SOQL literal: 'string', true, false, null, a number
// or a dateTime (2026-12-03T08:00:00Z, with optional fraction and offset).
func soqlLiteral(s string) (any, error) {
	switch strings.ToLower(s) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") && len(s) >= 2 {
		r := strings.NewReplacer(`\'`, `'`, `\\`, `\`)
		return r.Replace(s[1 : len(s)-1]), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, nil
	}
	return nil, fmt.Errorf("unexpected token: '%s'", truncate(s, 60))
}

// compareDeployValues orders two field values of the same type; nil sorts first.
func compareDeployValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch av := a.(type) {
	case time.Time:
		if bv, ok := b.(time.Time); ok {
			return av.Compare(bv)
		}
	case string:
		if bv, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(av), strings.ToLower(bv))
		}
	case int:
		switch bv := b.(type) {
		case int:
			return av - bv
		case float64:
			return compareFloat(float64(av), bv)
		}
	case bool:
		if bv, ok := b.(bool); ok {
			switch {
			case av == bv:
				return 0
			case !av:
				return -1
			}
			return 1
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareSOQL applies a WHERE comparison to a field value. Ids compare on
// their first 15 characters, as Salesforce's do. A zero time is null.
func compareSOQL(v any, op string, lit any) bool {
	if t, ok := v.(time.Time); ok && t.IsZero() {
		v = nil
	}
	if s, ok := v.(string); ok {
		if l, ok := lit.(string); ok && len(s) == 18 && len(l) == 15 {
			v = s[:15]
		}
	}
	if v == nil || lit == nil {
		eq := v == nil && lit == nil
		switch op {
		case "=":
			return eq
		case "!=", "<>":
			return !eq
		}
		return false
	}
	c := compareDeployValues(v, lit)
	switch op {
	case "=":
		return c == 0
	case "!=", "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}
