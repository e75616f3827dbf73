// Helpers shared by the parley subcommands.
#pragma once

#include <fmt/core.h>

#include <functional>

#include "command.h"
#include "parley/error.h"

namespace parley::tools {

// Wraps a command body for CLI11: prints its error and sets the exit code
// (2 for unreadable or malformed input and usage errors, 1 otherwise).
template <class F>
std::function<void()> run(int& exit_code, F body) {
  return [&exit_code, body]() {
    Result<int> r = body();
    if (r) {
      exit_code = *r;
      return;
    }
    fmt::print(stderr, "parley: {}\n", r.error().message());
    exit_code = r.error().kind == Error::Kind::Io || r.error().kind == Error::Kind::ApiMisuse ||
                        r.error().kind == Error::Kind::Decode
                    ? kUsage
                    : kFailed;
  };
}

}  // namespace parley::tools
