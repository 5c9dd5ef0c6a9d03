package sfsim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

func twoOrgs(t *testing.T) (*sfsim.Server, string, map[string]string) {
	t.Helper()
	srv, base := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "org1"}, {Alias: "org2", Sandbox: true}}})
	toks := map[string]string{}
	for _, a := range []string{"org1", "org2"} {
		tok, err := srv.IssueToken(a, "")
		if err != nil {
			t.Fatal(err)
		}
		toks[a] = tok.AccessToken
	}
	return srv, base, toks
}

func TestDescribeStandardObjects(t *testing.T) {
	srv, base, toks := twoOrgs(t)
	status, body := do(t, "GET", base+"/org/org1/services/data/v66.0/sobjects", toks["org1"], "", nil)
	if status != 200 {
		t.Fatalf("describeGlobal = %d %s", status, body)
	}
	var global struct {
		Sobjects []sfsim.DescribeSObject `json:"sobjects"`
	}
	if err := json.Unmarshal(body, &global); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, o := range global.Sobjects {
		names[o.Name] = true
	}
	for _, want := range []string{"Account", "Contact", "Lead", "Opportunity", "OpportunityLineItem", "Case", "Task", "Event",
		"Order", "OrderItem", "Quote", "Product2", "Pricebook2", "PricebookEntry", "Contract", "Campaign", "CampaignMember",
		"Asset", "WorkOrder", "User", "Invoice__c"} {
		if !names[want] {
			t.Errorf("describeGlobal lacks %s", want)
		}
	}
	tests := []struct {
		org, object, field string
		check              func(f *sfsim.DescribeField) bool
		want               string
	}{
		{"org1", "Opportunity", "StageName", func(f *sfsim.DescribeField) bool {
			return f.Type == "picklist" && !f.Nillable && hasValue(f, "Closed Won")
		}, "a required picklist with Closed Won"},
		{"org1", "Opportunity", "ExpectedRevenue", func(f *sfsim.DescribeField) bool { return f.Calculated && !f.Createable }, "calculated, read-only"},
		{"org1", "Case", "CaseNumber", func(f *sfsim.DescribeField) bool { return f.AutoNumber && !f.Updateable }, "auto-number"},
		{"org1", "Contact", "AccountId", func(f *sfsim.DescribeField) bool {
			return f.ReferenceTo[0] == "Account" && *f.RelationshipName == "Account"
		}, "a lookup to Account"},
		{"org1", "Lead", "Status", func(f *sfsim.DescribeField) bool {
			return f.DefaultedOnCreate && defaultOf(f) == "Open - Not Contacted"
		}, "defaulted"},
		{"org1", "Opportunity", "ForecastCategoryName", func(f *sfsim.DescribeField) bool { return f.RestrictedPicklist }, "restricted"},
		{"org1", "Account", "Region__c", func(f *sfsim.DescribeField) bool { return f.Custom && hasValue(f, "EMEA") }, "custom in org1"},
		{"org2", "Account", "Region__c", nil, "absent in org2"},
		{"org2", "Opportunity", "StageName", func(f *sfsim.DescribeField) bool {
			return !hasValue(f, "Negotiation/Review") && hasValue(f, "Contract Sent")
		}, "org2's own stages"},
	}
	for _, tc := range tests {
		d, ok := srv.Describe(tc.org, tc.object)
		if !ok {
			t.Fatalf("%s: no %s", tc.org, tc.object)
		}
		f := d.Field(tc.field)
		if (tc.check == nil) != (f == nil) || (f != nil && !tc.check(f)) {
			t.Errorf("%s %s.%s: want %s, got %+v", tc.org, tc.object, tc.field, tc.want, f)
		}
	}
	// The wire format over HTTP, and If-Modified-Since.
	req, _ := http.NewRequest("GET", base+"/org/org1/services/data/v66.0/sobjects/Account/describe", nil)
	req.Header.Set("Authorization", "Bearer "+toks["org1"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	lm := resp.Header.Get("Last-Modified")
	if resp.StatusCode != 200 || lm == "" {
		t.Fatalf("describe = %d, Last-Modified %q", resp.StatusCode, lm)
	}
	req.Header.Set("If-Modified-Since", lm)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("describe with If-Modified-Since = %d, want 304", resp.StatusCode)
	}
	if status, body := do(t, "GET", base+"/org/org1/services/data/v66.0/sobjects/Nope__c/describe", toks["org1"], "", nil); status != 404 || !strings.Contains(string(body), "NOT_FOUND") {
		t.Errorf("unknown object describe = %d %s", status, body)
	}
}

func hasValue(f *sfsim.DescribeField, v string) bool {
	for _, p := range f.PicklistValues {
		if p.Value == v {
			return true
		}
	}
	return false
}

func defaultOf(f *sfsim.DescribeField) string {
	for _, p := range f.PicklistValues {
		if p.DefaultValue {
			return p.Value
		}
	}
	return ""
}

func TestRecordCreateAndQuery(t *testing.T) {
	_, base, toks := twoOrgs(t)
	api := base + "/org/org1/services/data/v66.0"
	tok := toks["org1"]
	status, body := do(t, "POST", api+"/sobjects/Account", tok, "application/json", []byte(`{"Name":"Acme","Industry":"Energy","AnnualRevenue":5000}`))
	if status != 201 {
		t.Fatalf("create = %d %s", status, body)
	}
	var created struct{ ID string }
	_ = json.Unmarshal(body, &created)
	for i, n := range []string{"Globex", "Initech", "Acme West"} {
		do(t, "POST", api+"/sobjects/Account", tok, "application/json", []byte(`{"Name":"`+n+`","AnnualRevenue":`+[]string{"100", "9000", "700"}[i]+`}`))
	}
	status, body = do(t, "POST", api+"/sobjects/Opportunity", tok, "application/json",
		[]byte(`{"Name":"Big deal","StageName":"Prospecting","CloseDate":"2026-12-31","AccountId":"`+created.ID+`","Amount":10}`))
	if status != 201 {
		t.Fatalf("opportunity = %d %s", status, body)
	}
	errs := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"unknown field", "POST", "/sobjects/Account", `{"Name":"x","Region":"EMEA"}`, 400, `"errorCode":"INVALID_FIELD"`},
		{"read-only field", "POST", "/sobjects/Case", `{"CaseNumber":"1"}`, 400, `INVALID_FIELD_FOR_INSERT_UPDATE`},
		{"required field missing", "POST", "/sobjects/Opportunity", `{"Name":"x"}`, 400, `"fields":["StageName","CloseDate"]`},
		{"restricted picklist", "POST", "/sobjects/Account", `{"Name":"x","Region__c":"Mars"}`, 400, `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`},
		{"text into a date", "POST", "/sobjects/Opportunity", `{"Name":"x","StageName":"Prospecting","CloseDate":"soon"}`, 400, `JSON_PARSER_ERROR`},
		{"field absent in org2 is unknown there", "POST", "/sobjects/Account", `{"Name":"x","Region__c":"EMEA"}`, 201, `"success":true`},
		{"unknown object", "POST", "/sobjects/Nope__c", `{}`, 404, `NOT_FOUND`},
		{"query with a bad column", "GET", "/query?q=" + url.QueryEscape("SELECT Id, Stage_Name FROM Opportunity"), "", 400, `No such column 'Stage_Name' on entity 'Opportunity'`},
		{"malformed query", "GET", "/query?q=" + url.QueryEscape("SELECT FROM Account"), "", 400, `MALFORMED_QUERY`},
		{"quoted number", "GET", "/query?q=" + url.QueryEscape("SELECT Id FROM Account WHERE AnnualRevenue > '5'"), "", 400, `INVALID_QUERY_FILTER_OPERATOR`},
		{"unknown object query", "GET", "/query?q=" + url.QueryEscape("SELECT Id FROM Invoice FROM"), "", 400, `MALFORMED_QUERY`},
		{"filter, order and limit", "GET", "/query?q=" + url.QueryEscape("SELECT Name FROM Account WHERE AnnualRevenue >= 700 AND Name LIKE 'a%' ORDER BY Name DESC LIMIT 5"), "", 200, `"records":[{"Name":"Acme West","attributes"`},
		{"IN and relationship", "GET", "/query?q=" + url.QueryEscape("SELECT Name, Account.Name, Account.Industry FROM Opportunity WHERE StageName IN ('Prospecting','Closed Won')"), "", 200, `"Account":{"Industry":"Energy","Name":"Acme"`},
	}
	for _, tc := range errs {
		org, tk := "org1", tok
		if strings.Contains(tc.name, "org2") {
			// Region__c exists in org1 only: the same body is refused in org2.
			if s, b := do(t, "POST", base+"/org/org2/services/data/v66.0"+tc.path, toks["org2"], "application/json", []byte(tc.body)); s != 400 || !strings.Contains(string(b), "INVALID_FIELD") {
				t.Errorf("org2 Region__c = %d %s", s, b)
			}
		}
		status, body := do(t, tc.method, base+"/org/"+org+"/services/data/v66.0"+tc.path, tk, "application/json", []byte(tc.body))
		if status != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("%s: %d %s, want %d with %s", tc.name, status, body, tc.status, tc.want)
		}
	}
}

