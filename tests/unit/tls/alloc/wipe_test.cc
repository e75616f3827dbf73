// Secrets are wiped before their memory goes back to the heap: the
// plaintext buffer that received decrypted application data, and the static
// IV of a record protection (RFC 8446 §7.3 key material). The counting heap
// searches every freed block for a marker written into them.
#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "../pair/pair_util.h"
#include "counting_heap.h"
#include "tls/record/record_protection.h"

using parley::alloctest::freed_blocks_with_marker;
using parley::alloctest::watch_freed_blocks_for;

namespace parley::pairtest {
namespace {

constexpr std::array<uint8_t, 16> kMarker = {'w', 'i', 'p', 'e', '-', 'm', 'e', '-', 0x9d, 0x13, 0xe7, 0x42,
                                             0x5a, 0xc1, 0x08, 0x77};

TEST(Wipe, DecryptedApplicationDataIsWipedBeforeItsBufferIsFreed) {
  {
    auto p = established_pair("Wipe CA");
    ASSERT_FALSE(p.server.is_handshaking());
    watch_freed_blocks_for(kMarker);
    ASSERT_TRUE(p.client.write(kMarker));
    ASSERT_TRUE(transfer(p.client, p.server));
    std::array<uint8_t, 64> got{};
    ASSERT_EQ(p.server.read(got), kMarker.size());
    p.server.release_buffers();  // the plaintext buffer, now empty, is freed
  }
  EXPECT_EQ(freed_blocks_with_marker(), 0u);
  watch_freed_blocks_for({});
}

TEST(Wipe, StaticIvIsWipedWithItsRecordProtection) {
  const std::array<uint8_t, 16> key{};
  const auto iv = std::span(kMarker).first(12);
  auto created = tls::record::RecordProtection::create(*crypto::openssl_provider().aead(crypto::AeadAlg::aes_128_gcm),
                                                       key, iv);
  ASSERT_TRUE(created);
  auto on_heap = std::make_unique<tls::record::RecordProtection>(std::move(*created));
  watch_freed_blocks_for(iv);
  on_heap.reset();
  EXPECT_EQ(freed_blocks_with_marker(), 0u);
  watch_freed_blocks_for({});
}

}  // namespace
}  // namespace parley::pairtest
