#!/usr/bin/env bash
# Runs the tlsfuzzer TLS 1.3 conformance suite against `parley serve`.
#
#   scripts/conformance.sh [BUILD_DIR] [run.sh options, e.g. --only REGEX]
#
# Needs ../shared/conformance/tlsfuzzer/ next to the repository (the suite
# stays out of the repo); without it, says so and exits 0. The snapshot is
# extracted into BUILD_DIR/tlsfuzzer, a test PKI is made there, and three runs
# follow, each against its own `parley serve` on 127.0.0.1:
#   rsa          RSA-2048 server certificate, the full curated list;
#   ecdsa        P-256 server certificate, the scripts that can talk to it;
#   client-auth  RSA certificate, client certificates required from ca-all.pem.
# The TLSF_* knobs describe what parley really does (RFC 8446 leaves these to
# the server); the probes parley deliberately answers otherwise are excluded
# by scripts/conformance-exclusions.txt, each explained in
# docs/tls-deviations.md. Exits non-zero on any failed script. Takes about 2
# minutes on an idle 2-core machine (rsa 85 s, ecdsa 6 s, client-auth 25 s,
# most of it tlsfuzzer's own Python), up to 10 on one shared with builds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TLSF_SRC="$ROOT/../shared/conformance/tlsfuzzer"
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
[ $# -gt 0 ] && shift
if [ ! -f "$TLSF_SRC/tlsfuzzer-snapshot.tar.gz" ]; then
  echo "conformance: $TLSF_SRC not present, skipping the tlsfuzzer suite"
  exit 0
fi
PARLEY_BIN=${PARLEY_BIN:-$BUILD/parley}
[ -x "$PARLEY_BIN" ] || { echo "conformance: $PARLEY_BIN not built" >&2; exit 2; }

WORK="$BUILD/tlsfuzzer"
rm -rf "$WORK"
mkdir -p "$WORK/logs"
tar -xzf "$TLSF_SRC/tlsfuzzer-snapshot.tar.gz" -C "$WORK"
export TLSFUZZER_DIR="$WORK/tlsfuzzer" TLSLITE_DIR="$WORK/tlslite-ng"
"$TLSF_SRC/make-certs.sh" "$WORK/certs" >/dev/null
certs="$WORK/certs"

# What parley serve does, in tlsfuzzer's words (README "environment knobs").
export TLSF_GROUPS=x25519,secp256r1,secp384r1        # the provider's groups, our preference order
export TLSF_CIPHERS=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256
export TLSF_TICKETS=2                                 # NewSessionTickets after each handshake (ServerConfig::tickets)
export TLSF_PSK_KE=0 TLSF_HRR_COOKIE=0 TLSF_KU_COALESCE=0
export TLSF_EE_SUPPORTED_GROUPS=0                     # EncryptedExtensions never carries supported_groups
export TLSF_OBSOLETE_CURVES_STRICT=0
# CertificateRequest: signature_algorithms = default_signature_schemes(), then
# signature_algorithms_cert (50) and certificate_authorities (47).
export TLSF_CR_SIGALGS="ecdsa_secp256r1_sha256 ecdsa_secp384r1_sha384 ed25519 rsa_pss_rsae_sha256 rsa_pss_rsae_sha384 rsa_pss_rsae_sha512"
export TLSF_CR_EXTS="47:CR 50:CR"
export TLSF_EXTRA_ARGS_FILE="$ROOT/scripts/conformance-exclusions.txt"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

# start_server NAME parley-serve-args...: listens on $port, waits until it accepts.
start_server() {
  local name=$1
  shift
  port=$(free_port)
  # The idle timeout also bounds how long a failed connection's remaining
  # bytes are read and dropped (so the client reads our alert, RFC 8446
  # §6.2): test-tls13-finished sends 16 MiB Finished messages from Python.
  "$PARLEY_BIN" serve --listen "127.0.0.1:$port" --handshake-timeout 10 --idle-timeout 120 "$@" \
    2> "$WORK/logs/server-$name.log" &
  server_pid=$!
  local i
  for i in $(seq 1 50); do
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' \
      "$port" 2>/dev/null; then
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "conformance: parley serve ($name) did not start; see $WORK/logs/server-$name.log" >&2
  return 1
}

failed=()
start=$(date +%s)
# run NAME SERVER-ARGS... -- RUN.SH-ARGS...
run() {
  local name=$1
  shift
  local sargs=()
  while [ "$1" != -- ]; do sargs+=("$1"); shift; done
  shift
  echo "== tlsfuzzer run $name"
  start_server "$name" "${sargs[@]}" || { failed+=("$name"); return; }
  if ! "$TLSF_SRC/run.sh" "$@" "${EXTRA_RUN_ARGS[@]+"${EXTRA_RUN_ARGS[@]}"}" 127.0.0.1 "$port" "$WORK/logs/$name"; then
    failed+=("$name")
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "conformance: parley serve ($name) died"; failed+=("$name (server died)"); }
  stop_server
}

EXTRA_RUN_ARGS=("$@")
run rsa --cert "$certs/server-rsa.pem" --key "$certs/server-rsa.key" --
run ecdsa --cert "$certs/server-ec.pem" --key "$certs/server-ec.key" -- --key-type ecdsa
run client-auth --cert "$certs/server-rsa.pem" --key "$certs/server-rsa.key" \
  --client-auth required --client-ca "$certs/ca-all.pem" -- \
  --client-cert "$certs/client-rsa.pem" --client-key "$certs/client-rsa.key" \
  --client-ec-cert "$certs/client-ec.pem" --client-ec-key "$certs/client-ec.key"

echo "conformance: three runs in $(( $(date +%s) - start ))s; logs in $WORK/logs"
if [ ${#failed[@]} -gt 0 ]; then
  echo "conformance: FAILED: ${failed[*]}"
  exit 1
fi
echo "conformance: OK, every curated tlsfuzzer script passed"
