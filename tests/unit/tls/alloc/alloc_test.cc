// The heap behaviour of the record I/O path.
//
// Issue 4: "No heap allocation per record in steady state". After the
// handshake and a warm-up exchange, a loop of full-size (16 KiB) records both
// ways -- write, hand the bytes over, feed, read -- must not touch the heap:
// neither operator new (our code, the standard library) nor OpenSSL's
// allocator (the AEAD), whether each record arrives in one feed or split
// over several.
//
// Issue 6: an established connection with nothing pending holds no record
// buffer, and Connection::release_buffers() gives back what application data
// warmed up, never bytes still pending.
//
// This binary replaces the global operator new/delete (counting calls and
// the bytes live) and installs counting OpenSSL memory functions, so it is
// kept apart from the other test binaries.
#include <gtest/gtest.h>

#include <malloc.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "../pair/pair_util.h"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<uint64_t> g_news{0};
std::atomic<uint64_t> g_ossl{0};
std::atomic<int64_t> g_live{0};  // bytes held through operator new, always counted

void* counted(void* p) {
  if (!p) throw std::bad_alloc();
  if (g_counting.load(std::memory_order_relaxed)) g_news.fetch_add(1, std::memory_order_relaxed);
  g_live.fetch_add(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  return p;
}

void* counted_new(std::size_t n) { return counted(std::malloc(n == 0 ? 1 : n)); }

void* counted_new_aligned(std::size_t n, std::align_val_t a) {
  const auto al = static_cast<std::size_t>(a);
  n = (n + al - 1) / al * al;
  if (n == 0) n = al;
  return counted(std::aligned_alloc(al, n));
}

void counted_delete(void* p) noexcept {
  g_live.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
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
void operator delete(void* p) noexcept { counted_delete(p); }
void operator delete[](void* p) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_delete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_delete(p); }

namespace parley::pairtest {
namespace {

constexpr size_t kRecord = 16 * 1024;
constexpr int kRecordsEachWay = 100;

struct Counts {
  uint64_t news = 0, ossl = 0;
  bool ok = true;  // every step succeeded and the bytes arrived intact
};

// One 16 KiB record from `from` to `to`: write, feed the pending bytes
// straight from the sender's buffer (in pieces of `feed_size` bytes: 0 for
// all at once), consume, read everything.
bool one_record(Connection& from, Connection& to, std::span<const uint8_t> payload, std::span<uint8_t> sink,
                size_t feed_size = 0) {
  if (!from.write(payload)) return false;
  auto out = from.pending_output();
  for (size_t at = 0; at < out.size();) {
    const size_t n = feed_size ? std::min(feed_size, out.size() - at) : out.size();
    if (!to.feed(out.subspan(at, n))) return false;
    at += n;
  }
  from.consume_output(out.size());
  size_t got = 0;
  while (size_t n = to.read(sink.subspan(got))) got += n;
  return got == payload.size() && std::equal(payload.begin(), payload.end(), sink.begin());
}

Counts steady_state(Connection& client, Connection& server, int records, size_t feed_size) {
  std::vector<uint8_t> up(kRecord), down(kRecord), sink(2 * kRecord);
  for (size_t i = 0; i < kRecord; ++i) up[i] = static_cast<uint8_t>(i), down[i] = static_cast<uint8_t>(i * 7 + 1);
  Counts c;
  // Warm-up: the output and plaintext buffers reach their working size.
  for (int i = 0; i < 3; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink, feed_size) && one_record(server, client, down, sink, feed_size);
  }
  const uint64_t news0 = g_news.load(), ossl0 = g_ossl.load();
  g_counting = true;
  for (int i = 0; i < records; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink, feed_size) && one_record(server, client, down, sink, feed_size);
  }
  g_counting = false;
  c.news = g_news.load() - news0;
  c.ossl = g_ossl.load() - ossl0;
  return c;
}

class SteadyState : public ::testing::TestWithParam<crypto::Suite> {
 protected:
  void expect_no_allocation(size_t feed_size) {
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

    const Counts c = steady_state(client, server, kRecordsEachWay, feed_size);
    EXPECT_TRUE(c.ok) << "a record did not arrive intact";
    EXPECT_EQ(c.news, 0u) << "operator new calls over " << kRecordsEachWay << " records each way";
    EXPECT_EQ(c.ossl, 0u) << "OpenSSL allocations over " << kRecordsEachWay << " records each way";
    EXPECT_EQ(client.error(), nullptr);
    EXPECT_EQ(server.error(), nullptr);
  }
};

TEST_P(SteadyState, NoHeapAllocationPerRecord) { expect_no_allocation(0); }

// Every record straddles feeds, so each passes through the Deframer's buffer
// for split records, which must keep its storage from one record to the next.
TEST_P(SteadyState, NoHeapAllocationPerRecordSplitAcrossFeeds) { expect_no_allocation(5000); }

INSTANTIATE_TEST_SUITE_P(Suites, SteadyState,
                         ::testing::Values(crypto::Suite::aes_128_gcm_sha256, crypto::Suite::aes_256_gcm_sha384,
                                           crypto::Suite::chacha20_poly1305_sha256));

// ---------------------------------------------------------------- idle buffers

// Heap bytes (through operator new) that `f` frees.
template <class F>
int64_t freed_by(F&& f) {
  const int64_t before = g_live.load();
  f();
  return before - g_live.load();
}

TEST(IoBuffers, EstablishedIdleConnectionHoldsNoRecordBuffer) {
  auto [client, server] = established_pair("Idle CA");
  ASSERT_EQ(client.error(), nullptr);
  ASSERT_EQ(server.error(), nullptr);
  ASSERT_FALSE(client.is_handshaking());
  ASSERT_TRUE(client.pending_output().empty());
  ASSERT_TRUE(server.pending_output().empty());
  // Nothing left for release_buffers() to free: the handshake already did.
  EXPECT_EQ(freed_by([&] { client.release_buffers(); }), 0);
  EXPECT_EQ(freed_by([&] { server.release_buffers(); }), 0);
}

TEST(IoBuffers, ReleaseBuffersGivesBackWhatApplicationDataWarmed) {
  auto [client, server] = established_pair("Release CA");
  ASSERT_FALSE(client.is_handshaking());
  std::vector<uint8_t> payload(kRecord, 0x33), sink(2 * kRecord);
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(one_record(client, server, payload, sink));
    ASSERT_TRUE(one_record(server, client, payload, sink));
    // Each side kept an output buffer and a plaintext buffer of a record's size.
    EXPECT_GE(freed_by([&] { client.release_buffers(); }), int64_t{2} * kRecord) << round;
    EXPECT_GE(freed_by([&] { server.release_buffers(); }), int64_t{2} * kRecord) << round;
    EXPECT_EQ(freed_by([&] { client.release_buffers(); }), 0);
  }
  // Records split across feeds also leave the Deframer's buffer, released too.
  ASSERT_TRUE(one_record(client, server, payload, sink, 5000));
  EXPECT_GE(freed_by([&] { server.release_buffers(); }), int64_t{2} * kRecord);
}

