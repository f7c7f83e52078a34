#!/usr/bin/env bash
# Talent/demand assignment benchmarks (internal/assign), printed as markdown
# tables:
#   1. assign.Dense against scipy.optimize.linear_sum_assignment on the same
#      2048 x 2048 uniform [0,1) matrix (written by scripts/assigngen): median
#      of 5 runs each, after loading; the optima must agree to 1e-9 relative.
#   2. assign.Solve (exact) and assign.Greedy on the 10k demand x 100k talent
#      sparse instance (~500k edges), median of 5 runs, with both totals;
#      plus the contended 10k x 10k variant.
#
#   scripts/bench-assign.sh
#   ASSIGN_N=1024 ASSIGN_RUNS=3 scripts/bench-assign.sh
#
# scipy comes from Debian (python3-scipy) and is run with /usr/bin/python3,
# since python3 on PATH may be another interpreter without it.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_DIR:-/tmp/dangjian-assign}
N=${ASSIGN_N:-2048}
RUNS=${ASSIGN_RUNS:-5}
PY=/usr/bin/python3
mkdir -p "$OUT"

if ! "$PY" -c 'import scipy' 2>/dev/null; then
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  $SUDO apt-get install -y python3-scipy >/dev/null ||
    { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y python3-scipy >/dev/null; }
fi

# median reads numbers, one a line, and prints the (lower) middle one.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(go version | cut -d' ' -f3), scipy $("$PY" -c 'import scipy; print(scipy.__version__)')"
echo

# 1. Dense vs scipy on the same matrix.
go run ./scripts/assigngen -n "$N" -seed 1 -runs "$RUNS" -out "$OUT/dense-$N.f64" >"$OUT/go-dense.txt"
go_median=$(sed -n 's/^go_median_s=//p' "$OUT/go-dense.txt")
go_total=$(sed -n 's/^go_total=//p' "$OUT/go-dense.txt")
"$PY" - "$OUT/dense-$N.f64" "$N" "$RUNS" >"$OUT/scipy-dense.txt" <<'PY'
import statistics, sys, time
import numpy as np
from scipy.optimize import linear_sum_assignment
path, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = np.fromfile(path, dtype='<f8').reshape(n, n)
times = []
for _ in range(runs):
    t = time.perf_counter()
    r, col = linear_sum_assignment(c)
    times.append(time.perf_counter() - t)
print("scipy_median_s=%.4f" % statistics.median_low(times))
print("scipy_total=%.17g" % c[r, col].sum())
PY
sp_median=$(sed -n 's/^scipy_median_s=//p' "$OUT/scipy-dense.txt")
sp_total=$(sed -n 's/^scipy_total=//p' "$OUT/scipy-dense.txt")
read -r same ratio < <(awk -v g="$go_total" -v s="$sp_total" -v gt="$go_median" -v st="$sp_median" 'BEGIN {
  d = g - s; if (d < 0) d = -d; m = s < 0 ? -s : s; if (m < 1) m = 1
  printf "%s %.2f\n", (d <= 1e-9 * m ? "yes" : "NO"), gt / st }')
echo "| dense ${N}x${N} uniform [0,1) | median of $RUNS | optimum |"
echo "|---|---:|---:|"
echo "| scipy linear_sum_assignment | ${sp_median} s | ${sp_total} |"
echo "| Go assign.Dense (LAPJV) | ${go_median} s | ${go_total} |"
echo "| ratio Go/scipy | ${ratio} | optima equal (1e-9 rel): ${same} |"
echo
if [ "$same" != yes ]; then
  echo "dense optima differ: Go $go_total, scipy $sp_total" >&2
  exit 1
fi

# 2. Sparse exact matching vs greedy.
go test -run '^$' -bench 'SolveSparse10kx100k|GreedySparse10kx100k|SolveContended10kx10k' \
  -benchtime 1x -count "$RUNS" ./internal/assign/ >"$OUT/sparse.txt"
# field NAME prints, for each line of benchmark BENCH, the value before unit NAME.
field() { awk -v b="$1" -v u="$2" '$1 ~ "^"b"(-[0-9]+)?$" { for (i = 3; i <= NF; i++) if ($i == u) print $(i-1) }' "$OUT/sparse.txt"; }
secs() { field "$1" ns/op | median | awk '{printf "%.3f", $1 / 1e9}'; }
echo "| sparse matching | median of $RUNS | total score | gain vs greedy |"
echo "|---|---:|---:|---:|"
echo "| Solve (exact), 10k demands x 100k talents, $(field BenchmarkSolveSparse10kx100k edges | head -1) edges | $(secs BenchmarkSolveSparse10kx100k) s | $(field BenchmarkSolveSparse10kx100k opt_total | head -1) | $(field BenchmarkSolveSparse10kx100k gain_vs_greedy_% | head -1) % |"
echo "| Greedy, same instance | $(secs BenchmarkGreedySparse10kx100k) s | $(field BenchmarkGreedySparse10kx100k greedy_total | head -1) | - |"
echo "| Solve (exact), contended 10k x 10k | $(secs BenchmarkSolveContended10kx10k) s | $(field BenchmarkSolveContended10kx10k opt_total | head -1) | $(field BenchmarkSolveContended10kx10k gain_vs_greedy_% | head -1) % |"
echo "| Greedy, contended 10k x 10k | - | $(field BenchmarkSolveContended10kx10k greedy_total | head -1) | - |"
