#!/usr/bin/env bash
# Runs one cross-check case: a scenario with its server and client built
# against the chosen libraries, optionally through the impairing relay, and
# compares both sides' logs with the reference-reference control run (the
# reference-reference case itself, which saves its logs for the others).
#
#   run_scenario.sh SCENARIO PAIRING OURS_BIN REF_BIN RESULTS_DIR [LOSS]
#
# PAIRING is SERVER-CLIENT with each side "ours" or "reference". LOSS (a
# percentage) puts the relay in between, with 5 % duplication and up to
# 20 ms of random delay (reordering).
set -euo pipefail
scenario=$1
pairing=$2
ours=$3
reference=$4
results=$5
loss=${6:-}
mkdir -p "$results"
[ -n "$loss" ] && export SCENARIO_LOSSY=1
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# The command running a side: programs on our library go through launch.sh,
# so $ENET_TEST_WRAPPER (valgrind) applies to them.
here=$(dirname "$0")
side_command() { if [ "$1" = ours ]; then echo "$here/launch.sh $ours"; else echo "$reference"; fi; }

# Runs the scenario on the given sides; logs go to $work/$3.{server,client}.
run() {
  local server_command client_command label=$3 port_file=$work/$3.port client_port=$work/$3.port
  server_command=$(side_command "$1")
  client_command=$(side_command "$2")
  # shellcheck disable=SC2086 # a command line, split on purpose
  timeout 150 $server_command server "$scenario" "$port_file" > "$work/$label.server" &
  local server_pid=$! relay_pid=
  if [ -n "$loss" ]; then
    client_port=$work/$label.relay
    timeout 150 "$(dirname "$ours")/relay" "$port_file" "$client_port" 7 "$loss" 5 20 140 &
    relay_pid=$!
  fi
  local status=0
  # shellcheck disable=SC2086
  timeout 150 $client_command client "$scenario" "$client_port" > "$work/$label.client" || status=$?
  wait "$server_pid" || status=$?
  [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null || true
  return $status
}

server_side=${pairing%-*}
client_side=${pairing#*-}
key=$scenario${loss:+-loss$loss}
mkdir -p "$results/control"
control=$results/control/$key
verdict=passed
[ "$pairing" = reference-reference ] && rm -f "$control".server "$control".client
if ! run "$server_side" "$client_side" case; then
  verdict=FAILED
  echo "the $pairing run failed"
fi
if [ "$pairing" = reference-reference ]; then
  # This run is the control the other pairings compare with (CTest runs it
  # first: a fixture), kept only when it passed.
  if [ "$verdict" = passed ]; then
    cp "$work/case.server" "$control.server"
    cp "$work/case.client" "$control.client"
  fi
elif [ "$verdict" = passed ]; then
  if [ ! -f "$control.server" ] || [ ! -f "$control.client" ]; then
    echo "no reference-reference control log for $key (its run failed or did not run)"
    verdict=FAILED
  else
    for side in server client; do
      # Compare what each side saw (as a multiset: concurrent clients may
      # interleave differently between runs).
      if ! diff <(sort "$control.$side") <(sort "$work/case.$side") > "$work/diff.$side"; then
        echo "$side log differs from the reference-reference control (< control, > $pairing):"
        cat "$work/diff.$side"
        verdict=FAILED
      fi
    done
  fi
fi
echo "--- server log"; cat "$work/case.server"
echo "--- client log"; cat "$work/case.client"
label=$scenario${loss:+ (relay, $loss % loss)}
echo "$label|$pairing|$verdict" > "$results/$key.$pairing"
echo "$label, $pairing: $verdict"
[ "$verdict" = passed ]
