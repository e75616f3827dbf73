#!/usr/bin/env bash
# Runs the installed examples: a CA made by the installed `parley ca`, then
# mtls_server and mtls_client (blocking driver) and async_mtls_server and
# async_mtls_client (Asio runtime) talking over 127.0.0.1 in every pairing
# (each printing the other's verified identity), then verify_chain (find_package and pkg-config
# builds) on a good and a wrong name.
#   examples_test.sh BUILD_DIR   (after install_test.sh)
set -euo pipefail
out=$1/install-test
ex=$out/examples parley=$out/prefix/bin/parley
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.out; do echo "--- $f"; cat "$f"; done; exit 1; }

"$parley" ca init --dir "$tmp/ca" --name "Examples Root CA" >/dev/null
"$parley" ca issue --dir "$tmp/ca" --profile server --san dns:localhost --san ip:127.0.0.1 \
  --out-cert "$tmp/server.pem" --out-key "$tmp/server.key" --chain-out "$tmp/server-chain.pem" >/dev/null
"$parley" ca issue --dir "$tmp/ca" --profile client --san uri:spiffe://example.org/client --cn example-client \
  --out-cert "$tmp/client.pem" --out-key "$tmp/client.key" --chain-out "$tmp/client-chain.pem" >/dev/null

# pair SERVER CLIENT: the server binds 127.0.0.1 on a port the system picks
# and says which; it serves one client and exits (or gives up after 30 s).
# Each prints the other's verified identity.
pair() {
  local server=$1 client=$2
  rm -f "$tmp/server.out" "$tmp/client.out"
  timeout 40 "$ex/$server" "$tmp/server-chain.pem" "$tmp/server.key" "$tmp/ca/root.pem" 0 >"$tmp/server.out" 2>&1 &
  server_pid=$!
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/server.out")
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || fail "$server did not start listening"
  timeout 30 "$ex/$client" "$tmp/client-chain.pem" "$tmp/client.key" "$tmp/ca/root.pem" localhost "$port" \
    >"$tmp/client.out" 2>&1 || fail "$client against $server failed"
  wait "$server_pid" || fail "$server against $client failed"
  server_pid=""
  grep -q "^server: CN=localhost" "$tmp/client.out" || fail "$client did not print the server's identity"
  grep -q "name matches DNS:localhost" "$tmp/client.out" || fail "$client did not print the verified name"
  grep -q "^client: CN=example-client" "$tmp/server.out" || fail "$server did not print the client's identity"
  grep -q "URI:spiffe://example.org/client" "$tmp/server.out" || fail "$server did not print the client's URI"
  grep -q "^client says: hello from $client" "$tmp/server.out" || fail "$server did not print the client's line"
  grep -q "^server says: hello, CN=example-client" "$tmp/client.out" || fail "$client: no answer from $server"
}
# The blocking driver and the Asio runtime, each against itself and the other.
for server in mtls_server async_mtls_server; do
  for client in mtls_client async_mtls_client; do pair $server $client; done
done

for verify in "$ex/verify_chain" "$out/verify_chain_pkgconfig"; do
  "$verify" "$tmp/server-chain.pem" "$tmp/ca/root.pem" localhost >"$tmp/verify.out" || fail "$verify rejected a good chain"
  grep -q "^verified: 3 certificates" "$tmp/verify.out" || fail "$verify: no verified path"
  status=0
  "$verify" "$tmp/server-chain.pem" "$tmp/ca/root.pem" other.example >"$tmp/verify.out" || status=$?
  [[ $status == 1 ]] || fail "$verify: a wrong name gave status $status, expected 1"
  grep -q "hostname_mismatch" "$tmp/verify.out" || fail "$verify: no hostname_mismatch finding"
  grep -q "^alert: bad_certificate" "$tmp/verify.out" || fail "$verify: wrong alert"
done
echo "mtls_server, mtls_client and their async counterparts verified each other in every pairing; verify_chain reported"
