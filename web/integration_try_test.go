package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestDryRunStartsFromASampleAndShowsTheCallout(t *testing.T) {
	a := newTestApp(t)
	c := a.as("vera") // a viewer: a dry run changes nothing
	id := a.exampleID()
	ed := doc(t, c.get(fmt.Sprintf("/integrations/%d", id)))
	href, ok := testid(ed, "try-link").Attr("href")
	if !ok {
		t.Fatal("the integration page has no Dry run link")
	}
	page := doc(t, c.get(href))
	record := testid(page, "try-record").Text()
	if !strings.Contains(record, `"StageName": "Closed Won"`) {
		t.Errorf("the sample record does not meet the flow's condition:\n%s", record)
	}
	form := url.Values{"flow": {""}, "record": {`{"Id": "006000000000001AAA", "Name": "Big deal", "StageName": "Closed Won", "Amount": 42.5}`}, "prior": {`{"StageName": "Prospecting"}`}}
	testid(page, "try-form").Find("textarea").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if strings.HasPrefix(name, "response.") {
			form.Set(name, `{"status": 200, "body": {"id": "in_77"}}`)
		}
	})
	rec := c.post(href, form)
	wantStatus(t, rec, http.StatusOK)
	res := doc(t, rec)
	body := testid(res, "try-call-body").Text()
	if !strings.Contains(body, "amount=4250") {
		t.Errorf("the callout body is not shown, or wrong: %q", body)
	}
	if !strings.Contains(testid(res, "try-result").Text(), "in_77") {
		t.Error("the value written back from the answer is not shown")
	}
	if got := testid(res, "try-record").Text(); !strings.Contains(got, "Big deal") {
		t.Errorf("the typed sample was not kept: %q", got)
	}
}

func TestDryRunNamesTheBoxThatIsNotJSON(t *testing.T) {
	a := newTestApp(t)
	c := a.as("vera")
	href := fmt.Sprintf("/integrations/%d/versions/1/try", a.exampleID())
	rec := c.post(href, url.Values{"record": {`{"Name": "x",}`}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	msg := testid(d, "try-error").Text()
	if !strings.Contains(msg, "Sample record is not JSON") {
		t.Errorf("error %q", msg)
	}
	if testid(d, "try-result").Length() != 0 {
		t.Error("a result is shown for input that could not be read")
	}
	if got := testid(d, "try-record").Text(); got != `{"Name": "x",}` {
		t.Errorf("the typed text was lost: %q", got)
	}
	rec = c.post(href, url.Values{"record": {strings.Repeat(" ", maxTrySample+1)}})
	if !strings.Contains(testid(doc(t, rec), "try-error").Text(), "larger than") {
		t.Error("a huge sample is not refused with a message")
	}
	wantStatus(t, c.get(href+"?flow=NoSuchFlow"), http.StatusBadRequest)
}

func TestDryRunReadsItsSampleRecordFromAnOrg(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	orgID := a.orgID("Demo Sandbox")
	tok, err := a.st.OrgTokens(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	org, err := a.st.Org(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	// A record in the org, written through the REST API as any client would.
	req, _ := http.NewRequest("POST", org.InstanceURL+"/services/data/v66.0/sobjects/Opportunity",
		strings.NewReader(`{"Name":"From the org","StageName":"Prospecting","CloseDate":"2026-12-31","Amount":77}`))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	_ = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || created.ID == "" {
		t.Fatalf("creating the record: %d", resp.StatusCode)
	}

	c := a.as("vera")
	href := fmt.Sprintf("/integrations/%d/versions/1/try", a.exampleID())
	page := doc(t, c.get(href))
	if testid(page, "try-fetch").Length() != 1 {
		t.Fatal("no way to read a sample record from an org")
	}
	rec := c.post(href, url.Values{"fetch": {"1"}, "fetch_org": {itoa64(orgID)}, "fetch_id": {created.ID}})
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	if got := testid(d, "try-record").Text(); !strings.Contains(got, `"Name": "From the org"`) || !strings.Contains(got, created.ID) {
		t.Errorf("the sample box does not hold the org's record:\n%s", got)
	}
	if !strings.Contains(testid(d, "try-fetched").Text(), "Demo Sandbox") {
		t.Error("the page does not say where the record came from")
	}
	if testid(d, "try-result").Length() != 0 {
		t.Error("reading a record ran the dry run")
	}
	bad := doc(t, c.post(href, url.Values{"fetch": {"1"}, "fetch_org": {itoa64(orgID)}, "fetch_id": {"006000000000000AAA"}}))
	if msg := testid(bad, "try-error").Text(); !strings.Contains(msg, "no such record") {
		t.Errorf("a missing record: %q", msg)
	}
	bad = doc(t, c.post(href, url.Values{"fetch": {"1"}, "fetch_org": {itoa64(orgID)}, "fetch_id": {"x'; DROP"}}))
	if msg := testid(bad, "try-error").Text(); !strings.Contains(msg, "not a record id") {
		t.Errorf("a malformed id: %q", msg)
	}
}
