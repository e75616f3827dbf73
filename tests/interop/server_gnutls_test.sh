#!/usr/bin/env bash
# gnutls-cli (TLS 1.3 only) against parley serve: each suite, HelloRetryRequest,
# mTLS, ALPN, a KeyUpdate from the client, and a refused client certificate.
source "$(dirname "$0")/lib.sh"
make_pki

TLS13=NORMAL:-VERS-ALL:+VERS-TLS1.3
# gnutls_get PORT INPUT [gnutls-cli flags...]: INPUT then 1 s of quiet (gnutls-cli
# sends close_notify at the end of stdin); stdout+stderr in $OUT.
gnutls_get() {
  local port=$1 input=$2; shift 2
  set +e
  OUT=$( (printf '%b' "$input"; sleep 1) | timeout 30 gnutls-cli --x509cafile pki/root.pem -p $port \
    --sni-hostname localhost --verify-hostname localhost "$@" 127.0.0.1 2>&1)
  RC=$?
  set -e
}
GET='GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'
served() {
  expect_output 'Status: The certificate is trusted'
  expect_output '^HTTP/1.1 200 OK'
  expect_output 'Hello from parley'
}
serve_log() {
  for _ in $(seq 1 30); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2'"
}

P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --alpn http/1.1 --trace
for s in AES-128-GCM:TLS_AES_128_GCM_SHA256 AES-256-GCM:TLS_AES_256_GCM_SHA384 CHACHA20-POLY1305:TLS_CHACHA20_POLY1305_SHA256; do
  gnutls_get $P "$GET" --priority "$TLS13:-CIPHER-ALL:+${s%%:*}"
  served
  expect_output "cipher suite: +${s#*:}"
done
for g in X25519:x25519 SECP256R1:secp256r1 SECP384R1:secp384r1; do
  gnutls_get $P "$GET" --priority "$TLS13:-GROUP-ALL:+GROUP-${g%%:*}"
  served
  expect_output "key exchange: +${g#*:}"
done
gnutls_get $P "$GET" --priority $TLS13 --alpn h2 --alpn http/1.1
served
expect_output 'ALPN protocol: +http/1.1'
# KeyUpdate (gnutls-cli's inline ^rekey1^), then a request under the new keys.
gnutls_get $P "^rekey1^\n$GET" --priority $TLS13 --inline-commands
served
serve_log $P 'KeyUpdate ← the client switches to new write keys'
serve_log $P 'application data we receive is now encrypted with client-write keys \(after a KeyUpdate\)'
stop $SERVE_PID

# HelloRetryRequest: gnutls sends x25519 and P-256 shares; the server wants P-384.
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --groups secp384r1
gnutls_get $P "$GET" --priority $TLS13
served
expect_output 'key exchange: +secp384r1 \(after a HelloRetryRequest\)'
stop $SERVE_PID

# mTLS required.
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required
gnutls_get $P "$GET" --priority $TLS13 --x509certfile pki/client-chain.pem --x509keyfile pki/client.key
served
expect_output 'client SAN: +URI:spiffe://example.org/ns/test/sa/client'
gnutls_get $P "$GET" --priority $TLS13
expect_output 'Certificate is required|certificate required'
serve_log $P 'we sent the alert certificate_required'
gnutls_get $P "$GET" --priority $TLS13 --x509certfile pki/other-client-chain.pem --x509keyfile pki/other-client.key
grep -q 'Hello from parley' <<<"$OUT" && fail "a client certificate from an untrusted CA was accepted"
pass
stop $SERVE_PID

done_checks
