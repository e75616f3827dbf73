# Reload: a certificate swapped with SIGHUP during a long download (the
# download completes; new handshakes get the new certificate), a corrupt key
# on reload keeps the old configuration, a changed file is picked up without a
# signal, the audit log is reopened on SIGHUP, and SIGTERM drains.
source "$(dirname "$0")/lib.sh"
make_pki
"$PARLEY" ca issue --dir ca --profile server --san dns:localhost --out-cert server2.pem --out-key server2.key \
  --chain-out server2-chain.pem >/dev/null
"$PARLEY" ca issue --dir ca --profile server --san dns:localhost --out-cert server3.pem --out-key server3.key \
  --chain-out server3-chain.pem >/dev/null
mkdir www && head -c $((12 * 1048576)) /dev/urandom > www/big.bin && echo small > www/small.txt
cp server-chain.pem live.pem && cp server.key live.key

HTTP=$(free_port)
bg python3 -m http.server --bind 127.0.0.1 --directory www "$HTTP"
wait_port "$HTTP"
TLS=$(free_port)
bg "$PARLEY" tunnel server --listen "127.0.0.1:$TLS" --target "127.0.0.1:$HTTP" --cert live.pem --key live.key \
  --client-ca ca/root.pem --allow-uri 'spiffe://example.internal/ns/shop/sa/orders' --audit audit.log \
  --watch-interval 0.2 2> server.err
TUNNEL=$BG
wait_listening server.err

# serial_now: the serial of the certificate a new handshake gets.
serial_now() {
  openssl s_client -connect "127.0.0.1:$TLS" -servername localhost -CAfile ca/root.pem -cert orders-chain.pem \
    -key orders.key </dev/null 2>/dev/null | openssl x509 -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f'
}
serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f'; }
[ "$(serial_now)" = "$(serial_of server.pem)" ] || fail "the first certificate is not served"
pass

# A long download (12 MiB at 4 MiB/s) across a SIGHUP swap.
curl -sS --max-time 30 --limit-rate 4M --cacert ca/root.pem --cert orders-chain.pem --key orders.key \
  "https://localhost:$TLS/big.bin" -o big.got & DOWNLOAD=$!
PIDS+=("$DOWNLOAD")
sleep 0.5
cp server2.key live.key.new && cp server2-chain.pem live.pem.new && mv live.key.new live.key && mv live.pem.new live.pem
kill -HUP "$TUNNEL"
wait_for server.err "SIGHUP: reloading"
wait_for server.err "reloaded:"
[ "$(serial_now)" = "$(serial_of server2.pem)" ] || fail "after SIGHUP new handshakes still get the old certificate"
pass
kill -0 "$DOWNLOAD" || fail "the download ended before the check: the test proves nothing"
wait "$DOWNLOAD" || fail "the download across the reload failed"
[ "$(sha256sum < big.got)" = "$(sha256sum < www/big.bin)" ] || fail "the download across the reload changed"
pass

# A corrupt key: refused with a log line, the old configuration stays.
echo "not a key" > live.key
kill -HUP "$TUNNEL"
wait_for server.err "reload refused, the current configuration stays"
[ "$(serial_now)" = "$(serial_of server2.pem)" ] || fail "after a refused reload the certificate changed"
curl_as orders "$TLS" /small.txt small.got || fail "no service after a refused reload"
pass

# A changed file, no signal: the watcher reloads (the key first, then the
# certificate: a poll between the two sees a mismatched pair and refuses it).
cp server3.key live.key && cp server3-chain.pem live.pem
for i in $(seq 50); do
  [ "$(serial_now)" = "$(serial_of server3.pem)" ] && break
  sleep 0.1
done
[ "$(serial_now)" = "$(serial_of server3.pem)" ] || fail "a changed certificate file was not picked up: $(cat server.err)"
wait_for server.err "a watched file changed"
pass

# The audit log is reopened on SIGHUP (log rotation).
mv audit.log audit.log.1
kill -HUP "$TUNNEL"
wait_lines server.err "SIGHUP: reloading" 3
curl_as orders "$TLS" /small.txt small.got
wait_for audit.log '"decision":"allow"'
grep -q '"decision":"allow"' audit.log.1 || fail "the rotated log lost its lines"
pass

# SIGTERM drains and exits 0.
kill -TERM "$TUNNEL"
for i in $(seq 50); do kill -0 "$TUNNEL" 2>/dev/null || break; sleep 0.1; done
set +e; wait "$TUNNEL"; rc=$?; set -e
[ "$rc" -eq 0 ] || fail "the tunnel exited $rc on SIGTERM"
wait_for server.err "drained, exiting"
done_checks
