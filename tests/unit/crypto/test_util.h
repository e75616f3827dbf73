// Helpers shared by the crypto tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"

namespace parley::crypto::test {

inline std::vector<uint8_t> hex(std::string_view s) {
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    std::abort();  // a typo in a test vector
  };
  if (s.size() % 2 != 0) std::abort();
  std::vector<uint8_t> out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(nib(s[2 * i]) << 4 | nib(s[2 * i + 1]));
  return out;
}

inline std::string to_hex(std::span<const uint8_t> b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s += d[x >> 4];
    s += d[x & 15];
  }
  return s;
}

inline std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

inline std::vector<uint8_t> repeat(uint8_t v, size_t n) { return std::vector<uint8_t>(n, v); }

inline std::vector<uint8_t> range(unsigned from, unsigned to_inclusive) {
  std::vector<uint8_t> out;
  for (unsigned i = from; i <= to_inclusive; ++i) out.push_back(static_cast<uint8_t>(i));
  return out;
}

inline const Provider& P() { return openssl_provider(); }

}  // namespace parley::crypto::test
