#!/usr/bin/env bash
# Builds libenet.so.7 and runs the demo: a C program written against the
# upstream ENet API, compiled against our header and run on our library.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${ENET_BUILD_DIR:-build}
cmake -S . -B "$build" -DBUILD_TESTING=OFF >/dev/null
build=$(cd "$build" && pwd)
cmake --build "$build" -j "$(nproc)" --target enet_cargo >/dev/null
cc -std=c11 -Wall -Wextra -Werror -Iinclude examples/c/platform_demo.c \
   -L"$build/lib" -lenet -Wl,-rpath,"$build/lib" -o "$build/platform_demo"
bash ctest/check_library.sh "$build/lib/libenet.so.7" "$(pkg-config --variable=libdir libenet)/libenet.so.7"
"$build/platform_demo"
