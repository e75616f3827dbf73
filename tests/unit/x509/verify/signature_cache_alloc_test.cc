// A signature-cache lookup allocates nothing in parley's code: the inputs are
// framed on the stack and the table is sized once (signature_cache.h). This
// binary replaces the global operator new to count, so it is kept apart from
// the other test binaries. (libcrypto 3.0 allocates a SHA-256 context inside
// every digest initialisation; that is not counted here.)
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "test_keys.h"
#include "x509/signature_cache.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_news{0};

void* counted_new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace parley::x509 {
namespace {

using testing::bytes;
using testing::ecdsa;
using testing::FakeKey;

TEST(SignatureCacheAllocations, LookupsAndInsertionsDoNotAllocate) {
  SignatureCache cache(64, *crypto::openssl_provider().sha256);
  FakeKey key("spki A");
  const SignatureAlgorithm alg = ecdsa();
  const std::string tbs(1500, 't'), sig(72, 's');
  std::vector<std::string> messages;
  for (int i = 0; i < 100; ++i) messages.push_back(tbs + std::to_string(i));
  ASSERT_TRUE(cache.verify(key, alg, bytes(tbs), bytes(sig)));  // first use of the hash on this thread

  g_counting = true;
  for (const std::string& m : messages) (void)cache.verify(key, alg, bytes(m), bytes(sig));  // misses, inserted
  for (const std::string& m : messages) (void)cache.verify(key, alg, bytes(m), bytes(sig));  // hits (or re-inserts)
  g_counting = false;
  EXPECT_EQ(g_news.load(), 0u);
  EXPECT_EQ(key.calls, 1 + 100 + 100 - static_cast<int>(cache.stats().hits));
  EXPECT_GT(cache.stats().hits, 0u);
}

}  // namespace
}  // namespace parley::x509
