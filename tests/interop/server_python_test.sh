#!/usr/bin/env bash
# Python's ssl module (OpenSSL underneath, but a different client program)
# against parley serve: TLS 1.3 with and without a client certificate, ALPN,
# keep-alive, and the certificate_required refusal.
source "$(dirname "$0")/lib.sh"
make_pki

P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --alpn http/1.1
P2=$(free_port)
serve $P2 --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required

set +e
OUT=$(timeout 60 python3 - "$P" "$P2" <<'PY' 2>&1
import socket, ssl, sys

port, port_required = int(sys.argv[1]), int(sys.argv[2])

def context(cert=True):
    ctx = ssl.create_default_context(cafile="pki/root.pem")
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    if cert:
        ctx.load_cert_chain("pki/client-chain.pem", "pki/client.key")
    return ctx

def request(tls, path, version="HTTP/1.1", close=False):
    extra = "Connection: close\r\n" if close else ""
    tls.sendall(f"GET {path} {version}\r\nHost: localhost\r\n{extra}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += tls.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(body) < length:
        body += tls.recv(65536)
    return head.decode(), body.decode()

with socket.create_connection(("127.0.0.1", port)) as raw:
    with context().wrap_socket(raw, server_hostname="localhost") as tls:
        assert tls.version() == "TLSv1.3", tls.version()
        assert tls.selected_alpn_protocol() == "http/1.1", tls.selected_alpn_protocol()
        head, body = request(tls, "/first")
        assert head.startswith("HTTP/1.1 200 OK"), head
        assert "URI:spiffe://example.org/ns/test/sa/client" in body, body
        head, body = request(tls, "/second", close=True)
        assert "GET /second HTTP/1.1" in body, body
        print("mTLS with keep-alive ok:", tls.cipher()[0])

with socket.create_connection(("127.0.0.1", port)) as raw:
    with context(cert=False).wrap_socket(raw, server_hostname="localhost") as tls:
        head, body = request(tls, "/", "HTTP/1.0")
        assert "no client certificate" in body, body
        print("optional client auth without a certificate ok")

try:
    with socket.create_connection(("127.0.0.1", port_required)) as raw:
        with context(cert=False).wrap_socket(raw, server_hostname="localhost") as tls:
            request(tls, "/")
    print("UNEXPECTED: served without a client certificate")
except ssl.SSLError as e:
    print("refused as expected:", e)

try:
    with socket.create_connection(("127.0.0.1", port)) as raw:
        with context().wrap_socket(raw, server_hostname="wrong.example") as tls:
            pass
    print("UNEXPECTED: wrong name accepted")
except ssl.SSLCertVerificationError as e:
    print("wrong name refused:", e.verify_message)
PY
)
RC=$?
set -e
[ $RC -eq 0 ] || fail "the Python client failed:"$'\n'"$OUT"
pass
expect_output 'mTLS with keep-alive ok: TLS_AES_128_GCM_SHA256'
expect_output 'optional client auth without a certificate ok'
expect_output 'refused as expected: .*CERTIFICATE_REQUIRED'
expect_output "wrong name refused: Hostname mismatch"
grep -q UNEXPECTED <<<"$OUT" && fail "$OUT"
pass

done_checks
