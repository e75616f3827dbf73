#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds a consumer with
# find_package(parley) and again with pkg-config, and runs both.
set -euo pipefail
build=$1 src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
"$tmp/consumer/consumer" | grep -q "consumer: linked decode_error"
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" \
  g++ -o "$tmp/pc-consumer" "$src/consumer/main.cc" $(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs parley)
"$tmp/pc-consumer" | grep -q "consumer: linked decode_error"
echo "find_package and pkg-config consumers built and ran"
