#!/usr/bin/env bash
# Installs the build into a prefix under BUILD/install-test, checks that only
# the public headers were installed, then builds examples/ out of tree with
# find_package(parley) and verify_chain again with pkg-config. The prefix and
# the example binaries stay for headers_test.sh and examples_test.sh.
#   install_test.sh BUILD_DIR
set -euo pipefail
build=$1 root=$(cd "$(dirname "$0")/../.." && pwd)
out=$build/install-test
rm -rf "$out"
mkdir -p "$out"
cmake --install "$build" --prefix "$out/prefix" >/dev/null

# The public API is include/parley/ and nothing else: no src/ header, no test hook.
installed=$(cd "$out/prefix/include" && find . -type f | sort)
expected=$(cd "$root/include" && find . -type f | sort)
if [[ "$installed" != "$expected" ]]; then
  echo "installed headers differ from include/:"; diff <(echo "$expected") <(echo "$installed") || true
  exit 1
fi

# The test hooks (tls::ConnectionInternals, in parley_tls_testing) stay out of the installed library.
lib_tls=$(find "$out/prefix" -name libparley_tls.a | head -1)
if [[ -z "$lib_tls" ]]; then echo "libparley_tls.a was not installed"; exit 1; fi
if nm -C "$lib_tls" | grep -q ConnectionInternals; then
  echo "the installed $lib_tls carries test hooks:"; nm -C "$lib_tls" | grep ConnectionInternals | head; exit 1
fi

cmake -S "$root/examples" -B "$out/examples" -DCMAKE_PREFIX_PATH="$out/prefix" >"$out/examples.log" 2>&1 ||
  { cat "$out/examples.log"; exit 1; }
cmake --build "$out/examples" >>"$out/examples.log" 2>&1 || { cat "$out/examples.log"; exit 1; }

pc_dir=$(dirname "$(find "$out/prefix" -name parley.pc | head -1)")
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
${CXX:-c++} -o "$out/verify_chain_pkgconfig" "$root/examples/verify_chain.cc" \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs parley)
echo "installed include/parley only, no test hook in libparley_tls.a; examples built with find_package(parley) and with pkg-config"
