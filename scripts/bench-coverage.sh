#!/usr/bin/env bash
# 15-minute-coverage benchmark (internal/coverage/coveragebench), on a
# generated walking network of about 1,000,000 edges over the Sanya box with
# 1,000,000 homes and 1,000 posts (cutoff 1000 m = 15 min at 4 km/h):
#   - coverage.Distances against pgRouting's pgr_drivingDistance called once
#     per post (a sample of posts, extrapolated to all), results compared;
#   - coverage.Solve, K=20 among 10,000 candidates;
#   - coverage.Solve's quality against the exact optimum of an ILP solver
#     (CBC, else GLPK) on windows of 20,000 homes and up to 500 candidates.
#
#   scripts/bench-coverage.sh                          # 3 rounds, 20 pgRouting posts
#   COVBENCH_ROUNDS=5 COVBENCH_PGR_POSTS=50 scripts/bench-coverage.sh
#   COVBENCH_PG= scripts/bench-coverage.sh             # no PostgreSQL
#   COVBENCH_GOBENCH=1 scripts/bench-coverage.sh       # also the Go benchmarks
#
# Installs pgRouting for the local PostgreSQL cluster and coinor-cbc if they
# are missing (glpk-utils if cbc cannot be installed), starts the cluster if
# it is down, and uses a scratch database (COVBENCH_DB, default
# coveragebench) whose table edges is loaded once per network.
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${COVBENCH_DB:-coveragebench}
export COVBENCH_PG=${COVBENCH_PG-$PGURL/$DB}
export COVBENCH_ROUNDS=${COVBENCH_ROUNDS:-3}
echo "== command: scripts/bench-coverage.sh (COVBENCH_ROUNDS=$COVBENCH_ROUNDS COVBENCH_PGR_POSTS=${COVBENCH_PGR_POSTS:-20}); load: $(cut -d' ' -f1-3 /proc/loadavg) (other processes may share the cores: compare medians)"

apt_install() { # packages...
  apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }
}

if ! command -v cbc >/dev/null && ! command -v glpsol >/dev/null; then
  echo "== installing coinor-cbc"
  apt_install coinor-cbc || { echo "== coinor-cbc failed; installing glpk-utils"; apt_install glpk-utils; }
fi

if [ -n "$COVBENCH_PG" ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$ver" ]; then
    echo "no PostgreSQL cluster under /etc/postgresql: run with COVBENCH_PG= for ours only" >&2
    exit 1
  fi
  for pkg in "postgresql-$ver-postgis-3" "postgresql-$ver-pgrouting"; do
    if ! dpkg -s "$pkg" >/dev/null 2>&1; then
      echo "== installing $pkg"
      apt_install "$pkg"
    fi
  done
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main"' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  fi
  for _ in $(seq 30); do psql "$PGURL/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  if ! psql "$PGURL/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql "$PGURL/postgres" -qc "CREATE DATABASE $DB"
  fi
  PGOPTIONS='--client-min-messages=warning' psql "$PGURL/$DB" -qc 'CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pgrouting;'
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
COVBENCH_REPORT=1 go test -count=1 -v -timeout 2h -run '^TestCoverageReport$' ./internal/coverage/coveragebench/ | tee "$report" | grep -Ev '^(=== RUN|--- PASS|PASS$|ok )'
if [ "${COVBENCH_GOBENCH:-0}" = 1 ]; then
  go test -count=3 -run '^$' -bench 'Distances|MultiSource|Solve|PgrDrivingDistance' -benchtime 3x -timeout 1h ./internal/coverage/coveragebench/ | grep -E '^Benchmark'
fi

# A missed goal fails the script (the Go tests themselves never assert a
# duration): the report prints "GOAL MISSED: …" for each.
if grep -q 'GOAL MISSED' "$report"; then
  echo "== $(basename "$0"): goals missed:" >&2
  grep 'GOAL MISSED' "$report" >&2
  exit 1
fi
