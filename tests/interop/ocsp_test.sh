#!/usr/bin/env bash
# Revocation that reaches the peer, against openssl on 127.0.0.1:
#   - parley verify checks responses made by `openssl ocsp -index` (given, and
#     fetched from `openssl ocsp -port` under --revocation hard, with the
#     intermediate's CRL fetched from a plain HTTP server), a revoked
#     intermediate, and a responder that hangs (bounded by --fetch-timeout);
#     parley connect --revocation hard fetches the same for a server that does
#     not staple;
#   - parley inspect shows an OCSP response;
#   - openssl s_client -status sees the staple of parley serve --ocsp-staple;
#   - parley connect checks the staple of openssl s_server -status_file
#     (good, revoked, for another certificate, must-staple without a staple).
source "$(dirname "$0")/lib.sh" "$1"

P_OCSP=$(free_port)   # openssl ocsp: the intermediate's responder
P_CRL=$(free_port)    # python http.server: the root's CRL
P_HANG=$(free_port)   # accepts and never answers
mkdir -p pki www && cd pki

cat > ext.cnf <<CNF
[root]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[inter]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
crlDistributionPoints=URI:http://127.0.0.1:$P_CRL/root.crl
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
authorityInfoAccess=OCSP;URI:http://127.0.0.1:$P_OCSP/
[hanging]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost
authorityInfoAccess=OCSP;URI:http://127.0.0.1:$P_HANG/
[staple]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
tlsfeature=status_request
[responder]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=OCSPSigning
noCheck=ignored
CNF
serial=100
cert() {  # cert NAME SUBJECT ISSUER EXT
  serial=$((serial + 1))
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key 2>/dev/null
  openssl req -new -key $1.key -subj "$2" -out $1.csr 2>/dev/null
  if [ "$3" = self ]; then sign="-signkey $1.key"; else sign="-CA $3.pem -CAkey $3.key"; fi
  openssl x509 -req -in $1.csr $sign -set_serial $serial -days 30 -sha256 -extfile ext.cnf -extensions $4 \
    -out $1.pem 2>/dev/null
}
cert root "/CN=OCSP Test Root" self root
cert inter "/CN=OCSP Test Inter" root inter
cert leaf "/CN=localhost" inter leaf
cert other "/CN=other" inter leaf
cert hanging "/CN=hanging" inter hanging
cert staple "/CN=must-staple" inter staple
cert responder "/CN=Inter OCSP Responder" inter responder
cat leaf.pem inter.pem > leaf-chain.pem
cat staple.pem inter.pem > staple-chain.pem

