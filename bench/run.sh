#!/usr/bin/env bash
# The side-by-side benchmark: every enet_bench scenario against upstream's
# libenet.so.7 and ours, interleaved (the order of the two flips every round so
# neither always runs on a warmer machine), then a table of medians and
# ours/upstream ratios, also written as CSV.
#
#   bench/run.sh [rounds (default 3)] [seconds per timed scenario (default 1)]
#   environment: UPSTREAM_LIB (default the system libenet.so.7),
#                RESULTS (default bench/results/latest.csv; a .txt table beside it),
#                CALLGRIND=0 to skip the instructions-per-message row
#
# Throughput is per CPU-second of the single-threaded benchmark process (see
# scenario_stream.c), with wall-clock rates as separate *_wall_* rows.
# One benchmark process at a time; each bounded by `timeout`. Any scenario
# that detects broken delivery, or runs against the wrong library, stops the
# whole run with a non-zero status: no table is printed from bad data.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-1}
upstream_lib=${UPSTREAM_LIB:-/usr/lib/x86_64-linux-gnu/libenet.so.7}
results=${RESULTS:-bench/results/latest.csv}

bench/build.sh
ours_dir=$PWD/bench/build/ours
upstream_dir=$(mktemp -d)
raw=bench/build/raw.txt
trap 'rm -rf "$upstream_dir"' EXIT
# A directory holding only upstream's library, so LD_LIBRARY_PATH selects it as
# explicitly as ours (not merely by falling back to the system path).
ln -s "$(readlink -f "$upstream_lib")" "$upstream_dir/libenet.so.7"
: > "$raw"

scenarios=(
  "reliable_64B $seconds" "reliable_1200B $seconds" "unreliable_64B $seconds"
  "unsequenced_64B $seconds" "fragmented_1MiB $seconds" "compressed_1200B $seconds"
  "checksummed_1200B $seconds" "rtt $seconds" "connect 2000"
  "idle 1 $seconds" "idle 100 $seconds" "idle 1000 $seconds" "idle 2000 $seconds" "idle 4000 $seconds"
  "broadcast 10 $seconds" "broadcast 100 $seconds" "broadcast 1000 $seconds" "memory 4000"
)

run_one() {  # side, library directory, scenario words...
  local side=$1 dir=$2 out
  shift 2
  if ! out=$(LD_LIBRARY_PATH="$dir" BENCH_EXPECT_LIB="$dir/libenet.so.7" \
             timeout 120 bench/build/enet_bench "$@" 2> bench/build/last-stderr.txt); then
    cat bench/build/last-stderr.txt >&2
    echo "!!! run.sh: '$*' FAILED against $side ($dir); stopping, no results written !!!" >&2
    exit 1
  fi
  awk -v side="$side" '{print side, $1, $2}' <<< "$out" >> "$raw"
}

for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  for scenario in "${scenarios[@]}"; do
    # shellcheck disable=SC2086 # scenario words are meant to split
    if (( round % 2 )); then
      run_one upstream "$upstream_dir" $scenario; run_one ours "$ours_dir" $scenario
    else
      run_one ours "$ours_dir" $scenario; run_one upstream "$upstream_dir" $scenario
    fi
  done
done

# Instruction counts are deterministic, so one callgrind run per library is
# enough; skipped (with a note) where valgrind is missing or CALLGRIND=0.
if [ "${CALLGRIND:-1}" != 0 ] && command -v valgrind > /dev/null; then
  CALLGRIND_RAW=$raw bench/callgrind.sh > /dev/null
else
  echo "run.sh: no callgrind row (valgrind missing or CALLGRIND=0)" >&2
fi

mkdir -p "$(dirname "$results")"
bench/summarize.sh "$raw" "$rounds" "$results" | tee "${results%.csv}.txt"
