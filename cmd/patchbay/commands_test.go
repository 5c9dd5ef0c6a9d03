package main

import (
	"testing"
)

// TestCommandTable keeps the command table sound: names unique, every
// command with a summary and code, and each listed by help.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] {
			t.Errorf("command %q is in the table twice", c.name)
		}
		seen[c.name] = true
		if c.summary == "" || c.run == nil {
			t.Errorf("command %q needs a summary and a run function", c.name)
		}
		if got, ok := lookup(c.name); !ok || got.name != c.name {
			t.Errorf("lookup(%q) = %v, %v", c.name, got.name, ok)
		}
	}
	if _, ok := lookup("no-such-command"); ok {
		t.Error("lookup found a command that is not in the table")
	}
}