# The CA databases: index-good knows leaf, other and staple as valid; index-revoked has leaf revoked.
db() {  # db NAME CA [-valid X | -revoke X]...
  local name=$1 ca=$2; shift 2
  mkdir -p db-$name; : > db-$name/index.txt; echo 01 > db-$name/crlnumber
  printf '[ca]\ndefault_ca=d\n[d]\ndatabase=db-%s/index.txt\ncrlnumber=db-%s/crlnumber\ndefault_md=sha256\ndefault_crl_days=7\ncrl_extensions=e\n[e]\nauthorityKeyIdentifier=keyid\n' $name $name > db-$name/ca.cnf
  while [ $# -gt 0 ]; do
    if [ "$1" = -revoke ]; then extra="-crl_reason keyCompromise"; else extra=""; fi
    openssl ca -config db-$name/ca.cnf -keyfile $ca.key -cert $ca.pem $1 $2.pem $extra 2>/dev/null
    shift 2
  done
}
db good inter -valid leaf -valid other -valid staple
db revoked inter -revoke leaf
db root-clean root
db root-revoked root -revoke inter
openssl ca -config db-root-clean/ca.cnf -keyfile root.key -cert root.pem -gencrl -out ../www/root.crl 2>/dev/null
cp ../www/root.crl root-clean.crl
openssl ca -config db-root-revoked/ca.cnf -keyfile root.key -cert root.pem -gencrl -out ../www/root-revoked.crl 2>/dev/null

respond() {  # respond INDEX CERT OUT [SIGNER]: an OCSP response as `openssl ocsp` makes it
  openssl ocsp -issuer inter.pem -cert $2.pem -no_nonce -reqout req-$3.der 2>/dev/null
  openssl ocsp -index db-$1/index.txt -CA inter.pem -rsigner ${4:-responder}.pem -rkey ${4:-responder}.key \
    -reqin req-$3.der -ndays 1 -respout $3 2>/dev/null
}
respond good leaf good.der
respond revoked leaf revoked.der
respond good other other.der
respond good staple staple-good.der
respond good leaf by-leaf.der other   # signed by a key without OCSP authority
cd ..

V=("$PARLEY" verify --roots pki/root.pem --intermediates pki/inter.pem --leaf pki/leaf.pem --hostname localhost)

# --- given responses (--ocsp) and parley inspect
expect_exit 0 "${V[@]}" --ocsp pki/good.der
expect_output "\[0\] CN=localhost.*: good .*\(OCSP response file\)"
expect_output "signed by the delegated responder 'CN=Inter OCSP Responder' \(id-pkix-ocsp-nocheck\)"
expect_exit 1 "${V[@]}" --ocsp pki/revoked.der
expect_output "was revoked on .* \(reason keyCompromise\), says the OCSP response file"
expect_output "alert: certificate_revoked"
expect_exit 1 "${V[@]}" --ocsp pki/by-leaf.der
expect_output "ocsp_invalid|no authority to sign OCSP responses|not issued by"
expect_exit 0 "${V[@]}" --ocsp pki/other.der   # answers for another certificate: not evidence about this one
expect_output "no evidence"
expect_exit 0 "${V[@]}" --ocsp pki/good.der --revocation off
expect_exit 0 "$PARLEY" inspect pki/good.der
expect_output "OCSP response"
expect_output "status: +good"
expect_output "responder cert: +CN=Inter OCSP Responder.*\(ocsp-nocheck\)"
expect_exit 0 "$PARLEY" inspect --json pki/revoked.der
expect_output '"reason": "keyCompromise"'

# --- hard: fetched from `openssl ocsp -index` as the responder and a plain HTTP server.
# `openssl ocsp -port` binds every interface; tests bind 127.0.0.1 only, so a
# small HTTP front on 127.0.0.1 hands each POSTed request to `openssl ocsp
# -reqin` and returns its response (nonce echoed) as application/ocsp-response.
bg ocsp.log python3 -c "
import http.server, subprocess, tempfile, os
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        with tempfile.TemporaryDirectory() as d:
            open(d + '/req.der', 'wb').write(body)
            subprocess.run(['openssl', 'ocsp', '-index', 'pki/db-good/index.txt', '-CA', 'pki/inter.pem',
                            '-rsigner', 'pki/responder.pem', '-rkey', 'pki/responder.key', '-ndays', '1',
                            '-reqin', d + '/req.der', '-respout', d + '/resp.der'], check=True, capture_output=True)
            resp = open(d + '/resp.der', 'rb').read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/ocsp-response')
        self.send_header('Content-Length', str(len(resp)))
        self.end_headers()
        self.wfile.write(resp)
http.server.HTTPServer(('127.0.0.1', $P_OCSP), H).serve_forever()
"
OCSP_PID=$BG
bg http.log python3 -m http.server --bind 127.0.0.1 --directory www $P_CRL
wait_port $P_OCSP
wait_port $P_CRL
expect_exit 2 "${V[@]}" --revocation hard --fetch-timeout 0
expect_exit 2 "${V[@]}" --revocation sometimes
expect_exit 0 "${V[@]}" --revocation hard
expect_output "\[0\] CN=localhost.*: good .*\(fetched OCSP response from http://127.0.0.1:$P_OCSP/\)"
expect_output "\[1\] CN=OCSP Test Inter.*not on the CRL .*\(fetched CRL from http://127.0.0.1:$P_CRL/root.crl\)"
expect_output "fetch: OCSP for 'CN=localhost.*' from http://127.0.0.1:$P_OCSP/: successful response fetched"
expect_exit 0 "${V[@]}" --revocation hard --json
expect_output '"source": "fetched OCSP response"'
expect_output "\"origin\": \"http://127.0.0.1:$P_CRL/root.crl\""
# parley connect --revocation hard fetches the same for a server that does not staple.
P_PLAIN=$(free_port)
serve $P_PLAIN --cert pki/leaf-chain.pem --key pki/leaf.key
expect_exit 0 "$PARLEY" connect 127.0.0.1:$P_PLAIN --ca pki/root.pem --servername localhost --revocation hard \
  --trace </dev/null
expect_output "revocation \[0\] CN=localhost.*: good .* — fetched OCSP response from http://127.0.0.1:$P_OCSP/"
expect_output "revocation \[1\] CN=OCSP Test Inter.*: not on the CRL .* — fetched CRL from http://127.0.0.1:$P_CRL/root.crl"
# A revoked intermediate: the root's CRL at the distribution point now lists it.
cp www/root-revoked.crl www/root.crl
expect_exit 1 "${V[@]}" --revocation hard
expect_output "certificate 'CN=OCSP Test Inter' was revoked on .*says the fetched CRL from http://127.0.0.1:$P_CRL/root.crl"
expect_exit 1 "$PARLEY" connect 127.0.0.1:$P_PLAIN --ca pki/root.pem --servername localhost --revocation hard </dev/null
expect_output "certificate 'CN=OCSP Test Inter' was revoked on .*says the fetched CRL from http://127.0.0.1:$P_CRL/root.crl"
expect_output "we sent the alert certificate_revoked"
stop $SERVE_PID
# parley serve --ocsp-staple auto fetches its staple from the leaf's AIA URL at start.
P_AUTO=$(free_port)
serve $P_AUTO --cert pki/leaf-chain.pem --key pki/leaf.key --ocsp-staple auto
OUT=$(timeout 10 openssl s_client -connect 127.0.0.1:$P_AUTO -tls1_3 -status -CAfile pki/root.pem </dev/null 2>&1 || true)
grep -q "Cert Status: good" <<<"$OUT" || fail "s_client saw no fetched staple: $OUT"
pass
stop $SERVE_PID
expect_exit 2 "$PARLEY" serve --listen 127.0.0.1:$P_AUTO --cert pki/leaf.pem --key pki/leaf.key --ocsp-staple auto
expect_output "must carry the chain"
# Without a way to fetch: hard refuses, soft accepts.
stop $OCSP_PID
expect_exit 1 "$PARLEY" verify --roots pki/root.pem --intermediates pki/inter.pem --leaf pki/leaf.pem --revocation hard \
  --fetch-timeout 2
expect_output "cannot connect|revocation status is unknown"

# --- a responder that accepts and never answers: bounded by --fetch-timeout
bg hang.log python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $P_HANG)); s.listen(8)
held = []
deadline = time.time() + 60
while time.time() < deadline:
    s.settimeout(1)
    try: held.append(s.accept()[0])
    except socket.timeout: pass
