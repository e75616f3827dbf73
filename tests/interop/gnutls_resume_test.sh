#!/usr/bin/env bash
# Resumption and 0-RTT against GnuTLS (RFC 8446 §2.2, §2.3), both ways:
#  - gnutls-cli --resume resumes parley serve's tickets with each suite, and
#    with --earlydata its 0-RTT request is accepted and answered;
#  - parley connect --session resumes gnutls-serv's tickets, and with
#    --early-data gnutls-serv decrypts the 0-RTT data; a ticket that allows
#    no 0-RTT sends the data after the handshake instead; the PSK survives
#    gnutls-serv's HelloRetryRequest.
# Note: gnutls-serv has no option to bind one address; it listens on the
# wildcard address of a free port for the few seconds each case runs.
source "$(dirname "$0")/lib.sh"
for tool in gnutls-cli gnutls-serv; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed (apt-get install gnutls-bin)"; exit 0; }
done
make_pki
GET=$'GET / HTTP/1.0\r\n\r\n'
TLS13=NORMAL:-VERS-ALL:+VERS-TLS1.3
serve_log() {  # serve_log PORT PATTERN: the server's log matches (waits up to 5 s)
  for _ in $(seq 1 50); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2':"$'\n'"$(tail -n 20 serve-$1.log)"
}

# --- gnutls-cli against parley serve ------------------------------------------------
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --early-data 16384
for cipher in AES-128-GCM AES-256-GCM CHACHA20-POLY1305; do
  set +e
  OUT=$(printf '%s' "$GET" | timeout 20 gnutls-cli --resume --priority "$TLS13:-CIPHER-ALL:+$cipher" \
    --x509cafile pki/root.pem -p $P localhost 2>&1)
  set -e
  expect_output 'This is a resumed session'
  expect_output "Description: \(TLS1.3-X.509\)--\($cipher\)"  # the resumed connection: no certificate
done
serve_log $P 'resumed: 1 request'
printf '%s' "$GET" > early.txt
set +e
OUT=$(printf '%s' "$GET" | timeout 20 gnutls-cli --resume --earlydata early.txt --x509cafile pki/root.pem \
  -p $P localhost 2>&1)
set -e
expect_output 'This is a resumed session'
expect_output 'HTTP/1.1 200 OK'
serve_log $P 'resumed 0-RTT accepted: 1 request'
stop $SERVE_PID

# --- parley connect --session against gnutls-serv -------------------------------------
# gnutls-serv at debug level 5 logs each early-data record it decrypts.
gnutls_server() {  # gnutls_server PRIORITY ARGS...: on a fresh $PORT, echo mode, log in gnutls-$PORT.log
  PORT=$(free_port)
  local priority=$1; shift
  bg gnutls-$PORT.log gnutls-serv -p $PORT --x509certfile pki/server-chain.pem --x509keyfile pki/server.key \
    --priority "$priority" --echo -a -d 5 "$@"
  GNUTLS=$BG
  wait_port "$PORT"
}
# connect INPUT [flags...]: stdout in $OUT, stderr (the trace) in $ERR; must exit 0.
connect() {
  local input=$1; shift
  set +e
  OUT=$(printf '%s\n' "$input" | timeout 20 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem \
    --servername localhost --session sess.pem --trace "$@" 2>err.txt)
  local rc=$?
  ERR=$(cat err.txt)
  set -e
  [ "$rc" -eq 0 ] || fail "parley connect failed ($rc)"$'\n'"$ERR"
}
resumed_count() { grep -c 'This is a resumed session' gnutls-$PORT.log || true; }

gnutls_server "$TLS13" --earlydata --maxearlydata 16384
connect 'full handshake'
expect_output 'full handshake'
expect_output 'NewSessionTicket ← a session ticket .*0-RTT up to 16384 bytes' "$ERR"
[ -s sess.pem ] || fail "no session saved from gnutls-serv"
[ "$(resumed_count)" = 0 ] || fail "gnutls-serv resumed a first connection"
pass
connect 'resumed echo'
expect_output 'resumed echo'
expect_output 'handshake complete: .*resumed \(psk_dhe_ke\)' "$ERR"
[ "$(resumed_count)" = 1 ] || fail "gnutls-serv did not report the resumed session"$'\n'"$(tail -n 30 gnutls-$PORT.log)"
pass
connect 'zero rtt' --early-data
expect_output 'resumed \(psk_dhe_ke\), 0-RTT: accepted' "$ERR"
expect_output 'EndOfEarlyData → ' "$ERR"
[ "$(resumed_count)" = 2 ] || fail "gnutls-serv did not resume the 0-RTT connection"
# "zero rtt\n": 9 bytes of early data decrypted by gnutls-serv.
expect_output 'decrypted early data with length: 9,' "$(cat gnutls-$PORT.log)"
stop $GNUTLS

# A server that allows no 0-RTT: its tickets say so (ticket_disallows), and the data goes after the handshake.
rm -f sess.pem
gnutls_server "$TLS13"
connect 'first'
connect 'sent late' --early-data
expect_output 'resumed \(psk_dhe_ke\), 0-RTT: ticket_disallows' "$ERR"
expect_output 'sent late'
grep -q 'decrypted early data' gnutls-$PORT.log && fail "gnutls-serv got early data it did not allow"
pass
stop $GNUTLS

# A HelloRetryRequest (gnutls-serv takes only secp256r1; our first share is x25519): the PSK stays in the second
# ClientHello, its binder over message_hash(ClientHello1) and the HelloRetryRequest (RFC 8446 §4.1.4, §4.2.11.2).
rm -f sess.pem
gnutls_server "$TLS13:-GROUP-ALL:+GROUP-SECP256R1"
connect 'first' --groups x25519,secp256r1
connect 'after retry' --groups x25519,secp256r1
expect_output 'HelloRetryRequest ← ' "$ERR"
expect_output 'after a HelloRetryRequest, .*resumed \(psk_dhe_ke\)' "$ERR"
expect_output 'after retry'
[ "$(resumed_count)" = 1 ] || fail "gnutls-serv did not resume after its HelloRetryRequest"
pass
stop $GNUTLS
done_checks
