package builder_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patchbay/patchbay/builder"
	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/internal/planeval"
	"github.com/patchbay/patchbay/spec"
)

// corpusCase is one request of an evaluation corpus in the scorer's format
// (shared/eval/README.md).
type corpusCase struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Expect struct {
		Clarify        bool           `json:"clarify"`
		Refuse         bool           `json:"refuse"`
		Systems        []string       `json:"systems"`
		Flows          []expectedFlow `json:"flows"`
		MustNotContain []string       `json:"mustNotContain"`
	} `json:"expect"`
}

type expectedFlow struct {
	Trigger map[string]any   `json:"trigger"`
	When    []map[string]any `json:"when"`
	Steps   []map[string]any `json:"steps"`
}

func loadCorpus(t testing.TB, path string) []corpusCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cases
}

// corpora lists builder/testdata/corpus.json and, when the shared
// evaluation folder sits beside the checkout (or PATCHBAY_EVAL_DIR names
// it), the public corpus.
func corpora(t testing.TB) []string {
	paths := []string{filepath.Join("testdata", "corpus.json")}
	dir := os.Getenv("PATCHBAY_EVAL_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "eval")
	}
	if _, err := os.Stat(filepath.Join(dir, "public.json")); err == nil {
		paths = append(paths, filepath.Join(dir, "public.json"))
	} else {
		t.Logf("public corpus not found in %s (set PATCHBAY_EVAL_DIR): checking builder/testdata only", dir)
	}
	return paths
}

func TestOwnCorpusHasEnoughVariedCases(t *testing.T) {
	cases := loadCorpus(t, filepath.Join("testdata", "corpus.json"))
	if len(cases) < 30 {
		t.Errorf("builder/testdata/corpus.json has %d cases, want at least 30", len(cases))
	}
	two, clarify := 0, 0
	for _, c := range cases {
		if len(c.Expect.Flows) > 1 {
			two++
		}
		if c.Expect.Clarify {
			clarify++
		}
	}
	if two < 3 || clarify < 3 {
		t.Errorf("corpus has %d two-flow and %d clarify cases, want at least 3 of each", two, clarify)
	}
}

// unseenCorpora hold requests written in the held-out set's style
// (casual, long, typos, synonyms, two flows in one request) before the
// planner was tuned on them (unseen.json first, unseen2.json after a round
// of fixes; unseen9.json, user stories, Given/When/Then, forwarded mail,
// bar-separated notes and injections, scored 73.6% of facts with 6
// needless questions before issue 9's changes). Their facts are reported, not required: they measure how the
// planner generalizes. Every spec planned from them must still validate
// and generate.
func unseenCorpora(t testing.TB) []string {
	paths, err := filepath.Glob(filepath.Join("testdata", "unseen*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/unseen*.json: %v", err)
	}
	return paths
}

// TestPlannedSpecsValidateAndGenerate plans every corpus request offline,
// the unseen ones too, and checks that each spec passes spec.Validate and
// generator.Generate.
func TestPlannedSpecsValidateAndGenerate(t *testing.T) {
	p := builder.NewOffline()
	for _, path := range append(corpora(t), unseenCorpora(t)...) {
		for _, c := range loadCorpus(t, path) {
			t.Run(c.ID, func(t *testing.T) {
				res, err := p.Plan(context.Background(), c.Text)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				if res.Spec == nil {
					if res.Question == "" && res.Refusal == "" {
						t.Fatal("no spec, question or refusal")
					}
					return
				}
				if err := spec.Validate(res.Spec); err != nil {
					t.Fatalf("planned spec does not validate: %v", err)
				}
				y, err := spec.Format(res.Spec)
				if err != nil {
					t.Fatalf("Format: %v", err)
				}
				if _, err := spec.Load(y); err != nil {
					t.Fatalf("formatted spec does not load back: %v\n%s", err, y)
				}
				b, err := generator.Generate(res.Spec)
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				if len(b.Files) == 0 {
					t.Fatal("Generate returned no files")
				}
			})
		}
	}
}

