# dangjian — two set-up commands on a fresh machine: `make run` and `make test`.
GO        ?= go
DB        ?= dangjian.db
LISTEN    ?= 127.0.0.1:8080
TEST_PG   ?= postgres://postgres@127.0.0.1:5432/test
VENDOR    := internal/web/static/vendor

.PHONY: run build assets test test-sqlite bench vet clean bench-talent bench-geo bench-coverage bench-assess

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
