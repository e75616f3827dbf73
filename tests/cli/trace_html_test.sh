#!/usr/bin/env bash
# The illustrated page of a connection: parley connect --trace-html (client
# view, with --trace-secrets, a failed handshake, a hostile certificate name,
# a resumed connection with 0-RTT)
# and parley serve --trace-html DIR (server view, bounded count), each page
# loaded in headless Chromium (tests/cli/page_check.py); the JSON trace's
# message bytes, fields and protection.
CHECK="python3 $(dirname "$(realpath "$0")")/page_check.py"
source "$(dirname "$0")/../interop/lib.sh"
if ! command -v chromium >/dev/null; then echo "SKIP: chromium is not installed (Debian package chromium)"; exit 77; fi
make_pki

# page_ok PAGE [--expect-failure]: the page renders, every message expands, nothing is fetched.
page_ok() {
  local out
  out=$($CHECK "$1" "${1%.html}.png" "${@:2}") || fail "$1 in Chromium: $out"
  [ -s "${1%.html}.png" ] || fail "no screenshot of $1"
  pass
}
# The only URLs in a page are RFC 8446 section links (plain <a href>, never fetched).
only_rfc_links() {
  local other
  other=$(grep -oE '(https?|ftp|wss?)://[^"<> ]*' "$1" | grep -v '^https://www.rfc-editor.org/rfc/rfc8446#section-' || true)
  [ -z "$other" ] || fail "$1 names other URLs: $other"
  grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$1" || fail "$1 has no default-src 'none' policy"
  pass
}

P=$(free_port)
serve $P --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required
connect() { printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 "$PARLEY" connect 127.0.0.1:$1 --ca pki/root.pem --servername localhost "${@:2}"; }

# --- a good mTLS handshake, secrets shown -------------------------------------
connect $P --cert pki/client-chain.pem --key pki/client.key --trace-html ok.html --trace-secrets >/dev/null 2>err.txt \
  || fail "connect --trace-html failed: $(cat err.txt)"
[ "$(stat -c %a ok.html)" = 600 ] || fail "a page with secrets must be mode 0600, not $(stat -c %a ok.html)"
[ "$(stat -c %s ok.html)" -lt 300000 ] || fail "the page is $(stat -c %s ok.html) bytes, over 300 KB"
grep -q "This page contains the connection's secrets" ok.html || fail "no warning about the secrets"
grep -qE 'class="secret">[0-9a-f]{64}<' ok.html || fail "--trace-secrets shows no secret"
for want in 'ClientHello' 'CertificateRequest' 'handshake keys, server-write' 'handshake keys, client-write' \
  'Chain to a trusted root' 'Name in the subjectAltName' 'client_handshake_traffic_secret' 'section-4.1.2'; do
  grep -q -- "$want" ok.html || fail "ok.html lacks '$want'"
  pass
done
only_rfc_links ok.html
page_ok ok.html

# Without --trace-secrets: no secret, an ordinary file mode.
connect $P --cert pki/client-chain.pem --key pki/client.key --trace-html plain.html >/dev/null 2>&1 || fail "connect failed"
grep -q 'class="secret"' plain.html && fail "secrets on a page without --trace-secrets"
[ "$(stat -c %a plain.html)" = 644 ] || fail "plain.html mode $(stat -c %a plain.html)"
pass

# --- a failed handshake: drawn up to the failure, with its cause and fix -------
set +e; connect $P --trace-html failed.html >/dev/null 2>&1; rc=$?; set -e
[ $rc -eq 1 ] || fail "connect without a client certificate should fail (exit $rc)"
grep -q 'The handshake failed here' failed.html || fail "no failure box"
grep -q 'requires a client certificate' failed.html || fail "the failure lacks its cause"
grep -q 'Fix: pass --cert and --key' failed.html || fail "the failure lacks its fix"
page_ok failed.html --expect-failure

set +e; printf '' | timeout 30 "$PARLEY" connect 127.0.0.1:$P --ca pki/other-root.pem --servername localhost \
  --trace-html untrusted.html >/dev/null 2>&1; set -e
grep -q 'certificate.untrusted\|a CA we do not trust' untrusted.html || fail "the untrusted chain's finding is missing"
grep -q '<li class="fail"><span class="result">fail</span><b>Chain to a trusted root' untrusted.html \
  || fail "the chain check is not marked failed"
pass

# --- a certificate whose subject is markup: shown, never run ------------------
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout pki/xss.key \
  -subj '/CN=<script>alert(1)<\/script><img src=x onerror=alert(2)>' -out pki/xss.csr 2>/dev/null
openssl ca -batch -config pki/expired.cnf -cert pki/ca/intermediate.pem -keyfile pki/ca/intermediate.key -days 30 \
  -extensions server -notext -in pki/xss.csr -out pki/xss.pem 2>/dev/null
