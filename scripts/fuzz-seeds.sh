#!/usr/bin/env bash
# Records seeds for the two connection fuzzers from real peers and merges the
# ones that add coverage into fuzz/corpus/ (with the handshake messages and
# record streams in them as seeds for the handshake, extensions and deframer
# fuzzers):
#   parley_tls_server_fuzz  what tlsfuzzer's client sends (runs a, b and c of
#                           ../shared/conformance/tlsfuzzer) to `openssl s_server`;
#   parley_tls_client_fuzz  what servers send to a client: `openssl s_server`
#                           (RSA, ECDSA, HelloRetryRequest, client auth, each
#                           TLS 1.3 suite) and, when a parley binary is at hand,
#                           `parley serve`.
# Every connection goes through scripts/lib/record_proxy.py (127.0.0.1 only);
# scripts/lib/fuzz_seeds.py decrypts it with the peers' key logs and seals it
# again for the fuzzing provider's null AEAD (see that file for what it changes).
#
#   scripts/fuzz-seeds.sh [BUILD_DIR]    default build-san (the clang-16 fuzz build)
#   PARLEY_BIN=build/parley              parley for the `parley serve` flights (default: BUILD's or build/parley)
#   PARLEY_SEEDS_MERGE=0                 record and convert only; leave fuzz/corpus alone
#   PARLEY_SEEDS_ONLY=REGEX              only the tlsfuzzer scripts matching REGEX (run.sh --only)
# Work files go to BUILD_DIR/fuzz-seeds/ (recordings, key logs, tlsfuzzer logs).
# Skips cleanly (exit 0) when ../shared/conformance/tlsfuzzer is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-san}
shared=../shared/conformance/tlsfuzzer
if [ ! -d "$shared" ]; then
  echo "fuzz-seeds: $shared not found, nothing recorded"; exit 0
fi

# run.sh needs the `ecdsa` module, fuzz_seeds.py `cryptography` (Debian: python3-ecdsa, python3-cryptography).
py=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import ecdsa, cryptography' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "fuzz-seeds: needs a python3 with ecdsa and cryptography (apt install python3-ecdsa python3-cryptography)" >&2; exit 2; }

work=$build/fuzz-seeds
rm -rf "$work"
mkdir -p "$work"/{rec,keys,logs,seeds}
tar -xzf "$shared/tlsfuzzer-snapshot.tar.gz" -C "$work"
"$shared/make-certs.sh" "$work/certs" >/dev/null
certs=$work/certs

pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {  # bounded: 10 s
  local tries
  for tries in $(seq 100); do
    "$py" -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2).close()" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "fuzz-seeds: nothing listens on 127.0.0.1:$1 after $tries tries" >&2; return 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# with_recorded_server NAME CLIENT_CMD...: starts "${server[@]}" (it must listen on
# $server_port), the proxy on $proxy_port in front of it, runs CLIENT_CMD, then
# stops both. Recordings go to rec/NAME.
with_recorded_server() {
  local name=$1; shift
  "${server[@]}" >"$work/logs/$name.server.log" 2>&1 &
  local server_pid=$!; pids+=("$server_pid")
  wait_port "$server_port"
  "$py" scripts/lib/record_proxy.py --listen "$proxy_port" --target "$server_port" --out "$work/rec/$name" \
    --max-seconds 1800 --idle-seconds 10 >"$work/logs/$name.proxy.log" 2>&1 &
  local proxy_pid=$!; pids+=("$proxy_pid")
  wait_port "$proxy_port"
  "$@" || true
  sleep 0.5
  stop "$proxy_pid"; stop "$server_pid"
  echo "  $name: $(cat "$work/logs/$name.proxy.log")"
}

s_server() {  # KEYLOG ARGS...: openssl as the TLS 1.3 peer, with the HTTP page tlsfuzzer expects
  local keylog=$1; shift
  server=(openssl s_server -tls1_3 -www -accept "127.0.0.1:$server_port" -keylogfile "$keylog" "$@")
}

# ---- server fuzzer: tlsfuzzer's client, as in the conformance runs
export TLSFUZZER_DIR=$work/tlsfuzzer TLSLITE_DIR=$work/tlslite-ng TLSF_PYTHON=$py
tlsfuzzer() {  # LOG_NAME RUN_SH_ARGS...
  local logs=$work/logs/$1 only=()
  shift
  [ -n "${PARLEY_SEEDS_ONLY:-}" ] && only=(--only "$PARLEY_SEEDS_ONLY")
  "$shared/run.sh" "${only[@]}" "$@" 127.0.0.1 "$proxy_port" "$logs" >/dev/null 2>&1
}
# The slow scripts repeat one handshake hundreds of times (secret padding) or
# wait on s_server's 1 s sleeps (keyupdate): a sample is enough.
skip='dhe-shared-secret-padding'
echo "==> recording tlsfuzzer against openssl s_server"
rsa=(-cert "$certs/server-rsa.pem" -key "$certs/server-rsa.key")
ec=(-cert "$certs/server-ec.pem" -key "$certs/server-ec.key")
server_keys=$work/keys/server.keylog
server_port=$(free_port); proxy_port=$(free_port)
s_server "$server_keys" "${rsa[@]}"
with_recorded_server tlsf-rsa tlsfuzzer rsa --skip "$skip"
s_server "$server_keys" "${ec[@]}"
with_recorded_server tlsf-ecdsa tlsfuzzer ecdsa --key-type ecdsa
s_server "$server_keys" "${rsa[@]}" -Verify 1 -CAfile "$certs/ca-all.pem"
with_recorded_server tlsf-mtls \
  tlsfuzzer mtls --client-cert "$certs/client-rsa.pem" --client-key "$certs/client-rsa.key" \
  --client-ec-cert "$certs/client-ec.pem" --client-ec-key "$certs/client-ec.key"

