#!/usr/bin/env bash
# Instructions per message under valgrind --tool=callgrind, ours against
# upstream: the reliable 64 B stream for a fixed number of messages, counted
# only inside the measured loop (stream_measured) and with the benchmark's own
# payload generation and checking switched off, so the count is the libraries'
# user-space work (kernel time is not counted by callgrind). A fixed message
# count makes the figure repeatable, fit for catching small regressions.
#
#   bench/callgrind.sh [messages (default 50000)] [scenario (default reliable_64B)]
#   CALLGRIND_RAW=file appends "side metric value" lines for run.sh's table.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-50000}
scenario=${2:-reliable_64B}
upstream_lib=${UPSTREAM_LIB:-/usr/lib/x86_64-linux-gnu/libenet.so.7}
out=bench/build/callgrind
command -v valgrind > /dev/null || { echo "callgrind.sh: valgrind not installed (apt-get install -y valgrind)" >&2; exit 1; }

[ -x bench/build/enet_bench ] && [ -e bench/build/ours/libenet.so.7 ] || bench/build.sh
mkdir -p "$out/upstream" "$out/ours"
ln -sfn "$(readlink -f "$upstream_lib")" "$out/upstream/libenet.so.7"
ln -sfn "$PWD/bench/build/ours/libenet.so.7" "$out/ours/libenet.so.7"

declare -A per_message
for side in upstream ours; do
  file=$out/$side.callgrind.out
  LD_LIBRARY_PATH=$out/$side BENCH_EXPECT_LIB=$out/$side/libenet.so.7 \
    timeout 600 valgrind --tool=callgrind --callgrind-out-file="$file" \
      --toggle-collect=stream_measured --toggle-collect=bench_payload_fill --toggle-collect=bench_payload_check \
      bench/build/enet_bench count "$scenario" "$messages" > "$out/$side.stdout" 2> "$out/$side.stderr" ||
    { cat "$out/$side.stderr" >&2; echo "!!! callgrind.sh: run against $side failed !!!" >&2; exit 1; }
  delivered=$(awk '$1 == "messages_delivered" {print $2}' "$out/$side.stdout")
  [ "$delivered" = "$messages" ] || { echo "!!! callgrind.sh: $side delivered $delivered of $messages !!!" >&2; exit 1; }
  total=$(awk '$1 == "totals:" || $1 == "summary:" {print $2; exit}' "$file")
  per_message[$side]=$(awk -v t="$total" -v m="$messages" 'BEGIN {printf "%.1f", t / m}')
  # Where the instructions go, for the report (exclusive cost per function).
  callgrind_annotate --threshold=95 "$file" 2> /dev/null | head -60 > "$out/$side.top.txt" || true
  if [ -n "${CALLGRIND_RAW:-}" ]; then
    echo "$side callgrind_${scenario}_Ir_per_msg ${per_message[$side]}" >> "$CALLGRIND_RAW"
  fi
done

printf '%-32s %12s %12s %8s\n' metric upstream ours ours/up
printf '%-32s %12s %12s %8.3f\n' "callgrind_${scenario}_Ir_per_msg" "${per_message[upstream]}" "${per_message[ours]}" \
  "$(awk -v a="${per_message[ours]}" -v b="${per_message[upstream]}" 'BEGIN {print a / b}')"
echo "profiles: $out/{upstream,ours}.callgrind.out, top functions in $out/{upstream,ours}.top.txt" >&2
