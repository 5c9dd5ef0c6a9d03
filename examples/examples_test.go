package examples

import (
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestEveryTemplateIsAValidSpecWithADescription(t *testing.T) {
	all, err := Templates()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 8 {
		t.Fatalf("%d templates, want every example", len(all))
	}
	for _, tm := range all {
		s, err := spec.Load([]byte(tm.Text))
		if err == nil {
			err = spec.Validate(s)
		}
		if err != nil {
			t.Errorf("%s: %v", tm.Name, err)
		}
		if tm.Description == "" || len(tm.Description) > 160 {
			t.Errorf("%s: the list shows its description, which must be one line (%d characters)", tm.Name, len(tm.Description))
		}
		if got, ok := Lookup(tm.Name); !ok || got.Text != tm.Text {
			t.Errorf("Lookup(%q) does not find it", tm.Name)
		}
	}
	if _, ok := Lookup("../go.mod"); ok {
		t.Error("Lookup found a file that is not a template")
	}
}
