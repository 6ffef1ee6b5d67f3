#!/usr/bin/env bash
# Datagram-level comparison: runs wire_script built against our library and
# against the reference, and requires the two transcripts (every datagram
# decoded to its commands, run-dependent values left out) to be identical.
# The reference transcript must show all twelve commands, so the comparison
# covers every command's encoding.
#
#   run_wire_script.sh OURS_BIN REF_BIN
set -euo pipefail
if [ "$(ldd "$1" | grep -o 'libenet[^ ]* => [^ ]*')" = "$(ldd "$2" | grep -o 'libenet[^ ]* => [^ ]*')" ]; then
  echo "both programs load the same libenet; nothing would be compared"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timeout 60 "$2" > "$work/reference"
timeout 300 "$(dirname "$0")/launch.sh" "$1" > "$work/ours"
for command in ACKNOWLEDGE CONNECT VERIFY_CONNECT DISCONNECT PING SEND_RELIABLE SEND_UNRELIABLE \
               SEND_FRAGMENT SEND_UNSEQUENCED BANDWIDTH_LIMIT THROTTLE_CONFIGURE SEND_UNRELIABLE_FRAGMENT; do
  if ! grep -q "^    $command " "$work/reference"; then
    echo "the reference transcript lacks $command: the script no longer covers it"
    exit 1
  fi
done
if ! diff -u "$work/reference" "$work/ours"; then
  echo "our library's datagrams differ from the reference's (- reference, + ours)"
  exit 1
fi
echo "identical transcripts: $(grep -c '^[a-z]*->' "$work/ours") datagrams, $(grep -c '^    ' "$work/ours") commands"
