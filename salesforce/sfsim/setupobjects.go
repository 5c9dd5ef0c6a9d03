package sfsim

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// The setup objects an org admin's state lives in, which patchbay reads to
// check that a deployed integration can run: scheduled jobs (CronTrigger
// and its CronJobDetail) and who holds a permission set (PermissionSet,
// PermissionSetAssignment). Their records come from what happened in the
// org, never from a request that merely asks: a PermissionSet record from
// a deployed permission set, a CronTrigger from System.schedule run as
// anonymous Apex, a PermissionSetAssignment from a REST insert (what
// `sf org assign permset` sends) or AssignPermissionSet.

// Key prefixes of the setup objects, as Salesforce assigns them.
const (
	prefixCronTrigger   = "08e"
	prefixCronJobDetail = "0Ky"
	prefixPermissionSet = "0PS"
	prefixPermSetAssign = "0Pa"
	prefixSite          = "0DM"
	prefixSiteDetail    = "0DN"
)

// setupObjects returns fresh describes of the setup objects.
func setupObjects() []*DescribeSObject {
	field := func(name, label, typ string) DescribeField {
		f := DescribeField{Name: name, Label: label, Type: typ, SoapType: soapTypes[typ], Filterable: true, Sortable: true,
			Nillable: true, ReferenceTo: []string{}, PicklistValues: []PicklistValue{}}
		switch typ {
		case "id", "reference":
			f.Length, f.ByteLength = 18, 18
		case "string":
			f.Length, f.ByteLength = 255, 765
		}
		if typ == "id" {
			f.Nillable, f.IDLookup, f.DefaultedOnCreate = false, true, true
		}
		return f
	}
	ref := func(name, label, to string, createable bool) DescribeField {
		f := field(name, label, "reference")
		f.ReferenceTo = []string{to}
		rel := strings.TrimSuffix(name, "Id")
		f.RelationshipName = &rel
		f.Createable, f.Nillable = createable, !createable
		return f
	}
	system := func() []DescribeField {
		created := field("CreatedDate", "Created Date", "datetime")
		created.Nillable, created.DefaultedOnCreate = false, true
		by := ref("CreatedById", "Created By ID", "User", false)
		by.DefaultedOnCreate = true
		stamp := field("SystemModstamp", "System Modstamp", "datetime")
		stamp.Nillable, stamp.DefaultedOnCreate = false, true
		return []DescribeField{created, by, stamp}
	}
	object := func(name, label, prefix string, createable bool, fields ...DescribeField) *DescribeSObject {
		d := &DescribeSObject{Name: name, Label: label, LabelPlural: label + "s", KeyPrefix: prefix, Createable: createable,
			Deletable: createable, Queryable: true, Retrieveable: true}
		d.Fields = append([]DescribeField{field("Id", label+" ID", "id")}, fields...)
		d.Fields = append(d.Fields, system()...)
		return d
	}
	jobType := field("JobType", "Job Type", "picklist")
	jobType.PicklistValues = picklist([]string{"1", "3", "4", "6", "7", "8", "9", "A"}, "")
	state := field("State", "State", "picklist")
	state.PicklistValues = picklist([]string{"WAITING", "ACQUIRED", "EXECUTING", "COMPLETE", "ERROR", "DELETED", "PAUSED", "BLOCKED", "PAUSED_BLOCKED"}, "")
	times := field("TimesTriggered", "Times Triggered", "int")
	siteStatus := field("Status", "Site Status", "picklist")
	siteStatus.PicklistValues = picklist([]string{"Active", "Inactive"}, "")
	siteType := field("SiteType", "Site Type", "picklist")
	siteType.PicklistValues = picklist([]string{"Visualforce", "ChatterNetwork", "ChatterNetworkPicasso", "Siteforce"}, "")
	secureURL := field("SecureUrl", "Secure URL", "url")
	owned := field("IsOwnedByProfile", "Is Owned By Profile", "boolean")
	owned.Nillable = false
	return []*DescribeSObject{
		object("CronJobDetail", "Cron Job", prefixCronJobDetail, false, field("Name", "Job Name", "string"), jobType),
		object("CronTrigger", "Scheduled Job", prefixCronTrigger, false,
			ref("CronJobDetailId", "Job ID", "CronJobDetail", false), field("CronExpression", "Cron Expression", "string"),
			state, field("StartTime", "Start Time", "datetime"), field("EndTime", "End Time", "datetime"),
			field("NextFireTime", "Next Fire Time", "datetime"), field("PreviousFireTime", "Previous Fire Time", "datetime"),
			times, ref("OwnerId", "Owner ID", "User", false)),
		object("PermissionSet", "Permission Set", prefixPermissionSet, false,
			field("Name", "Name", "string"), field("Label", "Label", "string"), owned, field("NamespacePrefix", "Namespace Prefix", "string")),
		object("PermissionSetAssignment", "Permission Set Assignment", prefixPermSetAssign, true,
			ref("AssigneeId", "Assignee ID", "User", true), ref("PermissionSetId", "Permission Set ID", "PermissionSet", true)),
		object("Site", "Site", prefixSite, false, field("Name", "Site Name", "string"), field("MasterLabel", "Site Label", "string"),
			field("UrlPathPrefix", "Default Web Address", "string"), siteStatus, siteType, ref("GuestUserId", "User ID", "User", false)),
		object("SiteDetail", "Site Detail", prefixSiteDetail, false, field("DurableId", "Site ID", "string"), secureURL),
	}
}

