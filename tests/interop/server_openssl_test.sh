#!/usr/bin/env bash
# `openssl s_client -tls1_3` against parley serve: every suite and group,
# HelloRetryRequest, mTLS (required and optional), ALPN, SNI with two
# identities, KeyUpdate, close_notify, and client certificates that must be
# refused (none, untrusted CA, expired) with the alert s_client reports.
source "$(dirname "$0")/lib.sh"
make_pki

ID=(--cert pki/server-chain.pem --key pki/server.key)
MTLS=(--client-ca pki/root.pem --client-auth required)
# s_client_get PORT [s_client flags...]: GET / HTTP/1.0; stdout+stderr in $OUT.
s_client_get() {
  local port=$1; shift
  set +e
  OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 openssl s_client -connect 127.0.0.1:$port -tls1_3 \
    -CAfile pki/root.pem -servername localhost -verify_return_error -ign_eof "$@" 2>&1)
  RC=$?
  set -e
}
served() {
  expect_output 'Verify return code: 0 \(ok\)'
  # Not anchored: s_client's dump of our session tickets may end without a newline.
  expect_output 'HTTP/1.1 200 OK'
  expect_output 'Hello from parley'
}
serve_log() {  # serve_log PORT PATTERN: the server's log matches (waits up to 3 s)
  for _ in $(seq 1 30); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2':"$'\n'"$(cat serve-$1.log)"
}

# --- suites and groups -----------------------------------------------------------
P=$(free_port)
serve $P "${ID[@]}"
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  s_client_get $P -ciphersuites $suite
  served
  expect_output "cipher suite: +$suite"
done
for g in X25519:x25519 P-256:secp256r1 P-384:secp384r1; do
  s_client_get $P -groups ${g%%:*}
  served
  expect_output "key exchange: +${g#*:}$"
done
s_client_get $P -ciphersuites TLS_AES_128_GCM_SHA256
expect_output 'client: +no client certificate'
stop $SERVE_PID

# --- HelloRetryRequest: the server prefers P-384, s_client sends a P-256 share -----
P=$(free_port)
serve $P "${ID[@]}" --groups secp384r1
s_client_get $P -groups P-256:P-384
served
expect_output 'key exchange: +secp384r1 \(after a HelloRetryRequest\)'
stop $SERVE_PID

# --- mTLS required ---------------------------------------------------------------
P=$(free_port)
serve $P "${ID[@]}" "${MTLS[@]}" --trace
s_client_get $P -cert pki/client.pem -key pki/client.key -cert_chain pki/ca/intermediate.pem
served
expect_output 'client subject: CN=client'
expect_output 'client SAN: +URI:spiffe://example.org/ns/test/sa/client'
serve_log $P 'CN=client \(URI:spiffe://example.org/ns/test/sa/client\)'
s_client_get $P
expect_output 'alert certificate required'
serve_log $P 'the client sent no certificate \(we sent the alert certificate_required\)'
s_client_get $P -cert pki/other-client.pem -key pki/other-client.key -cert_chain pki/other/intermediate.pem
expect_output 'alert unknown ca'
serve_log $P "the client's certificate was rejected: .*\(we sent the alert unknown_ca\)"
s_client_get $P -cert pki/expired-client.pem -key pki/expired-client.key -cert_chain pki/ca/intermediate.pem
expect_output 'alert certificate expired'
serve_log $P "certificate 'CN=expired-client' expired"

# --- KeyUpdate (s_client's K: update requested) and close_notify -------------------
mkfifo to-client
timeout 30 openssl s_client -connect 127.0.0.1:$P -tls1_3 -CAfile pki/root.pem -servername localhost \
  -cert pki/client.pem -key pki/client.key -cert_chain pki/ca/intermediate.pem < to-client > ku.out 2>&1 &
CLIENT=$!
PIDS+=("$CLIENT")
exec 3>to-client
for _ in $(seq 1 50); do grep -q "Verify return code" ku.out && break; sleep 0.1; done
echo K >&3
sleep 0.3
printf 'GET /after-key-update HTTP/1.1\r\nHost: localhost\r\n\r\n' >&3
for _ in $(seq 1 50); do grep -q "request: .*after-key-update" ku.out && break; sleep 0.1; done
expect_output 'request: +GET /after-key-update HTTP/1.1' "$(cat ku.out)"
expect_output 'KEYUPDATE' "$(cat ku.out)"
serve_log $P 'KeyUpdate ← the client switches to new write keys \(update_requested: yes\)'
serve_log $P 'KeyUpdate → we switch to new write keys \(update_requested: no\)'
exec 3>&-  # stdin's end: s_client sends close_notify, parley answers in kind
for _ in $(seq 1 50); do kill -0 $CLIENT 2>/dev/null || break; sleep 0.1; done
serve_log $P '1 request\(s\); client sent close_notify; answered with close_notify'
stop $CLIENT
stop $SERVE_PID

# --- mTLS optional (the default with --client-ca) -----------------------------------
P=$(free_port)
serve $P "${ID[@]}" --client-ca pki/root.pem
s_client_get $P
served
expect_output 'client: +no client certificate'
s_client_get $P -cert pki/client.pem -key pki/client.key -cert_chain pki/ca/intermediate.pem
served
expect_output 'client subject: CN=client'
stop $SERVE_PID

# --- ALPN and SNI with two identities -------------------------------------------------
P=$(free_port)
serve $P "${ID[@]}" --cert pki/other-server-chain.pem --key pki/other-server.key --alpn http/1.1
s_client_get $P -alpn h2,http/1.1
served
expect_output 'ALPN protocol: http/1.1'
expect_output 'ALPN protocol: +http/1.1$'
s_client_get $P -servername other.example -verify_hostname other.example
served
expect_output 'subject=CN ?= ?other.example'
expect_output 'server name: +other.example'
# RFC 7301 §3.2: protocols offered, none of them ours: no_application_protocol.
s_client_get $P -alpn h2
expect_output 'alert no application protocol'
serve_log $P 'we sent the alert no_application_protocol'
# No ALPN offered: served without one.
s_client_get $P
served
expect_output 'No ALPN negotiated'
stop $SERVE_PID

done_checks
