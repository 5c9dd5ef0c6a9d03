package sfsim

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// What an org reports about itself once an integration runs there: its
// API limits (/limits, counted down by each authenticated REST call, and
// refused with REQUEST_LIMIT_EXCEEDED when used up), scheduled jobs
// started with anonymous Apex (Tooling API executeAnonymous), and the
// status of External Credential principals (Connect REST).

// Limit is one entry of /limits.
type Limit struct {
	Max, Remaining int
}

// Default daily limits of a simulated org (an Enterprise Edition org with
// a handful of licences; Salesforce's figures vary by edition and
// licences).
const (
	DefaultDailyAPIRequests  = 15000
	DefaultDailyAsyncApex    = 250000
	limitDailyAPIRequests    = "DailyApiRequests"
	limitDailyAsyncApexExecs = "DailyAsyncApexExecutions"
)

// limitsLocked returns an org's limits, created on first use and
// restored at the start of each UTC day (Salesforce counts over a rolling
// 24 hours; a day is close enough for a long-running demo).
func (s *Server) limitsLocked(o *org) map[string]*Limit {
	d := s.dataLocked(o)
	if day := s.now().UTC().Format("2006-01-02"); d.limitsDay != day {
		if d.limits != nil {
			for _, l := range d.limits {
				l.Remaining = l.Max
			}
		}
		d.limitsDay = day
	}
	if d.limits == nil {
		d.limits = map[string]*Limit{
			limitDailyAPIRequests:                    {DefaultDailyAPIRequests, DefaultDailyAPIRequests},
			limitDailyAsyncApexExecs:                 {DefaultDailyAsyncApex, DefaultDailyAsyncApex},
			"DailyBulkV2QueryJobs":                   {10000, 10000},
			"DailyMetadataRetrievesWithDependencies": {50, 50},
		}
	}
	return d.limits
}

// SetLimit sets one of an org's limits (a test's org near its daily
// quota); an unknown name adds it.
func (s *Server) SetLimit(alias, name string, l Limit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return fmt.Errorf("sfsim: no org %q", alias)
	}
	c := l
	s.limitsLocked(o)[name] = &c
	return nil
}

// Limits returns a copy of an org's limits: how many API requests it has
// served is Max - Remaining of DailyApiRequests.
func (s *Server) Limits(alias string) map[string]Limit {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return nil
	}
	out := map[string]Limit{}
	for k, v := range s.limitsLocked(o) {
		out[k] = *v
	}
	return out
}

