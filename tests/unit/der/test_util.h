// Helpers shared by the DER tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "der/parser.h"

namespace parley::der::testing {

using Bytes = std::vector<uint8_t>;

// "30 03 02 01 05" -> bytes; spaces ignored.
inline Bytes hex(std::string_view s) {
  Bytes out;
  int hi = -1;
  for (char c : s) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi * 16 + v));
      hi = -1;
    }
  }
  return out;
}

inline Input bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

inline Bytes to_bytes(Input in) { return Bytes(in.begin(), in.end()); }

}  // namespace parley::der::testing

// Asserts that a Result failed with exactly the static message `msg`.
#define EXPECT_ERROR(expr, msg)                                 \
  do {                                                          \
    auto parley_r_ = (expr);                                    \
    ASSERT_FALSE(parley_r_.has_value()) << "expected: " << msg; \
    EXPECT_STREQ(parley_r_.error().what, msg);                  \
  } while (0)