// setupRecordsLocked brings the PermissionSet records in line with the
// permission sets deployed to the org (one record each, kept by name).
func (s *Server) setupRecordsLocked(o *org) {
	data := s.dataLocked(o)
	have := map[string]bool{}
	for _, r := range data.records["PermissionSet"] {
		have[r["Name"].(string)] = true
	}
	for _, key := range slices.Sorted(maps.Keys(o.components)) {
		c := o.components[key]
		if c.Type != "PermissionSet" || have[c.FullName] {
			continue
		}
		label := c.FullName
		if m := labelRE.FindSubmatch(c.Content); m != nil {
			label = string(m[1])
		}
		data.seq++
		data.records["PermissionSet"] = append(data.records["PermissionSet"], map[string]any{
			"Id": sfid(fmt.Sprintf("%s%s%06d", prefixPermissionSet, o.ID[3:9], data.seq)), "Name": c.FullName, "Label": label,
			"IsOwnedByProfile": false, "NamespacePrefix": nil, "CreatedDate": s.stamp(), "CreatedById": o.users[0].ID, "SystemModstamp": s.stamp(),
		})
	}
}

// stamp is now as Salesforce writes a dateTime in JSON.
func (s *Server) stamp() string { return s.now().UTC().Format("2006-01-02T15:04:05.000+0000") }

// AssignPermissionSet assigns a deployed permission set to a user of an
// org, as an admin does in Setup; assigning it twice is an error, as in
// Salesforce (DUPLICATE_VALUE).
func (s *Server) AssignPermissionSet(alias, username, permissionSet string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return fmt.Errorf("sfsim: no org %q", alias)
	}
	u := s.users[strings.ToLower(username)]
	for _, g := range o.guests {
		if strings.EqualFold(g.Username, username) {
			u = g
		}
	}
	if u == nil || u.org != o {
		return fmt.Errorf("sfsim: no user %q in org %q", username, alias)
	}
	s.setupRecordsLocked(o)
	data := s.dataLocked(o)
	var psID string
	for _, r := range data.records["PermissionSet"] {
		if r["Name"] == permissionSet {
			psID = r["Id"].(string)
		}
	}
	if psID == "" {
		return fmt.Errorf("sfsim: no permission set %q deployed to org %q", permissionSet, alias)
	}
	if dup := duplicateAssignmentLocked(data, u.ID, psID); dup != "" {
		return fmt.Errorf("sfsim: %s", dup)
	}
	data.seq++
	data.records["PermissionSetAssignment"] = append(data.records["PermissionSetAssignment"], map[string]any{
		"Id": sfid(fmt.Sprintf("%s%s%06d", prefixPermSetAssign, o.ID[3:9], data.seq)), "AssigneeId": u.ID, "PermissionSetId": psID,
		"CreatedDate": s.stamp(), "CreatedById": o.users[0].ID, "SystemModstamp": s.stamp(),
	})
	return nil
}

// duplicateAssignmentLocked returns Salesforce's message when the user
// already holds the permission set, or "".
func duplicateAssignmentLocked(data *orgData, userID, psID string) string {
	for _, r := range data.records["PermissionSetAssignment"] {
		if r["AssigneeId"] == userID && r["PermissionSetId"] == psID {
			return "Duplicate PermissionSetAssignment. Assignee: " + userID + "; Permission Set: " + psID
		}
	}
	return ""
}

