#!/usr/bin/env bash
# Revocation fetched by the client, against parley's own CA on 127.0.0.1: a
# CA made with `ca init --ocsp-url/--crl-url` answered by `parley ca serve`,
# `parley serve` with a leaf from it (no staple), and
#   - `parley connect --revocation hard` fetches the leaf's OCSP answer: it
#     connects while the leaf is good, and fails with certificate_revoked
#     (naming the source and its URL) right after `parley ca revoke`;
#   - the trace (text, JSON, the page) says where each answer came from;
#   - `parley doctor` passes the good leaf (exit 0) and fails the revoked one
#     (exit 1, with the cause and the fix);
#   - a responder that accepts and never answers: hard fails within
#     --fetch-timeout, soft connects, doctor says "unknown" and exits 0.
source "$(dirname "$0")/lib.sh"

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
expect_exit 0 "$PARLEY" ca init --dir ca --name "Fetch Root CA" --ocsp-url "$URL/ocsp" \
  --crl-url "$URL/crl/intermediate.crl"
expect_exit 0 "$PARLEY" ca issue --dir ca --profile server --san dns:localhost --out-cert leaf.pem --out-key leaf.key \
  --chain-out chain.pem
bg ca-serve.log "$PARLEY" ca serve --dir ca --listen 127.0.0.1:$PORT
wait_port "$PORT"
P_TLS=$(free_port)
serve $P_TLS --cert chain.pem --key leaf.key
# `ca init` puts the root's CRL (which `ca serve` publishes beside the
# intermediate's) in the intermediate: hard fetches that for position 1.
C=("$PARLEY" connect 127.0.0.1:$P_TLS --ca ca/root.pem --servername localhost)

# --- good: hard fetches the leaf's OCSP answer --------------------------------------
expect_exit 0 "${C[@]}" --revocation hard --trace </dev/null
expect_output "revocation \[0\] CN=localhost .*: good .* — fetched OCSP response from $URL/ocsp"
expect_output "revocation \[1\] CN=Fetch Intermediate CA.*: not on the CRL .* — fetched CRL from $URL/crl/root.crl"
expect_exit 0 "${C[@]}" --revocation hard --trace=json --trace-html page.html </dev/null
CHECK=$(grep '"kind":"certificate_verified"' <<<"$OUT")
python3 - "$CHECK" "$URL/ocsp" "$URL/crl/root.crl" <<'PY' || fail "the trace JSON does not name the sources: $CHECK"
import json, sys
check = json.loads(sys.argv[1])
answers = check["revocation"]
assert [a["position"] for a in answers] == [0, 1], answers
assert answers[0]["source"] == "fetched OCSP response" and answers[0]["origin"] == sys.argv[2], answers[0]
assert answers[0]["status"].startswith("good"), answers[0]
assert answers[1]["source"] == "fetched CRL" and answers[1]["origin"] == sys.argv[3], answers[1]
revocation = [c for c in check["checks"] if c["check"] == "revocation"][0]
assert revocation["result"] == "pass", revocation
assert any("fetched OCSP response from " + sys.argv[2] in v for _, v in revocation["values"]), revocation
PY
pass
expect_output "fetched OCSP response from $URL/ocsp" "$(cat page.html)"
expect_exit 0 "$PARLEY" doctor 127.0.0.1:$P_TLS --ca ca/root.pem --servername localhost --timeout 3
expect_output "not revoked: CN=localhost .*fetched OCSP response from $URL/ocsp; CN=Fetch Intermediate CA.*fetched CRL from $URL/crl/root.crl  \[revocation.good\]"
expect_exit 0 "$PARLEY" doctor 127.0.0.1:$P_TLS --ca ca/root.pem --servername localhost --timeout 3 --json
python3 -c "
import json, sys
r = json.loads(sys.argv[1])
assert r['would_connect'] is True
assert r['server']['revocation'][0]['source'] == 'fetched OCSP response', r['server']['revocation']
assert 'revocation.good' in [f['id'] for f in r['findings']]
" "$OUT" || fail "doctor --json: $OUT"
pass

# --- revoked: hard fails with certificate_revoked and says from where ----------------
expect_exit 0 "$PARLEY" ca revoke --dir ca leaf.pem --reason keyCompromise
expect_exit 1 "${C[@]}" --revocation hard </dev/null
expect_output "certificate 'CN=localhost' was revoked on .* \(reason keyCompromise\), says the fetched OCSP response from $URL/ocsp"
expect_output "we sent the alert certificate_revoked"
expect_exit 1 "${C[@]}" --revocation hard --trace=json </dev/null
expect_output '"alert":"certificate_revoked"'
# soft fetches nothing: without a staple, nothing says revoked.
expect_exit 0 "${C[@]}" </dev/null
expect_exit 1 "$PARLEY" doctor 127.0.0.1:$P_TLS --ca ca/root.pem --servername localhost --timeout 3
expect_output "ERROR   the server's certificate 'CN=localhost' is revoked  \[certificate.revoked\]"
expect_output "revoked on .* \(reason keyCompromise\), says the fetched OCSP response from $URL/ocsp"
expect_output "fix: issue a new one with \`parley ca issue\`"

# --- a responder that accepts and never answers -------------------------------------
# (The kernel completes the TCP handshake for the listen backlog; nobody reads.)
P_HANG=$(free_port)
bg hang.log python3 -c "import socket, time; s = socket.create_server(('127.0.0.1', $P_HANG)); time.sleep(60)"
wait_port $P_HANG
expect_exit 0 "$PARLEY" ca init --dir hang-ca --name "Hang Root CA" --ocsp-url "http://127.0.0.1:$P_HANG/ocsp"
expect_exit 0 "$PARLEY" ca issue --dir hang-ca --profile server --san dns:localhost --out-cert hang.pem \
  --out-key hang.key --chain-out hang-chain.pem
P_TLS2=$(free_port)
serve $P_TLS2 --cert hang-chain.pem --key hang.key
H=("$PARLEY" connect 127.0.0.1:$P_TLS2 --ca hang-ca/root.pem --servername localhost)
start=$(date +%s)
expect_exit 1 "${H[@]}" --revocation hard --fetch-timeout 1 </dev/null
elapsed=$(( $(date +%s) - start ))
[ $elapsed -le 8 ] || fail "a hanging responder held parley connect for $elapsed s (--fetch-timeout 1)"
pass
expect_output "revocation status is unknown"
expect_output "fetch: OCSP for 'CN=localhost .*' from http://127.0.0.1:$P_HANG/ocsp: failed: .*no answer within 1000 ms"
expect_exit 0 "${H[@]}" --revocation soft </dev/null
start=$(date +%s)
expect_exit 0 "$PARLEY" doctor 127.0.0.1:$P_TLS2 --ca hang-ca/root.pem --servername localhost --timeout 2
elapsed=$(( $(date +%s) - start ))
[ $elapsed -le 15 ] || fail "a hanging responder held parley doctor for $elapsed s"
pass
expect_output "revocation status unknown for CN=localhost .*\[revocation.unknown\]"
expect_output "no answer within 2000 ms"

done_checks
