// Helpers shared by the parley subcommands.
#pragma once

#include <fmt/core.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/secret.h"
#include "command.h"
#include "files.h"
#include "parley/error.h"

namespace parley::tools {

// How a failed command maps to an exit code.
enum class OnError {
  classify,     // 2 for unreadable or malformed input and usage errors, 1 otherwise
  always_fail,  // 1 for every refusal (the CA commands: a refused request leaves the CA unchanged and exits 1; CLI11 keeps 2 for bad command lines)
};

// Wraps a command body for CLI11: prints its error and sets the exit code.
template <class F>
std::function<void()> run(int& exit_code, F body, OnError on_error = OnError::classify) {
  return [&exit_code, body, on_error]() {
    Result<int> r = body();
    if (r) {
      exit_code = *r;
      return;
    }
    fmt::print(stderr, "parley: {}\n", r.error().message());
    const auto k = r.error().kind;
    const bool usage = k == Error::Kind::Io || k == Error::Kind::ApiMisuse || k == Error::Kind::Decode;
    exit_code = on_error == OnError::classify && usage ? kUsage : kFailed;
  };
}

// A --passphrase-file option that may be absent; the passphrase is wiped after use.
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

}  // namespace parley::tools
