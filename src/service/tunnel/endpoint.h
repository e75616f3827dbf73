// Where a tunnel listens or forwards: HOST:PORT ([v6]:PORT) or unix:PATH.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parley/error.h"

namespace parley::tunnel {

struct Endpoint {
  enum class Kind : uint8_t { tcp, unix_socket };
  Kind kind = Kind::tcp;
  std::string host;  // tcp: a name or an address literal, without brackets
  uint16_t port = 0;
  std::string path;  // unix_socket

  // allow_unix: whether unix:PATH is accepted here.
  static Result<Endpoint> parse(std::string_view text, bool allow_unix);
  std::string text() const;  // as a user writes it
};

}  // namespace parley::tunnel
