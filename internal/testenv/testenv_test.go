package testenv

import (
	"errors"
	"testing"
)

// recorder is a testing.TB that records whether the test was skipped or
// failed instead of stopping the real test.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(string, ...any)         { r.skipped = true }
func (r *recorder) Fatalf(string, ...any)        { r.failed = true }
func (r *recorder) Fatal(...any)                 { r.failed = true }
func (r *recorder) Skip(...any)                  { r.skipped = true }
func (r *recorder) Errorf(string, ...any)        { r.failed = true }
func (r *recorder) Logf(format string, a ...any) {}

func TestNeed(t *testing.T) {
	if testing.Short() {
		t.Skip("Need always skips under -short; this test checks the other cases")
	}
	tests := []struct {
		name                 string
		ci                   string
		missing              error
		wantSkip, wantFailed bool
	}{
		{"tool present, developer machine", "", nil, false, false},
		{"tool present, CI", "true", nil, false, false},
		{"tool missing, developer machine: skip", "", errors.New("not found"), true, false},
		{"tool missing, CI: fail", "true", errors.New("not found"), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			Need(r, "a tool", tt.missing)
			if r.skipped != tt.wantSkip || r.failed != tt.wantFailed {
				t.Errorf("skipped=%v failed=%v, want skipped=%v failed=%v", r.skipped, r.failed, tt.wantSkip, tt.wantFailed)
			}
		})
	}
}