// countAPIRequest counts one authenticated REST request against the org's
// daily API requests; it writes Salesforce's 403 and returns false when
// none are left.
func (s *Server) countAPIRequest(rc *reqCtx) bool {
	s.mu.Lock()
	l := s.limitsLocked(rc.sess.user.org)[limitDailyAPIRequests]
	ok := l.Remaining > 0
	if ok {
		l.Remaining--
	}
	s.mu.Unlock()
	if !ok {
		rc.restError(http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
	}
	return ok
}

// handleLimits answers GET /limits.
func (s *Server) handleLimits(rc *reqCtx) {
	s.mu.Lock()
	out := map[string]any{}
	for k, v := range s.limitsLocked(rc.sess.user.org) {
		out[k] = map[string]int{"Max": v.Max, "Remaining": v.Remaining}
	}
	s.mu.Unlock()
	rc.json(http.StatusOK, out)
}

// scheduleRE is the one anonymous Apex statement sfsim runs: scheduling a
// Schedulable class under a job name with the class's CRON constant or a
// literal cron expression, as the generated README tells an admin to.
var scheduleRE = regexp.MustCompile(`^\s*System\.schedule\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*(?:'([^'\\]*)'|((?:\w+\.)?\w+)\.CRON)\s*,\s*new\s+((?:\w+\.)?\w+)\s*\(\s*\)\s*\)\s*;\s*$`)

// cronConstRE finds a class's CRON constant.
var cronConstRE = regexp.MustCompile(`(?i)\bstatic\s+final\s+String\s+CRON\s*=\s*'((?:[^'\\]|\\.)*)'\s*;`)

// handleExecuteAnonymous answers Tooling API GET
// /tooling/executeAnonymous?anonymousBody=…. Apex does not run in sfsim:
// only System.schedule of a deployed Schedulable class is carried out
// (it adds a CronTrigger and its CronJobDetail); any other body is
// refused as not compiled, so that nothing is reported as run that was
// not.
func (s *Server) handleExecuteAnonymous(rc *reqCtx) {
	if rc.r.Method != http.MethodGet {
		rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed. Allowed are GET,HEAD")
		return
	}
	body := rc.r.URL.Query().Get("anonymousBody")
	result := func(compiled, success bool, problem, exception string) {
		out := map[string]any{"line": -1, "column": -1, "compiled": compiled, "success": success,
			"compileProblem": nil, "exceptionMessage": nil, "exceptionStackTrace": nil}
		if problem != "" {
			out["compileProblem"], out["line"], out["column"] = problem, 1, 1
		}
		if exception != "" {
			out["exceptionMessage"], out["exceptionStackTrace"] = exception, "AnonymousBlock: line 1, column 1"
		}
		rc.json(http.StatusOK, out)
	}
	m := scheduleRE.FindStringSubmatch(body)
	if m == nil {
		result(false, false, "sfsim runs no Apex but System.schedule('Job name', SomeSchedule.CRON, new SomeSchedule());", "")
		return
	}
	name := strings.ReplaceAll(m[1], `\'`, `'`)
	cronClass, class := lastPart(m[3]), lastPart(m[4])
	s.mu.Lock()
	defer s.mu.Unlock()
	o := rc.sess.user.org
	c := findClass(o.components, class)
	if c == nil {
		result(false, false, "Invalid type: "+m[4], "")
		return
	}
	if !regexp.MustCompile(`(?i)\bimplements\s+([\w.]+\s*,\s*)*Schedulable\b`).Match(c.Content) {
		result(false, false, "Method does not exist or incorrect signature: void schedule(String, String, "+class+") from the type System", "")
		return
	}
	cron := m[2]
	if cronClass != "" {
		cc := findClass(o.components, cronClass)
		var cm [][]byte
		if cc != nil {
			cm = cronConstRE.FindSubmatch(cc.Content)
		}
		if cm == nil {
			result(false, false, "Variable does not exist: "+m[3]+".CRON", "")
			return
		}
		cron = string(cm[1])
	}
	if len(strings.Fields(cron)) < 6 || len(strings.Fields(cron)) > 7 {
		result(true, false, "", "System.StringException: Unexpected end of expression.")
		return
	}
	if len(name) == 0 || len(name) > 255 {
		result(true, false, "", "System.AsyncException: The job name must be between 1 and 255 characters.")
		return
	}
	data := s.dataLocked(o)
	for _, t := range data.records["CronTrigger"] {
		if state := t["State"]; state == "DELETED" || state == "COMPLETE" {
			continue
		}
		if d := findRecord(data, []string{"CronJobDetail"}, t["CronJobDetailId"]); d != nil && d["Name"] == name {
			result(true, false, "", fmt.Sprintf("System.AsyncException: The Apex job named \"%s\" is already scheduled for execution.", name))
			return
		}
	}
	data.seq++
	detailID := sfid(fmt.Sprintf("%s%s%06d", prefixCronJobDetail, o.ID[3:9], data.seq))
	data.seq++
	triggerID := sfid(fmt.Sprintf("%s%s%06d", prefixCronTrigger, o.ID[3:9], data.seq))
	now, user := s.stamp(), rc.sess.user.ID
	if data.scheduled == nil {
		data.scheduled = map[string]string{}
	}
	data.scheduled[triggerID] = c.FullName
	data.records["CronJobDetail"] = append(data.records["CronJobDetail"], map[string]any{
		"Id": detailID, "Name": name, "JobType": "7", "CreatedDate": now, "CreatedById": user, "SystemModstamp": now})
	data.records["CronTrigger"] = append(data.records["CronTrigger"], map[string]any{
		"Id": triggerID, "CronJobDetailId": detailID, "CronExpression": cron, "State": "WAITING", "StartTime": now,
		"EndTime": nil, "NextFireTime": nil, "PreviousFireTime": nil, "TimesTriggered": float64(0), "OwnerId": user,
		"CreatedDate": now, "CreatedById": user, "SystemModstamp": now})
	result(true, true, "", "")
}

// lastPart drops a namespace prefix ("ns.Class" → "Class").
func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// ScheduledJobs lists the names of an org's scheduled jobs that are not
// deleted or complete, for tests.
func (s *Server) ScheduledJobs(alias string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return nil
	}
	data := s.dataLocked(o)
	var out []string
	for _, t := range data.records["CronTrigger"] {
		if state := t["State"]; state == "DELETED" || state == "COMPLETE" {
			continue
		}
		if d := findRecord(data, []string{"CronJobDetail"}, t["CronJobDetailId"]); d != nil {
			out = append(out, d["Name"].(string))
		}
	}
	slices.Sort(out)
	return out
}

