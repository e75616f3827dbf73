// Helpers shared by cmd_ca.cc and cmd_csr.cc.
#pragma once

#include <fmt/core.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/secret.h"
#include "command.h"
#include "files.h"

namespace parley::tools::ca_cli {

// A --passphrase-file that may be absent.
struct Passphrase {
  std::string file;
  std::optional<SecretBuffer> value;
  Result<void> load() {
    if (!file.empty()) value = PARLEY_TRY(read_passphrase_file(file));
    return {};
  }
  std::optional<std::string_view> view() const {
    if (!value) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(value->view().data()), value->size());
  }
};

// Runs a command body. Every refusal of the CA commands is one line on stderr
// and exit code 1 (issue 5: bad input leaves the CA unchanged and exits 1);
// exit 2 stays with CLI11 for malformed command lines.
template <class F>
std::function<void()> run(int& exit_code, F body) {
  return [&exit_code, body]() {
    Result<int> r = body();
    if (r) {
      exit_code = *r;
      return;
    }
    fmt::print(stderr, "parley: {}\n", r.error().message());
    exit_code = kFailed;
  };
}

}  // namespace parley::tools::ca_cli
