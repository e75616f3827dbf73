#!/usr/bin/env bash
# parley serve answers requests that came as 0-RTT data (RFC 8446 §2.3, §8;
# RFC 8470) against openssl s_client -early_data on 127.0.0.1: a GET whole
# in the early data is answered before the client's Finished (the page and
# the log line say so); a POST in early data, and what follows it, waits
# for the handshake and then gets its 2xx.
source "$(dirname "$0")/lib.sh"
make_pki
P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --early-data 16384 --idle-timeout 2

N=0
# early REQUEST: a fresh session (a full handshake and a GET, so that the
# tickets arrive), then REQUEST as its 0-RTT
# data (stdin sends nothing more); the client's output in $OUT.
early() {
  N=$((N + 1))
  printf '%b' "$1" > early-$N.txt
  set +e
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect 127.0.0.1:$P -servername localhost \
    -CAfile pki/root.pem -sess_out sess-$N.pem -ign_eof >/dev/null 2>&1
  OUT=$(timeout 10 openssl s_client -connect 127.0.0.1:$P -servername localhost -CAfile pki/root.pem \
    -sess_in sess-$N.pem -early_data early-$N.txt -ign_eof </dev/null 2>&1)
  set -e
  expect_output '^Reused, TLSv1.3'
  expect_output 'Early data was accepted'
}
serve_log() {  # serve_log PATTERN: the server's log matches (waits up to 5 s)
  for _ in $(seq 1 50); do grep -qE -- "$1" serve-$P.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$1':"$'\n'"$(tail -n 20 serve-$P.log)"
}

# --- a GET whole in the early data: answered from it -------------------------------
early 'GET /early-get HTTP/1.0\r\n\r\n'
expect_output 'HTTP/1.1 200 OK'
expect_output 'answered before your Finished'
serve_log '0-RTT accepted: 1 request\(s\), 1 answered from 0-RTT early data; closed after "GET /early-get HTTP/1.0"'

# --- a POST in early data waits for the handshake, then gets its 200 ---------------
early 'POST /early-post HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello'
expect_output 'HTTP/1.1 200 OK'
expect_output 'request body: +5 bytes, SHA-256 2cf24dba'
! grep -q 'answered before your Finished' <<<"$OUT" || fail "the POST was answered from early data"$'\n'"$OUT"
pass
serve_log '0-RTT accepted: 1 request\(s\); closed after "POST /early-post HTTP/1.0"'

# --- GET then POST in one flight of early data: the GET at once, the POST after ----
early 'GET /first HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /second HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello'
expect_output 'request: +GET /first'
expect_output 'request: +POST /second'
serve_log '0-RTT accepted: 2 request\(s\), 1 answered from 0-RTT early data; closed after "POST /second HTTP/1.0"'

# --- a GET not complete in the early data waits too --------------------------------
early 'GET /partial HTTP/1.0\r\n'
serve_log '0-RTT accepted: 0 request\(s\); request not complete within the idle timeout'
done_checks