// handleExternalCredential answers Connect REST GET
// /named-credentials/external-credentials/NAME: the deployed External
// Credential, its principals and each principal's authenticationStatus
// (Configured once its credentials are set, NotConfigured before; Unknown
// for the Custom protocol, whose status Salesforce cannot judge).
func (s *Server) handleExternalCredential(rc *reqCtx, name string) {
	if rc.r.Method != http.MethodGet {
		rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed. Allowed are GET")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := rc.sess.user.org
	ec := o.components["ExternalCredential/"+name]
	if ec == nil {
		rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	protocol := ""
	if m := protocolRE.FindSubmatch(ec.Content); m != nil {
		protocol = string(m[1])
	}
	label := name
	if m := labelRE.FindSubmatch(ec.Content); m != nil {
		label = string(m[1])
	}
	principals := []map[string]any{}
	seq := 0
	for _, pm := range principalRE.FindAllSubmatch(ec.Content, -1) {
		block := string(pm[1])
		typ := tagValue(block, "parameterType")
		if typ != "NamedPrincipal" && typ != "PerUserPrincipal" {
			continue
		}
		seq++
		pname := tagValue(block, "parameterName")
		status := "NotConfigured"
		if c := o.creds[name+"|"+pname+"|"+typ]; c != nil && len(c.Values) > 0 {
			status = "Configured"
		}
		if protocol == "Custom" {
			status = "Unknown"
		}
		principals = append(principals, map[string]any{"principalName": pname, "principalType": typ,
			"authenticationStatus": status, "sequenceNumber": seq})
	}
	rc.json(http.StatusOK, map[string]any{"developerName": name, "masterLabel": label, "authenticationProtocol": protocol,
		"principals": principals, "url": rc.r.URL.Path})
}

var (
	protocolRE = regexp.MustCompile(`<authenticationProtocol>([^<]*)</authenticationProtocol>`)
	labelRE    = regexp.MustCompile(`<label>([^<]*)</label>`)
)

func tagValue(block, tag string) string {
	_, rest, ok := strings.Cut(block, "<"+tag+">")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, "</"+tag+">")
	return strings.TrimSpace(v)
}

// lockScheduledLocked fails the deploy of each Schedulable class a
// scheduled job still waits on, as Salesforce does unless the org allows
// deployments with pending jobs.
func (s *Server) lockScheduledLocked(o *org, cr *checkResult) {
	data := s.dataLocked(o)
	locked := map[string]bool{}
	for _, t := range data.records["CronTrigger"] {
		if state := t["State"]; state == "DELETED" || state == "COMPLETE" {
			continue
		}
		if class := data.scheduled[t["Id"].(string)]; class != "" {
			locked[strings.ToLower(class)] = true
		}
	}
	if len(locked) == 0 {
		return
	}
	kept := cr.components[:0]
	for _, c := range cr.components {
		if c.Type == "ApexClass" && locked[strings.ToLower(c.FullName)] {
			cr.fail(c.Type, c.FullName, c.FileName, 0, 0, "This schedulable class has jobs pending or in progress")
			continue
		}
		kept = append(kept, c)
	}
	cr.components = kept
}
