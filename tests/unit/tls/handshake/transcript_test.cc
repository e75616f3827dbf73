// Transcript and TranscriptBuffer (RFC 8446 §4.4.1).
#include "tls/handshake/transcript.h"

#include <gtest/gtest.h>

#include <vector>

#include "vectors/hex.h"

namespace parley::tls::handshake {
namespace {

const crypto::Hash& sha256() { return *crypto::openssl_provider().sha256; }

TEST(Transcript, CurrentDoesNotEndTheHash) {
  Transcript t(sha256());
  t.update(std::vector<uint8_t>{1, 2});
  const auto a = t.current();
  const auto b = t.current();
  EXPECT_EQ(test::to_hex(a.view()), test::to_hex(b.view()));
  t.update(std::vector<uint8_t>{3});
  EXPECT_EQ(test::to_hex(t.current().view()), test::to_hex(sha256().digest(std::vector<uint8_t>{1, 2, 3}).view()));
}

TEST(Transcript, BufferThenStartEqualsHashingDirectly) {
  TranscriptBuffer b;
  b.update(std::vector<uint8_t>{1, 2});
  b.update(std::vector<uint8_t>{3});
  Transcript t = std::move(b).start(sha256());
  t.update(std::vector<uint8_t>{4});
  EXPECT_EQ(test::to_hex(t.current().view()),
            test::to_hex(sha256().digest(std::vector<uint8_t>{1, 2, 3, 4}).view()));
}

TEST(Transcript, MessageHashReplacesClientHello1) {
  const std::vector<uint8_t> ch1 = {1, 0, 0, 2, 0xaa, 0xbb};
  Transcript t(sha256());
  t.update(ch1);
  ASSERT_TRUE(t.replace_client_hello_with_message_hash());
  std::vector<uint8_t> synthetic = {254, 0, 0, 32};
  const auto inner = sha256().digest(ch1);
  synthetic.insert(synthetic.end(), inner.view().begin(), inner.view().end());
  EXPECT_EQ(test::to_hex(t.current().view()), test::to_hex(sha256().digest(synthetic).view()));
}

TEST(Transcript, MessageHashNeedsExactlyOneMessage) {
  Transcript empty(sha256());
  EXPECT_FALSE(empty.replace_client_hello_with_message_hash());
  Transcript two(sha256());
  two.update(std::vector<uint8_t>{1});
  two.update(std::vector<uint8_t>{2});
  EXPECT_FALSE(two.replace_client_hello_with_message_hash());
  TranscriptBuffer b;
  b.update(std::vector<uint8_t>{1});
  Transcript one = std::move(b).start(sha256());
  EXPECT_TRUE(one.replace_client_hello_with_message_hash());
  // Only once: afterwards the transcript holds message_hash and more.
  one.update(std::vector<uint8_t>{2});
  EXPECT_FALSE(one.replace_client_hello_with_message_hash());
}

}  // namespace
}  // namespace parley::tls::handshake
