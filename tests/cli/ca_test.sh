#!/usr/bin/env bash
# parley ca / parley csr end to end, with openssl (and parley verify) as the
# independent judges of everything the CA issues.
source "$(dirname "$0")/lib.sh"

# A content hash of a directory: every file's name and bytes.
dirhash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1; }
# expect_unchanged DIR CODE CMD...: CMD exits CODE and leaves DIR byte for byte as it was.
expect_unchanged() {
  local dir=$1 before; shift
  before=$(dirhash "$dir")
  expect_exit "$@"
  [ "$(dirhash "$dir")" = "$before" ] || fail "the CA directory changed: ${*:2}"
  pass
}
ossl_verify() {  # ossl_verify CA PURPOSE CERT [extra openssl flags]
  local ca=$1 purpose=$2 cert=$3; shift 3
  openssl verify -x509_strict -purpose "$purpose" -CAfile "$ca/root.pem" -untrusted "$ca/intermediate.pem" "$@" "$cert"
}
# parley verify is another engineer's work in progress: use it when it is there.
HAVE_PARLEY_VERIFY=0
"$PARLEY" verify --help >/dev/null 2>&1 && HAVE_PARLEY_VERIFY=1
parley_verify() {  # parley_verify CA PURPOSE CERT [extra flags]
  local ca=$1 purpose=$2 cert=$3; shift 3
  "$PARLEY" verify --roots "$ca/root.pem" --intermediates "$ca/intermediate.pem" --leaf "$cert" --purpose "$purpose" "$@"
}

printf 'ca passphrase\n' > pass.txt
printf 'wrong passphrase\n' > wrong.txt

# --- init --------------------------------------------------------------------
expect_exit 0 "$PARLEY" ca init --dir ca --name "Example Root CA" --permit-dns example.internal \
  --passphrase-file pass.txt --crl-url http://ca.example.internal/crl.pem --ocsp-url http://ocsp.example.internal
expect_output "constrained to example.internal"
for f in root.key intermediate.key; do
  [ "$(stat -c %a ca/$f)" = 600 ] || fail "ca/$f is not mode 0600"
  grep -q "BEGIN ENCRYPTED PRIVATE KEY" ca/$f || fail "ca/$f is not encrypted PKCS#8"
  pass
done
openssl pkey -in ca/intermediate.key -passin file:pass.txt -noout || fail "openssl cannot read our CA key"
openssl x509 -in ca/intermediate.pem -noout -text > inter.txt
grep -q "Permitted:" inter.txt && grep -q "DNS:example.internal" inter.txt || fail "no permitted DNS subtree"
grep -q "IP:0.0.0.0/0.0.0.0" inter.txt || fail "IPv4 addresses are not excluded"
grep -q "pathlen:0" inter.txt || fail "intermediate without pathLen 0"
pass
openssl verify -x509_strict -CAfile ca/root.pem ca/intermediate.pem >/dev/null || fail "intermediate does not verify"
pass
expect_exit 1 "$PARLEY" ca init --dir ca
expect_output "not empty"
mkdir empty && expect_exit 0 "$PARLEY" ca init --dir empty --key-type ed25519
expect_exit 1 "$PARLEY" ca init --dir bad --key-type dsa
expect_exit 1 "$PARLEY" ca init --dir bad --validity 3w
[ ! -e bad ] || fail "a failed init left a directory behind"
pass

# --- issue: every profile verifies with openssl (and parley verify) -----------
for profile in server client server+client; do
  host=${profile/+/-}
  expect_exit 0 "$PARLEY" ca issue --dir ca --passphrase-file pass.txt --profile $profile \
    --san dns:$host.example.internal --san uri:spiffe://example.internal/$host \
    --out-cert $profile.pem --out-key $profile.key --chain-out $profile.chain.pem
  [ "$(stat -c %a $profile.key)" = 600 ] || fail "$profile.key is not mode 0600"
  [ "$(grep -c 'BEGIN CERTIFICATE' $profile.chain.pem)" = 2 ] || fail "chain is not leaf + intermediate"
  pass
