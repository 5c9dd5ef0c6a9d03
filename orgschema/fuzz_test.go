package orgschema_test

import (
	"os"
	"testing"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/spec"
)

// FuzzCheck: any spec that loads can be checked against an org without a
// panic, and every problem names the org and a path.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"testdata/regions.yaml", "testdata/mistakes.yaml", "../examples/stripe-invoice-on-closed-won.yaml", "../examples/zendesk-ticket-webhook.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	orgs := describeTwoOrgs(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, lines, err := spec.LoadLines(data)
		if err != nil {
			return
		}
		for _, e := range orgschema.Check(s, lines, orgs["org2"], "org2") {
			if e.Path == "" || !containsOrg(e.Msg) {
				t.Fatalf("problem without a path or the org: %+v", e)
			}
		}
	})
}

func containsOrg(msg string) bool {
	for i := 0; i+4 <= len(msg); i++ {
		if msg[i:i+4] == "org2" {
			return true
		}
	}
	return false
}
