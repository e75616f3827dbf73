// Issue 4: "No heap allocation per record in steady state". After the
// handshake and a warm-up exchange, a loop of full-size (16 KiB) records both
// ways -- write, hand the bytes over, feed, read -- must not touch the heap:
// neither operator new (our code, the standard library) nor OpenSSL's
// allocator (the AEAD). This binary replaces the global operator new/delete
// and installs counting OpenSSL memory functions, so it is kept apart from
// the other test binaries.
#include <gtest/gtest.h>

#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "../pair/pair_util.h"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_news{0};
std::atomic<uint64_t> g_ossl{0};

void* counted_new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  if (n == 0) n = 1;
  if (void* p = std::malloc(n)) return p;
  throw std::bad_alloc();
}

void* counted_new_aligned(std::size_t n, std::align_val_t a) {
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  const auto al = static_cast<std::size_t>(a);
  n = (n + al - 1) / al * al;
  if (n == 0) n = al;
  if (void* p = std::aligned_alloc(al, n)) return p;
  throw std::bad_alloc();
}

// OpenSSL's allocator: installed before main(), while OpenSSL has allocated nothing yet.
void* ossl_malloc(size_t n, const char*, int) {
  if (g_counting.load(std::memory_order_relaxed)) g_ossl.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* ossl_realloc(void* p, size_t n, const char*, int) {
  if (g_counting.load(std::memory_order_relaxed)) g_ossl.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void ossl_free(void* p, const char*, int) { std::free(p); }

struct InstallOsslCounters {
  bool installed = CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;
};
__attribute__((init_priority(101))) InstallOsslCounters g_ossl_counters;

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
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace parley::pairtest {
namespace {

constexpr size_t kRecord = 16 * 1024;
constexpr int kRecordsEachWay = 100;

struct Counts {
  uint64_t news = 0, ossl = 0;
  bool ok = true;  // every step succeeded and the bytes arrived intact
};

// One 16 KiB record from `from` to `to`: write, feed the pending bytes
// straight from the sender's buffer, consume, read everything.
bool one_record(Connection& from, Connection& to, std::span<const uint8_t> payload, std::span<uint8_t> sink) {
  if (!from.write(payload)) return false;
  auto out = from.pending_output();
  if (!to.feed(out)) return false;
  from.consume_output(out.size());
  size_t got = 0;
  while (size_t n = to.read(sink.subspan(got))) got += n;
  return got == payload.size() && std::equal(payload.begin(), payload.end(), sink.begin());
}

Counts steady_state(Connection& client, Connection& server, int records) {
  std::vector<uint8_t> up(kRecord), down(kRecord), sink(2 * kRecord);
  for (size_t i = 0; i < kRecord; ++i) up[i] = static_cast<uint8_t>(i), down[i] = static_cast<uint8_t>(i * 7 + 1);
  Counts c;
  // Warm-up: the output and plaintext buffers reach their working size.
  for (int i = 0; i < 3; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink) && one_record(server, client, down, sink);
  }
  const uint64_t news0 = g_news.load(), ossl0 = g_ossl.load();
  g_counting = true;
  for (int i = 0; i < records; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink) && one_record(server, client, down, sink);
  }
  g_counting = false;
  c.news = g_news.load() - news0;
  c.ossl = g_ossl.load() - ossl0;
  return c;
}

class SteadyState : public ::testing::TestWithParam<crypto::Suite> {};

TEST_P(SteadyState, NoHeapAllocationPerRecord) {
  ASSERT_TRUE(g_ossl_counters.installed) << "OpenSSL allocated before the counting allocator was installed";
  auto [client, server] = established_pair("Alloc CA", GetParam());
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  ASSERT_FALSE(client.is_handshaking());
  while (client.next_event()) {}
  while (server.next_event()) {}

  // The counters work: a plain allocation is seen.
  g_counting = true;
  auto* probe = new int(1);
  void* ossl_probe = OPENSSL_malloc(1);
  g_counting = false;
  delete probe;
  OPENSSL_free(ossl_probe);
  ASSERT_GT(g_news.load(), 0u);
  ASSERT_GT(g_ossl.load(), 0u);

  const Counts c = steady_state(client, server, kRecordsEachWay);
  EXPECT_TRUE(c.ok) << "a record did not arrive intact";
  EXPECT_EQ(c.news, 0u) << "operator new calls over " << kRecordsEachWay << " records each way";
  EXPECT_EQ(c.ossl, 0u) << "OpenSSL allocations over " << kRecordsEachWay << " records each way";
  EXPECT_EQ(client.error(), nullptr);
  EXPECT_EQ(server.error(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Suites, SteadyState,
                         ::testing::Values(crypto::Suite::aes_128_gcm_sha256, crypto::Suite::aes_256_gcm_sha384,
                                           crypto::Suite::chacha20_poly1305_sha256));

}  // namespace
}  // namespace parley::pairtest