"
wait_port $P_HANG
start=$(date +%s)
expect_exit 1 "$PARLEY" verify --roots pki/root.pem --intermediates pki/inter.pem --leaf pki/hanging.pem \
  --revocation hard --fetch-timeout 1
elapsed=$(( $(date +%s) - start ))
expect_output "no answer within 1000 ms"
[ $elapsed -le 10 ] || fail "a hanging responder held parley verify for $elapsed s"
pass

# --- stapling: parley serve staples, openssl s_client -status sees it
P_SERVE=$(free_port)
serve $P_SERVE --cert pki/leaf-chain.pem --key pki/leaf.key --ocsp-staple pki/good.der
OUT=$(timeout 10 openssl s_client -connect 127.0.0.1:$P_SERVE -tls1_3 -status -CAfile pki/root.pem </dev/null 2>&1 || true)
grep -q "OCSP Response Status: successful" <<<"$OUT" || fail "s_client saw no staple: $OUT"
grep -q "Cert Status: good" <<<"$OUT" || fail "s_client: not good: $OUT"
pass
OUT=$(timeout 10 openssl s_client -connect 127.0.0.1:$P_SERVE -tls1_3 -CAfile pki/root.pem </dev/null 2>&1 || true)
grep -q "OCSP response: no response sent" <<<"$OUT" && fail "stapled without status_request"
pass
# parley connect gets the staple and checks it.
expect_exit 0 "$PARLEY" connect 127.0.0.1:$P_SERVE --ca pki/root.pem --servername localhost </dev/null
stop $SERVE_PID
# A staple for another certificate, or a revoked one, is refused at start.
expect_exit 2 "$PARLEY" serve --listen 127.0.0.1:$P_SERVE --cert pki/leaf-chain.pem --key pki/leaf.key --ocsp-staple pki/other.der
expect_output "answers for another certificate"

