package sfsim_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/spec"
)

// generatedExamples generates every examples/*.yaml.
func generatedExamples(t *testing.T) map[string]*generator.Bundle {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	out := map[string]*generator.Bundle{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := spec.Load(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		b, err := generator.Generate(s)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".yaml")] = b
	}
	return out
}

// TestGeneratedExamplesDeployToProduction deploys each example's Metadata
// API zip to a simulated production org with local tests, as patchbay does.
func TestGeneratedExamplesDeployToProduction(t *testing.T) {
	bundles := generatedExamples(t)
	names := make([]string, 0, len(bundles))
	for n := range bundles {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, name := range names {
		b := bundles[name]
		p := []salesforce.Protocol{salesforce.ProtocolSOAP, salesforce.ProtocolREST}[i%2]
		t.Run(name+" over "+string(p), func(t *testing.T) {
			zipData, err := b.MetadataZip()
			if err != nil {
				t.Fatal(err)
			}
			srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}})
			tok, _ := srv.IssueToken("prod", "")
			c, err := salesforce.New(tok, salesforce.Options{Protocol: p, AllowLoopback: true})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			id, err := c.Deploy(ctx, zipData, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true, SinglePackage: true})
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Success || r.NumberTestsTotal == 0 || r.NumberTestErrors != 0 {
				t.Fatalf("deploy of %s: %+v", name, r)
			}
			if got, want := len(srv.Deployed("prod")), r.NumberComponentsDeployed; got != want || got == 0 {
				t.Errorf("org holds %d components, result says %d deployed", got, want)
			}
		})
	}
}

// TestSFCLIDeploysGeneratedProjects deploys generated SFDX projects with the
// real sf CLI.
func TestSFCLIDeploysGeneratedProjects(t *testing.T) {
	sf := newSFCLI(t)
	bundles := generatedExamples(t)
	srv, _ := start(t, sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "prod"}}, DeployDuration: 200 * time.Millisecond})
	tok, _ := srv.IssueToken("prod", "")
	if out, code := sf.run(sf.dir, []string{"SF_ACCESS_TOKEN=" + tok.AccessToken},
		"org", "login", "access-token", "--instance-url", tok.InstanceURL, "--no-prompt", "--alias", "prod", "--json"); code != 0 {
		t.Fatalf("login exited %d:\n%s", code, tail(string(out), 3000))
	}
	for _, name := range []string{"stripe-invoice-on-closed-won", "hubspot-lead-cdc", "zendesk-ticket-webhook"} {
		b := bundles[name]
		if b == nil {
			t.Errorf("example %s is gone; pick another", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), name)
			for _, f := range b.Files {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := len(srv.Deploys("prod"))
			out, code := sf.run(dir, nil, "project", "deploy", "start", "--source-dir", "force-app", "--target-org", "prod", "--test-level", "RunLocalTests", "--wait", "5", "--json")
			d := decodeDeploy(t, out)
			if code != 0 || !d.Result.Success {
				t.Fatalf("sf deploy of %s: exit %d\n%s", name, code, tail(string(out), 4000))
			}
			deploys := srv.Deploys("prod")
			if len(deploys) != before+1 || deploys[len(deploys)-1].NumberTestsTotal == 0 {
				t.Errorf("deploys = %+v, want one more that ran tests", deploys[before:])
			}
		})
	}
}
