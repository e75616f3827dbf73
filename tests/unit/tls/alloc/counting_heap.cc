#include "counting_heap.h"

#include <malloc.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

namespace parley::alloctest {
namespace {

std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_news{0};
std::atomic<uint64_t> g_ossl{0};
std::atomic<int64_t> g_live{0};

void* held(void* p) {
  if (p) g_live.fetch_add(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  return p;
}
std::array<uint8_t, 32> g_marker{};
std::atomic<size_t> g_marker_len{0};
std::atomic<uint64_t> g_marked_frees{0};

void release(void* p) {
  if (p) {
    const size_t n = malloc_usable_size(p);
    g_live.fetch_sub(static_cast<int64_t>(n), std::memory_order_relaxed);
    if (const size_t m = g_marker_len.load(); m != 0 && ::memmem(p, n, g_marker.data(), m) != nullptr) {
      g_marked_frees.fetch_add(1, std::memory_order_relaxed);
    }
  }
  std::free(p);
}
void count(std::atomic<uint64_t>& calls) {
  if (g_counting.load(std::memory_order_relaxed)) calls.fetch_add(1, std::memory_order_relaxed);
}

// OpenSSL's allocator: installed before main(), while OpenSSL has allocated nothing yet.
void* ossl_malloc(size_t n, const char*, int) {
  count(g_ossl);
  return held(std::malloc(n));
}
void* ossl_realloc(void* p, size_t n, const char*, int) {
  count(g_ossl);
  if (p) g_live.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  void* q = std::realloc(p, n);
  if (q) return held(q);
  if (p && n != 0) held(p);  // failed: the old block is still ours
  return nullptr;
}
void ossl_free(void* p, const char*, int) { release(p); }

struct InstallOsslFunctions {
  bool installed = CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;
};
__attribute__((init_priority(101))) InstallOsslFunctions g_ossl_functions;

}  // namespace

bool ossl_functions_installed() { return g_ossl_functions.installed; }
void set_counting(bool on) { g_counting.store(on, std::memory_order_relaxed); }
HeapCounts heap_counts() { return {g_news.load(), g_ossl.load(), g_live.load()}; }

void watch_freed_blocks_for(std::span<const uint8_t> marker) {
  g_marker_len.store(0);
  const size_t m = std::min(marker.size(), g_marker.size());
  std::copy_n(marker.begin(), m, g_marker.begin());
  g_marked_frees.store(0);
  g_marker_len.store(m);
}
uint64_t freed_blocks_with_marker() { return g_marked_frees.load(); }

}  // namespace parley::alloctest

namespace {

void* counted_new(std::size_t n) {
  parley::alloctest::count(parley::alloctest::g_news);
  if (n == 0) n = 1;
  if (void* p = std::malloc(n)) return parley::alloctest::held(p);
  throw std::bad_alloc();
}

void* counted_new_aligned(std::size_t n, std::align_val_t a) {
  parley::alloctest::count(parley::alloctest::g_news);
  const auto al = static_cast<std::size_t>(a);
  n = (n + al - 1) / al * al;
  if (n == 0) n = al;
  if (void* p = std::aligned_alloc(al, n)) return parley::alloctest::held(p);
  throw std::bad_alloc();
}

void counted_delete(void* p) noexcept { parley::alloctest::release(p); }

}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_new(n); } catch (...) { return nullptr; }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_new(n); } catch (...) { return nullptr; }
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
