"""Plain TCP peers for the tunnel tests: backends behind `tunnel server` and
clients in front of `tunnel client`. Every socket has a timeout; a backend
serves for at most 60 s.

  peers.py echo-after-eof PORT          backend: read to EOF, answer "<n> <sha256>", close
  peers.py greet-then-read PORT OUT     backend: send "hello", shut its write side, read to EOF, write "<n> <sha256>" to OUT
  peers.py slow PORT                    backend: read at most 64 KiB every 10 ms to EOF, answer "<n> <sha256>", close
  peers.py proxy PORT OUT               backend: parse a PROXY v2 header into OUT (JSON), answer "ok", close
  peers.py send-then-shut PORT N        client: send N random bytes, shut the write side, print the answer;
                                        exits 1 unless it is "<N> <their sha256>"
  peers.py read-then-send PORT N        client: read to EOF, print it, then send N bytes and close
"""
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time


def read_to_eof(conn, pause=0.0, size=65536):
    digest, total = hashlib.sha256(), 0
    while True:
        chunk = conn.recv(size)
        if not chunk:
            return total, digest.hexdigest()
        digest.update(chunk)
        total += len(chunk)
        if pause:
            time.sleep(pause)


def recv_all(conn):
    out = b""
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            return out
        out += chunk


def recv_exact(conn, n):
    out = b""
    while len(out) < n:
        chunk = conn.recv(n - len(out))
        if not chunk:
            raise EOFError("the header ended early")
        out += chunk
    return out


def parse_proxy_v2(conn):
    """haproxy's proxy-protocol.txt section 2.2, strictly."""
    head = recv_exact(conn, 16)
    if head[:12] != b"\r\n\r\n\x00\r\nQUIT\n":
        raise ValueError("no PROXY v2 signature")
    if head[12] != 0x21:
        raise ValueError("not version 2 PROXY: %#x" % head[12])
    family, length = head[13], struct.unpack("!H", head[14:16])[0]
    body = recv_exact(conn, length)
    if family == 0x11:
        src, dst = socket.inet_ntop(socket.AF_INET, body[0:4]), socket.inet_ntop(socket.AF_INET, body[4:8])
        sport, dport = struct.unpack("!HH", body[8:12])
        rest = body[12:]
    elif family == 0x21:
        src, dst = socket.inet_ntop(socket.AF_INET6, body[0:16]), socket.inet_ntop(socket.AF_INET6, body[16:32])
        sport, dport = struct.unpack("!HH", body[32:36])
        rest = body[36:]
    else:
        raise ValueError("not TCP over IPv4/IPv6: %#x" % family)
    tlvs = {}
    while rest:
        if len(rest) < 3:
            raise ValueError("a truncated TLV")
        kind, size = rest[0], struct.unpack("!H", rest[1:3])[0]
        value, rest = rest[3:3 + size], rest[3 + size:]
        if len(value) != size:
            raise ValueError("a TLV longer than the header")
        if kind == 0x20:  # PP2_TYPE_SSL: client, verify, sub-TLVs
            sub, inner = {}, value[5:]
            while inner:
                sk, ss = inner[0], struct.unpack("!H", inner[1:3])[0]
                sub["%#x" % sk] = inner[3:3 + ss].decode()
                inner = inner[3 + ss:]
            tlvs["ssl"] = {"client": value[0], "verify": struct.unpack("!I", value[1:5])[0], "sub": sub}
        else:
            tlvs["%#x" % kind] = value.decode()
    return {"source": "%s:%d" % (src, sport), "destination": "%s:%d" % (dst, dport), "tlvs": tlvs}


def serve(port, handle):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    listener.settimeout(60)
    while True:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            return
        conn.settimeout(30)
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "echo-after-eof":
        def handle(conn):
            n, h = read_to_eof(conn)
            conn.sendall(b"%d %s\n" % (n, h.encode()))
            conn.close()
        serve(port, handle)
    elif mode == "greet-then-read":
        def handle(conn):
            conn.sendall(b"hello\n")
            conn.shutdown(socket.SHUT_WR)
            n, h = read_to_eof(conn)
            with open(sys.argv[3], "w") as f:
                f.write("%d %s\n" % (n, h))
            conn.close()
        serve(port, handle)
    elif mode == "slow":
        def handle(conn):
            n, h = read_to_eof(conn, pause=0.01, size=65536)
            conn.sendall(b"%d %s\n" % (n, h.encode()))
            conn.close()
        serve(port, handle)
    elif mode == "proxy":
        def handle(conn):
            try:
                parsed = parse_proxy_v2(conn)
            except Exception as e:  # the test reads the reason
                parsed = {"error": str(e)}
            with open(sys.argv[3], "w") as f:
                json.dump(parsed, f)
            conn.sendall(b"ok\n")
            conn.close()
        serve(port, handle)
    elif mode == "send-then-shut":
        data = os.urandom(int(sys.argv[3]))
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        answer = recv_all(conn)
        print(answer.decode().strip())
        want = "%d %s" % (len(data), hashlib.sha256(data).hexdigest())
        sys.exit(0 if answer.decode().strip() == want else 1)
    elif mode == "read-then-send":
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        print(recv_all(conn).decode().strip())
        data = os.urandom(int(sys.argv[3]))
        conn.sendall(data)
        conn.close()
        print("%d %s" % (len(data), hashlib.sha256(data).hexdigest()))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