TEST(IoBuffers, ReleaseBuffersKeepsBytesStillPending) {
  auto [client, server] = established_pair("Pending CA");
  ASSERT_FALSE(client.is_handshaking());
  std::vector<uint8_t> payload(3 * kRecord);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 13);

  // Output not yet sent survives.
  ASSERT_TRUE(client.write(payload));
  const std::vector<uint8_t> queued(client.pending_output().begin(), client.pending_output().end());
  client.release_buffers();
  ASSERT_EQ(std::vector<uint8_t>(client.pending_output().begin(), client.pending_output().end()), queued);

  // A record half fed and plaintext not yet read survive.
  const size_t half = queued.size() / 2;
  ASSERT_TRUE(server.feed(std::span(queued).first(half)));
  const size_t readable = server.readable();
  EXPECT_GT(readable, 0u);
  server.release_buffers();
  EXPECT_EQ(server.readable(), readable);
  ASSERT_TRUE(server.feed(std::span(queued).subspan(half)));
  client.consume_output(queued.size());
  server.release_buffers();
  std::vector<uint8_t> got(payload.size());
  size_t n = 0;
  while (size_t k = server.read(std::span(got).subspan(n))) n += k;
  EXPECT_EQ(n, payload.size());
  EXPECT_EQ(got, payload);
}

}  // namespace
}  // namespace parley::pairtest