cat pki/xss.pem pki/ca/intermediate.pem > pki/xss-chain.pem
X=$(free_port)
# ALPN is the peer's raw bytes on the page (names are RFC 4514-escaped first, which turns < into \<).
serve $X --cert pki/xss-chain.pem --key pki/xss.key --alpn '<script>alert(3)</script>'
connect $X --trace-html xss.html --alpn '<script>alert(3)</script>' >/dev/null 2>&1 \
  || fail "connect to the markup-named server failed"
grep -q '<script>alert' xss.html && fail "a <script> from the peer reached the page unescaped"
grep -q '<img src=x' xss.html && fail "the certificate's <img> reached the page unescaped"
grep -qF 'CN=\&lt;script\&gt;alert(1)\&lt;/script\&gt;' xss.html || fail "the escaped subject is not shown"
grep -qF '&lt;script&gt;alert(3)&lt;/script&gt;' xss.html || fail "the escaped ALPN is not shown"
pass
page_ok xss.html  # page_check.py counts the script elements: exactly the page's own

# The checker itself catches a fetch: the same page without its policy and with an image from the network.
sed -e "/Content-Security-Policy/d" -e 's|</body>|<img src="http://127.0.0.1:9/x.png"></body>|' ok.html > fetching.html
if $CHECK fetching.html fetching.png >/dev/null; then fail "page_check.py missed a network fetch"; fi
pass

# --- a resumed connection with 0-RTT: the PSK, the early data, the tickets ------
R=$(free_port)
serve $R --cert pki/server-chain.pem --key pki/server.key --early-data 16384
connect $R --session sess.bin --trace-html full.html >/dev/null 2>&1 || fail "the first connection failed"
grep -q 'NewSessionTicket' full.html || fail "the first page does not draw the tickets"
grep -q 'selected_identity' full.html && fail "the first connection cannot be resumed"
connect $R --session sess.bin --early-data --trace-html resumed.html >/dev/null 2>&1 || fail "the resumption failed"
for want in 'resumed (psk_dhe_ke), 0-RTT: accepted' 'selected_identity' 'EndOfEarlyData' \
  'the resumption secret of an earlier session'; do
  grep -qF -- "$want" resumed.html || fail "resumed.html lacks '$want'"
  pass
done
page_ok resumed.html --resumed

# --- the server's view: one page per connection, at most --trace-html-max -----
mkdir pages
S=$(free_port)
serve $S --cert pki/server-chain.pem --key pki/server.key --client-ca pki/root.pem --client-auth required \
  --trace-html pages --trace-html-max 2
for i in 1 2 3; do connect $S --cert pki/client-chain.pem --key pki/client.key >/dev/null 2>&1 || fail "connect $i"; done
for i in $(seq 1 50); do [ "$(ls pages | wc -l)" -ge 2 ] && break; sleep 0.1; done
sleep 0.3
[ "$(ls pages | wc -l)" -eq 2 ] || fail "expected 2 pages (--trace-html-max 2), found: $(ls pages)"
pass
# (wait_port's probe was the first connection: its page shows a handshake that never began.)
PAGE=$(grep -l "The client's certificate: accepted" pages/*.html | head -n 1)
[ -n "$PAGE" ] || fail "no server page shows the client's certificate check: $(ls pages)"
grep -q 'The server side of a real connection' "$PAGE" || fail "the server's page does not say whose view"
page_ok "$PAGE"
expect_exit 2 "$PARLEY" serve --listen 127.0.0.1:$(free_port) --cert pki/server-chain.pem --key pki/server.key \
  --trace-html no-such-dir

# --- the JSON trace carries what the page shows --------------------------------
connect $P --cert pki/client-chain.pem --key pki/client.key --trace=json >/dev/null 2>trace.jsonl || fail "--trace=json"
python3 - trace.jsonl <<'PY' || fail "the JSON trace lacks bytes, fields or protection"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
msgs = [e for e in events if e["kind"].startswith("message_")]
assert msgs and all("protection" in e and "bytes" in e and "layout" in e for e in msgs)
hello = next(e for e in msgs if e["name"] == "ClientHello")
assert hello["protection"] == {"keys": "none", "secret": None}
assert any(f["label"] == "random" and f["length"] == 32 for f in hello["layout"])
assert all(f["label"] != "unparsed" for e in msgs for f in e["layout"])
ee = next(e for e in msgs if e["name"] == "EncryptedExtensions")
assert ee["protection"] == {"keys": "handshake", "secret": "server-write"}
check = next(e for e in events if e["kind"] == "certificate_verified")
assert [c["check"] for c in check["checks"]] == ["chain", "validity", "name", "key_usage", "revocation"]
PY
pass
expect_exit 2 "$PARLEY" connect 127.0.0.1:$P --trace-secrets
done_checks