// TestPlannedSpecsHaveExpectedFacts checks the planner against the facts
// each corpus case expects, with the scorer's matching rules.
func TestPlannedSpecsHaveExpectedFacts(t *testing.T) {
	p := builder.NewOffline()
	for _, path := range corpora(t) {
		for _, c := range loadCorpus(t, path) {
			t.Run(c.ID, func(t *testing.T) {
				res, err := p.Plan(context.Background(), c.Text)
				if err != nil {
					t.Fatalf("Plan: %v", err)
				}
				out, _ := json.Marshal(res)
				for _, s := range c.Expect.MustNotContain {
					if strings.Contains(string(out), s) {
						t.Errorf("output contains %q", s)
					}
				}
				if c.Expect.Clarify {
					if res.Spec != nil {
						t.Fatalf("planned a spec, want a clarification")
					}
					if c.Expect.Refuse && res.Refusal == "" {
						t.Errorf("asked %q, want a refusal", res.Question)
					}
					return
				}
				if res.Spec == nil {
					t.Fatalf("asked %q%s, want a spec", res.Question, res.Refusal)
				}
				for _, miss := range missedFacts(c, res.Spec) {
					if why, ok := knownDeviations[c.ID+" "+miss]; ok {
						t.Logf("deliberate: %s (%s)", miss, why)
						continue
					}
					t.Error(miss)
				}
			})
		}
	}
}

// knownDeviations are facts of a corpus the planner deliberately does not
// meet, by case id and missed fact, each with the reason. They still count
// against the corpus's score (make eval).
var knownDeviations = map[string]string{
	"p24 trigger.verify.type=hmacSha256 (got stripe)": "Stripe signs t.body in Stripe-Signature (t=...,v1=...), not the body alone: " +
		"hmacSha256 on that header would refuse every genuine Stripe call; the contract's verify type for Stripe is stripe",
	"p24 trigger.verify.header=Stripe-Signature (missing)": "the stripe scheme names its own header",
}

// TestUnseenCorpusFacts fails on every fact the planner misses on the
// unseen corpora that unseenKnownMisses does not list with its reason, when
// a request that must be refused or clarified gets a spec, and when a
// pasted secret or injected text shows up in the output. A new blind batch
// is scored before any fix (make eval); its misses are fixed or listed here.
func TestUnseenCorpusFacts(t *testing.T) {
	p := builder.NewOffline()
	missed, cases := 0, 0
	var all []corpusCase
	for _, path := range unseenCorpora(t) {
		all = append(all, loadCorpus(t, path)...)
	}
	for _, c := range all {
		res, err := p.Plan(context.Background(), c.Text)
		if err != nil {
			t.Fatalf("%s: Plan: %v", c.ID, err)
		}
		out, _ := json.Marshal(res)
		for _, s := range c.Expect.MustNotContain {
			if strings.Contains(string(out), s) {
				t.Errorf("%s: output contains %q", c.ID, s)
			}
		}
		if c.Expect.Clarify {
			if res.Spec != nil {
				t.Errorf("%s: planned a spec, want a clarification", c.ID)
			}
			continue
		}
		var miss []string
		if res.Spec == nil {
			miss = []string{"asked " + res.Question + res.Refusal}
		} else {
			miss = missedFacts(c, res.Spec)
		}
		if len(miss) > 0 {
			cases++
			missed += len(miss)
		}
		for _, m := range miss {
			if why, ok := unseenKnownMisses[c.ID+" "+m]; ok {
				t.Logf("%s: known miss: %s (%s)", c.ID, m, why)
				continue
			}
			t.Errorf("%s: %s", c.ID, m)
		}
	}
	t.Logf("unseen corpus: %d misses in %d cases", missed, cases)
}