func TestQueryPaging(t *testing.T) {
	_, base, toks := twoOrgs(t)
	api := base + "/org/org2/services/data/v66.0"
	for i := 0; i < 450; i++ {
		if s, b := do(t, "POST", api+"/sobjects/Lead", toks["org2"], "application/json", []byte(`{"LastName":"L","Company":"C"}`)); s != 201 {
			t.Fatalf("lead = %d %s", s, b)
		}
	}
	req, _ := http.NewRequest("GET", api+"/query?q="+url.QueryEscape("SELECT Id, Status FROM Lead"), nil)
	req.Header.Set("Authorization", "Bearer "+toks["org2"])
	req.Header.Set("Sforce-Query-Options", "batchSize=200")
	total := 0
	for page := 0; ; page++ {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			TotalSize      int              `json:"totalSize"`
			Done           bool             `json:"done"`
			NextRecordsURL string           `json:"nextRecordsUrl"`
			Records        []map[string]any `json:"records"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		total += len(r.Records)
		if r.TotalSize != 450 || len(r.Records) == 0 || r.Records[0]["Status"] != "Open - Not Contacted" {
			t.Fatalf("page %d: %+v", page, r.TotalSize)
		}
		if r.Done {
			break
		}
		req, _ = http.NewRequest("GET", base+"/org/org2"+r.NextRecordsURL, nil)
		req.Header.Set("Authorization", "Bearer "+toks["org2"])
	}
	if total != 450 {
		t.Errorf("paged %d records, want 450", total)
	}
}

func TestDeployAddsCustomFieldsToDescribe(t *testing.T) {
	srv, _, _ := twoOrgs(t)
	tok, _ := srv.IssueToken("org2", "")
	c, err := salesforce.New(tok, salesforce.Options{AllowLoopback: true})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := srv.Describe("org2", "Account")
	if before.Field("Region__c") != nil {
		t.Fatal("org2 has Region__c before the deploy")
	}
	files := map[string]string{
		"package.xml": pkgXML("<types><members>Account</members><members>Shipment__c</members><name>CustomObject</name></types>"),
		"objects/Account.object": `<?xml version="1.0" encoding="UTF-8"?><CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">` +
			`<fields><fullName>Region__c</fullName><label>Region</label><type>Picklist</type><valueSet><restricted>true</restricted><valueSetDefinition>` +
			`<value><fullName>EMEA</fullName><default>false</default><label>EMEA</label></value></valueSetDefinition></valueSet></fields></CustomObject>`,
		"objects/Shipment__c.object": `<?xml version="1.0" encoding="UTF-8"?><CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">` +
			`<deploymentStatus>Deployed</deploymentStatus><label>Shipment</label><pluralLabel>Shipments</pluralLabel><nameField><label>Shipment Name</label><type>Text</type></nameField><sharingModel>ReadWrite</sharingModel>` +
			`<fields><fullName>Order__c</fullName><label>Order</label><type>Lookup</type><referenceTo>Order</referenceTo><relationshipName>Shipments</relationshipName><deleteConstraint>SetNull</deleteConstraint></fields></CustomObject>`,
	}
	ctx := context.Background()
	id, err := c.Deploy(ctx, mdapiZip(t, "", files), salesforce.DeployOptions{RollbackOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond})
	if err != nil || !r.Success {
		t.Fatalf("deploy: %v %+v", err, r)
	}
	after, _ := srv.Describe("org2", "Account")
	if f := after.Field("Region__c"); f == nil || !f.RestrictedPicklist || !hasValue(f, "EMEA") {
		t.Errorf("Region__c after deploy = %+v", f)
	}
	ship, ok := srv.Describe("org2", "Shipment__c")
	if !ok || ship.Field("Order__c") == nil || ship.Field("Order__c").ReferenceTo[0] != "Order" || ship.Field("Name") == nil {
		t.Errorf("Shipment__c after deploy = %+v", ship)
	}
}

