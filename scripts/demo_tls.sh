#!/usr/bin/env bash
# An mTLS handshake on loopback, explained: a private CA made with `parley ca`,
# `parley serve --client-auth required` in the background, and
# `parley connect --trace` with a client certificate that carries a SPIFFE ID.
#
#   scripts/demo_tls.sh [PARLEY_BINARY]     (default: build/parley)
#
# Work files go to $PARLEY_DEMO_DIR/tls (default out/demo/tls); the server is
# stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
parley=$(realpath "${1:-${PARLEY:-build/parley}}")
[ -x "$parley" ] || { echo "demo_tls.sh: no parley binary at $parley (build it first)" >&2; exit 2; }
out=${PARLEY_DEMO_DIR:-$PWD/out/demo}/tls
rm -rf "$out" && mkdir -p "$out" && cd "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; true; }
trap cleanup EXIT

step "TLS 1. A private CA: a root and an intermediate that issues (parley ca init)"
"$parley" ca init --dir ca --name "Demo Root CA"

step "TLS 2. A server certificate for localhost and 127.0.0.1, and a client certificate with a SPIFFE ID"
"$parley" ca issue --dir ca --profile server --san dns:localhost --san ip:127.0.0.1 \
  --out-cert server.pem --out-key server.key --chain-out server-chain.pem
"$parley" ca issue --dir ca --profile client --cn orders --san uri:spiffe://demo.internal/ns/shop/sa/orders \
  --out-cert client.pem --out-key client.key --chain-out client-chain.pem

step "TLS 3. parley serve on 127.0.0.1, requiring a client certificate from our CA"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$parley" serve --listen 127.0.0.1:$port --cert server-chain.pem --key server.key \
  --client-ca ca/root.pem --client-auth required 2> server.log &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening server.log 2>/dev/null && break; sleep 0.1; done
cat server.log

step "TLS 4. parley connect --trace: the handshake step by step, then GET / over the encrypted channel"
printf 'GET / HTTP/1.0\r\n\r\n' | "$parley" connect 127.0.0.1:$port --servername localhost --ca ca/root.pem \
  --cert client-chain.pem --key client.key --trace 2>&1

step "TLS 5. Without a client certificate the server refuses (certificate_required)"
if printf 'GET / HTTP/1.0\r\n\r\n' | "$parley" connect 127.0.0.1:$port --servername localhost --ca ca/root.pem; then
  echo "demo_tls.sh: the server let in a client without a certificate" >&2
  exit 1
fi

step "TLS 6. The server's log: one line per connection"
sleep 0.3
cat server.log
