#!/usr/bin/env bash
# curl --tlsv1.3 against parley serve: HTTP/1.0 and keep-alive HTTP/1.1,
# ALPN, each suite and group, mTLS, --root with a large file, and the
# failures curl must report (no client certificate, wrong name).
source "$(dirname "$0")/lib.sh"
make_pki

# fetch PORT [curl flags...] URL-PATHS...: stdout in $OUT, stderr in $ERR, exit in $RC.
fetch() {
  local port=$1; shift
  set +e
  OUT=$(timeout 30 curl -sS --tlsv1.3 --cacert pki/root.pem --resolve localhost:$port:127.0.0.1 "$@" 2>curl-err.txt)
  RC=$?
  ERR=$(cat curl-err.txt)
  set -e
}
ok() { [ "$RC" -eq 0 ] || fail "curl failed ($RC): $*"$'\n'"$ERR"; pass; }
serve_log() {
  for _ in $(seq 1 30); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2'"
}

mkdir -p www
head -c 300000 /dev/urandom > www/big.bin
echo "a small file" > www/small.txt

P=$(free_port)
# curl --http1.0 offers only "http/1.0": without it in our list the client
# would get no_application_protocol (RFC 7301 §3.2).
serve $P --cert pki/server-chain.pem --key pki/server.key --alpn http/1.1,http/1.0
fetch $P https://localhost:$P/
ok "GET /"
expect_output 'cipher suite: +TLS_AES_128_GCM_SHA256'
expect_output 'ALPN protocol: +http/1.1'
fetch $P --http1.0 https://localhost:$P/
ok "HTTP/1.0"
expect_output 'request: +GET / HTTP/1.0'
expect_output 'ALPN protocol: +http/1.0'
# Two URLs, one connection (HTTP/1.1 keep-alive).
fetch $P -v https://localhost:$P/one https://localhost:$P/two
ok "keep-alive"
expect_output 'Re-using existing connection' "$ERR"
expect_output 'request: +GET /two HTTP/1.1'
serve_log $P '2 request\(s\)'
for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  fetch $P --tls13-ciphers $suite https://localhost:$P/
  ok "suite $suite"
  expect_output "cipher suite: +$suite"
done
for g in X25519:x25519 P-256:secp256r1 P-384:secp384r1; do
  fetch $P --curves ${g%%:*} https://localhost:$P/
  ok "group ${g#*:}"
  expect_output "key exchange: +${g#*:}"
done
fetch $P --resolve wrong.example:$P:127.0.0.1 https://wrong.example:$P/
[ "$RC" -ne 0 ] || fail "curl accepted a certificate for the wrong name"
expect_output 'no alternative certificate subject name matches|does not match' "$ERR"
stop $SERVE_PID

# mTLS required.
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required
fetch $P --cert pki/client-chain.pem --key pki/client.key https://localhost:$P/
ok "mTLS"
expect_output 'client SAN: +URI:spiffe://example.org/ns/test/sa/client'
fetch $P https://localhost:$P/
[ "$RC" -ne 0 ] || fail "curl got in without a client certificate"
expect_output 'alert certificate required' "$ERR"
stop $SERVE_PID

# --root: files (a large one streamed), 404 outside.
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --root www
fetch $P -o got.bin https://localhost:$P/big.bin
ok "large file"
cmp -s got.bin www/big.bin || fail "the large file came back different"
pass
fetch $P https://localhost:$P/small.txt
expect_output '^a small file$'
fetch $P -o /dev/null -w '%{http_code}' --path-as-is https://localhost:$P/../../etc/passwd
expect_output '^404$'
fetch $P -o /dev/null -w '%{http_code}' https://localhost:$P/missing
expect_output '^404$'
stop $SERVE_PID

done_checks
