#!/usr/bin/env python3
"""parley tunnel server against stunnel4, same topology, same certificates
(scripts/bench.sh --tunnel; a benchmark, not a test).

  tunnel_bench.py PARLEY_BINARY WORKDIR [FIGURE...]   (default: cpu throughput idle)

On 127.0.0.1, an mTLS client (Python's ssl; curl for throughput; ECDSA P-256 client certificate) ->
the tunnel under test (ECDSA P-256 server certificate, client certificate
required, TLS 1.3 only) -> a plain TCP backend (this script, selectors):
  cpu         tunnel CPU per new connection: handshake, one byte each way, close;
              tunnel pinned to core 0, client to core 1; three rounds, the tunnels alternating
  throughput  64 MiB from the backend through the tunnel to curl (--http0.9, core 1), MB/s from the end of the
              handshake to the last byte; both tunnels running, alternating, median of 7; and the
              tunnel's CPU time per 64 MiB (median)
  idle        tunnel RSS growth per idle tunneled connection, 5,000 held (one byte exchanged on each)
Prints one line per figure and tunnel.
"""
import os, selectors, socket, ssl, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from bench_util import cpu_seconds, free_port, pin, raise_open_files, rss_kib, stop, wait_port  # noqa: E402

PARLEY, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
FIGURES = sys.argv[3:] or ["cpu", "throughput", "idle"]
os.chdir(WORK)
raise_open_files()
BLAST = 64 * 1024 * 1024


def pki():
    run = lambda *a: subprocess.run([PARLEY, *a], check=True, stdout=subprocess.DEVNULL)
    run("ca", "init", "--dir", "ca", "--name", "Bench CA")
    run("ca", "issue", "--dir", "ca", "--profile", "server", "--san", "dns:localhost", "--out-cert", "server.pem",
        "--out-key", "server.key", "--chain-out", "server-chain.pem")
    run("ca", "issue", "--dir", "ca", "--profile", "client", "--san", "uri:spiffe://bench.internal/ns/a/sa/client",
        "--out-cert", "client.pem", "--out-key", "client.key", "--chain-out", "client-chain.pem")


class Backend(threading.Thread):
    """echo: answers each byte it gets and keeps the connection; blast: sends 64 MiB, then closes."""

    def __init__(self, port, mode):
        super().__init__(daemon=True)
        self.port, self.mode, self.payload = port, mode, b"\x5a" * BLAST

    def run(self):
        sel = selectors.DefaultSelector()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(4096)
        listener.setblocking(False)
        sel.register(listener, selectors.EVENT_READ)
        while True:
            for key, _ in sel.select():
                if key.fileobj is listener:
                    try:
                        conn, _ = listener.accept()
                    except BlockingIOError:
                        continue
                    if self.mode == "blast":
                        threading.Thread(target=self.blast, args=(conn,), daemon=True).start()
                    else:
                        conn.setblocking(False)
                        sel.register(conn, selectors.EVENT_READ)
                    continue
                conn = key.fileobj
                try:
                    data = conn.recv(4096)
                except (BlockingIOError, ConnectionError):
                    data = b""
                if data:
                    conn.send(data)
                else:
                    sel.unregister(conn)
                    conn.close()

    def blast(self, conn):
        try:
            conn.sendall(self.payload)
            # A FIN, then read until the client leaves: closing with its request
            # unread would send a reset, which may cut off the bytes in flight.
            conn.shutdown(socket.SHUT_WR)
            while conn.recv(65536):
                pass
        except OSError:
            pass  # a port probe that left
        finally:
            conn.close()


def start_backend(mode):
    port = free_port()
    Backend(port, mode).start()
    wait_port(port)
    return port


def tls_client():
    ctx = ssl.create_default_context(cafile="ca/root.pem")
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain("client-chain.pem", "client.key")
    return ctx


