// The heap behaviour of the record I/O path.
//
// No heap allocation per record in steady state, so a busy connection
// costs the allocator nothing. After the
// handshake and a warm-up exchange, a loop of full-size (16 KiB) records both
// ways -- write, hand the bytes over, feed, read -- must not touch the heap:
// neither operator new (our code, the standard library) nor OpenSSL's
// allocator (the AEAD), whether each record arrives in one feed or split
// over several. The counting heap (counting_heap.h) sees both.
//
// An established connection with nothing pending holds no record
// buffer, and Connection::release_buffers() gives back what application data
// warmed up, never bytes still pending.
#include <gtest/gtest.h>

#include <malloc.h>
#include <openssl/crypto.h>

#include "../pair/pair_util.h"
#include "counting_heap.h"

using parley::alloctest::heap_counts;
using parley::alloctest::set_counting;

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
  const auto before = heap_counts();
  set_counting(true);
  for (int i = 0; i < records; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink, feed_size) && one_record(server, client, down, sink, feed_size);
  }
  set_counting(false);
  c.news = heap_counts().news - before.news;
  c.ossl = heap_counts().ossl - before.ossl;
  return c;
}

class SteadyState : public ::testing::TestWithParam<crypto::Suite> {
 protected:
  void expect_no_allocation(size_t feed_size) {
    ASSERT_TRUE(parley::alloctest::ossl_functions_installed())
        << "OpenSSL allocated before the counting allocator was installed";
    auto [client, server] = established_pair("Alloc CA", GetParam());
    ASSERT_EQ(client.error(), nullptr) << client.error()->message();
    ASSERT_EQ(server.error(), nullptr) << server.error()->message();
    ASSERT_FALSE(client.is_handshaking());
    while (client.next_event()) {}
    while (server.next_event()) {}

    // The counters work: a plain allocation is seen.
    set_counting(true);
    auto* probe = new int(1);
    void* ossl_probe = OPENSSL_malloc(1);
    set_counting(false);
    delete probe;
    OPENSSL_free(ossl_probe);
    ASSERT_GT(heap_counts().news, 0u);
    ASSERT_GT(heap_counts().ossl, 0u);

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
  const int64_t before = heap_counts().live;
  f();
  return before - heap_counts().live;
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