// TestStandardPicklistsMatchSalesforcesDefaults pins the standard
// picklists to the values and labels Salesforce documents (sources cited
// in scripts/sfsim_schema.py), in their order.
func TestStandardPicklistsMatchSalesforcesDefaults(t *testing.T) {
	srv, _, _ := twoOrgs(t)
	tests := []struct {
		object, field string
		want          []string // value, or value=label where they differ
	}{
		{"Quote", "Status", []string{"Draft", "Needs Review", "In Review", "Approved", "Rejected", "Presented", "Accepted", "Denied"}},
		{"Asset", "Status", []string{"Purchased", "Shipped", "Installed", "Registered", "Obsolete"}},
		{"Case", "Origin", []string{"Phone", "Email", "Web"}},
		{"Case", "Priority", []string{"High", "Medium", "Low"}},
		{"Lead", "Status", []string{"Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"}},
		{"Opportunity", "StageName", []string{"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
			"Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"}},
		{"Account", "Type", []string{"Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
			"Installation Partner", "Technology Partner", "Other"}},
		{"Account", "Rating", []string{"Hot", "Warm", "Cold"}},
		{"Order", "StatusCode", []string{"Draft", "Activated", "Canceled=Cancelled", "Expired"}},
		{"User", "UserType", []string{"Standard", "PowerPartner=Partner", "PowerCustomerSuccess=Customer Portal Manager",
			"CustomerSuccess=Customer Portal User", "Guest", "CSPLitePortal=High Volume Portal", "CsnOnly", "SelfService"}},
	}
	for _, tc := range tests {
		d, ok := srv.Describe("org1", tc.object)
		if !ok {
			t.Fatalf("no %s", tc.object)
		}
		f := d.Field(tc.field)
		if f == nil {
			t.Errorf("%s.%s missing", tc.object, tc.field)
			continue
		}
		var got []string
		for _, p := range f.PicklistValues {
			s := p.Value
			if p.Label != p.Value {
				s += "=" + p.Label
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s.%s = %q, want %q", tc.object, tc.field, got, tc.want)
		}
	}
	d, _ := srv.Describe("org1", "Account")
	if n := len(d.Field("Industry").PicklistValues); n != 32 {
		t.Errorf("Account.Industry has %d values, want Salesforce's 32", n)
	}
}
