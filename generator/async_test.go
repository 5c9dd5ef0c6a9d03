package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/spec"
)

func TestChunkSize(t *testing.T) {
	call := func(ms int) stepCode { return stepCode{TimeoutMillis: ms} }
	for _, tc := range []struct {
		name string
		segs []segmentModel
		want int
	}{
		{"no calls", []segmentModel{{DMLs: []stepCode{{}}}}, 200},
		{"one 10 s call: 12 fit in 120 s", []segmentModel{{Calls: []stepCode{call(10_000)}}}, 12},
		{"one 1 s call: 50 works at most", []segmentModel{{Calls: []stepCode{call(1_000)}}}, 50},
		{"three 1 s calls: 90 callouts", []segmentModel{{Calls: []stepCode{call(1_000), call(1_000), call(1_000)}}}, 30},
		{"two 30 s calls: 2 works", []segmentModel{{Calls: []stepCode{call(30_000), call(30_000)}}}, 2},
		{"the slowest segment decides", []segmentModel{{Calls: []stepCode{call(1_000)}}, {Calls: []stepCode{call(60_000)}}}, 2},
		{"a 120 s call runs alone", []segmentModel{{Calls: []stepCode{call(120_000)}}}, 1},
		{"a for-each call runs alone", []segmentModel{{Calls: []stepCode{{ForEach: true, TimeoutMillis: 1_000}}}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := chunkSize(tc.segs)
			if got != tc.want {
				t.Errorf("chunkSize = %d, want %d", got, tc.want)
			}
			longest := 0
			for _, s := range tc.segs {
				ms := 0
				for _, c := range s.Calls {
					ms += c.TimeoutMillis
				}
				longest = max(longest, ms)
			}
			if got > 1 && got*longest > calloutBudgetMillis {
				t.Errorf("%d works of %d ms exceed the 120 s callout budget", got, longest)
			}
		})
	}
}

func TestKeepSetsKeepOnlyWhatLaterSegmentsRead(t *testing.T) {
	f := spec.Flow{Steps: []spec.Step{
		{ID: "customer", Type: spec.StepCall, Path: "/customers/{!record.AccountId}"},
		{ID: "save", Type: spec.StepUpdate, Fields: map[string]any{"Customer_Id__c": "{!customer.id}"}},
		{ID: "invoice", Type: spec.StepCall, Path: "/invoices", Query: map[string]any{"customer": "{!customer.id}", "email": "{!customer.owner.email}"}},
		{ID: "lines", Type: spec.StepCall, ForEach: "{!invoice.lines}", Path: "/lines/{!item.id}"},
	}}
	m := &flowModel{IsRecord: true, Segments: []segmentModel{
		{Index: 0, Calls: []stepCode{{ID: "'customer'"}}, DMLs: []stepCode{{ID: "'save'"}}},
		{Index: 1, Calls: []stepCode{{ID: "'invoice'"}, {ID: "'lines'"}}},
	}}
	keep, whole := keepSets(f, m)
	wantKeep := "new Set<String>{ 'customer.id', 'customer.owner.email', 'invoice.lines' }, new Set<String>{ 'customer.id', 'customer.owner.email', 'invoice.lines' }"
	if keep != wantKeep {
		t.Errorf("KEEP\n got %s\nwant %s", keep, wantKeep)
	}
	if strings.Contains(keep, "record.") || strings.Contains(keep, "item.") {
		t.Errorf("KEEP holds the record (loaded again by every job) or a loop item: %s", keep)
	}
	if want := "new Set<String>{ 'customer' }, new Set<String>{ 'invoice', 'lines' }"; whole != want {
		t.Errorf("WHOLE\n got %s\nwant %s", whole, want)
	}
}

