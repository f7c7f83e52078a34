# dangjian — two set-up commands on a fresh machine: `make run` and `make test`.
GO        ?= go
DB        ?= dangjian.db
LISTEN    ?= 127.0.0.1:8080
TEST_PG   ?= postgres://postgres@127.0.0.1:5432/test
VENDOR    := internal/web/static/vendor

.PHONY: run build assets test test-sqlite bench vet clean bench-talent bench-geo bench-coverage bench-assess \
	check fmt-check staticcheck race fuzz

## assets: front-end packages from npm (lock file) into the embedded static dir
assets: $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

$(VENDOR)/htmx.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR) && cp node_modules/htmx.org/dist/htmx.min.js $@

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR) && cp node_modules/echarts/dist/echarts.min.js $@

## build: the single binary
build: assets
	$(GO) build -o bin/dangjian ./cmd/dangjian

## run: build, load the Sanya demo data into $(DB) if it is empty, and serve
run: build
	./bin/dangjian run --db $(DB) --listen $(LISTEN)

## test: the whole suite on SQLite and PostgreSQL ($(TEST_PG)), browser tests included
test: assets
	DANGJIAN_TEST_PG=$${DANGJIAN_TEST_PG:-$(TEST_PG)} $(GO) test -count=1 -timeout 20m ./...

## test-sqlite: the suite on SQLite only
test-sqlite: assets
	DANGJIAN_TEST_PG= $(GO) test -count=1 ./...

## bench: the benchmarks recorded in docs/BENCHMARKS.md
bench: assets
	./scripts/bench.sh

vet:
	$(GO) vet ./...

## check: what CI runs before the suite: go vet, gofmt, staticcheck (pinned in go.mod's tool
## directive), the race detector on the concurrent packages, and every fuzz target briefly
check: vet fmt-check staticcheck race fuzz

## fmt-check: fail if gofmt would change any file
fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt -l lists these files:"; echo "$$out"; exit 1; fi

## staticcheck: the version go.mod pins (tool honnef.co/go/tools/cmd/staticcheck)
staticcheck:
	$(GO) tool staticcheck ./...

# The race detector on the packages with concurrency. db and coverage (runs)
# run whole; the talent index, orders (escalation) and the importer jobs run
# only their concurrency tests, as their full suites take minutes under
# -race (TestRankIsExact alone over 100 s, internal/order about 2 min).
RACE_PKGS     := ./internal/db/... ./internal/coverage
RACE_TALENT   := ^(TestLiveAcrossHandles|TestConcurrentInvites|TestRankSplitConcurrent)$$
RACE_ORDER    := ^(TestEscalateConcurrently|TestEscalateOverdue)$$
RACE_IMPORTER := ^(TestJobs|TestJobProgress|TestJobsAlwaysEnd|TestJobReportNumbers)$$

## race: go test -race on the concurrent packages (both databases)
race:
	DANGJIAN_TEST_PG=$${DANGJIAN_TEST_PG:-$(TEST_PG)} $(GO) test -race -count=1 $(RACE_PKGS)
	DANGJIAN_TEST_PG=$${DANGJIAN_TEST_PG:-$(TEST_PG)} $(GO) test -race -count=1 -run '$(RACE_TALENT)' ./internal/talent
	DANGJIAN_TEST_PG=$${DANGJIAN_TEST_PG:-$(TEST_PG)} $(GO) test -race -count=1 -run '$(RACE_ORDER)' ./internal/order
	DANGJIAN_TEST_PG=$${DANGJIAN_TEST_PG:-$(TEST_PG)} $(GO) test -race -count=1 -run '$(RACE_IMPORTER)' ./internal/importer

# Every fuzz target, as package:Target. Their seed corpora
# (testdata/fuzz/FuzzXxx and f.Add) also run as plain tests under go test.
FUZZ_TARGETS := \
	internal/db:FuzzRebind internal/db:FuzzSplitStatements \
	internal/pii:FuzzCheckID internal/unit:FuzzCreditCode \
	internal/importer:FuzzImport internal/area:FuzzImportGrids \
	internal/walk:FuzzReadOSM \
	internal/web:FuzzO311Form internal/web:FuzzBodyJSON
FUZZTIME ?= 3s

## fuzz: run each fuzz target for FUZZTIME (default 3s); a failure leaves its input in the
## package's testdata/fuzz/FuzzXxx, to be committed with the fix (scripts/fuzz.sh retries
## Go 1.26's bare fuzztime-deadline flake, golang/go#75804, once)
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh $(FUZZ_TARGETS)

clean:
	rm -rf bin $(VENDOR)/*.js

## bench-talent: the talent pool's benchmarks in docs/BENCHMARKS.md — ranking vs Bleve with the
## labelled relevance set (RANKBENCH_N talents, default 1M), and exact assignment vs greedy and scipy
bench-talent:
	./scripts/bench-talent.sh
	./scripts/bench-assign.sh

## bench-geo: point-to-grid resolution over 10k grids against PostGIS ST_Contains (installs PostGIS)
bench-geo:
	./scripts/bench-geo.sh

## bench-coverage: 15-minute coverage of 1M homes by 1,000 posts on a 1M-edge network against pgRouting,
## and siting against an exact ILP optimum (installs pgRouting and CBC)
bench-coverage:
	./scripts/bench-coverage.sh

## bench-assess: every assessment indicator for 100k orgs / 1M members / 5M activity records, engine against
## a plain SQL GROUP BY, and one new meeting's score update, on SQLite and PostgreSQL
bench-assess:
	./scripts/bench-assess.sh
