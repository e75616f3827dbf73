# Installs the Debian 12 packages parley needs, only those missing.
# Sourced by scripts/test.sh, scripts/demo.sh and scripts/bench.sh.

PARLEY_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache
  libssl-dev openssl               # libcrypto for the product; the openssl CLI as a test peer
  libsqlite3-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libasio-dev                      # standalone Asio for include/parley/asio.h and the server runtime
  prometheus-cpp-dev               # the tunnel's metrics: prometheus-cpp's core types and text format
  libgtest-dev libgmock-dev libbenchmark-dev
  # Fuzzing. The issue named clang-14, but libstdc++ 12's std::expected needs
  # clang >= 16 (P0848); see cmake/ParleyOptions.cmake.
  clang-16 libclang-rt-16-dev
  gnutls-bin curl python3 sqlite3  # interop peers; sqlite3 reads the CA ledger in tests
  chromium                         # headless, loads the --trace-html page in tests (tests/cli/page_check.py)
  # tlsfuzzer (scripts/conformance.sh): ecdsa is required; gmpy2 and M2Crypto
  # make its pure-Python RSA and AES-GCM fast enough for CI.
  python3-ecdsa python3-gmpy2 python3-m2crypto
)

parley_missing_packages() {
  local p missing=()
  for p in "${PARLEY_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[@]}"
}

parley_ensure_packages() {
  local missing
  missing=$(parley_missing_packages)
  [ -z "$missing" ] && return 0
  echo "==> installing missing Debian packages: $missing"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}