# ---- client fuzzer: server flights answering a client. The fuzz client offers
# x25519 (with a key share), secp256r1 and secp384r1, so a server that takes
# only secp256r1 answers with a HelloRetryRequest.
client_keys=$work/keys/client.keylog        # what the converter reads (s_client logs every flight)
flight_keys=$work/keys/s_server-flights.keylog
get() {  # ARGS...: one openssl s_client connection sending an HTTP request
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$proxy_port" -tls1_3 -ign_eof -quiet \
    -keylogfile "$client_keys" "$@" >/dev/null 2>&1 || true
}
clients() {
  local suite
  for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
    get -ciphersuites "$suite" -groups X25519:P-256:P-384
  done
  get -groups X25519:P-256:P-384 -cert "$certs/client-ec.pem" -key "$certs/client-ec.key"
  get -groups X25519:P-256:P-384 -cert "$certs/client-rsa.pem" -key "$certs/client-rsa.key"
}
echo "==> recording server flights"
s_server "$flight_keys" "${rsa[@]}"
with_recorded_server openssl-rsa clients
s_server "$flight_keys" "${ec[@]}" -num_tickets 0
with_recorded_server openssl-ecdsa clients
s_server "$flight_keys" "${ec[@]}" -groups P-256
with_recorded_server openssl-hrr clients
s_server "$flight_keys" "${rsa[@]}" -verify 1 -CAfile "$certs/ca-all.pem"
with_recorded_server openssl-client-auth clients
s_server "$flight_keys" "${rsa[@]}" -groups P-256 -Verify 1 -CAfile "$certs/ca-all.pem"
with_recorded_server openssl-hrr-client-auth clients
parley=${PARLEY_BIN:-}
for p in "$build/parley" build/parley; do [ -z "$parley" ] && [ -x "$p" ] && parley=$p; done
if [ -n "$parley" ]; then
  server=("$parley" serve --listen "127.0.0.1:$server_port" --cert "$certs/server-rsa.pem" --key "$certs/server-rsa.key"
    --cert "$certs/server-ec.pem" --key "$certs/server-ec.key")
  with_recorded_server parley-rsa-ecdsa clients
  server=("$parley" serve --listen "127.0.0.1:$server_port" --cert "$certs/server-ec.pem" --key "$certs/server-ec.key"
    --groups secp256r1 --client-ca "$certs/ca-all.pem" --client-auth optional)
  with_recorded_server parley-hrr-client-auth clients
else
  echo "  no parley binary (set PARLEY_BIN or build build/parley): parley serve flights not recorded"
fi

echo "==> converting for the fuzzing provider"
"$py" scripts/lib/fuzz_seeds.py --role server --keylog "$server_keys" --out "$work/seeds/parley_tls_server_fuzz" \
  --messages "$work/seeds" "$work"/rec/tlsf-*
flights=()
for d in "$work"/rec/*; do [[ $d == */tlsf-* ]] || flights+=("$d"); done
"$py" scripts/lib/fuzz_seeds.py --role client --keylog "$client_keys" --out "$work/seeds/parley_tls_client_fuzz" \
  --messages "$work/seeds" "${flights[@]}"

[ "${PARLEY_SEEDS_MERGE:-1}" = 0 ] && exit 0
echo "==> merging what adds coverage into fuzz/corpus/"
count() { find "$1" -type f | wc -l; }
for t in parley_tls_server_fuzz parley_tls_client_fuzz parley_tls_handshake_fuzz parley_tls_extensions_fuzz \
  parley_tls_deframer_fuzz; do
  PARLEY_FUZZ_BUILD=$build scripts/fuzz.sh 0 "$t"
  before=$(count "fuzz/corpus/$t")
  "$build/fuzz/$t" -merge=1 "fuzz/corpus/$t" "$work/seeds/$t" >"$work/logs/$t.merge.log" 2>&1
  echo "  $t: $(count "$work/seeds/$t") recorded, $(( $(count "fuzz/corpus/$t") - before )) added" \
    "($(du -sh "fuzz/corpus/$t" | cut -f1) now)"
done
