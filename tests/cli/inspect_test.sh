#!/usr/bin/env bash
# parley inspect: certificates, chains and CRLs from PEM or DER, as text and JSON.
source "$(dirname "$0")/lib.sh"

cat > ext.cnf <<'EOT'
[req]
distinguished_name=dn
[dn]
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:orders.internal,IP:10.0.0.1,URI:spiffe://example.org/orders
authorityKeyIdentifier=keyid
EOT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -subj "/O=Example/CN=Example CA" -days 365 -config ext.cnf -extensions ca 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -subj "/CN=orders" 2>/dev/null |
  openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial 0x0a1b -days 12 -extfile ext.cnf -extensions leaf \
    -out leaf.pem 2>/dev/null
cat leaf.pem ca.pem > chain.pem

# A leaf: names, SANs, expiry warning, fingerprint equal to openssl's.
expect_exit 0 "$PARLEY" inspect leaf.pem
expect_output "subject: +CN=orders"
expect_output "issuer: +CN=Example CA,O=Example"
expect_output "serial: +0a:1b"
expect_output "expires in (11|12) days"
expect_output "DNS:orders.internal, IP:10.0.0.1, URI:spiffe://example.org/orders"
expect_output "extended key usage: +serverAuth"
expect_output "ECDSA P-256 \(256 bits\)"
fp=$(openssl x509 -in leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')
expect_output "SHA-256 fingerprint: +$fp"

# A chain is numbered and linked.
expect_exit 0 "$PARLEY" inspect chain.pem
expect_output "^#1 certificate"
expect_output "^#2 certificate"
expect_output "issued by #2"

# DER input, and JSON output that jq-free python can read.
openssl x509 -in leaf.pem -outform DER -out leaf.der
expect_exit 0 "$PARLEY" inspect leaf.der --json
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); i=d["items"][0]; assert i["type"]=="certificate" and i["serial"]=="0a:1b" and i["validity"]["status"]=="expires_soon", i' "$OUT" ||
  fail "JSON output is wrong: $OUT"
pass

# A CRL with a reason, in PEM and DER.
touch index.txt; echo 03 > crlnumber; echo 10 > serial
cat > ca.cnf <<'EOT'
[ca]
default_ca=d
[d]
database=index.txt
crlnumber=crlnumber
default_md=sha256
default_crl_days=7
new_certs_dir=.
serial=serial
policy=p
[p]
commonName=supplied
EOT
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke leaf.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out crl.pem 2>/dev/null
expect_exit 0 "$PARLEY" inspect crl.pem
expect_output "certificate revocation list"
expect_output "CRL number: +03"
expect_output "serial 0a:1b at .*reason keyCompromise"
openssl crl -in crl.pem -outform DER -out crl.der
expect_exit 0 "$PARLEY" inspect crl.der --json
expect_output '"reason": "keyCompromise"'

# An expired certificate says so (openssl ca can back-date; openssl x509 cannot in 3.0).
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout old.key -subj "/CN=old" -out old.csr 2>/dev/null
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -batch -notext -startdate 20200101000000Z \
  -enddate 20200301000000Z -in old.csr -out old.pem 2>/dev/null
expect_exit 0 "$PARLEY" inspect old.pem
expect_output "EXPIRED [0-9]+ days ago on 2020-03-01T00:00:00Z"

# A CSR is recognised but not parsed yet.
openssl req -new -key leaf.key -subj "/CN=csr" -out req.pem 2>/dev/null
expect_exit 0 "$PARLEY" inspect req.pem
expect_output "certificate request \(PKCS#10\)"

# Malformed input: exit 2, naming the block and what failed.
head -c 200 leaf.der > cut.der
expect_exit 2 "$PARLEY" inspect cut.der
expect_output "block 1"
{ cat ca.pem; echo "-----BEGIN CERTIFICATE-----"; echo "MAMCAQE="; echo "-----END CERTIFICATE-----"; } > bad.pem
expect_exit 2 "$PARLEY" inspect bad.pem
expect_output "block 2 \(CERTIFICATE\)"
expect_exit 2 "$PARLEY" inspect missing.pem

done_checks
