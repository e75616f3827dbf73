#!/usr/bin/env bash
# User-space instructions per new TLS 1.3 connection (one GET each) of parley serve, and of nginx with the same
# certificate, under valgrind's callgrind: stable where CPU time is not (a shared machine). Counters are zeroed
# after 3 warm-up connections, then 50 connections from Python's ssl are counted. Kernel time is not included.
#
#   bench/serve/instructions_per_connection.sh PARLEY_BINARY
set -euo pipefail
parley=$(realpath "$1")
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
"$parley" ca init --dir ca --name "Bench Root" >/dev/null
"$parley" ca issue --dir ca --profile server --san dns:localhost --san ip:127.0.0.1 --out-cert server.pem \
  --out-key server.key --chain-out chain.pem >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
gets() {  # gets PORT N: N sequential TLS GETs
  python3 - "$1" "$2" <<'PY'
import socket, ssl, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
ctx = ssl.create_default_context(cafile="ca/root.pem")
for _ in range(n):
    with socket.create_connection(("127.0.0.1", port), timeout=120) as raw:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
            while tls.recv(65536):
                pass
PY
}
# measure NAME PORT COMMAND...: runs COMMAND under callgrind and prints its instructions per connection.
measure() {
  local name=$1 port=$2; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do gets "$port" 1 2>/dev/null && break; sleep 0.2; done
  gets "$port" 2
  callgrind_control -z "$pid" >/dev/null 2>&1
  gets "$port" 50
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  awk -v n="$name" '/^totals:/ { printf "%-8s %.3f M instructions per connection\n", n, $2 / 50 / 1e6 }' "$work/$name.out.1"
}

port=$(free_port)
# No session tickets on either side (nginx: ssl_session_tickets off).
measure parley "$port" "$parley" serve --listen "127.0.0.1:$port" --cert chain.pem --key server.key --threads 1 \
  --tickets 0
if command -v nginx >/dev/null; then
  port=$(free_port)
  mkdir nginx
  cat >nginx/nginx.conf <<CONF
worker_processes 1;
daemon off;
master_process off;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/chain.pem;
    ssl_certificate_key $work/server.key;
    ssl_protocols TLSv1.3;
    ssl_session_tickets off;
    ssl_session_cache off;
    location / { return 200 "Hello from nginx\n"; }
  }
}
CONF
  measure nginx "$port" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"
fi