done
for cert in server server+client; do
  ossl_verify ca sslserver $cert.pem >/dev/null || fail "openssl rejects $cert for sslserver"
  pass
done
for cert in client server+client; do
  ossl_verify ca sslclient $cert.pem >/dev/null || fail "openssl rejects $cert for sslclient"
  pass
done
if ossl_verify ca sslserver client.pem >/dev/null 2>&1; then fail "a client certificate passes as a server"; fi
pass
openssl x509 -in server.pem -noout -text > server.txt
grep -q "CA Issuers\|OCSP - URI:http://ocsp.example.internal" server.txt || fail "no OCSP URL"
grep -q "URI:http://ca.example.internal/crl.pem" server.txt || fail "no CRL distribution point"
pass
if [ $HAVE_PARLEY_VERIFY = 1 ]; then
  expect_exit 0 parley_verify ca server server.pem --hostname server.example.internal
  expect_exit 0 parley_verify ca client client.pem
  expect_exit 0 parley_verify ca server server+client.pem --hostname server-client.example.internal
else
  echo "NOTE: parley verify is not available yet; its checks were skipped" >&2
fi

# Other key types, for the CA and the subject.
expect_exit 0 "$PARLEY" ca init --dir rsaca --key-type rsa-2048
for kt in rsa-2048 ecdsa-p384 ed25519; do
  expect_exit 0 "$PARLEY" ca issue --dir rsaca --profile server --key-type $kt --san dns:$kt.test \
    --san ip:10.1.2.3 --out-cert $kt.pem --out-key $kt.key
  ossl_verify rsaca sslserver $kt.pem >/dev/null || fail "openssl rejects the $kt certificate from an RSA CA"
  pass
done
ossl_verify empty sslserver /dev/null >/dev/null 2>&1 || true  # (ed25519 CA is exercised below)
expect_exit 0 "$PARLEY" ca issue --dir empty --profile client --san email:alice@example.org --out-cert ed.pem --out-key ed.key
ossl_verify empty sslclient ed.pem >/dev/null || fail "openssl rejects a certificate from an Ed25519 CA"
pass

# --- CSRs ----------------------------------------------------------------------
expect_exit 0 "$PARLEY" csr --key-out app.key --csr-out app.csr --cn app.example.internal \
  --san dns:app.example.internal --san dns:api.example.internal
openssl req -in app.csr -noout -verify 2>&1 | grep -q "verify OK" || fail "openssl rejects our CSR"
pass
expect_exit 1 "$PARLEY" csr --key-out app.key --csr-out other.csr --san dns:x.example.internal
expect_output "refusing to overwrite"
expect_exit 0 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt app.csr --profile server --validity 30d \
  --out app.pem --chain-out app.chain.pem
ossl_verify ca sslserver app.pem >/dev/null || fail "openssl rejects the certificate from our CSR"
pass

# A CSR made by openssl req is accepted.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ossl.key -out ossl.csr \
  -subj /CN=ossl.example.internal -addext subjectAltName=DNS:ossl.example.internal 2>/dev/null
expect_exit 0 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt ossl.csr --profile server+client --out ossl.pem
ossl_verify ca sslserver ossl.pem >/dev/null || fail "openssl rejects the certificate for its own CSR"
pass
[ $HAVE_PARLEY_VERIFY = 0 ] || expect_exit 0 parley_verify ca server ossl.pem --hostname ossl.example.internal

# The most ordinary CSR: a label as CN, the real name as SAN. Under
# --permit-dns the label is no name the CA may issue, so it leaves the subject.
openssl req -new -key ossl.key -out payments.csr -subj /CN=payments \
  -addext subjectAltName=DNS:payments.example.internal 2>/dev/null
expect_exit 0 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt payments.csr --profile server --out payments.pem
expect_output "note: the CN payments was left out of the subject.*outside this CA's policy"
openssl x509 -in payments.pem -noout -subject -ext subjectAltName > payments.txt
grep -q "DNS:payments.example.internal" payments.txt && ! grep -q "CN *= *payments" payments.txt ||
  fail "the certificate should carry the CSR's SAN and no CN: $(cat payments.txt)"
