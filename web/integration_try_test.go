package web

import (
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
