#!/usr/bin/env bash
# parley connect --session against `openssl s_server -tls1_3`: the second
# connection resumes the saved ticket (s_server says "Reused", our trace
# "resumed"), the session file is mode 0600, and with -early_data the first
# chunk of stdin arrives as 0-RTT data.
source "$(dirname "$0")/lib.sh"
make_pki
SERVER=(-cert pki/server.pem -key pki/server.key -cert_chain pki/ca/intermediate.pem)
connect() {  # connect [flags...]: stdin from $IN; stdout in $OUT, stderr in $ERR
  set +e
  OUT=$(printf '%b' "$IN" | timeout 20 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem --servername localhost \
    --session sess.pem --trace "$@" 2>err.txt)
  RC=$?
  ERR=$(cat err.txt)
  set -e
  [ "$RC" -eq 0 ] || fail "parley connect failed ($RC)"$'\n'"$ERR"
}

# --- resumption ------------------------------------------------------------------
PORT=$(free_port)
bg ossl.log openssl s_server -accept 127.0.0.1:$PORT -tls1_3 "${SERVER[@]}" -www
OSSL=$BG
wait_port "$PORT"
IN='GET / HTTP/1.0\r\n\r\n'
connect
expect_output 'New, TLSv1.3'
[ "$(stat -c %a sess.pem)" = 600 ] || fail "session file mode $(stat -c %a sess.pem), not 600"
expect_output '^-----BEGIN PARLEY TLS SESSION-----' "$(cat sess.pem)"
connect
expect_output 'Reused, TLSv1.3'
expect_output 'handshake complete: .*resumed \(psk_dhe_ke\)' "$ERR"
stop $OSSL

# --- 0-RTT: s_server -early_data prints what arrived early -------------------------------
rm -f sess.pem
PORT=$(free_port)
(sleep 15; echo) | openssl s_server -accept 127.0.0.1:$PORT -tls1_3 "${SERVER[@]}" -early_data > ossl-early.log 2>&1 &
OSSL=$!
PIDS+=("$OSSL")
wait_port "$PORT"
set +e; printf 'first\n' | timeout 4 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem --servername localhost \
  --session sess.pem >/dev/null 2>&1; set -e
[ -s sess.pem ] || fail "no session saved from the -early_data server"
set +e; printf 'zero rtt data\n' | timeout 4 "$PARLEY" connect 127.0.0.1:$PORT --ca pki/root.pem --servername localhost \
  --session sess.pem --early-data --trace >/dev/null 2>err.txt; set -e
expect_output '0-RTT: accepted' "$(cat err.txt)"
for _ in $(seq 1 30); do grep -q 'Early data received' ossl-early.log && break; sleep 0.1; done
expect_output 'zero rtt data' "$(cat ossl-early.log)"
expect_output 'Early data received' "$(cat ossl-early.log)"
stop $OSSL

done_checks
