# --crl URL: CRLs fetched over HTTP (from `parley ca serve`, and from a plain
# directory for the bad cases) at start, on SIGHUP; a revoked client is
# refused, a client revoked later is refused after SIGHUP, a bad, foreign or
# older CRL keeps the one in force, and a URL that fails at start stops a
# --revocation hard tunnel but not a soft one.
source "$(dirname "$0")/lib.sh"
make_pki
mkdir www && echo hello > www/file.bin
HTTP=$(free_port)
bg python3 -m http.server --bind 127.0.0.1 --directory www "$HTTP"
wait_port "$HTTP"
CA=$(free_port)
bg "$PARLEY" ca serve --dir ca --listen "127.0.0.1:$CA" > ca-serve.out 2> ca-serve.err
wait_port "$CA"

TLS=$(free_port)
start_tunnel() {  # start_tunnel ERRFILE ARGS...: a tunnel server on $TLS with these extra arguments
  local err=$1; shift
  bg "$PARLEY" tunnel server --listen "127.0.0.1:$TLS" --target "127.0.0.1:$HTTP" --cert server-chain.pem \
    --key server.key --client-ca ca/root.pem --allow-uri 'spiffe://example.internal/ns/*/sa/*' --watch-interval 0 \
    "$@" 2> "$err"
  TUNNEL=$BG
  wait_listening "$err"
}
stop_tunnel() { kill "$TUNNEL"; wait "$TUNNEL" || true; }

# Hard policy, both CRLs of the CA from `parley ca serve`.
start_tunnel served.err --revocation hard --crl "http://127.0.0.1:$CA/crl/intermediate.crl" \
  --crl "http://127.0.0.1:$CA/crl/root.crl"
grep -q "intermediate.crl loaded: 1 revoked" served.err || fail "the CRL was not fetched at start: $(cat served.err)"
curl_as orders "$TLS" /file.bin got || fail "orders was refused: $(cat served.err)"
refused revoked "alert certificate revoked"

# Revoked now, picked up on SIGHUP (the files reload at once, the fetched CRL a moment later).
"$PARLEY" ca revoke --dir ca orders.pem >/dev/null
curl_as orders "$TLS" /file.bin got || fail "orders was refused before the SIGHUP"
kill -HUP "$TUNNEL"
wait_for served.err "intermediate.crl loaded: 2 revoked"
wait_lines served.err "reloaded:" 2
refused orders "alert certificate revoked"
curl_as billing "$TLS" /file.bin got || fail "billing was refused after the new CRL: $(cat served.err)"
pass
stop_tunnel

# The same from a directory we control: the intermediate's CRL and the root's, one file each.
split_crls() {  # split_crls BUNDLE DIR: the intermediate's CRL to DIR/int.crl, the root's to DIR/root.crl
  python3 - "$1" "$2" <<'PY'
import re, sys
blocks = re.findall(r"-----BEGIN X509 CRL-----.*?-----END X509 CRL-----\n", open(sys.argv[1]).read(), re.S)
assert len(blocks) == 2, blocks
open(sys.argv[2] + "/int.crl", "w").write(blocks[0])
open(sys.argv[2] + "/root.crl", "w").write(blocks[1])
PY
}
mkdir crl older
split_crls ca.crl older  # made by make_pki: only 'revoked' in it
"$PARLEY" ca crl --dir ca --out now.crl >/dev/null && split_crls now.crl crl
CRL=$(free_port)
bg python3 -m http.server --bind 127.0.0.1 --directory crl "$CRL"
wait_port "$CRL"
start_tunnel dir.err --revocation hard --crl "http://127.0.0.1:$CRL/int.crl" --crl "http://127.0.0.1:$CRL/root.crl"
refused orders "alert certificate revoked"

# bad NAME PATTERN: serve a bad int.crl; on SIGHUP it is refused with PATTERN and the CRL in force stays.
bad() {
  local before
  before=$(grep -c "int.crl refused, the previous one stays" dir.err || true)
  kill -HUP "$TUNNEL"
  wait_lines dir.err "int.crl refused, the previous one stays" $((before + 1))
  grep "int.crl refused" dir.err | tail -1 | grep -qE -- "$2" || fail "$1 was not refused for '$2': $(cat dir.err)"
  refused orders "alert certificate revoked"
  curl_as billing "$TLS" /file.bin got || fail "billing was refused after $1: $(cat dir.err)"
  pass
}
echo "not a CRL" > crl/int.crl
bad "garbage" "PEM|DER"
"$PARLEY" ca init --dir other --name "Other CA" >/dev/null
"$PARLEY" ca crl --dir other --out other.crl >/dev/null && split_crls other.crl crl
bad "another CA's CRL" "does not verify"
split_crls ca.crl crl
bad "an older CRL" "older than the one in force"
stop_tunnel

# A URL that does not answer: hard refuses to start, soft starts and says so.
DEAD=$(free_port)
expect_exit 2 "$PARLEY" tunnel server --listen 127.0.0.1:0 --target "127.0.0.1:$HTTP" --cert server-chain.pem \
  --key server.key --client-ca ca/root.pem --allow-any --revocation hard --crl "http://127.0.0.1:$DEAD/int.crl"
expect_output "revocation hard needs every --crl.*127.0.0.1:$DEAD/int.crl"
start_tunnel soft.err --revocation soft --crl "http://127.0.0.1:$DEAD/int.crl"
grep -q "int.crl refused, none in force" soft.err || fail "soft start did not log the failed fetch: $(cat soft.err)"
curl_as billing "$TLS" /file.bin got || fail "the soft tunnel refused billing: $(cat soft.err)"
pass
stop_tunnel
done_checks
