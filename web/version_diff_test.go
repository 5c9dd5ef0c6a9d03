package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDiffOfUnrelatedVersionsShowsBothTexts saves two 3,000-line versions
// that share no line (6,000 changes, past the diff's limit): the compare
// page answers at once, says they are too different to compare line by
// line, and shows both texts whole.
func TestDiffOfUnrelatedVersionsShowsBothTexts(t *testing.T) {
	a := newTestApp(t)
	c := a.as("eddie")
	id := itoa64(a.exampleID())
	oldText, newText := "# "+numbered("old", 3000), "# "+numbered("new", 3000)
	for i, text := range []string{oldText, newText} {
		wantStatus(t, c.post("/integrations/"+id+"/versions", url.Values{"spec": {text}, "base": {itoa(i + 1)}}), http.StatusSeeOther)
	}
	rec := c.get("/integrations/" + id + "/diff?from=2&to=3")
	wantStatus(t, rec, http.StatusOK)
	d := doc(t, rec)
	spec := testid(d, "spec-diff")
	if !strings.Contains(spec.Find(`[data-testid="too-different"]`).Text(), "too different to compare line by line") {
		t.Errorf("spec diff does not say the versions are too different:\n%.500s", spec.Text())
	}
	if got := spec.Find(`[data-testid="diff-old"]`).Text(); got != oldText {
		t.Errorf("old text shown is %d bytes, want the %d-byte version 2", len(got), len(oldText))
	}
	if got := spec.Find(`[data-testid="diff-new"]`).Text(); got != newText {
		t.Errorf("new text shown is %d bytes, want the %d-byte version 3", len(got), len(newText))
	}
	if spec.Find(".row").Length() != 0 {
		t.Error("a line-by-line diff was rendered as well")
	}
}
