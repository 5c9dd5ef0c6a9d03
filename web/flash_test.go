package web

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestEveryFlashKeyHasItsSentence(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`(?:s\.flash\(c, |flash := |flash = )"([a-z-]+)"`)
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			seen++
			if flashText(m[1]) == "" {
				t.Errorf("%s: flash %q has no sentence", f, m[1])
			}
		}
	}
	if seen < 10 {
		t.Errorf("found only %d flash uses; the pattern is stale", seen)
	}
}
