# parley tunnel client in front of parley tunnel server (and of openssl
# s_server): plain local clients reach the backend; half-close both ways; a
# slow backend holds the tunnels' memory flat (backpressure); the client's own
# rules refuse a server they do not allow; the PROXY v2 header reaches the
# backend with the client's address and identity.
source "$(dirname "$0")/lib.sh"
make_pki
PEERS_PY="$(cd "$(dirname "$0")" && pwd)/peers.py"

# tunnel_pair NAME BACKEND_PORT [server flags...]: a tunnel server in front of
# the backend and a tunnel client in front of it; sets CLIENT (its port) and
# SERVER_PID, CLIENT_PID.
tunnel_pair() {
  local name=$1 backend=$2; shift 2
  local tls; tls=$(free_port)
  CLIENT=$(free_port)
  bg "$PARLEY" tunnel server --listen "127.0.0.1:$tls" --target "127.0.0.1:$backend" --cert server-chain.pem \
    --key server.key --client-ca ca/root.pem --allow-uri 'spiffe://example.internal/ns/shop/sa/*' \
    --audit "$name-server.log" "$@" 2> "$name-server.err"
  SERVER_PID=$BG
  wait_listening "$name-server.err"
  bg "$PARLEY" tunnel client --listen "127.0.0.1:$CLIENT" --target "127.0.0.1:$tls" --servername localhost \
    --ca ca/root.pem --cert orders-chain.pem --key orders.key \
    --allow-uri 'spiffe://example.internal/ns/edge/sa/tunnel' --audit "$name-client.log" 2> "$name-client.err"
  CLIENT_PID=$BG
  wait_listening "$name-client.err"
}

# Client to backend half-close: the backend answers only after our EOF went through.
ECHO=$(free_port)
bg python3 "$PEERS_PY" echo-after-eof "$ECHO"
wait_port "$ECHO"
tunnel_pair echo "$ECHO"
expect_exit 0 python3 "$PEERS_PY" send-then-shut "$CLIENT" 262144
expect_output "^262144 "
wait_for echo-client.log '"decision":"allow"'
wait_for echo-client.log 'uri spiffe://example.internal/ns/edge/sa/tunnel'
wait_for echo-server.log 'uri spiffe://example.internal/ns/shop/sa/\*'

# Backend to client half-close: the backend shuts its side first, then still reads ours.
GREET=$(free_port)
bg python3 "$PEERS_PY" greet-then-read "$GREET" greet.out
wait_port "$GREET"
tunnel_pair greet "$GREET"
expect_exit 0 python3 "$PEERS_PY" read-then-send "$CLIENT" 100000
expect_output "^hello"
SENT=$(tail -1 <<<"$OUT")
wait_for greet.out "."
[ "$(cat greet.out)" = "$SENT" ] || fail "after its half-close the backend got '$(cat greet.out)', we sent '$SENT'"
pass

# A slow backend: 16 MiB pushed at one that reads slowly arrive intact while
# neither tunnel's memory grows by more than a few records per direction.
SLOW=$(free_port)
bg python3 "$PEERS_PY" slow "$SLOW"
wait_port "$SLOW"
tunnel_pair slow "$SLOW"
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
BASE_S=$(rss "$SERVER_PID"); BASE_C=$(rss "$CLIENT_PID")
python3 "$PEERS_PY" send-then-shut "$CLIENT" 16777216 > slow.out & SENDER=$!
PIDS+=("$SENDER")
MAX_S=$BASE_S; MAX_C=$BASE_C
for i in $(seq 300); do
  kill -0 "$SENDER" 2>/dev/null || break
  MAX_S=$(( $(rss "$SERVER_PID") > MAX_S ? $(rss "$SERVER_PID") : MAX_S ))
  MAX_C=$(( $(rss "$CLIENT_PID") > MAX_C ? $(rss "$CLIENT_PID") : MAX_C ))
  sleep 0.1
