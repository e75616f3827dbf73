# parley tunnel server in front of python3 -m http.server: an allowed SPIFFE
# identity gets a 1 MiB file intact; another identity from the same CA, an
# expired, a revoked and a missing certificate are refused with the right
# alert; every decision is in the audit log; no rules refuses to start; a
# target that is down gives the client a clean close and a log line.
source "$(dirname "$0")/lib.sh"
make_pki
mkdir www && head -c 1048576 /dev/urandom > www/file.bin

HTTP=$(free_port)
bg python3 -m http.server --bind 127.0.0.1 --directory www "$HTTP" 
wait_port "$HTTP"

# Deny is the default: no rule, no start.
expect_exit 2 "$PARLEY" tunnel server --listen 127.0.0.1:0 --target "127.0.0.1:$HTTP" --cert server-chain.pem \
  --key server.key --client-ca ca/root.pem
expect_output "no identity rules"
expect_exit 2 "$PARLEY" tunnel server --listen 127.0.0.1:0 --target "127.0.0.1:$HTTP" --cert server-chain.pem \
  --key server.key --client-ca ca/root.pem --allow-uri 'spiffe://example.internal/ns/*/sa/web-*'
expect_output "each path segment"

TLS=$(free_port)
METRICS=$(free_port)
bg "$PARLEY" tunnel server --listen "127.0.0.1:$TLS" --target "127.0.0.1:$HTTP" --cert server-chain.pem \
  --key server.key --client-ca ca/root.pem --crl ca.crl --allow-uri 'spiffe://example.internal/ns/shop/sa/*' \
  --audit audit.log --metrics "127.0.0.1:$METRICS" 2> server.err
wait_listening server.err
wait_port "$METRICS"

curl_as orders "$TLS" /file.bin got.bin || fail "the allowed identity was refused: $(cat server.err)"
[ "$(sha256sum < got.bin)" = "$(sha256sum < www/file.bin)" ] || fail "the 1 MiB file changed on the way"
pass

refused billing "alert access denied"
refused expired "alert certificate expired"
refused revoked "alert certificate revoked"
refused none "alert certificate required"

wait_for audit.log '"connection":5'
python3 - audit.log <<'PY' || fail "audit log: $(cat audit.log)"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
by_subject = {(l["identity"] or {}).get("subject", "none"): l for l in lines}
ok = by_subject["CN=spiffe://example.internal/ns/shop/sa/orders"]
assert ok["decision"] == "allow" and ok["rule"] == "uri spiffe://example.internal/ns/shop/sa/*", ok
assert ok["bytes_to_peer"] > 1048576 and ok["suite"] and ok["group"] and ok["end"] == "close_notify", ok
assert len(ok["identity"]["serials"]) == 3 and ok["identity"]["issuer"].startswith("CN=Tunnel Test CA"), ok
billing = by_subject["CN=spiffe://example.internal/ns/pay/sa/billing"]
assert billing["decision"] == "deny" and billing["rule_set"] == "tunnel server rules", billing
assert billing["end"] == "alert access_denied sent" and "matches none" in billing["reason"], billing
assert by_subject["CN=expired"]["end"] == "alert certificate_expired sent"
assert by_subject["CN=spiffe://example.internal/ns/shop/sa/revoked"]["end"] == "alert certificate_revoked sent"
assert by_subject["none"]["end"] == "alert certificate_required sent"
assert sum(l["decision"] == "deny" for l in lines) == 4 and len(lines) == 5, lines
PY
pass

# Metrics: scraped and parsed (the text exposition format), and /healthz.
[ "$(curl -sS --max-time 5 "http://127.0.0.1:$METRICS/healthz")" = ok ] || fail "/healthz"
pass
curl -sS --max-time 5 "http://127.0.0.1:$METRICS/metrics" -o metrics.txt
python3 - metrics.txt <<'PY' || fail "metrics: $(cat metrics.txt)"
import re, sys
samples = {}
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    m = re.fullmatch(r'([a-z_:]+)(\{[^}]*\})? (\S+)\n', line)
    assert m, "not a sample line: %r" % line
    samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
def one(prefix):
    hits = [v for k, v in samples.items() if k.startswith(prefix)]
    assert len(hits) == 1, (prefix, hits)
    return hits[0]
assert samples["parley_connections_total"] == 5, samples
assert samples["parley_connections_open"] == 0, samples
assert one('parley_handshakes_total{alert="none",result="ok"') == 1
assert one('parley_handshakes_total{alert="access_denied",result="failed"') == 1
assert one('parley_denials_total{reason="access_denied",rule_set="tunnel server rules"') == 1
assert one('parley_denials_total{reason="certificate_expired"') == 1
assert one('parley_denials_total{reason="certificate_revoked"') == 1
assert one('parley_admissions_total{rule="uri spiffe://example.internal/ns/shop/sa/*"') == 1
assert one('parley_bytes_total{direction="to_peer"') > 1048576
assert one('parley_handshake_duration_seconds_count') == 1
assert 80 * 86400 < samples["parley_certificate_expiry_seconds"] <= 90 * 86400
PY
pass

# A target that is down: the client's request gets a clean close (no reply,
# no reset), the operator a log line, the audit log the reason.
DOWN=$(free_port)
TLS2=$(free_port)
bg "$PARLEY" tunnel server --listen "127.0.0.1:$TLS2" --target "127.0.0.1:$DOWN" --cert server-chain.pem \
  --key server.key --client-ca ca/root.pem --allow-any --audit down.log 2> down.err
wait_listening down.err
set +e
OUT=$(curl_as orders "$TLS2" /file.bin /dev/null 2>&1)
rc=$?
set -e
[ "$rc" -eq 52 ] || fail "expected curl's 'empty reply' (52) after a clean close, got $rc: $OUT"
pass
wait_for down.err "unreachable"
wait_for down.log 'unreachable.*"rule":"any"'
done_checks
