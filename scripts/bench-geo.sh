#!/usr/bin/env bash
# Point-to-grid resolution benchmark (internal/geo/geobench): geo.Index.Locate
# against PostGIS ST_Contains over a GiST index, queried from Go with pgx
# (prepared statement), on the same 10,050 generated grids of 100 vertices
# tiling Sanya (geogen.Sanya) and the same random points. Prints rounds
# interleaving both systems, then medians and the ratio of the p50s.
#
#   scripts/bench-geo.sh                       # 5 rounds
#   GEOBENCH_ROUNDS=9 scripts/bench-geo.sh     # more rounds
#   GEOBENCH_PG= scripts/bench-geo.sh          # ours only, no PostgreSQL
#   GEOBENCH_GOBENCH=1 scripts/bench-geo.sh    # also the Go benchmarks
#
# Installs PostGIS for the local PostgreSQL cluster if it is missing, starts
# the cluster if it is down, and uses a scratch database (GEOBENCH_DB,
# default geobench) whose table grids is loaded once per corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${GEOBENCH_DB:-geobench}
export GEOBENCH_PG=${GEOBENCH_PG-$PGURL/$DB}
export GEOBENCH_ROUNDS=${GEOBENCH_ROUNDS:-5}
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -r), $(go version | cut -d' ' -f3)"
echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) (another process may share the cores: compare medians)"

if [ -n "$GEOBENCH_PG" ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$ver" ]; then
    echo "no PostgreSQL cluster under /etc/postgresql: run with GEOBENCH_PG= for ours only" >&2
    exit 1
  fi
  if ! dpkg -s "postgresql-$ver-postgis-3" >/dev/null 2>&1; then
    echo "== installing postgresql-$ver-postgis-3"
    apt-get install -y "postgresql-$ver-postgis-3" >/dev/null || {
      apt-get update >/dev/null && apt-get install -y "postgresql-$ver-postgis-3" >/dev/null
    }
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main"' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  fi
  for _ in $(seq 30); do psql "$PGURL/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  if ! psql "$PGURL/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql "$PGURL/postgres" -qc "CREATE DATABASE $DB"
  fi
  PGOPTIONS='--client-min-messages=warning' psql "$PGURL/$DB" -qc 'CREATE EXTENSION IF NOT EXISTS postgis'
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
GEOBENCH_REPORT=1 go test -count=1 -v -timeout 1h -run '^TestGeoReport$' ./internal/geo/geobench/ | tee "$report" | grep -Ev '^(=== RUN|--- PASS|PASS$|ok )'
if [ "${GEOBENCH_GOBENCH:-0}" = 1 ]; then
  go test -count=3 -run '^$' -bench 'Locate|PostGIS' -benchtime 200000x ./internal/geo/geobench/ | grep -E '^Benchmark'
fi

# A missed goal fails the script (the Go tests themselves never assert a
# duration): the report prints "GOAL MISSED: …" for each.
if grep -q 'GOAL MISSED' "$report"; then
  echo "== $(basename "$0"): goals missed:" >&2
  grep 'GOAL MISSED' "$report" >&2
  exit 1
fi
