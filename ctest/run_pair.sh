#!/usr/bin/env bash
# Runs pair.c's server and client as two processes, each on a chosen
# library: "ours" (our libenet.so.7 through LD_LIBRARY_PATH) or "reference"
# (the system's, as the binary was linked).
#
#   run_pair.sh BINARY OUR_LIBRARY_DIR SERVER_SIDE CLIENT_SIDE
set -euo pipefail
binary=$1
ours=$2
server_side=$3
client_side=$4
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

library_path() {
  case "$1" in
    ours) echo "$ours" ;;
    reference) echo "" ;;
    *) echo "unknown side $1" >&2; exit 2 ;;
  esac
}

# Runs the binary on one side's library; programs on ours go through
# launch.sh, so $ENET_TEST_WRAPPER (valgrind) applies to them.
run_side() {
  local side=$1
  shift
  if [ "$side" = ours ]; then
    LD_LIBRARY_PATH=$ours timeout 120 "$(dirname "$0")/launch.sh" "$binary" "$@"
  else
    LD_LIBRARY_PATH=$(library_path "$side") timeout 120 "$binary" "$@"
  fi
}

run_side "$server_side" server "$work/port" &
server_pid=$!
status=0
run_side "$client_side" client "$work/port" || status=$?
wait "$server_pid" || status=$?
server_pid=
echo "server on $server_side, client on $client_side: $([ "$status" = 0 ] && echo passed || echo FAILED)"
exit "$status"
