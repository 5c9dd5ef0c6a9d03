package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/generator"
)

// bundleOf returns a bundle of one file of n bytes.
func bundleOf(n int) *generator.Bundle {
	return &generator.Bundle{Files: []generator.File{{Path: "f", Data: make([]byte, n)}}}
}

func TestLRUKeepsTheMostRecentlyUsed(t *testing.T) {
	c := newBundleCache(2 * (100 + 65 + entryOverhead)) // room for two small bundles
	a, b, d := generated{bundle: bundleOf(100)}, generated{bundle: bundleOf(100)}, generated{bundle: bundleOf(100)}
	c.put("spec a", a)
	c.put("spec b", b)
	if got, ok := c.get("spec a"); !ok || got != a {
		t.Fatalf("get a = %v, %v", got, ok)
	}
	c.put("spec d", d) // evicts b, the least recently used
	if _, ok := c.get("spec b"); ok {
		t.Error("b is still cached past the size limit")
	}
	for text, want := range map[string]generated{"spec a": a, "spec d": d} {
		if got, ok := c.get(text); !ok || got != want {
			t.Errorf("get %q = %v, %v", text, got, ok)
		}
	}
	if _, ok := c.get("spec a "); ok {
		t.Error("a different text must not hit the cache")
	}
}

// TestLargeBundlesEvictByBytes fills a 64 MiB cache with 20 MiB bundles:
// it never holds more than 64 MiB, however many are put, keeps the most
// recent, and does not keep a bundle larger than itself. The count-bounded
// cache it replaces kept 64 of them, whatever their size.
func TestLargeBundlesEvictByBytes(t *testing.T) {
	c := newBundleCache(0)
	if c.max != DefaultBundleCacheBytes || DefaultBundleCacheBytes != 64<<20 {
		t.Fatalf("default cache bytes = %d, want 64 MiB", c.max)
	}
	large := bundleOf(20 << 20)
	for i := range 10 {
		c.put(fmt.Sprint("spec ", i), generated{bundle: large})
		if c.bytes() > c.max {
			t.Fatalf("after %d puts the cache holds %d bytes, over its %d", i+1, c.bytes(), c.max)
		}
	}
	if c.order.Len() != 3 {
		t.Errorf("the cache holds %d 20 MiB bundles, want 3", c.order.Len())
	}
	for i := range 10 {
		_, ok := c.get(fmt.Sprint("spec ", i))
		if want := i >= 7; ok != want {
			t.Errorf("spec %d cached: %v, want %v", i, ok, want)
		}
	}
	c.put("huge", generated{bundle: bundleOf(65 << 20)})
	if _, ok := c.get("huge"); ok {
		t.Error("a bundle larger than the whole cache was kept")
	}
	if c.order.Len() != 3 {
		t.Errorf("a refused bundle evicted others: %d left", c.order.Len())
	}
}

// TestAPackageOverSalesforceLimitsIsRefusedInTheEditor writes a spec whose
// package would hold more than 10,000 files: the editor's checks say so
// with the figures, a save marks it invalid, and generating it answers 400.
func TestAPackageOverSalesforceLimitsIsRefusedInTheEditor(t *testing.T) {
	a := newTestApp(t)
	e := a.as("eddie")
	id := itoa64(a.exampleID())
	var b strings.Builder
	b.WriteString("spec: patchbay/v1\nname: Big\nsystems:\n  - {name: Api, url: https://api.example.com, auth: {type: bearer}}\nflows:\n")
	for i := range 1300 {
		fmt.Fprintf(&b, "  - {name: F%d, trigger: {type: schedule, cron: '0 0 2 * * ?'}, steps: [{id: a, type: call, system: Api, method: GET, path: /x}]}\n", i)
	}
	text := b.String()
	d := doc(t, e.htmx("/spec/validate", url.Values{"spec": {text}}))
	msg := testid(d, "problem").Text()
	if !strings.Contains(msg, "files; Salesforce deploys at most 10000 files at once") {
		t.Fatalf("the editor's checks do not name the file limit:\n%s", msg)
	}
	wantStatus(t, e.post("/integrations/"+id+"/versions", url.Values{"spec": {text}, "base": {"1"}}), http.StatusSeeOther)
	if v, err := a.st.LatestSpecVersion(t.Context(), a.exampleID()); err != nil || v.Version != 2 || v.Valid {
		t.Errorf("saved version = %d valid %v (%v), want 2 and invalid", v.Version, v.Valid, err)
	}
	rec := e.get("/integrations/" + id + "/versions/2/files")
	wantStatus(t, rec, http.StatusBadRequest)
	if !strings.Contains(rec.Body.String(), "at most 10000 files") {
		t.Errorf("generating the version does not say why it is refused:\n%s", rec.Body.String())
	}
}
