#!/usr/bin/env bash
# Builds what the benchmarks need, into bench/build/ (ignored by git):
#   bench/build/enet_bench      compiled once against upstream's enet.h
#   bench/build/ours/libenet.so.7  a snapshot copy of our release library, so a
#                               rebuild by someone else mid-run cannot change it
# Prints nothing on success.
set -euo pipefail
cd "$(dirname "$0")/.."
timeout 1200 cargo build --release --quiet --lib
mkdir -p bench/build/ours
cp target/release/libenet.so bench/build/ours/libenet.so.7.tmp
mv -f bench/build/ours/libenet.so.7.tmp bench/build/ours/libenet.so.7
# -g keeps symbols for callgrind; -O2 as a user would build.
cc -O2 -g -std=c11 -Wall -Wextra -Werror \
   bench/enet_bench.c bench/bench_common.c bench/scenario_stream.c bench/scenario_rtt.c bench/scenario_peers.c \
   $(pkg-config --cflags --libs libenet) -o bench/build/enet_bench
