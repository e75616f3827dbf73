// The allocation tests' heap: this binary replaces the global operator
// new/delete and installs OpenSSL's memory functions before main(), so every
// allocation made by our code, the standard library and libcrypto passes
// through here. Kept in its own test binary so it cannot leak into others.
#pragma once

#include <cstdint>
#include <span>

namespace parley::alloctest {

struct HeapCounts {
  uint64_t news = 0;    // operator new calls while counting (our code and the standard library)
  uint64_t ossl = 0;    // OpenSSL malloc/realloc calls while counting
  int64_t live = 0;     // bytes held right now (malloc_usable_size), both kinds, counted always
};

// False when OpenSSL allocated before the functions could be installed (then
// its allocations are not seen).
bool ossl_functions_installed();
// Calls are counted only between set_counting(true) and set_counting(false).
void set_counting(bool on);
HeapCounts heap_counts();

// Secrets wiped before their memory is freed: from watch_freed_blocks_for(m)
// on, every block freed (operator delete or OpenSSL's free) is searched for
// the bytes m (at most 32); an empty m stops the search.
void watch_freed_blocks_for(std::span<const uint8_t> marker);
// Blocks freed since the watch began that still held the marker.
uint64_t freed_blocks_with_marker();

}  // namespace parley::alloctest