done
wait "$SENDER" || fail "the slow backend did not get the 16 MiB intact: $(cat slow.out)"
pass
[ $((MAX_S - BASE_S)) -lt 4096 ] || fail "tunnel server RSS grew by $((MAX_S - BASE_S)) KiB behind a slow backend"
[ $((MAX_C - BASE_C)) -lt 4096 ] || fail "tunnel client RSS grew by $((MAX_C - BASE_C)) KiB behind a slow backend"
pass
echo "slow backend: RSS growth server $((MAX_S - BASE_S)) KiB, client $((MAX_C - BASE_C)) KiB"

# The PROXY v2 header, parsed by the backend.
PROXY=$(free_port)
bg python3 "$PEERS_PY" proxy "$PROXY" proxy.json
wait_port "$PROXY"
tunnel_pair proxy "$PROXY" --proxy-protocol
exec 3<>"/dev/tcp/127.0.0.1/$CLIENT"
read -r -t 10 line <&3 || fail "no answer through the PROXY tunnel"
exec 3<&-
[ "$line" = ok ] || fail "the backend answered '$line'"
wait_for proxy.json "."
python3 - proxy.json <<'PY' || fail "PROXY header: $(cat proxy.json)"
import json, sys
h = json.load(open(sys.argv[1]))
assert "error" not in h, h
assert h["source"].startswith("127.0.0.1:") and h["destination"].startswith("127.0.0.1:"), h
t = h["tlvs"]
assert t["0xe0"] == "spiffe://example.internal/ns/shop/sa/orders", t
assert t["0xe1"] == "CN=spiffe://example.internal/ns/shop/sa/orders", t
assert t["0xe2"] == "uri spiffe://example.internal/ns/shop/sa/*", t
assert t["0x2"] == "localhost", t  # PP2_TYPE_AUTHORITY: the SNI
assert t["ssl"]["client"] == 3 and t["ssl"]["verify"] == 0, t
assert t["ssl"]["sub"]["0x21"] == "TLSv1.3" and t["ssl"]["sub"]["0x23"].startswith("TLS_"), t
assert t["ssl"]["sub"]["0x22"] == "spiffe://example.internal/ns/shop/sa/orders", t
PY
pass

# The client's own rules: a server with a SPIFFE ID they do not allow is refused (access_denied).
CLIENT2=$(free_port)
TLS=$(grep -o 'listening on 127.0.0.1:[0-9]*' echo-server.err | head -1 | cut -d: -f2)
bg "$PARLEY" tunnel client --listen "127.0.0.1:$CLIENT2" --target "127.0.0.1:$TLS" --servername localhost \
  --ca ca/root.pem --cert orders-chain.pem --key orders.key --allow-uri 'spiffe://example.internal/ns/other/sa/*' \
  --audit deny-client.log 2> deny-client.err
wait_listening deny-client.err
expect_exit 1 python3 "$PEERS_PY" send-then-shut "$CLIENT2" 10
wait_for deny-client.log '"decision":"deny"'
wait_for deny-client.log 'alert access_denied sent'
wait_for deny-client.err 'handshake failed'

# openssl s_server (mTLS required, -rev echoes each line reversed) as the upstream.
OSSL=$(free_port)
bg openssl s_server -quiet -tls1_3 -accept "127.0.0.1:$OSSL" -cert server.pem -cert_chain ca/intermediate.pem \
  -key server.key -Verify 2 -verify_return_error -CAfile ca/root.pem -rev
wait_port "$OSSL"
CLIENT3=$(free_port)
bg "$PARLEY" tunnel client --listen "127.0.0.1:$CLIENT3" --target "127.0.0.1:$OSSL" --servername localhost \
  --ca ca/root.pem --cert orders-chain.pem --key orders.key 2> ossl-client.err
wait_listening ossl-client.err
exec 3<>"/dev/tcp/127.0.0.1/$CLIENT3"
echo "hello tunnel" >&3
read -r -t 10 line <&3 || fail "no answer from openssl s_server: $(cat ossl-client.err)"
exec 3<&-
[ "$line" = "lennut olleh" ] || fail "openssl s_server answered '$line'"
pass
done_checks
