#!/usr/bin/env bash
# The CTest suite with every C and C++ test program built under
# AddressSanitizer and UndefinedBehaviorSanitizer (any report fails the
# test), in its own build directory. Extra arguments go to ctest, e.g.
#   scripts/sanitize.sh -E loss        (skip the relay cases)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ENET_SANITIZE_BUILD_DIR:-build-asan}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENET_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The leak checker runs on both libraries' programs; the reference leaks
# nothing in these programs either.
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -E 'third_party_pyenet|install_consumer' "$@"
