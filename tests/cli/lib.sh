# Shared helpers for the command-line tests: each test is a bash script that
# gets the parley binary as $1, works in a fresh temporary directory, and
# fails (exit 1) on the first broken expectation.
set -euo pipefail
PARLEY=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
CHECKS=0

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { CHECKS=$((CHECKS + 1)); }

# expect_exit CODE CMD...: runs CMD, checks its exit code, keeps its output in $OUT.
expect_exit() {
  local want=$1; shift
  set +e
  OUT=$("$@" 2>&1)
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "expected exit $want, got $got: $*"$'\n'"$OUT"
  pass
}

expect_output() {  # expect_output PATTERN: the last command's output matches
  grep -qE -- "$1" <<<"$OUT" || fail "output does not match '$1':"$'\n'"$OUT"
  pass
}

done_checks() { echo "$CHECKS checks passed"; }