// TestJobsRespectQueueableLimits checks every example's and golden case's
// Queueables (the flows' jobs and the webhooks whose later steps run in a
// Queueable): each execution attaches a Transaction Finalizer, the only
// System.enqueueJob runs after the runtime's limit check and falls back to
// pending rows, and the sweep that resumes them hands each flow its rows back.
func TestJobsRespectQueueableLimits(t *testing.T) {
	examples, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("examples: %v", err)
	}
	cases, _ := filepath.Glob("testdata/*/spec.yaml")
	var files []string
	for _, c := range cases {
		if _, err := os.Stat(filepath.Join(filepath.Dir(c), "error.txt")); err == nil {
			continue
		}
		files = append(files, c)
	}
	files = append(examples, files...)
	enqueue := regexp.MustCompile(`System\.enqueueJob\(`)
	webhooks := 0
	for _, file := range files {
		name := filepath.Base(file)
		if name == "spec.yaml" {
			name = filepath.Base(filepath.Dir(file))
		}
		t.Run(name, func(t *testing.T) {
			b := generateFile(t, file)
			var sweep string
			jobs := 0
			for _, f := range b.Files {
				if strings.HasSuffix(f.Path, "Sweep.cls") {
					sweep = string(f.Data)
				}
			}
			if sweep == "" {
				t.Fatal("no sweep class")
			}
			for _, f := range b.Files {
				src := string(f.Data)
				isWebhook := strings.HasSuffix(f.Path, "Webhook.cls") && strings.Contains(src, "implements Queueable")
				if !strings.HasSuffix(f.Path, "Job.cls") && !isWebhook {
					continue
				}
				jobs++
				if isWebhook {
					webhooks++
				}
				name := strings.TrimSuffix(filepath.Base(f.Path), ".cls")
				if !strings.Contains(src, "System.attachFinalizer(recovery);") || !strings.Contains(src, "implements System.Finalizer") {
					t.Errorf("%s: no Transaction Finalizer", name)
				}
				if n := len(enqueue.FindAllStringIndex(src, -1)); n != 1 {
					t.Errorf("%s: %d System.enqueueJob calls, want the one in submit", name, n)
				}
				guard := strings.Index(src, ".mayEnqueue(depth)")
				call := strings.Index(src, "System.enqueueJob(")
				fallback := strings.Index(src, ".keepPending(FLOW")
				if guard < 0 || fallback < 0 || guard > call || call > fallback {
					t.Errorf("%s: System.enqueueJob is not guarded by mayEnqueue with a keepPending fallback", name)
				}
				if !strings.Contains(src, "options.MinimumQueueableDelayInMinutes = delay;") {
					t.Errorf("%s: no backoff delay", name)
				}
				if !strings.Contains(src, "public static void resume(String worksJson)") {
					t.Errorf("%s: no resume for the sweep", name)
				}
				if !strings.Contains(sweep, name+".resume(row.Works__c);") {
					t.Errorf("the sweep does not resume %s", name)
				}
			}
			if strings.Count(sweep, ".resume(row.Works__c);") != jobs {
				t.Errorf("the sweep resumes %d flows, the package has %d Queueables", strings.Count(sweep, ".resume("), jobs)
			}
		})
	}
	if webhooks == 0 {
		t.Error("no webhook with a Queueable among the cases: the webhook's limits go unchecked")
	}
}

// TestLogsAreShortScrubbedAndPurged checks the runtime's log path and the
// objects two integrations in one org share.
func TestLogsAreShortScrubbedAndPurged(t *testing.T) {
	a := generateFile(t, "../examples/zendesk-ticket-webhook.yaml")
	b := generateFile(t, "../examples/shopify-orders-webhook.yaml")
	files := func(bd *Bundle) map[string]string {
		out := map[string]string{}
		for _, f := range bd.Files {
			out[f.Path] = string(f.Data)
		}
		return out
	}
	fa, fb := files(a), files(b)
	var runtime string
	for p, src := range fa {
		if strings.HasSuffix(p, "Runtime.cls") {
			runtime = src
		}
	}
	for _, want := range []string{
		"private static final Integer MAX_MESSAGE = 2000;",
		"String msg = scrub(message);",
		"public static Integer purgeLogs(Datetime now, Integer max)",
		"WHERE Integration__c = :INTEGRATION AND CreatedDate < :cutoff",
		"Integration_Log_Setting__c.getInstance(SETTING_KEY)",
	} {
		if !strings.Contains(runtime, want) {
			t.Errorf("runtime lacks %q", want)
		}
	}
	// Objects every integration deploys are identical, so one deploy does not
	// change another integration's.
	shared := 0
	for p, src := range fa {
		for _, obj := range []string{"Integration_Log__c", "Integration_Work__c", "Integration_Log_Setting__c", "Webhook_Secret__c"} {
			if strings.Contains(p, "/objects/"+obj+"/") {
				shared++
				if fb[p] != src {
					t.Errorf("%s differs between two integrations", p)
				}
			}
		}
	}
	if shared == 0 {
		t.Fatal("no shared objects found")
	}
	// Webhook secrets are per integration: the setting row names both.
	if a.Setup.Webhooks[0].SecretApex == "" || !strings.Contains(a.Setup.Webhooks[0].SecretApex, "('ZendeskTickets.") {
		t.Errorf("webhook secret key is not scoped to the integration: %s", a.Setup.Webhooks[0].SecretApex)
	}
}

func generateFile(t *testing.T, file string) *Bundle {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
