#!/usr/bin/env python3
"""parley serve under load, against nginx (scripts/bench.sh --serve; a benchmark, not a test).

  serve_bench.py PARLEY_BINARY WORKDIR [FIGURE...]   (default: all four, in this order)

Measures, on 127.0.0.1 with the same ECDSA P-256 certificate for both servers:
  cpu      server CPU per new TLS 1.3 connection (one GET each), parley serve vs
           nginx (one worker; with its access log, as parley logs each connection,
           and without); each server pinned to core 0, `openssl s_time -new`
           pinned to core 1; three rounds, the servers alternating, so a burst
           of load elsewhere on the machine hits all of them
  rss      parley serve's RSS holding 10,000 idle established TLS connections
  flood    p50/p99 latency of new clients while 5,000 idle TCP connections and
           1,000 half-sent ClientHellos are held
  connect  one `parley connect` request, end to end (process start to exit), and
           its CPU (user + system)
Prints one line per figure.
"""
import os, resource, shutil, socket, ssl, statistics, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from bench_util import cpu_seconds, free_port, pin, raise_open_files, rss_kib, stop, wait_port  # noqa: E402

PARLEY, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
FIGURES = sys.argv[3:] or ["cpu", "rss", "flood", "connect"]
os.chdir(WORK)
raise_open_files()


def rss_mb(pid):
    return rss_kib(pid) / 1024


def pki():
    subprocess.run([PARLEY, "ca", "init", "--dir", "ca", "--name", "Bench Root"], check=True, capture_output=True)
    subprocess.run([PARLEY, "ca", "issue", "--dir", "ca", "--profile", "server", "--san", "dns:localhost",
                    "--san", "ip:127.0.0.1", "--out-cert", "server.pem", "--out-key", "server.key",
                    "--chain-out", "chain.pem"], check=True, capture_output=True)


def start_parley(port, *extra):
    log = open(f"serve-{port}.log", "w")
    # No session tickets, as nginx runs here (ssl_session_tickets off): s_time
    # -new never resumes, so tickets would only add their sealing to one side.
    p = subprocess.Popen(pin(0) + [PARLEY, "serve", "--listen", f"127.0.0.1:{port}", "--cert", "chain.pem",
                                   "--key", "server.key", "--threads", "1", "--tickets", "0", *extra],
                         stderr=log, stdout=log)
    wait_port(port)
    return p


