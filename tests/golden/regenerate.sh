#!/usr/bin/env bash
# Regenerates datagrams.txt: real datagrams from the reference library
# (Debian's libenet), captured on 127.0.0.1 by capture.c.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=c11 -Wall -Wextra -Werror capture.c $(pkg-config --cflags --libs libenet) -o "$work/capture"
"$work/capture" > datagrams.txt
echo "captured $(wc -l < datagrams.txt) datagrams into tests/golden/datagrams.txt"
