package sfsim

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/salesforce"
)

func sfTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// restDeployResult renders a deploy result as the REST deployRequest
// resource does.
func (s *Server) restDeployResult(j *deployJob, r salesforce.DeployResult, details bool) map[string]any {
	dr := map[string]any{
		"id": r.ID, "status": r.Status, "done": r.Done, "success": r.Success, "checkOnly": r.CheckOnly,
		"ignoreWarnings": j.opts.IgnoreWarnings, "rollbackOnError": j.opts.RollbackOnError,
		"runTestsEnabled": r.NumberTestsTotal > 0,
		"createdBy":       j.user.ID, "createdByName": j.user.Name,
		"createdDate": sfTime(j.created), "startDate": sfTime(j.created), "lastModifiedDate": sfTime(s.now()),
		"numberComponentsTotal": r.NumberComponentsTotal, "numberComponentsDeployed": r.NumberComponentsDeployed,
		"numberComponentErrors": r.NumberComponentErrors, "numberTestsTotal": r.NumberTestsTotal,
		"numberTestsCompleted": r.NumberTestsCompleted, "numberTestErrors": r.NumberTestErrors,
		"errorMessage": nilIfEmpty(r.ErrorMessage), "errorStatusCode": nilIfEmpty(r.ErrorStatusCode),
		"stateDetail": nilIfEmpty(r.StateDetail), "completedDate": nil, "canceledBy": nil, "canceledByName": nil,
		"details": nil,
	}
	if r.Done {
		dr["completedDate"] = sfTime(j.completed)
	}
	if details {
		msgs := func(ms []salesforce.ComponentMessage) []map[string]any {
			out := []map[string]any{}
			for _, m := range sortedMessages(ms) {
				out = append(out, map[string]any{
					"changed": m.Changed, "columnNumber": nilIfZero(m.ColumnNumber), "componentType": m.ComponentType,
					"created": m.Created, "createdDate": sfTime(j.created), "deleted": false, "fileName": m.FileName,
					"fullName": m.FullName, "id": nil, "lineNumber": nilIfZero(m.LineNumber), "problem": nilIfEmpty(m.Problem),
					"problemType": nilIfEmpty(m.ProblemType), "success": m.Success,
				})
			}
			return out
		}
		rt := map[string]any{
			"numTestsRun": r.NumberTestsTotal, "numFailures": r.NumberTestErrors, "totalTime": 12.0 * float64(r.NumberTestsTotal),
			"successes": []map[string]any{}, "failures": []map[string]any{}, "codeCoverage": []any{},
			"codeCoverageWarnings": []map[string]any{}, "flowCoverage": []any{}, "flowCoverageWarnings": []any{},
		}
		for _, t := range r.TestSuccesses {
			rt["successes"] = append(rt["successes"].([]map[string]any), map[string]any{"name": t.Name, "methodName": t.MethodName, "time": t.Time, "id": nil, "namespace": nil})
		}
		for _, t := range r.TestFailures {
			rt["failures"] = append(rt["failures"].([]map[string]any), map[string]any{"name": t.Name, "methodName": t.MethodName, "message": t.Message, "stackTrace": t.StackTrace, "time": t.Time, "type": "Class", "id": nil, "namespace": nil, "packageName": t.Name})
		}
		for _, w := range r.CodeCoverageWarnings {
			rt["codeCoverageWarnings"] = append(rt["codeCoverageWarnings"].([]map[string]any), map[string]any{"name": nilIfEmpty(w.Name), "message": w.Message, "id": nil, "namespace": nil})
		}
		dr["details"] = map[string]any{
			"componentSuccesses": msgs(r.ComponentSuccesses), "componentFailures": msgs(r.ComponentFailures),
			"runTestResult": rt, "retrieveResult": nil,
		}
	}
	return map[string]any{
		"id": r.ID, "validatedDeployRequestId": nilIfEmpty(j.quickOf),
		"deployOptions": restDeployOptions(j.opts), "deployResult": dr,
	}
}

