#!/usr/bin/env bash
# Runs the x509-limbo conformance suite against `parley verify`.
#
#   scripts/limbo.sh [BUILD_DIR] [extra run.py args, e.g. --stride 10]
#
# Needs ../shared/conformance/x509-limbo/ next to the repository (the data
# stays out of the repo); without it, says so and exits 0. Fails when any case
# times out, any failure is not listed in docs/x509-deviations.md (lines
# "- `case-id`: reason"), or any case is falsely accepted unless it is listed in
# that file's section "Accepted although the suite expects a rejection".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIMBO_DIR="$ROOT/../shared/conformance/x509-limbo"
BUILD=${1:-$ROOT/build}
[ $# -gt 0 ] && shift
if [ ! -f "$LIMBO_DIR/limbo.json.gz" ]; then
  echo "limbo: $LIMBO_DIR not present, skipping the x509-limbo suite"
  exit 0
fi
PARLEY_BIN=${PARLEY_BIN:-$BUILD/parley}
[ -x "$PARLEY_BIN" ] || { echo "limbo: $PARLEY_BIN not built" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gunzip -c "$LIMBO_DIR/limbo.json.gz" > "$WORK/limbo.json"

set +e
python3 "$LIMBO_DIR/run.py" --limbo "$WORK/limbo.json" --out "$WORK/out" --name parley --quiet \
  --cmd "$PARLEY_BIN verify --roots {roots} [--intermediates {intermediates}] --leaf {leaf}
         [--hostname {hostname}] [--ip {ip}] [--at {at}] --purpose {purpose} [--max-depth {max_depth}]
         [--crl {crls}]" "$@" | tail -n 5
set -e

python3 - "$WORK/out/results.json" "$ROOT/docs/x509-deviations.md" <<'PY'
import json, re, sys
results = json.load(open(sys.argv[1]))
cases = results["results"] if isinstance(results, dict) and "results" in results else results
doc = open(sys.argv[2]).read()
listed = set(re.findall(r"^- `([^`]+)`", doc, re.M))
accepted_section = doc.split("## Accepted although the suite expects a rejection", 1)
accepted = set(re.findall(r"^- `([^`]+)`", accepted_section[1].split("\n## ", 1)[0], re.M)) if len(accepted_section) > 1 else set()
bad = 0
for r in cases:
    if r.get("outcome") != "fail":
        continue
    kind = r.get("fail_kind", "")
    if kind in ("false_accept", "false-accept") or r.get("actual_result") == "SUCCESS" and r.get("expected_result") == "FAILURE":
        if r["id"] in accepted:
            print(f"false accept, decided and documented: {r['id']}")
        else:
            print(f"FALSE ACCEPT: {r['id']}"); bad += 1
    elif kind == "timeout":
        print(f"TIMEOUT: {r['id']}"); bad += 1
    elif r["id"] not in listed:
        print(f"unlisted deviation: {r['id']} ({kind}: {r.get('context', '')[:160]})"); bad += 1
stale = listed - {r["id"] for r in cases if r.get("outcome") == "fail"}
for s in sorted(stale):
    print(f"note: {s} is listed in docs/x509-deviations.md but did not fail in this run")
print("limbo: OK (no undocumented false accepts, no timeouts, every failure listed)" if bad == 0 else f"limbo: {bad} problem(s)")
sys.exit(1 if bad else 0)
PY
