// The ticket-keys file (docs/RESUMPTION.md): the keys several servers share
// to open each other's session tickets.
//
//   # parley ticket keys v1
//   <id: 16 hex digits> <key: 64 hex digits> <start: Unix seconds>
//
// One key per line; '#' starts a comment line; blank lines are ignored. The
// newest key whose start has come seals new tickets; every key opens them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "parley/error.h"

namespace parley::tls::session {

inline constexpr size_t kTicketKeyIdLen = 8;
inline constexpr size_t kTicketKeyLen = 32;  // AES-256-GCM

struct TicketKey {
  std::array<uint8_t, kTicketKeyIdLen> id{};
  SecretBytes key;
  int64_t start = 0;  // Unix seconds: seals from then on
};

// Parses the file's text; errors name the line and what was wrong there.
Result<std::vector<TicketKey>> parse_ticket_keys(std::string_view text);

// Reads and parses the file, refusing one that group or others may read or
// write (its keys open every ticket: mode 0600 or stricter).
Result<std::vector<TicketKey>> load_ticket_keys(const std::string& path);

}  // namespace parley::tls::session
