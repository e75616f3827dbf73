// Certificate serial numbers (RFC 5280 §4.1.2.2; CA/Browser Forum BRs §7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "der/parser.h"

namespace parley::ca {

inline constexpr size_t kSerialLen = 16;

// 16 random bytes read as a positive INTEGER: the top bit is cleared so no
// 00 pad is needed, and the first byte is never 0, so the DER contents are
// always exactly these 16 bytes (no shorter minimal form) and never zero.
// That leaves 127 random bits: far above the BRs' 64-bit minimum.
std::vector<uint8_t> random_serial(crypto::Rng& rng);

// Lowercase hex without separators ("3f09…"), the ledger's key; a leading 00
// pad of the INTEGER contents is dropped.
std::string serial_to_hex(der::Input serial);
// Accepts what users paste: hex with or without ':' separators, any case,
// optional "0x". Returns the magnitude bytes (leading zeros stripped), or nullopt.
std::optional<std::vector<uint8_t>> serial_from_text(std::string_view text);

}  // namespace parley::ca
