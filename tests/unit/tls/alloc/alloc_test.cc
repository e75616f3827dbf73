// Issue 4: "No heap allocation per record in steady state". After the
// handshake and a warm-up exchange, a loop of full-size (16 KiB) records both
// ways -- write, hand the bytes over, feed, read -- must not touch the heap:
// neither operator new (our code, the standard library) nor OpenSSL's
// allocator (the AEAD). The counting heap (counting_heap.h) sees both.
#include <gtest/gtest.h>

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
  const auto before = heap_counts();
  set_counting(true);
  for (int i = 0; i < records; ++i) {
    c.ok = c.ok && one_record(client, server, up, sink) && one_record(server, client, down, sink);
  }
  set_counting(false);
  c.news = heap_counts().news - before.news;
  c.ossl = heap_counts().ossl - before.ossl;
  return c;
}

class SteadyState : public ::testing::TestWithParam<crypto::Suite> {};

TEST_P(SteadyState, NoHeapAllocationPerRecord) {
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
