#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer on the stable toolchain.
#
#   scripts/fuzz.sh TARGET [libFuzzer options...]
#   scripts/fuzz.sh datagram -runs=10000000
#   scripts/fuzz.sh decompress -max_total_time=60
#
# Targets: datagram (header, checksum, decompression, every command),
# decompress (hostile input to the range decoder), host (a whole host, server
# or client, with and without checksum and compression, fed sequences of raw
# and crafted datagrams from several addresses while its clock and the
# application's calls advance; see fuzz/fuzz_targets/host.rs).
#   scripts/fuzz.sh host -runs=50000000 -max_len=2048 -rss_limit_mb=1024 -malloc_limit_mb=512 The corpus lives in
# fuzz/corpus/TARGET (seeded from the golden datagrams), crashes in
# fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=${1:?usage: scripts/fuzz.sh TARGET [libFuzzer options]}
shift

# The instrumentation cargo-fuzz adds, spelled as stable rustc options.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps these flags away from build scripts.
triple=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --quiet --target "$triple" --bin "$target"

corpus=corpus/$target
mkdir -p "$corpus" "artifacts/$target"
if [ "$target" = datagram ] && [ -z "$(ls -A "$corpus")" ]; then
  # Seed with the real datagrams captured from the reference library
  # (prefixed with the checksum-mode byte the target expects).
  n=0
  while read -r mode _ _ hex; do
    n=$((n + 1))
    flag=00; [ "$mode" = crc32 ] && flag=01
    printf '%s%s' "$flag" "$hex" | xxd -r -p > "$corpus/golden-$n"
  done < ../tests/golden/datagrams.txt
fi
# Inputs that once failed replay first, each once: a regression stops the
# run and shows the whole report (the panic message and backtrace).
if [ -n "$(ls -A "regressions/$target" 2>/dev/null)" ]; then
  if ! replay=$("target/$triple/release/$target" -artifact_prefix="artifacts/$target/" \
      regressions/"$target"/* 2>&1); then
    printf '%s\n' "$replay"
    echo "a saved regression input for $target fails again (fuzz/regressions/$target)"
    exit 1
  fi
  echo "replayed $(ls "regressions/$target" | wc -l) regression input(s) for $target"
fi
exec "target/$triple/release/$target" "$corpus" -artifact_prefix="artifacts/$target/" "$@"