ossl_verify ca sslserver payments.pem >/dev/null || fail "openssl rejects the certificate for CN=payments"
pass
# A client certificate keeps the CN as given.
expect_exit 0 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt payments.csr --profile client --out payments-client.pem
openssl x509 -in payments-client.pem -noout -subject | grep -q "CN *= *payments" || fail "the client CN was dropped"
pass
# A CSR whose SANs break policy is still refused, with the reason.
openssl req -new -key ossl.key -out outside.csr -subj /CN=payments \
  -addext subjectAltName=DNS:payments.example.com 2>/dev/null
expect_unchanged ca 1 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt outside.csr --profile server --out x.pem
expect_output "outside this CA's policy.*payments.example.com"
# Without a DNS policy the label is a DNS name the CA may issue: it joins the SANs.
mkdir open-ca && expect_exit 0 "$PARLEY" ca init --dir open-ca
expect_exit 0 "$PARLEY" ca sign --dir open-ca payments.csr --profile server --out payments-open.pem
expect_output "note: the CN payments was added as SAN DNS:payments"
openssl x509 -in payments-open.pem -noout -subject -ext subjectAltName > payments-open.txt
grep -q "CN *= *payments" payments-open.txt && grep -q "DNS:payments.example.internal, DNS:payments" payments-open.txt ||
  fail "expected CN=payments with both SANs: $(cat payments-open.txt)"
pass

# A CSR whose signature is altered (last byte of the DER: inside the signature) is refused.
openssl req -in ossl.csr -outform DER -out ossl.der
python3 - <<'PY'
d = bytearray(open("ossl.der", "rb").read()); d[-1] ^= 0x01; open("bad-sig.der", "wb").write(d)
PY
expect_unchanged ca 1 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt bad-sig.der --profile server --out x.pem
expect_output "self-signature does not verify"
printf 'garbage' > junk.csr
expect_unchanged ca 1 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt junk.csr --profile server --out x.pem
expect_output "malformed CSR"
openssl req -new -key ossl.key -out nosan.csr -subj /CN=nosan.example.internal 2>/dev/null
expect_unchanged ca 1 "$PARLEY" ca sign --dir ca --passphrase-file pass.txt nosan.csr --profile server --out x.pem
expect_output "no subjectAltName"
[ ! -e x.pem ] || fail "a refused request wrote a certificate"
pass

# --- refusals leave the CA untouched --------------------------------------------
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --passphrase-file pass.txt --profile server --san dns:evil.example.com \
  --out-cert x.pem --out-key x.key
expect_output "outside this CA's policy.*example.internal"
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --passphrase-file pass.txt --profile server --san ip:10.0.0.1 \
  --out-cert x.pem --out-key x.key
expect_output "IP ranges"
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --passphrase-file pass.txt --profile admin --san dns:a.example.internal \
  --out-cert x.pem --out-key x.key
expect_output "unknown profile"
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --passphrase-file pass.txt --profile server --san dns:a.example.internal \
  --validity 5y --out-cert x.pem --out-key x.key
expect_output "validity"
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --passphrase-file wrong.txt --profile server --san dns:a.example.internal \
  --out-cert x.pem --out-key x.key
expect_output "wrong passphrase"
expect_unchanged ca 1 "$PARLEY" ca issue --dir ca --profile server --san dns:a.example.internal --out-cert x.pem --out-key x.key
expect_output "passphrase-file"
expect_unchanged ca 1 "$PARLEY" ca revoke --dir ca --passphrase-file pass.txt 0123456789abcdef
expect_output "no certificate with this serial"
expect_unchanged ca 1 "$PARLEY" ca crl --dir ca --passphrase-file wrong.txt --out x.crl
[ ! -e x.pem ] && [ ! -e x.key ] && [ ! -e x.crl ] || fail "a refused command wrote output"
pass

# --- name constraints: a certificate signed by hand outside them is rejected ------
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout evil.key -out evil.csr \
  -subj /CN=evil.example.com 2>/dev/null
