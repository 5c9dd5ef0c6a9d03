package spec

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestAliasesExpandToTheWrittenOutSpec checks that anchors, aliases and
// merge keys give the same spec as writing every value out.
func TestAliasesExpandToTheWrittenOutSpec(t *testing.T) {
	anchored := `spec: patchbay/v1
name: Shared
systems:
  - {name: A, url: https://a.example.com, auth: &auth {type: apiKey, header: X-Key}}
  - {name: B, url: https://b.example.com, auth: *auth}
flows:
  - name: One
    trigger: &t {type: recordChange, object: Account, on: [create]}
    steps:
      - &call {id: send, type: call, system: A, method: POST, path: /v1/x}
    onError: &policy {retry: {attempts: 3, backoff: exponential}, log: true}
  - name: Two
    trigger: *t
    steps:
      - <<: *call
        system: B
    onError:
      <<: *policy
      log: false
`
	written := `spec: patchbay/v1
name: Shared
systems:
  - {name: A, url: https://a.example.com, auth: {type: apiKey, header: X-Key}}
  - {name: B, url: https://b.example.com, auth: {type: apiKey, header: X-Key}}
flows:
  - name: One
    trigger: {type: recordChange, object: Account, on: [create]}
    steps:
      - {id: send, type: call, system: A, method: POST, path: /v1/x}
    onError: {retry: {attempts: 3, backoff: exponential}, log: true}
  - name: Two
    trigger: {type: recordChange, object: Account, on: [create]}
    steps:
      - {id: send, type: call, system: B, method: POST, path: /v1/x}
    onError: {retry: {attempts: 3, backoff: exponential}, log: false}
`
	a, err := Load([]byte(anchored))
	if err != nil {
		t.Fatalf("Load(anchored): %v", err)
	}
	w, err := Load([]byte(written))
	if err != nil {
		t.Fatalf("Load(written): %v", err)
	}
	if !reflect.DeepEqual(a, w) {
		t.Errorf("anchored spec differs from the written-out one:\n%+v\n%+v", a, w)
	}
}

// TestAliasBombIsRefusedAtItsLine builds "billion laughs" documents (each
// level aliases the one before ten times, 10^levels values) and checks that
// they are refused with the line of the alias that blew up, and that a
// document the same shape but small enough loads.
func TestAliasBombIsRefusedAtItsLine(t *testing.T) {
	bomb := func(levels int) string {
		var b strings.Builder
		b.WriteString("spec: patchbay/v1\nname: Bomb\n")
		b.WriteString("description: &l0 lol\n")
		for i := 1; i <= levels; i++ {
			refs := make([]string, 10)
			for j := range refs {
				refs[j] = fmt.Sprintf("*l%d", i-1)
			}
			fmt.Fprintf(&b, "x%d: &l%d [%s]\n", i, i, strings.Join(refs, ", "))
		}
		return b.String()
	}
	for _, levels := range []int{3, 9, 30} {
		t.Run(fmt.Sprint(levels), func(t *testing.T) {
			_, err := Parse([]byte(bomb(levels)))
			if err == nil {
				t.Fatal("Parse accepted an alias bomb")
			}
			// xN is on line N+3 and aliases lN-1: the error names the
			// line and path of the alias being expanded when the budget
			// ran out.
			m := bombRE.FindStringSubmatch(err.Error())
			if m == nil || m[1] != fmt.Sprint(atoi(m[2])+3) || atoi(m[3]) != atoi(m[2])-1 {
				t.Errorf("error = %v, want the bomb named at the line of its alias", err)
			}
		})
	}
}

var bombRE = regexp.MustCompile(`^line (\d+): x(\d+)\[\d+\]: alias \*l(\d+) makes the spec more than 10 times larger than written \(over \d+ values\): refused as an alias bomb`)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func BenchmarkParseAliasBomb(b *testing.B) {
	var doc strings.Builder
	doc.WriteString("a0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&doc, "a%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	data := []byte(doc.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err == nil {
			b.Fatal("accepted")
		}
	}
}
