# patchbay: the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
SHARED  ?= ../shared
SFTOOLS := tools/salesforce/node_modules/.package-lock.json
FUZZTIME ?= 10s

.PHONY: run test check generate java21 lint generated gotest fuzz eval build bench

## run: start the web app in demo mode (two simulated orgs, one example integration)
run:
	$(GO) run ./cmd/patchbay serve --demo

## test: everything CI runs: lint, generated files, all Go tests (with Salesforce's own tools), fuzzing, planner eval
test: $(SFTOOLS) java21 lint generated gotest fuzz eval

## check: the fast inner loop: gofmt, vet and every Go test with -short (tests that need npm, Java or a browser skip)
check: lint
	$(GO) test -short -timeout 10m ./...

## generate: rewrite every generated file (templ views, golden files, the JSON Schema, docs/spec.md's tables, the typo word list)
generate:
	$(GO) tool templ generate -path web/view
	$(GO) test ./spec ./generator ./builder -run 'Golden|Schema|Reference|Invalid' -count=1 -update >/dev/null
	@if [ -f /usr/share/dict/words ]; then PATCHBAY_GEN_REALWORDS=1 $(GO) test ./builder -run TestRealWordsAreKept -count=1 >/dev/null; \
	else echo "generate: /usr/share/dict/words missing (apt-get install wamerican): typo word list not regenerated"; fi
	@gofmt -l $$(git ls-files '*.go') | xargs -r gofmt -w

build:
	$(GO) build -o bin/patchbay ./cmd/patchbay

# Salesforce's own tools (Apex parser, sf CLI, Code Analyzer), pinned in a lockfile.
$(SFTOOLS): tools/salesforce/package.json tools/salesforce/package-lock.json
	cd tools/salesforce && npm ci --no-audit --no-fund --loglevel=error

# Java 21 for apex-ls, from Debian 13's packages into tools/java21 (needs
# apt-get, so root; a no-op once installed). Without it the apex-ls check
# skips, except under CI=true.
java21:
	@scripts/java21.sh >/dev/null || { if [ "$$CI" = "true" ]; then exit 1; else echo "java21: not installed (scripts/java21.sh needs root and Debian's apt): the apex-ls check will skip"; fi; }

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Generated files are committed; regenerating them must change nothing.
generated:
	@before=$$(git status --porcelain --untracked-files=all); \
	$(MAKE) --no-print-directory generate >/dev/null; \
	after=$$(git status --porcelain --untracked-files=all); \
	if [ "$$before" != "$$after" ]; then echo "make generate changed files: run it and commit the result"; git status --short; git --no-pager diff --stat; exit 1; fi

gotest:
	$(GO) test -timeout 40m ./...

fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

# The planner evaluation: the repository's own scorer (internal/planeval) on
# its own corpora (builder/testdata), at least 95% of facts on corpus.json;
# then, when the shared evaluation sits beside the checkout, its scorer on
# the public corpus through the real CLI.
eval: build
	@out=$$($(GO) test ./builder -run '^TestPlannerEvaluation$$' -count=1 -v 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | grep -E '^(eval |--- FAIL|FAIL|ok)|eval_test.go'; exit $$rc
	@if [ -f $(SHARED)/eval/score.py ]; then \
		python3 $(SHARED)/eval/score.py $(SHARED)/eval/public.json --cmd './bin/patchbay plan --json' -j 2 --min 95; \
	else echo "eval: $(SHARED)/eval not beside the checkout: the public corpus was not scored through the CLI"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generator ./builder ./deploy
