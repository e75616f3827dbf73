#!/usr/bin/env bash
# parley connect <-> parley serve on 127.0.0.1: one-way TLS and mTLS, the
# trace (text and JSON), the key log, HTTP/1.0 and keep-alive HTTP/1.1,
# --root confinement, and a stalled client that must not block others.
source "$(dirname "$0")/../interop/lib.sh"
make_pki

# get PORT REQUEST [connect flags...]: sends REQUEST (printf format) with parley connect; output in $OUT.
get() {
  local port=$1 req=$2; shift 2
  local name=(--servername localhost)
  [[ " $* " == *" --servername "* ]] && name=()
  set +e
  OUT=$(printf "%b" "$req" | timeout 30 "$PARLEY" connect 127.0.0.1:$port --ca pki/root.pem "${name[@]}" "$@" 2>err.txt)
  RC=$?
  ERR=$(cat err.txt)
  set -e
}

# --- one-way TLS ----------------------------------------------------------------
P1=$(free_port)
serve $P1 --cert pki/server-chain.pem --key pki/server.key
get $P1 'GET / HTTP/1.0\r\n\r\n'
[ $RC -eq 0 ] || fail "one-way GET failed: $ERR"
expect_output '^HTTP/1.1 200 OK'
expect_output 'Connection: close'
expect_output 'cipher suite: +TLS_AES_128_GCM_SHA256'
expect_output 'client: +no client certificate'
expect_output 'request: +GET / HTTP/1.0'

# HTTP/1.1 keeps the connection open: two requests, two answers, one connection.
get $P1 'GET /one HTTP/1.1\r\nHost: localhost\r\n\r\nGET /two HTTP/1.1\r\nHost: localhost\r\n\r\n'
[ $RC -eq 0 ] || fail "keep-alive GET failed: $ERR"
[ "$(grep -c '^HTTP/1.1 200 OK' <<<"$OUT")" -eq 2 ] || fail "expected two responses:"$'\n'"$OUT"
pass
for i in $(seq 1 50); do grep -q "2 request(s)" serve-$P1.log && break; sleep 0.1; done
expect_output '2 request\(s\); client sent close_notify; answered with close_notify' "$(cat serve-$P1.log)"

# A request split over many writes (and so many records) still works.
set +e
OUT=$( (printf 'GET /split'; sleep 0.2; printf ' HTTP/1.1\r\nHo'; sleep 0.2; printf 'st: x\r\n'; sleep 0.2; printf '\r\n') |
  timeout 30 "$PARLEY" connect 127.0.0.1:$P1 --ca pki/root.pem --servername localhost 2>/dev/null)
set -e
expect_output 'request: +GET /split HTTP/1.1'

# Headers beyond 16 KiB: 431 and the connection closes.
big=$(head -c 17000 /dev/zero | tr '\0' 'a')
get $P1 "GET / HTTP/1.1\r\nX-Big: $big\r\n\r\n"
expect_output '^HTTP/1.1 431 '
get $P1 'BLAH\r\n\r\n'
expect_output '^HTTP/1.1 400 '

# Certificate problems: the verifier's report, exit 1.
get $P1 'GET / HTTP/1.0\r\n\r\n' --servername wrong.example
[ $RC -eq 1 ] || fail "wrong name: expected exit 1, got $RC"
expect_output 'name mismatch' "$ERR"
expect_output 'wrong.example' "$ERR"
set +e
OUT=$(printf '' | timeout 30 "$PARLEY" connect 127.0.0.1:$P1 --ca pki/other-root.pem --servername localhost 2>&1)
RC=$?
set -e
[ $RC -eq 1 ] || fail "untrusted CA: expected exit 1, got $RC"
expect_output "the server's certificate was rejected"
expect_exit 2 "$PARLEY" connect 127.0.0.1:$P1 --ca pki/missing.pem
expect_exit 2 "$PARLEY" connect 127.0.0.1:$P1 --ca pki/root.pem --cert pki/client.pem