def start_parley(port, backend):
    p = subprocess.Popen(pin(0) + [PARLEY, "tunnel", "server", "--listen", f"127.0.0.1:{port}", "--target",
                                   f"127.0.0.1:{backend}", "--cert", "server-chain.pem", "--key", "server.key",
                                   "--client-ca", "ca/root.pem", "--allow-uri", "spiffe://bench.internal/ns/*/sa/*",
                                   "--threads", "1", "--tickets", "0", "--watch-interval", "0",
                                   "--max-connections", "20000"],
                         stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def start_stunnel(port, backend):
    with open("stunnel.conf", "w") as f:
        f.write(f"""foreground = yes
pid =
debug = 3
[tunnel]
accept = 127.0.0.1:{port}
connect = 127.0.0.1:{backend}
cert = server-chain.pem
key = server.key
CAfile = ca/root.pem
verifyChain = yes
requireCert = yes
sslVersionMin = TLSv1.3
sessionCacheSize = 1
socket = l:TCP_NODELAY=1
socket = r:TCP_NODELAY=1
""")
    p = subprocess.Popen(pin(0) + ["stunnel4", "stunnel.conf"], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    wait_port(port)
    return p


def tunnels():
    return [("parley tunnel", start_parley), ("stunnel4", start_stunnel)]


def tunneled(ctx, port):
    """A new TLS connection through the tunnel with one byte echoed each way."""
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    s.sendall(b"x")
    if s.recv(1) != b"x":
        raise SystemExit("no echo through the tunnel")
    return s


def one_exchange(ctx, port):
    tunneled(ctx, port).close()


def figure_cpu(n=400):
    backend = start_backend("echo")
    ctx = tls_client()
    results = {name: [] for name, _ in tunnels()}
    for _ in range(3):
        for name, start in tunnels():
            port = free_port()
            p = start(port, backend)
            for _ in range(20):
                one_exchange(ctx, port)  # warm-up
            before = cpu_seconds(p.pid)
            for _ in range(n):
                one_exchange(ctx, port)
            results[name].append((cpu_seconds(p.pid) - before) / n * 1e6)
            stop(p)
    for name, values in results.items():
        values.sort()
        print(f"cpu per new connection  {name:14} {values[1]:7.0f} µs (median of 3 x {n}; {values[0]:.0f}-{values[2]:.0f})")
    return {name: sorted(v)[1] for name, v in results.items()}


def curl_blast(port):
    """One download of the backend's 64 MiB with curl (C, OpenSSL: the client is not the limit) on core 1;
    MB/s from the end of the handshake to the last byte (curl's own clock)."""
    out = subprocess.run(pin(1) + ["curl", "-sS", "--http0.9", "--tlsv1.3", "--cacert", "ca/root.pem", "--cert",
                                   "client-chain.pem", "--key", "client.key", "-o", "/dev/null", "-w",
                                   "%{size_download} %{time_appconnect} %{time_total}",
                                   f"https://localhost:{port}/"], capture_output=True, text=True, check=True).stdout
    size, appconnect, total = out.split()
    if int(size) != BLAST:
        raise SystemExit(f"curl got {size} bytes of {BLAST}")
    return BLAST / (float(total) - float(appconnect)) / 1e6


def figure_throughput(rounds=7):
    backend = start_backend("blast")
    running = []
    for name, start in tunnels():
        port = free_port()
        running.append((name, start(port, backend), port))
    results = {name: [] for name, _, _ in running}
    cpu = {name: [] for name, _, _ in running}
    for name, _, port in running:
        curl_blast(port)  # warm-up
    for _ in range(rounds):  # the tunnels alternate: a burst of load elsewhere hits both
        for name, p, port in running:
            before = cpu_seconds(p.pid)
            results[name].append(curl_blast(port))
            cpu[name].append((cpu_seconds(p.pid) - before) * 1000)
    for name, p, _ in running:
        stop(p)
        v = sorted(results[name])
        print(f"throughput 64 MiB        {name:14} {statistics.median(v):7.0f} MB/s (median of {rounds};"
              f" {v[0]:.0f}-{v[-1]:.0f}); tunnel CPU {statistics.median(cpu[name]):.0f} ms per 64 MiB")
    return {name: statistics.median(v) for name, v in results.items()}


def figure_idle(n=5000):
    backend = start_backend("echo")
    ctx = tls_client()
    out = {}
    for name, start in tunnels():
        port = free_port()
        p = start(port, backend)
        one_exchange(ctx, port)
        time.sleep(0.5)
        base = rss_kib(p.pid)
        held = [tunneled(ctx, port) for _ in range(n)]
        time.sleep(1)
        per = (rss_kib(p.pid) - base) / n
        out[name] = per
        print(f"RSS per idle connection  {name:14} {per:7.1f} KiB ({n} held; RSS {rss_kib(p.pid) / 1024:.0f} MiB)")
        for s in held:
            s.close()
        stop(p)
    return out


def main():
    pki()
    figures = {"cpu": figure_cpu, "throughput": figure_throughput, "idle": figure_idle}
    for f in FIGURES:
        r = figures[f]()
        a, b = r["parley tunnel"], r["stunnel4"]
        print(f"  ratio parley/stunnel4: {a / b:.2f}")


main()
