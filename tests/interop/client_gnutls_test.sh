#!/usr/bin/env bash
# parley connect against gnutls-serv (TLS 1.3 only): HTTP mode, each suite,
# HelloRetryRequest by group, ALPN, mTLS in echo mode, and a server
# certificate from an untrusted CA.
# Note: gnutls-serv has no option to bind one address; it listens on the
# wildcard address of a free port for the few seconds each case runs.
source "$(dirname "$0")/lib.sh"
make_pki

TLS13=NORMAL:-VERS-ALL:+VERS-TLS1.3
gnutls_server() {  # gnutls_server ARGS...: on a fresh $PORT, log in gnutls-$PORT.log
  PORT=$(free_port)
  bg gnutls-$PORT.log gnutls-serv -p $PORT "$@"
  GNUTLS=$BG
  wait_port "$PORT"
}
# connect INPUT [flags...]: INPUT then 1 s of quiet on stdin; stdout in $OUT, stderr in $ERR, exit in $RC.
connect() {
  local input=$1; shift
  set +e
  OUT=$( (printf '%b' "$input"; sleep 1) | timeout 30 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem \
    --servername localhost "$@" 2>err.txt)
  RC=$?
  ERR=$(cat err.txt)
  set -e
}
ok() { [ "$RC" -eq 0 ] || fail "parley connect failed ($RC): $*"$'\n'"$ERR"; pass; }
SERVER=(--x509certfile pki/server-chain.pem --x509keyfile pki/server.key)

# --- HTTP mode, every suite chosen by our client -----------------------------------
gnutls_server --http --priority $TLS13 "${SERVER[@]}"
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  connect 'GET / HTTP/1.0\r\n\r\n' --ciphers $suite --trace
  ok "suite $suite"
  expect_output '^HTTP/1.[01] 200'
  expect_output 'TLS1.3'
  expect_output "ServerHello ← the server chose $suite" "$ERR"
done
stop $GNUTLS

# --- groups: a P-256- or P-384-only server makes our x25519 share retry ------------
for g in SECP256R1:secp256r1 SECP384R1:secp384r1 X25519:x25519; do
  gnutls_server --http --priority "$TLS13:-GROUP-ALL:+GROUP-${g%%:*}" "${SERVER[@]}"
  connect 'GET / HTTP/1.0\r\n\r\n' --trace
  ok "group ${g#*:}"
  expect_output "with ${g#*:}" "$ERR"
  if [ "${g#*:}" != x25519 ]; then expect_output 'HelloRetryRequest ←' "$ERR"; fi
  stop $GNUTLS
done

# --- ALPN ------------------------------------------------------------------------------
gnutls_server --http --priority $TLS13 --alpn http/1.1 "${SERVER[@]}"
connect 'GET / HTTP/1.0\r\n\r\n' --alpn h2,http/1.1 --trace
ok "ALPN"
expect_output 'handshake complete: .*ALPN http/1.1' "$ERR"
stop $GNUTLS

# --- mTLS (echo mode): with and without our certificate ----------------------------
gnutls_server --echo -r --verify-client-cert --x509cafile pki/root.pem --priority $TLS13 "${SERVER[@]}"
connect 'hello over mTLS\n' --cert pki/client-chain.pem --key pki/client.key
ok "mTLS echo"
expect_output '^hello over mTLS$'
connect 'hello\n'
[ "$RC" -eq 1 ] || fail "no client certificate: expected exit 1, got $RC"
expect_output 'alert certificate_required' "$ERR"
stop $GNUTLS

# --- a server certificate from a CA we do not trust ---------------------------------
gnutls_server --http --priority $TLS13 --x509certfile pki/other-server-untrusted-chain.pem \
  --x509keyfile pki/other-server-untrusted.key
connect 'GET / HTTP/1.0\r\n\r\n'
[ "$RC" -eq 1 ] || fail "untrusted CA: expected exit 1, got $RC"
expect_output "the server's certificate was rejected: no issuer found" "$ERR"
expect_output 'we sent the alert unknown_ca' "$ERR"
stop $GNUTLS

done_checks
