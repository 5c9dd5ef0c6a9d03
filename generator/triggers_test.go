package generator

import (
	"testing"

	"github.com/patchbay/patchbay/spec"
)

// Every trigger type the spec accepts has a builder and templates that
// exist, and no builder is left for a type the spec no longer has.
func TestEveryTriggerTypeHasAKind(t *testing.T) {
	for _, typ := range spec.TriggerTypes {
		k, ok := triggerKinds[typ]
		if !ok {
			t.Errorf("trigger type %q has no row in triggerKinds", typ)
			continue
		}
		if k.class == "" || k.build == nil {
			t.Errorf("trigger type %q: class %q, build set %t", typ, k.class, k.build != nil)
		}
		for _, name := range []string{k.main, k.test} {
			if tmpl.Lookup(name) == nil {
				t.Errorf("trigger type %q: no template %q", typ, name)
			}
		}
	}
	if len(triggerKinds) != len(spec.TriggerTypes) {
		t.Errorf("triggerKinds has %d rows, the spec %d trigger types", len(triggerKinds), len(spec.TriggerTypes))
	}
}
