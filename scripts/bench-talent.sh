#!/usr/bin/env bash
# Talent ranking benchmark (internal/talent/rankbench, docs/BENCHMARKS.md):
# relevance (nDCG@10 against labels from the generator's latent truth) and
# per-query latency of talent.Index.Rank against Bleve v2 with its CJK
# analyzer, over RANKBENCH_N generated talents. The Bleve index is built
# once per corpus and cached under RANKBENCH_DIR.
#
#   scripts/bench-talent.sh                      # 1,000,000 talents
#   RANKBENCH_N=100000 scripts/bench-talent.sh   # smaller corpus
#   RANKBENCH_GOBENCH=1 scripts/bench-talent.sh  # also the Go benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
export RANKBENCH_N=${RANKBENCH_N:-1000000}
export RANKBENCH_DIR=${RANKBENCH_DIR:-${TMPDIR:-/tmp}/dangjian-rankbench}
echo "== machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -r), $(go version | cut -d' ' -f3)"
echo "== corpus: RANKBENCH_N=$RANKBENCH_N talents; Bleve cache: $RANKBENCH_DIR"
RANKBENCH_REPORT=1 go test -count=1 -v -timeout 4h -run '^TestRankReport$' ./internal/talent/rankbench/
if [ "${RANKBENCH_GOBENCH:-0}" = 1 ]; then
  go test -count=1 -run '^$' -bench 'Rank(Ours|Bleve)$' -benchtime 2000x -benchmem ./internal/talent/rankbench/
fi