for san in DNS:evil.example.com IP:192.0.2.1; do
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$san" > evil.ext
  openssl x509 -req -in evil.csr -CA ca/intermediate.pem -CAkey ca/intermediate.key -passin file:pass.txt \
    -CAcreateserial -CAserial evil.srl -days 30 -extfile evil.ext -out evil.pem 2>/dev/null
  set +e
  out=$(ossl_verify ca sslserver evil.pem 2>&1)
  set -e
  grep -q "name constraint\|permitted subtree\|excluded subtree" <<<"$out" || fail "openssl accepts $san outside the constraints: $out"
  pass
  [ $HAVE_PARLEY_VERIFY = 0 ] || expect_exit 1 parley_verify ca server evil.pem
done

# --- revocation and CRLs -------------------------------------------------------------
serial=$(openssl x509 -in app.pem -noout -serial | cut -d= -f2 | tr A-F a-f)
expect_exit 0 "$PARLEY" ca revoke --dir ca --passphrase-file pass.txt app.pem --reason keyCompromise
expect_output "revoked $serial"
expect_exit 1 "$PARLEY" ca revoke --dir ca --passphrase-file pass.txt "$serial"
expect_output "already revoked"
expect_exit 0 "$PARLEY" ca crl --dir ca --passphrase-file pass.txt --out crl.pem --next-update 7d
[ "$(grep -c 'BEGIN X509 CRL' crl.pem)" = 2 ] || fail "crl.pem does not hold the intermediate's and the root's CRLs"
pass
openssl crl -in crl.pem -noout -text > crl.txt
grep -qi "Serial Number: *$serial" crl.txt || fail "revoked serial not in the CRL: $(cat crl.txt)"
grep -q "Key Compromise" crl.txt || fail "revocation reason not in the CRL"
grep -q "X509v3 CRL Number" crl.txt || fail "no CRL number"
pass
openssl crl -in crl.pem -noout -CAfile ca/intermediate.pem 2>&1 | grep -q "verify OK" || fail "CRL signature does not verify"
pass
set +e
out=$(ossl_verify ca sslserver app.pem -crl_check -CRLfile crl.pem 2>&1)
set -e
grep -q "certificate revoked" <<<"$out" || fail "openssl -crl_check accepts a revoked certificate: $out"
pass
ossl_verify ca sslserver server.pem -crl_check -CRLfile crl.pem >/dev/null || fail "openssl -crl_check rejects a good certificate"
pass
if [ $HAVE_PARLEY_VERIFY = 1 ]; then
  expect_exit 1 parley_verify ca server app.pem --hostname app.example.internal --crl crl.pem
  expect_output "revoked"
  expect_exit 0 parley_verify ca server server.pem --hostname server.example.internal --crl crl.pem
fi

# --- list ---------------------------------------------------------------------------
expect_exit 0 "$PARLEY" ca list --dir ca
expect_output "SERIAL"
expect_output "$serial .*revoked"
expect_output "server\+client .*valid +in (89|90) days"
expect_exit 1 "$PARLEY" ca list --dir ca --expiring-within 100d
expect_output "expire within 100d"
expect_exit 0 "$PARLEY" ca list --dir ca --expiring-within 1h
expect_exit 0 "$PARLEY" ca list --dir ca --json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(r["status"]=="revoked" and r["reason"]=="keyCompromise" for r in d)' <<<"$OUT" \
  || fail "list --json does not show the revocation"
pass

