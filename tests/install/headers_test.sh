#!/usr/bin/env bash
# Compiles each installed public header alone, the way a user's first
# `#include <parley/X.h>` does: only -I PREFIX/include, -std=c++23, nothing
# before it. A header that includes an internal one ("crypto/provider.h") or
# leans on another being included first fails here.
#   headers_test.sh PREFIX
set -euo pipefail
prefix=$1
headers=("$prefix"/include/parley/*.h)
[[ -e ${headers[0]} ]] || { echo "no headers under $prefix/include/parley"; exit 1; }
failed=0
for h in "${headers[@]}"; do
  name=parley/$(basename "$h")
  if ! printf '#include <%s>\n' "$name" |
      ${CXX:-c++} -std=c++23 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -I "$prefix/include" -x c++ - ; then
    echo "FAIL: <$name> does not compile alone"
    failed=1
  fi
done
[[ $failed == 0 ]] && echo "${#headers[@]} public headers compile alone"
exit $failed
