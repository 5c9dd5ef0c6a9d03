package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestAStaleTabCannotOverwriteANewerSave opens the editor in two tabs on
// version 1, saves from the first, then saves from the second: the second
// save is refused with 409 and a page holding both texts, their diff and a
// form to save the merged text on top of the newest version. Nothing the
// user typed is lost.
func TestAStaleTabCannotOverwriteANewerSave(t *testing.T) {
	a := newTestApp(t)
	e := a.as("eddie")
	id := itoa64(a.exampleID())
	d := doc(t, e.get("/integrations/"+id))
	text := testid(d, "spec-text").Text()
	base, _ := testid(d, "editor-form").Find(`input[name="base"]`).Attr("value")
	if base != "1" {
		t.Fatalf("editor base = %q, want 1", base)
	}
	first := strings.Replace(text, "\n", "\n# first tab\n", 1)
	second := strings.Replace(text, "\n", "\n# second tab\n", 1)
	wantStatus(t, e.post("/integrations/"+id+"/versions", url.Values{"spec": {first}, "base": {base}}), http.StatusSeeOther)

	rec := e.post("/integrations/"+id+"/versions", url.Values{"spec": {second}, "base": {base}})
	wantStatus(t, rec, http.StatusConflict)
	cd := doc(t, rec)
	if got := testid(cd, "conflict-unsaved").Text(); got != second {
		t.Errorf("the unsaved text came back as\n%q\nwant\n%q", got, second)
	}
	if got := testid(cd, "conflict-newest").Text(); got != first {
		t.Errorf("the newest version shown is\n%q\nwant\n%q", got, first)
	}
	diff := testid(cd, "conflict-diff")
	if !strings.Contains(diff.Find(".row.add").Text(), "# second tab") || !strings.Contains(diff.Find(".row.del").Text(), "# first tab") {
		t.Errorf("the diff does not show both changes:\n%s", diff.Text())
	}
	if nb, _ := testid(cd, "conflict-form").Find(`input[name="base"]`).Attr("value"); nb != "2" {
		t.Errorf("the merge form saves on base %q, want 2", nb)
	}
	if vs, _ := a.st.SpecVersions(t.Context(), a.exampleID()); len(vs) != 2 || vs[0].Text != first {
		t.Fatalf("after the refused save: %d versions, newest %q", len(vs), vs[0].Text)
	}

	merged := strings.Replace(first, "# first tab\n", "# first tab\n# second tab\n", 1)
	rec = e.post("/integrations/"+id+"/versions", url.Values{"spec": {merged}, "base": {"2"}})
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); !strings.HasSuffix(loc, "?version=3") {
		t.Errorf("merged save went to %s, want version 3", loc)
	}
	if rec := e.post("/integrations/"+id+"/versions", url.Values{"spec": {merged}}); rec.Code != http.StatusBadRequest {
		t.Errorf("a save without base: status %d, want 400", rec.Code)
	}
}

// TestASaveCannotTakeAnotherIntegrationsSpecName renames the example's spec
// to another integration's spec name (in other letter case): the save is
// refused with 409, a message naming both and a free name, and the text
// kept in the form.
func TestASaveCannotTakeAnotherIntegrationsSpecName(t *testing.T) {
	a := newTestApp(t)
	e := a.as("eddie")
	example := a.exampleID()
	if _, err := a.st.CreateIntegration(t.Context(), "Payments", "", "ada"); err != nil {
		t.Fatal(err)
	}
	id := itoa64(example)
	text := testid(doc(t, e.get("/integrations/"+id)), "spec-text").Text()
	renamed := regexp.MustCompile(`(?m)^name: .*$`).ReplaceAllString(text, "name: PAYMENTS")
	rec := e.post("/integrations/"+id+"/versions", url.Values{"spec": {renamed}, "base": {"1"}})
	wantStatus(t, rec, http.StatusConflict)
	d := doc(t, rec)
	if msg := testid(d, "name-taken").Text(); !strings.Contains(msg, `"Payments" already has a spec named PAYMENTS`) || !strings.Contains(msg, "for example PAYMENTS2") {
		t.Errorf("refusal = %q", msg)
	}
	if got := testid(d, "name-taken-text").Text(); got != renamed {
		t.Errorf("the unsaved text came back as %q", got)
	}
	if vs, _ := a.st.SpecVersions(t.Context(), example); len(vs) != 1 {
		t.Errorf("%d versions after a refused save, want 1", len(vs))
	}
}