# --- PKCS#12 ---------------------------------------------------------------------------
printf 'p12 secret\n' > p12pass.txt
expect_exit 0 "$PARLEY" ca export --dir ca --cert server.pem --key server.key --p12 server.p12 --passphrase-file p12pass.txt
[ "$(stat -c %a server.p12)" = 600 ] || fail "server.p12 is not mode 0600"
openssl pkcs12 -info -in server.p12 -passin file:p12pass.txt -noout > p12info.txt 2>&1 || fail "openssl cannot open our PKCS#12: $(cat p12info.txt)"
grep -q "MAC: sha256" p12info.txt || fail "PKCS#12 MAC is not SHA-256: $(cat p12info.txt)"
grep -q "PBES2, PBKDF2, AES-256-CBC" p12info.txt || fail "PKCS#12 is not PBES2/AES-256: $(cat p12info.txt)"
pass
openssl pkcs12 -in server.p12 -passin file:p12pass.txt -nodes > p12.pem 2>/dev/null || fail "openssl cannot read our PKCS#12"
[ "$(grep -c 'BEGIN CERTIFICATE' p12.pem)" = 3 ] || fail "PKCS#12 does not hold leaf, intermediate and root"
[ "$(grep -c 'BEGIN PRIVATE KEY' p12.pem)" = 1 ] || fail "PKCS#12 does not hold the key"
pass
expect_exit 1 "$PARLEY" ca export --dir ca --cert server.pem --key client.key --p12 bad.p12 --passphrase-file p12pass.txt
expect_exit 1 "$PARLEY" ca export --dir rsaca --cert server.pem --key server.key --p12 bad.p12
expect_output "not issued by this CA"

# --- a broken or busy ledger: one line, exit 1, nothing changed ---------------------------
cp -a rsaca broken
printf 'this is not an SQLite database, just bytes that used to be one' > broken/ledger.db
expect_unchanged broken 1 "$PARLEY" ca issue --dir broken --profile server --san dns:a.test --out-cert x.pem --out-key x.key
expect_output "corrupted"
[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] || fail "not a one-line error: $OUT"
pass
expect_unchanged broken 1 "$PARLEY" ca list --dir broken
if command -v sqlite3 >/dev/null; then
  # Hold the write lock longer than the 5 s busy timeout.
  (printf 'BEGIN EXCLUSIVE;\nSELECT count(*) FROM certificates;\n'; sleep 8; printf 'COMMIT;\n') | sqlite3 rsaca/ledger.db >/dev/null &
  locker=$!
  sleep 1
  expect_unchanged rsaca 1 "$PARLEY" ca issue --dir rsaca --profile server --san dns:busy.test --out-cert x.pem --out-key x.key
  expect_output "locked"
  wait $locker
fi

# --- two processes issuing at once: unique, recorded serials ------------------------------
issue_loop() {
  for i in $(seq 1 20); do
    "$PARLEY" ca issue --dir rsaca --profile client --san "dns:c$1-$i.test" --out-cert "c$1-$i.pem" --out-key "c$1-$i.key" \
      >/dev/null 2>>"loop$1.err" || echo "c$1-$i failed" >> "loop$1.err"
  done
}
before=$("$PARLEY" ca list --dir rsaca --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
issue_loop 1 & p1=$!
issue_loop 2 & p2=$!
timeout 100 bash -c "wait $p1 $p2" 2>/dev/null || wait $p1 $p2
[ ! -s loop1.err ] && [ ! -s loop2.err ] || fail "concurrent issuance failed: $(cat loop1.err loop2.err)"
pass
"$PARLEY" ca list --dir rsaca --json > all.json
python3 - "$before" <<'PY' || fail "concurrent issuance: serials not unique or not all recorded"
import json, subprocess, sys, glob
rows = json.load(open("all.json"))
serials = [r["serial"] for r in rows]
assert len(serials) == len(set(serials)), "duplicate serial"
assert len(rows) == int(sys.argv[1]) + 40, f"{len(rows)} rows"
for f in glob.glob("c[12]-*.pem"):
    s = subprocess.check_output(["openssl", "x509", "-in", f, "-noout", "-serial"], text=True).split("=")[1].strip().lower()
    assert s in serials, f"{f} not recorded"
PY
pass
if command -v sqlite3 >/dev/null; then
  [ "$(sqlite3 rsaca/ledger.db "SELECT count(DISTINCT serial) FROM certificates WHERE sans LIKE 'DNS:c_-%'")" = 40 ] \
    || fail "ledger does not hold 40 distinct serials"
  pass
fi

done_checks
