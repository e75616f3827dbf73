#!/usr/bin/env bash
# parley ca serve on 127.0.0.1 against openssl ocsp and curl: good, revoked
# right after `parley ca revoke`, unknown and unauthorized; the base64 GET
# form; the CRL fetched from the URL in an issued certificate; malformed and
# oversized requests; two servers answering from one ledger; must-staple.
source "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 0; }

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
expect_exit 0 "$PARLEY" ca init --dir ca --name "Serve Root CA" --ocsp-url "$URL/ocsp" \
  --crl-url "$URL/crl/intermediate.crl"
for name in alpha beta; do
  expect_exit 0 "$PARLEY" ca issue --dir ca --profile server --san dns:$name.example --out-cert $name.pem \
    --out-key $name.key
done
bg serve-1.log "$PARLEY" ca serve --dir ca --listen 127.0.0.1:$PORT
SERVE1=$BG
wait_port "$PORT"

# ocsp_query CERT [extra openssl ocsp flags]: what openssl makes of parley's answer.
ocsp_query() {
  local cert=$1; shift
  set +e
  OUT=$(timeout 20 openssl ocsp -url "$URL/ocsp" -issuer ca/intermediate.pem -cert "$cert" -CAfile ca/root.pem \
    -verify_other ca/intermediate.pem "$@" 2>&1)
  set -e
  pass
}

# --- good, with a nonce, signed by the delegated responder ------------------------
ocsp_query alpha.pem
expect_output "^alpha.pem: good"
expect_output "Response verify OK"
grep -q "WARNING" <<<"$OUT" && fail "openssl warns about parley's response: $OUT"
ocsp_query alpha.pem -no_nonce -resp_text
expect_output "Responder Id: "
expect_output "OCSP Signing"
expect_output "OCSP No Check"
expect_output "Serve Root CA Intermediate.* OCSP Responder|OCSP Responder"

# --- revoked at once, with time and reason --------------------------------------
expect_exit 0 "$PARLEY" ca revoke --dir ca alpha.pem --reason keyCompromise
ocsp_query alpha.pem
expect_output "^alpha.pem: revoked"
expect_output "Reason: keyCompromise"
expect_output "Revocation Time: "
ocsp_query beta.pem
expect_output "^beta.pem: good"

# --- unknown and unauthorized ----------------------------------------------------
set +e
OUT=$(timeout 20 openssl ocsp -url "$URL/ocsp" -issuer ca/intermediate.pem -serial 0x0102030405 -CAfile ca/root.pem \
  -verify_other ca/intermediate.pem 2>&1)
set -e
expect_output "0x0102030405: unknown"
set +e
OUT=$(timeout 20 openssl ocsp -url "$URL/ocsp" -issuer ca/root.pem -cert ca/intermediate.pem -CAfile ca/root.pem 2>&1)
set -e
expect_output "unauthorized"

# --- GET: the base64 request in the path (RFC 6960 appendix A, RFC 5019 §5) ----------
openssl ocsp -issuer ca/intermediate.pem -cert alpha.pem -no_nonce -reqout req.der
ENCODED=$(python3 -c 'import base64,sys,urllib.parse; print(urllib.parse.quote(base64.b64encode(open("req.der","rb").read()).decode(), safe=""))')
CODE=$(curl -s -m 10 -D get.head -o get.der -w '%{http_code}' "$URL/ocsp/$ENCODED")
[ "$CODE" = 200 ] || fail "GET /ocsp/<base64>: HTTP $CODE"
pass
grep -qi "^Cache-Control: max-age=[0-9]*, public, no-transform, must-revalidate" get.head ||
  fail "no RFC 5019 caching headers: $(cat get.head)"
pass
openssl ocsp -respin get.der -resp_text -noverify > get.txt 2>&1
grep -q "Cert Status: revoked" get.txt || fail "GET answer: $(cat get.txt)"
pass

# --- bad input: the OCSP error status or an HTTP 4xx, and the server lives on -------------
printf 'not DER at all' > junk.der
CODE=$(curl -s -m 10 -o junk-resp.der -w '%{http_code}' -H 'Content-Type: application/ocsp-request' \
  --data-binary @junk.der "$URL/ocsp")
