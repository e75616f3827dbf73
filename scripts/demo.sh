#!/usr/bin/env bash
# The main job, as far as parley has come: keys, signatures and PEM today;
# a private CA and an mTLS handshake with its trace as the CA and TLS layers land.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
parley_ensure_packages

if [ ! -x build/parley ] || [ -n "$(find src tools include -newer build/parley -print -quit)" ]; then
  echo "==> building parley"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"${PARLEY_JOBS:-2}" --target parley
fi
parley=$PWD/build/parley
out=${PARLEY_DEMO_DIR:-$PWD/out/demo}
rm -rf "$out" && mkdir -p "$out" && cd "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. A key pair for the future root CA (ECDSA P-256), saved as PKCS#8"
"$parley" key generate --type ecdsa-p256 --out root.key
step "2. Its public half, as a SubjectPublicKeyInfo PEM block"
"$parley" key public --key root.key | tee root.pub
step "3. A signature over a message, checked by parley and by openssl"
echo "parley: two programs that trust each other" > message.txt
"$parley" key sign --key root.key --in message.txt --out message.sig
"$parley" key verify --key root.pub --in message.txt --sig message.sig
openssl dgst -sha256 -verify root.pub -signature message.sig message.txt
step "4. A tampered message is refused"
echo "parley: two programs that trust anyone" > tampered.txt
if "$parley" key verify --key root.pub --in tampered.txt --sig message.sig; then
  echo "demo: a tampered message verified" >&2; exit 1
fi
step "5. Keys at rest can be encrypted (PBES2 / AES-256-CBC)"
printf 'demo passphrase\n' > pass.txt
"$parley" key generate --type ed25519 --out device.key --passphrase-file pass.txt
head -1 device.key
echo
echo "Files are in $out. Next: 'parley ca' (issue 5) and an mTLS handshake with 'parley serve/connect --trace' (issue 4)."
