#!/usr/bin/env bash
# Assessment benchmark (internal/assess/assessbench) at province scale:
# 100,000 basic orgs, 1,000,000 members and about 5.2M activity records of
# one year (4.1M meetings, 600k orders, gap actions, talent engagements,
# recruitment steps, supervision findings, projects), on SQLite and on
# PostgreSQL:
#   - BenchmarkRecompute: every indicator of every org for the year — the
#     engine (assess.LoadFacts) against the plain SQL GROUP BY
#     recomputation (assess.LoadFactsSQL), each followed by the same scoring;
#   - BenchmarkRescore: the score update of one new meeting (inside a
#     transaction that is rolled back);
#   - BenchmarkMeetingUpdate: a meeting recorded with attendance and the
#     org's open-quarter score updated, committed.
#
#   scripts/bench-assess.sh                       # 5 rounds
#   ASSESSBENCH_ROUNDS=3 ASSESSBENCH_ORGS=10000 scripts/bench-assess.sh
#   ASSESSBENCH_PG= scripts/bench-assess.sh       # SQLite only
#
# The worlds are generated once (a few minutes) and kept: SQLite in
# ASSESSBENCH_SQLITE (default /tmp/assessbench.db), PostgreSQL in the
# database ASSESSBENCH_DB (default assessbench) of the local cluster, which
# is started if it is down.
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=${ASSESSBENCH_DB:-assessbench}
export ASSESSBENCH_PG=${ASSESSBENCH_PG-$PGURL/$DB}
export ASSESSBENCH_SQLITE=${ASSESSBENCH_SQLITE:-/tmp/assessbench.db}
ROUNDS=${ASSESSBENCH_ROUNDS:-5}
echo "== command: scripts/bench-assess.sh (ASSESSBENCH_ROUNDS=$ROUNDS ASSESSBENCH_ORGS=${ASSESSBENCH_ORGS:-100000}); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "$ASSESSBENCH_PG" ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main"' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start
  fi
  for _ in $(seq 30); do psql "$PGURL/postgres" -qtAc 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  if ! psql "$PGURL/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql "$PGURL/postgres" -qc "CREATE DATABASE $DB"
  fi
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
pkg=./internal/assess/assessbench/
go test -run '^$' -bench 'Recompute' -benchtime 1x -count "$ROUNDS" -timeout 2h "$pkg" 2>&1 | tee -a "$out" | grep -E '^(generated|applied)' || true
go test -run '^$' -bench 'Rescore|MeetingUpdate' -benchtime 200x -count "$ROUNDS" -timeout 1h "$pkg" 2>&1 | tee -a "$out" | grep -E '^(generated|applied)' || true
if grep -qE '^(FAIL|panic|--- FAIL)' "$out"; then cat "$out"; exit 1; fi

# Medians per benchmark, then the GROUP BY / engine ratio per backend.
printf "%-44s %8s %14s %14s\n" benchmark rounds median min
awk '/^Benchmark/ { name=$1; sub(/-[0-9]+$/, "", name); v[name]=v[name] " " $3 }
END {
  for (n in v) {
    k = split(substr(v[n], 2), a, " "); asort(a)
    med = (k % 2) ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
    m[n] = med
    unit = "ms"; div = 1e6
    printf "%-44s %8d %11.2f %s %11.2f %s\n", n, k, med/div, unit, a[1]/div, unit
  }
  for (n in m) if (n ~ /engine$/) {
    g = n; sub(/engine$/, "groupby", g)
    if (g in m) printf "%s: GROUP BY / engine = %.1fx\n", substr(n, 1, length(n)-7), m[g]/m[n]
  }
}' "$out" | sort
