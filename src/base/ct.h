// Constant-time comparison for MACs, Finished values and tags.
#pragma once

#include <cstdint>
#include <span>

namespace parley::ct {

// True when a and b have the same length and the same bytes. The time taken
// depends only on the lengths (CRYPTO_memcmp underneath).
bool equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace parley::ct
