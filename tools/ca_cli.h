// What cmd_ca.cc and cmd_csr.cc share: every refusal of a CA command is one
// line on stderr and exit code 1 (bad input leaves the CA unchanged, and a
// script tells a refusal from a crash by that code); exit 2 stays with CLI11 for malformed command lines.
#pragma once

#include <functional>
#include <utility>

#include "cli_util.h"

namespace parley::tools::ca_cli {

using tools::Passphrase;

template <class F>
std::function<void()> run(int& exit_code, F body) {
  return tools::run(exit_code, std::move(body), OnError::always_fail);
}

}  // namespace parley::tools::ca_cli
