#!/usr/bin/env bash
# Registry benchmarks at province scale (docs/BENCHMARKS.md). Builds the
# binary, makes the province demo database once per backend (minutes), then
# measures scoped list and search latency through the whole HTTP stack
# against a bare net/http handler, a 1M-row CSV import, and server RSS.
#
#   scripts/bench.sh                 # SQLite and PostgreSQL
#   BENCH_PG= scripts/bench.sh       # SQLite only
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_DIR:-/tmp/dangjian-bench}
PG=${BENCH_PG-postgres://postgres@127.0.0.1:5432}
N=${BENCH_N:-300}
mkdir -p "$OUT"
go build -o "$OUT/dangjian" ./cmd/dangjian
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), $(go version | cut -d' ' -f3)"

# 1. The province database, made once per backend.
if [ ! -f "$OUT/province.db" ]; then
  /usr/bin/time -f "demo province sqlite: %e s, max RSS %M KB" "$OUT/dangjian" demo --scale province --db "$OUT/province.db" 2>&1 | tail -3
fi
backends=("$OUT/province.db")
if [ -n "$PG" ]; then
  if ! psql "$PG/postgres" -tc "SELECT 1 FROM pg_database WHERE datname='bench_province'" | grep -q 1; then
    psql "$PG/postgres" -qc "CREATE DATABASE bench_province"
    /usr/bin/time -f "demo province postgres: %e s, max RSS %M KB" "$OUT/dangjian" demo --scale province --db "$PG/bench_province" 2>&1 | tail -3
  fi
  backends+=("$PG/bench_province")
fi

# 2. Scoped list and search latency, and the bare-handler ceiling.
for b in "${backends[@]}"; do
  echo "== HTTP latency on $b"
  DANGJIAN_BENCH_DB="$b" go test -run '^$' -bench 'Scoped|Bare' -benchtime "${N}x" -count 3 ./internal/web/ | grep -E '^Benchmark'
done

# 3. Import of 1M people from CSV into a fresh database, with progress.
if [ ! -f "$OUT/people-1m.csv" ]; then
  go run ./scripts/gencsv -rows 1000000 -out "$OUT/people-1m.csv"
fi
rm -f "$OUT/import.db"*
/usr/bin/time -f "import 1M people sqlite: %e s, max RSS %M KB" "$OUT/dangjian" import --db "$OUT/import.db" --kind people "$OUT/people-1m.csv" 2>&1 | tail -2
if [ -n "$PG" ]; then
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS bench_import" -qc "CREATE DATABASE bench_import"
  /usr/bin/time -f "import 1M people postgres: %e s, max RSS %M KB" "$OUT/dangjian" import --db "$PG/bench_import" --kind people "$OUT/people-1m.csv" 2>&1 | tail -2
fi

# 4. Server RSS after a burst of scoped requests on the province database.
"$OUT/dangjian" serve --db "$OUT/province.db" --listen 127.0.0.1:18080 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 2
echo "server RSS after start: $(grep VmRSS /proc/$pid/status)"
DANGJIAN_BENCH_URL=http://127.0.0.1:18080 go test -run '^$' -bench 'Scoped' -benchtime "${N}x" ./internal/web/ | grep -E '^Benchmark'
echo "server RSS after $((N * 4)) scoped requests: $(grep VmRSS /proc/$pid/status), peak $(grep VmHWM /proc/$pid/status)"
