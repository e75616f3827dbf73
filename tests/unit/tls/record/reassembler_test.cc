// HandshakeReassembler (RFC 8446 §5.1).
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/handshake_reassembler.h"

namespace parley::tls::record {
namespace {

std::vector<uint8_t> message(uint8_t type, size_t body_len, uint8_t fill = 0xab) {
  std::vector<uint8_t> m = {type, static_cast<uint8_t>(body_len >> 16), static_cast<uint8_t>(body_len >> 8),
                            static_cast<uint8_t>(body_len)};
  m.insert(m.end(), body_len, fill);
  return m;
}

TEST(HandshakeReassembler, SeveralMessagesInOneRecord) {
  auto a = message(8, 3), b = message(11, 0), c = message(15, 5);
  std::vector<uint8_t> rec = a;
  rec.insert(rec.end(), b.begin(), b.end());
  rec.insert(rec.end(), c.begin(), c.end());
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(rec));
  for (const auto& want : {a, b, c}) {
    auto m = r.next();
    ASSERT_TRUE(m);
    EXPECT_EQ(static_cast<uint8_t>(m->type), want[0]);
    EXPECT_EQ(std::vector<uint8_t>(m->message.begin(), m->message.end()), want);
    EXPECT_EQ(m->body.size(), want.size() - 4);
  }
  EXPECT_FALSE(r.next());
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeReassembler, MessageFragmentedOverManyRecordsOneByteEach) {
  const auto want = message(11, 40000, 0x5a);
  HandshakeReassembler r;
  for (size_t i = 0; i + 1 < want.size(); ++i) {
    ASSERT_TRUE(r.add({&want[i], 1}));
    ASSERT_FALSE(r.next());
    ASSERT_FALSE(r.empty());
  }
  ASSERT_TRUE(r.add({&want.back(), 1}));
  auto m = r.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(std::vector<uint8_t>(m->message.begin(), m->message.end()), want);
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeReassembler, MessageAboveTheCapIsRefusedFromItsHeader) {
  HandshakeReassembler r(1000);
  ASSERT_TRUE(r.add(message(11, 1000)));
  ASSERT_TRUE(r.next());
  auto big = message(11, 1001);
  auto e = r.add(std::span(big).first(4));  // the header alone is enough
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().alert, Alert::decode_error);
}

TEST(HandshakeReassembler, OversizedSecondMessageInARecordIsRefused) {
  HandshakeReassembler r(100);
  auto rec = message(8, 10);
  auto big = message(11, 5000);
  rec.insert(rec.end(), big.begin(), big.begin() + 10);
  EXPECT_FALSE(r.add(rec));
}

TEST(HandshakeReassembler, DefaultCapIs100KiB) {
  const auto at_cap = message(11, 100 * 1024), above = message(11, 100 * 1024 + 1);
  HandshakeReassembler r;
  EXPECT_TRUE(r.add(std::span(at_cap).first(4)));
  HandshakeReassembler r2;
  EXPECT_FALSE(r2.add(std::span(above).first(4)));
}

TEST(HandshakeReassembler, KeyChangeRefusedWithPartialMessage) {
  HandshakeReassembler r;
  auto m = message(2, 10);
  ASSERT_TRUE(r.add(std::span(m).first(7)));
  auto k = r.at_key_change_boundary();
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().alert, Alert::unexpected_message);
  ASSERT_TRUE(r.add(std::span(m).subspan(7)));
  ASSERT_TRUE(r.next());
  EXPECT_TRUE(r.at_key_change_boundary());
}

TEST(HandshakeReassembler, KeyChangeRefusedWithAFurtherMessageInTheSameRecord) {
  // ServerHello and EncryptedExtensions in one plaintext record: after the
  // ServerHello the keys must change, but EncryptedExtensions is buffered.
  auto rec = message(2, 10);
  auto ee = message(8, 2);
  rec.insert(rec.end(), ee.begin(), ee.end());
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(rec));
  ASSERT_TRUE(r.next());
  auto k = r.at_key_change_boundary();
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().alert, Alert::unexpected_message);
}

TEST(HandshakeReassembler, OtherRecordInsideAFragmentedMessageIsRefused) {
  HandshakeReassembler r;
  EXPECT_TRUE(r.check_other_record_allowed());
  auto m = message(11, 10);
  ASSERT_TRUE(r.add(std::span(m).first(3)));
  auto e = r.check_other_record_allowed();
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().alert, Alert::unexpected_message);
}

TEST(HandshakeReassembler, ReleaseKeepsAPartialMessage) {
  const auto m = message(24, 100);
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(std::span(m).first(50)));
  r.release();  // not empty: nothing is dropped
  ASSERT_TRUE(r.add(std::span(m).subspan(50)));
  auto got = r.next();
  ASSERT_TRUE(got);
  EXPECT_EQ(std::vector<uint8_t>(got->message.begin(), got->message.end()), m);
  r.release();
  EXPECT_TRUE(r.empty());
  ASSERT_TRUE(r.add(m));  // usable after its storage is freed
  EXPECT_TRUE(r.next());
}

}  // namespace
}  // namespace parley::tls::record
