#!/usr/bin/env bash
# The whole test suite: formatting and lints, Rust tests (unit, integration,
# the bindgen layout check against the reference header, the header
# freshness check, golden datagrams, the range coder against the reference),
# a short fuzzing run, then the C harness through CTest against Debian's
# reference libenet, then the Node binding's tests (bindings/node/test.sh)
# against both libraries. Installs missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

echo "== cargo fmt / clippy / doc"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

echo "== cargo test"
cargo test

echo "== Rust API examples"
scripts/rust-examples.sh

echo "== the crate without the ffi feature exports no C symbols"
CARGO_TARGET_DIR=target/no-ffi cargo build --quiet --no-default-features --lib
if nm -D --defined-only target/no-ffi/debug/libenet.so | grep -w 'T enet_[a-z_0-9]*'; then
  echo "C symbols exported with the ffi feature off"
  exit 1
fi

echo "== fuzzing, short run (the long runs: scripts/fuzz.sh TARGET -runs=10000000)"
scripts/fuzz.sh datagram -runs=100000 2>&1 | tail -n 1
scripts/fuzz.sh decompress -runs=30000 2>&1 | tail -n 1
scripts/fuzz.sh host -runs=30000 -max_len=2048 2>&1 | tail -n 1

echo "== CTest (C harness against the reference library)"
build=${ENET_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
rm -rf "$build/ctest/matrix-results"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
echo "== cross-check matrix (server-client pairings)"
bash ctest/matrix_summary.sh "$build/ctest/matrix-results"

echo "== CTest under AddressSanitizer and UndefinedBehaviorSanitizer (relay cases skipped)"
scripts/sanitize.sh -E loss
echo "== CTest with our library's programs under valgrind memcheck"
scripts/memcheck.sh

echo "== Node binding (node --test against our libenet.so and the reference)"
bindings/node/test.sh
