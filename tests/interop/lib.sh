# Shared helpers for the interop tests: each test is a bash script that gets
# the parley binary as $1, works in a fresh temporary directory, starts its
# peers on 127.0.0.1 on free ports, and kills every child on exit.
set -euo pipefail
PARLEY=$(realpath "$1")
WORK=$(mktemp -d)
cd "$WORK"
CHECKS=0
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  local log
  for log in serve-*.log; do [ -f "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 5 "$log" >&2; }; done
  exit 1
}
pass() { CHECKS=$((CHECKS + 1)); }
done_checks() { echo "$CHECKS checks passed"; }

# A TCP port on 127.0.0.1 that nobody listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_port() {
  local i
  for i in $(seq 1 100); do
    if python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1',$1)))" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  fail "nothing listens on 127.0.0.1:$1 after 10 s"
}

# bg LOG CMD...: starts CMD in the background (stdout+stderr to LOG), remembers its pid in $BG.
bg() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  BG=$!
  PIDS+=("$BG")
}

# stop PID: kills one background child.
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# expect_exit CODE CMD...: runs CMD with a 30 s limit, checks its exit code, keeps stdout+stderr in $OUT.
expect_exit() {
  local want=$1; shift
  set +e
  OUT=$(timeout 30 "$@" 2>&1)
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "expected exit $want, got $got: $*"$'\n'"$OUT"
  pass
}

expect_output() {  # expect_output PATTERN [TEXT]: TEXT (default $OUT) matches the extended regex
  local text=${2-$OUT}
  grep -qE -- "$1" <<<"$text" || fail "output does not match '$1':"$'\n'"$text"
  pass
}

# make_pki: a private CA with parley ca (certificates in ./pki):
#   root.pem, server.pem/.key (DNS:localhost, IP:127.0.0.1; chain in server-chain.pem),
#   other-server (DNS:other.example), client (URI:spiffe://example.org/ns/test/sa/client),
#   an untrusted CA (other-root.pem, other-client*), expired server and client certificates.
make_pki() {
  mkdir -p pki
  "$PARLEY" ca init --dir pki/ca --name "Interop Root CA" >/dev/null
  cp pki/ca/root.pem pki/root.pem
  "$PARLEY" ca issue --dir pki/ca --profile server --san dns:localhost --san ip:127.0.0.1 \
    --out-cert pki/server.pem --out-key pki/server.key --chain-out pki/server-chain.pem >/dev/null
  "$PARLEY" ca issue --dir pki/ca --profile server --san dns:other.example \
    --out-cert pki/other-server.pem --out-key pki/other-server.key --chain-out pki/other-server-chain.pem >/dev/null
  "$PARLEY" ca issue --dir pki/ca --profile client --cn client --san uri:spiffe://example.org/ns/test/sa/client \
    --out-cert pki/client.pem --out-key pki/client.key --chain-out pki/client-chain.pem >/dev/null
  "$PARLEY" ca init --dir pki/other --name "Untrusted Root CA" >/dev/null
  cp pki/other/root.pem pki/other-root.pem
  "$PARLEY" ca issue --dir pki/other --profile client --cn stranger --san uri:spiffe://elsewhere.org/stranger \
    --out-cert pki/other-client.pem --out-key pki/other-client.key --chain-out pki/other-client-chain.pem >/dev/null
  "$PARLEY" ca issue --dir pki/other --profile server --san dns:localhost --san ip:127.0.0.1 \
    --out-cert pki/other-server-untrusted.pem --out-key pki/other-server-untrusted.key \
    --chain-out pki/other-server-untrusted-chain.pem >/dev/null
  # Expired certificates: parley ca cannot backdate, so openssl ca signs with
  # our intermediate and dates in the past.
  cat > pki/expired.cnf <<'CNF'
[ca]
default_ca = old
[old]
database = pki/index.txt
new_certs_dir = pki
serial = pki/serial
policy = any
default_md = sha256
unique_subject = no
[any]
commonName = supplied
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = URI:spiffe://example.org/ns/test/sa/expired
CNF
  : > pki/index.txt
  echo 1000 > pki/serial
  local kind
  for kind in server client; do
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout pki/expired-$kind.key \
      -subj "/CN=expired-$kind" -out pki/expired-$kind.csr 2>/dev/null
    openssl ca -batch -config pki/expired.cnf -cert pki/ca/intermediate.pem -keyfile pki/ca/intermediate.key \
      -startdate 20200101000000Z -enddate 20210101000000Z -extensions $kind -notext \
      -in pki/expired-$kind.csr -out pki/expired-$kind.pem 2>/dev/null
    cat pki/expired-$kind.pem pki/ca/intermediate.pem > pki/expired-$kind-chain.pem
  done
}

# serve PORT ARGS...: starts `parley serve` on 127.0.0.1:PORT (log in serve-PORT.log), waits until it listens.
serve() {
  local port=$1; shift
  bg serve-$port.log "$PARLEY" serve --listen 127.0.0.1:$port "$@"
  SERVE_PID=$BG
  wait_port "$port"
}
