#!/usr/bin/env bash
# Range coder and CRC32 throughput, ours against upstream's library, in one
# run: the same C binary alternates between the two libraries (A B A B ...)
# for several rounds and we report medians and ours/upstream ratios
# (above 1.0 means we are faster).
#
#   bench/run-codec-bench.sh [rounds] [seconds per measurement]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
seconds=${2:-0.5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --lib
mkdir -p "$work/ours"
cp target/release/libenet.so "$work/ours/libenet.so.7"
# Compiled once against upstream's header (the API is identical).
cc -O2 -std=c11 -Wall -Wextra -Werror bench/codec_bench.c $(pkg-config --cflags --libs libenet) -o "$work/codec_bench"

for round in $(seq "$rounds"); do
  LD_LIBRARY_PATH="$work/ours" "$work/codec_bench" "$seconds" | sed 's/^/ours /' >> "$work/results"
  "$work/codec_bench" "$seconds" | sed 's/^/upstream /' >> "$work/results"
done

printf '%-30s %12s %12s %8s\n' metric ours upstream ratio
for metric in $(awk '{print $2}' "$work/results" | sort -u); do
  median() { awk -v side="$1" -v m="$metric" '$1 == side && $2 == m {print $3}' "$work/results" | sort -g |
             awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  ours=$(median ours)
  upstream=$(median upstream)
  printf '%-30s %12.2f %12.2f %8.2f\n' "$metric" "$ours" "$upstream" "$(awk -v a="$ours" -v b="$upstream" 'BEGIN {print a / b}')"
done
