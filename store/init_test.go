package store

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestPackageInitDoesNoBcrypt runs this test binary again with
// GODEBUG=inittrace=1 and reads what the store package's init allocated: a
// bcrypt hash (about 6 KB of Blowfish state) computed at init would cost
// every patchbay process, even `patchbay package`, tens of milliseconds.
func TestPackageInitDoesNoBcrypt(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("rerunning the test binary: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`init github.com/patchbay/patchbay/store @\S+ ms, \S+ ms clock, (\d+) bytes`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no inittrace line for the store package in:\n%s", out)
	}
	bytes, _ := strconv.Atoi(string(m[1]))
	if bytes > 2048 {
		t.Errorf("store package init allocated %d bytes; a bcrypt hash at init allocates about 6 KB: compute it when first needed", bytes)
	}
}
