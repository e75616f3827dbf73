#!/usr/bin/env bash
# Resumption of parley serve's sessions by independent clients on 127.0.0.1
# (RFC 8446 §2.2, §2.3): each client's second connection must be resumed
# from a ticket of the first; 0-RTT is accepted once per ticket and a replay
# is refused; a ticket opens on a second server sharing --ticket-keys, and
# no longer once the key is gone from the file (SIGHUP).
HERE=$(dirname "$(realpath "$0")")/resumption
source "$(dirname "$0")/lib.sh"
make_pki
ID=(--cert pki/server-chain.pem --key pki/server.key)
GET=$'GET / HTTP/1.0\r\n\r\n'
s_client() {  # s_client PORT ARGS...: openssl s_client to localhost; output in $OUT
  local port=$1; shift
  set +e
  OUT=$(printf '%s' "$GET" | timeout 10 openssl s_client -connect 127.0.0.1:$port -servername localhost \
    -CAfile pki/root.pem -ign_eof "$@" 2>&1)
  set -e
}
serve_log() {  # serve_log PORT PATTERN: the server's log matches (waits up to 5 s)
  for _ in $(seq 1 50); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2':"$'\n'"$(tail -n 20 serve-$1.log)"
}

# --- openssl: -sess_out / -sess_in, then 0-RTT once, then the replay refused --
P=$(free_port)
serve $P "${ID[@]}" --early-data 16384
s_client $P -sess_out sess.pem
expect_output '^New, TLSv1.3'
expect_output 'Max Early Data: 16384'
s_client $P -sess_in sess.pem
expect_output '^Reused, TLSv1.3'
serve_log $P 'resumed: 1 request'
printf '%s' "$GET" > early.txt
s_client $P -sess_in sess.pem -early_data early.txt
expect_output '^Reused, TLSv1.3'
expect_output 'Early data was accepted'
expect_output 'HTTP/1.1 200 OK'
serve_log $P 'resumed 0-RTT accepted: 1 request'
s_client $P -sess_in sess.pem -early_data early.txt
expect_output 'Early data was rejected'
serve_log $P '0-RTT replayed'
stop $SERVE_PID

# --- --tickets 0: nothing to resume -----------------------------------------------
P=$(free_port)
serve $P "${ID[@]}" --tickets 0
s_client $P -sess_out none.pem
expect_output '^New, TLSv1.3'
[ ! -s none.pem ] || fail "openssl saved a session from a server sending no tickets"
pass
stop $SERVE_PID

# --- two servers sharing --ticket-keys; a key removed on SIGHUP stops opening -----
( umask 077; printf '# parley ticket keys v1\n%s %s %s\n' "$(openssl rand -hex 8)" "$(openssl rand -hex 32)" 0 > keys.txt )
P1=$(free_port)
serve $P1 "${ID[@]}" --ticket-keys keys.txt
S1=$SERVE_PID
P2=$(free_port)
serve $P2 "${ID[@]}" --ticket-keys keys.txt
S2=$SERVE_PID
s_client $P1 -sess_out shared.pem
expect_output '^New, TLSv1.3'
s_client $P2 -sess_in shared.pem
expect_output '^Reused, TLSv1.3'
( umask 077; printf '%s %s %s\n' "$(openssl rand -hex 8)" "$(openssl rand -hex 32)" 0 > keys.txt )
kill -HUP "$S2"
serve_log $P2 'reloaded the certificates, trust store and ticket keys'
s_client $P2 -sess_in shared.pem
expect_output '^New, TLSv1.3'
chmod 644 keys.txt
expect_exit 2 "$PARLEY" serve --listen 127.0.0.1:$(free_port) "${ID[@]}" --ticket-keys keys.txt
expect_output 'group or others have access'
stop $S1
stop $S2

P=$(free_port)
serve $P "${ID[@]}"

# --- gnutls-cli --resume -------------------------------------------------------------
set +e
OUT=$(printf '%s' "$GET" | timeout 20 gnutls-cli --resume --x509cafile pki/root.pem -p $P localhost 2>&1)
set -e
expect_output 'This is a resumed session'

# --- Python ssl: session= ------------------------------------------------------------
set +e
OUT=$(timeout 30 python3 - $P <<'PY' 2>&1
import socket, ssl, sys
port = int(sys.argv[1])
ctx = ssl.create_default_context(cafile="pki/root.pem")
def fetch(session=None):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost", session=session) as tls:
            tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
            while tls.recv(65536):
                pass
            return tls.session, tls.session_reused
session, reused = fetch()
assert not reused
_, reused = fetch(session)
assert reused, "not resumed"
print("resumed")
PY
)
set -e
expect_output '^resumed$'

# --- Node: the 'session' event and { session } -----------------------------------------
set +e
OUT=$(timeout 30 node "$HERE/node_client.js" $P pki/root.pem 2>&1)
set -e
expect_output '^resumed$'

# --- Go: tls.ClientSessionCache ---------------------------------------------------------
if command -v go >/dev/null; then
  set +e
  OUT=$(HOME=$WORK GOCACHE=$WORK/gocache GOFLAGS=-mod=mod timeout 90 go run "$HERE/go_client.go" 127.0.0.1:$P pki/root.pem 2>&1)
  set -e
  expect_output '^resumed$'
else
  echo "SKIP: go is not installed (Go's ClientSessionCache not tried)"
fi
stop $SERVE_PID
done_checks