// unseenKnownMisses are the facts of the blind batches the planner still
// misses, by case id and missed fact, each with why it is not fixed. They
// count against the batch's score (make eval).
var unseenKnownMisses = map[string]string{
	"a04 trigger.verify.header=X-HubSpot-Signature (missing)": "planned as verify type hubspotV3 (HubSpot's current scheme, header X-HubSpot-Signature-v3); " +
		"the request names the older v1/v2 header, which the spec has no scheme for: worth asking the admin",
	"t01 when[Status].field=Status (got IsEscalated)": "'flips to Escalated' reads as the case being escalated (IsEscalated), " +
		"as 'is escalated' does; telling the Status value from the checkbox needs the org's picklist (the ground post-pass)",
	"t01 when[Status].value=Escalated (got true)":   "see the field above",
	"t06 step2.object=Opportunity (got Quote)":      "'stamp the quote URL in DealHub_Quote_URL__c' names a quote; the field's object is unknown without the org",
	"t12 when[Status__c].field=Status__c (missing)": "a custom object's 'marked Shipped' needs its status field's name, which the request does not give",
	"t12 when[Status__c].op=changedTo (missing)":    "see the field above",
	"t12 when[Status__c].value=Shipped (missing)":   "see the field above",
	"u19-22 flow2.step1.type=create (missing)": "the Flow action 'creates a Discount_Approval__c record ... and posts a message in that same Teams channel': " +
		"Salesforce refuses a callout after uncommitted work in the action's transaction (spec validation says so), so the planner posts first and creates second, " +
		"and says so as an assumption; the batch expects the order of the words",
	"u19-22 flow2.step1.object=Discount_Approval__c (missing)":       "see the step above",
	"u22-11 flow1.step1.method=GET (got POST)":                       "'we want the daily logs from Buildertrend pulled into salesforce and upserted into Daily_Log__c': a wish with two passives ('pulled ... and upserted') is read as one call",
	"u22-11 flow1.step2.type=upsert (missing)":                       "see the method above",
	"u22-11 flow1.step2.object=Daily_Log__c (missing)":               "see the method above",
	"u22-11 flow1.step2.externalId=Buildertrend_Log_Id__c (missing)": "see the method above",
	"u22-24 when[StageName].field=StageName (missing)": "the batch expects changedFrom on a change event; a change event carries no prior value (docs/spec.md: changed/changedTo/changedFrom compare " +
		"with the record's prior values), so spec validation refuses it and the planner lists the condition as unplanned: the expectation is wrong by the spec's rules",
	"u22-24 when[StageName].op=changedFrom (missing)":   "see the field above",
	"u22-24 when[StageName].value=Closed Won (missing)": "see the field above",
	"u25-16 flow2.step1.type=create (missing)": "the Flow action 'should create an Onboarding__c record for the account and then send a message to the #cs-onboarding channel in Teams': " +
		"Salesforce refuses a callout after uncommitted work in the action's transaction, so the planner posts first and creates second and says so as an assumption " +
		"(as u19-22); the batch expects the order of the words",
	"u25-16 flow2.step1.object=Onboarding__c (missing)": "see the step above",
	"u27-11 flow2.step1.type=update (missing)": "'when one of those arrives, update the Vendor_Invoice__c to paid': which invoice a Payment_Sent__e is for is not said " +
		"(no event field is named), so the update is listed as unplanned rather than guessed",
	"u27-11 flow2.step1.object=Vendor_Invoice__c (missing)": "see the step above",
	"u27-13 asked What should happen, and in which system? For example: \"create an invoice in Stripe\" or \"post a message to #sales in Slack\".": "the first paragraph tells today's manual work and the second asks ('Can you listen to the account " +
		"change events and, when Payment_Terms__c changes, update the customer in Chargebee?'); the split at ', when' leaves the second part a field with no object, and it asks",
	"u27-17 flow1.step2.object=Maintenance_Request__c (got WorkOrder)": "'put the UpKeep work order id on the request record': 'work order id' is read as the WorkOrder object; " +
		"'the request record' (the last word of Maintenance_Request__c) is not yet read as the trigger's record in a write-back",
}

// missedFacts lists the expected facts the spec lacks, scored by
// internal/planeval: the same rules the evaluation uses.
func missedFacts(c corpusCase, s *spec.Spec) []string {
	raw, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	var pc planeval.Case
	if err := json.Unmarshal(raw, &pc); err != nil {
		panic(err)
	}
	specJSON, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	a := planeval.Answer{Raw: string(specJSON)}
	if err := json.Unmarshal(specJSON, &a.Spec); err != nil {
		panic(err)
	}
	var miss []string
	for _, f := range planeval.Score(pc, a).Missed() {
		miss = append(miss, f.String())
	}
	return miss
}

// BenchmarkPlanOffline measures one typical request (target: well under
// 50 ms an operation).
func BenchmarkPlanOffline(b *testing.B) {
	p := builder.NewOffline()
	ctx := context.Background()
	const text = "When an opportunity with an Amount greater than 100,000 is closed won, create an invoice in Stripe, save the invoice id on the opportunity and post an alert to the #big-deals channel in Slack."
	for b.Loop() {
		if _, err := p.Plan(ctx, text); err != nil {
			b.Fatal(err)
		}
	}
}
