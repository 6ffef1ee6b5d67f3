#!/usr/bin/env bash
# Runs the Rust API's examples as a user would, each bounded in time: the
# echo server with two echo clients (IPv4 and IPv6), the chat room, and the
# file transfer. Fails if any example fails or hangs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --examples
bin=target/release/examples
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for bind in 127.0.0.1:0 '[::1]:0'; do
  timeout 30 "$bin/echo_server" "$bind" --clients 1 > "$work/server" &
  server=$!
  for _ in $(seq 100); do grep -q "echo server on" "$work/server" && break; sleep 0.05; done
  address=$(sed -n 's/^echo server on //p' "$work/server")
  echo "== echo_client against $address"
  timeout 30 "$bin/echo_client" --server "$address" one two three
  wait "$server"
done

echo "== chat"
timeout 60 "$bin/chat" | tail -n 1
echo "== file_transfer"
timeout 120 "$bin/file_transfer" 8 | tail -n 1
