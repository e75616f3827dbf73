// parley serve --ocsp-staple FILE|auto: the staple of one identity, read from
// a DER file or fetched from the leaf's AIA OCSP URL (the chain must carry the
// issuer, which the request names), and when to fetch it again.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "parley/config.h"

namespace parley::tools {

inline constexpr std::string_view kAutoStaple = "auto";

Result<std::shared_ptr<const OcspStaple>> load_staple(const std::string& source, const Identity& identity, int64_t now,
                                                      std::chrono::milliseconds fetch_timeout);

// Half-way through the validity of the earliest-expiring staple (Unix
// seconds), when the server fetches fresh ones; nullopt without staples.
std::optional<int64_t> staple_refresh_time(const ServerConfig& config);

}  // namespace parley::tools
