#!/usr/bin/env bash
# parley against OpenSSL 3 (libssl as the peer, in one process, memory buffers, no sockets):
# handshakes per side against the primitive floor (and resumed / 0-RTT ones, with what tickets cost), bulk transfer
# against the bare AEAD, heap per idle connection, and certificate chain verification. See docs/PERFORMANCE.md.
#
#   scripts/bench.sh               build (RelWithDebInfo) and print the tables
#   scripts/bench.sh --json        JSON lines instead (one object per row)
#   scripts/bench.sh --callgrind   instruction counts per side under valgrind (stable on a noisy machine)
#   scripts/bench.sh --quick       fewer rounds (a first look)
#   scripts/bench.sh --serve       parley serve under load against nginx (CPU per connection, RSS with 10,000
#                                  idle TLS connections, latency during an idle flood, parley connect latency)
#   scripts/bench.sh --serve=cpu,connect   only these of the four (cpu, rss, flood, connect)
#   scripts/bench.sh --tunnel      parley tunnel server against stunnel4, same topology and certificates (CPU per
#                                  new connection, 64 MiB throughput, RSS per idle connection with 5,000 held)
#   scripts/bench.sh --tunnel=cpu  only these of the three (cpu, throughput, idle)
#
#   PARLEY_BENCH_BUILD=dir   build directory (default build-bench)
#   PARLEY_JOBS=N            parallel build jobs (default 2)
#   PARLEY_CALLGRIND_ITERS=N handshakes measured per valgrind run (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=table serve_figures= tunnel_figures=
rounds=7 iters=20 bulk_mib=64 bulk_rounds=5 chain_reps=7
for arg in "$@"; do
  case "$arg" in
    --json) mode=json ;;
    --callgrind) mode=callgrind ;;
    --quick) rounds=3 iters=10 bulk_mib=16 bulk_rounds=3 chain_reps=3 ;;
    --serve) mode=serve ;;
    --serve=*) mode=serve serve_figures=${arg#--serve=} ;;
    --tunnel) mode=tunnel ;;
    --tunnel=*) mode=tunnel tunnel_figures=${arg#--tunnel=} ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

build=${PARLEY_BENCH_BUILD:-build-bench}
jobs=${PARLEY_JOBS:-2}
if [ -f scripts/lib/deps.sh ] && [ -z "${PARLEY_BENCH_NO_DEPS:-}" ]; then
  # shellcheck source=lib/deps.sh
  source scripts/lib/deps.sh
  [ "$mode" = callgrind ] && PARLEY_PACKAGES+=(valgrind)  # only this mode needs it
  [ "$mode" = serve ] && PARLEY_PACKAGES+=(nginx-light)   # the reference server for --serve
  [ "$mode" = tunnel ] && PARLEY_PACKAGES+=(stunnel4)     # the reference tunnel for --tunnel
  parley_ensure_packages >&2
fi
if [ "$mode" = serve ] || [ "$mode" = tunnel ]; then
  # The servers under load, on real sockets: see bench/serve/serve_bench.py
  # (parley serve against nginx) and bench/tunnel/tunnel_bench.py (parley tunnel against stunnel4).
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_WERROR=ON -DPARLEY_BENCH=ON >/dev/null
  cmake --build "$build" -j"$jobs" --target parley_cli >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  figures=$serve_figures
  [ "$mode" = tunnel ] && figures=$tunnel_figures
  python3 "bench/$mode/${mode}_bench.py" "$build/parley" "$tmp" ${figures//,/ }
  exit
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_WERROR=ON -DPARLEY_BENCH=ON >/dev/null
cmake --build "$build" -j"$jobs" --target parley_bench_handshake parley_bench_memory parley_bench_chain_verify >&2
bin="$build/bench"

if [ "$mode" = callgrind ]; then
  command -v valgrind >/dev/null || { echo "bench.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
  n=${PARLEY_CALLGRIND_ITERS:-10}
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "Instructions per handshake per side (callgrind, $n handshakes after 3 warm-up ones; inclusive Ir of"
  echo "run_client_side / run_server_side, the wrappers every call into a side goes through)"
  printf '%-14s %-8s %16s %16s %16s %10s %10s\n' scenario side parley OpenSSL floor p/OpenSSL p/floor
  for sc in full-ecdsa full-rsa2048 mtls hrr resumed resumed-0rtt; do
    declare -A ir=()
    stacks=(parley openssl floor)
    case $sc in resumed*) stacks=(parley openssl); ir[floor.client]=0 ir[floor.server]=0 ;; esac  # no floor
    for stack in "${stacks[@]}"; do
      out="$tmp/$sc.$stack.out"
      valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect='*run_client_side*' --toggle-collect='*run_server_side*' \
        "$bin/parley_bench_handshake" --callgrind="$sc" --stack="$stack" --iters="$n" >/dev/null 2>"$tmp/log" ||
        { cat "$tmp/log" >&2; exit 1; }
      for side in client server; do
        v=$(callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
          awk -v f="run_${side}_side(" '!done && index($0, f) { gsub(",", "", $1); print $1; done = 1 }' || true)
        ir[$stack.$side]=$(( ${v:-0} / n ))
      done
    done
    for side in client server; do
      p=${ir[parley.$side]} o=${ir[openssl.$side]} f=${ir[floor.$side]}
      printf '%-14s %-8s %16d %16d %16d %10s %10s\n' "$sc" "$side" "$p" "$o" "$f" \
        "$(awk -v a="$p" -v b="$o" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" \
        "$(awk -v a="$p" -v b="$f" 'BEGIN { if (b) printf "%.2f", a / b; else printf "-" }')"
    done
    unset ir
  done
  exit 0
fi

flags=(--rounds="$rounds" --iters="$iters" --bulk-mib="$bulk_mib" --bulk-rounds="$bulk_rounds")
json=()
[ "$mode" = json ] && json=(--json)

"$bin/parley_bench_handshake" "${flags[@]}" "${json[@]}" --only=handshake
"$bin/parley_bench_handshake" "${flags[@]}" "${json[@]}" --only=bulk | { [ "$mode" = json ] && cat || tail -n +3; }
"$bin/parley_bench_memory" "${json[@]}" --only=memory --connections=1000 | { [ "$mode" = json ] && cat || tail -n +3; }

# Chain verification (bench/chain_verify_bench.cc, Google Benchmark): medians of interleaved repetitions.
chain=$("$bin/parley_bench_chain_verify" --benchmark_repetitions="$chain_reps" \
  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true 2>/dev/null |
  awk '/_median/ { sub("_median", "", $1); print $1, $4 }')
p=$(awk '$1 == "BM_ParleyVerify" { print $2 }' <<<"$chain")            # cache off: both signatures verified
w=$(awk '$1 == "BM_ParleyVerifyWarmCache" { print $2 }' <<<"$chain")   # the store's signature cache warm
o=$(awk '$1 == "BM_OpenSslVerify" { print $2 }' <<<"$chain")
if [ "$mode" = json ]; then
  awk -v p="$p" -v w="$w" -v o="$o" 'BEGIN { printf "{\"bench\":\"chain_verify\",\"parley_cold_us\":%.3f,\"parley_warm_us\":%.3f,\"openssl_us\":%.3f,\"speedup_cold\":%.3f,\"speedup_warm\":%.3f}\n", p / 1e3, w / 1e3, o / 1e3, o / p, o / w }'
else
  echo
  echo "== Chain verification (3 certificates, ECDSA P-256, hostname, parsing included; CPU, median of $chain_reps interleaved repetitions)"
  awk -v p="$p" -v w="$w" -v o="$o" 'BEGIN {
    printf "OpenSSL X509_verify_cert %.1f µs (target: parley >= 3 x faster)\n", o / 1e3
    printf "parley, signature cache off   %7.1f µs   speedup %5.2f x\n", p / 1e3, o / p
    printf "parley, signature cache warm  %7.1f µs   speedup %5.2f x\n", w / 1e3, o / w }'
fi
