#!/usr/bin/env bash
# parley verify: exit codes 0/1/2, --json, --at in both forms, --crl; chains made by openssl.
source "$(dirname "$0")/lib.sh"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
# issue NAME SUBJECT ISSUER EXTENSIONS (ISSUER empty: self-signed)
issue() {
  key "$1"
  printf '[v3]\n%b' "$4" > "$1.ext"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  if [ -z "$3" ]; then sign=(-signkey "$1.key"); else sign=(-CA "$3.pem" -CAkey "$3.key"); fi
  openssl x509 -req -in "$1.csr" "${sign[@]}" -set_serial $RANDOM -days 365 -sha256 \
    -extfile "$1.ext" -extensions v3 -out "$1.pem" 2>/dev/null
}
CA='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n'
issue root "/CN=CLI Root" "" "$CA"
issue inter "/CN=CLI Inter" root "${CA}authorityKeyIdentifier=keyid\n"
issue leaf "/CN=orders.internal" inter 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName=DNS:orders.internal,IP:10.0.0.1\n'

# Valid: exit 0, the chain printed leaf to anchor.
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --hostname orders.internal
expect_output "OK: certificate verified for orders.internal"
expect_output "\[2\] CN=CLI Root .*trust anchor"
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --ip 10.0.0.1
# DER inputs work too.
openssl x509 -in leaf.pem -outform DER -out leaf.der
openssl x509 -in root.pem -outform DER -out root.der
expect_exit 0 "$PARLEY" verify --roots root.der --intermediates inter.pem --leaf leaf.der
# fullchain.pem: the intermediates may follow the leaf.
cat leaf.pem inter.pem > fullchain.pem
expect_exit 0 "$PARLEY" verify --roots root.pem --leaf fullchain.pem --hostname orders.internal

# Invalid: exit 1 with the report on stderr.
expect_exit 1 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --hostname payments.internal
expect_output "name mismatch: asked for payments.internal, certificate has DNS:orders.internal, IP:10.0.0.1"
expect_output "alert: bad_certificate"
expect_exit 1 "$PARLEY" verify --roots root.pem --leaf leaf.pem
expect_output "no issuer found for 'CN=orders.internal'.*is the intermediate missing from the chain\?"
# --json: the report on stdout.
set +e
"$PARLEY" verify --roots root.pem --leaf leaf.pem --json > out.json 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || fail "--json invalid: exit $rc"
python3 -c "
import json; d = json.load(open('out.json'))
assert d['valid'] is False and d['alert'] == 'unknown_ca', d
assert d['paths'][0]['findings'][0]['rule'] == 'no_issuer', d
" || fail "bad JSON report: $(cat out.json)"
pass
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --json
expect_output '"valid": true'

# --at: Unix seconds and RFC 3339.
future=$(( $(date +%s) + 400 * 86400 ))
expect_exit 1 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --at $future
expect_output "expired .* ago \(not after "
expect_output "alert: certificate_expired"
expect_exit 1 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --at 2001-01-01T00:00:00Z
expect_output "not valid yet"
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --at "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"

# --crl: revoked, not revoked, and a certificate no CRL covers.
crl() {  # crl CA OUT [REVOKED...]
  local ca=$1 out=$2; shift 2
  mkdir -p db-$out; : > db-$out/index.txt; echo 01 > db-$out/crlnumber
  printf '[ca]\ndefault_ca=d\n[d]\ndatabase=db-%s/index.txt\ncrlnumber=db-%s/crlnumber\ndefault_md=sha256\ndefault_crl_days=7\ncrl_extensions=e\n[e]\nauthorityKeyIdentifier=keyid\n' $out $out > db-$out/ca.cnf
  for r in "$@"; do openssl ca -config db-$out/ca.cnf -keyfile $ca.key -cert $ca.pem -revoke $r.pem -crl_reason keyCompromise 2>/dev/null; done
  openssl ca -config db-$out/ca.cnf -keyfile $ca.key -cert $ca.pem -gencrl -out $out 2>/dev/null
}
crl inter inter-clean.crl
crl inter inter-revoked.crl leaf
crl root root.crl
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --crl inter-clean.crl root.crl
expect_exit 1 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --crl inter-revoked.crl --crl root.crl
expect_output "was revoked on .* \(reason keyCompromise\)"
expect_output "alert: certificate_revoked"
expect_exit 0 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --crl root.crl
expect_output "no evidence"
expect_exit 1 "$PARLEY" verify --roots root.pem --intermediates inter.pem --leaf leaf.pem --crl root.crl --revocation hard --fetch-timeout 1
expect_output "revocation status is unknown"

# Usage errors and unreadable input: exit 2.
expect_exit 2 "$PARLEY" verify --roots root.pem
expect_exit 2 "$PARLEY" verify --roots missing.pem --leaf leaf.pem
expect_output "cannot read file"
expect_exit 2 "$PARLEY" verify --roots root.pem --leaf leaf.pem --hostname a --ip 10.0.0.1
expect_exit 2 "$PARLEY" verify --roots root.pem --leaf leaf.pem --at yesterday
expect_exit 2 "$PARLEY" verify --roots root.pem --leaf leaf.pem --purpose email
expect_exit 2 "$PARLEY" verify --roots root.pem --leaf leaf.pem --ip 10.0.0
echo "not a certificate" > junk.pem
expect_exit 2 "$PARLEY" verify --roots root.pem --leaf junk.pem

done_checks
