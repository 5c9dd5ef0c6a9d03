package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestStartingFromATemplate(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	page := doc(t, c.get("/integrations/new"))
	link := testid(page, "template-zendesk-ticket-webhook")
	href, ok := link.Attr("href")
	if !ok {
		t.Fatalf("no Zendesk template on the new-integration page:\n%s", testid(page, "templates").Text())
	}
	if !strings.Contains(link.Parent().Text(), "Zendesk") {
		t.Errorf("the template has no description beside it: %q", link.Parent().Text())
	}
	draft := doc(t, c.get(href))
	specText, _ := draft.Find(`input[name="spec"]`).Attr("value")
	if !strings.Contains(specText, "name: ZendeskTickets") {
		t.Fatalf("the draft is not the template:\n%s", specText)
	}
	rec := c.post("/integrations", url.Values{"spec": {specText}, "request": {"Template: Zendesk"}})
	wantStatus(t, rec, http.StatusSeeOther)
	ed := doc(t, c.get(rec.Header().Get("Location")))
	if got := testid(ed, "spec-text").Text(); got != specText {
		t.Errorf("the editor does not hold the template as written")
	}

	// The same template again: its spec name is taken, so the draft says
	// so and offers a free name.
	again := doc(t, c.get(href))
	if name, _ := again.Find(`input[name="name"]`).Attr("value"); name == "" || name == "ZendeskTickets" {
		t.Errorf("a second copy is offered the name %q", name)
	}
	wantStatus(t, c.get("/integrations/templates/no-such-template"), http.StatusNotFound)
	wantStatus(t, a.as("vera").get(href), http.StatusForbidden)
}
