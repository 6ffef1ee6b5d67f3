#!/usr/bin/env bash
# The demo: builds libenet.so.7 from this repository, compiles a small C chat
# room (examples/c/chat.c, written against upstream's API) against our
# header and library, and runs a server and two clients as separate
# processes exchanging messages over 127.0.0.1. Also shows that the library
# is a drop-in (SONAME, export list).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${ENET_BUILD_DIR:-build}
cmake -S . -B "$build" -DBUILD_TESTING=OFF >/dev/null
build=$(cd "$build" && pwd)
cmake --build "$build" -j "$(nproc)" --target enet_cargo >/dev/null
cc -std=c11 -Wall -Wextra -Werror -Iinclude examples/c/chat.c \
   -L"$build/lib" -lenet -Wl,-rpath,"$build/lib" -o "$build/chat"
bash ctest/check_library.sh "$build/lib/libenet.so.7" "$(pkg-config --variable=libdir libenet)/libenet.so.7"
echo

port=$((20000 + RANDOM % 20000))
"$build/chat" server "$port" 2 &
server=$!
sleep 0.3
"$build/chat" client "$port" alice "hello, is anyone here?" "ENet over Rust works" &
alice=$!
"$build/chat" client "$port" bob "hi alice!" "bye" &
bob=$!
status=0
wait "$alice" || status=1
wait "$bob" || status=1
wait "$server" || status=1
exit $status
