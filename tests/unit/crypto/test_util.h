// Helpers shared by the crypto tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/provider.h"
#include "vectors/hex.h"

namespace parley::crypto::test {

using parley::test::hex;  // tests/vectors/hex.h: one hex decoder for every test

using parley::test::to_hex;

inline std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

inline std::vector<uint8_t> repeat(uint8_t v, size_t n) { return std::vector<uint8_t>(n, v); }

inline std::vector<uint8_t> range(unsigned from, unsigned to_inclusive) {
  std::vector<uint8_t> out;
  for (unsigned i = from; i <= to_inclusive; ++i) out.push_back(static_cast<uint8_t>(i));
  return out;
}

inline const Provider& P() { return openssl_provider(); }

}  // namespace parley::crypto::test
