// Small text helpers shared by the X.509 parsing files (no fmt in the library).
#pragma once

#include <cstdint>
#include <string>

#include "der/parser.h"

namespace parley::x509::detail {

inline void append_hex_byte(std::string& out, uint8_t b, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out += digits[b >> 4];
  out += digits[b & 0x0f];
}

// "0a:1b:2c" (sep ':'), or "0a1b2c" (sep '\0').
inline std::string hex(der::Input bytes, char sep = '\0') {
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && sep != '\0') out += sep;
    append_hex_byte(out, bytes[i]);
  }
  return out;
}

}  // namespace parley::x509::detail
