#!/usr/bin/env bash
# The spoofed-CONNECT flood (flood.c, built against upstream's header) on the
# reference library, on ours, and on ours with ENET_EVICT_HALF_OPEN=1. All
# three must keep the established stream whole; without eviction real
# clients are locked out during the flood (upstream's behaviour, ours by
# default); with it they must get in during the flood and right after it.
# Prints the figures.
#
#   run_flood.sh FLOOD_BINARY OUR_LIBRARY_DIR [SECONDS] [RATE]
set -euo pipefail
binary=$1
ours=$2
seconds=${3:-2}
rate=${4:-20000}
reference=$(timeout 60 "$binary" "$seconds" "$rate")
echo "reference:              $reference"
default=$(LD_LIBRARY_PATH=$ours timeout 60 "$binary" "$seconds" "$rate")
echo "ours:                   $default"
# By default ours behaves as upstream: the flood holds every free slot.
for run in "$reference" "$default"; do
  case "$run" in
    *"during the flood never connected"*) ;;
    *) echo "without eviction a real client should be locked out during the flood, as upstream"; exit 1 ;;
  esac
done
evicting=$(ENET_EVICT_HALF_OPEN=1 LD_LIBRARY_PATH=$ours timeout 60 "$binary" "$seconds" "$rate")
echo "ours, evicting:         $evicting"
case "$evicting" in
  *"during the flood connected"*"after the flood connected"*) ;;
  *) echo "with ENET_EVICT_HALF_OPEN=1 real clients must connect during and after the flood"; exit 1 ;;
esac
