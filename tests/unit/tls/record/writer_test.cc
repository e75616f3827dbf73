// write_records (RFC 8446 §5.1 fragmentation) feeding the Deframer and
// HandshakeReassembler back.
#include <gtest/gtest.h>

#include <vector>

#include "record_test_util.h"
#include "tls/record/handshake_reassembler.h"
#include "tls/record/record_writer.h"

namespace parley::tls::record {
namespace {

using testing::boundary;
using testing::test_protection;
using testing::written;

std::vector<uint8_t> big_handshake_message(size_t body_len) {
  std::vector<uint8_t> m = {11, static_cast<uint8_t>(body_len >> 16), static_cast<uint8_t>(body_len >> 8),
                            static_cast<uint8_t>(body_len)};
  for (size_t i = 0; i < body_len; ++i) m.push_back(static_cast<uint8_t>(i * 7));
  return m;
}

// Splits `wire` into records and reassembles the handshake stream.
std::vector<uint8_t> read_back(const std::vector<uint8_t>& wire, bool keys, size_t* records) {
  Deframer d;
  if (keys) d.install_read_protection(test_protection(), boundary());
  IoBuffer plaintext;
  HandshakeReassembler r;
  std::vector<uint8_t> got;
  crypto::ByteView in = wire;
  *records = 0;
  for (;;) {
    auto rec = d.next(in, plaintext);
    EXPECT_TRUE(rec);
    if (!rec || !rec->has_value()) break;
    EXPECT_LE((*rec)->fragment.size(), kMaxPlaintext);
    ++*records;
    EXPECT_TRUE(r.add((*rec)->fragment));
    while (auto m = r.next()) got.insert(got.end(), m->message.begin(), m->message.end());
    plaintext.truncate(0);
  }
  EXPECT_TRUE(in.empty());
  return got;
}

TEST(WriteRecords, FragmentsPlaintextHandshakeAt2To14) {
  const auto msg = big_handshake_message(40000);
  const auto wire = written(ContentType::handshake, msg, nullptr);
  EXPECT_EQ(wire.size(), msg.size() + 3 * kHeaderLen);
  EXPECT_EQ(wire.size(), records_size(msg.size(), nullptr));
  size_t records = 0;
  EXPECT_EQ(read_back(wire, false, &records), msg);
  EXPECT_EQ(records, 3u);
}

TEST(WriteRecords, FragmentsProtectedHandshake) {
  const auto msg = big_handshake_message(40000);
  auto w = test_protection();
  const auto wire = written(ContentType::handshake, msg, &w);
  EXPECT_EQ(wire.size(), records_size(msg.size(), &w));
  EXPECT_EQ(w.sequence(), 3u);
  size_t records = 0;
  EXPECT_EQ(read_back(wire, true, &records), msg);
  EXPECT_EQ(records, 3u);
}

TEST(WriteRecords, AppendsWithoutReallocatingWhenCapacitySuffices) {
  auto w = test_protection();
  IoBuffer out;
  out.grow(4 * (kMaxPlaintext + 100));
  out.truncate(0);
  const auto* before = out.data().data();
  std::vector<uint8_t> data(3 * kMaxPlaintext, 1);
  ASSERT_TRUE(write_records(ContentType::application_data, data, &w, out));
  EXPECT_EQ(out.data().data(), before);
}

TEST(WriteRecords, AppendsAfterWhatIsQueued) {
  auto w = test_protection();
  IoBuffer out;
  out.append(std::vector<uint8_t>{1, 2, 3});
  const std::vector<uint8_t> data(100, 5);
  ASSERT_TRUE(write_records(ContentType::application_data, data, &w, out));
  ASSERT_EQ(out.size(), 3 + records_size(data.size(), &w));
  EXPECT_EQ(testing::to_vector(out.data().first(3)), (std::vector<uint8_t>{1, 2, 3}));
  const auto wire = testing::to_vector(out.data().subspan(3));
  Deframer d;
  d.install_read_protection(test_protection(), boundary());
  IoBuffer plaintext;
  crypto::ByteView in = wire;
  auto rec = d.next(in, plaintext);
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ(testing::to_vector((*rec)->fragment), data);
}

TEST(WriteRecords, EmptyInputWritesNothingAndBadFragmentSizeFails) {
  IoBuffer out;
  out.append(std::vector<uint8_t>{9});
  ASSERT_TRUE(write_records(ContentType::application_data, {}, nullptr, out));
  EXPECT_EQ(out.size(), 1u);
  const std::vector<uint8_t> one = {1};
  EXPECT_FALSE(write_records(ContentType::handshake, one, nullptr, out, {.max_fragment = 0}));
  EXPECT_FALSE(write_records(ContentType::handshake, one, nullptr, out, {.max_fragment = kMaxPlaintext + 1}));
  EXPECT_EQ(out.size(), 1u);
}

TEST(WriteRecords, FailedSealLeavesTheQueueAsItWas) {
  std::vector<uint8_t> key(16, 1), iv(12, 2);
  auto w =
      std::move(RecordProtection::create(testing::aead(), key, iv, {.key_update_at = 1, .max_records = 1})).value();
  IoBuffer out;
  out.append(std::vector<uint8_t>{9});
  const std::vector<uint8_t> data(2 * kMaxPlaintext, 5);  // two records; the second is past the limit
  EXPECT_FALSE(write_records(ContentType::application_data, data, &w, out));
  EXPECT_EQ(testing::to_vector(out.data()), (std::vector<uint8_t>{9}));
}

}  // namespace
}  // namespace parley::tls::record
