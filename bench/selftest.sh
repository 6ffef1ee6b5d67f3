#!/usr/bin/env bash
# Checks that enet_bench refuses to report from broken delivery: each fault of
# bench/fault_shim.c (corrupted byte, lost message, two messages swapped) is
# injected into reliable, unreliable and unsequenced streams and must make the run fail
# with status 2 and print no figure. Also checks that the wrong library is
# refused. Runs against our library; a few seconds in all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x bench/build/enet_bench ] || bench/build.sh
cc -O2 -shared -fPIC -Wall -Wextra -Werror bench/fault_shim.c $(pkg-config --cflags libenet) -ldl -o bench/build/fault_shim.so
ours=$PWD/bench/build/ours
failed=0

expect_refusal() {  # description, environment and command...
  local what=$1 out status=0
  shift
  out=$(env "$@" 2> /dev/null) || status=$?
  if [ "$status" -eq 2 ] && [ -z "$out" ]; then
    echo "ok: $what refused"
  else
    echo "FAIL: $what gave status $status and output '$out'"; failed=1
  fi
}

for fault in corrupt drop swap; do
  for scenario in reliable_64B unreliable_64B unsequenced_64B; do
    # Unreliable loss is reported, not refused; so is unsequenced reordering.
    if [ "$scenario" != reliable_64B ] && [ "$fault" = drop ]; then continue; fi
    if [ "$scenario" = unsequenced_64B ] && [ "$fault" = swap ]; then continue; fi
    expect_refusal "$fault in $scenario" LD_LIBRARY_PATH="$ours" LD_PRELOAD=$PWD/bench/build/fault_shim.so \
      BENCH_FAULT=$fault timeout 30 bench/build/enet_bench "$scenario" 0.3
  done
done
expect_refusal "wrong library" LD_LIBRARY_PATH="$ours" BENCH_EXPECT_LIB=/usr/lib/x86_64-linux-gnu/libenet.so.7 \
  timeout 30 bench/build/enet_bench reliable_64B 0.3
# Without a fault the same runs must pass, or the checks above prove nothing.
LD_LIBRARY_PATH="$ours" LD_PRELOAD=$PWD/bench/build/fault_shim.so timeout 30 bench/build/enet_bench reliable_64B 0.3 > /dev/null 2>&1 ||
  { echo "FAIL: the shim alone breaks the run"; failed=1; }
exit $failed