func restDeployOptions(o salesforce.DeployOptions) map[string]any {
	tests := o.RunTests
	if tests == nil {
		tests = []string{}
	}
	level := o.TestLevel
	if level == "" {
		level = salesforce.TestLevelNoTestRun
	}
	return map[string]any{
		"allowMissingFiles": false, "autoUpdatePackage": false, "checkOnly": o.CheckOnly,
		"ignoreWarnings": o.IgnoreWarnings, "performRetrieve": false, "purgeOnDelete": false,
		"rollbackOnError": o.RollbackOnError, "runTests": tests, "singlePackage": o.SinglePackage, "testLevel": level,
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// xmlWriter builds SOAP bodies.
type xmlWriter struct{ strings.Builder }

func (w *xmlWriter) el(name, value string) {
	w.WriteString("<" + name + ">")
	_ = xml.EscapeText(w, []byte(value))
	w.WriteString("</" + name + ">")
}

func (w *xmlWriter) nilEl(name string) { w.WriteString("<" + name + ` xsi:nil="true"/>`) }

func (w *xmlWriter) opt(name, value string) {
	if value == "" {
		w.nilEl(name)
		return
	}
	w.el(name, value)
}

func (w *xmlWriter) boolEl(name string, v bool) { w.el(name, strconv.FormatBool(v)) }
func (w *xmlWriter) intEl(name string, v int)   { w.el(name, strconv.Itoa(v)) }

// soapDeployResult writes a DeployResult as checkDeployStatus returns it.
func (s *Server) soapDeployResult(w *xmlWriter, j *deployJob, r salesforce.DeployResult, details bool) {
	w.boolEl("checkOnly", r.CheckOnly)
	if r.Done {
		w.el("completedDate", sfTime(j.completed))
	}
	w.el("createdBy", j.user.ID)
	w.el("createdByName", j.user.Name)
	w.el("createdDate", sfTime(j.created))
	if details {
		w.WriteString("<details>")
		for _, m := range sortedMessages(r.ComponentFailures) {
			soapMessage(w, "componentFailures", m, j)
		}
		for _, m := range sortedMessages(r.ComponentSuccesses) {
			soapMessage(w, "componentSuccesses", m, j)
		}
		w.WriteString("<runTestResult>")
		for _, cw := range r.CodeCoverageWarnings {
			w.WriteString("<codeCoverageWarnings>")
			w.nilEl("id")
			w.el("message", cw.Message)
			w.opt("name", cw.Name)
			w.nilEl("namespace")
			w.WriteString("</codeCoverageWarnings>")
		}
		for _, f := range r.TestFailures {
			w.WriteString("<failures>")
			w.nilEl("id")
			w.el("message", f.Message)
			w.el("methodName", f.MethodName)
			w.el("name", f.Name)
			w.nilEl("namespace")
			w.el("packageName", f.Name)
			w.el("stackTrace", f.StackTrace)
			w.el("time", strconv.FormatFloat(f.Time, 'f', -1, 64))
			w.el("type", "Class")
			w.WriteString("</failures>")
		}
		w.intEl("numFailures", r.NumberTestErrors)
		w.intEl("numTestsRun", r.NumberTestsTotal)
		for _, t := range r.TestSuccesses {
			w.WriteString("<successes>")
			w.nilEl("id")
			w.el("methodName", t.MethodName)
			w.el("name", t.Name)
			w.nilEl("namespace")
			w.el("time", strconv.FormatFloat(t.Time, 'f', -1, 64))
			w.WriteString("</successes>")
		}
		w.el("totalTime", strconv.Itoa(12*r.NumberTestsTotal)+".0")
		w.WriteString("</runTestResult>")
		w.WriteString("</details>")
	}
	w.boolEl("done", r.Done)
	if r.ErrorMessage != "" {
		w.el("errorMessage", r.ErrorMessage)
		w.el("errorStatusCode", r.ErrorStatusCode)
	}
	w.el("id", r.ID)
	w.boolEl("ignoreWarnings", j.opts.IgnoreWarnings)
	w.el("lastModifiedDate", sfTime(s.now()))
	w.intEl("numberComponentErrors", r.NumberComponentErrors)
	w.intEl("numberComponentsDeployed", r.NumberComponentsDeployed)
	w.intEl("numberComponentsTotal", r.NumberComponentsTotal)
	w.intEl("numberTestErrors", r.NumberTestErrors)
	w.intEl("numberTestsCompleted", r.NumberTestsCompleted)
	w.intEl("numberTestsTotal", r.NumberTestsTotal)
	w.boolEl("rollbackOnError", j.opts.RollbackOnError)
	w.boolEl("runTestsEnabled", r.NumberTestsTotal > 0)
	w.el("startDate", sfTime(j.created))
	if r.StateDetail != "" {
		w.el("stateDetail", r.StateDetail)
	}
	w.el("status", r.Status)
	w.boolEl("success", r.Success)
}

func soapMessage(w *xmlWriter, tag string, m salesforce.ComponentMessage, j *deployJob) {
	w.WriteString("<" + tag + ">")
	w.boolEl("changed", m.Changed)
	if m.ColumnNumber > 0 {
		w.intEl("columnNumber", m.ColumnNumber)
	}
	w.el("componentType", m.ComponentType)
	w.boolEl("created", m.Created)
	w.el("createdDate", sfTime(j.created))
	w.boolEl("deleted", false)
	w.el("fileName", m.FileName)
	w.el("fullName", m.FullName)
	if m.LineNumber > 0 {
		w.intEl("lineNumber", m.LineNumber)
	}
	if m.Problem != "" {
		w.el("problem", m.Problem)
		w.el("problemType", m.ProblemType)
	}
	w.boolEl("success", m.Success)
	w.WriteString("</" + tag + ">")
}