// checkAssignmentLocked refuses a PermissionSetAssignment insert whose
// assignee is not a user of the org (FIELD_INTEGRITY_EXCEPTION in
// Salesforce) or who already holds the permission set (DUPLICATE_VALUE).
func (s *Server) checkAssignmentLocked(o *org, rec map[string]any) (code, msg string) {
	userID, _ := rec["AssigneeId"].(string)
	found := false
	for _, u := range append(append([]*user(nil), o.users...), o.guests...) {
		if u.ID == userID || len(userID) == 15 && u.ID[:15] == userID {
			found, userID = true, u.ID
		}
	}
	if !found {
		return "FIELD_INTEGRITY_EXCEPTION", "Assignee ID: id value of incorrect type: " + userID
	}
	rec["AssigneeId"] = userID
	psID, _ := rec["PermissionSetId"].(string)
	if p := findRecord(s.dataLocked(o), []string{"PermissionSet"}, psID); p == nil && len(psID) == 15 {
		for _, r := range s.dataLocked(o).records["PermissionSet"] {
			if strings.HasPrefix(r["Id"].(string), psID) {
				psID = r["Id"].(string)
			}
		}
	}
	rec["PermissionSetId"] = psID
	if dup := duplicateAssignmentLocked(s.dataLocked(o), userID, psID); dup != "" {
		return "DUPLICATE_VALUE", dup
	}
	return "", ""
}

// Site is a Salesforce Site of a simulated org.
type Site struct {
	Name string
	// GuestUsername is its guest user's, for AssignPermissionSet.
	GuestUsername string
	// SecureURL is SiteDetail.SecureUrl: the address callers use.
	SecureURL string
}

// CreateSite adds an active Salesforce Site to an org, with its guest user
// (who cannot sign in), as an admin does in Setup → Sites. sfsim does not
// serve the Site's address.
func (s *Server) CreateSite(alias, name string) (Site, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return Site{}, fmt.Errorf("sfsim: no org %q", alias)
	}
	if !apiName.MatchString(name) {
		return Site{}, fmt.Errorf("sfsim: %q is not a site name", name)
	}
	data := s.dataLocked(o)
	for _, r := range data.records["Site"] {
		if strings.EqualFold(r["Name"].(string), name) {
			return Site{}, fmt.Errorf("sfsim: org %q has a site %q already", alias, name)
		}
	}
	guest := &user{UserOptions: UserOptions{ID: sfid(fmt.Sprintf("005SIMG%02d%s", len(o.guests)+1, o.ID[9:15])), Username: strings.ToLower(name) + "@" + alias + ".sfsim-site",
		Name: name + " Site Guest User", Password: randomString(40)}, org: o}
	guest.Email = guest.Username
	o.guests = append(o.guests, guest)
	data.seq++
	siteID := sfid(fmt.Sprintf("%s%s%06d", prefixSite, o.ID[3:9], data.seq))
	now := s.stamp()
	data.records["Site"] = append(data.records["Site"], map[string]any{"Id": siteID, "Name": name, "MasterLabel": name, "UrlPathPrefix": strings.ToLower(name),
		"Status": "Active", "SiteType": "Visualforce", "GuestUserId": guest.ID, "CreatedDate": now, "CreatedById": o.users[0].ID, "SystemModstamp": now})
	secure := "https://" + strings.ToLower(alias) + ".my.salesforce-sites.com/" + strings.ToLower(name)
	data.seq++
	data.records["SiteDetail"] = append(data.records["SiteDetail"], map[string]any{"Id": sfid(fmt.Sprintf("%s%s%06d", prefixSiteDetail, o.ID[3:9], data.seq)),
		"DurableId": siteID, "SecureUrl": secure, "CreatedDate": now, "CreatedById": o.users[0].ID, "SystemModstamp": now})
	return Site{Name: name, GuestUsername: guest.Username, SecureURL: secure}, nil
}