def start_nginx(port, access_log):
    os.makedirs("nginx", exist_ok=True)
    conf = os.path.abspath("nginx/nginx.conf")
    log = f"{WORK}/nginx/access.log" if access_log else "off"
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 1;
daemon off;
master_process off;
error_log {WORK}/nginx/error.log;
pid {WORK}/nginx/nginx.pid;
events {{ worker_connections 20000; }}
http {{
  access_log {log};
  client_body_temp_path {WORK}/nginx; proxy_temp_path {WORK}/nginx; fastcgi_temp_path {WORK}/nginx;
  uwsgi_temp_path {WORK}/nginx; scgi_temp_path {WORK}/nginx;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {WORK}/chain.pem;
    ssl_certificate_key {WORK}/server.key;
    ssl_protocols TLSv1.3;
    ssl_session_tickets off;
    ssl_session_cache off;
    location / {{ return 200 "Hello from nginx\\n"; }}
  }}
}}
""")
    p = subprocess.Popen(pin(0) + ["nginx", "-c", conf, "-p", f"{WORK}/nginx"], stderr=subprocess.DEVNULL)
    wait_port(port)
    return p


def cpu_per_connection(server, port, seconds=10):
    before = cpu_seconds(server.pid)
    out = subprocess.run(pin(1) + ["openssl", "s_time", "-connect", f"127.0.0.1:{port}", "-new", "-tls1_3",
                                   "-time", str(seconds), "-www", "/", "-CAfile", "ca/root.pem"],
                         capture_output=True, text=True).stdout
    used = cpu_seconds(server.pid) - before
    conns = 0
    for line in out.splitlines():
        if "connections in" in line and "real seconds" in line:
            conns = int(line.split()[0])
    return used / max(conns, 1) * 1e6, conns


def tls_client():
    ctx = ssl.create_default_context(cafile="ca/root.pem")
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    return ctx


def get_once(ctx, port):
    t = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        # As curl does: without it the request waits behind the unacknowledged
        # Finished (Nagle) for the server's delayed ACK, 40 ms on Linux.
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
            while tls.recv(65536):
                pass
    return (time.perf_counter() - t) * 1000


def figure_cpu():
    # parley writes one line per connection (its log thread); nginx is measured
    # both with its access log (the default, one line per request) and without.
    ratios = {"log": [], "nolog": []}
    for _ in range(3):
        port = free_port()
        p = start_parley(port)
        parley_us, parley_n = cpu_per_connection(p, port)
        stop(p, 15)
        line = f"cpu/conn  parley {parley_us:.0f} us ({parley_n} conns)"
        if not shutil.which("nginx"):
            print(line + "  nginx: not installed")
            continue
        for variant in ("log", "nolog"):
            port = free_port()
            n = start_nginx(port, access_log=variant == "log")
            nginx_us, nginx_n = cpu_per_connection(n, port)
            stop(n, 15)
            ratios[variant].append(parley_us / nginx_us)
            line += (f"  nginx {'with' if variant == 'log' else 'without'} access log {nginx_us:.0f} us"
                     f" ({nginx_n} conns) ratio {ratios[variant][-1]:.2f}")
        print(line)
    if ratios["log"]:
        print(f"cpu/conn  ratio median {statistics.median(ratios['log']):.2f} against nginx with its access log,"
              f" {statistics.median(ratios['nolog']):.2f} without (3 rounds)")


def figure_rss():
    port = free_port()
    p = start_parley(port, "--handshake-timeout", "120", "--idle-timeout", "600")
    base = rss_mb(p.pid)
    ctx = tls_client()
    idle = []
    for _ in range(10000):
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        idle.append(ctx.wrap_socket(raw, server_hostname="localhost"))
    time.sleep(1)
    print(f"rss       {rss_mb(p.pid):.1f} MB with 10,000 idle TLS connections (at start {base:.1f} MB)")
    for s in idle:
        s.close()
    stop(p, 15)


def figure_flood():
    port = free_port()
    p = start_parley(port, "--handshake-timeout", "120")
    ctx = tls_client()
    held = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(5000)]
    hello = bytes.fromhex("16030100c8010000c40303") + bytes(32)  # a ClientHello cut short
    for _ in range(1000):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(hello)
        held.append(s)
    time.sleep(0.5)
    lat = sorted(get_once(ctx, port) for _ in range(300))
    print(f"flood     new clients p50 {statistics.median(lat):.1f} ms  p99 {lat[int(len(lat) * 0.99) - 1]:.1f} ms"
          f"  (5,000 idle TCP + 1,000 half-sent ClientHellos held)")
    for s in held:
        s.close()
    stop(p, 15)


def one_request_ms(cmd, request=None, runs=20):
    """Median and min elapsed ms, and mean CPU ms, of `cmd` run `runs` times."""
    times = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, input=request, capture_output=True, check=True)
        times.append((time.perf_counter() - t) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000 / runs
    return statistics.median(times), min(times), cpu


def figure_connect():
    # The same request to the same parley serve from parley connect, curl and
    # openssl s_client, and the floor: a process that does nothing.
    port = free_port()
    p = start_parley(port)
    get = b"GET / HTTP/1.0\r\n\r\n"
    clients = [
        ("parley connect", [PARLEY, "connect", f"127.0.0.1:{port}", "--ca", "ca/root.pem"], get),
        ("curl", ["curl", "-s", "--tlsv1.3", "--cacert", "ca/root.pem", f"https://127.0.0.1:{port}/"], None),
        ("openssl s_client", ["openssl", "s_client", "-quiet", "-tls1_3", "-CAfile", "ca/root.pem",
                              "-connect", f"127.0.0.1:{port}"], get),
        ("/bin/true", ["/bin/true"], None),
    ]
    for name, cmd, request in clients:
        if not shutil.which(cmd[0]):
            print(f"connect   {name}: not installed")
            continue
        median, least, cpu = one_request_ms(cmd, request)
        print(f"connect   {name + ':':18} one request: median {median:.1f} ms, min {least:.1f} ms, CPU {cpu:.1f} ms"
              f" (20 runs)")
    stop(p, 15)


def main():
    pki()
    figures = {"cpu": figure_cpu, "rss": figure_rss, "flood": figure_flood, "connect": figure_connect}
    for name in FIGURES:
        if name not in figures:
            raise SystemExit(f"unknown figure {name!r}: expected {', '.join(figures)}")
        figures[name]()


main()
