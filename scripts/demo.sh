#!/usr/bin/env bash
# The main job: a private CA made with `parley ca`, a server and a client
# certificate (the client's carries a SPIFFE ID), `parley serve` requiring
# client certificates on 127.0.0.1, and `parley connect --trace` showing the
# mTLS handshake step by step, then a GET over the encrypted channel.
#
#   scripts/demo.sh                 installs what is missing, builds, runs
#   PARLEY_BIN=path scripts/demo.sh uses that binary instead of building
#
# Work files go to $PARLEY_DEMO_DIR (default out/demo); the server is stopped
# on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PARLEY_BIN:-}" ]; then
  source scripts/lib/deps.sh
  parley_ensure_packages
  echo "==> building parley"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"${PARLEY_JOBS:-2}" --target parley_cli >/dev/null
  PARLEY_BIN=build/parley
fi
parley=$(realpath "$PARLEY_BIN")
out=${PARLEY_DEMO_DIR:-$PWD/out/demo}
rm -rf "$out" && mkdir -p "$out" && cd "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true  # 143 (SIGTERM) is how we stopped it, not a failure
  fi
}
trap cleanup EXIT

step "1. A private CA: a root, and an intermediate that issues (parley ca init)"
"$parley" ca init --dir ca --name "Demo Root CA"

step "2. A server certificate for localhost and 127.0.0.1, and a client certificate with a SPIFFE ID"
"$parley" ca issue --dir ca --profile server --san dns:localhost --san ip:127.0.0.1 \
  --out-cert server.pem --out-key server.key --chain-out server-chain.pem
"$parley" ca issue --dir ca --profile client --cn orders --san uri:spiffe://demo.internal/ns/shop/sa/orders \
  --out-cert client.pem --out-key client.key --chain-out client-chain.pem
"$parley" ca list --dir ca

step "3. parley serve on 127.0.0.1, requiring a client certificate from our CA"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$parley" serve --listen 127.0.0.1:"$port" --cert server-chain.pem --key server.key \
  --client-ca ca/root.pem --client-auth required 2> server.log &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening server.log 2>/dev/null && break; sleep 0.1; done
cat server.log

step "4. parley connect --trace: the mTLS handshake step by step, then GET / over the encrypted channel"
printf 'GET / HTTP/1.0\r\n\r\n' | "$parley" connect 127.0.0.1:"$port" --servername localhost --ca ca/root.pem \
  --cert client-chain.pem --key client.key --trace 2>&1

step "5. Without a client certificate the server refuses (certificate_required)"
if printf 'GET / HTTP/1.0\r\n\r\n' | "$parley" connect 127.0.0.1:"$port" --servername localhost --ca ca/root.pem; then
  echo "demo: the server let in a client without a certificate" >&2
  exit 1
fi

step "6. The server's log: one line per connection"
sleep 0.3
cat server.log
echo
echo "Files are in $out."
