#!/usr/bin/env bash
# One scenario through the kernel's own impairment: the server and the
# client in two network namespaces joined by a veth pair, both ends under
# `tc netem` (loss, delay with jitter, duplication, reordering). Creates and
# removes everything itself; exits 77 (CTest: skipped) with a clear message
# where the machine does not allow namespaces or netem.
#
#   run_netem.sh SCENARIO SERVER_BIN CLIENT_BIN
set -uo pipefail
scenario=$1
server_bin=$2
client_bin=$3
tag=$$
server_ns=enet-s$tag
client_ns=enet-c$tag
work=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null
  ip netns del "$server_ns" 2>/dev/null
  ip netns del "$client_ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
skip() { echo "SKIPPED: $1"; exit 77; }

ip netns add "$server_ns" 2>/dev/null || skip "cannot create network namespaces here (needs root or CAP_SYS_ADMIN)"
ip netns add "$client_ns" || skip "cannot create a second network namespace"
ip link add "vs$tag" type veth peer name "vc$tag" 2>/dev/null || skip "cannot create a veth pair"
ip link set "vs$tag" netns "$server_ns"
ip link set "vc$tag" netns "$client_ns"
ip -n "$server_ns" addr add 10.77.0.1/24 dev "vs$tag"
ip -n "$client_ns" addr add 10.77.0.2/24 dev "vc$tag"
for ns in "$server_ns" "$client_ns"; do
  ip -n "$ns" link set lo up
done
ip -n "$server_ns" link set "vs$tag" up
ip -n "$client_ns" link set "vc$tag" up
for pair in "$server_ns vs$tag" "$client_ns vc$tag"; do
  set -- $pair
  ip netns exec "$1" tc qdisc add dev "$2" root netem delay 5ms 3ms loss 10% duplicate 3% reorder 10% 2>/dev/null \
    || skip "tc netem is not available (kernel module sch_netem)"
done
echo "netem on both ends: delay 5 ms +- 3 ms, 10 % loss, 3 % duplication, 10 % reordering"

export SCENARIO_HOST=10.77.0.1 SCENARIO_LOSSY=1
ip netns exec "$server_ns" timeout 150 "$server_bin" server "$scenario" "$work/port" > "$work/server" &
server=$!
status=0
ip netns exec "$client_ns" timeout 150 "$client_bin" client "$scenario" "$work/port" > "$work/client" || status=$?
wait "$server" || status=$?
echo "--- server log"; cat "$work/server"
echo "--- client log"; cat "$work/client"
echo "$scenario through netem, server $(basename "$server_bin"), client $(basename "$client_bin"): $([ $status = 0 ] && echo passed || echo FAILED)"
exit $status