[ "$CODE" = 200 ] && [ "$(od -An -tx1 junk-resp.der | tr -d ' \n')" = 30030a0101 ] ||
  fail "a malformed request: HTTP $CODE, body $(od -An -tx1 junk-resp.der)"
pass
set +e
OUT=$(openssl ocsp -respin junk-resp.der -resp_text 2>&1)  # exits 1 on an error status
set -e
expect_output "Responder Error: malformedrequest"
CODE=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL/ocsp/%%%")
[ "$CODE" = 200 ] || fail "a GET that is not base64: HTTP $CODE"
pass
head -c 200000 /dev/zero > big.der
CODE=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/ocsp-request' \
  --data-binary @big.der "$URL/ocsp")
[ "$CODE" = 413 ] || fail "an oversized body: HTTP $CODE"
pass
CODE=$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL/crl/other.crl")
[ "$CODE" = 404 ] || fail "an unknown CRL: HTTP $CODE"
pass
CODE=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X PUT "$URL/ocsp")
[ "$CODE" = 405 ] || fail "PUT /ocsp: HTTP $CODE"
pass
kill -0 "$SERVE1" || fail "ca serve died on bad input"
pass

# --- the CRL, from the URL in the certificate ---------------------------------------
CRL_URL=$(openssl x509 -in beta.pem -noout -ext crlDistributionPoints | sed -n 's/^ *URI://p')
[ "$CRL_URL" = "$URL/crl/intermediate.crl" ] || fail "CRL distribution point: '$CRL_URL'"
pass
CODE=$(curl -s -m 10 -o crl.der -w '%{http_code}' "$CRL_URL")
[ "$CODE" = 200 ] || fail "GET $CRL_URL: HTTP $CODE"
pass
openssl crl -inform DER -in crl.der -CAfile ca/intermediate.pem -noout -text > crl.txt 2>&1
ALPHA_SERIAL=$(openssl x509 -in alpha.pem -noout -serial | cut -d= -f2)
grep -qi "Serial Number: $ALPHA_SERIAL" crl.txt || fail "the CRL does not list alpha ($ALPHA_SERIAL): $(cat crl.txt)"
grep -q "verify OK" crl.txt || fail "openssl does not verify the CRL: $(cat crl.txt)"
grep -q "Key Compromise" crl.txt || fail "no reason in the CRL"
pass

# --- two servers, one ledger: a revocation shows on both, OCSP and CRL --------------
PORT2=$(free_port)
bg serve-2.log "$PARLEY" ca serve --dir ca --listen 127.0.0.1:$PORT2
wait_port "$PORT2"
expect_exit 0 "$PARLEY" ca revoke --dir ca beta.pem --reason superseded
for url in "$URL" "http://127.0.0.1:$PORT2"; do
  set +e
  OUT=$(timeout 20 openssl ocsp -url "$url/ocsp" -issuer ca/intermediate.pem -cert beta.pem -CAfile ca/root.pem \
    -verify_other ca/intermediate.pem 2>&1)
  set -e
  expect_output "^beta.pem: revoked"
  curl -s -m 10 -o crl2.der "$url/crl/intermediate.crl"
  BETA_SERIAL=$(openssl x509 -in beta.pem -noout -serial | cut -d= -f2)
  openssl crl -inform DER -in crl2.der -noout -text | grep -qi "Serial Number: $BETA_SERIAL" ||
    fail "$url's CRL does not list beta yet"
  pass
done
grep -q "issued the delegated OCSP signer" serve-2.log || fail "the second server has no delegated signer of its own"
pass
expect_exit 0 "$PARLEY" ca list --dir ca
expect_output "ocsp-signing"

# --- must-staple ---------------------------------------------------------------------
expect_exit 0 "$PARLEY" ca issue --dir ca --profile server --san dns:staple.example --must-staple \
  --out-cert staple.pem --out-key staple.key
openssl x509 -in staple.pem -noout -text | grep -A1 "TLS Feature" | grep -q "status_request" ||
  fail "no TLS Feature status_request: $(openssl x509 -in staple.pem -noout -text)"
pass

# --- SIGTERM stops the server -------------------------------------------------------
kill -TERM "$SERVE1"
for i in $(seq 1 50); do kill -0 "$SERVE1" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SERVE1" 2>/dev/null && fail "ca serve still runs 5 s after SIGTERM"
pass
done_checks
