#!/usr/bin/env bash
# Security probe: builds the binary, starts a fresh demo server on a
# loopback port, runs scripts/probe (every finding class of the security
# review, bounded request loops, loopback only) and stops the server.
#   scripts/probe.sh            # all classes
#   scripts/probe.sh -only 4,5  # some
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build
port=${PROBE_PORT:-18480}
work=$(mktemp -d /tmp/dangjian-probe.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# Item 2: serve refuses a database that is not a demo without a key.
unset DANGJIAN_SECRET_KEY DANGJIAN_SECRET_KEY_FILE || true
./bin/dangjian migrate --db "$work/plain.db" >/dev/null 2>&1 || true
if timeout 20 ./bin/dangjian serve --db "$work/plain.db" --listen "127.0.0.1:$((port+1))" >"$work/plain.log" 2>&1; then
  echo "item 2: serve started on a non-demo database without a key"; key_finding=1
else
  code=$?
  if [ "$code" = 124 ]; then echo "item 2 finding: serve ran without a key (killed after 20 s)"; key_finding=1; else key_finding=0; fi
fi

./bin/dangjian run --db "$work/probe.db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/login" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 1
done
if [ -e "$work/probe.db.key" ]; then
  mode=$(stat -c %a "$work/probe.db.key")
  [ "$mode" = 600 ] || { echo "item 2 finding: the generated key file has mode $mode"; key_finding=1; }
else
  echo "item 2 finding: run generated no key file beside the database"; key_finding=1
fi
echo "item 2: key checks: $key_finding findings"
status=0
go run ./scripts/probe -base "http://127.0.0.1:$port" -pid "$pid" "$@" || status=$?
[ "$key_finding" = 0 ] || status=1
exit $status
