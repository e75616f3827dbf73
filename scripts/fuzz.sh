#!/usr/bin/env bash
# Fuzzing campaigns with the libFuzzer targets in fuzz/ (clang-16, ASan + UBSan).
# Builds the fuzz build if needed, runs every target (or the ones named) for
# SECONDS each with fuzz/corpus/<target> as seeds and a work corpus in
# BUILD/corpus/<target>, then prints one line per target: executions, exec/s,
# coverage (cov = edges, ft = features), work corpus size and the verdict.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   default 60 s, every target; 0 only builds
#   PARLEY_FUZZ_BUILD=DIR   the fuzz build (default build-san)
#   PARLEY_FUZZ_JOBS=N      targets fuzzed at once (default 1)
#   PARLEY_JOBS=N           build jobs (default 2)
#
# A crash, leak, UB report, timeout (10 s for one input) or out-of-memory stops
# that target and leaves the input in BUILD/fuzz-crashes/<target>/; the script
# goes on with the other targets and exits 1 at the end. Replay one with
# `BUILD/fuzz/<target> FILE`. The seeds in fuzz/corpus/ run first on every
# start, so a reproducer kept there is replayed by every run (docs/FUZZING.md).
# Full logs: BUILD/fuzz-logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
build=${PARLEY_FUZZ_BUILD:-build-san}
parallel=${PARLEY_FUZZ_JOBS:-1}

all_targets() { sed -n 's/^parley_fuzzer(\([a-z0-9_]*\) .*/\1/p' fuzz/CMakeLists.txt; }
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(all_targets); fi
for t in "${targets[@]}"; do
  all_targets | grep -qx "$t" || { echo "fuzz.sh: no fuzz target '$t' (see fuzz/CMakeLists.txt)" >&2; exit 2; }
done

if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++-16 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DPARLEY_FUZZ=ON -DPARLEY_TOOLS=OFF -DPARLEY_BENCH=OFF >/dev/null
fi
grep -q '^PARLEY_FUZZ:BOOL=ON' "$build/CMakeCache.txt" ||
  { echo "fuzz.sh: $build is not a fuzz build (configure it with -DPARLEY_FUZZ=ON)" >&2; exit 2; }
cmake --build "$build" -j"${PARLEY_JOBS:-2}" --target "${targets[@]}" >/dev/null
[ "$seconds" -gt 0 ] || exit 0

logs=$build/fuzz-logs
mkdir -p "$logs"
# Symbolized stacks in crash reports (ASan does not always find it on PATH by itself).
symbolizer=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)}
[ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer

# fuzz TARGET: one libFuzzer run; its summary goes to $logs/TARGET.result.
fuzz() {
  local t=$1 crashes=$build/fuzz-crashes/$1/ corpus=$build/corpus/$1 log=$logs/$1.log
  mkdir -p "$crashes" "$corpus"
  local seeds=()
  [ -d "fuzz/corpus/$t" ] && seeds=("fuzz/corpus/$t")
  local verdict=ok
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes" \
    "$corpus" "${seeds[@]}" >"$log" 2>&1 || verdict=FAILED
  final_stat() { LC_ALL=C sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  # The last status line: "#N  DONE|pulse|NEW  cov: C ft: F corp: ..."
  local cov ft
  cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  ft=$(grep -ao 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  if [ $verdict = FAILED ]; then
    local unit
    unit=$(LC_ALL=C sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    verdict="FAILED: ${unit:-see $log}"
  fi
  printf '%-30s %10s %8s %7s %7s %7s  %s\n' "$t" "$(final_stat number_of_executed_units)" "$(final_stat average_exec_per_sec)" \
    "${cov:--}" "${ft:--}" "$(find "$corpus" -type f | wc -l)" "$verdict" >"$logs/$t.result"
}

echo "fuzzing ${#targets[@]} target(s) for ${seconds}s each, $parallel at a time ($build)"
start=$(date +%s)
running=0
for t in "${targets[@]}"; do
  rm -f "$logs/$t.result"
  if [ "$running" -ge "$parallel" ]; then wait -n || true; running=$((running - 1)); fi
  fuzz "$t" &
  running=$((running + 1))
done
wait

printf '%-30s %10s %8s %7s %7s %7s  %s\n' target runs exec/s cov ft corpus verdict
failed=0
for t in "${targets[@]}"; do
  if [ -f "$logs/$t.result" ]; then cat "$logs/$t.result"; else echo "$t: no result (see $logs/$t.log)"; failed=1; fi
  grep -q '  FAILED' "$logs/$t.result" 2>/dev/null && failed=1
done
echo "fuzzing took $(( $(date +%s) - start ))s"
if [ $failed = 1 ]; then
  for t in "${targets[@]}"; do
    grep -q '  FAILED' "$logs/$t.result" 2>/dev/null && { echo "--- $t"; grep -a -m1 -B2 -A30 'ERROR:\|runtime error\|==ERROR\|deadly signal\|ALARM' "$logs/$t.log" | head -40; }
  done
  exit 1
fi
