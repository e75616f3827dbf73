#!/usr/bin/env bash
# parley connect against `openssl s_server -tls1_3`: every suite and group,
# HelloRetryRequest, mTLS, ALPN, SNI, KeyUpdate, and the certificate failures
# (expired, wrong name, untrusted CA, missing client certificate) with the
# alert openssl reports.
source "$(dirname "$0")/lib.sh"
make_pki

# ossl_server ARGS...: s_server -www on a fresh port ($PORT), log in ossl-$PORT.log.
ossl_server() {
  PORT=$(free_port)
  bg ossl-$PORT.log openssl s_server -accept 127.0.0.1:$PORT -tls1_3 -cert_chain pki/ca/intermediate.pem "$@"
  OSSL=$BG
  wait_port "$PORT"
}
# connect [flags...]: GET / HTTP/1.0 with parley connect to $PORT; stdout in $OUT, stderr in $ERR, exit in $RC.
connect() {
  set +e
  local ca=(--ca pki/root.pem)
  [[ " $* " == *" --ca "* ]] && ca=()
  OUT=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 "$PARLEY" connect 127.0.0.1:$PORT "${ca[@]}" "$@" 2>err.txt)
  RC=$?
  ERR=$(cat err.txt)
  set -e
}
ok() { [ "$RC" -eq 0 ] || fail "parley connect failed ($RC): $*"$'\n'"$ERR"; pass; }
# ossl_log PATTERN: the s_server log matches (waits up to 3 s for it).
ossl_log() {
  for _ in $(seq 1 30); do grep -qE -- "$1" ossl-$PORT.log && { pass; return; }; sleep 0.1; done
  fail "openssl s_server's log does not match '$1':"$'\n'"$(cat ossl-$PORT.log)"
}
SERVER=(-cert pki/server.pem -key pki/server.key)

# --- every cipher suite --------------------------------------------------------
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  ossl_server "${SERVER[@]}" -www -ciphersuites $suite
  connect --servername localhost
  ok "suite $suite"
  expect_output "New, TLSv1.3, Cipher is $suite"
  stop $OSSL
done

# --- every group; HelloRetryRequest when our first share is not acceptable ------
for g in X25519:x25519 P-256:secp256r1 P-384:secp384r1; do
  ossl_server "${SERVER[@]}" -www -groups ${g%%:*}
  connect --servername localhost --trace
  ok "group ${g#*:}"
  expect_output "ServerHello ← the server chose .* with ${g#*:}" "$ERR"
  if [ "${g#*:}" = x25519 ]; then
    grep -q HelloRetryRequest <<<"$ERR" && fail "HelloRetryRequest with x25519"
  else
    expect_output "HelloRetryRequest ← the server asks for a key share for ${g#*:}" "$ERR"
    expect_output "after a HelloRetryRequest" "$ERR"
  fi
  # Our client offering the server's group first: no HelloRetryRequest.
  connect --servername localhost --trace --groups ${g#*:},x25519
  ok "group ${g#*:} first"
  grep -q HelloRetryRequest <<<"$ERR" && fail "HelloRetryRequest although our first share was ${g#*:}"
  pass
  stop $OSSL
done

# --- mTLS: s_server -Verify 1 ----------------------------------------------------
ossl_server "${SERVER[@]}" -www -Verify 1 -CAfile pki/root.pem
connect --servername localhost --cert pki/client-chain.pem --key pki/client.key
ok "mTLS"
expect_output 'Subject: CN ?= ?client'
expect_output 'URI:spiffe://example.org/ns/test/sa/client'
connect --servername localhost
[ $RC -eq 1 ] || fail "no client certificate: expected exit 1, got $RC"
expect_output 'alert certificate_required' "$ERR"
ossl_log 'peer did not return a certificate'
stop $OSSL

# --- ALPN ----------------------------------------------------------------------
ossl_server "${SERVER[@]}" -www -alpn http/1.1
connect --servername localhost --alpn h2,http/1.1 --trace
ok "ALPN"
expect_output 'handshake complete: .*ALPN http/1.1' "$ERR"
stop $OSSL

# --- SNI: s_server answers "localhost" with its second certificate --------------
# (-cert2 has no chain option: trust the intermediate as well.)
cat pki/root.pem pki/ca/intermediate.pem > pki/root-and-intermediate.pem
ossl_server -cert pki/other-server.pem -key pki/other-server.key -cert2 pki/server.pem -key2 pki/server.key \
  -servername localhost -www
connect --servername localhost --ca pki/root-and-intermediate.pem
ok "SNI localhost picks the localhost certificate"
connect --servername other.example --ca pki/root-and-intermediate.pem
ok "SNI other.example gets the default certificate"
stop $OSSL

# --- KeyUpdate: s_server's K command (update_requested) --------------------------
mkfifo ossl-in client-in
PORT=$(free_port)
openssl s_server -accept 127.0.0.1:$PORT -tls1_3 -cert_chain pki/ca/intermediate.pem "${SERVER[@]}" \
  < ossl-in > ossl-$PORT.log 2>&1 &
OSSL=$!
PIDS+=("$OSSL")
exec 3>ossl-in
wait_port "$PORT"
timeout 30 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem --servername localhost --trace \
  < client-in > ku.out 2> ku.err &
CLIENT=$!
PIDS+=("$CLIENT")
exec 4>client-in
for _ in $(seq 1 50); do grep -q "handshake complete" ku.err && break; sleep 0.1; done
ossl_log 'CIPHER is TLS_AES'
echo K >&3
sleep 0.5
echo "after the key update" >&3
for _ in $(seq 1 50); do grep -q "after the key update" ku.out && break; sleep 0.1; done
expect_output 'after the key update' "$(cat ku.out)"
expect_output 'KeyUpdate ← the server switches to new write keys \(update_requested: yes\)' "$(cat ku.err)"
expect_output 'KeyUpdate → we switch to new write keys \(update_requested: no\)' "$(cat ku.err)"
echo "after our key update" >&4
ossl_log 'after our key update'
exec 3>&- 4>&-
stop $CLIENT
stop $OSSL

# --- certificate failures: our report, and the alert openssl received ---------------
ossl_server -cert pki/expired-server.pem -key pki/expired-server.key -www
connect --servername localhost
[ $RC -eq 1 ] || fail "expired: expected exit 1, got $RC"
expect_output "certificate 'CN=expired-server' expired" "$ERR"
ossl_log 'alert certificate expired|SSL alert number 45'
stop $OSSL

ossl_server -cert pki/other-server.pem -key pki/other-server.key -www
connect --servername localhost
[ $RC -eq 1 ] || fail "wrong name: expected exit 1, got $RC"
expect_output 'name mismatch: asked for localhost' "$ERR"
ossl_log 'alert bad certificate|SSL alert number 42'
stop $OSSL

ossl_server -cert pki/other-server-untrusted.pem -key pki/other-server-untrusted.key -www
connect --servername localhost
[ $RC -eq 1 ] || fail "untrusted CA: expected exit 1, got $RC"
expect_output "the server's certificate was rejected" "$ERR"
expect_output 'alert unknown_ca' "$ERR"
ossl_log 'alert unknown ca|SSL alert number 48'
stop $OSSL

done_checks
