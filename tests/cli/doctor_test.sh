#!/usr/bin/env bash
# parley doctor against real servers on 127.0.0.1, one per fault: parley
# serve and openssl s_server with an expired certificate, the wrong name, an
# untrusted CA, a leaf without its intermediate, a client certificate
# required; plain HTTP; TLS 1.2 only; nothing listening. Each gets the right
# finding and exit 1; a healthy server exits 0. --json keeps its schema.
source "$(dirname "$0")/../interop/lib.sh"
make_pki

# doctor WANT_EXIT FINDING_ID PORT [doctor flags...]: runs doctor, checks the exit code and that FINDING_ID is reported.
doctor() {
  local want=$1 id=$2 port=$3; shift 3
  expect_exit "$want" "$PARLEY" doctor 127.0.0.1:$port --timeout 3 "$@"
  [ -z "$id" ] || expect_output "\[$id\]"
}

# --- parley serve, one fault each ----------------------------------------------
GOOD=$(free_port); serve $GOOD --cert pki/server-chain.pem --key pki/server.key
doctor 0 certificate.ok $GOOD --ca pki/root.pem --servername localhost
expect_output 'verdict: a client configured like this connects'
expect_output 'suites: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256; groups: x25519, secp256r1, secp384r1'
doctor 1 certificate.name_mismatch $GOOD --ca pki/root.pem --servername other.example
expect_output 'The certificate names: DNS:localhost, IP:127.0.0.1'
doctor 1 certificate.untrusted $GOOD --ca pki/other-root.pem --servername localhost
expect_output 'a CA we do not trust: CN=Interop Root CA'
expect_output 'pass --ca'

EXPIRED=$(free_port); serve $EXPIRED --cert pki/expired-server-chain.pem --key pki/expired-server.key
doctor 1 certificate.expired $EXPIRED --ca pki/root.pem --servername localhost
expect_output 'valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z'
expect_output 'parley ca issue'

LEAF=$(free_port); serve $LEAF --cert pki/server.pem --key pki/server.key
doctor 1 certificate.incomplete_chain $LEAF --ca pki/root.pem --servername localhost
expect_output 'the issuer CN=Interop Intermediate CA,O=Interop Root CA of CN=localhost was not sent'

MTLS=$(free_port)
serve $MTLS --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required
doctor 1 client_auth.required $MTLS --ca pki/root.pem --servername localhost
expect_output 'accepts certificates from: CN=Interop Root CA,O=Interop Root CA'
doctor 0 client_auth.accepted $MTLS --ca pki/root.pem --servername localhost --cert pki/client-chain.pem --key pki/client.key
doctor 1 client_auth.unknown_issuer $MTLS --ca pki/root.pem --servername localhost \
  --cert pki/other-client-chain.pem --key pki/other-client.key
OPTIONAL=$(free_port)
serve $OPTIONAL --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth optional
doctor 0 client_auth.optional $OPTIONAL --ca pki/root.pem --servername localhost

# --- openssl s_server -------------------------------------------------------------
# s_server [flags...]: openssl's server on a free port ($OSSL), answering every connection.
s_server() {
  OSSL=$(free_port)
  bg ossl-$OSSL.log openssl s_server -accept 127.0.0.1:$OSSL -naccept 40 -quiet "$@"
  wait_port $OSSL
}
s_server -cert pki/server.pem -key pki/server.key -cert_chain pki/ca/intermediate.pem
doctor 0 protocol.tls13 $OSSL --ca pki/root.pem --servername localhost
s_server -cert pki/server.pem -key pki/server.key
doctor 1 certificate.incomplete_chain $OSSL --ca pki/root.pem --servername localhost
s_server -cert pki/expired-server.pem -key pki/expired-server.key -cert_chain pki/ca/intermediate.pem
doctor 1 certificate.expired $OSSL --ca pki/root.pem --servername localhost
s_server -cert pki/other-server-untrusted.pem -key pki/other-server-untrusted.key -cert_chain pki/other/intermediate.pem
doctor 1 certificate.untrusted $OSSL --ca pki/root.pem --servername localhost
s_server -cert pki/server.pem -key pki/server.key -cert_chain pki/ca/intermediate.pem -tls1_2
doctor 1 protocol.no_tls13 $OSSL --ca pki/root.pem --servername localhost
s_server -cert pki/server.pem -key pki/server.key -cert_chain pki/ca/intermediate.pem -Verify 1 \
  -verify_return_error -CAfile pki/root.pem
doctor 1 client_auth.required $OSSL --ca pki/root.pem --servername localhost

# --- not TLS, nobody there -------------------------------------------------------
HTTP=$(free_port)
bg http-$HTTP.log python3 -m http.server --bind 127.0.0.1 $HTTP
wait_port $HTTP
doctor 1 protocol.plain_http $HTTP
doctor 1 reachability.refused "$(free_port)"

# --- the JSON form and usage errors ---------------------------------------------
expect_exit 1 "$PARLEY" doctor 127.0.0.1:$EXPIRED --ca pki/root.pem --servername localhost --json
python3 - <<PY || fail "doctor --json does not have the documented shape:"$'\n'"$OUT"
import json
r = json.loads('''$OUT''')
assert set(r) == {"target", "server_name", "would_connect", "findings", "server"}, r.keys()
assert r["would_connect"] is False and r["server_name"] == "localhost"
f = r["findings"][0]
assert set(f) == {"severity", "id", "title", "detail", "fix"} and f["id"] == "certificate.expired" and f["severity"] == "error"
assert r["server"]["tls13"] is True and r["server"]["client_auth"] == "none" and len(r["server"]["chain"]) == 2
assert r["server"]["suites"] and r["server"]["groups"]
PY
pass
expect_exit 2 "$PARLEY" doctor nonsense
expect_exit 2 "$PARLEY" doctor 127.0.0.1:$GOOD --cert pki/client.pem
expect_exit 2 "$PARLEY" doctor 127.0.0.1:$GOOD --ca pki/missing.pem
done_checks
