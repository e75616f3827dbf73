// Helpers shared by the DER tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "der/parser.h"
#include "vectors/hex.h"

namespace parley::der::testing {

using Bytes = std::vector<uint8_t>;

// "30 03 02 01 05" -> bytes; spaces ignored.
using parley::test::hex;  // tests/vectors/hex.h: one hex decoder for every test

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
