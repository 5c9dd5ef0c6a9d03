package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// TestAVersionAfterAReleaseKeepsItsPromises saves versions of an
// integration whose version 1.2.0 was released (package.released): the
// same version number, or a removed flow action's global Apex, is saved
// (the text is kept) but not valid, and the editor's checks say why; a
// higher version that keeps the released API is valid.
func TestAVersionAfterAReleaseKeepsItsPromises(t *testing.T) {
	a := newTestApp(t)
	example, err := os.ReadFile("../examples/stripe-invoice-on-closed-won.yaml")
	if err != nil {
		t.Fatal(err)
	}
	released := strings.Replace(string(example), "  version: 1.2.0\n", "  version: 1.2.0\n  released: true\n", 1)
	if released == string(example) {
		t.Fatal("the example's package version moved: update the test")
	}
	id := formIntegration(t, a, "Released", "")
	c := a.as("eddie")
	save := func(text string, base int) (valid bool) {
		t.Helper()
		rec := c.post(fmt.Sprintf("/integrations/%d/versions", id), url.Values{"spec": {text}, "base": {fmt.Sprint(base)}})
		wantStatus(t, rec, http.StatusSeeOther)
		v, err := a.st.LatestSpecVersion(context.Background(), id)
		if err != nil || v.Text != text {
			t.Fatalf("the text was not kept: %v", err)
		}
		return v.Valid
	}
	if !save(released, 0) {
		t.Fatal("the released version itself is not valid")
	}
	sameNumber := strings.Replace(released, "  released: true\n", "", 1)
	if save(sameNumber, 1) {
		t.Error("a version after 1.2.0 was released with the same number was saved as valid")
	}
	checks := doc(t, c.post("/spec/validate", url.Values{"spec": {sameNumber}, "integration": {fmt.Sprint(id)}}))
	if got := checks.Text(); !strings.Contains(got, "version 1.2.0 was released; give this one a higher version number") {
		t.Errorf("the editor's checks do not say why:\n%s", got)
	}
	higher := strings.Replace(sameNumber, "  version: 1.2.0\n", "  version: 1.3.0\n", 1)
	if !save(higher, 2) {
		t.Error("a higher version keeping the released API is not valid")
	}
	// Without the integration, the check has nothing to compare with.
	if got := doc(t, c.post("/spec/validate", url.Values{"spec": {sameNumber}})).Text(); strings.Contains(got, "was released") {
		t.Errorf("a check without an integration compared with one: %s", got)
	}
}
