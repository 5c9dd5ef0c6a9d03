# patchbay: the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
SHARED  ?= ../shared
SFTOOLS := tools/salesforce/node_modules/.package-lock.json
FUZZTIME ?= 10s

.PHONY: run test lint generated gotest fuzz eval build bench

## run: start the web app in demo mode (two simulated orgs, one example integration)
run:
	$(GO) run ./cmd/patchbay serve --demo

## test: everything CI runs: lint, generated files, all Go tests (with Salesforce's own tools), fuzzing, planner eval
test: $(SFTOOLS) lint generated gotest fuzz eval

build:
	$(GO) build -o bin/patchbay ./cmd/patchbay

# Salesforce's own tools (Apex parser, sf CLI, Code Analyzer), pinned in a lockfile.
$(SFTOOLS): tools/salesforce/package.json tools/salesforce/package-lock.json
	cd tools/salesforce && npm ci --no-audit --no-fund --loglevel=error

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Generated templ files are committed; regenerating must change nothing.
generated:
	@before=$$(find . -name '*_templ.go' -not -path './tools/*' | sort | xargs -r md5sum); \
	$(GO) tool templ generate -path web/view >/dev/null 2>&1 || $(GO) tool templ generate -path web/view; \
	after=$$(find . -name '*_templ.go' -not -path './tools/*' | sort | xargs -r md5sum); \
	if [ "$$before" != "$$after" ]; then echo "templ generate changed files: commit the regenerated *_templ.go"; exit 1; fi

gotest:
	$(GO) test -timeout 40m ./...

fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

# The planner against the public corpus (needs ../shared/eval).
eval: build
	@if [ -f $(SHARED)/eval/score.py ]; then \
		python3 $(SHARED)/eval/score.py $(SHARED)/eval/public.json --cmd './bin/patchbay plan --json' -j 2 --min 95; \
	elif [ "$$CI" = "true" ]; then echo "eval: $(SHARED)/eval/score.py is missing"; exit 1; \
	else echo "eval: skipped, $(SHARED)/eval/score.py not found"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./generator ./builder ./deploy
