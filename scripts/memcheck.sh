#!/usr/bin/env bash
# The CTest suite with every test program that runs on our library under
# valgrind memcheck: any error, or any definitely lost byte, fails the test.
# Programs on the reference library run as usual. Extra arguments go to
# ctest; the relay cases are skipped by default (valgrind's slowdown turns
# their loss-recovery waits into timeouts, which says nothing about memory).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
build=${ENET_MEMCHECK_BUILD_DIR:-build-memcheck}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENET_SANITIZE=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"
export ENET_TEST_WRAPPER="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
if [ $# -eq 0 ]; then
  set -- -E 'loss|third_party_pyenet|install_consumer|library_exports|matrix_summary'
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
