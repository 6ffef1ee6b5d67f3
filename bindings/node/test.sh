#!/usr/bin/env bash
# Runs the Node binding's test suite twice: against this repository's
# libenet.so (built with cargo if no build exists yet) and against the
# reference C library (Debian's libenet.so.7), which must give the same results.
set -euo pipefail
cd "$(dirname "$0")"
repo_root=$(cd ../.. && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "bindings/node/test.sh: node (>= 20) and npm are required but were not found on PATH" >&2
  exit 1
fi
if [ ! -d node_modules/koffi ]; then
  npm ci --no-audit --no-fund
fi

ours=""
for candidate in "$repo_root/target/release/libenet.so" "$repo_root/build/lib/libenet.so.7"; do
  if [ -f "$candidate" ]; then ours=$candidate; break; fi
done
if [ -z "$ours" ]; then
  (cd "$repo_root" && cargo build --release)
  ours="$repo_root/target/release/libenet.so"
fi
reference=${ENET_REFERENCE_LIBRARY:-libenet.so.7}

run_suite() {
  local label=$1 library=$2 started
  echo "-- node --test against $label: $(ENET_LIBRARY="$library" node -p "require('.').libraryPath + ' (' + require('.').librarySource + ')'")"
  started=$(date +%s)
  # --test-timeout bounds every test; the outer timeout bounds the whole run
  local rc=0
  ENET_LIBRARY="$library" timeout 300 node --test --test-reporter=spec --test-timeout=30000 --test-force-exit test/ || rc=$?
  echo "-- $label: exit status $rc, $(( $(date +%s) - started )) s"
  return $rc
}

status=0
run_suite "our library" "$ours" || status=1
run_suite "the reference library" "$reference" || status=1
exit $status
