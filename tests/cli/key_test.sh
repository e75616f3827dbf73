#!/usr/bin/env bash
# parley key: generate, public, sign, verify — and openssl reads what we write.
source "$(dirname "$0")/lib.sh"
echo "the message" > msg.txt

for type in ecdsa-p256 ecdsa-p384 ed25519 rsa-2048; do
  expect_exit 0 "$PARLEY" key generate --type $type --out $type.pem
  [ "$(stat -c %a $type.pem)" = 600 ] || fail "$type.pem is not mode 0600"
  # openssl parses our PKCS#8 and agrees on the public key.
  openssl pkey -in $type.pem -pubout -out $type.openssl.pub 2>/dev/null || fail "openssl cannot read $type.pem"
  expect_exit 0 "$PARLEY" key public --key $type.pem --out $type.pub
  cmp -s $type.pub $type.openssl.pub || fail "$type: public key differs from openssl's"
  pass
  expect_exit 0 "$PARLEY" key sign --key $type.pem --in msg.txt --out $type.sig
  expect_exit 0 "$PARLEY" key verify --key $type.pub --in msg.txt --sig $type.sig
  expect_output "signature OK"
  echo "another message" > other.txt
  expect_exit 1 "$PARLEY" key verify --key $type.pub --in other.txt --sig $type.sig
  expect_output "does NOT verify"
done

# openssl verifies our ECDSA signature (DER ECDSA-Sig-Value over SHA-256).
openssl dgst -sha256 -verify ecdsa-p256.pub -signature ecdsa-p256.sig msg.txt >/dev/null || fail "openssl rejects our ECDSA signature"
pass
# and we verify openssl's RSA-PSS signature (salt = hash length).
openssl dgst -sha256 -sign rsa-2048.pem -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -out rsa.ossl.sig msg.txt
expect_exit 0 "$PARLEY" key verify --key rsa-2048.pub --in msg.txt --sig rsa.ossl.sig --alg rsa-pss-sha256

# Encrypted keys: the passphrase is required and must be right.
printf 'correct horse\n' > pass.txt
printf 'wrong horse\n' > wrong.txt
expect_exit 0 "$PARLEY" key generate --type ecdsa-p256 --out enc.pem --passphrase-file pass.txt
grep -q "BEGIN ENCRYPTED PRIVATE KEY" enc.pem || fail "enc.pem is not encrypted PKCS#8"
openssl pkey -in enc.pem -passin file:pass.txt -noout 2>/dev/null || fail "openssl cannot decrypt our key"
pass
expect_exit 2 "$PARLEY" key public --key enc.pem
expect_output "passphrase"
expect_exit 1 "$PARLEY" key public --key enc.pem --passphrase-file wrong.txt
expect_exit 0 "$PARLEY" key public --key enc.pem --passphrase-file pass.txt

# Keys made by openssl in the legacy formats load too.
openssl ecparam -name prime256v1 -genkey -noout -out sec1.pem 2>/dev/null
grep -q "BEGIN EC PRIVATE KEY" sec1.pem || fail "openssl did not write SEC1"
expect_exit 0 "$PARLEY" key sign --key sec1.pem --in msg.txt --out sec1.sig
openssl genrsa -traditional -out pkcs1.pem 2048 2>/dev/null
grep -q "BEGIN RSA PRIVATE KEY" pkcs1.pem || fail "openssl did not write PKCS#1"
expect_exit 0 "$PARLEY" key sign --key pkcs1.pem --in msg.txt --out pkcs1.sig
openssl pkey -in sec1.pem -outform DER -out sec1.der 2>/dev/null
expect_exit 0 "$PARLEY" key public --key sec1.der

# Bad input: usage errors say what is wrong.
expect_exit 2 "$PARLEY" key generate --type dsa-1024 --out x.pem
expect_output "unknown key type"
expect_exit 2 "$PARLEY" key public --key does-not-exist.pem
expect_output "cannot read file"
echo "not a key" > junk.pem
expect_exit 2 "$PARLEY" key public --key junk.pem
expect_exit 2 "$PARLEY" key sign --key ecdsa-p256.pem --in msg.txt --out s --alg md5

done_checks
