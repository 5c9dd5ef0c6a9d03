package deploy

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/salesforce/sfsim"
	"github.com/patchbay/patchbay/store"
)

const apexMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <status>Active</status>
</ApexClass>
`

// helloPackage is a small valid Metadata API package: a class, its test
// and an External Credential with one named principal.
var helloPackage = map[string]string{
	"package.xml": `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>Hello</members><members>HelloTest</members><name>ApexClass</name></types>
    <types><members>Acme_API_Auth</members><name>ExternalCredential</name></types>
    <version>66.0</version>
</Package>
`,
	"classes/Hello.cls":              "public with sharing class Hello {\n    public static String hi() { return 'hi'; }\n}\n",
	"classes/Hello.cls-meta.xml":     apexMeta,
	"classes/HelloTest.cls":          "@IsTest\nprivate class HelloTest {\n    @IsTest static void saysHi() { Assert.areEqual('hi', Hello.hi()); }\n}\n",
	"classes/HelloTest.cls-meta.xml": apexMeta,
	"externalCredentials/Acme_API_Auth.externalCredential": `<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Acme_Service</parameterGroup>
        <parameterName>Acme_Service</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Acme API Auth</label>
</ExternalCredential>
`,
}

func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// simWorld is sfsim behind httptest, with its orgs connected in a store.
type simWorld struct {
	srv    *sfsim.Server
	path   string
	st     *store.Store
	orgs   map[string]store.Org
	tokens map[string]store.Tokens
	conn   *SalesforceConnector
	last   []store.Job // the jobs of the last deployment checked
}

func jobOf(t *testing.T, w *simWorld, alias string) store.Job {
	t.Helper()
	for _, j := range w.last {
		if j.OrgAlias == alias {
			return j
		}
	}
	t.Fatalf("no job for %s", alias)
	return store.Job{}
}

func newSimWorld(t testing.TB, deployTime time.Duration, aliases ...string) *simWorld {
	t.Helper()
	var oo []sfsim.OrgOptions
	for i, a := range aliases {
		oo = append(oo, sfsim.OrgOptions{Alias: a, Sandbox: i > 0})
	}
	srv := sfsim.New(sfsim.Options{Orgs: oo, DeployDuration: deployTime})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	srv.SetBaseURL(hs.URL)
	w := &simWorld{srv: srv, path: filepath.Join(t.TempDir(), "p.db"), orgs: map[string]store.Org{}, tokens: map[string]store.Tokens{},
		conn: &SalesforceConnector{ClientID: sfsim.DefaultClientID, ClientSecret: sfsim.DefaultClientSecret, AllowLoopback: true, RetryDelay: 5 * time.Millisecond}}
	w.st = openStore(t, w.path)
	for i, a := range aliases {
		tok, err := srv.IssueToken(a, "")
		if err != nil {
			t.Fatal(err)
		}
		kind := store.OrgSandbox
		if i == 0 {
			kind = store.OrgProduction
		}
		st := store.Tokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken}
		o, err := w.st.CreateOrg(context.Background(), store.Org{Alias: a, Kind: kind, LoginURL: hs.URL, InstanceURL: tok.InstanceURL,
			OrgID: tok.OrgID(), APIVersion: "66.0"}, st)
		if err != nil {
			t.Fatal(err)
		}
		w.orgs[a], w.tokens[a] = o, st
	}
	return w
}

func (w *simWorld) ids(aliases ...string) []int64 {
	var out []int64
	for _, a := range aliases {
		out = append(out, w.orgs[a].ID)
	}
	return out
}

func simOptions() Options {
	return Options{PollInterval: 20 * time.Millisecond, MaxPollInterval: 100 * time.Millisecond, RetryDelay: 10 * time.Millisecond, StatusDeadline: 5 * time.Second}
}

// checkRecorded fails the test unless the deployment and one finished job
// per org, each with a result or an error, are in the store.
func checkRecorded(t *testing.T, st *store.Store, id int64, orgs int) []store.Job {
	t.Helper()
	ctx := context.Background()
	if _, err := st.Deployment(ctx, id); err != nil {
		t.Fatalf("deployment %d lost: %v", id, err)
	}
	jobs, err := st.Jobs(ctx, id)
	if err != nil || len(jobs) != orgs {
		t.Fatalf("deployment %d has %d jobs (%v), want %d", id, len(jobs), err, orgs)
	}
	for _, j := range jobs {
		if !j.Status.Done() || (len(j.Result) == 0 && j.Error == "") {
			t.Errorf("job for %s: status %s, result %d bytes, error %q", j.OrgAlias, j.Status, len(j.Result), j.Error)
		}
	}
	return jobs
}

func TestFanOutToThreeSimulatedOrgs(t *testing.T) {
	ctx := context.Background()
	w := newSimWorld(t, 100*time.Millisecond, "prod", "uat", "dev")
	svc := New(w.st, w.conn, simOptions())
	defer svc.Close()
	creds := []salesforce.PrincipalCredentials{{ExternalCredential: "Acme_API_Auth", PrincipalName: "Acme_Service", AuthenticationProtocol: "Custom",
		Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: "acme-secret", Encrypted: true}}}}
	d, _, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod", "uat", "dev"), CreatedBy: "test", Credentials: creds})
	if err != nil {
		t.Fatal(err)
	}
	got, jobs, err := svc.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.DeploymentSucceeded {
		for _, j := range jobs {
			t.Logf("%s: %s %s", j.OrgAlias, j.Status, j.Error)
		}
		t.Fatalf("deployment %s", got.Status)
	}
	checkRecorded(t, w.st, d.ID, 3)
	for _, a := range []string{"prod", "uat", "dev"} {
		deploys := w.srv.Deploys(a)
		if len(deploys) != 1 || deploys[0].TestLevel != salesforce.TestLevelRunLocalTests {
			t.Errorf("%s saw deploys %+v; want one with RunLocalTests", a, deploys)
		}
		cs := w.srv.Credentials(a)
		if len(cs) != 1 || cs[0].Values["ApiKey"] != "acme-secret" {
			t.Errorf("%s credentials = %d principals", a, len(cs))
		}
	}
	for _, j := range jobs {
		if j.Counts.ComponentsDeployed == 0 || j.Counts.TestsTotal == 0 {
			t.Errorf("%s counts = %+v", j.OrgAlias, j.Counts)
		}
	}
}

func TestASimulatedComponentFailureKeepsFileAndLine(t *testing.T) {
	ctx := context.Background()
	w := newSimWorld(t, 0, "prod", "uat")
	svc := New(w.st, w.conn, simOptions())
	defer svc.Close()
	bad := map[string]string{}
	for k, v := range helloPackage {
		bad[k] = v
	}
	bad["classes/Hello.cls"] = "public with sharing class Hello {\n    public static String hi() { return 'hi';\n}\n"
	d, _, err := svc.Start(ctx, Request{Zip: zipOf(t, bad), OrgIDs: w.ids("uat")})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := svc.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	jobs := checkRecorded(t, w.st, d.ID, 1)
	if got.Status != store.DeploymentFailed || !strings.Contains(jobs[0].Error, "classes/Hello.cls:") {
		t.Errorf("deployment %s, error %q; want a failure naming classes/Hello.cls and a line", got.Status, jobs[0].Error)
	}
	r, err := ResultOf(jobs[0])
	if err != nil || r == nil || len(r.ComponentFailures) == 0 || r.ComponentFailures[0].LineNumber == 0 {
		t.Errorf("stored result = %+v, %v", r, err)
	}
}

func TestSimulatedFaults(t *testing.T) {
	tests := []struct {
		name       string
		faults     sfsim.Faults
		before     func(w *simWorld)
		want       map[string]store.JobStatus
		wantError  map[string]string
		check      func(t *testing.T, w *simWorld)
		wantStatus store.DeploymentStatus
	}{
		{
			name:   "503 bursts are ridden out without a second deploy",
			faults: sfsim.Faults{Unavailable: 9},
			want:   map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobSucceeded, "dev": store.JobSucceeded},
			check: func(t *testing.T, w *simWorld) {
				n := 0
				for _, r := range w.srv.Requests() {
					if r.Status == 503 {
						n++
					}
				}
				if n != 9 {
					t.Errorf("sfsim answered 503 %d times, want 9", n)
				}
				if f := w.srv.CurrentFaults(); f.Unavailable != 0 {
					t.Errorf("%d 503s were left unused", f.Unavailable)
				}
			},
		},
		{
			name:   "a session expiring mid-poll is refreshed and the poll resumes",
			faults: sfsim.Faults{ExpireSessionAfterPolls: 2},
			want:   map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobSucceeded, "dev": store.JobSucceeded},
			check: func(t *testing.T, w *simWorld) {
				changed := 0
				for a, old := range w.tokens {
					tok, err := w.st.OrgTokens(context.Background(), w.orgs[a].ID)
					if err != nil {
						t.Fatal(err)
					}
					if tok.AccessToken != old.AccessToken {
						changed++
						if tok.RefreshToken != old.RefreshToken {
							t.Errorf("%s refresh token changed", a)
						}
					}
				}
				if changed != 1 {
					t.Errorf("%d orgs have a new stored access token, want 1", changed)
				}
			},
		},
		{
			name:      "limit exceeded fails that org with a clear error",
			faults:    sfsim.Faults{Org: "uat", LimitExceeded: 1},
			want:      map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobFailed, "dev": store.JobSucceeded},
			wantError: map[string]string{"uat": "has used up its Salesforce API request limit"},
		},
		{
			name:   "a deploy request whose connection drops before it reaches the org is sent again: one deploy",
			faults: sfsim.Faults{Org: "uat", DropConnections: 1},
			want:   map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobSucceeded, "dev": store.JobSucceeded},
		},
		{
			name:   "a deploy whose answer is lost is found in the org, not sent again: one deploy",
			faults: sfsim.Faults{Org: "uat", DropResponses: 1},
			want:   map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobSucceeded, "dev": store.JobSucceeded},
			check: func(t *testing.T, w *simWorld) {
				j := jobOf(t, w, "uat")
				if d := w.srv.Deploys("uat"); len(d) != 1 || d[0].ID != j.AsyncID {
					t.Errorf("uat deploys %+v; want exactly the adopted %s", d, j.AsyncID)
				}
			},
		},
		{
			name: "a refused refresh token marks the org for reconnecting",
			before: func(w *simWorld) {
				w.srv.ExpireSessions("dev")
				w.srv.RevokeRefreshTokens("dev")
			},
			want:      map[string]store.JobStatus{"prod": store.JobSucceeded, "uat": store.JobSucceeded, "dev": store.JobFailed},
			wantError: map[string]string{"dev": "org dev must be reconnected"},
			// The refresh is refused at the deploy request: nothing was sent.
			check: func(t *testing.T, w *simWorld) {
				if o, _ := w.st.Org(context.Background(), w.orgs["dev"].ID); o.Status != store.OrgReconnectRequired {
					t.Errorf("org dev status = %s", o.Status)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newSimWorld(t, 150*time.Millisecond, "prod", "uat", "dev")
			w.srv.SetFaults(tt.faults)
			if tt.before != nil {
				tt.before(w)
			}
			svc := New(w.st, w.conn, simOptions())
			defer svc.Close()
			d, _, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod", "uat", "dev")})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Wait(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
			for _, j := range checkRecorded(t, w.st, d.ID, 3) {
				w.last = append(w.last, j)
				if j.Status != tt.want[j.OrgAlias] {
					t.Errorf("%s: %s (%s), want %s", j.OrgAlias, j.Status, j.Error, tt.want[j.OrgAlias])
				}
				if want := tt.wantError[j.OrgAlias]; want != "" && !strings.Contains(j.Error, want) {
					t.Errorf("%s error = %q, want it to contain %q", j.OrgAlias, j.Error, want)
				}
				if n := len(w.srv.Deploys(j.OrgAlias)); n > 1 {
					t.Errorf("%s saw %d deploys", j.OrgAlias, n)
				}
				if j.Status == store.JobSucceeded && len(w.srv.Deploys(j.OrgAlias)) != 1 {
					t.Errorf("%s succeeded without exactly one deploy", j.OrgAlias)
				}
			}
			if tt.check != nil {
				tt.check(t, w)
			}
		})
	}
}

func TestARestartMidDeployResumesPollingWithoutDeployingAgain(t *testing.T) {
	ctx := context.Background()
	w := newSimWorld(t, 2*time.Second, "prod", "uat", "dev")
	svc := New(w.st, w.conn, simOptions())
	d, jobs, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod", "uat", "dev")})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		js, _ := w.st.Jobs(ctx, d.ID)
		ready := 0
		for _, j := range js {
			if j.AsyncID != "" {
				ready++
			}
		}
		if ready == len(jobs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the deploy ids were not recorded")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The process "dies": the service stops and the database is closed.
	svc.Close()
	w.st.Close()
	js, _ := openStore(t, w.path).Jobs(ctx, d.ID)
	for _, j := range js {
		if j.Status.Done() {
			t.Fatalf("job %s finished before the restart; make the simulated deploy slower", j.OrgAlias)
		}
	}

	st2 := openStore(t, w.path)
	svc2 := New(st2, w.conn, simOptions())
	defer svc2.Close()
	n, err := svc2.Resume(ctx)
	if err != nil || n != 3 {
		t.Fatalf("Resume = %d, %v", n, err)
	}
	got, _, err := svc2.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.DeploymentSucceeded {
		t.Errorf("after resume the deployment is %s", got.Status)
	}
	for _, j := range checkRecorded(t, st2, d.ID, 3) {
		if j.Attempt != 2 {
			t.Errorf("%s attempt = %d, want 2 (one deploy, one resumed poll)", j.OrgAlias, j.Attempt)
		}
		if deploys := w.srv.Deploys(j.OrgAlias); len(deploys) != 1 || deploys[0].ID != j.AsyncID {
			t.Errorf("%s saw %d deploys, want exactly one (%s)", j.OrgAlias, len(deploys), j.AsyncID)
		}
	}
}

// acmeCreds are secrets for helloPackage's External Credential principal.
var acmeCreds = []salesforce.PrincipalCredentials{{ExternalCredential: "Acme_API_Auth", PrincipalName: "Acme_Service",
	AuthenticationProtocol: "Custom", Credentials: map[string]salesforce.CredentialValue{"ApiKey": {Value: "sk_test_1", Encrypted: true}}}}

// waitForIDs waits until every job of a deployment has its deploy id.
func waitForIDs(t *testing.T, st *store.Store, id int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		js, _ := st.Jobs(context.Background(), id)
		ready := 0
		for _, j := range js {
			if j.AsyncID != "" {
				ready++
			}
		}
		if ready == len(js) && ready > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the deploy ids were not recorded")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestErrorsWhilePollingAreNotAFailedDeploy(t *testing.T) {
	tests := []struct {
		name     string
		faults   sfsim.Faults
		deadline time.Duration
		want     store.JobStatus
		creds    int
	}{
		{"REQUEST_LIMIT_EXCEEDED polls are ridden out, then the credentials are set", sfsim.Faults{Org: "uat", LimitExceeded: 4}, 5 * time.Second, store.JobSucceeded, 1},
		{"503 polls are ridden out", sfsim.Faults{Org: "uat", Unavailable: 6}, 5 * time.Second, store.JobSucceeded, 1},
		{"polls failing past the deadline end unknown, with no credentials set", sfsim.Faults{Org: "uat", LimitExceeded: 1 << 20}, 300 * time.Millisecond, store.JobUnknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newSimWorld(t, 300*time.Millisecond, "prod", "uat")
			opts := simOptions()
			opts.StatusDeadline = tt.deadline
			svc := New(w.st, w.conn, opts)
			defer svc.Close()
			d, _, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod", "uat"), Credentials: acmeCreds})
			if err != nil {
				t.Fatal(err)
			}
			waitForIDs(t, w.st, d.ID)
			w.srv.SetFaults(tt.faults)
			got, _, err := svc.Wait(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			w.last = checkRecorded(t, w.st, d.ID, 2)
			j := jobOf(t, w, "uat")
			if j.Status != tt.want {
				t.Errorf("uat job %s (%s), want %s", j.Status, j.Error, tt.want)
			}
			if tt.want == store.JobUnknown {
				if !strings.Contains(j.Error, "unknown: check the org") || !strings.Contains(j.Error, j.AsyncID) {
					t.Errorf("uat error %q: want plain words and the deploy id %s", j.Error, j.AsyncID)
				}
				if got.Status != store.DeploymentUnknown {
					t.Errorf("deployment %s, want unknown", got.Status)
				}
			}
			if r, ok := w.srv.DeployResult(j.AsyncID); !ok || !r.Success {
				t.Errorf("the org's deploy: %+v", r)
			}
			if n := len(w.srv.Credentials("uat")); n != tt.creds {
				t.Errorf("uat has %d credentials set, want %d", n, tt.creds)
			}
			if n := len(w.srv.Deploys("uat")); n != 1 {
				t.Errorf("uat saw %d deploys", n)
			}
		})
	}
}

// crashAfterDeploy sends the deploy request for real, then ends the worker
// goroutine before the answer is recorded, as kill -9 of the process
// between send and record does.
type crashAfterDeploy struct {
	*SalesforceConnector
	crashed chan struct{}
}

func (c *crashAfterDeploy) Connect(ctx context.Context, org store.Org, tokens store.Tokens, onRefresh func(store.Tokens)) (OrgClient, error) {
	cl, err := c.SalesforceConnector.Connect(ctx, org, tokens, onRefresh)
	if err != nil {
		return nil, err
	}
	return crashingClient{OrgClient: cl, crashed: c.crashed}, nil
}

type crashingClient struct {
	OrgClient
	crashed chan struct{}
}

func (c crashingClient) Deploy(ctx context.Context, zip []byte, opts salesforce.DeployOptions) (string, error) {
	if _, err := c.OrgClient.Deploy(ctx, zip, opts); err != nil {
		return "", err
	}
	c.crashed <- struct{}{}
	runtime.Goexit()
	return "", nil
}

func TestACrashBetweenSendAndRecordDoesNotDeployTwiceOnResume(t *testing.T) {
	ctx := context.Background()
	w := newSimWorld(t, 200*time.Millisecond, "prod")
	crash := &crashAfterDeploy{SalesforceConnector: w.conn, crashed: make(chan struct{}, 1)}
	svc := New(w.st, crash, simOptions())
	d, jobs, err := svc.Start(ctx, Request{Zip: zipOf(t, helloPackage), OrgIDs: w.ids("prod"), Credentials: acmeCreds, KeepCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	<-crash.crashed
	svc.Close()
	j, err := w.st.Job(ctx, jobs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if j.Status != store.JobDeploying || j.AsyncID != "" || j.SendingAt.IsZero() {
		t.Fatalf("after the crash the job is %s, id %q, sending at %v; want deploying, no id, a send time", j.Status, j.AsyncID, j.SendingAt)
	}
	if n := len(w.srv.Deploys("prod")); n != 1 {
		t.Fatalf("the org has %d deploys before the resume, want 1", n)
	}

	svc2 := New(w.st, w.conn, simOptions())
	defer svc2.Close()
	if n, err := svc2.Resume(ctx); err != nil || n != 1 {
		t.Fatalf("Resume = %d, %v", n, err)
	}
	got, _, err := svc2.Wait(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.DeploymentSucceeded {
		t.Errorf("after the resume the deployment is %s", got.Status)
	}
	j, _ = w.st.Job(ctx, jobs[0].ID)
	deploys := w.srv.Deploys("prod")
	if len(deploys) != 1 || deploys[0].ID != j.AsyncID {
		t.Errorf("the org has %d deploys (%+v), want exactly one, adopted as %s", len(deploys), deploys, j.AsyncID)
	}
	if n := len(w.srv.Credentials("prod")); n != 1 {
		t.Errorf("prod has %d credentials set after the resumed deploy, want 1", n)
	}
}

// BenchmarkFanOut deploys to 1, 5 and 20 simulated orgs whose deploys take
// one second each: the wall time should stay close to one deploy's.
func BenchmarkFanOut(b *testing.B) {
	for _, n := range []int{1, 5, 20} {
		b.Run(fmt.Sprintf("orgs=%d", n), func(b *testing.B) {
			ctx := context.Background()
			var aliases []string
			for i := 0; i < n; i++ {
				aliases = append(aliases, fmt.Sprint("org", i))
			}
			// All sandboxes: the first org is production in newSimWorld, so
			// use RunLocalTests, which both accept.
			w := newSimWorld(b, time.Second, aliases...)
			svc := New(w.st, w.conn, Options{PollInterval: 100 * time.Millisecond, MaxPollInterval: 200 * time.Millisecond})
			defer svc.Close()
			zip := zipOf(b, helloPackage)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, _, err := svc.Start(ctx, Request{Zip: zip, OrgIDs: w.ids(aliases...)})
				if err != nil {
					b.Fatal(err)
				}
				got, _, err := svc.Wait(ctx, d.ID)
				if err != nil || got.Status != store.DeploymentSucceeded {
					b.Fatalf("deployment %s, %v", got.Status, err)
				}
			}
		})
	}
}
