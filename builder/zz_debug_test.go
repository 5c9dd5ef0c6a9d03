package builder

import "testing"

func TestZZDebug(t *testing.T) {
	for _, s := range []string{"whenever somebody changes the email on a contact update it in klaviyo so the newsletter goes to the right place"} {
		text, _ := readText(s)
		t.Logf("%s", text)
		low := lowerASCII(text)
		e, name := clauseEnd(low, 0)
		t.Logf("end %d %q %q", e, name, low[:e])
		for _, sg := range splitFlows(text) {
			t.Logf("SEG %q", sg)
		}
	}
}
