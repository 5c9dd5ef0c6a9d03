package salesforce_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// Deploy a Metadata API zip to an org and wait for the result; here the org
// is simulated by sfsim.
func ExampleClient_Deploy() {
	srv := sfsim.New(sfsim.Options{Orgs: []sfsim.OrgOptions{{Alias: "acme", Sandbox: true}}})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetBaseURL(ts.URL)
	tok, _ := srv.IssueToken("acme", "")

	c, err := salesforce.New(tok, salesforce.Options{Protocol: salesforce.ProtocolREST, AllowLoopback: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	pkgZip := exampleZip()
	id, err := c.Deploy(ctx, pkgZip, salesforce.DeployOptions{TestLevel: salesforce.TestLevelRunLocalTests, RollbackOnError: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := c.WaitDeploy(ctx, id, salesforce.PollOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Status, r.NumberComponentsDeployed, "components,", r.NumberTestsCompleted, "tests passed")
	for _, f := range r.ComponentFailures {
		fmt.Printf("%s line %d: %s\n", f.FileName, f.LineNumber, f.Problem)
	}
	// Output: Succeeded 2 components, 1 tests passed
}

func exampleZip() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"package.xml":                    pkg("ApexClass:Hello", "ApexClass:HelloTest"),
		"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
		"classes/Hello.cls-meta.xml":     apexMeta,
		"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n}\n",
		"classes/HelloTest.cls-meta.xml": apexMeta,
	} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(body))
	}
	_ = zw.Close()
	return buf.Bytes()
}
