#!/usr/bin/env bash
# parley serve on the event-driven runtime, on 127.0.0.1: 2,000 idle
# connections held while 50 new clients are served; slowloris handshakes
# dropped at the handshake timeout; a client that stops reading stalls nobody
# else; SIGTERM drains (idle connections get close_notify, the server exits 0);
# a 1 MiB POST from curl is answered with its size and SHA-256; control
# characters from requests are escaped in the log.
source "$(dirname "$0")/lib.sh"
make_pki
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ID=(--cert pki/server-chain.pem --key pki/server.key)
# py SCRIPT ARGS...: runs a Python client with a 60 s limit; stdout in $OUT.
py() {
  set +e
  OUT=$(timeout 60 python3 - "$@" 2>&1)
  RC=$?
  set -e
  [ "$RC" -eq 0 ] || fail "python client failed ($RC):"$'\n'"$OUT"
  pass
}
serve_log() {  # serve_log PORT PATTERN: the server's log matches (waits up to 5 s)
  for _ in $(seq 1 50); do grep -qE -- "$2" serve-$1.log && { pass; return; }; sleep 0.1; done
  fail "the parley serve log does not match '$2':"$'\n'"$(tail -n 20 serve-$1.log)"
}

# --- 2,000 idle connections, 50 new clients served meanwhile -----------------------
P=$(free_port)
serve $P "${ID[@]}" --threads 2 --handshake-timeout 60
py $P <<'PY'
import resource, socket, ssl, sys, time, concurrent.futures as cf
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
idle = []
for _ in range(2000):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    idle.append(s)
ctx = ssl.create_default_context(cafile="pki/root.pem")
def fetch(_):
    t = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while chunk := tls.recv(65536):
                data += chunk
    assert data.startswith(b"HTTP/1.1 200 OK"), data[:100]
    return time.monotonic() - t
with cf.ThreadPoolExecutor(10) as pool:
    times = sorted(pool.map(fetch, range(50)))
assert times[-1] < 5, f"slowest new client took {times[-1]:.2f} s"
# The idle ones are still open: nothing to read, no reset.
for s in idle[::100]:
    s.setblocking(False)
    try:
        s.recv(1)
        raise AssertionError("an idle connection was closed")
    except BlockingIOError:
        pass
print(f"50 clients served beside 2000 idle connections; p50 {times[25]*1000:.1f} ms, max {times[-1]*1000:.1f} ms")
PY
echo "$OUT"
stop $SERVE_PID

# --- slowloris: a ClientHello a byte at a time is dropped at the handshake timeout ---
P=$(free_port)
serve $P "${ID[@]}" --handshake-timeout 1
py $P <<'PY'
import socket, sys, time
port = int(sys.argv[1])
hello = bytes.fromhex("16030100c8010000c40303") + bytes(200)
socks = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
start = time.monotonic()
closed = set()
i = 0
while len(closed) < len(socks) and time.monotonic() - start < 6:
    for n, s in enumerate(socks):
        if n in closed:
            continue
        try:
            s.send(hello[i:i + 1])
            s.setblocking(False)
            if s.recv(1) == b"":
                closed.add(n)
        except BlockingIOError:
            pass
        except OSError:
            closed.add(n)
    i += 1
    time.sleep(0.1)
took = time.monotonic() - start
assert len(closed) == len(socks), f"only {len(closed)} of {len(socks)} closed after {took:.1f} s"
assert took < 3, f"closed only after {took:.1f} s"
print(f"20 slowloris connections closed after {took:.1f} s")
PY
serve_log $P 'handshake failed: handshake timed out'
stop $SERVE_PID

# --- a client that stops reading blocks no one else ----------------------------------
mkdir -p www
head -c 50000000 /dev/zero > www/big.bin
P=$(free_port)
serve $P "${ID[@]}" --threads 1 --root www
py $P <<'PY'
import socket, ssl, sys, time
port = int(sys.argv[1])
ctx = ssl.create_default_context(cafile="pki/root.pem")
stalled = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="localhost")
stalled.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")  # and never reads
time.sleep(0.5)
for _ in range(5):
    t = time.monotonic()
    with ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="localhost") as tls:
        tls.sendall(b"GET /missing HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := tls.recv(65536):
            data += chunk
    took = time.monotonic() - t
    assert data.startswith(b"HTTP/1.1 404"), data[:80]
    assert took < 2, f"a client waited {took:.2f} s behind a stalled one"
print("served beside a client that stopped reading")
PY
stop $SERVE_PID

# --- SIGTERM drains --------------------------------------------------------------------
P=$(free_port)
serve $P "${ID[@]}" --drain-timeout 2
set +e
timeout 30 python3 - $P $SERVE_PID <<'PY' > drain.out 2>&1 &
import os, signal, socket, ssl, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
ctx = ssl.create_default_context(cafile="pki/root.pem")
idle = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="localhost")
idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
head = idle.recv(65536)
assert head.startswith(b"HTTP/1.1 200 OK"), head[:80]
time.sleep(0.3)  # now idle, kept alive
os.kill(pid, signal.SIGTERM)
t = time.monotonic()
assert idle.recv(1) == b"", "expected close_notify"  # ssl: b"" on close_notify
print(f"idle connection closed with close_notify {time.monotonic() - t:.2f} s after SIGTERM")
PY
PY_PID=$!
set -e
wait $PY_PID || fail "drain client failed: $(cat drain.out)"
pass
set +e
for _ in $(seq 1 50); do kill -0 $SERVE_PID 2>/dev/null || break; sleep 0.1; done
wait $SERVE_PID
RC=$?
set -e
[ "$RC" -eq 0 ] || fail "parley serve exited $RC after SIGTERM, expected 0"
pass
serve_log $P 'SIGTERM: draining'
serve_log $P 'server draining; sent close_notify'
cat drain.out

# --- a 1 MiB POST from curl --------------------------------------------------------------
head -c 1048576 /dev/urandom > upload.bin
SUM=$(sha256sum upload.bin | cut -d' ' -f1)
P=$(free_port)
serve $P "${ID[@]}" --max-body 2000000
set +e
OUT=$(timeout 30 curl -sS --tlsv1.3 --cacert pki/root.pem --resolve localhost:$P:127.0.0.1 \
  --data-binary @upload.bin -H 'Content-Type: application/octet-stream' -w '%{http_code}' https://localhost:$P/upload)
set -e
expect_output "request body: +1048576 bytes, SHA-256 $SUM"
expect_output '200$'
head -c 2000001 /dev/zero > too-big.bin
set +e
OUT=$(timeout 30 curl -sS --tlsv1.3 --cacert pki/root.pem --resolve localhost:$P:127.0.0.1 \
  --data-binary @too-big.bin -o /dev/null -w '%{http_code}' https://localhost:$P/upload 2>&1)
set -e
expect_output '^413'

# --- control characters from a request are escaped in the log -----------------------
py $P <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile="pki/root.pem")
with ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10), server_hostname="localhost") as tls:
    tls.sendall(b"GET /\x1b[2J\x08forged HTTP/1.0\r\n\r\n")
    while tls.recv(65536):
        pass
PY
serve_log $P 'GET /\\x1b\[2J\\x08forged HTTP/1.0'
grep -q $'\x1b' serve-$P.log && fail "a raw escape character reached the log"
pass
stop $SERVE_PID

done_checks