var apiName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,79}$`)

// toolingObjects are the Tooling API objects sfsim answers queries on
// besides DeployRequest: deployed Apex triggers, and the
// PlatformEventSubscriberConfigs that set who an event trigger runs as.
func toolingObjects() map[string]*DescribeSObject {
	field := func(name, typ string) DescribeField {
		return DescribeField{Name: name, Label: name, Type: typ, SoapType: soapTypes[typ], Filterable: true, Sortable: true, Nillable: true,
			ReferenceTo: []string{}, PicklistValues: []PicklistValue{}}
	}
	out := map[string]*DescribeSObject{}
	for _, d := range []*DescribeSObject{
		{Name: "ApexTrigger", Label: "Apex Trigger", KeyPrefix: "01q", Queryable: true,
			Fields: []DescribeField{field("Id", "id"), field("Name", "string"), field("TableEnumOrId", "string"), field("Status", "string")}},
		{Name: "PlatformEventSubscriberConfig", Label: "Platform Event Subscriber Config", KeyPrefix: "3Sv", Queryable: true,
			Fields: []DescribeField{field("Id", "id"), field("DeveloperName", "string"), field("MasterLabel", "string"),
				field("PlatformEventConsumerId", "reference"), field("UserId", "reference"), field("BatchSize", "int")}},
	} {
		out[d.Name] = d
	}
	return out
}

var (
	triggerObjectRE = regexp.MustCompile(`(?is)^\s*trigger\s+\w+\s+on\s+(\w+)`)
	consumerRE      = regexp.MustCompile(`<platformEventConsumer>([^<]*)</platformEventConsumer>`)
	configUserRE    = regexp.MustCompile(`<user>([^<]*)</user>`)
	batchSizeRE     = regexp.MustCompile(`<batchSize>(\d+)</batchSize>`)
)

// toolingRecordsLocked builds the Tooling records from what is deployed.
func (s *Server) toolingRecordsLocked(o *org) *orgData {
	data := &orgData{records: map[string][]map[string]any{}, cursors: map[string]*queryCursor{}}
	triggerIDs := map[string]string{}
	for i, key := range slices.Sorted(maps.Keys(o.components)) {
		c := o.components[key]
		if c.Type != "ApexTrigger" {
			continue
		}
		id := sfid(fmt.Sprintf("01q%s%06d", o.ID[3:9], i+1))
		triggerIDs[c.FullName] = id
		obj := ""
		if m := triggerObjectRE.FindSubmatch(c.Content); m != nil {
			obj = string(m[1])
		}
		data.records["ApexTrigger"] = append(data.records["ApexTrigger"], map[string]any{"Id": id, "Name": c.FullName, "TableEnumOrId": obj, "Status": "Active"})
	}
	for i, key := range slices.Sorted(maps.Keys(o.components)) {
		c := o.components[key]
		if c.Type != "PlatformEventSubscriberConfig" {
			continue
		}
		rec := map[string]any{"Id": sfid(fmt.Sprintf("3Sv%s%06d", o.ID[3:9], i+1)), "DeveloperName": c.FullName, "MasterLabel": c.FullName,
			"PlatformEventConsumerId": nil, "UserId": nil, "BatchSize": nil}
		if m := consumerRE.FindSubmatch(c.Content); m != nil {
			rec["PlatformEventConsumerId"] = nilIfEmpty(triggerIDs[lastPart(string(m[1]))])
		}
		if m := configUserRE.FindSubmatch(c.Content); m != nil {
			if u := s.users[strings.ToLower(strings.TrimSpace(string(m[1])))]; u != nil && u.org == o {
				rec["UserId"] = u.ID
			}
		}
		if m := batchSizeRE.FindSubmatch(c.Content); m != nil {
			var n float64
			fmt.Sscan(string(m[1]), &n)
			rec["BatchSize"] = n
		}
		data.records["PlatformEventSubscriberConfig"] = append(data.records["PlatformEventSubscriberConfig"], rec)
	}
	return data
}

// handleToolingSetupQuery answers Tooling SOQL on ApexTrigger and
// PlatformEventSubscriberConfig.
func (s *Server) handleToolingSetupQuery(rc *reqCtx, q string) {
	pq, err := parseSOQL(q)
	if err != nil {
		e := err.(*soqlError)
		restErrorFields(rc, http.StatusBadRequest, e.code, e.msg, nil)
		return
	}
	objs := toolingObjects()
	d := lookupObject(objs, pq.object)
	s.mu.Lock()
	data := s.toolingRecordsLocked(rc.sess.user.org)
	rows, qerr := evalData(data, objs, d, pq, q)
	s.mu.Unlock()
	if qerr != nil {
		restErrorFields(rc, http.StatusBadRequest, qerr.code, qerr.msg, nil)
		return
	}
	rc.json(http.StatusOK, map[string]any{"totalSize": len(rows), "done": true, "records": nonNil(rows)})
}

// SetEventSubscriber deploys a PlatformEventSubscriberConfig to an org
// that makes the event trigger run as username, as an admin does with
// the Metadata API.
func (s *Server) SetEventSubscriber(alias, trigger, username string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return fmt.Errorf("sfsim: no org %q", alias)
	}
	if o.components["ApexTrigger/"+trigger] == nil {
		return fmt.Errorf("sfsim: no trigger %q in org %q", trigger, alias)
	}
	name := trigger + "Config"
	if len(name) > 80 {
		name = name[:80]
	}
	o.components["PlatformEventSubscriberConfig/"+name] = &Component{Type: "PlatformEventSubscriberConfig", FullName: name,
		FileName: "PlatformEventSubscriberConfigs/" + name + ".platformEventSubscriberConfig",
		Content: []byte("<PlatformEventSubscriberConfig><batchSize>200</batchSize><masterLabel>" + name + "</masterLabel><platformEventConsumer>" +
			trigger + "</platformEventConsumer><user>" + username + "</user></PlatformEventSubscriberConfig>")}
	return nil
}