# --- mTLS ---------------------------------------------------------------------
P2=$(free_port)
serve $P2 --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required
get $P2 'GET / HTTP/1.0\r\n\r\n' --cert pki/client-chain.pem --key pki/client.key --trace --keylog keys.log
[ $RC -eq 0 ] || fail "mTLS GET failed: $ERR"
expect_output 'client subject: CN=client'
expect_output 'client SAN: +URI:spiffe://example.org/ns/test/sa/client'
for phrase in 'ClientHello → offered TLS 1.3, 3 cipher suites' 'key share x25519' \
  'ServerHello ← the server chose TLS_AES_128_GCM_SHA256 with x25519' \
  'CertificateRequest ← the server asks who we are \(accepts certificates from: CN=Interop Root CA' \
  'Certificate ← CN=localhost, issued by CN=Interop Intermediate CA' \
  "verified the server's chain: CN=localhost → .* \(trusted root\), valid until .*, name matches DNS:localhost" \
  'Certificate → CN=client' 'CertificateVerify →' 'Finished →' 'Finished ←' \
  'application data we send is now encrypted with client-write keys' \
  'application data we receive is now encrypted with server-write keys' \
  'handshake complete' '\[ *[0-9]+\.[0-9]+ ms\]'; do
  expect_output "$phrase" "$ERR"
done
[ "$(stat -c %a keys.log)" = 600 ] || fail "the key log is not mode 0600"
for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET CLIENT_TRAFFIC_SECRET_0 \
  SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET; do
  grep -qE "^$label [0-9a-f]{64} [0-9a-f]{64}$" keys.log || fail "no $label line in the key log"
  pass
done
for i in $(seq 1 50); do grep -q "URI:spiffe" serve-$P2.log && break; sleep 0.1; done
expect_output 'CN=client \(URI:spiffe://example.org/ns/test/sa/client\)' "$(cat serve-$P2.log)"

get $P2 'GET / HTTP/1.0\r\n\r\n' --cert pki/client-chain.pem --key pki/client.key --trace=json
[ $RC -eq 0 ] || fail "mTLS GET with the JSON trace failed: $ERR"
python3 -m json.tool --json-lines err.txt >/dev/null || fail "--trace=json is not JSON lines:"$'\n'"$ERR"
pass
expect_output '"kind": ?"handshake_done"' "$ERR"
# The shape events.h documents: typed fields by payload.
python3 - err.txt <<'PY' || fail "--trace=json does not have the documented shape:"$'\n'"$ERR"
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
hello = next(e for e in events if e["kind"] == "message_sent" and e["name"] == "ClientHello")
assert "TLS_AES_128_GCM_SHA256" in hello["fields"]["cipher_suites"], hello
assert hello["fields"]["key_share_groups"] == ["x25519"], hello
keys = [e for e in events if e["kind"] == "keys_installed"]
assert {(k["name"], k["fields"]["direction"], k["fields"]["secret"]) for k in keys} >= {
    ("handshake", "read", "server-write"), ("application", "write", "client-write")}, keys
cert = next(e for e in events if e["kind"] == "message_received" and e["name"] == "Certificate")
assert cert["fields"]["certificates"][0]["subject"] == "CN=localhost", cert
check = next(e for e in events if e["kind"] == "certificate_verified")
assert check["name"] == "server" and check["fields"]["name_matched"] == "DNS:localhost", check
done = events[[e["kind"] for e in events].index("handshake_done")]
assert done["fields"]["client_auth"] is True and done["fields"]["hello_retry"] is False, done
PY

# No client certificate: the server says certificate_required.
get $P2 'GET / HTTP/1.0\r\n\r\n'
[ $RC -eq 1 ] || fail "no client certificate: expected exit 1, got $RC"
expect_output 'certificate_required' "$ERR"
# A client certificate from a CA the server does not trust: our client sees it
# does not match the server's certificate_authorities and sends none.
get $P2 'GET / HTTP/1.0\r\n\r\n' --cert pki/other-client-chain.pem --key pki/other-client.key
[ $RC -eq 1 ] || fail "untrusted client: expected exit 1, got $RC"
expect_output 'alert (certificate_required|unknown_ca)' "$ERR"

