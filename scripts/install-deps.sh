#!/usr/bin/env bash
# Installs what building and testing needs on a fresh Debian/Ubuntu machine:
# the C toolchain, CMake, pkg-config, libclang (bindgen in the layout test),
# clang and xxd (fuzzing), Debian's libenet-dev (the reference library the
# tests compare against), python3-enet (a third-party program linked
# against libenet.so.7), valgrind (memcheck), iproute2 (the netem tests'
# namespaces), Node.js and npm (the binding's tests), plus rustfmt and clippy. Idempotent and quiet when
# everything is already there.
set -euo pipefail

packages=(build-essential cmake pkg-config libclang-dev clang libenet-dev python3-enet binutils xxd valgrind
          iproute2)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js for the binding's tests (bindings/node needs node >= 20 and npm);
# the packaged nodejs, where the machine's apt sources provide it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  command -v node >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs >/dev/null
  command -v npm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
fi

if command -v rustup >/dev/null 2>&1; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
  done
fi
