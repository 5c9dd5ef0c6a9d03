package web

import (
	"testing"

	"github.com/patchbay/patchbay/generator"
)

func TestLRUKeepsTheMostRecentlyUsed(t *testing.T) {
	c := newLRU[*generator.Bundle](2)
	a, b, d := &generator.Bundle{}, &generator.Bundle{}, &generator.Bundle{}
	c.put("spec a", a)
	c.put("spec b", b)
	if got, ok := c.get("spec a"); !ok || got != a {
		t.Fatalf("get a = %v, %v", got, ok)
	}
	c.put("spec d", d) // evicts b, the least recently used
	if _, ok := c.get("spec b"); ok {
		t.Error("b is still cached past the size limit")
	}
	for text, want := range map[string]*generator.Bundle{"spec a": a, "spec d": d} {
		if got, ok := c.get(text); !ok || got != want {
			t.Errorf("get %q = %v, %v", text, got, ok)
		}
	}
	if _, ok := c.get("spec a "); ok {
		t.Error("a different text must not hit the cache")
	}
}