# --- parley connect against openssl s_server -status_file
s_server() {  # s_server CHAIN KEY [STATUS_FILE]: openssl s_server on a fresh port $P, its pid in $S_PID
  local chain=$1 key=$2 status=${3:-}
  [ -n "${S_PID:-}" ] && stop $S_PID
  P=$(free_port)
  bg s_server-$P.log openssl s_server -accept 127.0.0.1:$P -tls1_3 -cert $chain -cert_chain pki/inter.pem -key $key \
    ${status:+-status_file $status} -quiet
  S_PID=$BG
  wait_port $P
}
C=(connect --ca pki/root.pem --servername localhost)
s_server pki/leaf-chain.pem pki/leaf.key pki/good.der
expect_exit 0 "$PARLEY" "${C[@]}" 127.0.0.1:$P </dev/null
# hard: the staple covers the leaf; the intermediate, the CRL fetched from its
# distribution point (which now lists it), or a --crl file, which needs no fetch.
expect_exit 1 "$PARLEY" "${C[@]}" 127.0.0.1:$P --revocation hard </dev/null
expect_output "'CN=OCSP Test Inter' was revoked .*says the fetched CRL from http://127.0.0.1:$P_CRL/root.crl"
expect_exit 0 "$PARLEY" "${C[@]}" 127.0.0.1:$P --revocation hard --crl pki/root-clean.crl </dev/null
expect_exit 1 "$PARLEY" "${C[@]}" 127.0.0.1:$P --revocation hard --crl www/root-revoked.crl </dev/null
expect_output "'CN=OCSP Test Inter' was revoked"
s_server pki/leaf-chain.pem pki/leaf.key pki/revoked.der
expect_exit 1 "$PARLEY" "${C[@]}" 127.0.0.1:$P </dev/null
expect_output "revoked .*says the stapled OCSP response"
expect_exit 0 "$PARLEY" "${C[@]}" 127.0.0.1:$P --revocation off </dev/null
s_server pki/leaf-chain.pem pki/leaf.key pki/other.der
expect_exit 1 "$PARLEY" "${C[@]}" 127.0.0.1:$P </dev/null
expect_output "answers for another certificate"
s_server pki/staple-chain.pem pki/staple.key
expect_exit 1 "$PARLEY" "${C[@]}" 127.0.0.1:$P </dev/null
expect_output "requires a stapled OCSP response"
s_server pki/staple-chain.pem pki/staple.key pki/staple-good.der
expect_exit 0 "$PARLEY" "${C[@]}" 127.0.0.1:$P </dev/null

done_checks
