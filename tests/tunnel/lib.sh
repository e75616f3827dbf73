# Shared helpers for the tunnel tests: tests/cli/lib.sh (a fresh directory,
# expect_exit, fail), plus background processes stopped by pid on exit, free
# ports, bounded waits, and a CA with the certificates the tests use.
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# bg CMD...: starts CMD in the background, remembers its pid in $BG.
bg() {
  "$@" &
  BG=$!
  PIDS+=("$BG")
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (5 s at most).
wait_port() {
  local i
  for i in $(seq 50); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "nothing listens on port $1"
}

# wait_listening ERRFILE: until a tunnel says it listens (probing its port
# would be a connection of its own, and audited).
wait_listening() { wait_for "$1" "listening on"; }

# wait_for FILE PATTERN: until FILE has a line matching PATTERN (5 s at most).
wait_for() {
  local i
  for i in $(seq 50); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "$1 never matched '$2':"$'\n'"$(cat "$1" 2>/dev/null)"
}

# wait_lines FILE PATTERN N: until FILE has at least N lines matching PATTERN (5 s at most).
wait_lines() {
  local i
  for i in $(seq 50); do
    [ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
    sleep 0.1
  done
  fail "$1 never had $3 lines matching '$2':"$'\n'"$(cat "$1" 2>/dev/null)"
}

# make_pki: a CA, the tunnel server's certificate (DNS localhost and a SPIFFE
# ID), clients orders (allowed by the tests' rules) and billing (not), one
# revoked client and its CRL, one expired client (signed with openssl ca,
# which can backdate), the tunnel client's certificate.
make_pki() {
  "$PARLEY" ca init --dir ca --name "Tunnel Test CA" >/dev/null
  issue() {  # issue NAME PROFILE SAN...
    local name=$1 profile=$2; shift 2
    local sans=()
    for s in "$@"; do sans+=(--san "$s"); done
    "$PARLEY" ca issue --dir ca --profile "$profile" "${sans[@]}" --out-cert "$name.pem" --out-key "$name.key" \
      --chain-out "$name-chain.pem" >/dev/null
  }
  issue server server dns:localhost uri:spiffe://example.internal/ns/edge/sa/tunnel
  issue orders client uri:spiffe://example.internal/ns/shop/sa/orders
  issue billing client uri:spiffe://example.internal/ns/pay/sa/billing
  issue revoked client uri:spiffe://example.internal/ns/shop/sa/revoked
  "$PARLEY" ca revoke --dir ca revoked.pem --reason keyCompromise >/dev/null
  "$PARLEY" ca crl --dir ca --out ca.crl >/dev/null
  mkdir -p old && cat > old/ca.cnf <<'CNF'
[ca]
default_ca = CA_default
[CA_default]
database = old/index.txt
new_certs_dir = old
serial = old/serial
default_md = sha256
policy = pol
unique_subject = no
[pol]
commonName = supplied
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = URI:spiffe://example.internal/ns/shop/sa/expired
CNF
  touch old/index.txt && echo 1000 > old/serial
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout expired.key -subj "/CN=expired" \
    -out old/expired.csr 2>/dev/null
  openssl ca -batch -config old/ca.cnf -cert ca/intermediate.pem -keyfile ca/intermediate.key -in old/expired.csr \
    -out expired.pem -startdate 20200101000000Z -enddate 20200201000000Z -extensions ext -notext >/dev/null 2>&1
  cat expired.pem ca/intermediate.pem > expired-chain.pem
}

# https GET through curl with a client identity: curl_as NAME PORT PATH OUT.
curl_as() {
  local who=$1 port=$2 path=$3 out=$4
  local id=()
  [ "$who" != none ] && id=(--cert "$who-chain.pem" --key "$who.key")
  curl -sS --max-time 20 --cacert ca/root.pem "${id[@]}" "https://localhost:$port$path" -o "$out"
}

# refused WHO ALERT: curl to the tunnel on $TLS fails and names the alert the tunnel sent.
refused() {
  set +e
  OUT=$(curl_as "$1" "$TLS" /file.bin /dev/null 2>&1)
  local rc=$?
  set -e
  [ "$rc" -ne 0 ] || fail "$1 was let in"
  expect_output "$2"
}

# count_decisions FILE DECISION: how many audit lines carry that decision.
count_decisions() {
  python3 -c "
import json, sys
print(sum(1 for l in open('$1') if json.loads(l)['decision'] == '$2'))"
}
