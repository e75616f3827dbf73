#!/usr/bin/env bash
# The whole test suite. Installs what is missing, then:
#   1. builds with g++ (warnings are errors) and runs every test with CTest:
#      unit, command-line, interop with real peers on 127.0.0.1, install;
#   2. runs the x509-limbo and tlsfuzzer conformance suites when ../shared is
#      present;
#   3. builds again with clang-16 under ASan + UBSan (+ libFuzzer coverage),
#      runs the unit tests there, and runs every fuzz target (scripts/fuzz.sh).
# Exits non-zero on any failure.
#
#   PARLEY_JOBS=N            parallel build and test jobs (default 2)
#   PARLEY_FUZZ_SECONDS=N    seconds per fuzz target (default 20; 0 skips the fuzz run)
#   PARLEY_FUZZ_JOBS=N       fuzz targets run at once (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
parley_ensure_packages

jobs=${PARLEY_JOBS:-2}
fuzz_seconds=${PARLEY_FUZZ_SECONDS:-20}
step() { printf '\n==> %s\n' "$*"; }

step "build with g++ (warnings are errors)"
# -O2 without debug info: it halves the compile time of the test code, and a
# failure is reproduced with a RelWithDebInfo or Debug build by hand.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DPARLEY_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

step "tests"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ -x scripts/limbo.sh ]; then
  step "x509-limbo conformance"
  scripts/limbo.sh build
fi

step "tlsfuzzer TLS 1.3 conformance against parley serve"
scripts/conformance.sh build

step "build with clang-16 under AddressSanitizer + UndefinedBehaviorSanitizer"
CXX=clang++-16 cmake -S . -B build-san -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DPARLEY_FUZZ=ON -DPARLEY_TOOLS=OFF -DPARLEY_BENCH=OFF >/dev/null
cmake --build build-san -j"$jobs"

step "unit tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-san --output-on-failure -j"$jobs" -L unit

if [ "$fuzz_seconds" -gt 0 ]; then
  # Two targets at a time (the machine has 2 cores): 17 targets x 20 s take about 3 minutes.
  step "fuzz targets, ${fuzz_seconds}s each, with the corpus in fuzz/corpus/"
  PARLEY_FUZZ_JOBS=${PARLEY_FUZZ_JOBS:-2} scripts/fuzz.sh "$fuzz_seconds"
fi

step "all green"