# --- revocation: --crl on both sides ---------------------------------------------
"$PARLEY" ca issue --dir pki/ca --profile client --cn revoked --san uri:spiffe://example.org/ns/test/sa/revoked \
  --out-cert pki/revoked.pem --out-key pki/revoked.key --chain-out pki/revoked-chain.pem >/dev/null
"$PARLEY" ca revoke --dir pki/ca pki/revoked.pem >/dev/null
"$PARLEY" ca crl --dir pki/ca --out pki/crl.pem >/dev/null
P4=$(free_port)
serve $P4 --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required \
  --crl pki/crl.pem
get $P4 'GET / HTTP/1.0\r\n\r\n' --cert pki/client-chain.pem --key pki/client.key --crl pki/crl.pem
[ $RC -eq 0 ] || fail "a client that is not revoked was refused: $ERR"
expect_output 'client subject: CN=client'
get $P4 'GET / HTTP/1.0\r\n\r\n' --cert pki/revoked-chain.pem --key pki/revoked.key
[ $RC -eq 1 ] || fail "revoked client: expected exit 1, got $RC"
expect_output 'alert certificate_revoked' "$ERR"
for i in $(seq 1 30); do grep -q "revoked" serve-$P4.log && break; sleep 0.1; done
expect_output "revoked" "$(cat serve-$P4.log)"
stop $SERVE_PID

# --- --root: files, and nothing outside -----------------------------------------
mkdir -p www/sub outside
echo "hello file" > www/hello.txt
echo "secret" > outside/secret.txt
ln -s ../outside/secret.txt www/escape.txt
head -c 200000 /dev/urandom > www/sub/big.bin
P3=$(free_port)
serve $P3 --cert pki/server-chain.pem --key pki/server.key --root www --handshake-timeout 3 --idle-timeout 5
get $P3 'GET /hello.txt HTTP/1.0\r\n\r\n'
expect_output '^hello file$'
for target in /../outside/secret.txt /%2e%2e/outside/secret.txt /escape.txt /sub/../../outside/secret.txt \
  '/hello.txt%00.png' /nothing-here; do
  get $P3 "GET $target HTTP/1.0\r\n\r\n"
  expect_output '^HTTP/1.1 404 '
  grep -q secret <<<"$OUT" && fail "$target leaked a file outside --root"
  pass
done
set +e
printf 'GET /sub/big.bin HTTP/1.0\r\n\r\n' |
  timeout 30 "$PARLEY" connect 127.0.0.1:$P3 --ca pki/root.pem --servername localhost 2>/dev/null > big.out
set -e
python3 - <<'PY' || fail "the large file came back different"
data = open("big.out", "rb").read()
body = data[data.index(b"\r\n\r\n") + 4:]
assert body == open("www/sub/big.bin", "rb").read(), (len(body),)
PY
pass

# --- a stalled client does not block the next one ---------------------------------
python3 - "$P3" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"\x16\x03\x01\x00\x50\x01")  # a ClientHello that never finishes
time.sleep(8)
PY
STALL=$!
PIDS+=("$STALL")
sleep 0.3
start=$(date +%s)
get $P3 'GET /hello.txt HTTP/1.0\r\n\r\n'
expect_output '^hello file$'
[ $(( $(date +%s) - start )) -lt 3 ] || fail "the second client waited for the stalled one"
pass
# The stalled one is dropped after --handshake-timeout.
for i in $(seq 1 60); do grep -q "handshake timed out" serve-$P3.log && break; sleep 0.1; done
expect_output 'handshake failed: handshake timed out' "$(cat serve-$P3.log)"
stop "$STALL"

done_checks
