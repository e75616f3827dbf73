"""Small helpers the real-socket benchmarks share (bench/serve/serve_bench.py,
bench/tunnel/tunnel_bench.py): ports on 127.0.0.1, core pinning, a process's
CPU time and RSS from /proc, stopping a server, the open-files limit."""
import os, resource, shutil, signal, socket, subprocess, time

CORES = os.cpu_count() or 1


def raise_open_files():
    """Thousands of held connections need more descriptors than the default soft limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, tries=100):
    """Until something accepts on 127.0.0.1:port (tries x 0.1 s at most)."""
    for _ in range(tries):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def cpu_seconds(pid):
    """User + system CPU seconds of a process (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pin(core):
    """The command prefix that runs a program on one core (none without taskset)."""
    return ["taskset", "-c", str(core % CORES)] if shutil.which("taskset") else []


def stop(p, timeout=10):
    """SIGTERM, then SIGKILL after timeout seconds."""
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
