#!/usr/bin/env bash
# scripts/demo.sh, the README's main job, against this build: it must succeed
# and show the mTLS handshake (the learner's trace) and the server's answer.
source "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
expect_exit 0 env PARLEY_BIN="$PARLEY" PARLEY_DEMO_DIR="$WORK/demo" bash "$REPO/scripts/demo.sh"
expect_output "ClientHello →"
expect_output "CertificateRequest ←"
expect_output "verified the server's chain"
expect_output "application data we send is now encrypted"
expect_output "HTTP/1.[01] 200 OK"
expect_output "spiffe://demo.internal/ns/shop/sa/orders"
expect_output "certificate_required"
done_checks
